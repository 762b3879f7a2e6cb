/** Role invitations (issue 6): one-time codes that a person opens in WeChat to take a role. */
import { codesOf, tableCheck, transitionTable } from './transitions'

/** An invitation works for this long after it is made. */
export const INVITATION_HOURS = 72

/** Easy to read aloud and type: no 0/O, 1/I/L. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INVITE_CODE_LENGTH = 8
export const INVITE_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{8}$/

/** What a person may type: spaces and lower case forgiven. */
export function normaliseInviteCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}

/**
 * The invitation lifecycle as data (the shape of request.ts and wish.ts). Stored statuses are
 * open, used and revoked (cloudfunctions/core/model.ts InvitationDoc); `expired` is an open one
 * past its expiresAt, as people are shown it (invitationStatusAt) — nothing writes it, and the
 * moves that match `status: 'open'` in the database take an expired one too (the table says so).
 */
export const INVITATION_STATUSES = {
  open: '待接受',
  used: '已接受',
  revoked: '已撤销',
  expired: '已过期',
} as const
export type InvitationStatus = keyof typeof INVITATION_STATUSES
export const INVITATION_STATUS_CODES = codesOf(INVITATION_STATUSES)
export const INVITATION_INITIAL: readonly InvitationStatus[] = ['open']

/** What an invitation is at `at`: an open one whose hours have run out is expired. */
export function invitationStatusAt(
  inv: { status: 'open' | 'used' | 'revoked'; expiresAt: Date | string },
  at: Date,
): InvitationStatus {
  return inv.status === 'open' && new Date(inv.expiresAt).getTime() <= at.getTime() ? 'expired' : inv.status
}

/**
 * invitee: whoever opens the code while signed in (anyone: the code is the invitation); inviter:
 * who made it; manager: who may manage that role in that grid (roles/reach.ts mayManage — a leader
 * above, the admin); system: the scheduler's clock, or the deployment's bootstrap.
 */
export type InvitationRelation = 'invitee' | 'inviter' | 'manager' | 'system'
export const INVITATION_RELATIONS: Record<InvitationRelation, string> = {
  invitee: '受邀人（打开邀请码的人）',
  inviter: '邀请人',
  manager: '可管理该角色的网格长或社区管理员',
  system: '系统',
}

export const INVITATION_TRANSITIONS = transitionTable<InvitationStatus, InvitationRelation>()({
  accept: { from: ['open'], to: 'used', by: ['invitee'], kind: 'user', label: '接受邀请' },
  revoke: {
    from: ['open', 'expired'],
    to: 'revoked',
    by: ['inviter', 'manager'],
    kind: 'user',
    label: '撤销邀请',
  },
  expire: {
    from: ['open'],
    to: 'expired',
    by: ['system'],
    kind: 'system',
    label: `${INVITATION_HOURS}小时内未接受，过期`,
  },
  inviterLeft: {
    from: ['open', 'expired'],
    to: 'revoked',
    by: ['invitee'],
    kind: 'derived',
    label: '接受时发现邀请人已不再担任相应职务，邀请失效',
  },
  inviterRemoved: {
    from: ['open', 'expired'],
    to: 'revoked',
    by: ['manager'],
    kind: 'derived',
    label: '邀请人的角色被撤销，其发出的邀请一并作废',
  },
  roleEnded: {
    from: ['used'],
    to: 'used',
    by: ['manager'],
    kind: 'derived',
    label: '所授角色被撤销，邀请码不再生效',
  },
  rebootstrap: {
    from: ['open', 'expired'],
    to: 'revoked',
    by: ['system'],
    kind: 'system',
    label: '重新部署初始化，旧的首位管理员邀请作废',
  },
})

export type InvitationAction = keyof typeof INVITATION_TRANSITIONS
export const INVITATION_ACTIONS = Object.keys(INVITATION_TRANSITIONS) as InvitationAction[]

const FORBIDDEN: Record<InvitationAction, string> = {
  accept: '请先在微信中登录，再接受邀请',
  revoke: '您不能撤销这份邀请',
  expire: '邀请到期由系统自动判断',
  inviterLeft: '这一步在接受邀请时由系统检查',
  inviterRemoved: '只有可管理该角色的人撤销邀请人的角色时才会发生',
  roleEnded: '只有可管理该角色的人撤销所授角色时才会发生',
  rebootstrap: '这一步只在部署初始化时发生',
}

const CONFLICT: Record<InvitationAction, string> = {
  accept: '这份邀请已不能使用',
  revoke: '这份邀请已不能撤销',
  expire: '只有待接受的邀请会过期',
  inviterLeft: '只有尚未接受的邀请会因此失效',
  inviterRemoved: '只有尚未接受的邀请会因此作废',
  roleEnded: '只有已接受的邀请才授予过角色',
  rebootstrap: '只有尚未接受的邀请会被作废',
}

/** As the server words them (roles/invitations.ts). */
const CONFLICT_AT: Partial<Record<InvitationAction, Partial<Record<InvitationStatus, string>>>> = {
  accept: {
    used: '这个邀请码已经被使用过了',
    revoked: '这份邀请已被撤销，请联系社区重新邀请',
    expired: `邀请码已过期（${INVITATION_HOURS}小时内有效），请联系社区重新邀请`,
  },
  revoke: { used: '邀请已被接受，请在名单中撤销角色', revoked: '邀请已撤销' },
}

/** The table applied to an invitation's status at the moment (invitationStatusAt). */
export const invitationTransition = tableCheck<InvitationAction, InvitationStatus, InvitationRelation>(
  INVITATION_TRANSITIONS,
  {
    forbidden: FORBIDDEN,
    conflict: CONFLICT,
    conflictAt: CONFLICT_AT,
  },
)
