/**
 * The 楼栋长's view of their building (issue 16, part 2): its open requests, read only, masked as a
 * neighbour may see them — the category, the words, the state and the clock; no name, phone, room
 * or photo — and never a sensitive report (治安线索), which the building's own grid does not see.
 */
import { categoryNameOf } from '../../../src/domain/category-settings'
import type { NeighbourRequest } from '../../../src/domain/contract'
import { ledBuildings } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { OPEN_STATUSES, REQUEST_STATUSES } from '../../../src/domain/request'
import type { ActionContext } from '../context'
import type { RequestDoc } from '../model'
import { shownWhere } from '../staging'
import { requests } from './store'

/** How many open requests one building may show; more is a building in crisis, not a list. */
const LIMIT = 200

function neighbourView(doc: RequestDoc, openid: string, at: Date): NeighbourRequest {
  const dueAt = doc.status === 'assigned' ? doc.acceptBy : doc.resolveBy
  return {
    id: doc._id,
    no: doc.no,
    categoryName: categoryNameOf(doc),
    description: doc.description,
    status: doc.status,
    statusName: REQUEST_STATUSES[doc.status],
    source: doc.source ?? 'resident',
    place: doc.place ?? null,
    gridName: doc.gridName,
    assigneeName: doc.assigneeName,
    createdAt: doc.createdAt.toISOString(),
    dueAt: dueAt.toISOString(),
    overdue: dueAt <= at,
    mine: doc.recordedBy?.openid === openid || doc.foundBy?.openid === openid,
  }
}

export async function buildingOpenRequests(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const led = ledBuildings(caller.memberships)
  if (led.length === 0) throw new AppError('FORBIDDEN', '只有楼栋长可以查看本楼栋的诉求')
  const at = now()
  const buildings = await shownWhere(db, 'buildings', { _id: _.in(led.map((b) => b.buildingCode)) })
  const mine = buildings.filter((b) =>
    led.some((l) => l.buildingCode === b._id && l.communityId === b.communityId),
  )
  return {
    buildings: await Promise.all(
      mine
        .sort((a, b) => a._id.localeCompare(b._id))
        .map(async (b) => {
          const res = await requests(db)
            .where({
              communityId: b.communityId,
              buildingCode: b._id,
              status: _.in([...OPEN_STATUSES]),
              sensitive: _.neq(true),
            })
            .orderBy('createdAt', 'desc')
            .limit(LIMIT)
            .get()
          return {
            code: b._id,
            name: b.name,
            items: res.data.map((d) => neighbourView(d, caller.openid, at)),
          }
        }),
    ),
  }
}
