/**
 * 活动 on the day: children registered by guardians and collected only by a registered collector;
 * check-in from 1 hour before by scanning (or from the organiser's list); the close at the end
 * (forgotten check-outs flagged, absentees counted as no-shows); two no-shows in 30 days lock
 * sign-ups for 14 days; volunteer hours into the ledger when the organiser confirms.
 */
import { signupBlockedUntil } from '../../src/domain/activity'
import type { ActionInput } from '../../src/domain/contract'
import { sessionFromScene, sceneOf } from '../../src/domain/links'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type {
  ChildDoc,
  MessageDoc,
  PointsEntryDoc,
  SessionDoc,
  SignupDoc,
} from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T10:00:00+08:00' })

const DAY = 86_400_000
let clock = bj('2026-09-01T10:00:00')
const api = () => clockApi(env, () => clock)
let n = 0
const person = () => `t-att-${++n}`

const TUTOR = 'demo-volunteer-2'
async function classroom(from: string, to?: string, children = 2) {
  const a = await api().ok('demo-admin', 'activity.create', {
    requestId: `att-${++n}-xxxxxx`,
    kind: 'afterSchool',
    title: '四点半课堂',
    description: '作业辅导、阅读和手工',
    place: '幸福里社区四点半课堂教室',
    organiser: '幸福里社区',
    schedule: { from, to, time: '16:30', durationMinutes: 90 },
    roles: [
      { key: 'tutor', name: '辅导志愿者', capacity: 2, audience: 'volunteer' },
      { key: 'child', name: '孩子', capacity: children, audience: 'child' },
    ],
  })
  return sessionsOf(env, a.id)
}
async function signup(id: string): Promise<SignupDoc> {
  return (await env.db.collection(COLLECTIONS.signups).doc(id).get()).data[0] as SignupDoc
}
async function signupsOf(sessionId: string): Promise<SignupDoc[]> {
  return (await env.db.collection(COLLECTIONS.signups).where({ sessionId }).limit(100).get())
    .data as SignupDoc[]
}

type ChildInput = ActionInput<'child.register'>
const child = (over: Partial<ChildInput> = {}): ChildInput => ({
  requestId: `child-${++n}-xxxxxx`,
  name: `孩子${n}`,
  age: 8,
  grade: '二年级',
  allergies: '花生',
  notes: '',
  guardian: { name: '王芳', relation: '母亲', phone: '13800001111' },
  others: [{ name: '王建国', relation: '外公', phone: '13900002222' }],
  ...over,
})
async function guardianWithChild(over: Partial<ChildInput> = {}) {
  const g = person()
  await env.ok(g, 'me.bindBuilding', { buildingCode: 'B01' })
  const c = await api().ok(g, 'child.register', child(over))
  return { g, c }
}

test('a guardian registers a child once; outside 6–12 or without a collector phone is refused, nothing written', async () => {
  const g = person()
  await env.ok(g, 'me.bindBuilding', { buildingCode: 'B01' })
  for (const [age, message] of [
    [5, '四点半课堂面向6至12岁的小学生'],
    [13, '四点半课堂面向6至12岁的小学生'],
  ] as const) {
    expect(await api().call(g, 'child.register', child({ age }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message, fields: { age: message } },
    })
  }
  expect(
    await api().call(
      g,
      'child.register',
      child({ others: [{ name: '王建国', relation: '外公', phone: '123' }] }),
    ),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '手机号格式不正确' } })
  expect((await api().ok(g, 'child.list', {})).items).toEqual([])

  const input = child({ name: '小明' })
  const made = await api().ok(g, 'child.register', input)
  expect(made).toMatchObject({ name: '小明', age: 8, grade: '二年级', allergies: '花生' })
  expect(made.collectors.map((c) => `${c.name}（${c.relation}）${c.phone}`)).toEqual([
    '王芳（母亲）13800001111',
    '王建国（外公）13900002222',
  ])
  // The same requestId again is the same child; the same name again is refused.
  expect((await api().ok(g, 'child.register', input)).id).toBe(made.id)
  expect(await api().call(g, 'child.register', child({ name: '小明' }))).toMatchObject(refusal('CONFLICT'))
  expect((await api().ok(g, 'child.list', {})).items.map((c) => c.name)).toEqual(['小明'])
  // Someone else sees none of it.
  expect((await api().ok(person(), 'child.list', {})).items).toEqual([])
})

