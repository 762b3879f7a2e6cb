/**
 * The 双报到 table against the code (cloudfunctions/core/volunteers/actions.ts): every change
 * to a volunteer's `party` is a row with the same from, to and who, and every row is one of them.
 * Refusals of every other move: test/domain/lifecycles.test.ts.
 */
import {
  PARTY_INITIAL,
  PARTY_TRANSITIONS,
  partyRegistration,
  partyTransition,
  type PartyAction,
  type PartyRelation,
  type PartyStatus,
} from '../../src/domain/party'
import { moves, tableMatchesCode } from '../support/code-moves'

const move = moves<PartyStatus, PartyRelation, PartyAction>

tableMatchesCode({ table: PARTY_TRANSITIONS, check: partyTransition, initial: PARTY_INITIAL }, [
  // registerVolunteer: party given, none before → pending; another unit or branch → pending again,
  // whatever it was; no party → null (and the partyMember role goes).
  ...move('registerVolunteer (new)', 'register', 'self', 'none', 'pending'),
  ...move('registerVolunteer (changed)', 'amend', 'self', ['pending', 'confirmed'], 'pending'),
  ...move('registerVolunteer (no party)', 'withdraw', 'self', ['pending', 'confirmed'], 'none'),
  // confirmParty: where party.status pending → confirmed (approve) or null (send back).
  ...move('confirmParty (approve)', 'approve', 'admin', 'pending', 'confirmed'),
  ...move('confirmParty (send back)', 'reject', 'admin', 'pending', 'none'),
])

test('what 登记为志愿者 does to a registration, as registerVolunteer decides it', () => {
  const a = { workUnit: '区税务局', branch: '第二党支部' }
  expect(partyRegistration(null, a)).toBe('register')
  expect(partyRegistration(a, { ...a })).toBeNull()
  expect(partyRegistration(a, { ...a, branch: '第三党支部' })).toBe('amend')
  expect(partyRegistration(a, { ...a, workUnit: '区教育局' })).toBe('amend')
  expect(partyRegistration(a, null)).toBe('withdraw')
  expect(partyRegistration(null, null)).toBeNull()
})

test('the admin is told when someone else got there first', () => {
  expect(partyTransition('confirmed', 'approve', new Set(['admin']))).toMatchObject({
    ok: false,
    message: '这位党员的登记已处理过了',
  })
  expect(partyTransition('pending', 'approve', new Set(['self']))).toMatchObject({
    ok: false,
    message: '只有社区管理员可以确认双报到党员',
  })
})
