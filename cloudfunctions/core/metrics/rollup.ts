/**
 * 网格绩效 without rereading the community: a month's counts per grid, rolled up by the scheduler
 * (one `metricsMonthly` document per community-month), plus what the requests changed since.
 *
 * Every figure is a sum over requests (src/domain/metrics.ts requestCounts), so a rollup taken at
 * T0 — every request's events before T0 — is brought to any later instant by taking out what each
 * request changed since T0 added then and putting in what it adds now. A request changed since T0
 * has `updatedAt` ≥ T0 − ROLL_LAG_MS: the 台账 event and `updatedAt` go in the same write
 * (lifecycle.ts), and no write lands later than ROLL_LAG_MS after the instant it records. So a late
 * rating, a reopen, a merge or a volunteer's 确认圆梦 on a request of a rolled month is counted
 * where the 台账 puts it, and nothing is ever incremented: a retried event (refused by its
 * conditional write, or written once) and a re-run of the scheduler count once.
 *
 * 超时未办 of a running month moves with the clock alone (a deadline passes, no event): it is not
 * in a running month's rollup, and the board counts it live over the requests open now (few, however
 * long the history). A month rolled after its end (`final`) holds it, fixed at the month's end.
 */
import {
  bySource,
  COUNT_KEYS,
  countsByGrid,
  emptyGridMonth,
  monthBounds,
  requestCounts,
  type MetricsRequest,
  type MonthCounts,
} from '../../../src/domain/metrics'
import { OPEN_STATUSES } from '../../../src/domain/request'
import { local } from '../../../src/domain/time'
import type { Calendar } from '../../../src/domain/calendar'
import { keyedCalendar } from '../calendar/store'
import { byId, collection, replacing, type Database } from '../db'
import type { BuildingDoc, MetricsMonthlyDoc, RequestDoc } from '../model'
import { requests } from '../requests/store'
import { householdCounts } from '../grading/store'
import { shownWhere } from '../staging'
import { active } from '../community'

/**
 * How long after the instant it records a write can still land: CloudBase's longest function run
 * (900 s). A rollup counts events before its `rolledAt` = the run's clock minus this.
 */
export const ROLL_LAG_MS = 15 * 60_000
/** The months kept rolled: this one and the 12 before (the trend shows 6). Older ones are computed. */
export const ROLL_MONTHS = 13
/** Months rolled from the requests in one scheduler run (a month's requests each); the rest next run. */
export const FULL_ROLLS_PER_RUN = 2
/**
 * The scheduler rolls every quarter hour (its other runs stay as light as they were): the board
 * reads the changes since the last roll, so how often only bounds how many it reads.
 */
export const ROLL_EVERY_MINUTES = 15
export const rollupDue = (at: Date) => local(at).minute() % ROLL_EVERY_MINUTES === 0
export const noRollups = (): RollupReport => ({ rolled: 0, advanced: 0, pending: 0 })
/** A rollup with nothing changed is still moved forward this often, so the changes the board reads stay few. */
export const ADVANCE_EVERY_MS = 60 * 60_000

const PAGE = 1000

/** A month's counts per grid: the residents' and, apart, 巡查发现. */
export interface MonthFigures {
  resident: Record<string, MonthCounts>
  patrol: Record<string, MonthCounts>
  /** 民主测评 households per level-2 grid as the rollup counted them; absent when read live. */
  households?: Record<string, number>
}

/**
 * 民主测评's denominators now: households per level-2 grid, from every resident with a room (one
 * keyset read of the users per 100 buildings) — the board's costliest read at 20,000 residents,
 * so the rollup keeps it and the board reads that.
 */
async function householdsNow(db: Database, communityId: string): Promise<Record<string, number>> {
  const [grids, buildings] = await Promise.all([
    shownWhere(db, 'grids', { communityId }),
    shownWhere(db, 'buildings', { communityId }).then((b) => active(b as BuildingDoc[])),
  ])
  return Object.fromEntries(await householdCounts(db, new Map(grids.map((g) => [g._id, g])), buildings))
}

type Read = MetricsRequest & { _id: string; updatedAt: Date }

function toMetrics(
  d: Pick<
    RequestDoc,
    '_id' | 'createdAt' | 'updatedAt' | 'tier' | 'status' | 'homeGridPath' | 'sensitive' | 'events' | 'source'
  >,
): Read {
  return {
    _id: d._id,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
    tier: d.tier,
    status: d.status,
    // 治安线索 is the community's work: it counts in the community's figures, not its building's grids'.
    homeGridPath: d.sensitive ? d.homeGridPath.slice(0, 1) : d.homeGridPath,
    events: d.events.map((e) => ({ at: new Date(e.at), type: e.type })),
    source: d.source,
  }
}

/**
 * Keyset pages of 1,000 on (`order`, _id) — `communityId_updatedAt_id` / `communityId_status_createdAt_id`
 * cover filter and sort, so an ordered index scan serves each page in O(page). A document moved
 * forward while paging is met again later: `into` keeps its last reading.
 */
