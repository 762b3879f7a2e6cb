/**
 * 停用与恢复 · 更正编号 (issue 18, part 3): nothing could be removed or corrected. The admin now
 * retires a building (not while it has open requests), a grid (not while it has members, buildings
 * or grids in use, or open requests), an elder (no more 未登记探访 flags) and a child (future places
 * given back, the seat to the waitlist), each with a reason and a 台账 event; retired things leave
 * lists, pickers, clocks and the board, history keeps their names, and 恢复 brings them back. A
 * building's mistyped code is corrected: the new code is printed, the old one still finds it.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { BuildingDoc, SignupDoc, VisitDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { retiredBuildingText } from '../../src/domain/retire'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { noticeBodies, noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T09:00:00+08:00' })
let clock = bj('2026-12-02T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const WANG = 'demo-leader-1'
const LIU = 'demo-member-1-1'
const VOLUNTEER = 'demo-volunteer-1'
let n = 0
const rid = (tag = 'r') => `retire-${tag}-${++n}-xxxxxx`

async function building(code: string, gridCode = 'g-1-1-1', name = `${code}号楼`) {
  await api().ok(ADMIN, 'setup.saveBuilding', { code, name, address: `幸福里${name}`, gridCode })
}
const storedBuilding = async (code: string) =>
  (await env.db.collection(COLLECTIONS.buildings).doc(code).get()).data[0] as BuildingDoc
const events = async () => (await api().ok(ADMIN, 'retire.list', {})).events
const unchanged = () => env.fingerprint([COLLECTIONS.rateLimits])

test('a building with an open request is refused in words; once done it retires and leaves every list', async () => {
  await building('RT01')
  const resident = 'retire-resident-1'
  await api().ok(resident, 'me.bindBuilding', { buildingCode: 'RT01', room: '1单元101' })
  const filed = await api().ok(resident, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: 'RT01楼道的灯坏了，晚上看不见',
  })
  expect(
    await api().call(ADMIN, 'retire.apply', { kind: 'building', id: 'RT01', reason: '楼栋拆迁' }),
  ).toMatchObject(refusal('CONFLICT', `RT01号楼还有未办结的诉求（${filed.no}），请先办结或转派后再停用`))
  await api().ok(LIU, 'request.accept', { id: filed.id })
  await api().ok(LIU, 'request.resolve', { id: filed.id, note: '已经换好了新灯泡' })

  clock = bj('2026-12-02T10:00:00')
  const done = await api().ok(ADMIN, 'retire.apply', { kind: 'building', id: 'RT01', reason: '楼栋拆迁' })
  expect(done.item).toMatchObject({
    kind: 'building',
    id: 'RT01',
    name: 'RT01号楼',
    retired: { byName: '李秀兰', reason: '楼栋拆迁', at: bj('2026-12-02T10:00:00').toISOString() },
  })
  expect((await events())[0]).toMatchObject({
    subject: '楼栋「RT01号楼」',
    note: '停用：楼栋拆迁',
    actorName: '李秀兰',
  })
  // Twice is refused: it is retired already.
  expect(
    await api().call(ADMIN, 'retire.apply', { kind: 'building', id: 'RT01', reason: '再停一次' }),
  ).toMatchObject(refusal('CONFLICT', 'RT01号楼已经停用了'))

  // Out of the member's lists and pickers; the admin still lists it, marked, to 恢复.
  const mine = await api().ok(LIU, 'building.list', { gridId: 'g-1-1-1' })
  expect(mine.buildings.map((b) => b.code)).not.toContain('RT01')
  expect((await api().ok(LIU, 'building.listServed', {})).buildings.map((b) => b.code)).not.toContain('RT01')
  const admins = await api().ok(ADMIN, 'building.list', { gridId: 'g-1-1-1' })
  expect(admins.buildings.find((b) => b.code === 'RT01')?.retired).toMatchObject({ reason: '楼栋拆迁' })
  expect(await api().call(LIU, 'building.poster', { code: 'RT01' })).toMatchObject(
    refusal('CONFLICT', retiredBuildingText('RT01号楼')),
  )
  // Its code, scanned, says so in words; nobody binds to it or files there any more.
  expect(await api().call('retire-newcomer', 'building.lookup', { buildingCode: 'RT01' })).toMatchObject(
    refusal('CONFLICT', retiredBuildingText('RT01号楼')),
  )
  expect(await api().call('retire-newcomer', 'me.bindBuilding', { buildingCode: 'RT01' })).toMatchObject(
    refusal('CONFLICT', retiredBuildingText('RT01号楼')),
  )
  expect(
    await api().call(resident, 'request.create', {
      requestId: rid(),
      category: 'facility',
      description: 'RT01楼下的路灯也不亮了',
    }),
  ).toMatchObject(refusal('CONFLICT', retiredBuildingText('RT01号楼')))
  // History keeps the name: the resident's request still reads 在 RT01号楼, and so does their 我的.
  expect((await api().ok(resident, 'request.get', { id: filed.id })).buildingName).toBe('RT01号楼')
  expect((await api().ok(resident, 'me.get', {})).building?.name).toBe('RT01号楼')

  // 恢复: back in the lists, scannable again, an event in the 台账.
  clock = bj('2026-12-02T10:30:00')
  const back = await api().ok(ADMIN, 'retire.restore', { kind: 'building', id: 'RT01' })
  expect(back.item.retired).toBeNull()
  expect((await events())[0]).toMatchObject({ subject: '楼栋「RT01号楼」', note: '恢复' })
  expect((await api().ok('retire-newcomer', 'building.lookup', { buildingCode: 'RT01' })).name).toBe(
    'RT01号楼',
  )
  expect(
    (await api().ok(LIU, 'building.list', { gridId: 'g-1-1-1' })).buildings.map((b) => b.code),
  ).toContain('RT01')
  expect(await api().call(ADMIN, 'retire.restore', { kind: 'building', id: 'RT01' })).toMatchObject(
    refusal('CONFLICT', 'RT01号楼没有停用，无需恢复'),
  )
})

test('a grid is refused while it has members, buildings in use or open requests; retired, it leaves the board', async () => {
  // 1号微网格 has 刘芳.
  expect(
    await api().call(ADMIN, 'retire.apply', { kind: 'grid', id: 'g-1-1-1', reason: '网格合并' }),
  ).toMatchObject(refusal('CONFLICT', '1号微网格还有网格员或网格长，请先在人员与角色中撤销或调整后再停用'))
  await api().ok(ADMIN, 'setup.saveGrid', { code: 'RTG1', name: '临时微网格', level: 3, parent: 'g-1-1' })
  await building('RT02', 'RTG1')
  expect(
    await api().call(ADMIN, 'retire.apply', { kind: 'grid', id: 'RTG1', reason: '网格合并' }),
  ).toMatchObject(refusal('CONFLICT', '临时微网格下还有1栋在用的楼栋（RT02号楼），请先停用或调整到其他网格'))
  const board = async () =>
    (await api().ok(ADMIN, 'metrics.month', { month: '2026-12' })).grids.map((g) => g.gridId)
  expect(await board()).toContain('RTG1')
  await api().ok(ADMIN, 'retire.apply', { kind: 'building', id: 'RT02', reason: '楼栋拆迁' })
  await api().ok(ADMIN, 'retire.apply', { kind: 'grid', id: 'RTG1', reason: '网格合并' })
  expect(await board()).not.toContain('RTG1')
  expect((await api().ok(WANG, 'building.list', {})).grids.map((g) => g.id)).not.toContain('RTG1')
  // The building comes back only into a grid in use.
  expect(await api().call(ADMIN, 'retire.restore', { kind: 'building', id: 'RT02' })).toMatchObject(
    refusal('CONFLICT', '所属的临时微网格已停用，请先恢复临时微网格'),
  )
  // The community itself is never retired; 第一网格 has 王建国.
  expect(
    await api().call(ADMIN, 'retire.apply', { kind: 'grid', id: 'g-1', reason: '试一试' }),
  ).toMatchObject(refusal('CONFLICT', '社区本身不能停用'))
  await api().ok(ADMIN, 'retire.restore', { kind: 'grid', id: 'RTG1' })
  await api().ok(ADMIN, 'retire.restore', { kind: 'building', id: 'RT02' })
  expect(await board()).toContain('RTG1')
})

test('a retired elder is no longer on the visit list nor flagged 未登记探访; the day already logged keeps them', async () => {
  const team = await api().ok(ADMIN, 'activity.create', {
    requestId: rid('team'),
    kind: 'elderCare',
    title: '爱心敲门·暖心助老',
    place: '幸福里社区各楼栋',
    schedule: { from: '2026-12-03', to: '2026-12-04', time: '09:00', durationMinutes: 120 },
    roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
  })
  const [thursday, friday] = await sessionsOf(env, team.id)
  const add = (name: string) =>
    api().ok(LIU, 'elder.add', {
      requestId: rid('elder'),
      buildingCode: 'B01',
      name,
      room: '2单元301',
      phone: '',
      consent: { by: '本人', note: '' },
      notes: '',
      activityId: team.id,
    })
  const moved = await add('周奶奶')
  const stays = await add('吴爷爷')
  await api().ok(VOLUNTEER, 'session.signUp', { sessionId: thursday._id, role: 'visitor' })
  await api().ok(VOLUNTEER, 'session.signUp', { sessionId: friday._id, role: 'visitor' })
  clock = bj('2026-12-03T10:00:00')
  await api().ok(VOLUNTEER, 'visit.log', {
    sessionId: thursday._id,
    elderId: moved.id,
    seen: true,
    wellbeing: 'well',
  })
  await api().ok(ADMIN, 'retire.apply', { kind: 'elder', id: moved.id, reason: '搬去女儿家住了' })
  expect((await events())[0]).toMatchObject({ subject: '助老对象「周奶奶」', note: '停用：搬去女儿家住了' })
  // Thursday's list keeps her (logged); Friday's has only 吴爷爷, and she cannot be logged.
  const names = async (sessionId: string) =>
    (await api().ok(VOLUNTEER, 'visit.list', { sessionId })).items.map((i) => i.elder.name)
  expect(await names(thursday._id)).toEqual(['周奶奶', '吴爷爷'])
  clock = bj('2026-12-04T10:00:00')
  expect(await names(friday._id)).toEqual(['吴爷爷'])
  expect(
    await api().call(VOLUNTEER, 'visit.log', { sessionId: friday._id, elderId: moved.id, seen: false }),
  ).toMatchObject(refusal('CONFLICT', '周奶奶已停用（搬去女儿家住了），不再探访'))

  // Friday ends with nobody logged: only 吴爷爷 is flagged to 刘芳.
  clock = bj('2026-12-05T00:05:00')
  await runScheduler(env.deps(() => clock))
  expect(await noticeBodies(env, LIU, friday._id)).toEqual([
    '吴爷爷（1号楼2单元301）12月4日未登记探访，请联系确认',
  ])
  const logs = (await env.db.collection(COLLECTIONS.visits).where({ sessionId: friday._id }).get())
    .data as VisitDoc[]
  expect(logs.map((v) => v.elderId)).toEqual([stays.id])
  clock = bj('2026-12-02T11:00:00')
})

test('a retired child’s future places are given back: the seat goes to the first waiting, the guardian is told', async () => {
  clock = bj('2026-12-02T11:00:00')
  const a = await api().ok(
    ADMIN,
    'activity.create',
    activityInput(rid('class'), {
      kind: 'afterSchool',
      title: '四点半课堂',
      schedule: { from: '2026-12-07', time: '16:30', durationMinutes: 90 },
      roles: [{ key: 'child', name: '孩子', capacity: 1, audience: 'child' }],
    }),
  )
  const [session] = await sessionsOf(env, a.id)
  const child = async (guardian: string, name: string) => {
    await api().ok(guardian, 'me.bindBuilding', { buildingCode: 'B02', room: '1单元201' })
    return api().ok(guardian, 'child.register', {
      requestId: rid('child'),
      name,
      age: 8,
      grade: '二年级',
      guardian: { name: `${name}妈妈`, relation: '母亲', phone: '13812340000' },
    })
  }
  const leaving = await child('retire-mum-1', '小雨')
  const waiting = await child('retire-mum-2', '小雪')
  await api().ok('retire-mum-1', 'session.signUp', {
    sessionId: session._id,
    role: 'child',
    childId: leaving.id,
  })
  await api().ok('retire-mum-2', 'session.signUp', {
    sessionId: session._id,
    role: 'child',
    childId: waiting.id,
  })
  const places = async () =>
    (
      (await env.db.collection(COLLECTIONS.signups).where({ sessionId: session._id }).get())
        .data as SignupDoc[]
    )
      .map((s) => [s.name, s.status])
      .sort()

  expect(await places()).toEqual([
    ['小雨', 'confirmed'],
    ['小雪', 'waitlisted'],
  ])
  const done = await api().ok(ADMIN, 'retire.apply', { kind: 'child', id: leaving.id, reason: '孩子已转学' })
  expect(done.note).toBe('孩子已转学（已取消1场未开始活动的报名）')
  // More than 2 hours before the start: the first waiting is given the seat outright.
  expect(await places()).toEqual([
    ['小雨', 'cancelled'],
    ['小雪', 'confirmed'],
  ])
  expect(await noticeTitles(env, 'retire-mum-1', session._id)).toContain('小雨的报名已取消')
  // Not offered for sign-up any more; the guardian may not sign them up nor register them twice.
  expect((await api().ok('retire-mum-1', 'child.list', {})).items).toEqual([])
  expect(
    await api().call('retire-mum-1', 'session.signUp', {
      sessionId: session._id,
      role: 'child',
      childId: leaving.id,
    }),
  ).toMatchObject(refusal('CONFLICT', '小雨的登记已被社区停用，不能再报名'))
  // The admin lists the child, retired.
  const listed = (await api().ok(ADMIN, 'retire.list', {})).items.find((i) => i.id === leaving.id)
  expect(listed).toMatchObject({ kind: 'child', name: '小雨', retired: { reason: '孩子已转学' } })
})

test('a mistyped building code is corrected: the new code is printed, the old one still finds the building', async () => {
  clock = bj('2026-12-07T09:00:00')
  await building('RT0O', 'g-1-1-1', '十号楼')
  const resident = 'retire-resident-2'
  await api().ok(resident, 'me.bindBuilding', { buildingCode: 'RT0O' })
  // A code some building has is refused; so is the same code again.
  expect(await api().call(ADMIN, 'building.correctCode', { code: 'RT0O', newCode: 'B01' })).toMatchObject(
    refusal('CONFLICT', '编码B01已被「1号楼」使用，请换一个'),
  )
  expect(await api().call(ADMIN, 'building.correctCode', { code: 'RT0O', newCode: 'RT0O' })).toMatchObject(
    refusal('CONFLICT', '十号楼的编码已经是RT0O'),
  )
  const before = unchanged()
  expect(await api().call(ADMIN, 'building.correctCode', { code: 'RT0O', newCode: '十号' })).toMatchObject(
    refusal('INVALID_INPUT', '楼栋编码只能用字母、数字、- 和 _，最多32位'),
  )
  expect(unchanged()).toBe(before)

  const fixed = await api().ok(ADMIN, 'building.correctCode', {
    code: 'RT0O',
    newCode: 'RT10',
    reason: '字母O印成了数字',
  })
  expect(fixed.item).toMatchObject({ id: 'RT0O', code: 'RT10', name: '十号楼' })
  expect((await events())[0]).toMatchObject({
    subject: '楼栋「十号楼」',
    note: '楼栋编码由 RT0O 更正为 RT10：字母O印成了数字（原编码扫码仍可找到本楼栋）',
  })
  // Both codes find it; the new one is what it shows and prints.
  for (const code of ['RT0O', 'RT10'])
    expect(await api().ok('retire-newcomer', 'building.lookup', { buildingCode: code })).toMatchObject({
      code: 'RT10',
      name: '十号楼',
    })
  const listed = (await api().ok(LIU, 'building.list', { gridId: 'g-1-1-1' })).buildings.find(
    (b) => b.name === '十号楼',
  )
  expect(listed).toMatchObject({ code: 'RT10', formerCodes: ['RT0O'], qrAt: null })
  await api().ok(LIU, 'building.qr', { code: 'RT10' })
  expect((await storedBuilding('RT0O')).qr?.scene).toBe('RT10')
  // Binding by the new code binds the same building; the resident bound before is still there.
  const me = await api().ok('retire-newcomer-2', 'me.bindBuilding', { buildingCode: 'RT10' })
  expect(me.building).toMatchObject({ code: 'RT10', name: '十号楼' })
  const users = await env.db.collection(COLLECTIONS.users).where({ buildingCode: 'RT0O' }).get()
  expect(users.data.map((u) => u._id).sort()).toEqual(['retire-newcomer-2', resident])
  // A request filed there goes to the building's grid as before.
  const filed = await api().ok(resident, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '十号楼单元门的门禁坏了',
  })
  expect((await storedRequest(env, filed.id)).gridId).toBe('g-1-1-1')
  // The corrected code is taken too: no building is added with it, nor corrected to it.
  expect(
    await api().call(ADMIN, 'setup.saveBuilding', {
      code: 'RT10',
      name: '另一栋',
      address: '幸福里另一栋',
      gridCode: 'g-1-1-1',
    }),
  ).toMatchObject(refusal('INVALID_INPUT', '楼栋编码「RT10」已是「十号楼」更正后的编码，请换一个'))
  await building('RT11')
  expect(await api().call(ADMIN, 'building.correctCode', { code: 'RT11', newCode: 'RT10' })).toMatchObject(
    refusal('CONFLICT', '编码RT10已被「十号楼」使用，请换一个'),
  )
})

test('bad input and everyone but the admin change nothing', async () => {
  await building('RT20')
  const before = unchanged()
  const tries: [
    string,
    'retire.apply' | 'retire.restore' | 'building.correctCode',
    object,
    ReturnType<typeof refusal>,
  ][] = [
    [
      ADMIN,
      'retire.apply',
      { kind: 'building', id: 'RT20', reason: '拆' },
      refusal('INVALID_INPUT', '请填写停用原因（至少2个字）'),
    ],
    [
      ADMIN,
      'retire.apply',
      { kind: 'building', id: 'RT20', reason: '拆'.repeat(101) },
      refusal('INVALID_INPUT', '停用原因最多100个字'),
    ],
    [
      ADMIN,
      'retire.apply',
      { kind: 'house', id: 'RT20', reason: '楼栋拆迁' },
      refusal('INVALID_INPUT', '请选择要停用的类别'),
    ],
    [
      ADMIN,
      'retire.apply',
      { kind: 'elder', id: 'nobody', reason: '已搬走了' },
      refusal('NOT_FOUND', '没有找到这个助老对象'),
    ],
    [
      WANG,
      'retire.apply',
      { kind: 'building', id: 'RT20', reason: '楼栋拆迁' },
      refusal('FORBIDDEN', '只有社区管理员可以停用、恢复或更正编号'),
    ],
    [LIU, 'retire.apply', { kind: 'building', id: 'RT20', reason: '楼栋拆迁' }, refusal('FORBIDDEN')],
    [
      'demo-resident-1',
      'retire.apply',
      { kind: 'building', id: 'RT20', reason: '楼栋拆迁' },
      refusal('FORBIDDEN'),
    ],
    [WANG, 'building.correctCode', { code: 'RT20', newCode: 'RT21' }, refusal('FORBIDDEN')],
    [WANG, 'retire.restore', { kind: 'building', id: 'RT20' }, refusal('FORBIDDEN')],
  ]
  for (const [who, action, input, answer] of tries)
    expect({ who, action, answer: await api().call(who, action, input as never) }).toMatchObject({
      who,
      action,
      answer,
    })
  expect(unchanged()).toBe(before)
  expect((await storedBuilding('RT20')).retired).toBeUndefined()
})
