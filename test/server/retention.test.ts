/**
 * 保存期限 (src/domain/retention.ts), enforced: one of each kind of personal data made through the
 * api on named days, then the clock moved to just before and just after each record's period —
 * at every step every record is checked, so exactly the one whose period ran out changes. The
 * board's figures are the same after the requests are anonymised; files go from storage; a second
 * run changes nothing; a backlog is taken a batch per run and finished by the next; the scheduler
 * does it in the nightly hour only, with its counts in the report.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type {
  ChildDoc,
  ElderDoc,
  HouseholdDoc,
  RequestDoc,
  SignupDoc,
  VisitDoc,
  WishDoc,
} from '../../cloudfunctions/core/model'
import { RETENTION_BATCH, runRetention } from '../../cloudfunctions/core/retention/jobs'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import {
  ANONYMISED_NAME,
  ANONYMISED_OPENID,
  RETENTION,
  type ScheduledRetentionKind,
} from '../../src/domain/retention'
import { local } from '../../src/domain/time'
import { writeWorkbook } from '../../cloudfunctions/core/setup/workbook'
import { clockApi, fileEnv } from '../support/env'
import { sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-24T09:00:00+08:00' })

let clock = bj('2026-11-24T10:00:00')
const api = () => clockApi(env, () => clock)
const deps = (at: Date) => env.deps(() => at)
/** `act` with the clock at `at`, then back where it was. */
async function on<T>(at: Date, act: () => Promise<T>): Promise<T> {
  const was = clock
  clock = at
  try {
    return await act()
  } finally {
    clock = was
  }
}

const X = 't-ret-x'
const X_NAME = '欧阳秀英'
const X_PHONE = '13912340000'
const Y = 't-ret-y'
const G = 't-ret-g'
const LIU = 'demo-member-1-1' // 刘芳 serves B01
const YANG = 'demo-member-2-1' // 杨雪梅 serves B05
const ADMIN = 'demo-admin'
const VOLUNTEER = 'demo-volunteer-1'
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 5)])

let n = 0
const rid = (p: string) => `ret-${p}-${++n}-xxxxxx`
const doc = async <T>(name: keyof typeof COLLECTIONS, id: string) =>
  (await env.db.collection(COLLECTIONS[name]).doc(id).get()).data[0] as T | undefined
const count = async (name: keyof typeof COLLECTIONS, where: object) =>
  (await env.db.collection(COLLECTIONS[name]).where(where).count()).total

/** One record under a row of the table: when its period runs out, and whether it has been done. */
interface Tracked {
  kind: ScheduledRetentionKind
  label: string
  due: Date
  done: () => Promise<boolean>
}
const tracked: Tracked[] = []
const after = (start: Date, kind: ScheduledRetentionKind) => {
  const p = RETENTION[kind].period
  return local(start).add(p.n, p.unit).toDate()
}
const anonymised = (d: { anonymisedAt?: Date } | undefined) => Boolean(d?.anonymisedAt)

let requestA = ''
let photoA = ''
let monthBefore: unknown
const extraCheckpoints: Date[] = []

