/**
 * 活动 (domain.md, "Activities"): kinds, sign-up statuses and the clock rules, as data.
 * Volunteer-platform practice: a freed seat goes to the first waiting person at once while more
 * than 2 hours remain, otherwise it is offered for 30 minutes; cancel until 3 hours before.
 */
import { DAY_MS, formatLocal, HOUR_MS, MINUTE_MS } from './time'
import { codesOf } from './transitions'

export const ACTIVITY_KINDS = {
  lecture: '大讲堂',
  afterSchool: '四点半课堂',
  elderCare: '暖心助老',
  other: '其他活动',
} as const
export type ActivityKind = keyof typeof ACTIVITY_KINDS
export const ACTIVITY_KIND_CODES = codesOf(ACTIVITY_KINDS)

/** Who may take a role: registered volunteers, anyone, or a guardian for a registered child. */
export const AUDIENCES = { volunteer: '志愿者', anyone: '居民', child: '孩子（家长代报）' } as const
export type Audience = keyof typeof AUDIENCES
export const AUDIENCE_CODES = codesOf(AUDIENCES)

export const SIGNUP_STATUSES = {
  confirmed: '已报名',
  waitlisted: '候补中',
  offered: '候补到位，待确认',
  cancelled: '已取消',
  noShow: '缺席',
} as const
export type SignupStatus = keyof typeof SIGNUP_STATUSES

/** More than this before the start, a freed seat goes straight to the first waiting person. */
export const AUTO_PROMOTE_BEFORE_MS = 2 * HOUR_MS
/** Otherwise it is offered to them for this long, then to the next. */
export const OFFER_MS = 30 * MINUTE_MS
/** Cancelling is possible until this long before the start. */
export const CANCEL_CUTOFF_MS = 3 * HOUR_MS
export const MAX_ROLES = 5
export const MAX_CAPACITY = 500
/** A term of 四点半课堂 is about 100 school days; more than this at once is a mistake. */
export const MAX_SESSIONS_PER_ACTIVITY = 200

/** What a freed seat becomes for the first person waiting, `remaining` before the start. */
export function freedSeatFor(remainingMs: number): 'confirmed' | 'offered' {
  return remainingMs > AUTO_PROMOTE_BEFORE_MS ? 'confirmed' : 'offered'
}

/** Check-in opens this long before the start (scanning the session's code, or from the list). */
export const CHECKIN_OPENS_BEFORE_MS = HOUR_MS
/** domain.md: two no-shows within 30 days lock new sign-ups for 14 days. */
export const NO_SHOW_LIMIT = 2
export const NO_SHOW_WINDOW_MS = 30 * DAY_MS
export const NO_SHOW_BLOCK_MS = 14 * DAY_MS

/** What a locked person is told when signing up, in the rule's own numbers. */
export function noShowLockMessage(until: Date): string {
  const days = NO_SHOW_WINDOW_MS / DAY_MS
  return `${days}天内缺席${NO_SHOW_LIMIT}次，${formatLocal(until, 'M月D日 HH:mm')}前暂停报名；如有特殊情况请联系组织者`
}

/** 四点半课堂 is for primary-school children. */
export const CHILD_MIN_AGE = 6
export const CHILD_MAX_AGE = 12
export const GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'] as const
/** A child can be collected by the registering guardian and up to this many more. */
export const MAX_COLLECTORS = 4

/**
 * Until when sign-ups are locked, given the times of someone's no-shows: each no-show that comes
 * within 30 days of the one before it starts a 14-day lock. Null if not locked at `at`.
 */
export function signupBlockedUntil(noShows: Date[], at: Date): Date | null {
  const times = noShows.map((d) => d.getTime()).sort((a, b) => a - b)
  let until = 0
  for (let i = NO_SHOW_LIMIT - 1; i < times.length; i++) {
    if (times[i] - times[i - NO_SHOW_LIMIT + 1] > NO_SHOW_WINDOW_MS) continue
    const end = times[i] + NO_SHOW_BLOCK_MS
    if (times[i] <= at.getTime() && end > at.getTime()) until = Math.max(until, end)
  }
  return until ? new Date(until) : null
}

/**
 * Volunteer hours of one attendance: the time checked in, counted within the session's own
 * hours (arriving early or leaving late is not counted), in half hours.
 */
export function serviceHours(checkIn: Date, checkOut: Date, session: { startAt: Date; endAt: Date }): number {
  const from = Math.max(checkIn.getTime(), new Date(session.startAt).getTime())
  const to = Math.min(checkOut.getTime(), new Date(session.endAt).getTime())
  return Math.max(0, Math.round((to - from) / (HOUR_MS / 2)) / 2)
}
