/**
 * The wish's lifecycle (src/domain/wish.ts): review, claim (one claimant, atomic), release, lapse,
 * fulfil, confirm — each a conditional write with its 台账 event and outbox entry; points only
 * after confirmation.
 */
import { AppError } from '../../../src/domain/errors'
import { POINT_RULES } from '../../../src/domain/points'
import { local } from '../../../src/domain/time'
import { MAX_PROMISE_DAYS, WISH_HOURS, wishTransition, type WishAction } from '../../../src/domain/wish'
import type { WishDetail } from '../../../src/domain/contract'
import type { ActionContext } from '../context'
import { existing, type Changes, type Database } from '../db'
import { derivedId } from '../ids'
import { addPointsEntry } from '../points'
import type { PointsEntryDoc, WishDoc } from '../model'
import { resultPhotos } from '../photos'
import { fanOutNow } from '../notify/fanout'
import { WISH_OUTBOX, loadVisible, relationsOf, wishes } from './store'
import { commitWish } from './commit'
import { followWish } from '../requests/follow-wish'
import { actorName, actorOf } from '../audit'
import { toDetail } from './views'

interface Move {
  action: WishAction
  note: string | null
  check?: (doc: WishDoc, at: Date) => void | Promise<void>
  changes: (doc: WishDoc, at: Date) => Changes<WishDoc>
}

async function move(ctx: ActionContext, id: string, decide: (doc: WishDoc) => Move): Promise<WishDetail> {
  const { deps, caller } = ctx
  const { db } = deps
  const doc = await loadVisible(db, id, caller)
  const at = deps.now()
  const m = decide(doc)
  const result = wishTransition(doc.status, m.action, relationsOf(doc, caller))
  if (!result.ok) {
    const last = doc.events[doc.events.length - 1]
    // A retry of exactly what this caller just did is not an error.
    if (last?.type === m.action && last.actorOpenid === caller.openid) return toDetail(deps, doc, caller, at)
    throw new AppError(result.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT', result.message)
  }
  await m.check?.(doc, at)
  const moved = await commitWish(db, doc, m.action, actorOf(caller), m.changes(doc, at), m.note, at)
  const current = await existing(db, 'wishes', id)
  if (!moved) {
    const last = current.events[current.events.length - 1]
    if (last?.type === m.action && last.actorOpenid === caller.openid)
      return toDetail(deps, current, caller, at)
    const again = wishTransition(current.status, m.action, relationsOf(current, caller))
    throw new AppError('CONFLICT', again.ok ? '心愿状态已变化，请刷新后再试' : again.message)
  }
  if (m.action === 'confirm') await creditWish(db, current)
  // 来自诉求: the request follows its wish (closed, or back to its grid member).
  if (current.fromRequest) await followWish(db, current._id, m.action, actorOf(caller), at)
  const after = current.fromRequest ? await existing(db, 'wishes', id) : current
  await fanOutNow(db, WISH_OUTBOX, after, at)
  return toDetail(deps, after, caller, at)
}

export function reviewWish(
  input: { id: string; decision: 'publish' | 'reject'; reason?: string },
  ctx: ActionContext,
) {
  return move(ctx, input.id, () =>
    input.decision === 'publish'
      ? { action: 'publish', note: null, changes: (_d, at) => ({ publishedAt: at, waitingSince: at }) }
      : {
          action: 'reject',
          note: input.reason ?? null,
          changes: () => ({ rejectReason: input.reason ?? null }),
        },
  )
}

/** The promised date, as the instant its day ends in Beijing (the claim lapses after it). */
function promiseEnd(date: string, at: Date): Date {
  const day = local(`${date}T00:00:00+08:00`)
  const today = local(at).startOf('day')
  if (!day.isValid() || day.format('YYYY-MM-DD') !== date) throw invalidDate('日期格式不正确')
  if (day.isBefore(today)) throw invalidDate('承诺完成的日期不能早于今天')
  if (day.diff(today, 'day') > MAX_PROMISE_DAYS) throw invalidDate(`请在${MAX_PROMISE_DAYS}天内完成`)
  return day.add(1, 'day').toDate()
}

function invalidDate(message: string) {
  return new AppError('INVALID_INPUT', message, { promisedBy: message })
}

export function claimWish(input: { id: string; promisedBy: string }, ctx: ActionContext) {
  const { caller } = ctx
  return move(ctx, input.id, (doc) => {
    if (doc.residentOpenid === caller.openid) throw new AppError('FORBIDDEN', '不能认领自己的心愿')
    // Checked before the table, so a bad date is told even when someone else was quicker.
    const promisedBy = promiseEnd(input.promisedBy, ctx.deps.now())
    return {
      action: 'claim',
      note: `承诺${input.promisedBy}前完成`,
      changes: (_d, at) => ({ claim: { openid: caller.openid, name: actorName(caller), at, promisedBy } }),
    }
  })
}

export function releaseWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'release',
    note: null,
    changes: (_d, at) => ({ claim: null, waitingSince: at }),
  }))
}

/** 撤回: the resident takes it back before anyone has claimed it. */
export function withdrawWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'withdraw',
    note: null,
    changes: () => ({ waitingSince: null }),
  }))
}

/** 已完成: what was done, its photos and the hours actually served (credited once confirmed). */
export function fulfilWish(
  input: { id: string; note: string; photos?: string[]; hours: number },
  ctx: ActionContext,
) {
  const photos = resultPhotos(ctx, input.photos)
  return move(ctx, input.id, () => ({
    action: 'fulfil',
    note: `${input.note}（服务${input.hours}小时）`,
    check: photos.check,
    changes: (_d, at) => ({
      fulfilment: { note: input.note, at, hours: input.hours },
      ...photos.added(),
    }),
  }))
}

export function confirmWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'confirm',
    note: null,
    changes: (_d, at) => ({ doneAt: at }),
  }))
}

/**
 * The claimant's points and hours for a confirmed wish: one ledger entry whose id is derived from
 * the wish, so a retry, a crash in between or the scheduler's catch-up never credits twice.
 */
export async function creditWish(db: Database, doc: WishDoc): Promise<void> {
  if (doc.status !== 'done' || !doc.claim || doc.credited) return
  const rule = POINT_RULES.wishFulfilled
  // What the claimant entered at 已完成; a wish fulfilled before it was asked, the fixed figure of then.
  const hours = doc.fulfilment?.hours ?? WISH_HOURS.initial
  const entry: PointsEntryDoc = {
    _id: derivedId('points', 'wish', doc._id),
    openid: doc.claim.openid,
    communityId: doc.communityId,
    source: 'wish',
    sourceId: doc._id,
    gridId: doc.gridPath[1] ?? null,
    points: Math.round(hours * rule.pointsPerHour),
    hours,
    reason: `${rule.reason}：${doc.what}`,
    at: doc.doneAt ?? doc.updatedAt,
  }
  await addPointsEntry(db, entry)
  await wishes(db).where({ _id: doc._id, credited: false }).update({ credited: true })
}