beforeAll(async () => {
  // X: a resident of B01 with a name and a phone on file, who votes, posts and rates.
  await api().ok(X, 'me.bindBuilding', { buildingCode: 'B01', room: '3单元801' })
  await env.db.collection(COLLECTIONS.users).doc(X).update({ name: X_NAME, phone: X_PHONE })
  photoA = await env.upload(X, 'ret-a.jpg', JPEG)
  requestA = (
    await api().ok(X, 'request.create', {
      requestId: rid('a'),
      category: 'facility',
      description: `楼道灯坏了，找${X_NAME}，电话${X_PHONE}`,
      photos: [photoA],
    })
  ).id
  await api().ok(LIU, 'request.accept', { id: requestA })
  await api().ok(LIU, 'person.reveal', { kind: 'requestResident', id: requestA })
  await api().ok(LIU, 'request.resolve', { id: requestA, note: `已给${X_NAME}家换了灯泡` })
  await api().ok(X, 'request.rate', { id: requestA, rating: 'satisfied', comment: '刘芳很负责' })
  const requestB = (
    await api().ok(X, 'request.create', {
      requestId: rid('b'),
      category: 'environment',
      description: '楼下垃圾桶满了没人清理',
    })
  ).id
  await api().ok(X, 'request.cancel', { id: requestB, reason: '已经有人清理了' })
  await api().ok(X, 'poll.vote', { requestId: rid('vote'), choice: 'satisfied', comment: '刘芳很负责' })

  // Y's wish, from 5号楼, claimed and done.
  await api().ok(Y, 'me.bindBuilding', { buildingCode: 'B05', room: '1单元101' })
  const wish = await api().ok(Y, 'wish.create', {
    requestId: rid('wish'),
    category: 'goods',
    what: '一副助行器',
    why: '老伴腿脚不便，下楼散步需要扶着东西走',
  })
  await api().ok(YANG, 'wish.review', { id: wish.id, decision: 'publish' })
  await api().ok(VOLUNTEER, 'wish.claim', { id: wish.id, promisedBy: '2026-11-27' })
  const wishPhoto = await env.upload(VOLUNTEER, 'ret-w.jpg', JPEG)
  await api().ok(VOLUNTEER, 'wish.fulfil', {
    id: wish.id,
    note: '已送到家里，教会了怎么用',
    photos: [wishPhoto],
    hours: 1.5,
  })
  await api().ok(Y, 'wish.confirm', { id: wish.id })

  // A guardian's two children: one signed up now, the other registered now and signed up in March.
  await api().ok(G, 'me.bindBuilding', { buildingCode: 'B01', room: '2单元202' })
  const child = (name: string) => ({
    requestId: rid('child'),
    name,
    age: 8,
    grade: '二年级' as const,
    allergies: '花生',
    notes: '',
    guardian: { name: '王芳', relation: '母亲', phone: '13800001111' },
    others: [],
  })
  const c1 = await api().ok(G, 'child.register', child('小明'))
  const c2 = await api().ok(G, 'child.register', child('小红'))
  const classroom = await api().ok(ADMIN, 'activity.create', {
    requestId: rid('class'),
    kind: 'afterSchool',
    title: '四点半课堂',
    description: '作业辅导、阅读和手工',
    place: '幸福里社区四点半课堂教室',
    organiser: '幸福里社区',
    schedule: { from: '2026-11-26', to: '2027-03-02', time: '16:30', durationMinutes: 90 },
    roles: [{ key: 'child', name: '孩子', capacity: 10, audience: 'child' }],
  })
  const lessons = await sessionsOf(env, classroom.id)
  await api().ok(G, 'session.signUp', { sessionId: lessons[0]._id, role: 'child', childId: c1.id })
  await on(bj('2027-03-01T10:00:00'), () =>
    api().ok(G, 'session.signUp', {
      sessionId: lessons[lessons.length - 1]._id,
      role: 'child',
      childId: c2.id,
    }),
  )

  // An elder on a team's list, visited on the 25th.
  const team = await api().ok(ADMIN, 'activity.create', {
    requestId: rid('care'),
    kind: 'elderCare',
    title: '爱心敲门·暖心助老',
    place: '幸福里社区各楼栋',
    schedule: { from: '2026-11-25', to: '2026-11-25', time: '09:00', durationMinutes: 120 },
    roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
  })
  const elder = await api().ok(LIU, 'elder.add', {
    requestId: rid('elder'),
    activityId: team.id,
    buildingCode: 'B01',
    name: '陈奶奶',
    room: '3单元502',
    phone: '13700003333',
    consent: { by: '本人', note: '同意每周上门' },
    notes: '独居，耳背',
  })
  const [visitDay] = await sessionsOf(env, team.id)
  await api().ok(VOLUNTEER, 'session.signUp', { sessionId: visitDay._id, role: 'visitor' })
  await on(bj('2026-11-25T09:40:00'), () =>
    api().ok(VOLUNTEER, 'visit.log', {
      sessionId: visitDay._id,
      elderId: elder.id,
      seen: true,
      wellbeing: 'well',
      needs: '',
      note: '陈奶奶精神不错',
    }),
  )

  // 民情日志: a household and its 走访.
  const household = await api().ok(LIU, 'household.add', {
    requestId: rid('h'),
    buildingCode: 'B01',
    room: '2单元301',
    contactName: '赵奶奶',
    contactPhone: '13700001234',
  })
  const entry = await api().ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'visit',
    text: '入户看望赵奶奶，身体还好',
    buildingCode: 'B01',
    householdId: household.id,
  })
  const invitation = await api().ok(ADMIN, 'invite.create', {
    requestId: rid('inv'),
    role: 'gridMember',
    gridId: 'g-1-3-2',
    name: '黄晓燕',
  })
  // 社区设置: an import, whose stored copy names the people on its 人员 sheet.
  const workbook = await writeWorkbook({
    grids: [
      ['g-1', '幸福里社区', '1', ''],
      ['G8', '第八网格', '2', 'g-1'],
    ],
    buildings: [],
    people: [['钱玉兰', '13800007001', '网格长', 'G8', '']],
  })
  await api().ok(ADMIN, 'setup.apply', {
    requestId: rid('import'),
    fileID: await env.upload(ADMIN, 'ret.xlsx', workbook),
  })
  // The notices of all this, into 消息 (10:00 is not the nightly hour: nothing is due anyway).
  await runScheduler(deps(clock))

  // What is tracked, and when each runs out — read from the records themselves.
  const a = (await doc<RequestDoc>('requests', requestA))!
  const b = (await doc<RequestDoc>('requests', requestB))!
  expect(a.status).toBe('closed')
  expect(b.status).toBe('cancelled')
  const w = (await doc<WishDoc>('wishes', wish.id))!
  expect(w.status).toBe('done')
  const requestDone = async (id: string) => anonymised(await doc<RequestDoc>('requests', id))
  tracked.push(
    {
      kind: 'requests',
      label: 'request A',
      due: after(a.closedAt!, 'requests'),
      done: () => requestDone(a._id),
    },
    {
      kind: 'requests',
      label: 'request B',
      due: after(b.updatedAt, 'requests'),
      done: () => requestDone(b._id),
    },
    {
      kind: 'photos',
      label: 'photo of A',
      due: after(a.closedAt!, 'photos'),
      done: async () =>
        (await deps(clock).files.read(photoA)) === null &&
        (await count('uploads', { fileID: photoA })) === 0 &&
        (await doc<RequestDoc>('requests', requestA))!.photos!.length === 0,
    },
    {
      kind: 'photos',
      label: 'photo of the wish',
      due: after(w.doneAt!, 'photos'),
      done: async () => (await deps(clock).files.read(wishPhoto)) === null,
    },
    {
      kind: 'wishes',
      label: 'wish',
      due: after(w.doneAt!, 'wishes'),
      done: async () => anonymised(await doc<WishDoc>('wishes', w._id)),
    },
  )
  for (const c of [c1, c2]) {
    const stored = (await doc<ChildDoc>('children', c.id))!
    const latest = (await env.db.collection(COLLECTIONS.signups).where({ childId: c.id }).get())
      .data as SignupDoc[]
    const last = Math.max(stored.updatedAt.getTime(), ...latest.map((s) => s.createdAt.getTime()))
    tracked.push({
      kind: 'children',
      label: `child ${c.id}`,
      due: after(new Date(last), 'children'),
      done: async () => (await doc<ChildDoc>('children', c.id)) === undefined,
    })
    // The child registered now and signed up in March is kept past a year from registration.
    extraCheckpoints.push(after(stored.updatedAt, 'children'))
  }
  const signups = (await env.db.collection(COLLECTIONS.signups).limit(100).get()).data as SignupDoc[]
  expect(signups.length).toBe(3)
  for (const s of signups)
    tracked.push({
      kind: 'signups',
      label: `signup ${s.name}`,
      due: after(s.createdAt, 'signups'),
      done: async () => anonymised(await doc<SignupDoc>('signups', s._id)),
    })
  const e = (await doc<ElderDoc>('elders', elder.id))!
  const v = (
    (await env.db.collection(COLLECTIONS.visits).where({ elderId: elder.id }).get()).data as VisitDoc[]
  )[0]
  tracked.push(
    {
      kind: 'elders',
      label: 'elder',
      due: after(v.at, 'elders'),
      done: async () =>
        (await doc<ElderDoc>('elders', e._id)) === undefined &&
        !(await doc<{ elderIds: string[] }>('activities', team.id))!.elderIds.includes(e._id),
    },
    {
      kind: 'visits',
      label: 'visit',
      due: after(v.at, 'visits'),
      done: async () => (await doc<VisitDoc>('visits', v._id)) === undefined,
    },
  )
  extraCheckpoints.push(after(e.createdAt, 'elders'))
  const h = (await doc<HouseholdDoc>('households', household.id))!
  expect(h.lastVisitDay).toBe('2026-11-24')
  tracked.push(
    {
      kind: 'households',
      label: 'household',
      // Counted in days: the day after the last 走访, two years on (Beijing).
      due: local(h.lastVisitDay!).add(1, 'day').startOf('day').add(2, 'year').toDate(),
      done: async () => (await doc<HouseholdDoc>('households', h._id)) === undefined,
    },
    {
      kind: 'diary',
      label: 'diary entry',
      due: after((await doc<{ at: Date }>('diary', entry.id))!.at, 'diary'),
      done: async () => anonymised(await doc('diary', entry.id)),
    },
  )
  const log = (await env.db.collection(COLLECTIONS.accessLog).get()).data as { _id: string; at: Date }[]
  expect(log.length).toBe(1)
  tracked.push({
    kind: 'accessLog',
    label: 'access log',
    due: after(log[0].at, 'accessLog'),
    done: async () => (await count('accessLog', {})) === 0,
  })
  const messages = (await env.db.collection(COLLECTIONS.messages).limit(1000).get()).data as {
    createdAt: Date
  }[]
  expect(messages.length).toBeGreaterThan(3)
  const newest = Math.max(...messages.map((m) => m.createdAt.getTime()))
  tracked.push({
    kind: 'messages',
    label: 'messages',
    due: after(new Date(newest), 'messages'),
    done: async () => (await count('messages', {})) === 0,
  })
  const vote = (await env.db.collection(COLLECTIONS.pollVotes).get()).data[0] as { _id: string; at: Date }
  tracked.push({
    kind: 'pollVotes',
    label: 'vote',
    due: after(vote.at, 'pollVotes'),
    done: async () => anonymised(await doc('pollVotes', vote._id)),
  })
  const inv = (await doc<{ expiresAt: Date }>('invitations', invitation.code))!
  tracked.push({
    kind: 'invitations',
    label: 'invitation',
    due: after(inv.expiresAt, 'invitations'),
    done: async () => anonymised(await doc('invitations', invitation.code)),
  })
  const events = (
    await env.db.collection(COLLECTIONS.roleEvents).where({ invitationId: invitation.code }).get()
  ).data as { _id: string; at: Date }[]
  expect(events.length).toBe(1)
  tracked.push({
    kind: 'roleEvents',
    label: 'role event',
    due: after(events[0].at, 'roleEvents'),
    done: async () => anonymised(await doc('roleEvents', events[0]._id)),
  })
  const imports = (await env.db.collection(COLLECTIONS.imports).get()).data as { _id: string; at: Date }[]
  expect(imports.length).toBe(1)
  expect(JSON.stringify(imports[0])).toContain('13800007001')
  tracked.push({
    kind: 'imports',
    label: 'import',
    due: after(imports[0].at, 'imports'),
    done: async () => {
      const d = await doc<{ anonymisedAt?: Date }>('imports', imports[0]._id)
      return anonymised(d) && !JSON.stringify(d).includes('13800007001')
    },
  })
  const roster = (await env.db.collection(COLLECTIONS.staff).where({ name: '钱玉兰' }).get()).data as {
    _id: string
    openid: string | null
    updatedAt: Date
  }[]
  expect(roster).toMatchObject([{ openid: null }])
  tracked.push({
    kind: 'staff',
    label: 'roster line nobody took',
    due: after(roster[0].updatedAt, 'staff'),
    done: async () => (await doc('staff', roster[0]._id)) === undefined,
  })
  monthBefore = (
    await clockApi(env, () => bj('2027-01-05T10:00:00')).ok(ADMIN, 'metrics.month', { month: '2026-11' })
  ).grids
})

