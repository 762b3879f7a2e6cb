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
  /** 吹哨报到 (issue 17): the contact of a unit outside the grid — 物业, 供电, 派出所, 驻区单位. */
  unitStaff: '责任单位联系人',
  /**
   * 街道 (issue 17, part 3): the sub-district above its communities — the backstop (兜底) that
   * takes what a community let time out, and calls in its 挂钩部门. Held in the street, so the
   * membership's `communityId` names the street (src/domain/street.ts).
   */
  streetAdmin: '街道管理员',
} as const
export type Role = keyof typeof ROLES

/** Roles that work requests; they see the workbench (packages/grid). The street works its backstop there. */
export const STAFF_ROLES: readonly Role[] = ['gridMember', 'gridLeader', 'communityAdmin', 'streetAdmin']

export interface Membership {
  role: Role
  /** The community the role is held in; for a 街道管理员 (and a 挂钩部门's contact), the street. */
  communityId: string
  /** The grid a member or leader serves (a 楼栋长: their building's); absent for community-wide roles. */
  gridId?: string
  /** 楼栋长: the building they look after. */
  buildingCode?: string
  /** 责任单位联系人: the unit they answer for (src/domain/units.ts). */
  unitId?: string
}

/** Why a role is taken away (role.revoke): optional, at most this many characters. */
export const REVOKE_REASON_MAX_CHARS = 100
