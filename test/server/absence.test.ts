/**
 * 请假 (issue 18, part 2): 王大爷 phones the organiser an hour and a half before the 大讲堂 — too
 * late to cancel himself. The organiser gives his seat back, and it reaches the waitlist by the
 * timed offer (less than 2 hours to go), which no user action could reach before. An absence the
 * organiser knows the reason for is excused: no longer a no-show, no longer towards the lock.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { SignupDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { noticeTitles } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const DAYE = 'demo-resident-1'
const SUN = 'demo-resident-2'
const ZHOU = 'demo-resident-3'
const WU = 'demo-resident-4'
let n = 0
const rid = () => `absence-${++n}-xxxxxxxx`
const place = async (sessionId: string, openid: string) =>
  (
    await env.db
      .collection(COLLECTIONS.signups)
      .doc(signupId(sessionId, { openid, childId: null }))
      .get()
  ).data[0] as SignupDoc
const titles = (openid: string, targetId: string) => noticeTitles(env, openid, targetId)

async function lecture(from: string, time: string, capacity = 1) {
  const a = await api().ok(
    ADMIN,
    'activity.create',
    activityInput(rid(), {
      schedule: { from, time, durationMinutes: 60 },
      roles: [{ key: 'attendee', name: '听众', capacity, audience: 'anyone' }],
    }),
  )
  return (await sessionsOf(env, a.id))[0]
}

test('phoned in sick past the cut-off: the organiser gives the seat back, and the waitlist is offered it', async () => {
  const s = await lecture('2026-12-08', '19:00')
  await api().ok(DAYE, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  await api().ok(SUN, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  expect((await place(s._id, SUN)).status).toBe('waitlisted')

  clock = bj('2026-12-08T17:30:00')
  expect(await api().call(DAYE, 'session.cancel', { sessionId: s._id })).toMatchObject(
    refusal('CONFLICT', '活动开始前3小时内不能取消；如不能参加，请联系组织者'),
  )
  const id = signupId(s._id, { openid: DAYE, childId: null })
  const before = JSON.stringify(await place(s._id, DAYE))
  for (const [who, input, expected] of [
    [ADMIN, { sessionId: s._id, signupId: id, reason: '病' }, refusal('INVALID_INPUT')],
    [
      ADMIN,
      { sessionId: s._id, signupId: 'no-such-place', reason: '王大爷发烧来电请假' },
      refusal('NOT_FOUND'),
    ],
    [SUN, { sessionId: s._id, signupId: id, reason: '王大爷发烧来电请假' }, refusal('FORBIDDEN')],
    ['demo-leader-2', { sessionId: s._id, signupId: id, reason: '王大爷发烧来电请假' }, refusal('FORBIDDEN')],
    [ADMIN, { sessionId: s._id, signupId: id, reason: '王大爷发烧来电请假' }, null],
  ] as const) {
    const res = await api().call(who, 'session.release', input)
    if (expected) expect(res).toMatchObject(expected)
    if (expected) expect(JSON.stringify(await place(s._id, DAYE))).toBe(before)
    else expect(res.ok).toBe(true)
  }
  expect(await place(s._id, DAYE)).toMatchObject({
    status: 'cancelled',
    excuse: { reason: '王大爷发烧来电请假' },
  })
  expect(await titles(DAYE, s._id)).toContain('组织者已为您取消报名')
  // An hour and a half to go: the first waiting is offered the seat for 30 minutes, not given it.
  const offered = await place(s._id, SUN)
  expect(offered.status).toBe('offered')
  expect(offered.offeredUntil?.toISOString()).toBe(bj('2026-12-08T18:00:00').toISOString())
  // A second tap changes nothing.
  expect(
    await api().call(ADMIN, 'session.release', {
      sessionId: s._id,
      signupId: id,
      reason: '王大爷发烧来电请假',
    }),
  ).toMatchObject(refusal('CONFLICT'))
  // Not taken within its 30 minutes: the offer lapses (the timed path, reached by a user's move).
  await runScheduler(env.deps(() => bj('2026-12-08T18:01:00')))
  expect((await place(s._id, SUN)).status).toBe('cancelled')
  // Once it has begun there is nothing to give back: the absent are marked, and may be excused.
  clock = bj('2026-12-08T18:30:00')
  await api().ok(ZHOU, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  expect((await place(s._id, ZHOU)).status).toBe('confirmed')
  clock = bj('2026-12-08T19:05:00')
  const zhou = signupId(s._id, { openid: ZHOU, childId: null })
  expect(
    await api().call(ADMIN, 'session.release', {
      sessionId: s._id,
      signupId: zhou,
      reason: '临时有事来不了',
    }),
  ).toMatchObject(refusal('CONFLICT', '活动已经开始，未到的人结束后记为缺席，可再改为请假'))
})

test('an excused absence is not a no-show: it no longer locks sign-ups', async () => {
  clock = bj('2026-12-09T09:00:00')
  const first = await lecture('2026-12-09', '10:00', 5)
  const second = await lecture('2026-12-10', '10:00', 5)
  for (const s of [first, second])
    await api().ok(WU, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  // He came to neither: each is closed with him absent.
  await runScheduler(env.deps(() => bj('2026-12-09T11:30:00')))
  await runScheduler(env.deps(() => bj('2026-12-10T11:30:00')))
  expect((await place(second._id, WU)).status).toBe('noShow')
  clock = bj('2026-12-10T12:00:00')
  const next = await lecture('2026-12-12', '10:00', 5)
  expect(await api().call(WU, 'session.signUp', { sessionId: next._id, role: 'attendee' })).toMatchObject(
    refusal('CONFLICT'),
  )
  const id = signupId(first._id, { openid: WU, childId: null })
  expect(
    await api().call(ADMIN, 'session.excuse', {
      sessionId: second._id,
      signupId: signupId(second._id, { openid: DAYE, childId: null }),
      reason: '这个人没报名',
    }),
  ).toMatchObject(refusal('NOT_FOUND'))
  const roster = await api().ok(ADMIN, 'session.excuse', {
    sessionId: first._id,
    signupId: id,
    reason: '吴奶奶当天住院，事后补假',
  })
  expect(roster).toBeTruthy()
  expect(await place(first._id, WU)).toMatchObject({
    status: 'cancelled',
    excuse: { reason: '吴奶奶当天住院，事后补假' },
  })
  expect(await titles(WU, first._id)).toContain('您的缺席已改为请假')
  expect(
    await api().call(ADMIN, 'session.excuse', {
      sessionId: first._id,
      signupId: id,
      reason: '吴奶奶当天住院，事后补假',
    }),
  ).toMatchObject(refusal('CONFLICT', '吴奶奶没有记为缺席，无需改为请假'))
  // One no-show left in 30 days: she may sign up again.
  await api().ok(WU, 'session.signUp', { sessionId: next._id, role: 'attendee' })
  expect((await place(next._id, WU)).status).toBe('confirmed')
})

test('locked after two no-shows, the organiser who knows why lifts the lock with the reason', async () => {
  clock = bj('2026-12-14T09:00:00')
  const [a, b] = [await lecture('2026-12-14', '10:00', 5), await lecture('2026-12-15', '10:00', 5)]
  for (const s of [a, b]) await api().ok(SUN, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  await runScheduler(env.deps(() => bj('2026-12-14T11:30:00')))
  await runScheduler(env.deps(() => bj('2026-12-15T11:30:00')))
  clock = bj('2026-12-15T12:00:00')
  const later = await lecture('2026-12-20', '10:00', 5)
  expect(await api().call(SUN, 'session.signUp', { sessionId: later._id, role: 'attendee' })).toMatchObject(
    refusal('CONFLICT', '30天内缺席2次，12月29日 10:00前暂停报名；如有特殊情况请联系组织者'),
  )
  const id = signupId(b._id, { openid: SUN, childId: null })
  // The organiser's roster says who is locked, and until when (解除限制 is offered there).
  const locked = await api().ok(ADMIN, 'session.roster', { sessionId: b._id })
  expect(locked.entries.find((e) => e.id === id)?.lockedUntil).toBe(bj('2026-12-29T10:00:00').toISOString())
  expect(
    await api().call(SUN, 'session.liftLock', { sessionId: b._id, signupId: id, reason: '我自己解除' }),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(
    await api().call(ADMIN, 'session.liftLock', { sessionId: b._id, signupId: id, reason: '短' }),
  ).toMatchObject(refusal('INVALID_INPUT'))
  await api().ok(ADMIN, 'session.liftLock', {
    sessionId: b._id,
    signupId: id,
    reason: '孙阿姨两次都在医院陪护，已核实',
  })
  expect(await titles(SUN, b._id)).toContain('已恢复您的报名资格')
  const lifted = await api().ok(ADMIN, 'session.roster', { sessionId: b._id })
  expect(lifted.entries.find((e) => e.id === id)?.lockedUntil).toBeNull()
  // The absences stay on the record; they no longer lock.
  expect((await place(b._id, SUN)).status).toBe('noShow')
  await api().ok(SUN, 'session.signUp', { sessionId: later._id, role: 'attendee' })
  expect(
    await api().call(ADMIN, 'session.liftLock', {
      sessionId: b._id,
      signupId: id,
      reason: '孙阿姨两次都在医院陪护，已核实',
    }),
  ).toMatchObject(refusal('CONFLICT', '孙阿姨没有因缺席被暂停报名，无需解除'))
})
