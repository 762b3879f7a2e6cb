/**
 * The sign-up (报名) lifecycle as data: one person's — or one child's — place in one session
 * (domain.md, "Activities"). The shape follows the request and wish tables (request.ts, wish.ts).
 *
 *   (new) ─signUp─▶ confirmed ─close, never checked in─▶ noShow
 *   (new) ─queue──▶ waitlisted ─promote─▶ confirmed
 *                   waitlisted ─offer─▶ offered ─acceptOffer / checkIn─▶ confirmed
 *                                        offered ─expireOffer / lapseOffer─▶ cancelled
 *   confirmed, waitlisted, offered ─cancel─▶ cancelled ─signUp / queue─▶ (again)
 *
 * Every status change cloudfunctions/core/activities makes is a row here (test/domain/signup.test.ts
 * lists them with the file that makes them). A sign-up takes its seat or ticket first
 * (seats.ts#takeSeat) and then writes the place as confirmed or waitlisted in one write (signup.ts);
 * places written before that (issue 21) may still hold a transient `pending`, which nobody sees,
 * so it is not a status here.
 *
 * Time rules are not in the table (they need the session): cancelling closes CANCEL_CUTOFF_MS
 * before the start, check-in opens CHECKIN_OPENS_BEFORE_MS before it (activity.ts).
 */
import { AUTO_PROMOTE_BEFORE_MS, OFFER_MS, SIGNUP_STATUSES, type SignupStatus } from './activity'
import { durationText } from './time'
import { codesOf, tableCheck, transitionTable } from './transitions'

export { SIGNUP_STATUSES, type SignupStatus }
export const SIGNUP_STATUS_CODES = codesOf(SIGNUP_STATUSES)

/** Where a new place starts: a seat if one is free and nobody waits, otherwise the waitlist. */
export const SIGNUP_INITIAL: readonly SignupStatus[] = ['confirmed', 'waitlisted']

/**
 * self: the person whose place it is, or the guardian of the child whose place it is (signs up,
 * cancels, takes the offer, scans the code in and out); organiser: who runs the session (checks
 * people in and out from the list, 确认时长 — which closes the session if the scheduler has not);
 * system: the scheduler and the seat algorithm (a seat freed by someone else's move).
 */
export type SignupRelation = 'self' | 'organiser' | 'system'
export const SIGNUP_RELATIONS: Record<SignupRelation, string> = {
  self: '本人（孩子由监护人）',
  organiser: '活动组织者',
  system: '系统',
}

export const SIGNUP_TRANSITIONS = transitionTable<SignupStatus, SignupRelation>()({
  signUp: { from: ['cancelled'], to: 'confirmed', by: ['self'], kind: 'user', label: '报名' },
  queue: { from: ['cancelled'], to: 'waitlisted', by: ['self'], kind: 'derived', label: '名额已满，候补' },
  cancel: {
    from: ['confirmed', 'waitlisted', 'offered'],
    to: 'cancelled',
    by: ['self'],
    kind: 'user',
    label: '取消报名',
  },
  promote: {
    from: ['waitlisted'],
    to: 'confirmed',
    by: ['system'],
    kind: 'system',
    label: `有人让出名额，距开始超过${durationText(AUTO_PROMOTE_BEFORE_MS)}，候补直接转正`,
  },
  offer: {
    from: ['waitlisted'],
    to: 'offered',
    by: ['system'],
    kind: 'system',
    label: `有人让出名额，距开始不足${durationText(AUTO_PROMOTE_BEFORE_MS)}，为候补保留${durationText(OFFER_MS)}`,
  },
  acceptOffer: { from: ['offered'], to: 'confirmed', by: ['self'], kind: 'user', label: '确认候补名额' },
  expireOffer: {
    from: ['offered'],
    to: 'cancelled',
    by: ['system'],
    kind: 'system',
    label: `${durationText(OFFER_MS)}内未确认，名额顺延给下一位`,
  },
  checkIn: {
    from: ['confirmed', 'offered'],
    to: 'confirmed',
    by: ['self', 'organiser'],
    kind: 'user',
    label: '签到（候补名额到场即确认）',
  },
  checkOut: { from: ['confirmed'], to: 'confirmed', by: ['self', 'organiser'], kind: 'user', label: '签退' },
  autoCheckOut: {
    from: ['confirmed'],
    to: 'confirmed',
    by: ['system', 'organiser'],
    kind: 'system',
    label: '活动结束仍未签退，按结束时间签退并标记',
  },
  markNoShow: {
    from: ['confirmed'],
    to: 'noShow',
    by: ['system', 'organiser'],
    kind: 'system',
    label: '活动结束仍未签到，记为缺席',
  },
  lapseOffer: {
    from: ['offered'],
    to: 'cancelled',
    by: ['system', 'organiser'],
    kind: 'system',
    label: '活动结束，未确认的候补名额作废',
  },
  // 请假 (issue 18, part 2): someone phones the organiser — too late to cancel themselves — and the
  // organiser gives the place back, which then reaches whoever waits.
  release: {
    from: ['confirmed', 'waitlisted', 'offered'],
    to: 'cancelled',
    by: ['organiser'],
    kind: 'user',
    label: '组织者代为取消（请假）',
  },
  // An absence the organiser knows the reason for: not a no-show, and it counts towards no lock.
  excuse: { from: ['noShow'], to: 'cancelled', by: ['organiser'], kind: 'user', label: '缺席改为请假' },
})

