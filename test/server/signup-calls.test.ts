/**
 * 报名高峰 (issue 21): a sign-up in as few database calls as its rules allow — the reads at once,
 * one conditional update of the session for the seat (or straight to the queue when the session as
 * read is full), one write of the place — and what that must not break: a double tap holds one
 * place and one seat, a cancelled place signs up again, bad input changes nothing.
 *
 * The local environment counts every request it answers (LocalTcbOptions.delay, called once per
 * request, waits for nothing here): counts, not timings.
 */
import { takeSeat } from '../../cloudfunctions/core/activities/seats'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RateLimitDoc, SessionDoc, SignupDoc } from '../../cloudfunctions/core/model'
import { clockApi, startTestEnv, type TestEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

let env: TestEnv
let requests = 0
const PEOPLE = 40
beforeAll(async () => {
  env = await startTestEnv({
    at: '2026-12-02T10:00:00+08:00',
    tcb: {
      latencyMs: 1,
      delay: () => {
        requests++
        return Promise.resolve()
      },
    },
  })
  await env.db.collection(COLLECTIONS.users).add(
    Array.from({ length: PEOPLE }, (_, i) => ({
      _id: `t-calls-${i + 1}`,
      name: `居民${i + 1}`,
      buildingCode: 'B01',
      createdAt: bj('2026-08-01T10:00:00'),
      updatedAt: bj('2026-08-01T10:00:00'),
    })),
  )
})
afterAll(() => env.close())

const clock = bj('2026-12-02T10:00:00')
const api = () => clockApi(env, () => clock)
let n = 0
const person = () => `t-calls-${++n}`

async function session(capacity: number): Promise<SessionDoc> {
  const a = await api().ok(
    'demo-admin',
    'activity.create',
    activityInput(`calls-${++n}-xxxxxx`, {
      schedule: { from: '2026-12-21', time: '19:00', durationMinutes: 60 },
      roles: [{ key: 'attendee', name: '听众', capacity, audience: 'anyone' }],
    }),
  )
  return (await sessionsOf(env, a.id))[0]
}
const stored = async (id: string) =>
  (await env.db.collection(COLLECTIONS.sessions).doc(id).get()).data[0] as SessionDoc
const placesOf = async (sessionId: string) =>
  (await env.db.collection(COLLECTIONS.signups).where({ sessionId }).limit(100).get()).data as SignupDoc[]

/** The database requests `run` made. */
async function counted<T>(run: () => Promise<T>): Promise<{ out: T; calls: number }> {
  const before = requests
  const out = await run()
  return { out, calls: requests - before }
}

test('a sign-up with a seat free makes 10 database calls, one onto the waitlist 11 (before: 14 and 18)', async () => {
  const s = await session(1)
  const signUp = (who: string) => api().call(who, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  // The router's 3 (the caller and their roles, the rate limit's window made), the sign-up's 5
  // reads at once (session, building, no-show lock, children, places here), the seat, the place.
  const first = await counted(() => signUp(person()))
  expect(first.out).toMatchObject({ ok: true, data: { mine: { status: 'confirmed' } } })
  expect(first.calls).toBe(10)
  // Full as read: no try at the seat; the queue (which tells the place in line), the place, and a
  // look for a seat freed meanwhile.
  const second = await counted(() => signUp(person()))
  expect(second.out).toMatchObject({ ok: true, data: { mine: { status: 'waitlisted', position: 1 } } })
  expect(second.calls).toBe(11)
  expect((await stored(s._id)).roles.attendee).toMatchObject({ taken: 1, waiting: 1, tickets: 2 })
})

test('full as read: straight to the queue in one write, and a seat free after all is handed on at once', async () => {
  const s = await session(1)
  // The session as an earlier read saw it: full. A seat is free in fact.
  const stale = { ...s, roles: { attendee: { ...s.roles.attendee, taken: 1 } } }
  const queued = await counted(() => takeSeat(env.db, stale, 'attendee'))
  expect(queued.calls).toBe(1)
  expect(queued.out).toMatchObject({ status: 'waitlisted', ticket: 1 })
  // Through the action: the waitlisted look once more, so nobody waits beside a free seat.
  const s2 = await session(2)
  const a = person()
  await api().ok(a, 'session.signUp', { sessionId: s2._id, role: 'attendee' })
  await env.db.collection(COLLECTIONS.sessions).doc(s2._id).update({ 'roles.attendee.taken': 2 })
  const b = person()
  expect((await api().ok(b, 'session.signUp', { sessionId: s2._id, role: 'attendee' })).mine?.status).toBe(
    'waitlisted',
  )
  // A seat given back (a's cancel): the first in line gets it, from the counts as they are.
  await api().ok(a, 'session.cancel', { sessionId: s2._id })
  const places = Object.fromEntries((await placesOf(s2._id)).map((p) => [p.openid, p.status]))
  expect(places).toEqual({ [a]: 'cancelled', [b]: 'confirmed' })
})

test('a double tap holds one place and one seat; the ticket of the half that lost is given back', async () => {
  const s = await session(2)
  const who = person()
  const replies = await Promise.all(
    [1, 2, 3].map(() => api().call(who, 'session.signUp', { sessionId: s._id, role: 'attendee' })),
  )
  expect(replies.every((r) => r.ok)).toBe(true)
  const places = await placesOf(s._id)
  expect(places).toHaveLength(1)
  expect(places[0]).toMatchObject({ openid: who, status: 'confirmed' })
  expect((await stored(s._id)).roles.attendee).toMatchObject({ taken: 1, waiting: 0 })
  // Full: a double tap waits once.
  const other = person()
  await api().ok(other, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  const late = person()
  await Promise.all(
    [1, 2].map(() => api().call(late, 'session.signUp', { sessionId: s._id, role: 'attendee' })),
  )
  expect((await stored(s._id)).roles.attendee).toMatchObject({ taken: 2, waiting: 1 })
  expect((await placesOf(s._id)).filter((p) => p.status === 'waitlisted')).toHaveLength(1)
})

test('a cancelled place signs up again: a new ticket, behind those who came meanwhile', async () => {
  const s = await session(1)
  const [a, b] = [person(), person()]
  await api().ok(a, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  await api().ok(a, 'session.cancel', { sessionId: s._id })
  await api().ok(b, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  const again = await api().ok(a, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  expect(again.mine).toMatchObject({ status: 'waitlisted', position: 1 })
  const mine = (await placesOf(s._id)).find((p) => p._id === signupId(s._id, { openid: a, childId: null }))
  expect(mine).toMatchObject({ status: 'waitlisted', ticket: 3, createdAt: clock })
  expect((await stored(s._id)).roles.attendee).toMatchObject({ taken: 1, waiting: 1, tickets: 3 })
})

test('the rate limit: a window’s first call writes its document at once, later ones count on it', async () => {
  const s = await session(5)
  const [t1, t2] = [await session(5), await session(5)]
  const who = person()
  for (const x of [s, t1, t2]) await api().ok(who, 'session.signUp', { sessionId: x._id, role: 'attendee' })
  const windows = (await env.db.collection(COLLECTIONS.rateLimits).where({ openid: who }).get())
    .data as RateLimitDoc[]
  expect(windows).toEqual([expect.objectContaining({ action: 'session.signUp', count: 3 })])
})

test('bad input: no such session, no such role, a child on a seat not for children — refused, nothing written', async () => {
  const s = await session(3)
  const who = person()
  const before = await stored(s._id)
  expect(
    await api().call(who, 'session.signUp', { sessionId: 'no-such-session', role: 'attendee' }),
  ).toMatchObject(refusal('NOT_FOUND', '没有找到这场活动'))
  expect(await api().call(who, 'session.signUp', { sessionId: s._id, role: 'chef' })).toMatchObject(
    refusal('INVALID_INPUT', '没有这个报名身份'),
  )
  expect(
    await api().call(who, 'session.signUp', { sessionId: s._id, role: 'attendee', childId: 'c-nobody' }),
  ).toMatchObject(refusal('INVALID_INPUT', '这类名额不是为孩子设置的'))
  expect(await api().call(who, 'session.signUp', { sessionId: s._id, role: '' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  })
  // Someone from outside the community: as if there were no such session.
  expect(
    await api().call('t-calls-stranger', 'session.signUp', { sessionId: s._id, role: 'attendee' }),
  ).toMatchObject(refusal('NOT_FOUND', '没有找到这场活动'))
  expect(await placesOf(s._id)).toEqual([])
  expect(await stored(s._id)).toEqual(before)
})
