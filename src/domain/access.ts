/**
 * Who may do what, in one place (pure, table-tested in test/domain/access.test.ts). A caller is
 * their memberships (src/domain/roles.ts); every check here takes them and the thing acted on.
 * The server turns the same reaches into database conditions (cloudfunctions/core/scopes.ts), so
 * what someone may see and what they may touch are one idea.
 */
import { STAFF_ROLES, type Membership, type Role } from './roles'
import { heldByStreet } from './street'

/** The part of a request that decides who may handle it. */
export interface RequestScope {
  communityId: string
  gridId: string
  /** Ids of the assigned grid and every grid above it. */
  gridPath: readonly string[]
  /** 治安线索 (sensitive.ts): only the community level may handle it, wherever it is. */
  sensitive?: boolean
  /** Its level, and the street holding it at the street level (src/domain/street.ts). */
  level?: number
  streetId?: string | null
}

/**
 * The community level of a request: its admin, or staff of the grid at the top of its path (the
 * community's first-level grid; at the street, nobody's). A sensitive request is theirs alone.
 */
function reaches(m: Membership, scope: RequestScope): boolean {
  // 兜底 at a registered street: the street's, and nobody's of the community any more.
  if (scope.level !== undefined && heldByStreet({ level: scope.level, streetId: scope.streetId }))
    return m.role === 'streetAdmin' && m.communityId === scope.streetId
  if (m.communityId !== scope.communityId) return false
  return !scope.sensitive || m.role === 'communityAdmin' || m.gridId === scope.gridPath[0]
}

/**
 * A grid member handles requests assigned to the grid they serve; a grid leader handles
 * anything in their grid and the micro-grids below it; the community admin handles all — of a
 * sensitive request, only the community level does.
 */
export function canHandle(memberships: readonly Membership[], scope: RequestScope): boolean {
  return memberships.some((m) => {
    if (!reaches(m, scope)) return false
    if (m.role === 'gridMember') return m.gridId === scope.gridId
    if (m.role === 'gridLeader') return m.gridId !== undefined && scope.gridPath.includes(m.gridId)
    return m.role === 'communityAdmin' || m.role === 'streetAdmin'
  })
}

/** The community's admin (社区管理员) of `communityId`. */
export function isAdminOf(memberships: readonly Membership[], communityId: string): boolean {
  return memberships.some((m) => m.role === 'communityAdmin' && m.communityId === communityId)
}

export function isStaff(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => STAFF_ROLES.includes(m.role))
}

/**
 * 楼栋长: the buildings someone looks after (their membership names the building). Not staff: they
 * see their building's open requests masked, 代录 and file 巡查发现 there, and hear of its requests.
 */
export function ledBuildings(
  memberships: readonly Membership[],
): { communityId: string; buildingCode: string }[] {
  return memberships.flatMap((m) =>
    m.role === 'buildingLeader' && m.buildingCode
      ? [{ communityId: m.communityId, buildingCode: m.buildingCode }]
      : [],
  )
}

/** Whether the caller is a 楼栋长 of `buildingCode` in `communityId`. */
export function leadsBuilding(
  memberships: readonly Membership[],
  communityId: string,
  buildingCode: string,
): boolean {
  return ledBuildings(memberships).some(
    (b) => b.communityId === communityId && b.buildingCode === buildingCode,
  )
}

/** 吹哨报到: the units someone answers for as a 责任单位联系人 (src/domain/units.ts). */
export function unitsOf(memberships: readonly Membership[]): string[] {
  return memberships.flatMap((m) => (m.role === 'unitStaff' && m.unitId ? [m.unitId] : []))
}

/** Staff, or a 楼栋长: who does grid work at all (the router's 'worker' level). */
export function isWorker(memberships: readonly Membership[]): boolean {
  return isStaff(memberships) || ledBuildings(memberships).length > 0
}

