/**
 * 巡查发现 (src/domain/patrol.ts): staff — or a 楼栋长 in their own building — file an issue they
 * found on a round, in a building or at a spot in a grid outside any building. It is a request
 * routed like one from there, with the same clocks; 办结 closes it (nobody rates it).
 */
import type { CategoryCode } from '../../../src/domain/categories'
import { canHandle } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { PATROL_CLOSE_NOTE, PATROL_OWNER, REQUEST_SOURCES } from '../../../src/domain/patrol'
import { actorOf, SYSTEM_ACTOR } from '../audit'
import { findGrid, gridLabel, gridPath } from '../community'
import type { Caller } from '../context'
import type { Database } from '../db'
import type { BuildingDoc, RequestDoc } from '../model'
import { creating, fileRequest } from './create'
import { commitTransition } from './commit'
import { servedBuilding } from './onbehalf'

const ONLY_SERVED = '只能登记您负责的楼栋或网格里的巡查发现'

/**
 * Where the finding is: a building the caller serves (a 楼栋长: their own), or a grid they serve
 * (staff only) — then a place with no building code, named by the grid, routed from that grid.
 */
async function patrolPlace(
  db: Database,
  caller: Caller,
  input: { buildingCode?: string; gridId?: string },
): Promise<BuildingDoc> {
  if (input.buildingCode && input.gridId)
    throw new AppError('INVALID_INPUT', '请只选择楼栋，或只选择网格', { gridId: '已选了楼栋，无需再选网格' })
  if (input.buildingCode)
    return (await servedBuilding(db, caller, input.buildingCode, ONLY_SERVED, true)).building
  if (!input.gridId)
    throw new AppError('INVALID_INPUT', '请选择楼栋，或选择网格内的其他位置', { buildingCode: '请选择楼栋' })
  const grid = await findGrid(db, input.gridId)
  if (!grid || grid.level === 1)
    throw new AppError('INVALID_INPUT', '请选择一个网格或微网格', { gridId: '请选择网格' })
  if (
    !canHandle(caller.memberships, { communityId: grid.communityId, gridId: grid._id, gridPath: grid.path })
  )
    throw new AppError('FORBIDDEN', ONLY_SERVED)
  const path = await gridPath(db, grid._id)
  // A spot in the grid: no building, so no code (nor 楼栋长 to tell); named by the grid.
  return {
    _id: '',
    name: gridLabel(path) || grid.name,
    address: '',
    communityId: grid.communityId,
    gridId: grid._id,
  }
}

export const filePatrol = creating(async function filePatrol(
  input: {
    requestId: string
    buildingCode?: string
    gridId?: string
    place: string
    category: CategoryCode
    description: string
    photos?: string[]
  },
  { deps, caller, contentCheck },
  { id, at, photos },
) {
  const { db } = deps
  const building = await patrolPlace(db, caller, input)
  return fileRequest(db, {
    id,
    requestId: input.requestId,
    resident: { openid: PATROL_OWNER, name: REQUEST_SOURCES.patrol },
    building,
    category: input.category,
    description: input.description,
    at,
    photos,
    content: contentCheck,
    patrol: { foundBy: actorOf(caller), place: input.place },
  })
})

/**
 * A patrol item just resolved is closed at once: nobody rates it. Also the scheduler's sweep, for
 * one whose close was lost between the two writes (jobs.ts).
 */
export async function closePatrol(db: Database, doc: RequestDoc, at: Date): Promise<boolean> {
  if (doc.source !== 'patrol' || doc.status !== 'resolved') return false
  return commitTransition(db, doc, 'autoClose', SYSTEM_ACTOR, { closedAt: at }, PATROL_CLOSE_NOTE, at, {
    resolvedAt: doc.resolvedAt,
  })
}
