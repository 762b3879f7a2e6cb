/**
 * Reads of the community's shape: grids, buildings, who serves where — as users see it (an import
 * not applied yet is not part of it: staging.ts).
 */
import { AppError } from '../../src/domain/errors'
import { retiredBuildingText } from '../../src/domain/retire'
import type { BuildingView } from '../../src/domain/contract'
import { byIds, type Database, collection } from './db'
import type { BuildingDoc, CommunityDoc, GridDoc } from './model'
import { shownById, shownWhere } from './staging'

/**
 * The building a code names: its id, or a code it was corrected to (更正编号, `codes`) — a printed
 * poster with the old code and one with the new both lead to it. A retired one too (history).
 */
export async function findBuilding(db: Database, code: string): Promise<BuildingDoc | null> {
  const byKey = await shownById(db, 'buildings', code)
  if (byKey) return byKey
  const [corrected] = await shownWhere(db, 'buildings', { codes: code }, 1)
  return corrected ?? null
}

/** The code printed for a building: the corrected one, else its id. */
export function codeOf(building: Pick<BuildingDoc, '_id' | 'code'>): string {
  return building.code ?? building._id
}

/** Of `docs`, those not retired (issue 18, part 3): what lists, pickers, clocks and denominators count. */
export function active<D extends { retired?: unknown }>(docs: readonly D[]): D[] {
  return docs.filter((d) => !d.retired)
}

export async function findGrid(db: Database, id: string): Promise<GridDoc | null> {
  return shownById(db, 'grids', id)
}

/**
 * The communities the caller belongs to: where they live first, then where they serve (any role:
 * staff, volunteer, 双报到). What is public inside a community (the wish wall, the 活动 board) is
 * for these people only.
 */
export async function communitiesOf(
  db: Database,
  caller: { user: { buildingCode?: string | null } | null; memberships: readonly { communityId: string }[] },
): Promise<string[]> {
  const building = caller.user?.buildingCode ? await findBuilding(db, caller.user.buildingCode) : null
  return [
    ...new Set([
      ...(building ? [building.communityId] : []),
      ...caller.memberships.map((m) => m.communityId),
    ]),
  ]
}

/**
 * Of `ids`, the communities: a street holds roles as one (src/domain/street.ts) but has no
 * residents, volunteers or children of its own — they register where they live or serve.
 */
export async function withoutStreets(db: Database, ids: readonly string[]): Promise<string[]> {
  const streets = new Set((await byIds(db, 'streets', ids)).map((s) => s._id))
  return ids.filter((id) => !streets.has(id))
}

export async function getBuilding(db: Database, code: string): Promise<BuildingDoc> {
  const building = await findBuilding(db, code)
  if (!building) throw new AppError('NOT_FOUND', `没有找到编码为「${code}」的楼栋，请核对二维码`)
  return building
}

/** The building a code names, if it is still in use: a retired one's code says so in words. */
export async function inUseBuilding(db: Database, code: string): Promise<BuildingDoc> {
  return inUse(await getBuilding(db, code))
}

/** `building`, unless it is retired (CONFLICT, in words): nothing new is filed or bound there. */
export function inUse(building: BuildingDoc): BuildingDoc {
  if (building.retired) throw new AppError('CONFLICT', retiredBuildingText(building.name))
  return building
}

/** The grids from the community (level 1) down to `gridId`, in that order. */
export async function gridPath(db: Database, gridId: string): Promise<GridDoc[]> {
  const grid = await findGrid(db, gridId)
  if (!grid) throw new Error(`grid ${gridId} missing`)
  const _ = db.command
  const all = await shownWhere(db, 'grids', { _id: _.in(grid.path) })
  const byId = new Map(all.map((g) => [g._id, g]))
  return grid.path.map((gid) => {
    const g = byId.get(gid)
    if (!g) throw new Error(`grid ${gid} missing`)
    return g
  })
}

export async function getCommunity(db: Database, id: string): Promise<CommunityDoc> {
  const res = await collection(db, 'communities').doc(id).get()
  const community = res.data?.[0]
  if (!community) throw new Error(`community ${id} missing`)
  return community
}

/**
 * A community, or a street where roles and units are held as in one (src/domain/street.ts): what
 * an invitation or a role list names. A street reads as a community of its own name.
 */
export async function orgOf(db: Database, id: string): Promise<CommunityDoc> {
  const community = (await collection(db, 'communities').doc(id).get()).data?.[0]
  if (community) return community
  const street = (await collection(db, 'streets').doc(id).get()).data?.[0]
  if (!street) throw new Error(`community ${id} missing`)
  return { _id: street._id, name: street.name, street: street.name }
}

/** Grids among `gridIds` that have at least one grid member or leader. */
export async function staffedGrids(db: Database, gridIds: string[]): Promise<Set<string>> {
  const _ = db.command
  const res = await collection(db, 'memberships')
    .where({ gridId: _.in(gridIds), role: _.in(['gridMember', 'gridLeader']) })
    .limit(1000)
    .get()
  return new Set(res.data.map((m) => m.gridId as string))
}

/** "第一网格 · 1号微网格": the building's place as a resident reads it. */
export function gridLabel(path: GridDoc[]): string {
  return path
    .filter((g) => g.level > 1)
    .map((g) => g.name)
    .join(' · ')
}

/** The grids of these communities, by id (a community has tens). */
export async function communityGrids(
  db: Database,
  communityIds: string[] | string,
): Promise<Map<string, GridDoc>> {
  const _ = db.command
  const ids = typeof communityIds === 'string' ? [communityIds] : communityIds
  const grids = await shownWhere(db, 'grids', { communityId: _.in(ids) })
  return new Map(grids.map((g) => [g._id, g]))
}

/** `grid`'s place as a resident reads it, from grids already loaded; the community's own grid by its name. */
export function gridLabelIn(grids: Map<string, GridDoc>, grid: GridDoc): string {
  const path = grid.path.map((id) => grids.get(id)).filter((g): g is GridDoc => !!g)
  return gridLabel(path) || grid.name
}

export async function buildingView(db: Database, building: BuildingDoc): Promise<BuildingView> {
  const [path, community] = await Promise.all([
    gridPath(db, building.gridId),
    getCommunity(db, building.communityId),
  ])
  return {
    code: codeOf(building),
    name: building.name,
    address: building.address,
    gridName: gridLabel(path),
    communityName: community.name,
  }
}
