/** 已转志愿服务 on a request's detail: its 微心愿 and how far the volunteers are (src/domain/volunteer-work.ts). */
import type { RequestDetail } from '../../../src/domain/contract'
import { VOLUNTEER_STATES } from '../../../src/domain/volunteer-work'
import { WISH_STATUSES } from '../../../src/domain/wish'
import { collection, type Database } from '../db'
import type { RequestDoc } from '../model'
import { wishNo } from '../notify/outbox'

export async function volunteerView(db: Database, doc: RequestDoc): Promise<RequestDetail['volunteer']> {
  const link = doc.volunteer
  if (!link) return null
  const wish = (await collection(db, 'wishes').doc(link.wishId).get()).data?.[0]
  if (!wish) return null
  return {
    wishId: wish._id,
    wishNo: wishNo(wish),
    what: wish.what,
    state: link.state,
    stateName: VOLUNTEER_STATES[link.state],
    wishStatus: wish.status,
    wishStatusName: WISH_STATUSES[wish.status],
    claimantName: wish.claim?.name ?? null,
  }
}
