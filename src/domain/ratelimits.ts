/**
 * Rate limits per user (个人信息保护 and plain abuse): how many times one person may call each
 * create-like action in a window. The router counts and refuses (RATE_LIMITED) before the action
 * runs, so nothing is written; a replay of the same `requestId` is not counted twice.
 */
import type { ActionName } from './contract'

export interface RateLimit {
  per: 'hour' | 'day'
  max: number
  /**
   * Count calls refused for their input too (NOT_FOUND …): where the refusal itself is what an
   * attacker is after — guessing invitation codes. Elsewhere a refused call gives its count back.
   */
  countRefusals?: boolean
}

const hour = (max: number): RateLimit => ({ per: 'hour', max })
const guarded = (max: number): RateLimit => ({ per: 'hour', max, countRefusals: true })

/** What a refusal "for the caller's input" is: nothing was done, and it gives its count back. */
export const REFUNDED_CODES: readonly string[] = ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN']

/** Generous for a person, tight for a script. Request creates are also capped by open requests. */
export const RATE_LIMITS: Partial<Record<ActionName, RateLimit>> = {
  'request.create': hour(30),
  'request.createOnBehalf': hour(60),
  'request.chase': hour(30),
  'wish.create': hour(20),
  'wish.createOnBehalf': hour(30),
  'wish.claim': hour(20),
  'volunteer.register': hour(20),
  'volunteer.certificate': hour(10),
  'activity.create': hour(30),
  'session.signUp': hour(60),
  'activity.signUpAll': hour(20),
  'child.register': hour(10),
  'elder.add': hour(60),
  'visit.log': hour(120),
  'session.checkInCode': hour(30),
  'invite.create': hour(60),
  // An 8-character code from 31 symbols cannot be guessed at 20 tries an hour.
  'invite.peek': guarded(20),
  'invite.accept': guarded(20),
  'setup.apply': hour(20),
  'setup.undo': hour(20),
  'setup.saveGrid': hour(200),
  'setup.saveBuilding': hour(500),
  'setup.savePerson': hour(500),
  'upload.record': hour(100),
  'calendar.adjust': hour(200),
  'calendar.remove': hour(200),
  'calendar.confirm': hour(20),
}

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
