/** Where a request sits in the levels 3 → 2 → 1 → 街道 (domain.md: "小事不出网格，大事不出社区"). */
import { SLA_TIERS } from '../../../src/domain/categories'
import { STREET_CLOCKS, STREET_LEVEL } from '../../../src/domain/street'
import type { Calendar } from '../../../src/domain/calendar'
import { addDuration } from '../../../src/domain/workdays'
import { getCommunity, gridLabel, gridPath } from '../community'
import { byId, type Database } from '../db'
import type { RequestDoc } from '../model'

export interface Placement {
  gridId: string
  gridName: string
  gridPath: string[]
  level: number
  /** At the street level: the registered street that holds it (src/domain/street.ts); else absent. */
  streetId?: string
}

export { STREET_LEVEL }

export function streetGridId(communityId: string): string {
  return `street-${communityId}`
}

export async function placementOf(db: Database, gridId: string): Promise<Placement> {
  const path = await gridPath(db, gridId)
  const grid = path[path.length - 1]
  return {
    gridId,
    gridName: gridLabel(path) || grid.name,
    gridPath: path.map((g) => g._id),
    level: grid.level,
  }
}

/** One level up from where the request is now; null once it is at the street. */
export async function placementAbove(db: Database, doc: RequestDoc): Promise<Placement | null> {
  if (doc.level <= STREET_LEVEL) return null
  if (doc.level === 1) {
    const community = await getCommunity(db, doc.communityId)
    const id = streetGridId(doc.communityId)
    const street = community.streetId ? await byId(db, 'streets', community.streetId) : undefined
    // No street registered for it: the backstop is still its own admin's (the old way).
    if (!street)
      return { gridId: id, gridName: `${community.street}（兜底）`, gridPath: [id], level: STREET_LEVEL }
    return {
      gridId: id,
      gridName: `${street.name}（兜底）`,
      gridPath: [id],
      level: STREET_LEVEL,
      streetId: street._id,
    }
  }
  return placementOf(db, doc.gridPath[doc.gridPath.length - 2])
}

/** Moving to another grid: nobody holds it there yet, and the accept clock starts again. */
export function reassignment(
  doc: RequestDoc,
  to: Placement,
  at: Date,
  calendar: Calendar,
): Partial<RequestDoc> {
  const { streetId, ...place } = to
  const common = {
    ...place,
    assigneeOpenid: null,
    assigneeName: null,
    acceptedAt: null,
    assignedAt: at,
    escalateBy: null,
  }
  if (streetId) {
    // Up to a registered street: its own clock to take it on, and a count of arrivals for its board.
    return {
      ...common,
      streetId,
      streetLate: false,
      streetArrivals: [...(doc.streetArrivals ?? []), at],
      acceptBy: addDuration(at, STREET_CLOCKS[doc.tier].acceptWithin, calendar),
    }
  }
  return { ...common, acceptBy: addDuration(at, SLA_TIERS[doc.tier].acceptWithin, calendar) }
}
