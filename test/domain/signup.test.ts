/**
 * The sign-up table against the code: every status change cloudfunctions/core/activities makes
 * (read from signup.ts, seats.ts, attendance.ts, hours.ts, jobs.ts and excuse.ts) is a row of the table with
 * the same from, to and who — and every row is one of them, so the table invents nothing.
 * test/domain/lifecycles.test.ts refuses every other move, in Chinese, for all tables.
 */
import { AUTO_PROMOTE_BEFORE_MS, CANCEL_CUTOFF_MS, OFFER_MS, freedSeatFor } from '../../src/domain/activity'
import {
  SIGNUP_INITIAL,
  SIGNUP_TRANSITIONS,
  availableSignupActions,
  signupTransition,
  type SignupAction,
  type SignupRelation,
  type SignupStatus,
} from '../../src/domain/signup'
import { durationText } from '../../src/domain/time'
import { moves, tableMatchesCode } from '../support/code-moves'

/** What the server does today, where. */
const move = moves<SignupStatus, SignupRelation, SignupAction>

const CODE_MOVES = [
  // signup.ts signUp → seats.ts takeSeat: pending → confirmed when a seat is free and nobody waits…
  ...move('seats.ts takeSeat (first sign-up)', 'signUp', 'self', 'new', 'confirmed'),
  ...move('seats.ts takeSeat (full)', 'queue', 'self', 'new', 'waitlisted'),
  // …and a cancelled place signs up again through the same pending step.
  ...move('signup.ts signUp (again)', 'signUp', 'self', 'cancelled', 'confirmed'),
  ...move('signup.ts signUp (again, full)', 'queue', 'self', 'cancelled', 'waitlisted'),
  // signup.ts cancelSignup: where status in [confirmed, waitlisted, offered] → cancelled.
  ...move('signup.ts cancelSignup', 'cancel', 'self', ['confirmed', 'waitlisted', 'offered'], 'cancelled'),
  // signup.ts acceptOffer: where offered and offeredUntil > now → confirmed.
  ...move('signup.ts acceptOffer', 'acceptOffer', 'self', 'offered', 'confirmed'),
  // seats.ts fillFreeSeats: where waitlisted → freedSeatFor(remaining).
  ...move('seats.ts fillFreeSeats (> 2h)', 'promote', 'system', 'waitlisted', 'confirmed'),
  ...move('seats.ts fillFreeSeats (≤ 2h)', 'offer', 'system', 'waitlisted', 'offered'),
  // jobs.ts expireOffers: where offered and offeredUntil ≤ now → cancelled, seat released.
  ...move('jobs.ts expireOffers', 'expireOffer', 'system', 'offered', 'cancelled'),
  // attendance.ts checkInOne: where status in HOLDING (confirmed, offered) → confirmed; by scan or list.
  ...move('attendance.ts checkIn (scan)', 'checkIn', 'self', ['confirmed', 'offered'], 'confirmed'),
  ...move('attendance.ts checkIn (list)', 'checkIn', 'organiser', ['confirmed', 'offered'], 'confirmed'),
  // attendance.ts checkOutOne: where confirmed, not checked out.
  ...move('attendance.ts checkOut (scan)', 'checkOut', 'self', 'confirmed', 'confirmed'),
  ...move('attendance.ts checkOut (list)', 'checkOut', 'organiser', 'confirmed', 'confirmed'),
  // hours.ts closeSession, from the scheduler (jobs.ts closeEndedSessions) or the organiser's
  // 确认时长 (hours.ts confirmSession) when the scheduler has not closed it yet.
  ...move('hours.ts closeSession', 'lapseOffer', 'system', 'offered', 'cancelled'),
  ...move('hours.ts confirmSession', 'lapseOffer', 'organiser', 'offered', 'cancelled'),
  ...move('hours.ts closeSession', 'markNoShow', 'system', 'confirmed', 'noShow'),
  ...move('hours.ts confirmSession', 'markNoShow', 'organiser', 'confirmed', 'noShow'),
  ...move('hours.ts closeSession', 'autoCheckOut', 'system', 'confirmed', 'confirmed'),
  ...move('hours.ts confirmSession', 'autoCheckOut', 'organiser', 'confirmed', 'confirmed'),
  // excuse.ts releaseSignup (请假, before the start) and excuseAbsence: where status is the one read.
  ...move(
    'excuse.ts releaseSignup',
    'release',
    'organiser',
    ['confirmed', 'waitlisted', 'offered'],
    'cancelled',
  ),
  ...move('excuse.ts excuseAbsence', 'excuse', 'organiser', 'noShow', 'cancelled'),
]

tableMatchesCode(
  // A new place is the same move as signing up again after cancelling.
  { table: SIGNUP_TRANSITIONS, check: signupTransition, initial: SIGNUP_INITIAL, reborn: 'cancelled' },
  CODE_MOVES,
)

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
  expect(availableSignupActions('offered', organiser)).toEqual(['checkIn', 'release'])
  // 请假: a no-show the organiser excuses.
  expect(availableSignupActions('noShow', organiser)).toEqual(['excuse'])
})
