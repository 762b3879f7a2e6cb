/**
 * The 双报到 table against the code (cloudfunctions/core/volunteers/actions.ts): every change
 * to a volunteer's `party` is a row with the same from, to and who, and every row is one of them.
 * Refusals of every other move: test/domain/lifecycles.test.ts.
 */
import {
  PARTY_ACTIONS,
  PARTY_TRANSITIONS,
  partyRegistration,
  partyTransition,
  type PartyAction,
  type PartyRelation,
  type PartyStatus,
} from '../../src/domain/party'

const CODE_MOVES: {
  where: string
  from: PartyStatus
  to: PartyStatus
  who: PartyRelation
  action: PartyAction
}[] = [
  // registerVolunteer: party given, none before → pending.
  { where: 'registerVolunteer (new)', from: 'none', to: 'pending', who: 'self', action: 'register' },
  // registerVolunteer: another unit or branch → pending again, whatever it was.
  { where: 'registerVolunteer (changed)', from: 'pending', to: 'pending', who: 'self', action: 'amend' },
  { where: 'registerVolunteer (changed)', from: 'confirmed', to: 'pending', who: 'self', action: 'amend' },
  // registerVolunteer: no party → null (and the partyMember role goes).
  { where: 'registerVolunteer (no party)', from: 'pending', to: 'none', who: 'self', action: 'withdraw' },
  { where: 'registerVolunteer (no party)', from: 'confirmed', to: 'none', who: 'self', action: 'withdraw' },
  // confirmParty: where party.status pending → confirmed (approve) or null (send back).
  { where: 'confirmParty (approve)', from: 'pending', to: 'confirmed', who: 'admin', action: 'approve' },
  { where: 'confirmParty (send back)', from: 'pending', to: 'none', who: 'admin', action: 'reject' },
]

test.each(CODE_MOVES)('$where: $from → $to by $who is the row $action', (m) => {
  expect(partyTransition(m.from, m.action, new Set([m.who]))).toEqual({ ok: true, from: m.from, to: m.to })
})

test('every row of the table is a move the code makes, from every status it names', () => {
  const made = new Set(CODE_MOVES.map((m) => `${m.action} ${m.from} ${m.who}`))
  const rows = PARTY_ACTIONS.flatMap((a) =>
    PARTY_TRANSITIONS[a].from.flatMap((f) =>
      (PARTY_TRANSITIONS[a].by as readonly PartyRelation[]).map((r) => `${a} ${f} ${r}`),
    ),
  )
  expect(rows.filter((r) => !made.has(r))).toEqual([])
  expect([...made].filter((r) => !rows.includes(r))).toEqual([])
})

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
