/**
 * Which days are working days (工作日) in mainland China, as data the project owns. Three layers,
 * the last word first:
 *
 * 1. the community's own adjustments (节假日调整): a date is a holiday, or a working day — entered
 *    by the community admin once the State Council publishes the year's 调休 notice (usually in
 *    November for the next year), or for a local arrangement;
 * 2. the official arrangement (holidays and 调休 working weekends) for the years chinese-days has
 *    it: the package is a copy of the State Council's notices, and ends with the last notice it
 *    saw (1.5.7: 2026);
 * 3. for any other year, a fallback that still knows the statutory holidays of
 *    《全国年节及纪念日放假办法》 (as amended by 国务院令第795号, in force from 2025-01-01): 元旦
 *    1 day, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 — the lunar and solar-term
 *    dates computed with chinese-days' astronomical tables — and weekends. It cannot know the
 *    调休 swaps (those are decided each year), which is what the adjustments are for.
 *
 * Pure: no clock, no I/O. Dates are Beijing calendar dates, `YYYY-MM-DD`.
 */
import { getSolarDateFromLunar, getSolarTerms } from 'chinese-days'
import official from 'chinese-days/dist/chinese-days.json'

export type DaySource = 'adjustment' | 'official' | 'statutory' | 'weekend' | 'weekday'

export interface CalendarDay {
  date: string
  workday: boolean
  /** Which layer decided it. */
  source: DaySource
  /** 国庆节, 春节（调休上班）, or the adjustment's note; null for a plain weekday or weekend. */
  name: string | null
}

/** A community's 节假日调整: this date is a holiday (workday false) or a working day. */
export interface CalendarAdjustment {
  date: string
  workday: boolean
  note: string
}

/**
 * How much is known of a year: `official` — the State Council's arrangement (chinese-days);
 * `confirmed` — only the fallback, but the community admin has entered the year's notice as
 * adjustments and said so; `fallback` — statutory holidays and weekends only, no 调休.
 */
export type YearCoverage = 'official' | 'confirmed' | 'fallback'

export interface Calendar {
  isWorkday(date: string): boolean
  day(date: string): CalendarDay
  coverage(year: number): YearCoverage
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** chinese-days stores "English,中文,days"; we show the Chinese. */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry
}

const OFFICIAL_HOLIDAYS = new Map(
  Object.entries(official.holidays as Record<string, string>).map(([d, n]) => [d, chineseName(n)]),
)
const OFFICIAL_WORKDAYS = new Map(
  Object.entries(official.workdays as Record<string, string>).map(([d, n]) => [
    d,
    `${chineseName(n)}调休上班`,
  ]),
)
/** Years whose arrangement the package has: every year with at least one official holiday. */
export const OFFICIAL_YEARS: ReadonlySet<number> = new Set(
  [...OFFICIAL_HOLIDAYS.keys()].map((d) => Number(d.slice(0, 4))),
)
export const LAST_OFFICIAL_YEAR = Math.max(...OFFICIAL_YEARS)

