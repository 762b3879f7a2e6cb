/**
 * Moves written in two steps — CloudBase transactions are single-document — and cut short between
 * them (a crash, a timeout): the scheduler finishes them once they have been left so for longer
 * than a function can run, each with a 台账 event. Finishing is idempotent: the second step is
 * guarded by what the first left (`mergedFrom`; the wish's id), so a second run changes nothing.
 *
 * - 合并 (duplicates.ts): the duplicate is 已合并 and `mergePending`; the target takes its people in.
 * - 转志愿服务 (to-wish.ts): the request is 已转志愿服务 and `volunteer.pending`, its wish maybe not on
 *   the wall: it is published from what the request holds (as the member wrote it, in their name),
 *   and the request's 台账 records it. Completed rather than undone: the resident was already told.
 */
import { SYSTEM_ACTOR } from '../audit'
import type { Database } from '../db'
import { drain } from '../drain'
import { absorb } from './duplicates'
import { commitTransition } from './commit'
import { publishWish, settledLink } from './to-wish'

/** CloudBase's longest function run: a move half-done for longer than this was cut short. */
export const HALF_DONE_AFTER_MS = 15 * 60_000

export interface RepairReport {
  /** Merges whose target had not taken the duplicate's people in. */
  mergesFinished: number
  /** 转志愿服务 whose wish had not been published (or not recorded as such). */
  wishesFinished: number
}

export async function finishMerges(db: Database, at: Date): Promise<number> {
  const _ = db.command
  return drain(
    db,
    'requests',
    { status: 'merged', mergePending: true, closedAt: _.lte(new Date(at.getTime() - HALF_DONE_AFTER_MS)) },
    '_id',
    async (dup) => {
      await absorb(db, dup, SYSTEM_ACTOR, at, true)
      return true
    },
  )
}

export async function finishToWishes(db: Database, at: Date): Promise<number> {
  const _ = db.command
  return drain(
    db,
    'requests',
    {
      status: 'volunteering',
      'volunteer.pending': true,
      'volunteer.at': _.lte(new Date(at.getTime() - HALF_DONE_AFTER_MS)),
    },
    '_id',
    async (doc) => {
      const v = doc.volunteer
      if (!v?.category || v.why === undefined) return false
      const { created } = await publishWish(db, doc, {
        category: v.category,
        what: v.what,
        why: v.why,
        review: !!v.review,
      })
      const note = created
        ? `转志愿服务中断，心愿“${v.what}”已由系统补发到心愿墙`
        : `转志愿服务中断，心愿“${v.what}”已在心愿墙，系统补记`
      return commitTransition(
        db,
        doc,
        'toWishFinish',
        SYSTEM_ACTOR,
        { volunteer: settledLink(v) },
        note,
        at,
        { 'volunteer.pending': true, 'volunteer.wishId': v.wishId },
      )
    },
  )
}

export async function repairHalfDone(db: Database, at: Date): Promise<RepairReport> {
  return { mergesFinished: await finishMerges(db, at), wishesFinished: await finishToWishes(db, at) }
}
