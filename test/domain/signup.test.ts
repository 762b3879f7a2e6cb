/**
 * The sign-up table against the code: every status change cloudfunctions/core/activities makes
 * (read from signup.ts, seats.ts, attendance.ts, hours.ts and jobs.ts) is a row of the table with
 * the same from, to and who — and every row is one of them, so the table invents nothing.
 * test/domain/lifecycles.test.ts refuses every other move, in Chinese, for all tables.
 */
import { AUTO_PROMOTE_BEFORE_MS, CANCEL_CUTOFF_MS, OFFER_MS, freedSeatFor } from '../../src/domain/activity'
import {
  SIGNUP_ACTIONS,
  SIGNUP_INITIAL,
  SIGNUP_TRANSITIONS,
  availableSignupActions,
  signupTransition,
  type SignupAction,
  type SignupRelation,
  type SignupStatus,
} from '../../src/domain/signup'
import { durationText } from '../../src/domain/time'

type Move = {
  where: string
  /** `new`: a place that did not exist (its first sign-up). */
  from: SignupStatus | 'new'
  to: SignupStatus
  who: SignupRelation
  action: SignupAction
}

/** What the server does today, where. */
const CODE_MOVES: Move[] = [
  // signup.ts signUp → seats.ts takeSeat: pending → confirmed when a seat is free and nobody waits…
  { where: 'seats.ts takeSeat (first sign-up)', from: 'new', to: 'confirmed', who: 'self', action: 'signUp' },
  { where: 'seats.ts takeSeat (full)', from: 'new', to: 'waitlisted', who: 'self', action: 'queue' },
  // …and a cancelled place signs up again through the same pending step.
  { where: 'signup.ts signUp (again)', from: 'cancelled', to: 'confirmed', who: 'self', action: 'signUp' },
  {
    where: 'signup.ts signUp (again, full)',
    from: 'cancelled',
    to: 'waitlisted',
    who: 'self',
    action: 'queue',
  },
  // signup.ts cancelSignup: where status in [confirmed, waitlisted, offered] → cancelled.
  { where: 'signup.ts cancelSignup', from: 'confirmed', to: 'cancelled', who: 'self', action: 'cancel' },
  { where: 'signup.ts cancelSignup', from: 'waitlisted', to: 'cancelled', who: 'self', action: 'cancel' },
  { where: 'signup.ts cancelSignup', from: 'offered', to: 'cancelled', who: 'self', action: 'cancel' },
  // signup.ts acceptOffer: where offered and offeredUntil > now → confirmed.
  { where: 'signup.ts acceptOffer', from: 'offered', to: 'confirmed', who: 'self', action: 'acceptOffer' },
  // seats.ts fillFreeSeats: where waitlisted → freedSeatFor(remaining).
  {
    where: 'seats.ts fillFreeSeats (> 2h)',
    from: 'waitlisted',
    to: 'confirmed',
    who: 'system',
    action: 'promote',
  },
  {
    where: 'seats.ts fillFreeSeats (≤ 2h)',
    from: 'waitlisted',
    to: 'offered',
    who: 'system',
    action: 'offer',
  },
  // jobs.ts expireOffers: where offered and offeredUntil ≤ now → cancelled, seat released.
  { where: 'jobs.ts expireOffers', from: 'offered', to: 'cancelled', who: 'system', action: 'expireOffer' },
  // attendance.ts checkInOne: where status in HOLDING (confirmed, offered) → confirmed; by scan or list.
  {
    where: 'attendance.ts checkIn (scan)',
    from: 'confirmed',
    to: 'confirmed',
    who: 'self',
    action: 'checkIn',
  },
  { where: 'attendance.ts checkIn (scan)', from: 'offered', to: 'confirmed', who: 'self', action: 'checkIn' },
  {
    where: 'attendance.ts checkIn (list)',
    from: 'confirmed',
    to: 'confirmed',
    who: 'organiser',
    action: 'checkIn',
  },
  {
    where: 'attendance.ts checkIn (list)',
    from: 'offered',
    to: 'confirmed',
    who: 'organiser',
    action: 'checkIn',
  },
  // attendance.ts checkOutOne: where confirmed, not checked out.
  {
    where: 'attendance.ts checkOut (scan)',
    from: 'confirmed',
    to: 'confirmed',
    who: 'self',
    action: 'checkOut',
  },
  {
    where: 'attendance.ts checkOut (list)',
    from: 'confirmed',
    to: 'confirmed',
    who: 'organiser',
    action: 'checkOut',
  },
  // hours.ts closeSession, from the scheduler (jobs.ts closeEndedSessions) or the organiser's
  // 确认时长 (hours.ts confirmSession) when the scheduler has not closed it yet.
  { where: 'hours.ts closeSession', from: 'offered', to: 'cancelled', who: 'system', action: 'lapseOffer' },
  {
    where: 'hours.ts confirmSession',
    from: 'offered',
    to: 'cancelled',
    who: 'organiser',
    action: 'lapseOffer',
  },
  { where: 'hours.ts closeSession', from: 'confirmed', to: 'noShow', who: 'system', action: 'markNoShow' },
  {
    where: 'hours.ts confirmSession',
    from: 'confirmed',
    to: 'noShow',
    who: 'organiser',
    action: 'markNoShow',
  },
  {
    where: 'hours.ts closeSession',
    from: 'confirmed',
    to: 'confirmed',
    who: 'system',
    action: 'autoCheckOut',
  },
  {
    where: 'hours.ts confirmSession',
    from: 'confirmed',
    to: 'confirmed',
    who: 'organiser',
    action: 'autoCheckOut',
  },
]