const MINUTE = 60_000
const state = async () => Promise.all(tracked.map(async (t) => [t.label, await t.done()] as const))
const expected = (at: Date) => tracked.map((t) => [t.label, at >= t.due] as const)

test('each record is kept until just before its period runs out and purged or anonymised just after', async () => {
  expect(await state()).toEqual(tracked.map((t) => [t.label, false]))
  const checkpoints = [
    ...tracked.flatMap((t) => [new Date(t.due.getTime() - MINUTE), new Date(t.due.getTime() + MINUTE)]),
    ...extraCheckpoints.map((d) => new Date(d.getTime() + MINUTE)),
  ].sort((p, q) => p.getTime() - q.getTime())
  for (const at of checkpoints) {
    clock = at
    await runRetention(deps(at), at)
    expect([at.toISOString(), await state()]).toEqual([at.toISOString(), expected(at)])
  }
  // Every kind of the table the scheduler enforces was seen to run out.
  expect(new Set(tracked.map((t) => t.kind))).toEqual(
    new Set(Object.keys(RETENTION).filter((k) => RETENTION[k as keyof typeof RETENTION].by === 'scheduler')),
  )
})

test('anonymised, the request keeps what the board counts and nothing of who or what was said', async () => {
  const a = (await doc<RequestDoc>('requests', requestA))!
  const text = JSON.stringify(a)
  for (const secret of [X, X_NAME, X_PHONE, '刘芳', LIU, '换了灯泡', '楼道灯坏了'])
    expect([secret, text.includes(secret)]).toEqual([secret, false])
  expect(a).toMatchObject({
    residentOpenid: ANONYMISED_OPENID,
    residentName: ANONYMISED_NAME,
    category: 'facility',
    buildingCode: 'B01',
    status: 'closed',
    rating: 'satisfied',
    photos: [],
  })
  expect(a.events.map((e) => e.type)).toEqual(['create', 'accept', 'resolve', 'rate'])
  // The board's figures of that month are the very same as before.
  const now = await clockApi(env, () => clock).ok(ADMIN, 'metrics.month', { month: '2026-11' })
  expect(now.grids).toEqual(monthBefore)
  expect((monthBefore as { gridId: string; received?: number }[]).length).toBeGreaterThan(0)
  expect(JSON.stringify(monthBefore)).toMatch(/"satisfactionRate":1\b/)
  // The sessions' own copies of their notices went with the messages.
  const sessions = (await env.db.collection(COLLECTIONS.sessions).limit(1000).get()).data as {
    outbox: unknown[]
    noticesClearedAt?: Date
  }[]
  expect(sessions.length).toBeGreaterThan(1)
  expect(sessions.filter((x) => x.outbox.length > 0 || !x.noticesClearedAt)).toEqual([])
  // The resident's own list no longer has it; the anonymised line is nobody's.
  expect(await count('requests', { residentOpenid: X })).toBe(0)
})

