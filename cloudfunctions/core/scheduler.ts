/**
 * The timer's work (every minute): requests that cannot fall through. Each rule picks what is
 * due and moves it with the same conditional write people use, guarded by the clock value it
 * saw — so a second run for the same minute, or a run after a crash mid-scan, changes nothing
 * that was already done.
 */
import { OPEN_STATUSES } from '../../src/domain/request'
import { DAY_MS, local } from '../../src/domain/time'
import { addWorkingDays } from '../../src/domain/workdays'
import { CalendarCache } from './calendar'
import { warnCalendarGaps } from './actions/calendar'
import { purgeUnattachedUploads } from './uploads/actions'
import { commitTransition, SYSTEM_ACTOR } from './actions/transitions'
import { requests } from './actions/requests'
import type { Deps } from './context'
import { COLLECTIONS } from './db'
import { drain } from './drain'
import type { OutboxHolder, RequestDoc, UserDoc, WishDoc } from './model'
import { commitWish, creditWish } from './wishes/moves'
import { WISH_OUTBOX } from './wishes/store'
import { closeEndedSessions, expireOffers, flagMissedVisits, sendReminders } from './activities/jobs'
import { SESSION_OUTBOX } from './activities/messages'
import { Delivery, type DeliveryReport } from './notify/deliver'
import { AudienceResolver, fanOut, REQUEST_OUTBOX, type OutboxSource } from './notify/fanout'
import { placementAbove, reassignment, STREET_LEVEL, type Placement } from './placement'

const BATCH = 100
/** A resolved request nobody rated is closed as unrated after this (domain.md, "Closing"). */
export const RATING_WINDOW_MS = 7 * DAY_MS
/** Still open this many working days after the chase → escalate (domain.md, "Requests"). */
export const WORKING_DAYS_AFTER_CHASE = 5

/** The timer needs the database, the clock, WeChat and storage (the nightly purge of uploads). */
export type SchedulerDeps = Deps

export interface SchedulerReport {
  acceptTimeouts: number
  chased: number
  overdueEscalations: number
  autoClosed: number
  /** Residents whose open-request counter was set right (only in the nightly run). */
  countersFixed: number
  /** Rate-limit windows that ended over a day ago, removed (only in the nightly run). */
  rateLimitsPurged: number
  /**
   * Communities told (nightly) that a year within 90 days has no known 调休 yet, with the years:
   * `c-xingfuli: 2027`. Each admin hears once per year; the list repeats every night until it is done.
   */
  calendarWarnings: string[]
  /** Uploads never attached within a day, deleted with their files (only in the nightly run). */
  uploadsPurged: number
  /** 活动 seats offered and not taken in time, passed on. */
  offersExpired: number
  /** 活动 sessions that ended: no-shows counted, forgotten check-outs closed and flagged. */
  sessionsClosed: number
  /** 暖心助老 visits not logged by the end of their day, flagged to the building's grid. */
  visitsMissed: number
  /** 微心愿 claims past their promised date, back on the wall. */
  lapsedClaims: number
  /** Confirmed wishes whose points entered the ledger in this run (catch-up after a crash). */
  wishesCredited: number
  /** Outbox entries of requests, wishes and sessions turned into messages (one per recipient). */
  messagesCreated: number
  /** WeChat subscribe messages this run. */
  delivery: DeliveryReport
}

/** Beijing time of the nightly run that re-derives the open-request counters. */
export const NIGHTLY_AT = '03:00'

/**
 * The open-request counter is written just after a request's transition (CloudBase transactions
 * are single-document); a crash between the two leaves it off by one. Once a night it is
 * re-derived from the requests themselves, for every resident who has a count.
 */
async function reconcileOpenCounts(db: SchedulerDeps['db']): Promise<number> {
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

/** Runs `rule` over every request `where` finds due (see drain). */
function sweep(
  deps: SchedulerDeps,
  where: object,
  orderField: keyof RequestDoc,
  rule: Rule,
  at: Date,
): Promise<number> {
  return drain<RequestDoc>(deps.db, COLLECTIONS.requests, where, orderField, (doc) => rule(doc, at))
}

export async function runScheduler(deps: SchedulerDeps): Promise<SchedulerReport> {
  const { db } = deps
  const _ = db.command
  const at = deps.now()
  const calendars = new CalendarCache(db)
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
      const calendar = await calendars.of(doc.communityId)
      const changes = reassignment(doc, to, now, calendar)
      return commitTransition(db, doc, 'acceptTimeout', SYSTEM_ACTOR, changes, note, now, {
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
      const escalateBy = addWorkingDays(now, WORKING_DAYS_AFTER_CHASE, await calendars.of(doc.communityId))
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
        reassignment(doc, to, now, await calendars.of(doc.communityId)),
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

  const nightly = local(at).format('HH:mm') === NIGHTLY_AT
  const countersFixed = nightly ? await reconcileOpenCounts(db) : 0
  // Windows long over count nothing any more: they go, so the collection stays the size of a day.
  const rateLimitsPurged = nightly
    ? Number(
        (
          await db
            .collection(COLLECTIONS.rateLimits)
            .where({ expiresAt: _.lt(new Date(at.getTime() - DAY_MS)) })
            .remove()
        ).deleted ?? 0,
      )
    : 0
  const calendarWarnings = nightly ? await warnCalendarGaps(db, at) : []
  const uploadsPurged = nightly ? await purgeUnattachedUploads(deps, at) : 0

  // 微心愿: a claim past its promised date goes back on the wall; confirmed ones are credited.
  const lapsedClaims = await drain<WishDoc>(
    db,
    COLLECTIONS.wishes,
    { status: 'claimed', 'claim.promisedBy': _.lte(at) },
    'claim.promisedBy',
    (doc) =>
      commitWish(
        db,
        doc,
        'lapse',
        SYSTEM_ACTOR,
        { claim: null, waitingSince: at },
        `${doc.claim?.name ?? '认领人'}未在承诺日期前完成，心愿重新上墙`,
        at,
      ),
  )
  const wishesCredited = await drain<WishDoc>(
    db,
    COLLECTIONS.wishes,
    { status: 'done', credited: false },
    '_id',
    async (doc) => {
      await creditWish(db, doc)
      return true
    },
  )

  // 活动: offers of a freed seat not taken within 30 minutes pass to the next person.
  const offersExpired = await expireOffers(db, at)
  const sessionsClosed = await closeEndedSessions(db, at)
  const visitsMissed = await flagMissedVisits(db, at)
  await sendReminders(db, at)

  // Last, so what the rules above just did is told in this same run.
  let messagesCreated = 0
  const audiences = new AudienceResolver(db)
  for (const source of [REQUEST_OUTBOX, WISH_OUTBOX, SESSION_OUTBOX] as OutboxSource<OutboxHolder>[]) {
    await drain<OutboxHolder>(db, source.collection, { outboxPending: true }, '_id', async (doc) => {
      const { created, done } = await fanOut(db, source, doc, at, audiences)
      messagesCreated += created
      // Entries appended meanwhile keep it pending: the next run takes them.
      return done
    })
  }
  const delivery = await new Delivery(db, deps.wx).run(at)

  return {
    acceptTimeouts,
    chased,
    overdueEscalations,
    autoClosed,
    countersFixed,
    rateLimitsPurged,
    calendarWarnings,
    uploadsPurged,
    lapsedClaims,
    wishesCredited,
    offersExpired,
    sessionsClosed,
    visitsMissed,
    messagesCreated,
    delivery,
  }
}
