/**
 * 街道 (issue 17, part 3): the sub-district above its communities. "小事不出网格，大事不出社区" —
 * and what a community could not settle in time reaches the street (兜底), which has its own
 * people (街道管理员), its own queue and clocks, and its own units to call in (挂钩部门, 腾冲:
 * "由社区大党委吹哨，召集…网格责任单位、街道挂钩部门和工作专班").
 *
 * A street is an organisation like a community for roles and units: a 街道管理员's membership and
 * a 挂钩部门 (a unit) carry the street's id where a community's would carry the community's. A
 * request at the street keeps its community (the community's board still counts it) and gains
 * `streetId` — set only while a registered street holds it; a community with no street
 * registered keeps the old backstop, its own admin.
 */
import type { SlaTier } from './categories'
import type { Duration } from './workdays'

/** Street ids are chosen at registration (npm run bootstrap -- --street-id …): one pattern, never a community's. */
export const STREET_ID_PATTERN = /^s-[a-z0-9-]{1,40}$/

/**
 * The street's clocks once a request reaches it: to take it on (受理) — an hour for danger, a
 * working day otherwise — and, once taken, to settle it. Missing the first tells the street's
 * admins and the community's once; the second chases as a grid's resolve clock does.
 */
export const STREET_CLOCKS: Record<SlaTier, { acceptWithin: Duration; resolveWithin: Duration }> = {
  urgent: { acceptWithin: { minutes: 60 }, resolveWithin: { minutes: 240 } },
  utility: { acceptWithin: { minutes: 240 }, resolveWithin: { minutes: 24 * 60 } },
  ordinary: { acceptWithin: { workingDays: 1 }, resolveWithin: { workingDays: 5 } },
  complex: { acceptWithin: { workingDays: 1 }, resolveWithin: { workingDays: 15 } },
}

/** Where a request is, for the street's rules: held by a registered street only at the street level. */
export interface StreetPlace {
  level: number
  streetId?: string | null
}

/** The street level (兜底): below every grid level. */
export const STREET_LEVEL = 0

/** Whether a registered street holds it now (its admins, not the community's, handle it). */
export function heldByStreet(place: StreetPlace): boolean {
  return place.level <= STREET_LEVEL && !!place.streetId
}

/** Whose units may be called in on a request: its community's; while the street holds it, the street's 挂钩部门 first. */
export function unitOrgsOf(doc: StreetPlace & { communityId: string }): string[] {
  return heldByStreet(doc) && doc.streetId ? [doc.streetId, doc.communityId] : [doc.communityId]
}
