/**
 * Who someone is in the community. Roles live in the database (memberships) and are checked
 * on the server for every action; nothing here trusts the client.
 */

export const ROLES = {
  resident: '居民',
  volunteer: '志愿者',
  partyMember: '在职党员',
  buildingLeader: '楼栋长',
  gridMember: '网格员',
  gridLeader: '网格长',
  communityAdmin: '社区管理员',
} as const
export type Role = keyof typeof ROLES

/** Roles that work requests; they see the workbench (packages/grid). */
export const STAFF_ROLES: readonly Role[] = ['gridMember', 'gridLeader', 'communityAdmin']

export interface Membership {
  role: Role
  communityId: string
  /** The grid a member or leader serves; absent for community-wide roles. */
  gridId?: string
}

/** The part of a request that decides who may handle it. */
export interface RequestScope {
  communityId: string
  gridId: string
  /** Ids of the assigned grid and every grid above it. */
  gridPath: readonly string[]
}

/**
 * A grid member handles requests assigned to the grid they serve; a grid leader handles
 * anything in their grid and the micro-grids below it; the community admin handles all.
 */
export function canHandle(memberships: readonly Membership[], scope: RequestScope): boolean {
  return memberships.some((m) => {
    if (m.communityId !== scope.communityId) return false
    if (m.role === 'gridMember') return m.gridId === scope.gridId
    if (m.role === 'gridLeader') return m.gridId !== undefined && scope.gridPath.includes(m.gridId)
    return m.role === 'communityAdmin'
  })
}

/** The community's admin (社区管理员) of `communityId`. */
export function isAdminOf(memberships: readonly Membership[], communityId: string): boolean {
  return memberships.some((m) => m.role === 'communityAdmin' && m.communityId === communityId)
}

export function isStaff(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => STAFF_ROLES.includes(m.role))
}

/** A leader of a grid at or above the request's, or the community admin: may re-dispatch and chase. */
export function canSupervise(memberships: readonly Membership[], scope: RequestScope): boolean {
  return memberships.some((m) => {
    if (m.communityId !== scope.communityId) return false
    if (m.role === 'gridLeader') return m.gridId !== undefined && scope.gridPath.includes(m.gridId)
    return m.role === 'communityAdmin'
  })
}
