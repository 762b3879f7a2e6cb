/**
 * 代录: a grid worker files something (a request, a wish) for a resident without WeChat. The
 * resident gets an offline record of their own (name, phone, room), the same person each time.
 */
import { AppError } from '../../../src/domain/errors'
import { canHandle, leadsBuilding } from '../../../src/domain/access'
import { getBuilding, gridPath } from '../community'
import type { Caller } from '../context'
import { type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { BuildingDoc, GridDoc, UserDoc } from '../model'

export interface OnBehalfOf {
  buildingCode: string
  residentName: string
  residentPhone?: string
  room?: string
}

/**
 * A building the caller serves (its grid or one above, or the community admin), or `refusal`.
 * `byBuildingLeader`: its 楼栋长 may too (代录 for a neighbour, 巡查发现 in their building).
 */
export async function servedBuilding(
  db: Database,
  caller: Caller,
  code: string,
  refusal: string,
  byBuildingLeader = false,
): Promise<{ building: BuildingDoc; path: GridDoc[] }> {
  const building = await getBuilding(db, code)
  const path = await gridPath(db, building.gridId)
  const scope = {
    communityId: building.communityId,
    gridId: building.gridId,
    gridPath: path.map((g) => g._id),
  }
  const leads = byBuildingLeader && leadsBuilding(caller.memberships, building.communityId, building._id)
  if (!leads && !canHandle(caller.memberships, scope)) throw new AppError('FORBIDDEN', refusal)
  return { building, path }
}

/**
 * The building (one the caller serves) and the resident's offline id; `save()` writes their
 * record (once — the same person is the same record), so callers write only after every check.
 */
export async function offlineResident(
  db: Database,
  caller: Caller,
  input: OnBehalfOf,
  at: Date,
  byBuildingLeader = false,
): Promise<{ building: BuildingDoc; path: GridDoc[]; residentId: string; save: () => Promise<void> }> {
  const { building, path } = await servedBuilding(
    db,
    caller,
    input.buildingCode,
    '只能为您负责的楼栋代录',
    byBuildingLeader,
  )
  const { residentId, save } = offlineRecord(db, building, input, at)
  return { building, path, residentId, save }
}

/** The offline record of someone without WeChat in `building`: the same person, the same id. */
export function offlineRecord(
  db: Database,
  building: BuildingDoc,
  input: Omit<OnBehalfOf, 'buildingCode'>,
  at: Date,
): { residentId: string; save: () => Promise<void> } {
  const residentId = `offline-${derivedId(building._id, input.residentName, input.residentPhone ?? '')}`
  const offline: UserDoc = {
    _id: residentId,
    name: input.residentName,
    buildingCode: building._id,
    openCount: 0,
    offline: true,
    createdAt: at,
    updatedAt: at,
  }
  if (input.residentPhone) offline.phone = input.residentPhone
  if (input.room) offline.room = input.room
  const save = async () => {
    try {
      await collection(db, 'users').add(offline)
    } catch {
      // Recorded before: the same person, already on file.
    }
  }
  return { residentId, save }
}
