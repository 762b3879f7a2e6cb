/**
 * 民情日志's collections and the one scope rule: a household or an entry is seen by the grid that
 * serves its building — its micro-grid's member, a leader above, the community admin
 * (src/domain/access.ts reachOf, as database conditions by scopes.ts).
 */
import { reachOf, type Reach } from '../../../src/domain/access'
import { createCalendar, type Calendar } from '../../../src/domain/calendar'
import { intervalOf } from '../../../src/domain/fieldlog'
import { communityCalendar } from '../calendar/store'
import type { Caller } from '../context'
import { byIds, collection, type Database } from '../db'
import type { GridDoc, VisitPlanDoc } from '../model'
import { reachWhere } from '../scopes'

export const households = (db: Database) => collection(db, 'households')
export const diary = (db: Database) => collection(db, 'diary')
export const visitPlans = (db: Database) => collection(db, 'visitPlans')

/** What the caller's grid roles reach, as a condition on `gridPath`-carrying documents; null: nothing. */
export function servedWhere(db: Database, caller: Caller): object | null {
  const reaches = caller.memberships.map(reachOf).filter((r): r is Reach => r !== null)
  if (reaches.length === 0) return null
  return db.command.or(reaches.map((r) => reachWhere(db, r, 'gridPath')))
}

/** The plan in force for a grid: the nearest one set on its path, from the grid itself upwards. */
export function nearestPlan(plans: Map<string, VisitPlanDoc>, path: readonly string[]): VisitPlanDoc | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const plan = plans.get(path[i])
    if (plan) return plan
  }
  return null
}

/** Plans and calendars for a run over many households: one read each. */
export class PlanBook {
  private constructor(
    readonly plans: Map<string, VisitPlanDoc>,
    private readonly calendars: Map<string, Calendar>,
  ) {}

  static async load(db: Database, gridIds: string[], communityIds: string[]): Promise<PlanBook> {
    const [plans, calendars] = await Promise.all([
      byIds(db, 'visitPlans', [...new Set(gridIds)]),
      Promise.all([...new Set(communityIds)].map(async (c) => [c, await communityCalendar(db, c)] as const)),
    ])
    return new PlanBook(new Map(plans.map((p) => [p._id, p])), new Map(calendars))
  }

  interval(path: readonly string[]): number {
    return intervalOf(nearestPlan(this.plans, path))
  }

  calendar(communityId: string): Calendar {
    return this.calendars.get(communityId) ?? createCalendar()
  }
}

/** Every grid id on the paths of these grids (a plan may be set at any of them). */
export function pathIds(grids: readonly Pick<GridDoc, 'path'>[]): string[] {
  return [...new Set(grids.flatMap((g) => g.path))]
}
