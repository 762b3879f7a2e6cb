/**
 * The grid performance figures (domain.md, "Metrics"), computed from each request's 台账 — never
 * from counters that can drift. All four rates are per grid per calendar month (Beijing time).
 *
 *   响应率  accepted before the original accept deadline ÷ received (not cancelled or merged)
 *   解决率  received that were resolved ÷ received
 *   满意率  满意/基本满意 ratings ÷ all ratings given in the month (a 不满意 reopens or goes to the
 *           community, so it shows as a reopen/appeal event); unrated closures are counted apart
 *   按时率  closed on time ÷ (closed + open and overdue): an overdue open request must hurt it
 *
 * 志愿服务解决 (volunteerSolved, issue 19, volunteer-work.ts): requests the month closed because the
 * resident confirmed the volunteer's work on their 微心愿. They count as resolved (解决率), are not
 * rated (满意率 leaves them out) nor timed (按时率: their clock stood still), and while volunteers
 * serve one it is never open and overdue.
 *
 * Counted apart, of the requests received in the month (issue 19): 已合并 (merged — a duplicate,
 * never in 受理: its work is the request it repeated) and 已转志愿服务 (toVolunteers — turned into a
 * 微心愿 at some point; in 受理 as any request).
 */
import { SLA_TIERS, type SlaTier } from './categories'
import type { RequestSource } from './patrol'
import type { RequestStatus } from './request'
import { local } from './time'
import { addDuration } from './workdays'
import type { Calendar } from './calendar'

export interface MetricsEvent {
  at: Date
  type: string
}

/**
 * Moves after which a request is not counted as received: 撤销 by its resident, and 合并 of a
 * duplicate (重复诉求) — the work is counted once, on the request it repeated.
 */
const WITHDRAWN: readonly string[] = ['cancel', 'merge']

/** What the figures need of a request. */
export interface MetricsRequest {
  createdAt: Date
  tier: SlaTier
  status: RequestStatus
  /** The building's micro-grid and the grids above it: whose figures the request counts in. */
  homeGridPath: string[]
  events: MetricsEvent[]
  /** 巡查发现 (patrol.ts) is counted apart: residents' rates stay what they were. Absent: a resident's. */
  source?: RequestSource
}

/** Residents' requests and 巡查发现, apart: the four rates are the residents'; patrol has its own figures. */
export function bySource<R extends Pick<MetricsRequest, 'source'>>(requests: readonly R[]) {
  return {
    resident: requests.filter((r) => r.source !== 'patrol'),
    patrol: requests.filter((r) => r.source === 'patrol'),
  }
}

/** What the board shows of a grid's 巡查发现 in the month: how many were found, how they went. */
export function patrolFigures(m: GridMonth) {
  return {
    found: m.received,
    resolved: m.resolved,
    openOverdue: m.openOverdue,
    responseRate: m.responseRate,
    onTimeRate: m.onTimeRate,
  }
}

export interface GridMonth {
  received: number
  respondedOnTime: number
  resolved: number
  ratings: number
  satisfied: number
  unrated: number
  closed: number
  closedOnTime: number
  openOverdue: number
  volunteerSolved: number
  merged: number
  toVolunteers: number
  responseRate: number | null
  resolutionRate: number | null
  satisfactionRate: number | null
  onTimeRate: number | null
}

/** A month with nothing in it: every count 0, every rate unknown. */
export function emptyGridMonth(): GridMonth {
  return {
    received: 0,
    respondedOnTime: 0,
    resolved: 0,
    ratings: 0,
    satisfied: 0,
    unrated: 0,
    closed: 0,
    closedOnTime: 0,
    openOverdue: 0,
    volunteerSolved: 0,
    merged: 0,
    toVolunteers: 0,
    responseRate: null,
    resolutionRate: null,
    satisfactionRate: null,
    onTimeRate: null,
  }
}

/** The month's bounds as instants: [start, end). */
export function monthBounds(month: string): { start: Date; end: Date } {
  const start = local(`${month}-01T00:00:00+08:00`).startOf('month')
  return { start: start.toDate(), end: start.add(1, 'month').toDate() }
}

const within = (at: Date, start: Date, end: Date) => at >= start && at < end
const closes = (type: string) =>
  type === 'rate' || type === 'autoClose' || type === 'closeUnsatisfied' || type === 'volunteerDone'
/** With the volunteers at `events`' end: turned into a wish, not (yet) back. */
const withVolunteers = (events: readonly MetricsEvent[]) =>
  events.filter((e) => e.type === 'toWish' || e.type === 'volunteerBack').pop()?.type === 'toWish'
const rate = (n: number, d: number) => (d === 0 ? null : n / d)

/** A month's counts, without the rates (what a rollup keeps: the rates follow from them). */
export type MonthCounts = Omit<
  GridMonth,
  'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'onTimeRate'