test.each(CODE_MOVES)('$where: $from → $to by $who is the row $action', (m) => {
  const rule = SIGNUP_TRANSITIONS[m.action]
  expect(rule.to).toBe(m.to)
  if (m.from === 'new') {
    expect(SIGNUP_INITIAL).toContain(m.to)
    // A new place is the same move as signing up again after cancelling.
    expect(signupTransition('cancelled', m.action, new Set([m.who]))).toEqual({
      ok: true,
      from: 'cancelled',
      to: m.to,
    })
  } else {
    expect(signupTransition(m.from, m.action, new Set([m.who]))).toEqual({ ok: true, from: m.from, to: m.to })
  }
})

test('every row of the table is a move the code makes, by everyone it names, from every status it names', () => {
  const made = new Set(
    CODE_MOVES.map((m) => `${m.action} ${m.from === 'new' ? 'cancelled' : m.from} ${m.who}`),
  )
  const rows = SIGNUP_ACTIONS.flatMap((a) =>
    SIGNUP_TRANSITIONS[a].from.flatMap((f) =>
      (SIGNUP_TRANSITIONS[a].by as readonly SignupRelation[]).map((r) => `${a} ${f} ${r}`),
    ),
  )
  expect(rows.filter((r) => !made.has(r))).toEqual([])
  expect([...made].filter((r) => !rows.includes(r))).toEqual([])
})

test('a freed seat becomes what the promote and offer rows say, by the time left', () => {
  expect(freedSeatFor(AUTO_PROMOTE_BEFORE_MS + 1)).toBe(SIGNUP_TRANSITIONS.promote.to)
  expect(freedSeatFor(AUTO_PROMOTE_BEFORE_MS)).toBe(SIGNUP_TRANSITIONS.offer.to)
  expect(SIGNUP_TRANSITIONS.offer.label).toContain(durationText(OFFER_MS))
  expect(SIGNUP_TRANSITIONS.offer.label).toContain(durationText(AUTO_PROMOTE_BEFORE_MS))
  expect(durationText(CANCEL_CUTOFF_MS)).toBe('3小时')
})

describe('what the server says, from the table', () => {
  test.each<[SignupStatus, SignupAction, SignupRelation[], string]>([
    ['waitlisted', 'checkIn', ['self'], '您还在候补名单上，没有轮到名额，暂不能签到'],
    ['cancelled', 'acceptOffer', ['self'], '候补名额已过期或已被取消'],
    ['noShow', 'signUp', ['self'], '这场活动您已被记为缺席，不能再报名'],
    ['noShow', 'cancel', ['self'], '这个报名已取消或活动已结束，不能再取消'],
    ['confirmed', 'cancel', ['organiser'], '只有报名人本人（孩子由监护人）可以取消报名'],
    ['waitlisted', 'promote', ['self'], '候补转正由系统按排队顺序自动完成'],
  ])('%s + %s by %j → %s', (status, action, who, message) => {
    expect(signupTransition(status, action, new Set(who))).toMatchObject({ ok: false, message })
  })
})

test('the buttons a person and an organiser have', () => {
  const self = new Set<SignupRelation>(['self'])
  const organiser = new Set<SignupRelation>(['organiser'])
  expect(availableSignupActions('confirmed', self)).toEqual(['cancel', 'checkIn', 'checkOut'])
  expect(availableSignupActions('waitlisted', self)).toEqual(['cancel'])
  expect(availableSignupActions('offered', self)).toEqual(['cancel', 'acceptOffer', 'checkIn'])
  expect(availableSignupActions('cancelled', self)).toEqual(['signUp'])
  expect(availableSignupActions('noShow', self)).toEqual([])
  expect(availableSignupActions('offered', organiser)).toEqual(['checkIn'])
})
