/**
 * The community as 社区设置 sees it: its grids, buildings and roster as users see them (not an
 * import's documents before it is applied, staging.ts), and the ids derived from them.
 */
import { ROSTER_ROLES, type RosterRole } from '../../../src/domain/setup'
import { allWhere, type Database, collection } from '../db'
import { derivedId } from '../ids'
import { allShown } from '../staging'
import type { BuildingDoc, GridDoc, StaffDoc } from '../model'

/** A roster role as the spreadsheet lists it: a roster line, or a role held without one. */
export interface RosterEntry {
  name: string
  phone: string
  role: RosterRole
  gridId: string
  buildingCode: string | null
}

export interface CommunitySetup {
  grids: GridDoc[]
  buildings: BuildingDoc[]
  staff: StaffDoc[]
  /** Roles held without a roster line (seeded, or given before the roster existed). */
  held: RosterEntry[]
}

const ALL = 1000

export async function loadSetup(db: Database, communityId: string): Promise<CommunitySetup> {
  const _ = db.command
  const [grids, buildings, staff, memberships] = await Promise.all([
    allShown(db, 'grids', { communityId }),
    allShown(db, 'buildings', { communityId }),
    allShown(db, 'staff', { communityId }),
    allWhere(db, 'memberships', {
      communityId,
      role: _.in(Object.values(ROSTER_ROLES)),
      staffId: _.exists(false),
    }),
  ])
  const users = memberships.length
    ? await allWhere(db, 'users', { _id: _.in(memberships.map((m) => m.openid)) })
    : []
  const userById = new Map(users.map((u) => [u._id, u]))
  const held = memberships.map((m) => ({
    name: userById.get(m.openid)?.name ?? '',
    phone: userById.get(m.openid)?.phone ?? '',
    role: m.role as RosterRole,
    gridId: m.gridId ?? '',
    buildingCode: m.buildingCode ?? null,
  }))
  return { grids, buildings, staff, held }
}

export function rosterKey(communityId: string, e: RosterEntry): string {
  return staffId(
    communityId,
    e.phone,
    e.role,
    e.role === 'buildingLeader' ? (e.buildingCode ?? '') : e.gridId,
  )
}

/** Codes in the file that another community already uses (ids are global: a building code is a QR scene). */
export async function takenElsewhere(
  db: Database,
  name: 'grids' | 'buildings',
  ids: string[],
  communityId: string,
) {
  if (ids.length === 0) return new Set<string>()
  const _ = db.command
  const res = await collection(db, name)
    .where({ _id: _.in(ids), communityId: _.neq(communityId) })
    .limit(ALL)
    .get()
  return new Set(res.data.map((d) => d._id))
}

export function staffId(communityId: string, phone: string, role: RosterRole, scope: string): string {
  return derivedId('staff', communityId, phone, role, scope)
}
