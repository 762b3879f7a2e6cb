import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { findWorkday, isWorkday } from 'chinese-days'
import { DAY_MS, local, MINUTE_MS, TIME_ZONE } from './time'

dayjs.extend(utc)
dayjs.extend(timezone)

/**
 * The instant `workingDays` Chinese working days (调休 included, via chinese-days) after `from`.
 * Started on a working day, the deadline keeps the time of day; started on a rest day, the clock
 * only begins with the next working day, so the deadline is the end of the n-th working day.
 */
export function addWorkingDays(from: Date, workingDays: number): Date {
  const start = local(from)
  const date = start.format('YYYY-MM-DD')
  const target = findWorkday(workingDays, date)
  if (isWorkday(date)) {
    return dayjs.tz(`${target} ${start.format('HH:mm:ss.SSS')}`, TIME_ZONE).toDate()
  }
  return dayjs.tz(`${target} 23:59:59.999`, TIME_ZONE).toDate()
}

export type Duration = { minutes: number } | { workingDays: number } | { days: number }

export function addDuration(from: Date, duration: Duration): Date {
  if ('minutes' in duration) return new Date(from.getTime() + duration.minutes * MINUTE_MS)
  if ('days' in duration) return new Date(from.getTime() + duration.days * DAY_MS)
  return addWorkingDays(from, duration.workingDays)
}