export type SignupAction = keyof typeof SIGNUP_TRANSITIONS
export const SIGNUP_ACTIONS = Object.keys(SIGNUP_TRANSITIONS) as SignupAction[]

const FORBIDDEN: Record<SignupAction, string> = {
  signUp: '只能为自己或自己登记的孩子报名',
  queue: '只能为自己或自己登记的孩子报名',
  cancel: '只有报名人本人（孩子由监护人）可以取消报名',
  promote: '候补转正由系统按排队顺序自动完成',
  offer: '候补名额由系统按排队顺序自动保留',
  acceptOffer: '只有被保留名额的报名人本人可以确认',
  expireOffer: '这一步由系统自动完成',
  checkIn: '只有报名人本人或活动组织者可以签到',
  checkOut: '只有报名人本人或活动组织者可以签退',
  autoCheckOut: '活动结束时由系统自动完成，或由组织者确认时长时完成',
  markNoShow: '活动结束时由系统自动完成，或由组织者确认时长时完成',
  lapseOffer: '活动结束时由系统自动完成，或由组织者确认时长时完成',
  release: '只有活动组织者可以代为取消报名',
  excuse: '只有活动组织者可以把缺席改为请假',
}

const CONFLICT: Record<SignupAction, string> = {
  signUp: '已经报名这场活动了',
  queue: '已经报名这场活动了',
  cancel: '这个报名已取消或活动已结束，不能再取消',
  promote: '只有候补中的报名可以转正',
  offer: '只有候补中的报名可以保留名额',
  acceptOffer: '候补名额已过期或已被取消',
  expireOffer: '只有待确认的候补名额会过期',
  checkIn: '只有已报名（或候补到位）的人可以签到',
  checkOut: '还没有签到，不能签退',
  autoCheckOut: '只有已报名的人需要签退',
  markNoShow: '只有已报名的人会被记为缺席',
  lapseOffer: '只有待确认的候补名额会作废',
  release: '这个报名已取消或已结束，无需再取消',
  excuse: '只有记为缺席的报名可以改为请假',
}

/** Sharper words for a few (action, status) pairs, as the server says them. */
const CONFLICT_AT: Partial<Record<SignupAction, Partial<Record<SignupStatus, string>>>> = {
  signUp: { noShow: '这场活动您已被记为缺席，不能再报名' },
  queue: { noShow: '这场活动您已被记为缺席，不能再报名' },
  checkIn: {
    waitlisted: '您还在候补名单上，没有轮到名额，暂不能签到',
    cancelled: '报名已取消，不能签到',
    noShow: '已被记为缺席，不能签到',
  },
}

/** The table applied: may `relations` take `action` from `status`? */
export const signupTransition = tableCheck<SignupAction, SignupStatus, SignupRelation>(SIGNUP_TRANSITIONS, {
  forbidden: FORBIDDEN,
  conflict: CONFLICT,
  conflictAt: CONFLICT_AT,
})

/** The buttons that would work for `relations` now (the time rules aside). */
export function availableSignupActions(
  status: SignupStatus,
  relations: ReadonlySet<SignupRelation>,
): SignupAction[] {
  return SIGNUP_ACTIONS.filter(
    (a) => SIGNUP_TRANSITIONS[a].kind === 'user' && signupTransition(status, a, relations).ok,
  )
}
