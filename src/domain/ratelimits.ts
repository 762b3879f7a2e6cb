/**
 * Rate limits per user (个人信息保护 and plain abuse): how many times one person may call each
 * create-like action in a window. The router counts and refuses (RATE_LIMITED) before the action
 * runs, so nothing is written; a replay of the same `requestId` is not counted twice.
 */

export interface RateLimit {
  per: 'hour' | 'day'
  max: number
  /**
   * Count calls refused for their input too (NOT_FOUND …): where the refusal itself is what an
   * attacker is after — guessing invitation codes. Elsewhere a refused call gives its count back.
   */
  countRefusals?: boolean
}

/** Generous for a person, tight for a script; declared with each action (contract/<feature>.ts). */
export const hour = (max: number): RateLimit => ({ per: 'hour', max })
/** Refusals count too: for codes that must not be guessed. */
export const guarded = (max: number): RateLimit => ({ per: 'hour', max, countRefusals: true })

/** What a refusal "for the caller's input" is: nothing was done, and it gives its count back. */
export const REFUNDED_CODES: readonly string[] = ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN']

export const WINDOW_MS: Record<RateLimit['per'], number> = { hour: 3600_000, day: 86400_000 }

/** Beijing has no daylight saving: windows are whole hours, and days from local midnight. */
const BEIJING_OFFSET_MS = 8 * 3600_000

/** The window `at` falls in: [start, end). */
export function rateWindow(limit: RateLimit, at: Date): { start: Date; end: Date } {
  const len = WINDOW_MS[limit.per]
  const start = Math.floor((at.getTime() + BEIJING_OFFSET_MS) / len) * len - BEIJING_OFFSET_MS
  return { start: new Date(start), end: new Date(start + len) }
}

/** 操作太频繁（每小时最多30次），请12分钟后再试 */
export function rateLimitedMessage(limit: RateLimit, at: Date): string {
  const { end } = rateWindow(limit, at)
  const minutes = Math.max(1, Math.ceil((end.getTime() - at.getTime()) / 60_000))
  const wait = minutes <= 60 ? `${minutes}分钟` : `${Math.ceil(minutes / 60)}小时`
  const per = limit.per === 'hour' ? '每小时' : '每天'
  return `操作太频繁（${per}最多${limit.max}次），请${wait}后再试`
}