>
export const COUNT_KEYS = Object.keys(emptyGridMonth()).filter(
  (k) => !k.endsWith('Rate'),
) as (keyof MonthCounts)[]

/** The four rates from the counts. */
export function withRates(c: MonthCounts): GridMonth {
  return {
    ...c,
    responseRate: rate(c.respondedOnTime, c.received),
    resolutionRate: rate(c.resolved, c.received),
    satisfactionRate: rate(c.satisfied, c.ratings),
    onTimeRate: rate(c.closedOnTime, c.closed + c.openOverdue),
  }
}

/**
 * What one request adds to its grids' counts for `month` as known at `asOf`: every figure is a sum
 * over requests, so a month is the sum of these and a change of one request changes only its own.
 * `overdue: false` leaves 超时未办 out (it moves with the clock alone, not with the 台账).
 */
export function requestCounts(
  r: MetricsRequest,
  month: string,
  asOf: Date,
  calendar: Calendar,
  { overdue = true }: { overdue?: boolean } = {},
): MonthCounts {
  const { start, end } = monthBounds(month)
  const cutoff = asOf < end ? asOf : end
  const m: MonthCounts = emptyGridMonth()
  const events = r.events.filter((e) => e.at < cutoff)
  // A request received on the 30th is judged by what happened to it, even if in the next month.
  const known = r.events.filter((e) => e.at < asOf)
  const tier = SLA_TIERS[r.tier]
  const acceptDue = addDuration(r.createdAt, tier.acceptWithin, calendar)
  const resolveDue = addDuration(r.createdAt, tier.resolveWithin, calendar)

  const receivedHere = within(r.createdAt, start, cutoff)
  if (receivedHere && known.some((e) => e.type === 'merge')) m.merged++
  if (receivedHere && !known.some((e) => WITHDRAWN.includes(e.type))) {
    m.received++
    if (known.some((e) => e.type === 'toWish')) m.toVolunteers++
    const firstAccept = known.find((e) => e.type === 'accept')
    if (firstAccept && firstAccept.at <= acceptDue) m.respondedOnTime++
    if (known.some((e) => e.type === 'resolve' || e.type === 'volunteerDone')) m.resolved++
  }
  for (const e of events) {
    if (!within(e.at, start, end)) continue
    if (e.type === 'rate') {
      m.ratings++
      m.satisfied++
    } else if (e.type === 'reopen' || e.type === 'appeal' || e.type === 'closeUnsatisfied') m.ratings++
    else if (e.type === 'autoClose') m.unrated++
    else if (e.type === 'volunteerDone') m.volunteerSolved++
  }
  const closing = events.find(
    (e) => (e.type === 'rate' || e.type === 'autoClose') && within(e.at, start, end),
  )
  if (closing) {
    m.closed++
    const lastResolve = [...events].reverse().find((e) => e.type === 'resolve' && e.at <= closing.at)
    if (lastResolve && lastResolve.at <= resolveDue) m.closedOnTime++
  }
  // Open at the cutoff (received by then, neither closed nor cancelled) and past its deadline.
  const endedBy = events.some((e) => closes(e.type) || WITHDRAWN.includes(e.type))
  if (overdue && r.createdAt < cutoff && !endedBy && !withVolunteers(events) && resolveDue < cutoff) {
    const resolvedNow =
      events.filter((e) => ['resolve', 'reopen', 'appeal'].includes(e.type)).pop()?.type === 'resolve'
    if (!resolvedNow) m.openOverdue++
  }
  return m
}

/** `into` += `sign` × `c`, count by count. */
export function addCounts(into: MonthCounts, c: MonthCounts, sign = 1): void {
  for (const k of COUNT_KEYS) into[k] += sign * c[k]
}

/**
 * Figures for one grid (or the community, with its level-1 id) for `month`, as known at `asOf`
 * (the month's end for a past month, now for the current one).
 */
export function gridMonth(
  requests: readonly MetricsRequest[],
  gridId: string,
  month: string,
  asOf: Date,
  calendar: Calendar,
): GridMonth {
  const m: MonthCounts = emptyGridMonth()
  for (const r of requests) {
    if (r.homeGridPath.includes(gridId)) addCounts(m, requestCounts(r, month, asOf, calendar))
  }
  return withRates(m)
}

/** Every grid's counts at once (each request adds to each grid of its path): gridId → counts. */
export function countsByGrid(
  requests: readonly MetricsRequest[],
  month: string,
  asOf: Date,
  calendar: Calendar,
  into: Record<string, MonthCounts> = {},
  { sign = 1, overdue = true }: { sign?: number; overdue?: boolean } = {},
): Record<string, MonthCounts> {
  for (const r of requests) {
    const c = requestCounts(r, month, asOf, calendar, { overdue })
    if (COUNT_KEYS.every((k) => c[k] === 0)) continue
    for (const g of r.homeGridPath) addCounts((into[g] ??= emptyGridMonth()), c, sign)
  }
  return into
}
