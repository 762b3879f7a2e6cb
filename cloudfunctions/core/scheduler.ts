/**
 * The timer's work (every minute): requests that cannot fall through. Each rule picks what is
 * due and moves it with the same conditional write people use, guarded by the clock value it
 * saw — so a second run for the same minute, or a run after a crash mid-scan, changes nothing
 * that was already done.
 */
import { OPEN_STATUSES } from '../../src/domain/request'
import { DAY_MS, local } from '../../src/domain/time'
import { addWorkingDays } from '../../src/domain/workdays'
import { commitTransition, SYSTEM_ACTOR } from './actions/transitions'
import { requests } from './actions/requests'
import type { Deps } from './context'
import { COLLECTIONS } from './db'
import type { RequestDoc, UserDoc } from './model'
import { placementAbove, reassignment, STREET_LEVEL, type Placement } from './placement'

const BATCH = 100
const PARALLEL = 8
/** A resolved request nobody rated is closed as unrated after this (domain.md, "Closing"). */
export const RATING_WINDOW_MS = 7 * DAY_MS
/** Still open this many working days after the chase → escalate (domain.md, "Requests"). */
export const WORKING_DAYS_AFTER_CHASE = 5

export interface SchedulerReport {
  acceptTimeouts: number
  chased: number
  overdueEscalations: number
  autoClosed: number
  /** Residents whose open-request counter was set right (only in the nightly run). */
  countersFixed: number
}

/** Beijing time of the nightly run that re-derives the open-request counters. */
export const NIGHTLY_AT = '03:00'

/**
 * The open-request counter is written just after a request's transition (CloudBase transactions
 * are single-document); a crash between the two leaves it off by one. Once a night it is
 * re-derived from the requests themselves, for every resident who has a count.
 */
async function reconcileOpenCounts(db: Deps['db']): Promise<number> {
  const _ = db.command
  let fixed = 0
  let after = ''
  for (;;) {
    const res = await db
      .collection(COLLECTIONS.users)
      .where({ _id: _.gt(after), openCount: _.gt(0) })
      .orderBy('_id', 'asc')
      .limit(BATCH)
      .get()
    const users = res.data as UserDoc[]
    for (const u of users) {
      const open = await requests(db)
        .where({ residentOpenid: u._id, status: _.in([...OPEN_STATUSES]) })
        .count()
      if (open.total !== u.openCount) {
        // Only if nobody changed it meanwhile; otherwise tomorrow night will look again.
        const res2 = await db
          .collection(COLLECTIONS.users)
          .where({ _id: u._id, openCount: u.openCount })
          .update({ openCount: open.total })
        fixed += res2.updated
      }
    }
    if (users.length < BATCH) return fixed
    after = users[users.length - 1]._id
  }
}

type Rule = (doc: RequestDoc, at: Date) => Promise<boolean>

/**
 * Runs `rule` over everything `where` finds due, a batch at a time, until nothing is left. One
 * request that cannot be moved (lost a race, or broken data) is skipped for this run and logged;
 * it never stops the others, and the next batch pages past it.
 */
async function sweep(
  deps: Deps,
  where: object,
  orderField: keyof RequestDoc,
  rule: Rule,
  at: Date,
): Promise<number> {
  const _ = deps.db.command
  let moved = 0
  const skipped: string[] = []
  for (;;) {
    const query = skipped.length ? _.and([where, { _id: _.nin(skipped) }]) : where
    const res = await requests(deps.db).where(query).orderBy(orderField, 'asc').limit(BATCH).get()
    const due = res.data as RequestDoc[]
    if (due.length === 0) return moved
    // A few at a time: each move is one document's own conditional write, so they cannot clash,
    // and concurrent writes share the database's fsync.
    for (let i = 0; i < due.length; i += PARALLEL) {
      const chunk = due.slice(i, i + PARALLEL)
      const results = await Promise.all(
        chunk.map((doc) =>
          rule(doc, at).catch((err: unknown) => {
            console.error(`[scheduler] request ${doc._id} skipped`, err)
            return false
          }),
        ),
      )
      results.forEach((ok, j) => {
        if (ok) moved++
        else skipped.push(chunk[j]._id)
      })
    }
  }
}

export async function runScheduler(deps: Deps): Promise<SchedulerReport> {
  const { db } = deps
  const _ = db.command
  const at = deps.now()
  // Where a grid's requests go up to is the same for all of them: look it up once per run.
  const aboveCache = new Map<string, Promise<Placement | null>>()
  const above = (doc: RequestDoc) => {
    const key = `${doc.communityId}/${doc.level}/${doc.gridPath.join('/')}`
    let hit = aboveCache.get(key)
    if (!hit) {
      hit = placementAbove(db, doc)
      aboveCache.set(key, hit)
      // A failed lookup is not remembered: it must not take other requests down with it.
      hit.catch(() => aboveCache.delete(key))
    }
    return hit
  }

  // Not accepted in time → one level up, the accept clock starts again there.
  const acceptTimeouts = await sweep(
    deps,
    { status: 'assigned', level: _.gt(STREET_LEVEL), acceptBy: _.lte(at) },
    'acceptBy',
    async (doc, now) => {
      const to = await above(doc)
      if (!to) return false
      const note = `${doc.gridName}未在时限内接单，上报至${to.gridName}`
      return commitTransition(db, doc, 'acceptTimeout', SYSTEM_ACTOR, reassignment(doc, to, now), note, now, {
        acceptBy: doc.acceptBy,
      })
    },
    at,
  )

  // Not resolved in time → chase the assignee and their leader; escalation follows if it stays open.
  const chased = await sweep(
    deps,
    { status: 'accepted', resolveBy: _.lte(at), escalateBy: null },
    'resolveBy',
    async (doc, now) => {
      const escalateBy = addWorkingDays(now, WORKING_DAYS_AFTER_CHASE)
      const note = `已超过办结时限，请${doc.assigneeName ?? '网格员'}尽快办结`
      return commitTransition(db, doc, 'resolveOverdue', SYSTEM_ACTOR, { escalateBy }, note, now, {
        escalateBy: null,
        resolveBy: doc.resolveBy,
      })
    },
    at,
  )

  const overdueEscalations = await sweep(
    deps,
    { status: 'accepted', level: _.gt(STREET_LEVEL), escalateBy: _.lte(at) },
    'escalateBy',
    async (doc, now) => {
      const to = await above(doc)
      if (!to) return false
      const note = `催办后${WORKING_DAYS_AFTER_CHASE}个工作日仍未办结，上报至${to.gridName}`
      return commitTransition(
        db,
        doc,
        'overdueEscalate',
        SYSTEM_ACTOR,
        reassignment(doc, to, now),
        note,
        now,
        {
          escalateBy: doc.escalateBy,
        },
      )
    },
    at,
  )

  // Resolved but not rated for 7 days → closed as unrated (never counted as satisfied).
  const autoClosed = await sweep(
    deps,
    { status: 'resolved', resolvedAt: _.lte(new Date(at.getTime() - RATING_WINDOW_MS)) },
    'resolvedAt',
    async (doc, now) => {
      return commitTransition(db, doc, 'autoClose', SYSTEM_ACTOR, { closedAt: now }, '居民7天内未评价', now, {
        resolvedAt: doc.resolvedAt,
      })
    },
    at,
  )

  const countersFixed = local(at).format('HH:mm') === NIGHTLY_AT ? await reconcileOpenCounts(db) : 0

  return { acceptTimeouts, chased, overdueEscalations, autoClosed, countersFixed }
}