test("a child's place: only the child's guardian signs them up, only for a child role; the guardian sees it", async () => {
  const [s] = await classroom('2026-09-21')
  const { g, c } = await guardianWithChild()
  const stranger = person()
  await env.ok(stranger, 'me.bindBuilding', { buildingCode: 'B01' })
  const before = await signupsOf(s._id)
  expect(
    await api().call(stranger, 'session.signUp', { sessionId: s._id, role: 'child', childId: c.id }),
  ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只能为自己登记的孩子报名' } })
  expect(await api().call(g, 'session.signUp', { sessionId: s._id, role: 'child' })).toMatchObject(
    refusal('INVALID_INPUT', '请选择为哪个孩子报名'),
  )
  expect(
    await api().call(g, 'session.signUp', { sessionId: s._id, role: 'nope', childId: c.id }),
  ).toMatchObject(refusal('INVALID_INPUT', '没有这个报名身份'))
  expect(await signupsOf(s._id)).toEqual(before)

  const view = await api().ok(g, 'session.signUp', { sessionId: s._id, role: 'child', childId: c.id })
  expect(view.mine).toBeNull()
  expect(view.children).toEqual([
    expect.objectContaining({ childId: c.id, childName: c.name, status: 'confirmed', role: 'child' }),
  ])
  expect(view.roles.find((r) => r.key === 'child')).toMatchObject({ audience: 'child', left: 1 })
  // The reminder the day before goes to the guardian.
  clock = bj('2026-09-20T17:00:00')
  await runScheduler(env.deps(() => clock))
  const msgs = await env.db.collection(COLLECTIONS.messages).where({ targetId: s._id, openid: g }).get()
  expect((msgs.data as MessageDoc[]).map((m) => m.title)).toEqual(['明天有您报名的活动'])
  clock = bj('2026-09-01T10:00:00')
})

test('check-in by scan opens 1 hour before; another session’s code, or none of mine, is refused with nothing changed', async () => {
  const [mon, tue] = await classroom('2026-09-21', '2026-09-22')
  const { g, c } = await guardianWithChild()
  await api().ok(g, 'session.signUp', { sessionId: tue._id, role: 'child', childId: c.id })
  await api().ok(TUTOR, 'session.signUp', { sessionId: mon._id, role: 'tutor' })

  clock = bj('2026-09-21T15:29:00')
  expect(await api().call(TUTOR, 'session.checkIn', { sessionId: mon._id })).toMatchObject(
    refusal('CONFLICT', '签到将于9月21日 15:30开放（活动开始前1小时）'),
  )
  // Monday's code scanned by a guardian whose child comes on Tuesday.
  clock = bj('2026-09-21T16:20:00')
  expect(await api().call(g, 'session.checkIn', { sessionId: mon._id })).toMatchObject(
    refusal('CONFLICT', '这是9月21日 16:30场的签到码，您报名的是9月22日 16:30场'),
  )
  expect(await api().call(person(), 'session.checkIn', { sessionId: mon._id })).toMatchObject(
    refusal('NOT_FOUND', '您没有报名这场活动，请先报名'),
  )
  // Only the organiser checks others in.
  const tutorPlace = (await signupsOf(mon._id)).find((s) => s.openid === TUTOR) as SignupDoc
  expect(
    await api().call(g, 'session.checkIn', { sessionId: mon._id, signupId: tutorPlace._id }),
  ).toMatchObject(refusal('FORBIDDEN', '只有活动组织者或协助组织者可以代为签到'))
  expect((await signup(tutorPlace._id)).checkInAt).toBeNull()

  clock = bj('2026-09-21T15:30:00')
  const done = await api().ok(TUTOR, 'session.checkIn', { sessionId: mon._id })
  expect(done.people).toHaveLength(1)
  expect(done.session.mine?.checkInAt).toBe(bj('2026-09-21T15:30:00').toISOString())
  // Scanning twice keeps the first time.
  clock = bj('2026-09-21T15:40:00')
  await api().ok(TUTOR, 'session.checkIn', { sessionId: mon._id })
  expect((await signup(tutorPlace._id)).checkInAt).toEqual(bj('2026-09-21T15:30:00'))
  // After the end, no more check-ins.
  clock = bj('2026-09-22T18:00:00')
  expect(await api().call(g, 'session.checkIn', { sessionId: tue._id })).toMatchObject(
    refusal('CONFLICT', '活动已经结束，不能签到'),
  )
  clock = bj('2026-09-01T10:00:00')
})

test('a child is checked out only to a registered collector: the guardian by scan, the organiser choosing from the list', async () => {
  const [s] = await classroom('2026-09-23', undefined, 3)
  const one = await guardianWithChild({ name: '李想' })
  const two = await guardianWithChild({ name: '赵乐' })
  for (const x of [one, two])
    await api().ok(x.g, 'session.signUp', { sessionId: s._id, role: 'child', childId: x.c.id })
  clock = bj('2026-09-23T16:25:00')
  for (const x of [one, two]) await api().ok(x.g, 'session.checkIn', { sessionId: s._id })

  const roster = await api().ok('demo-admin', 'session.roster', { sessionId: s._id })
  const entry = roster.entries.find((e) => e.name === '赵乐')
  // The check-out screen shows who may collect, phones masked; the organiser reveals one to call (logged).
  expect(entry?.child?.collectors.map((c) => `${c.name}（${c.relation}）${c.phone}`)).toEqual([
    '王芳（母亲）138****1111',
    '王建国（外公）139****2222',
  ])
  const grandpa = await api().ok('demo-admin', 'person.reveal', {
    kind: 'childCollector',
    id: entry?.child?.id ?? '',
    collectorId: 'g1',
  })
  expect(grandpa).toEqual({ name: '王建国', phone: '13900002222' })
  expect(entry?.child?.allergies).toBe('花生')

  clock = bj('2026-09-23T17:55:00')
  const place = entry?.id as string
  // Not on the list → refused, nothing changed.
  expect(
    await api().call('demo-admin', 'session.checkOut', {
      sessionId: s._id,
      signupId: place,
      collectorId: 'g9',
    }),
  ).toMatchObject(refusal('FORBIDDEN', '不是登记的接送人，不能把孩子交给他/她；请联系孩子的监护人'))
  expect(
    await api().call('demo-admin', 'session.checkOut', { sessionId: s._id, signupId: place }),
  ).toMatchObject(refusal('INVALID_INPUT', '请选择来接孩子的人'))
  // Someone who is not the organiser cannot check a child out at all, nor another guardian by scan.
  expect(await api().call(one.g, 'session.checkOut', { sessionId: s._id, signupId: place })).toMatchObject(
    refusal('FORBIDDEN', '只有活动组织者或协助组织者可以办理签退'),
  )
  await api().ok(one.g, 'session.checkOut', { sessionId: s._id })
  expect((await signup(place)).checkOutAt).toBeNull()

  const out = await api().ok('demo-admin', 'session.checkOut', {
    sessionId: s._id,
    signupId: place,
    collectorId: 'g1',
  })
  expect(out.people).toEqual(['赵乐'])
  expect(await signup(place)).toMatchObject({
    checkOutAt: bj('2026-09-23T17:55:00'),
    collectedBy: { name: '王建国', relation: '外公' },
  })
  // The other child went home with the guardian who scanned.
  const other = (await signupsOf(s._id)).find((x) => x.name === '李想')
  expect(other?.collectedBy).toEqual({ name: '王芳', relation: '母亲' })
  clock = bj('2026-09-01T10:00:00')
})

test('at the end: a forgotten check-out is closed and flagged, an absentee is a no-show; the organiser confirms hours into the ledger', async () => {
  const [s] = await classroom('2026-09-24')
  const [v1, v2] = ['demo-volunteer-1', 'demo-volunteer-2']
  for (const v of [v1, v2]) await api().ok(v, 'session.signUp', { sessionId: s._id, role: 'tutor' })
  const absent = await guardianWithChild()
  await api().ok(absent.g, 'session.signUp', { sessionId: s._id, role: 'child', childId: absent.c.id })

  clock = bj('2026-09-24T16:10:00')
  await api().ok(v1, 'session.checkIn', { sessionId: s._id })
  clock = bj('2026-09-24T16:40:00')
  await api().ok(v2, 'session.checkIn', { sessionId: s._id })
  clock = bj('2026-09-24T17:45:00')
  await api().ok(v2, 'session.checkOut', { sessionId: s._id })
  expect(await api().call('demo-admin', 'session.confirm', { sessionId: s._id })).toMatchObject(
    refusal('CONFLICT', '活动结束后才能确认时长'),
  )

  clock = bj('2026-09-24T18:01:00')
  const report = await runScheduler(env.deps(() => clock))
  expect(report.sessionsClosed).toBeGreaterThanOrEqual(1)
  const places = Object.fromEntries((await signupsOf(s._id)).map((x) => [x.openid, x]))
  expect(places[v1]).toMatchObject({
    checkOutAt: bj('2026-09-24T18:00:00'),
    autoClosed: true,
    status: 'confirmed',
  })
  expect(places[v2]).toMatchObject({ checkOutAt: bj('2026-09-24T17:45:00'), autoClosed: false })
  expect(places[absent.g]).toMatchObject({ status: 'noShow', noShowAt: bj('2026-09-24T16:30:00') })
  const closed = (await env.db.collection(COLLECTIONS.sessions).doc(s._id).get()).data[0] as SessionDoc
  expect(closed.flagged).toBe(1)
  // The organiser's notice was written with the close, to the session's outbox, and fanned out.
  expect(closed.outbox).toEqual([
    expect.objectContaining({ seq: 0, to: [{ user: 'demo-admin' }], title: '活动已结束，请确认时长' }),
  ])
  expect(closed).toMatchObject({ outboxSeq: 1, outboxFanned: 1, outboxPending: false })
  const told = await env.db
    .collection(COLLECTIONS.messages)
    .where({ targetId: s._id, openid: 'demo-admin' })
    .get()
  expect((told.data as MessageDoc[]).map((m) => m.body)).toEqual([
    '四点半课堂（9月24日 16:30）：1人未签退，已按结束时间签退，请核对',
  ])
  // Running again changes nothing.
  await runScheduler(env.deps(() => clock))
  expect(
    (await env.db.collection(COLLECTIONS.messages).where({ targetId: s._id, openid: 'demo-admin' }).count())
      .total,
  ).toBe(1)

  const roster = await api().ok('demo-admin', 'session.roster', { sessionId: s._id })
  const byName = Object.fromEntries(roster.entries.map((e) => [e.name, e]))
  expect(roster.flagged).toBe(1)
  // Counted within the session's hours: 16:30–18:00 = 1.5 h; 16:40–17:45 = 1 h 5 min → 1 h.
  expect(roster.entries.filter((e) => e.earns !== null).map((e) => [e.autoClosed, e.earns])).toEqual(
    expect.arrayContaining([
      [true, 1.5],
      [false, 1],
    ]),
  )
  expect(byName[places[absent.g].name]).toMatchObject({ statusName: '缺席' })

  // Only the organiser confirms; hours only for someone who checked in.
  expect(await api().call(v1, 'session.confirm', { sessionId: s._id })).toMatchObject(
    refusal('FORBIDDEN', '只有活动组织者可以确认时长'),
  )
  expect(
    await api().call('demo-admin', 'session.confirm', {
      sessionId: s._id,
      hours: { [places[absent.g]._id]: 2 },
    }),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '只能为签到过的人填写时长' } })
  const ledgerOf = async (who: string) =>
    (await env.db.collection(COLLECTIONS.points).where({ openid: who, source: 'session' }).get())
      .data as PointsEntryDoc[]
  expect(await ledgerOf(v1)).toEqual([])

  // The forgotten check-out: the organiser sets 1 hour (the tutor left at about 17:10).
  const confirmed = await api().ok('demo-admin', 'session.confirm', {
    sessionId: s._id,
    hours: { [places[v1]._id]: 1 },
  })
  expect(confirmed.confirmed).toBe(true)
  expect((await ledgerOf(v1)).map((e) => [e.hours, e.points, e.reason])).toEqual([
    [1, 5, '活动志愿服务：四点半课堂'],
  ])
  expect((await ledgerOf(v2)).map((e) => e.hours)).toEqual([1])
  expect((await ledgerOf(absent.g)).length).toBe(0)
  // The hours show in the volunteer's own record.
  const me = await api().ok(v2, 'volunteer.me', {})
  expect(me.records.some((x) => x.reason === '活动志愿服务：四点半课堂' && x.hours === 1)).toBe(true)
  // Confirming again adds nothing; changing afterwards is refused.
  await api().ok('demo-admin', 'session.confirm', { sessionId: s._id })
  expect((await ledgerOf(v2)).length).toBe(1)
  expect(
    await api().call('demo-admin', 'session.confirm', { sessionId: s._id, hours: { [places[v2]._id]: 3 } }),
  ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这场活动的时长已确认，不能再修改' } })
  clock = bj('2026-09-01T10:00:00')
})