function parse(date: string): Date {
  const m = DATE.exec(date)
  if (!m) throw new Error(`not a date: ${date}`)
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** `date` moved by `days` calendar days. */
export function shiftDate(date: string, days: number): string {
  const d = parse(date)
  d.setUTCDate(d.getUTCDate() + days)
  return format(d)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = parse(date).getUTCDay()
  return day === 0 ? 7 : day
}

const statutoryCache = new Map<number, Map<string, string>>()

/** The statutory holidays of `year` by law (2025 amendment), date → name. */
export function statutoryHolidays(year: number): Map<string, string> {
  let days = statutoryCache.get(year)
  if (days) return days
  days = new Map<string, string>()
  // 中秋 can fall within 国庆 (2028-10-03): one day off, both names.
  const add = (date: string, name: string) =>
    days!.set(date, days!.has(date) ? `${days!.get(date)}、${name}` : name)
  const lunar = (month: number, day: number) =>
    getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date
  add(`${year}-01-01`, '元旦')
  // 春节: 农历除夕 and 正月初一 to 初三. 除夕 is the eve of 初一, whether 腊月 has 29 or 30 days.
  const newYear = lunar(1, 1)
  for (let i = -1; i <= 2; i++) add(shiftDate(newYear, i), '春节')
  const qingming = getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明')
  if (qingming) add(qingming.date, '清明节')
  add(`${year}-05-01`, '劳动节')
  add(`${year}-05-02`, '劳动节')
  add(lunar(5, 5), '端午节')
  add(lunar(8, 15), '中秋节')
  for (const d of ['10-01', '10-02', '10-03']) add(`${year}-${d}`, '国庆节')
  // Only this year's dates (除夕 of a late-January 春节 is still in January).
  for (const d of [...days.keys()]) if (!d.startsWith(`${year}-`)) days.delete(d)
  statutoryCache.set(year, days)
  return days
}

export interface CalendarOptions {
  adjustments?: CalendarAdjustment[]
  /** Years whose notice the community admin has entered and confirmed. */
  confirmedYears?: number[]
}

export function createCalendar(opts: CalendarOptions = {}): Calendar {
  const adjustments = new Map((opts.adjustments ?? []).map((a) => [a.date, a]))
  const confirmed = new Set(opts.confirmedYears ?? [])
  const cache = new Map<string, CalendarDay>()

  function decide(date: string): CalendarDay {
    const adjusted = adjustments.get(date)
    if (adjusted)
      return { date, workday: adjusted.workday, source: 'adjustment', name: adjusted.note || null }
    const year = Number(date.slice(0, 4))
    if (OFFICIAL_YEARS.has(year)) {
      const holiday = OFFICIAL_HOLIDAYS.get(date)
      if (holiday) return { date, workday: false, source: 'official', name: holiday }
      const swapped = OFFICIAL_WORKDAYS.get(date)
      if (swapped) return { date, workday: true, source: 'official', name: swapped }
    } else {
      const holiday = statutoryHolidays(year).get(date)
      if (holiday) return { date, workday: false, source: 'statutory', name: holiday }
    }
    return isoWeekday(date) >= 6
      ? { date, workday: false, source: 'weekend', name: null }
      : { date, workday: true, source: 'weekday', name: null }
  }

  const calendar: Calendar = {
    day(date) {
      let hit = cache.get(date)
      if (!hit) {
        hit = decide(date)
        cache.set(date, hit)
      }
      return hit
    },
    isWorkday: (date) => calendar.day(date).workday,
    coverage(year) {
      if (OFFICIAL_YEARS.has(year)) return 'official'
      return confirmed.has(year) ? 'confirmed' : 'fallback'
    },
  }
  return calendar
}

/** The calendar without any community's adjustments. */
export const BUILT_IN_CALENDAR = createCalendar()

/** How far ahead a year with only the fallback must be noticed: in October, not in January. */
export const CALENDAR_WARNING_DAYS = 90

/**
 * Years from `today` to `today` + 90 days that have only the fallback (no official data, not
 * confirmed by the community): the 调休 of those years is not known and must be entered.
 */
export function yearsNeedingNotice(
  calendar: Calendar,
  today: string,
  horizonDays = CALENDAR_WARNING_DAYS,
): number[] {
  const first = Number(today.slice(0, 4))
  const last = Number(shiftDate(today, horizonDays).slice(0, 4))
  const out: number[] = []
  for (let y = first; y <= last; y++) if (calendar.coverage(y) === 'fallback') out.push(y)
  return out
}

/** 2027年的节假日调休安排尚未录入… — the warning, or null. */
export function calendarWarning(calendar: Calendar, today: string): string | null {
  const years = yearsNeedingNotice(calendar, today)
  if (years.length === 0) return null
  const named = years.map((y) => `${y}年`).join('、')
  return (
    `${named}的放假调休安排尚未录入：办理时限和活动场次目前只按法定节假日和周末计算，不含调休上班日。` +
    '国务院办公厅发布通知后，请在「社区设置 → 节假日调整」中录入并确认。'
  )
}
