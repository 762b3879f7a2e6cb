/**
 * Reaches (src/domain/access.ts) as database conditions: the one translation from "who someone
 * is" to "which requests". `path` says which path a leader's grid is looked for in: where the
 * request is now (gridPath) or where it came from (homeGridPath — the 台账 is the grid's own; a
 * sensitive request only ever sits at the community level, so where it is now decides for it).
 */
import { leadership, reachOf, type Reach } from '../../src/domain/access'
import type { Membership } from '../../src/domain/roles'
import { STREET_LEVEL } from '../../src/domain/street'
import { AppError } from '../../src/domain/errors'
import type { Caller } from './context'
import type { Database } from './db'

export function reachWhere(db: Database, reach: Reach, path: 'gridPath' | 'homeGridPath'): object {
  // The street: what it holds now (its 兜底), whichever community it came from.
  if (reach.kind === 'street') return { streetId: reach.streetId, level: STREET_LEVEL }
  if (reach.kind === 'community') return { communityId: reach.communityId }
  if (reach.kind === 'grid') return { gridId: reach.gridId }
  if (path === 'gridPath') return { gridPath: reach.gridId }
  // Where it came from — except a sensitive request (治安线索), which is the community level's
  // alone: only where it is now, so a building's leader never finds it in their grid's 台账.
  const _ = db.command
  return _.or([
    { homeGridPath: reach.gridId, sensitive: _.neq(true) },
    { gridPath: reach.gridId, sensitive: true },
  ])
}

/** The requests the caller leads (a leader's grid and below, an admin's community), or null if none. */
export function leadWhere(
  db: Database,
  memberships: readonly Membership[],
  path: 'gridPath' | 'homeGridPath',
) {
  const reaches = leadership(memberships)
    .map(reachOf)
    .filter((r): r is Reach => r !== null)
  if (reaches.length === 0) return null
  return db.command.or(reaches.map((r) => reachWhere(db, r, path)))
}

/** The community a leader works in: the admin's, else their first leader role's. */
export function leadCommunity(memberships: readonly Membership[]): string | null {
  const leads = leadership(memberships)
  return (leads.find((m) => m.role === 'communityAdmin') ?? leads[0])?.communityId ?? null
}

/** The community the caller administers (where they work), or FORBIDDEN with `refusal`. */
export function adminCommunity(caller: Caller, refusal = '只有社区管理员可以进行社区设置'): string {
  const m = caller.memberships.find((x) => x.role === 'communityAdmin')
  if (m) return m.communityId
  // Admin of another of their communities (working.ts): say to switch there.
  const elsewhere = caller.allMemberships.some((x) => x.role === 'communityAdmin')
  throw new AppError('FORBIDDEN', elsewhere ? `${refusal}，请先在「我的」切换社区` : refusal)
}