test('two no-shows within 30 days lock sign-ups for 14 days, with the date it ends; then sign-up works again', async () => {
  const g = person()
  await env.ok(g, 'me.bindBuilding', { buildingCode: 'B01' })
  const lecture = async (day: string) => {
    const a = await api().ok('demo-admin', 'activity.create', {
      requestId: `lec-${++n}-xxxxxx`,
      kind: 'lecture',
      title: '健康养生大讲堂',
      place: '社区党群服务中心',
      schedule: { from: day, time: '09:00', durationMinutes: 60 },
      roles: [{ key: 'attendee', name: '听众', capacity: 60, audience: 'anyone' }],
    })
    return (await sessionsOf(env, a.id))[0]
  }
  const first = await lecture('2026-10-12')
  const second = await lecture('2026-10-30')
  const later = await lecture('2026-12-01')
  for (const s of [first, second]) await api().ok(g, 'session.signUp', { sessionId: s._id, role: 'attendee' })
  clock = bj('2026-10-12T10:05:00')
  await runScheduler(env.deps(() => clock))
  // One no-show: still free to sign up.
  expect((await api().ok(g, 'session.signUp', { sessionId: later._id, role: 'attendee' })).mine?.status).toBe(
    'confirmed',
  )
  await api().ok(g, 'session.cancel', { sessionId: later._id })
  clock = bj('2026-10-30T10:05:00')
  await runScheduler(env.deps(() => clock))
  // 18 days apart → locked from the second (Oct 30, 09:00) for 14 days.
  const before = (await env.db.collection(COLLECTIONS.sessions).doc(later._id).get()).data[0] as SessionDoc
  expect(await api().call(g, 'session.signUp', { sessionId: later._id, role: 'attendee' })).toMatchObject(
    refusal('CONFLICT', '30天内缺席2次，11月13日 09:00前暂停报名；如有特殊情况请联系组织者'),
  )
  expect(
    ((await env.db.collection(COLLECTIONS.sessions).doc(later._id).get()).data[0] as SessionDoc).roles,
  ).toEqual(before.roles)
  clock = bj('2026-11-13T09:00:00')
  expect((await api().ok(g, 'session.signUp', { sessionId: later._id, role: 'attendee' })).mine?.status).toBe(
    'confirmed',
  )
  clock = bj('2026-09-01T10:00:00')
})