async function keyset(
  db: Database,
  where: object,
  order: 'updatedAt' | 'createdAt',
  into: Map<string, Read>,
): Promise<void> {
  const _ = db.command
  let after: { at: Date; id: string } | null = null
  for (;;) {
    const condition: object = after
      ? _.and([where, _.or([{ [order]: _.gt(after.at) }, { [order]: after.at, _id: _.gt(after.id) }])])
      : where
    const res = await requests(db)
      .where(condition)
      .orderBy(order, 'asc')
      .orderBy('_id', 'asc')
      .field({
        createdAt: true,
        updatedAt: true,
        tier: true,
        status: true,
        homeGridPath: true,
        sensitive: true,
        events: true,
        source: true,
      })
      .limit(PAGE)
      .get()
    for (const d of res.data) into.set(d._id, toMetrics(d))
    if (res.data.length < PAGE) return
    const last = res.data[res.data.length - 1]
    after = { at: new Date(last[order]), id: last._id }
  }
}

/**
 * Every request that can count in the month: made before its end, and touched since it began or
 * still open. The open ones first: one that moves meanwhile is touched, and met by the second read.
 */
export async function requestsForMonth(
  db: Database,
  communityId: string,
  start: Date,
  end: Date,
): Promise<Read[]> {
  const _ = db.command
  const out = new Map<string, Read>()
  await keyset(
    db,
    {
      communityId,
      status: _.in([...OPEN_STATUSES, 'resolved']),
      createdAt: _.lt(end),
      updatedAt: _.lt(start),
    },
    'createdAt',
    out,
  )
  await keyset(db, { communityId, updatedAt: _.gte(start), createdAt: _.lt(end) }, 'updatedAt', out)
  return [...out.values()]
}

/** Requests changed at or after `since` (less the lag) and made before `end` (and from `from`). */
async function changedSince(
  db: Database,
  communityId: string,
  since: Date,
  end: Date,
  from: Date | null,
): Promise<Read[]> {
  const _ = db.command
  const out = new Map<string, Read>()
  const createdAt = from ? _.and([_.gte(from), _.lt(end)]) : _.lt(end)
  const changed = { communityId, updatedAt: _.gte(new Date(since.getTime() - ROLL_LAG_MS)), createdAt }
  await keyset(db, changed, 'updatedAt', out)
  return [...out.values()]
}

export function countsOf(
  read: readonly Read[],
  month: string,
  asOf: Date,
  calendar: Calendar,
  overdue: boolean,
): MonthFigures {
  const { resident, patrol } = bySource(read)
  return {
    resident: countsByGrid(resident, month, asOf, calendar, {}, { overdue }),
    patrol: countsByGrid(patrol, month, asOf, calendar, {}, { overdue }),
  }
}

/** The rollup brought to `asOf`: what each changed request added at `rolledAt` out, what it adds now in. */
function rolledForward(
  doc: MetricsMonthlyDoc,
  changed: readonly Read[],
  asOf: Date,
  calendar: Calendar,
): MonthFigures {
  const out: MonthFigures = structuredClone({ resident: doc.resident, patrol: doc.patrol })
  if (doc.households) out.households = { ...doc.households }
  const overdue = doc.final
  const rolledAt = new Date(doc.rolledAt)
  for (const r of changed) {
    const into = r.source === 'patrol' ? out.patrol : out.resident
    countsByGrid([r], doc.month, rolledAt, calendar, into, { sign: -1, overdue })
    countsByGrid([r], doc.month, asOf, calendar, into, { overdue })
  }
  return out
}

/** 超时未办 of a running month, at `asOf`: over the requests open now. */
async function liveOverdue(
  db: Database,
  communityId: string,
  month: string,
  asOf: Date,
  calendar: Calendar,
  into: MonthFigures,
): Promise<void> {
  const _ = db.command
  const open = new Map<string, Read>()
  const { end } = monthBounds(month)
  await keyset(db, { communityId, status: _.in([...OPEN_STATUSES]), createdAt: _.lt(end) }, 'createdAt', open)
  for (const r of open.values()) {
    const { openOverdue } = requestCounts(r, month, asOf, calendar)
    if (!openOverdue) continue
    const counts = r.source === 'patrol' ? into.patrol : into.resident
    for (const g of r.homeGridPath) (counts[g] ??= emptyGridMonth()).openOverdue += openOverdue
  }
}

export const rollupId = (communityId: string, month: string) => `${communityId}:${month}`

/** A rollup the month's figures at `asOf` may start from: same calendar, taken before, as final as the month. */
function usable(doc: MetricsMonthlyDoc | null, key: string, asOf: Date): doc is MetricsMonthlyDoc {
  if (!doc || doc.calendarKey !== key || new Date(doc.rolledAt) > asOf) return false
  // Taken before a figure was added (已合并, 已转志愿服务): rolled again, not counted from nothing.
  const counts = [...Object.values(doc.resident), ...Object.values(doc.patrol)]
  if (!counts.every((c) => COUNT_KEYS.every((k) => typeof c[k] === 'number'))) return false
  return doc.final === asOf >= monthBounds(doc.month).end
}

/**
 * The month's counts per grid as known at `asOf`: from its rollup and what changed since when
 * there is one, else from the month's requests (the same figures either way: test/server/metrics-rollup).
 */
