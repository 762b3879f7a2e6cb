/**
 * 来自诉求 (src/domain/volunteer-work.ts): a request turned into a 微心愿 follows it. The wish's
 * 确认圆梦 closes the request (志愿服务解决); a release, a lapse or a withdrawal takes the wish off the
 * wall and gives the request back to the one who turned it, 处理中, with a fresh resolve clock.
 * Each is an event in both 台账 and a notice through the outboxes.
 */
import { SLA_TIERS } from '../../../src/domain/categories'
import { WISH_RETURNS } from '../../../src/domain/volunteer-work'
import type { WishAction } from '../../../src/domain/wish'
import { addDuration } from '../../../src/domain/workdays'
import type { Actor } from '../audit'
import { communityCalendar } from '../calendar/store'
import { collection, type Database } from '../db'
import { fanOutNow, REQUEST_OUTBOX } from '../notify/fanout'
import { commitWish } from '../wishes/commit'
import { commitTransition } from './commit'
import { findRequest } from './store'

/** Moves the request of wish `wishId` after the wish's `action`; nothing if it is not (or no longer) waiting on it. */
export async function followWish(
  db: Database,
  wishId: string,
  action: WishAction,
  actor: Actor,
  at: Date,
): Promise<void> {
  const wish = (await collection(db, 'wishes').doc(wishId).get()).data?.[0]
  if (!wish?.fromRequest) return
  const doc = await findRequest(db, wish.fromRequest.id)
  if (!doc?.volunteer || doc.status !== 'volunteering' || doc.volunteer.wishId !== wish._id) return
  let moved = false
  if (action === 'confirm') {
    const who = wish.claim?.name ?? '志愿者'
    moved = await commitTransition(
      db,
      doc,
      'volunteerDone',
      actor,
      {
        closedAt: at,
        resolutionNote: `志愿服务：${who}${wish.fulfilment ? `，${wish.fulfilment.note}` : ''}`,
        volunteer: { ...doc.volunteer, state: 'done' },
      },
      `${who}完成的心愿“${wish.what}”已确认`,
      at,
    )
  } else if ((WISH_RETURNS as readonly string[]).includes(action)) {
    const why =
      action === 'withdraw' ? '居民撤回了心愿' : action === 'lapse' ? '认领已逾期' : '志愿者放弃了认领'
    // Back on the wall after a release or a lapse: it leaves, the request is the grid's again.
    if (wish.status === 'published')
      await commitWish(db, wish, 'recall', actor, { waitingSince: null }, `${why}，诉求退回网格员办理`, at)
    const calendar = await communityCalendar(db, doc.communityId)
    moved = await commitTransition(
      db,
      doc,
      'volunteerBack',
      actor,
      {
        volunteer: { ...doc.volunteer, state: 'returned' },
        // The clocks stood still while volunteers served: the tier's whole time to resolve, from now.
        resolveBy: addDuration(at, SLA_TIERS[doc.tier].resolveWithin, calendar),
        escalateBy: null,
      },
      `${why}（心愿“${wish.what}”）`,
      at,
    )
  }
  if (moved) {
    const current = await findRequest(db, doc._id)
    if (current) await fanOutNow(db, REQUEST_OUTBOX, current, at)
  }
}
