/**
 * 暖心助老: elders from the community's records (consent noted) on a team's list; a visit logged
 * once per elder per visit day; "unwell" or a need raises a request for the elder's building grid,
 * linked to the visit; a visit not logged by the end of its day is flagged to that grid, once.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { derivedId } from '../../cloudfunctions/core/ids'
import type { MessageDoc, RequestDoc, SessionDoc, VisitDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T10:00:00+08:00' })

let clock = bj('2026-09-01T10:00:00')
const api = () => clockApi(env, () => clock)
let n = 0
const VOLUNTEER = 'demo-volunteer-1'
/** 刘芳 serves 1号、2号楼 (B01, B02); 杨雪梅 5号、6号楼 (B05). */
const MEMBER_B01 = 'demo-member-1-1'
const MEMBER_B05 = 'demo-member-2-1'

async function team() {
  const a = await api().ok('demo-admin', 'activity.create', {
    requestId: `care-${++n}-xxxxxx`,
    kind: 'elderCare',
    title: '爱心敲门·暖心助老',
    place: '幸福里社区各楼栋',
    schedule: { from: '2026-09-14', to: '2026-09-15', time: '09:00', durationMinutes: 120 },
    roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
  })
  return { activityId: a.id, days: await sessionsOf(env, a.id) }
}
type ElderInput = ActionInput<'elder.add'>
const elder = (over: Partial<ElderInput>): ElderInput => ({
  requestId: `elder-${++n}-xxxxxx`,
  buildingCode: 'B01',
  name: '陈奶奶',
  room: '3单元502',
  phone: '13700003333',
  consent: { by: '本人', note: '同意每周上门' },
  notes: '独居，耳背，敲门要用力',
  ...over,
})