test('the lock rule itself: only no-shows within 30 days of each other lock, for 14 days from the second', () => {
  const d = (s: string) => bj(`${s}T09:00:00`)
  expect(signupBlockedUntil([d('2026-10-01')], d('2026-10-02'))).toBeNull()
  // 31 days apart: no lock.
  expect(signupBlockedUntil([d('2026-10-01'), d('2026-11-01')], d('2026-11-02'))).toBeNull()
  expect(signupBlockedUntil([d('2026-10-01'), d('2026-10-31')], d('2026-11-02'))).toEqual(d('2026-11-14'))
  // The lock ends exactly 14 days on.
  expect(
    signupBlockedUntil([d('2026-10-01'), d('2026-10-05')], new Date(d('2026-10-19').getTime() - 1)),
  ).toEqual(d('2026-10-19'))
  expect(signupBlockedUntil([d('2026-10-01'), d('2026-10-05')], d('2026-10-19'))).toBeNull()
  // A third no-show during the lock extends it from the third.
  expect(signupBlockedUntil([d('2026-10-01'), d('2026-10-05'), d('2026-10-10')], d('2026-10-20'))).toEqual(
    new Date(d('2026-10-10').getTime() + 14 * DAY),
  )
})

test('the check-in code: a printable PDF for the organiser; its scene names the session; others are refused', async () => {
  const [s] = await classroom('2026-09-25')
  expect(await api().call(TUTOR, 'session.checkInCode', { sessionId: s._id })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  const code = await api().ok('demo-admin', 'session.checkInCode', { sessionId: s._id })
  expect(sessionFromScene(code.scene)).toBe(s._id)
  expect(code.scene.length).toBeLessThanOrEqual(32)
  // The URL in the code opens the check-in page with the same scene (also via WeChat's `q`).
  expect(sceneOf({ q: encodeURIComponent(code.url) })).toBe(code.scene)
  const pdf = Buffer.from(await (await fetch(code.fileUrl)).arrayBuffer())
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.load(pdf)
  expect(doc.getPageCount()).toBe(1)
  expect(doc.getTitle()).toBe('四点半课堂')
  // The printed code is WeChat's mini-program code for the check-in page with that scene.
  expect(env.localWx.codes.at(-1)).toMatchObject({
    scene: code.scene,
    page: 'pages/activity/checkin',
    url: code.url,
  })
  expect((await env.db.collection(COLLECTIONS.children).count()).total).toBeGreaterThan(0)
  const some = (await env.db.collection(COLLECTIONS.children).limit(1).get()).data[0] as ChildDoc
  expect(some.guardianOpenids).toHaveLength(1)
})

test('a cover photo: the organiser’s own upload, checked by its bytes; shown on the activity by an expiring link', async () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('cover-bytes-for-the-test'),
  ])
  const put = (name: string, bytes: Buffer) => env.upload('demo-admin', name, bytes)
  const input = (cover: string[], requestId: string): ActionInput<'activity.create'> => ({
    requestId,
    kind: 'lecture',
    title: '垃圾分类大讲堂',
    place: '社区党群服务中心',
    cover,
    schedule: { from: '2026-10-20', time: '09:30', durationMinutes: 60 },
    roles: [{ key: 'attendee', name: '听众', capacity: 60, audience: 'anyone' }],
  })
  const sessionsBefore = (await env.db.collection(COLLECTIONS.sessions).count()).total
  expect(
    await api().call(
      'demo-admin',
      'activity.create',
      input([await put('c.txt', Buffer.from('not an image'))], 'cover-bad-1'),
    ),
  ).toMatchObject(refusal('INVALID_INPUT', '只能上传 JPG、PNG 或 WebP 格式的照片'))
  expect((await env.db.collection(COLLECTIONS.sessions).count()).total).toBe(sessionsBefore)

  const made = await api().ok(
    'demo-admin',
    'activity.create',
    input([await put('c.png', png)], 'cover-good-1'),
  )
  const seen = await api().ok('demo-resident-1', 'activity.get', { id: made.id })
  expect(Buffer.from(await (await fetch(seen.coverUrl as string)).arrayBuffer())).toEqual(png)
})
