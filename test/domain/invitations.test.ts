/**
 * The invitation table against the code: every status change cloudfunctions/core/roles makes
 * (invitations.ts, actions.ts, bootstrap.ts; views.ts shows the expired ones) is a row with the
 * same from, to and who, and every row is one of them. Refusals of every other move:
 * test/domain/lifecycles.test.ts.
 */
import {
  INVITATION_ACTIONS,
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

type Move = {
  where: string
  from: InvitationStatus | 'new'
  to: InvitationStatus
  who: InvitationRelation
  action: InvitationAction | 'create'
}

/**
 * The database matches `status: 'open'` without looking at expiresAt in every revoking write, so
 * those moves take an expired invitation too; acceptInvitation's own update requires
 * `expiresAt > now`, so an expired one is never used.
 */
const CODE_MOVES: Move[] = [
  { where: 'invitations.ts storeInvitation', from: 'new', to: 'open', who: 'manager', action: 'create' },
  { where: 'bootstrap.ts bootstrapAdmin', from: 'new', to: 'open', who: 'system', action: 'create' },
  { where: 'invitations.ts acceptInvitation', from: 'open', to: 'used', who: 'invitee', action: 'accept' },
  { where: 'invitations.ts revokeInvitation', from: 'open', to: 'revoked', who: 'inviter', action: 'revoke' },
  { where: 'invitations.ts revokeInvitation', from: 'open', to: 'revoked', who: 'manager', action: 'revoke' },
  {
    where: 'invitations.ts revokeInvitation',
    from: 'expired',
    to: 'revoked',
    who: 'inviter',
    action: 'revoke',
  },
  {
    where: 'invitations.ts revokeInvitation',
    from: 'expired',
    to: 'revoked',
    who: 'manager',
    action: 'revoke',
  },
  { where: 'views.ts invitationView', from: 'open', to: 'expired', who: 'system', action: 'expire' },
  // acceptInvitation: inviterStillMay false → revoked, before anything is granted.
  {
    where: 'invitations.ts acceptInvitation',
    from: 'open',
    to: 'revoked',
    who: 'invitee',
    action: 'inviterLeft',
  },
  {
    where: 'invitations.ts acceptInvitation',
    from: 'expired',
    to: 'revoked',
    who: 'invitee',
    action: 'inviterLeft',
  },
  // roles/actions.ts revokeRole: the open codes the removed person handed out.
  { where: 'actions.ts revokeRole', from: 'open', to: 'revoked', who: 'manager', action: 'inviterRemoved' },
  {
    where: 'actions.ts revokeRole',
    from: 'expired',
    to: 'revoked',
    who: 'manager',
    action: 'inviterRemoved',
  },
  // roles/actions.ts revokeRole: the code that gave the role gets roleEndedAt (status stays used).
  { where: 'actions.ts revokeRole', from: 'used', to: 'used', who: 'manager', action: 'roleEnded' },
  // bootstrap.ts: a second bootstrap revokes the first one's open codes.
  { where: 'bootstrap.ts bootstrapAdmin', from: 'open', to: 'revoked', who: 'system', action: 'rebootstrap' },
  {
    where: 'bootstrap.ts bootstrapAdmin',
    from: 'expired',
    to: 'revoked',
    who: 'system',
    action: 'rebootstrap',
  },
]

test.each(CODE_MOVES)('$where: $from → $to by $who is the row $action', (m) => {
  if (m.action === 'create') return expect(INVITATION_INITIAL).toEqual([m.to])
  expect(m.from).not.toBe('new')
  expect(invitationTransition(m.from as InvitationStatus, m.action, new Set([m.who]))).toEqual({
    ok: true,
    from: m.from,
    to: m.to,
  })
})

test('every row of the table is a move the code makes, by everyone it names, from every status it names', () => {
  const made = new Set(CODE_MOVES.map((m) => `${m.action} ${m.from} ${m.who}`))
  const rows = INVITATION_ACTIONS.flatMap((a) =>
    INVITATION_TRANSITIONS[a].from.flatMap((f) =>
      (INVITATION_TRANSITIONS[a].by as readonly InvitationRelation[]).map((r) => `${a} ${f} ${r}`),
    ),
  )
  expect(rows.filter((r) => !made.has(r))).toEqual([])
  expect([...made].filter((r) => !r.startsWith('create ') && !rows.includes(r))).toEqual([])
})

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