export async function monthFigures(
  db: Database,
  communityId: string,
  month: string,
  asOf: Date,
  keyed: { calendar: Calendar; key: string },
): Promise<MonthFigures> {
  const { start, end } = monthBounds(month)
  const doc = await byId(db, 'metricsMonthly', rollupId(communityId, month))
  if (!usable(doc, keyed.key, asOf)) {
    return countsOf(await requestsForMonth(db, communityId, start, end), month, asOf, keyed.calendar, true)
  }
  // A closed month changes only through the requests made in it (received, answered, resolved).
  const changed = await changedSince(db, communityId, new Date(doc.rolledAt), end, doc.final ? start : null)
  const out = rolledForward(doc, changed, asOf, keyed.calendar)
  if (!doc.final) await liveOverdue(db, communityId, month, asOf, keyed.calendar, out)
  return out
}

/** The months kept rolled at `at`, newest first: those begun by then. */
function rolledMonths(at: Date): string[] {
  const months = Array.from({ length: ROLL_MONTHS }, (_, i) =>
    local(at).startOf('month').subtract(i, 'month').format('YYYY-MM'),
  )
  return months.filter((m) => monthBounds(m).start <= at)
}

export interface RollupReport {
  /** Months rolled from their requests this run. */
  rolled: number
  /** Rollups moved forward by what changed since they were taken. */
  advanced: number
  /** Months still to roll from their requests (next runs). */
  pending: number
}

/**
 * The scheduler's part: for every community, the months kept rolled. A month without a rollup (or
 * rolled with another calendar, or rolled while it ran and now over) is rolled from its requests,
 * FULL_ROLLS_PER_RUN per run; the others are moved forward by what changed. Each rollup is written
 * whole, the moving forward on the condition that no other run moved it first: a second run, or one
 * after a crash, only starts again from what is there.
 */
export async function runRollups(db: Database, now: Date): Promise<RollupReport> {
  const report: RollupReport = { rolled: 0, advanced: 0, pending: 0 }
  const communities = await collection(db, 'communities').field({ _id: true }).limit(1000).get()
  for (const { _id } of communities.data) await rollCommunity(db, _id, now, report)
  return report
}

/** One community's months (runRollups); `report` carries the run's count of full rolls across communities. */
export async function rollCommunity(
  db: Database,
  communityId: string,
  now: Date,
  report: RollupReport = { rolled: 0, advanced: 0, pending: 0 },
): Promise<RollupReport> {
  const _ = db.command
  const at = new Date(now.getTime() - ROLL_LAG_MS)
  const months = rolledMonths(at)
  if (months.length === 0) return report
  const keyed = await keyedCalendar(db, communityId)
  const found = await collection(db, 'metricsMonthly')
    .where({ communityId, month: _.in(months) })
    .limit(ROLL_MONTHS)
    .get()
  const byMonth = new Map(found.data.map((d) => [d.month, d]))
  // Counted at most once a run, and only when a rollup is written.
  let counted: Promise<Record<string, number>> | null = null
  const households = () => (counted ??= householdsNow(db, communityId))
  const forward: MetricsMonthlyDoc[] = []
  for (const month of months) {
    const doc = byMonth.get(month) ?? null
    const { start, end } = monthBounds(month)
    if (usable(doc, keyed.key, at)) {
      forward.push(doc)
      continue
    }
    if (report.rolled >= FULL_ROLLS_PER_RUN) {
      report.pending++
      continue
    }
    const read = await requestsForMonth(db, communityId, start, end)
    const final = at >= end
    const body: Omit<MetricsMonthlyDoc, '_id'> = {
      communityId,
      month,
      rolledAt: at,
      final,
      calendarKey: keyed.key,
      ...countsOf(read, month, at, keyed.calendar, final),
      households: await households(),
    }
    await collection(db, 'metricsMonthly').doc(rollupId(communityId, month)).set(body)
    report.rolled++
  }
  if (forward.length === 0) return report
  // One read of what changed since the oldest of them, shared out by month.
  const oldest = new Date(Math.min(...forward.map((d) => new Date(d.rolledAt).getTime())))
  const changed = await changedSince(db, communityId, oldest, monthBounds(months[0]).end, null)
  for (const doc of forward) {
    const rolledAt = new Date(doc.rolledAt)
    const { start, end } = monthBounds(doc.month)
    const since = rolledAt.getTime() - ROLL_LAG_MS
    const mine = changed.filter(
      (r) => r.updatedAt.getTime() >= since && r.createdAt < end && (!doc.final || r.createdAt >= start),
    )
    if (mine.length === 0 && at.getTime() - rolledAt.getTime() < ADVANCE_EVERY_MS) continue
    const figures = rolledForward(doc, mine, at, keyed.calendar)
    // A closed month keeps the households it was rolled with; the running one's are counted anew.
    if (!doc.final || !figures.households) figures.households = await households()
    const res = await collection(db, 'metricsMonthly')
      .where({ _id: doc._id, rolledAt })
      .update(replacing(db, { ...figures, rolledAt: at }))
    if (res.updated === 1) report.advanced++
  }
  return report
}