test('a second run changes nothing', async () => {
  const before = env.fingerprint([COLLECTIONS.rateLimits])
  const report = await runRetention(deps(clock), clock)
  expect(Object.values(report.counts).every((c) => c === 0)).toBe(true)
  expect(env.fingerprint([COLLECTIONS.rateLimits])).toBe(before)
})

/** `howMany` lines of 查看完整号码 as person.reveal writes them, all at `at`: an old backlog. */
async function oldViews(prefix: string, howMany: number, at: Date) {
  const lines = Array.from({ length: howMany }, (_, i) => ({
    _id: `${prefix}-${i}`,
    viewerOpenid: LIU,
    viewerRole: 'assignee',
    subjectOpenid: X,
    field: 'phone',
    kind: 'requestResident',
    targetId: requestA,
    at,
  }))
  await env.db.collection(COLLECTIONS.accessLog).add(lines)
}

test('a backlog is taken a batch per run, and the next run finishes it', async () => {
  const at = bj('2031-06-01T03:10:00')
  const old = bj('2027-01-01T10:00:00')
  await oldViews('ret-log', RETENTION_BATCH + 10, old)
  const first = await runRetention(deps(at), at)
  expect(first.counts.accessLog).toBe(RETENTION_BATCH)
  expect(first.more).toEqual(['accessLog'])
  const second = await runRetention(deps(at), at)
  expect(second.counts.accessLog).toBe(10)
  expect(second.more).toEqual([])
  expect(await count('accessLog', {})).toBe(0)
})

test('the scheduler runs it in the nightly hour only, with the counts in its report', async () => {
  await oldViews('ret-late', 2, bj('2028-01-01T10:00:00'))
  const midday = await runScheduler(deps(bj('2031-06-02T12:00:00')))
  expect(midday.retention.counts.accessLog).toBe(0)
  expect(await count('accessLog', {})).toBe(2)
  const night = await runScheduler(deps(bj('2031-06-03T03:00:00')))
  expect(night.retention).toMatchObject({ counts: { accessLog: 2 }, more: [] })
  expect(await count('accessLog', {})).toBe(0)
})
