/**
 * 双报到 confirmation as data (domain.md, "Points, hours, 双报到"): an in-service party member
 * registers their work unit and branch with the community when registering as a volunteer, and
 * waits for the community admin to confirm them (cloudfunctions/core/volunteers/actions.ts). The
 * shape follows request.ts and wish.ts.
 *
 * Stored on the volunteer as `party: { workUnit, branch, status: 'pending' | 'confirmed' } | null`;
 * `none` is that null — never registered, withdrawn by the person, or sent back by the admin.
 * Confirmation gives the partyMember role; withdrawing takes it away.
 */
import { codesOf, tableCheck, transitionTable } from './transitions'

export const PARTY_STATUSES = {
  none: '未登记',
  pending: '待社区确认',
  confirmed: '已确认',
} as const
export type PartyStatus = keyof typeof PARTY_STATUSES
export const PARTY_STATUS_CODES = codesOf(PARTY_STATUSES)
export const PARTY_INITIAL: readonly PartyStatus[] = ['none']

/** self: the volunteer registering (登记为志愿者); admin: the admin of their community. */
export type PartyRelation = 'self' | 'admin'
export const PARTY_RELATIONS: Record<PartyRelation, string> = {
  self: '党员本人',
  admin: '社区管理员',
}

export const PARTY_TRANSITIONS = transitionTable<PartyStatus, PartyRelation>()({
  register: { from: ['none'], to: 'pending', by: ['self'], kind: 'user', label: '登记双报到' },
  amend: {
    from: ['pending', 'confirmed'],
    to: 'pending',
    by: ['self'],
    kind: 'user',
    label: '修改工作单位或党支部，重新确认',
  },
  withdraw: {
    from: ['pending', 'confirmed'],
    to: 'none',
    by: ['self'],
    kind: 'user',
    label: '不再登记为在职党员',
  },
  approve: { from: ['pending'], to: 'confirmed', by: ['admin'], kind: 'user', label: '确认' },
  reject: { from: ['pending'], to: 'none', by: ['admin'], kind: 'user', label: '退回' },
})

export type PartyAction = keyof typeof PARTY_TRANSITIONS
export const PARTY_ACTIONS = Object.keys(PARTY_TRANSITIONS) as PartyAction[]

const FORBIDDEN: Record<PartyAction, string> = {
  register: '只能为自己登记双报到',
  amend: '只能修改自己的双报到登记',
  withdraw: '只能撤回自己的双报到登记',
  approve: '只有社区管理员可以确认双报到党员',
  reject: '只有社区管理员可以退回双报到登记',
}

const CONFLICT: Record<PartyAction, string> = {
  register: '已经登记过双报到，如需修改请更新工作单位或党支部',
  amend: '还没有登记双报到',
  withdraw: '还没有登记双报到',
  approve: '这位党员的登记已处理过了',
  reject: '这位党员的登记已处理过了',
}

/** May someone standing in `relations` take `action` from `status`? (transitions.ts tableCheck) */
export const partyTransition = tableCheck<PartyAction, PartyStatus, PartyRelation>(PARTY_TRANSITIONS, {
  forbidden: FORBIDDEN,
  conflict: CONFLICT,
})

/**
 * What 登记为志愿者 does to the registration (volunteers/actions.ts registerVolunteer): with the
 * same unit and branch it stays as it is (no move); with other ones it waits again; without any,
 * it goes.
 */
export function partyRegistration(
  before: { workUnit: string; branch: string } | null,
  after: { workUnit: string; branch: string } | null,
): PartyAction | null {
  if (!after) return before ? 'withdraw' : null
  if (!before) return 'register'
  return before.workUnit === after.workUnit && before.branch === after.branch ? null : 'amend'
}
