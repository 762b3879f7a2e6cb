/**
 * The invitation table against the code: every status change cloudfunctions/core/roles makes
 * (invitations.ts, actions.ts, bootstrap.ts; views.ts shows the expired ones) is a row with the
 * same from, to and who, and every row is one of them. Refusals of every other move:
 * test/domain/lifecycles.test.ts.
 */
import {
  INVITATION_HOURS,
  INVITATION_INITIAL,
  INVITATION_TRANSITIONS,
  invitationStatusAt,
  invitationTransition,
  type InvitationAction,
  type InvitationRelation,
  type InvitationStatus,
} from '../../src/domain/invitations'
import { HOUR_MS } from '../../src/domain/time'
import { moves, tableMatchesCode } from '../support/code-moves'

/**
 * The database matches `status: 'open'` without looking at expiresAt in every revoking write, so
 * those moves take an expired invitation too; acceptInvitation's own update requires
 * `expiresAt > now`, so an expired one is never used.
 */
const move = moves<InvitationStatus, InvitationRelation, InvitationAction | 'create'>

const CODE_MOVES = [
  ...move('invitations.ts storeInvitation', 'create', 'manager', 'new', 'open'),
  ...move('bootstrap.ts bootstrapAdmin', 'create', 'system', 'new', 'open'),
  ...move('invitations.ts acceptInvitation', 'accept', 'invitee', 'open', 'used'),
  ...move('invitations.ts revokeInvitation', 'revoke', 'inviter', 'open', 'revoked'),
  ...move('invitations.ts revokeInvitation', 'revoke', 'manager', 'open', 'revoked'),
  ...move('invitations.ts revokeInvitation', 'revoke', 'inviter', 'expired', 'revoked'),
  ...move('invitations.ts revokeInvitation', 'revoke', 'manager', 'expired', 'revoked'),
  ...move('views.ts invitationView', 'expire', 'system', 'open', 'expired'),
  // acceptInvitation: inviterStillMay false → revoked, before anything is granted.
  ...move('invitations.ts acceptInvitation', 'inviterLeft', 'invitee', ['open', 'expired'], 'revoked'),
  // roles/actions.ts revokeRole: the open codes the removed person handed out.
  ...move('actions.ts revokeRole', 'inviterRemoved', 'manager', ['open', 'expired'], 'revoked'),
  // roles/actions.ts revokeRole: the code that gave the role gets roleEndedAt (status stays used).
  ...move('actions.ts revokeRole', 'roleEnded', 'manager', 'used', 'used'),
  // bootstrap.ts: a second bootstrap revokes the first one's open codes.
  ...move('bootstrap.ts bootstrapAdmin', 'rebootstrap', 'system', ['open', 'expired'], 'revoked'),
]

tableMatchesCode(
  { table: INVITATION_TRANSITIONS, check: invitationTransition, initial: INVITATION_INITIAL },
  CODE_MOVES,
)

test('an open invitation is expired from the instant its hours run out', () => {
  const at = new Date('2026-11-25T09:00:00+08:00')
  const expiresAt = new Date(at.getTime() + INVITATION_HOURS * HOUR_MS)
  expect(invitationStatusAt({ status: 'open', expiresAt }, new Date(expiresAt.getTime() - 1))).toBe('open')
  expect(invitationStatusAt({ status: 'open', expiresAt }, expiresAt)).toBe('expired')
  expect(invitationStatusAt({ status: 'open', expiresAt: expiresAt.toISOString() }, expiresAt)).toBe(
    'expired',
  )
  // Used and revoked stay what they are.
  expect(invitationStatusAt({ status: 'used', expiresAt }, expiresAt)).toBe('used')
  expect(invitationStatusAt({ status: 'revoked', expiresAt }, expiresAt)).toBe('revoked')
})

describe('what the server says, from the table', () => {
  test.each<[InvitationStatus, InvitationAction, InvitationRelation[], string]>([
    ['used', 'accept', ['invitee'], '这个邀请码已经被使用过了'],
    ['revoked', 'accept', ['invitee'], '这份邀请已被撤销，请联系社区重新邀请'],
    ['expired', 'accept', ['invitee'], `邀请码已过期（${INVITATION_HOURS}小时内有效），请联系社区重新邀请`],
    ['used', 'revoke', ['inviter'], '邀请已被接受，请在名单中撤销角色'],
    ['revoked', 'revoke', ['manager'], '邀请已撤销'],
    ['open', 'revoke', ['invitee'], '您不能撤销这份邀请'],
  ])('%s + %s by %j → %s', (status, action, who, message) => {
    expect(invitationTransition(status, action, new Set(who))).toMatchObject({ ok: false, message })
  })
})
