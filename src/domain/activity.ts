/**
 * 活动 (domain.md, "Activities"): kinds, sign-up statuses and the clock rules, as data.
 * Volunteer-platform practice: a freed seat goes to the first waiting person at once while more
 * than 2 hours remain, otherwise it is offered for 30 minutes; cancel until 3 hours before.
 */
import { HOUR_MS, MINUTE_MS } from './time'

export const ACTIVITY_KINDS = {
  lecture: '大讲堂',
  afterSchool: '四点半课堂',
  elderCare: '暖心助老',
  other: '其他活动',
} as const
export type ActivityKind = keyof typeof ACTIVITY_KINDS
export const ACTIVITY_KIND_CODES = Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]]

export const SIGNUP_STATUSES = {
  confirmed: '已报名',
  waitlisted: '候补中',
  offered: '候补到位，待确认',
  cancelled: '已取消',
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
