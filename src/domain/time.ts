import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** Every community we serve keeps Beijing time; instants are stored in UTC. */
export const TIME_ZONE = 'Asia/Shanghai'
/**
 * Asia/Shanghai has had no daylight saving since 1991, so a fixed +8 offset is exact and keeps
 * the client free of Intl time-zone data (not guaranteed in every mini-program runtime).
 */
const BEIJING_OFFSET_MINUTES = 8 * 60

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

export function local(instant: Date | string | number): dayjs.Dayjs {
  return dayjs(instant).utcOffset(BEIJING_OFFSET_MINUTES)
}

/** "2026-11-22 14:05" in Beijing time, for timelines and lists. */
export function formatLocal(instant: Date | string | number, pattern = 'YYYY-MM-DD HH:mm'): string {
  return local(instant).format(pattern)
}

/**
 * A rule's length as people say it: "3小时", "30分钟", "14天" — the largest whole unit, so copy
 * shows the domain's constant (CANCEL_CUTOFF_MS, OFFER_MS…) instead of repeating its number.
 */
export function durationText(ms: number): string {
  if (ms >= DAY_MS && ms % DAY_MS === 0) return `${ms / DAY_MS}天`
  if (ms >= HOUR_MS && ms % HOUR_MS === 0) return `${ms / HOUR_MS}小时`
  return `${Math.round(ms / MINUTE_MS)}分钟`
}
