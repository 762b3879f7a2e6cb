/**
 * When the sessions of an activity happen: one-off, or recurring on the Chinese working days
 * between two dates (四点半课堂 follows the school calendar: public holidays off, 调休 Saturdays on),
 * optionally only on some weekdays, by the community's calendar (calendar.ts).
 */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import type { Calendar } from './calendar'
import { MINUTE_MS, TIME_ZONE } from './time'

dayjs.extend(utc)
dayjs.extend(timezone)

export interface Schedule {
  /** YYYY-MM-DD, Beijing. For one-off sessions `from` is the day and `to` is absent. */
  from: string
  to?: string
  /** HH:mm, Beijing. */
  time: string
  durationMinutes: number
  /** Recurring only: 1 = Monday … 7 = Sunday; absent = every working day. */
  weekdays?: number[]
}

export interface SessionTime {
  startAt: Date
  endAt: Date
}

/** One session on `day` (YYYY-MM-DD) at `time` (HH:mm), Beijing, lasting `minutes`. */
export function sessionTime(day: string, time: string, minutes: number): SessionTime {
  const startAt = dayjs.tz(`${day} ${time}`, TIME_ZONE).toDate()
  return { startAt, endAt: new Date(startAt.getTime() + minutes * MINUTE_MS) }
}

export function sessionTimes(s: Schedule, calendar: Calendar): SessionTime[] {
  const at = (day: string) => sessionTime(day, s.time, s.durationMinutes)
  if (!s.to) return [at(s.from)]
  const out: SessionTime[] = []
  for (let d = dayjs.tz(s.from, TIME_ZONE); d.format('YYYY-MM-DD') <= s.to; d = d.add(1, 'day')) {
    const day = d.format('YYYY-MM-DD')
    const weekday = d.day() === 0 ? 7 : d.day()
    if (!calendar.isWorkday(day)) continue
    if (s.weekdays && !s.weekdays.includes(weekday)) continue
    out.push(at(day))
  }
  return out
}
