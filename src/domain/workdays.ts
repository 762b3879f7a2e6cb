import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { shiftDate, type Calendar } from './calendar'
import { DAY_MS, local, MINUTE_MS, TIME_ZONE } from './time'

dayjs.extend(utc)
dayjs.extend(timezone)

/** No run of rest days is this long; a calendar that says so is broken, not a reason to loop. */
const MAX_REST_RUN_DAYS = 60

/** The `n`-th working day after `date` (n ≥ 1), by `calendar`. */
export function nthWorkdayAfter(calendar: Calendar, date: string, n: number): string {
  let day = date
  for (let found = 0, rest = 0; found < n; ) {
    day = shiftDate(day, 1)
    if (calendar.isWorkday(day)) {
      found++
      rest = 0
    } else if (++rest > MAX_REST_RUN_DAYS) {
      throw new Error(`no working day in ${MAX_REST_RUN_DAYS} days after ${day}`)
    }
  }
  return day
}

/**
 * The instant `workingDays` working days after `from`, by the community's `calendar` (调休
 * included). Started on a working day, the deadline keeps the time of day; started on a rest day,
 * the clock only begins with the next working day, so the deadline is the end of the n-th one.
 */
export function addWorkingDays(from: Date, workingDays: number, calendar: Calendar): Date {
  const start = local(from)
  const date = start.format('YYYY-MM-DD')
  const target = nthWorkdayAfter(calendar, date, workingDays)
  if (calendar.isWorkday(date)) {
    return dayjs.tz(`${target} ${start.format('HH:mm:ss.SSS')}`, TIME_ZONE).toDate()
  }
  return dayjs.tz(`${target} 23:59:59.999`, TIME_ZONE).toDate()
}

export type Duration = { minutes: number } | { workingDays: number } | { days: number }

export function addDuration(from: Date, duration: Duration, calendar: Calendar): Date {
  if ('minutes' in duration) return new Date(from.getTime() + duration.minutes * MINUTE_MS)
  if ('days' in duration) return new Date(from.getTime() + duration.days * DAY_MS)
  return addWorkingDays(from, duration.workingDays, calendar)
}
