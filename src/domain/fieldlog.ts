/**
 * 民情日志 and household visits (issue 16, part 4), as data and pure rules. Seeds: 略阳 网格员民情日志,
 * 各网格责任人每天汇总并负责督办落实; 阿拉善右旗 每隔3天网格长带领队伍开展走访、入户; 三顺店 大走访, 包片, 六清楚.
 *
 * - A grid member's log is a list of entries, each of one kind (走访 / 矛盾纠纷 / 意见建议), dated
 *   by the day (Beijing) it was written on; any entry can become a request in one tap.
 * - A grid's visit plan says every household is visited every N **working days** (the community's
 *   calendar, 调休 included). Why working days: the grid goes door to door on working days; a
 *   calendar-day plan would put every household "behind" on the first day after 春节 or 国庆 for
 *   visits nobody was asked to make during the holiday. A household visited on D is due again on
 *   the N-th working day after D, and is overdue by the working days since then.
 * - Household records are minimal: building, room, one contact, and a 六清楚 kind only with consent.
 *
 * Time is an argument: every rule takes today's date (YYYY-MM-DD, Beijing) and the calendar.
 */
import { type Calendar, shiftDate } from './calendar'
import { VISIT_INTERVAL } from './fieldlog-kinds'
import { nthWorkdayAfter } from './workdays'

export {
  CONSENT_BY,
  ENTRY_REQUEST_CATEGORY,
  HOUSEHOLD_KIND_CODES,
  HOUSEHOLD_KINDS,
  LOG_ENTRY_KIND_CODES,
  LOG_ENTRY_KINDS,
  LOG_TEXT_MAX,
  LOG_TEXT_MIN,
  VISIT_INTERVAL,
  type HouseholdKind,
  type LogEntryKind,
} from './fieldlog-kinds'

/** The plan in force: the leader's interval, else the default. */
export function intervalOf(plan: { intervalDays: number } | null | undefined): number {
  return plan?.intervalDays ?? VISIT_INTERVAL.default
}

/** The day a household visited last on `lastVisit` (null: never) is due again. Never visited: due now. */
export function dueDay(
  lastVisit: string | null,
  intervalDays: number,
  calendar: Calendar,
  today: string,
): string {
  return lastVisit ? nthWorkdayAfter(calendar, lastVisit, intervalDays) : today
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workdaysBetween(calendar: Calendar, from: string, to: string): number {
  let n = 0
  for (let d = shiftDate(from, 1); d <= to; d = shiftDate(d, 1)) if (calendar.isWorkday(d)) n++
  return n
}

export interface VisitStanding {
  dueDay: string
  /** Due today or earlier. */
  due: boolean
  /** Working days past the due day (0: due today); never visited counts as one past the plan. */
  overdueDays: number
  never: boolean
}

/** Where a household stands on `today` under a plan of `intervalDays`. */
export function visitStanding(
  lastVisit: string | null,
  intervalDays: number,
  calendar: Calendar,
  today: string,
): VisitStanding {
  const day = dueDay(lastVisit, intervalDays, calendar, today)
  const due = day <= today
  return {
    dueDay: day,
    due,
    overdueDays: due ? workdaysBetween(calendar, day, today) + (lastVisit ? 0 : 1) : 0,
    never: !lastVisit,
  }
}

/** Today's due visits, most overdue first (then never visited, then by building and room). */
export function dueFirst<T extends { standing: VisitStanding; buildingCode: string; room: string }>(
  rows: readonly T[],
): T[] {
  return [...rows].sort(
    (a, b) =>
      Number(b.standing.due) - Number(a.standing.due) ||
      b.standing.overdueDays - a.standing.overdueDays ||
      a.standing.dueDay.localeCompare(b.standing.dueDay) ||
      a.buildingCode.localeCompare(b.buildingCode) ||
      a.room.localeCompare(b.room),
  )
}

/**
 * Visits a plan of N working days asks of one household from `from` to `until` (inclusive): one per
 * N working days, rounded up — the board's 应访 for a month (from its first day, or the day the
 * household was recorded, to its last day or today).
 */
export function visitsDueBetween(
  calendar: Calendar,
  from: string,
  until: string,
  intervalDays: number,
): number {
  if (until < from) return 0
  return Math.ceil(workdaysBetween(calendar, shiftDate(from, -1), until) / intervalDays)
}

/** What an overdue household reads as: 今天该走访了 / 已超期2个工作日 / 从未走访. */
export function standingText(s: VisitStanding): string {
  if (s.never) return '从未走访'
  if (!s.due) return `下次走访：${Number(s.dueDay.slice(5, 7))}月${Number(s.dueDay.slice(8))}日`
  return s.overdueDays === 0 ? '今天该走访了' : `已超期${s.overdueDays}个工作日`
}