test('elders come from the community’s records with consent; only those serving the building add them', async () => {
  const { activityId } = await team()
  expect(await api().call(VOLUNTEER, 'elder.add', elder({ activityId }))).toMatchObject(refusal('FORBIDDEN'))
  // 杨雪梅 serves 5号、6号楼, not 1号楼.
  expect(await api().call(MEMBER_B05, 'elder.add', elder({ activityId }))).toMatchObject(
    refusal('FORBIDDEN', '只能登记您负责楼栋的老人'),
  )
  expect(await api().call(MEMBER_B01, 'elder.add', elder({ phone: '12345' }))).toMatchObject(
    refusal('INVALID_INPUT', '手机号格式不正确'),
  )
  expect(
    await api().call(MEMBER_B01, 'elder.add', elder({ consent: { by: '邻居' as '本人', note: '' } })),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请选择由谁同意探访' } })
  expect((await env.db.collection(COLLECTIONS.elders).count()).total).toBe(0)

  const input = elder({ activityId })
  const added = await api().ok(MEMBER_B01, 'elder.add', input)
  expect(added).toMatchObject({
    name: '陈奶奶',
    phone: '13700003333',
    consent: expect.stringMatching(/^本人同意/),
  })
  // The same requestId again adds nothing.
  expect((await api().ok(MEMBER_B01, 'elder.add', input)).id).toBe(added.id)
  expect((await env.db.collection(COLLECTIONS.elders).count()).total).toBe(1)
  const act = (await env.db.collection(COLLECTIONS.activities).doc(activityId).get()).data[0]
  expect(act.elderIds).toEqual([added.id])
})

test('a visit is logged once; unwell or a need raises a request for the elder’s grid, linked to the visit', async () => {
  const { activityId, days } = await team()
  const a = await api().ok(MEMBER_B01, 'elder.add', elder({ activityId, name: '王大爷' }))
  const b = await api().ok(
    'demo-admin',
    'elder.add',
    elder({ activityId, name: '李奶奶', buildingCode: 'B05' }),
  )
  const [monday] = days
  await api().ok(VOLUNTEER, 'session.signUp', { sessionId: monday._id, role: 'visitor' })
  // Only this day's volunteers and the organiser see the list.
  expect(await api().call('demo-volunteer-2', 'visit.list', { sessionId: monday._id })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  const list = await api().ok(VOLUNTEER, 'visit.list', { sessionId: monday._id })
  expect(list.items.map((i) => [i.elder.name, i.visit])).toEqual([
    ['王大爷', null],
    ['李奶奶', null],
  ])

  const log = { sessionId: monday._id, needs: '', note: '' }
  expect(
    await api().call(VOLUNTEER, 'visit.log', { ...log, elderId: a.id, seen: true, wellbeing: 'well' }),
  ).toMatchObject(refusal('CONFLICT', '探访还没有开始'))
  clock = bj('2026-09-14T09:40:00')
  expect(await api().call(VOLUNTEER, 'visit.log', { ...log, elderId: a.id, seen: true })).toMatchObject(
    refusal('INVALID_INPUT', '请选择老人状况'),
  )
  expect((await env.db.collection(COLLECTIONS.visits).where({ sessionId: monday._id }).count()).total).toBe(0)

  await api().ok(VOLUNTEER, 'visit.log', { ...log, elderId: a.id, seen: true, wellbeing: 'well' })
  expect(
    await api().call(VOLUNTEER, 'visit.log', { ...log, elderId: a.id, seen: true, wellbeing: 'unwell' }),
  ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这次探访已经登记过了' } })

  clock = bj('2026-09-14T10:20:00')
  const after = await api().ok(VOLUNTEER, 'visit.log', {
    ...log,
    elderId: b.id,
    seen: true,
    wellbeing: 'unwell',
    needs: '帮忙买降压药',
    note: '说头晕两天了',
  })
  const row = after.items.find((i) => i.elder.name === '李奶奶')
  expect(row?.visit).toMatchObject({
    status: 'logged',
    wellbeing: 'unwell',
    by: '郑晓东',
    requestNo: expect.any(String),
  })
  expect(after.items.find((i) => i.elder.name === '王大爷')?.visit?.requestNo).toBeNull()

  const visit = (
    await env.db
      .collection(COLLECTIONS.visits)
      .doc(`${(await visitsOf(monday._id)).find((v) => v.elderId === b.id)?._id}`)
      .get()
  ).data[0] as VisitDoc
  const req = (
    await env.db
      .collection(COLLECTIONS.requests)
      .doc(visit.requestId as string)
      .get()
  ).data[0] as RequestDoc
  expect(req).toMatchObject({
    category: 'help',
    buildingCode: 'B05',
    residentName: '李奶奶',
    recordedBy: { openid: VOLUNTEER, name: '郑晓东' },
    description: '暖心助老探访（9月14日）：老人身体不适；需要：帮忙买降压药。说头晕两天了',
  })
  // It reaches the grid member of 5号楼 like any request.
  const inbox = await api().ok(MEMBER_B05, 'request.inbox', { tab: 'assigned' })
  expect(inbox.items.map((i) => i.id)).toContain(req._id)
  // After the day ends, no more logs.
  clock = bj('2026-09-15T00:00:00')
  expect(await api().call('demo-admin', 'visit.log', { ...log, elderId: a.id, seen: false })).toMatchObject(
    refusal('CONFLICT', '当天的探访记录已截止，请联系网格员'),
  )
  clock = bj('2026-09-01T10:00:00')
})

async function visitsOf(sessionId: string): Promise<VisitDoc[]> {
  return (await env.db.collection(COLLECTIONS.visits).where({ sessionId }).get()).data as VisitDoc[]
}

test('visits not logged by the end of the day are flagged to the grid of each elder’s building, once', async () => {
  const { activityId, days } = await team()
  const a = await api().ok(MEMBER_B01, 'elder.add', elder({ activityId, name: '赵爷爷' }))
  const b = await api().ok(
    'demo-admin',
    'elder.add',
    elder({ activityId, name: '钱奶奶', buildingCode: 'B05' }),
  )
  const [, tuesday] = days
  await api().ok(VOLUNTEER, 'session.signUp', { sessionId: tuesday._id, role: 'visitor' })
  clock = bj('2026-09-15T10:00:00')
  await api().ok(VOLUNTEER, 'visit.log', {
    sessionId: tuesday._id,
    elderId: a.id,
    seen: false,
    needs: '',
    note: '敲门无人应',
  })
  // Not yet the end of the day: nothing flagged.
  clock = bj('2026-09-15T23:59:00')
  await runScheduler(env.deps(() => clock))
  expect((await visitsOf(tuesday._id)).map((v) => v.status)).toEqual(['logged'])

  clock = bj('2026-09-16T00:01:00')
  const report = await runScheduler(env.deps(() => clock))
  expect(report.visitsMissed).toBeGreaterThanOrEqual(1)
  const missed = (await visitsOf(tuesday._id)).find((v) => v.elderId === b.id)
  expect(missed).toMatchObject({ status: 'missed', by: null })
  const told = async (who: string) =>
    (
      (await env.db.collection(COLLECTIONS.messages).where({ openid: who, targetId: tuesday._id }).get())
        .data as MessageDoc[]
    ).map((m) => m.body)
  expect(await told(MEMBER_B05)).toEqual(['钱奶奶（5号楼3单元502）9月15日未登记探访，请联系确认'])
  // 赵爷爷 was logged (not seen, but logged): his grid hears nothing about him.
  expect(await told(MEMBER_B01)).toEqual([])
  await runScheduler(env.deps(() => clock))
  expect(await told(MEMBER_B05)).toHaveLength(1)
  clock = bj('2026-09-01T10:00:00')
})

test('a flagging run cut short before it marked the day is done again whole: the grid still hears, once', async () => {
  const { activityId, days } = await team()
  const b = await api().ok(
    'demo-admin',
    'elder.add',
    elder({ activityId, name: '孙奶奶', buildingCode: 'B05' }),
  )
  const [monday] = days
  // What a run that crashed after recording the missed visit, before marking the day, leaves.
  await env.db.collection(COLLECTIONS.visits).add({
    _id: derivedId(monday._id, b.id),
    sessionId: monday._id,
    activityId,
    elderId: b.id,
    communityId: monday.communityId,
    buildingCode: 'B05',
    status: 'missed',
    seen: false,
    wellbeing: null,
    needs: '',
    note: '',
    requestId: null,
    by: null,
    at: bj('2026-09-15T00:01:00'),
  } satisfies VisitDoc)
  clock = bj('2026-09-15T00:02:00')
  await runScheduler(env.deps(() => clock))
  await runScheduler(env.deps(() => clock))
  const told = (
    (await env.db.collection(COLLECTIONS.messages).where({ openid: MEMBER_B05, targetId: monday._id }).get())
      .data as MessageDoc[]
  ).map((m) => m.body)
  expect(told).toEqual(['孙奶奶（5号楼3单元502）9月14日未登记探访，请联系确认'])
  // Written with the mark, to the session's outbox after the organiser's close notice, and fanned out.
  const after = (await env.db.collection(COLLECTIONS.sessions).doc(monday._id).get()).data[0] as SessionDoc
  expect(after.visitsCheckedAt).toEqual(bj('2026-09-15T00:02:00'))
  expect(after.outbox.map((e) => [e.seq, e.title])).toEqual([
    [0, '活动已结束，请确认时长'],
    [1, '助老探访未登记'],
  ])
  expect(after).toMatchObject({ outboxSeq: 2, outboxFanned: 2, outboxPending: false })
  expect((await visitsOf(monday._id)).map((v) => v.status)).toEqual(['missed'])
  clock = bj('2026-09-01T10:00:00')
})
