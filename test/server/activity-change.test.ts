/**
 * 修改 / 取消 (issue 18, part 2): the 网格长 who published a 大讲堂 moves it to another evening and
 * room, raises and lowers its seats, calls one evening off for rain and then the whole activity —
 * everyone with a place (seat, waitlist, the guardian for a child) hears, the reminders follow
 * the new time, a called-off session never reminds, closes, marks absences or takes a sign-up
 * (not even one racing the cancel), and every change is in the 台账, before → after.
 */
import { takeSeat } from '../../cloudfunctions/core/activities/seats'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { ActivityDoc, MessageDoc, SessionDoc, SignupDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { noticeTitles } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const LEADER = 'demo-leader-1'
const OTHER_LEADER = 'demo-leader-2'
const MEMBER = 'demo-member-1-1'
const ADMIN = 'demo-admin'
const DAYE = 'demo-resident-1'
const SUN = 'demo-resident-2'
const ZHOU = 'demo-resident-3'
const WU = 'demo-resident-4'
let n = 0
const rid = () => `change-${++n}-xxxxxxxx`

const stored = async (id: string) =>
  (await env.db.collection(COLLECTIONS.sessions).doc(id).get()).data[0] as SessionDoc
const place = async (sessionId: string, openid: string, childId: string | null = null) =>
  (await env.db.collection(COLLECTIONS.signups).doc(signupId(sessionId, { openid, childId })).get())
    .data[0] as SignupDoc | undefined
const messages = async (openid: string, targetId: string) =>
  (await env.db.collection(COLLECTIONS.messages).where({ openid, targetId }).limit(100).get())
    .data as MessageDoc[]

/** The leader's 大讲堂 (grown-ups, and a child role for the guardian), one evening or more. */
async function lecture(from: string, over: { to?: string; capacity?: number } = {}) {
  const a = await api().ok(
    LEADER,
    'activity.create',
    activityInput(rid(), {
      schedule: { from, to: over.to, time: '19:00', durationMinutes: 60 },
      roles: [
        { key: 'attendee', name: '听众', capacity: over.capacity ?? 2, audience: 'anyone' },
        { key: 'kid', name: '小听众', capacity: 5, audience: 'child' },
      ],
    }),
  )
  return { activityId: a.id, sessions: await sessionsOf(env, a.id) }
}

/** A guardian bound to B01 with a registered child. */
async function guardian() {
  const g = `t-change-guardian-${++n}`
  await api().ok(g, 'me.bindBuilding', { buildingCode: 'B01' })
  const c = await api().ok(g, 'child.register', {
    requestId: rid(),
    name: '小明',
    age: 8,
    grade: '二年级',
    allergies: '',
    notes: '',
    guardian: { name: '王芳', relation: '母亲', phone: '13800001111' },
    others: [],
  })
  return { g, childId: c.id }
}

const sign = (who: string, sessionId: string) =>
  api().ok(who, 'session.signUp', { sessionId, role: 'attendee' })

test('the organiser moves an evening to another day and room: everyone with a place hears, the reminders follow', async () => {
  clock = bj('2026-12-07T09:00:00')
  const { sessions } = await lecture('2026-12-10')
  const s = sessions[0]
  await sign(DAYE, s._id)
  await sign(SUN, s._id)
  await sign(ZHOU, s._id)
  expect((await place(s._id, ZHOU))?.status).toBe('waitlisted')
  const { g, childId } = await guardian()
  await api().ok(g, 'session.signUp', { sessionId: s._id, role: 'kid', childId })
  // The day before, the reminder goes out for 19:00.
  await runScheduler(env.deps(() => bj('2026-12-09T19:30:00')))
  expect((await stored(s._id)).reminded).toEqual({ day: true, hour: false })

  clock = bj('2026-12-09T20:00:00')
  const roster = await api().ok(LEADER, 'session.edit', {
    sessionId: s._id,
    date: '2026-12-11',
    time: '18:30',
    place: '社区活动室',
  })
  expect(roster.session).toMatchObject({
    place: '社区活动室',
    startAt: bj('2026-12-11T18:30:00').toISOString(),
    endAt: bj('2026-12-11T19:30:00').toISOString(),
    cancelled: null,
  })
  // The 台账: who, and each field before → after.
  expect(roster.session.changes).toEqual([
    expect.objectContaining({
      type: 'edit',
      actorName: '王建国',
      lines: ['时间：12月10日 19:00–20:00 → 12月11日 18:30–19:30', '地点：社区党群服务中心 → 社区活动室'],
    }),
  ])
  // Seat holders, the waitlist and the child's guardian hear; someone not signed up does not.
  for (const who of [DAYE, SUN, ZHOU, g])
    expect(await noticeTitles(env, who, s._id)).toContain('您报名的活动时间地点有变')
  expect(await noticeTitles(env, WU, s._id)).toEqual([])
  const [moved] = (await messages(DAYE, s._id)).filter((m) => m.title === '您报名的活动时间地点有变')
  expect(moved.body).toBe('社区大讲堂：改为12月11日 18:30–19:30，社区活动室')
  // The day-before reminder is made again for the new evening (more than a day ahead now).
  expect((await stored(s._id)).reminded).toEqual({ day: false, hour: false })
  // The old hour passes without an hour-before reminder; the new day-before one comes in time.
  await runScheduler(env.deps(() => bj('2026-12-10T18:10:00')))
  expect((await stored(s._id)).reminded).toEqual({ day: false, hour: false })
  await runScheduler(env.deps(() => bj('2026-12-10T18:31:00')))
  const reminders = (await messages(DAYE, s._id)).filter((m) => m.title === '明天有您报名的活动')
  expect(reminders.map((m) => m.body).sort()).toEqual([
    '社区大讲堂：12月10日 19:00，社区党群服务中心',
    '社区大讲堂：12月11日 18:30，社区活动室',
  ])
  // Nothing to change: nothing written, no 台账 entry, nobody told.
  clock = bj('2026-12-10T19:00:00')
  const seq = (await stored(s._id)).outboxSeq
  const same = await api().ok(LEADER, 'session.edit', { sessionId: s._id, place: '社区活动室' })
  expect(same.session.changes).toHaveLength(1)
  expect((await stored(s._id)).outboxSeq).toBe(seq)
})

test('capacity: below the seats held is refused in words; raised, the waitlist moves up in arrival order', async () => {
  clock = bj('2026-12-07T09:00:00')
  const s = (await lecture('2026-12-12')).sessions[0]
  for (const who of [DAYE, SUN, ZHOU, WU]) await sign(who, s._id)
  const before = JSON.stringify(await stored(s._id))
  expect(
    await api().call(LEADER, 'session.edit', { sessionId: s._id, capacities: { attendee: 1 } }),
  ).toMatchObject(
    refusal('CONFLICT', '“听众”已有2人报名，人数不能少于2；如需减少，请先在名单中为报名者代为取消（请假）'),
  )
  expect(JSON.stringify(await stored(s._id))).toBe(before)
  // One more seat: the first waiting (周) gets it, 吴 still waits.
  const roster = await api().ok(LEADER, 'session.edit', { sessionId: s._id, capacities: { attendee: 3 } })
  expect(roster.session.roles.find((r) => r.key === 'attendee')).toMatchObject({
    capacity: 3,
    left: 0,
    waiting: 1,
  })
  expect((await place(s._id, ZHOU))?.status).toBe('confirmed')
  expect((await place(s._id, WU))?.status).toBe('waitlisted')
  expect(roster.session.changes[0].lines).toEqual(['听众人数：2 → 3'])
  // A capacity alone tells nobody (no time or place changed).
  expect(await noticeTitles(env, WU, s._id)).toEqual([])
  // Down to exactly the seats held is allowed.
  await api().ok(LEADER, 'session.edit', { sessionId: s._id, capacities: { attendee: 3, kid: 2 } })
  expect((await stored(s._id)).roles.kid.capacity).toBe(2)
})

test('bad input and the wrong people change nothing', async () => {
  clock = bj('2026-12-07T09:00:00')
  const { activityId, sessions } = await lecture('2026-12-13')
  const s = sessions[0]
  await sign(DAYE, s._id)
  const before = JSON.stringify(await stored(s._id))
  const activityBefore = JSON.stringify(
    (await env.db.collection(COLLECTIONS.activities).doc(activityId).get()).data[0],
  )
  const inputs = {
    'session.edit': { sessionId: s._id, place: '社区活动室' },
    'session.callOff': { sessionId: s._id, reason: '暴雨预警，改期另行通知' },
    'activity.edit': { activityId, title: '防诈骗大讲堂' },
    'activity.callOff': { activityId, reason: '主讲人生病' },
  } as const
  const cases: [string, keyof typeof inputs, Record<string, unknown>, ReturnType<typeof refusal>][] = []
  for (const action of Object.keys(inputs) as (keyof typeof inputs)[]) {
    // Another grid's leader, a grid member, a resident: refused.
    cases.push([OTHER_LEADER, action, {}, refusal('FORBIDDEN')])
    cases.push([MEMBER, action, {}, refusal('FORBIDDEN')])
    cases.push([DAYE, action, {}, refusal('FORBIDDEN')])
  }
  cases.push([LEADER, 'session.edit', { place: '室' }, refusal('INVALID_INPUT', '请填写地点')])
  cases.push([
    LEADER,
    'session.edit',
    { date: '2026-12-01' },
    refusal('INVALID_INPUT', '新的开始时间已经过去，请重新选择'),
  ])
  cases.push([LEADER, 'session.edit', { time: '25:00' }, refusal('INVALID_INPUT', '时间格式不正确')])
  cases.push([
    LEADER,
    'session.edit',
    { capacities: { attendee: 0 } },
    refusal('INVALID_INPUT', '人数至少为1'),
  ])
  cases.push([
    LEADER,
    'session.edit',
    { capacities: { nobody: 3 } },
    refusal('INVALID_INPUT', '没有这个名额'),
  ])
  cases.push([LEADER, 'session.callOff', { reason: '' }, refusal('INVALID_INPUT', '请填写原因（至少2个字）')])
  cases.push([
    LEADER,
    'session.callOff',
    { reason: '雨'.repeat(201) },
    refusal('INVALID_INPUT', '原因最多200个字'),
  ])
  cases.push([LEADER, 'activity.callOff', { reason: undefined }, refusal('INVALID_INPUT', '请填写原因')])
  cases.push([LEADER, 'activity.edit', { title: '讲' }, refusal('INVALID_INPUT', '活动名称至少2个字')])
  for (const [who, action, over, expected] of cases) {
    const input = { ...inputs[action], ...over } as ActionInput<typeof action>
    const res = await api().call(who, action, input)
    expect([who, action, res]).toMatchObject([who, action, expected])
  }
  expect(JSON.stringify(await stored(s._id))).toBe(before)
  expect(
    JSON.stringify((await env.db.collection(COLLECTIONS.activities).doc(activityId).get()).data[0]),
  ).toBe(activityBefore)
  expect(await noticeTitles(env, DAYE, s._id)).toEqual([])
  // The admin organises every session of the community.
  await api().ok(ADMIN, 'session.edit', { sessionId: s._id, place: '社区活动室' })
})

test('one evening called off for rain: told with the reason; no sign-up, reminder, close, no-show or hours after it', async () => {
  clock = bj('2026-12-07T09:00:00')
  const { activityId, sessions } = await lecture('2026-12-14', { to: '2026-12-15' })
  const [rainy, next] = sessions
  await sign(DAYE, rainy._id)
  await sign(SUN, rainy._id)
  await sign(ZHOU, rainy._id)
  await sign(DAYE, next._id)
  const { g, childId } = await guardian()
  await api().ok(g, 'session.signUp', { sessionId: rainy._id, role: 'kid', childId })

  clock = bj('2026-12-14T10:00:00')
  const reason = '暴雨红色预警，今晚停课，改期另行通知'
  const roster = await api().ok(LEADER, 'session.callOff', { sessionId: rainy._id, reason })
  expect(roster.session.cancelled).toEqual({ reason, at: clock.toISOString() })
  expect(roster.session.changes[0]).toMatchObject({ type: 'cancel', lines: [`原因：${reason}`] })
  for (const who of [DAYE, SUN, ZHOU, g])
    expect(await noticeTitles(env, who, rainy._id)).toEqual(['您报名的这场活动已取消'])
  expect((await messages(SUN, rainy._id))[0].body).toBe(`社区大讲堂（12月14日 19:00）：${reason}`)
  // The resident sees 已取消 with the reason on the board (their place is kept, as it was).
  const board = await api().ok(SUN, 'activity.sessions', {})
  expect(board.items.find((x) => x.id === rainy._id)).toMatchObject({
    cancelled: { reason },
    mine: { status: 'confirmed' },
  })
  expect(board.items.find((x) => x.id === next._id)?.cancelled).toBeNull()
  // Nobody signs up, checks in, or is asked to confirm hours; the organiser cannot edit or cancel it again.
  expect(await api().call(WU, 'session.signUp', { sessionId: rainy._id, role: 'attendee' })).toMatchObject(
    refusal('CONFLICT', `这场活动已取消：${reason}`),
  )
  expect(await api().call(LEADER, 'session.callOff', { sessionId: rainy._id, reason })).toMatchObject(
    refusal('CONFLICT', '这场活动已取消'),
  )
  expect(
    await api().call(LEADER, 'session.edit', { sessionId: rainy._id, place: '社区活动室' }),
  ).toMatchObject(refusal('CONFLICT', '这场活动已取消'))
  // 全部场次都报名 takes the evenings still on.
  expect(await api().ok(WU, 'activity.signUpAll', { activityId, role: 'attendee' })).toMatchObject({
    confirmed: 1,
    skipped: 0,
  })
  expect(await place(rainy._id, WU)).toBeUndefined()
  expect((await place(next._id, WU))?.status).toBe('confirmed')
  clock = bj('2026-12-14T18:30:00')
  expect(await api().call(DAYE, 'session.checkIn', { sessionId: rainy._id })).toMatchObject(
    refusal('CONFLICT', `这场活动已取消：${reason}`),
  )
  // Through the evening and past it: no reminder, no close, no absences.
  for (const t of ['2026-12-14T18:05:00', '2026-12-14T20:30:00', '2026-12-15T09:00:00'])
    await runScheduler(env.deps(() => bj(t)))
  expect(await noticeTitles(env, DAYE, rainy._id)).toEqual(['您报名的这场活动已取消'])
  expect(await noticeTitles(env, LEADER, rainy._id)).toEqual([])
  expect((await place(rainy._id, DAYE))?.status).toBe('confirmed')
  expect((await stored(rainy._id)).flagged).toBe(0)
  clock = bj('2026-12-14T21:00:00')
  expect(await api().call(LEADER, 'session.confirm', { sessionId: rainy._id })).toMatchObject(
    refusal('CONFLICT', '这场活动已取消，没有时长可确认'),
  )
  // The other evening stands: its reminder comes.
  expect(await noticeTitles(env, DAYE, next._id)).toEqual(['明天有您报名的活动'])
})

test('the whole activity called off: each person hears once, every session still ahead is cancelled', async () => {
  clock = bj('2026-12-07T09:00:00')
  const { activityId, sessions } = await lecture('2026-12-16', { to: '2026-12-18' })
  expect(sessions).toHaveLength(3)
  for (const s of sessions) await sign(DAYE, s._id)
  await sign(SUN, sessions[2]._id)
  const titled = await api().ok(LEADER, 'activity.edit', {
    activityId,
    title: '防诈骗大讲堂',
    organiser: '第一网格',
  })
  expect(titled.changed.sort()).toEqual(['organiser', 'title'])
  expect((await stored(sessions[1]._id)).title).toBe('防诈骗大讲堂')
  expect(await api().ok(LEADER, 'activity.edit', { activityId, title: '防诈骗大讲堂' })).toEqual({
    id: activityId,
    changed: [],
  })

  clock = bj('2026-12-16T19:30:00')
  const reason = '主讲人生病住院，本期大讲堂取消'
  expect(await api().ok(LEADER, 'activity.callOff', { activityId, reason })).toEqual({
    id: activityId,
    // The first evening is under way: it stands.
    cancelled: 2,
  })
  const all = await Promise.all(sessions.map((s) => stored(s._id)))
  expect(all.map((s) => s.cancelled?.reason ?? null)).toEqual([null, reason, reason])
  const mine = await env.db
    .collection(COLLECTIONS.messages)
    .where({ openid: DAYE, title: '活动已取消' })
    .get()
  expect(mine.data.map((m: MessageDoc) => m.body)).toEqual([`防诈骗大讲堂：${reason}`])
  const sun = await env.db.collection(COLLECTIONS.messages).where({ openid: SUN, title: '活动已取消' }).get()
  expect(sun.data).toHaveLength(1)
  const a = (await env.db.collection(COLLECTIONS.activities).doc(activityId).get()).data[0] as ActivityDoc
  expect(a.cancelled?.reason).toBe(reason)
  expect(a.changes?.map((c) => [c.type, c.actor.name, c.fields.map((f) => `${f.from}→${f.to}`)])).toEqual([
    ['edit', '王建国', ['社区大讲堂→防诈骗大讲堂', '幸福里社区→第一网格']],
    ['cancel', '王建国', []],
  ])
  // The session's own 台账 carries the activity's changes.
  const roster = await api().ok(LEADER, 'session.roster', { sessionId: sessions[2]._id })
  expect(roster.session.changes.map((c) => c.type)).toEqual(['cancel', 'edit'])
  expect(await api().call(LEADER, 'activity.edit', { activityId, title: '再来一次' })).toMatchObject(
    refusal('CONFLICT', '这个活动已取消'),
  )
  expect(await api().call(WU, 'activity.signUpAll', { activityId, role: 'attendee' })).toMatchObject({
    ok: false,
  })
})

test('a sign-up racing the cancel: either refused with nothing counted, or in — and then told', async () => {
  const seen = new Set<string>()
  // The cancel sent later each round (0, 20, 40, 80 … ms), so it lands before, among and after the
  // sign-ups, until both outcomes were seen.
  for (let round = 0; round < 10 && !(round >= 3 && seen.size === 2); round++) {
    clock = bj('2026-12-07T09:00:00')
    const s = (await lecture('2026-12-20', { capacity: 2 })).sessions[0]
    await sign(DAYE, s._id)
    const racers = [`t-race-${round}-a`, `t-race-${round}-b`, `t-race-${round}-c`]
    for (const r of racers) await api().ok(r, 'me.bindBuilding', { buildingCode: 'B02' })
    const results = await Promise.all([
      ...racers.map((r) => api().call(r, 'session.signUp', { sessionId: s._id, role: 'attendee' })),
      new Promise((done) => setTimeout(done, round && 20 * 2 ** (round - 1))).then(() =>
        api().call(LEADER, 'session.callOff', { sessionId: s._id, reason: '场地临时停电，活动取消' }),
      ),
    ])
    expect(results[racers.length].ok).toBe(true)
    const after = await stored(s._id)
    const held = (
      await env.db
        .collection(COLLECTIONS.signups)
        .where({ sessionId: s._id, role: 'attendee' })
        .limit(100)
        .get()
    ).data as SignupDoc[]
    // The counts on the session are the places in it: nothing counted for a refused sign-up.
    expect(after.roles.attendee.taken).toBe(held.filter((p) => p.status === 'confirmed').length)
    expect(after.roles.attendee.waiting).toBe(held.filter((p) => p.status === 'waitlisted').length)
    for (const [i, r] of racers.entries()) {
      const res = results[i]
      const mine = await place(s._id, r)
      seen.add(res.ok ? 'in' : 'refused')
      if (res.ok) {
        expect(['confirmed', 'waitlisted']).toContain(mine?.status)
        expect(await noticeTitles(env, r, s._id)).toEqual(['您报名的这场活动已取消'])
      } else {
        expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
        expect(mine === undefined || mine.status === 'cancelled').toBe(true)
      }
    }
    expect(held.every((p) => p.status !== 'pending')).toBe(true)
  }
  expect([...seen].sort()).toEqual(['in', 'refused'])
})

test('a sign-up that read the session before the cancel loses at its seat: nothing counted, no place written', async () => {
  clock = bj('2026-12-07T09:00:00')
  const s = (await lecture('2026-12-21')).sessions[0]
  // signUp takes the seat with the session as it read it, before it writes the place.
  await api().ok(LEADER, 'session.callOff', { sessionId: s._id, reason: '场地临时停电，活动取消' })
  await expect(takeSeat(env.db, s, 'attendee')).rejects.toMatchObject({
    code: 'CONFLICT',
    message: '这场活动已取消，不能报名',
  })
  // The session as read showed it full: straight to the queue, which loses to the cancel too.
  const full = { ...s, roles: { ...s.roles, attendee: { ...s.roles.attendee, waiting: 1 } } }
  await expect(takeSeat(env.db, full, 'attendee')).rejects.toMatchObject({ code: 'CONFLICT' })
  expect(await place(s._id, WU)).toBeFalsy()
  expect((await stored(s._id)).roles.attendee).toMatchObject({ taken: 0, waiting: 0, tickets: 0 })
})
