/**
 * The timer's work (every minute): requests that cannot fall through. Each rule picks what is
 * due and moves it with the same conditional write people use, guarded by the clock value it
 * saw — so a second run for the same minute, or a run after a crash mid-scan, changes nothing
 * that was already done.
 */
import { DAY_MS, local } from '../../src/domain/time'
import { reconcileOpenCounts, runRequestJobs, type RequestJobsReport } from './requests/jobs'
import { runWishJobs } from './wishes/jobs'
import { warnCalendarGaps } from './calendar/actions'
import { sendUnitFeedback } from './units/feedback'
import { purgeUnattachedUploads } from './uploads/actions'
import { purgeDocuments } from './documents'
import { emptyRetentionReport, retentionDue, runRetention, type RetentionReport } from './retention/jobs'
import type { Deps } from './context'
import { collection } from './db'
import { drain } from './drain'
import type { OutboxHolder } from './model'
import { WISH_OUTBOX } from './wishes/store'
import { closeEndedSessions, expireOffers, flagMissedVisits, sendReminders } from './activities/jobs'
import { SESSION_OUTBOX } from './activities/messages'
import { Delivery, type DeliveryReport } from './notify/deliver'
import { AudienceResolver, fanOut, REQUEST_OUTBOX, type OutboxSource } from './notify/fanout'
import { RECTIFY_OUTBOX } from './grading/store'
import { noRollups, rollupDue, runRollups, type RollupReport } from './metrics/rollup'

/** The timer needs the database, the clock, WeChat and storage (the nightly purge of uploads). */
export type SchedulerDeps = Deps

export interface SchedulerReport extends RequestJobsReport {
  /** Residents whose open-request counter was set right (only in the nightly run). */
  countersFixed: number
  /** Rate-limit windows that ended over a day ago, removed (only in the nightly run). */
  rateLimitsPurged: number
  /**
   * Communities told (nightly) that a year within 90 days has no known 调休 yet, with the years:
   * `c-xingfuli: 2027`. Each admin hears once per year; the list repeats every night until it is done.
   */
  calendarWarnings: string[]
  /** 双反馈: monthly records sent to 双报到 units' contacts (nightly; once per contact and month). */
  unitFeedbacks: number
  /** Uploads never attached within a day, deleted with their files (only in the nightly run). */
  uploadsPurged: number
  /** Documents handed over more than half an hour ago, deleted (every run). */
  documentsPurged: number
  /**
   * 保存期限 (src/domain/retention.ts): records purged or anonymised per kind, and the kinds with
   * more due than one run takes (every run of the nightly hour; zeros otherwise).
   */
  retention: RetentionReport
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
  /** 网格绩效 rollups (metrics/rollup.ts; each quarter hour): months rolled from their requests, moved forward, left for later. */
  metrics: RollupReport
}

/** Beijing time of the nightly run that re-derives the open-request counters. */
export const NIGHTLY_AT = '03:00'

export async function runScheduler(deps: SchedulerDeps): Promise<SchedulerReport> {
  const { db } = deps
  const _ = db.command
  const at = deps.now()
  const requestJobs = await runRequestJobs(deps, at)

  const nightly = local(at).format('HH:mm') === NIGHTLY_AT
  const countersFixed = nightly ? await reconcileOpenCounts(db) : 0
  // Windows long over count nothing any more: they go, so the collection stays the size of a day.
  const rateLimitsPurged = nightly
    ? Number(
        (
          await collection(db, 'rateLimits')
            .where({ expiresAt: _.lt(new Date(at.getTime() - DAY_MS)) })
            .remove()
        ).deleted ?? 0,
      )
    : 0
  const calendarWarnings = nightly ? await warnCalendarGaps(db, at) : []
  // 双反馈: last month's record to each 双报到 unit (once per contact and month).
  const unitFeedbacks = nightly ? await sendUnitFeedback(db, at) : 0
  const uploadsPurged = nightly ? await purgeUnattachedUploads(deps, at) : 0
  const documentsPurged = await purgeDocuments(deps, at)
  const retention = retentionDue(at) ? await runRetention(deps, at) : emptyRetentionReport()

  // 微心愿: a claim past its promised date goes back on the wall; confirmed ones are credited.
  const { lapsedClaims, wishesCredited } = await runWishJobs(db, at)

  // 活动: offers of a freed seat not taken within 30 minutes pass to the next person.
  const offersExpired = await expireOffers(db, at)
  const sessionsClosed = await closeEndedSessions(db, at)
  const visitsMissed = await flagMissedVisits(db, at)
  await sendReminders(db, at)

  // Last, so what the rules above just did is told in this same run.
  let messagesCreated = 0
  const audiences = new AudienceResolver(db)
  for (const source of [
    REQUEST_OUTBOX,
    WISH_OUTBOX,
    SESSION_OUTBOX,
    RECTIFY_OUTBOX,
  ] as OutboxSource<OutboxHolder>[]) {
    await drain(db, source.collection, { outboxPending: true }, '_id', async (doc) => {
      const { created, done } = await fanOut(db, source, doc, at, audiences)
      messagesCreated += created
      // Entries appended meanwhile keep it pending: the next run takes them.
      return done
    })
  }
  const delivery = await new Delivery(db, deps.wx).run(at)
  // After the moves above (what they changed is what the rollups are moved forward by); each quarter hour.
  const metrics = rollupDue(at) ? await runRollups(db, at) : noRollups()

  return {
    ...requestJobs,
    countersFixed,
    rateLimitsPurged,
    calendarWarnings,
    unitFeedbacks,
    uploadsPurged,
    documentsPurged,
    retention,
    lapsedClaims,
    wishesCredited,
    offersExpired,
    sessionsClosed,
    visitsMissed,
    messagesCreated,
    delivery,
    metrics,
  }
}