/** A leader of a grid at or above the request's, or the community admin: may re-dispatch and chase. */
export function canSupervise(memberships: readonly Membership[], scope: RequestScope): boolean {
  return memberships.some((m) => {
    if (!reaches(m, scope)) return false
    if (m.role === 'gridLeader') return m.gridId !== undefined && scope.gridPath.includes(m.gridId)
    return m.role === 'communityAdmin' || m.role === 'streetAdmin'
  })
}

/** The streets someone is 街道管理员 of (their membership's `communityId` names the street). */
export function streetsOf(memberships: readonly Membership[]): string[] {
  return memberships.flatMap((m) => (m.role === 'streetAdmin' ? [m.communityId] : []))
}

/** Staff (a grid member, leader or admin) of `communityId`. */
export function isStaffOf(memberships: readonly Membership[], communityId: string): boolean {
  return memberships.some((m) => STAFF_ROLES.includes(m.role) && m.communityId === communityId)
}

/** The memberships that lead: a grid leader's or an admin's (the board, the 台账, the overdue list). */
export function leadership(memberships: readonly Membership[]): Membership[] {
  return memberships.filter((m) => m.role === 'gridLeader' || m.role === 'communityAdmin')
}

/** A registered volunteer or 双报到 party member of `communityId`: takes volunteer seats, claims wishes. */
export function isVolunteerOf(memberships: readonly Membership[], communityId: string): boolean {
  return memberships.some(
    (m) => (m.role === 'volunteer' || m.role === 'partyMember') && m.communityId === communityId,
  )
}

/**
 * Runs an activity's sessions (roster, codes, hours): the admin of its community, or the one who
 * published it while they still are a 网格长 there.
 */
export function mayOrganise(
  memberships: readonly Membership[],
  openid: string,
  session: { communityId: string; createdBy: string },
): boolean {
  if (isAdminOf(memberships, session.communityId)) return true
  return (
    session.createdBy === openid &&
    memberships.some((m) => m.role === 'gridLeader' && m.communityId === session.communityId)
  )
}

/**
 * Who may be made a co-organiser of an activity (协助组织者, issue 18): a registered volunteer, a
 * 双报到 party member or grid staff of its community.
 */
export const CO_ORGANISER_ROLES: readonly Role[] = [
  'volunteer',
  'partyMember',
  'gridMember',
  'gridLeader',
  'communityAdmin',
]

export function mayCoOrganise(memberships: readonly Membership[], communityId: string): boolean {
  return memberships.some((m) => CO_ORGANISER_ROLES.includes(m.role) && m.communityId === communityId)
}

/**
 * The on-the-day work of a session — the roster, checking people in and out, handing a child to a
 * registered collector, 请假 (release, excuse): its organisers, and the co-organisers the organiser
 * added, while they still hold a volunteer or staff role in its community. Editing, 确认时长, the
 * check-in code, lifting a lock and adding organisers stay the organisers' (mayOrganise).
 */
export function mayRunOnTheDay(
  memberships: readonly Membership[],
  openid: string,
  session: { communityId: string; createdBy: string; coOrganisers?: readonly string[] },
): boolean {
  if (mayOrganise(memberships, openid, session)) return true
  return !!session.coOrganisers?.includes(openid) && mayCoOrganise(memberships, session.communityId)
}

/**
 * How far one membership reaches, as data: the whole community (admin), a grid and what is below
 * it (leader), or one grid (member). Null for roles that reach no grid's work.
 */
export type Reach =
  | { kind: 'community'; communityId: string }
  | { kind: 'below'; communityId: string; gridId: string }
  | { kind: 'grid'; communityId: string; gridId: string }
  /** 街道管理员: what its street holds now (兜底), of any of its communities. */
  | { kind: 'street'; streetId: string }

export function reachOf(m: Membership): Reach | null {
  if (m.role === 'communityAdmin') return { kind: 'community', communityId: m.communityId }
  if (m.role === 'gridLeader' && m.gridId)
    return { kind: 'below', communityId: m.communityId, gridId: m.gridId }
  if (m.role === 'gridMember' && m.gridId)
    return { kind: 'grid', communityId: m.communityId, gridId: m.gridId }
  if (m.role === 'streetAdmin') return { kind: 'street', streetId: m.communityId }
  return null
}
