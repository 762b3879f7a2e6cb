/**
 * 吹哨报到 (issue 17, parts 1 and 2): a community registers its units and invites their contacts;
 * a leader calls a unit in on a request; the unit reports in within its clock, resolves with its
 * note (the resident rates it as any other) or hands it back; a unit that misses its clock is
 * told to whoever called it in, once.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-25T09:00:00+08:00' })
let clock = bj('2026-11-25T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const WANG = 'demo-leader-1'
const LIU = 'demo-member-1-1'
const DAYE = 'demo-resident-1'
const SUN = 'units-sun'
let n = 0
const rid = () => `units-${++n}-xxxxxxxx`
const property = {
  kind: 'property' as const,
  name: '幸福里物业服务中心',
  categories: ['facility' as const, 'environment' as const],
  buildingCodes: ['B01', 'B02', 'B03', 'B04'],
  contactName: '孙经理',
  contactPhone: '13900003333',
}
const stored = (id: string) => storedRequest(env, id)
const titles = (openid: string, targetId: string) => noticeTitles(env, openid, targetId)
let wuye = ''
let power = ''

test('the admin registers units (idempotent, checked) and invites a contact; nobody else may', async () => {
  const requestId = rid()
  const unit = await api().ok(ADMIN, 'unit.save', { requestId, ...property })
  expect(unit).toMatchObject({ kindName: '物业服务企业', members: 0, partyOrg: false })
  expect((await api().ok(ADMIN, 'unit.save', { requestId, ...property })).id).toBe(unit.id)
  wuye = unit.id
  power = (
    await api().ok(ADMIN, 'unit.save', {
      requestId: rid(),
      kind: 'utility',
      name: '国网供电所幸福里台区',
      categories: ['utility'],
      contactName: '周电工',
      contactPhone: '0916-3219595',
    })
  ).id
  expect(await env.count(COLLECTIONS.units)).toBe(2)

  const before = env.fingerprint(['rate_limits'])
  const bad: [object, string][] = [
    [{ categories: [] }, '请至少选择一类它负责的诉求'],
    [{ buildingCodes: ['B99'] }, '本社区没有楼栋 B99'],
    [{ contactPhone: '12345' }, '请填写11位手机号或带区号的座机号'],
    [{ name: '物' }, '请填写单位名称'],
    [{ kind: 'bank' }, '请选择单位类型'],
  ]
  for (const [over, message] of bad)
    expect(
      await api().call(ADMIN, 'unit.save', { requestId: rid(), ...property, ...over } as never),
    ).toMatchObject(refusal('INVALID_INPUT', message))
  for (const who of [WANG, LIU])
    expect(await api().call(who, 'unit.save', { requestId: rid(), ...property })).toMatchObject(
      refusal('FORBIDDEN'),
    )
  expect(env.fingerprint(['rate_limits'])).toBe(before)

  // Its contact takes the role with an invitation, as staff do.
  const inv = await api().ok(ADMIN, 'invite.create', {
    requestId: rid(),
    role: 'unitStaff',
    unitId: wuye,
    name: '孙经理',
  })
  expect(inv).toMatchObject({ roleLabel: '责任单位联系人', gridName: '幸福里物业服务中心' })
  await api().ok(SUN, 'invite.accept', { code: inv.code })
  expect((await api().ok(SUN, 'me.get', {})).roles).toEqual(['unitStaff'])
  expect((await api().ok(LIU, 'unit.list', {})).units.map((u) => [u.name, u.members])).toEqual([
    ['国网供电所幸福里台区', 0],
    ['幸福里物业服务中心', 1],
  ])
  // A leader cannot invite one; a unit that is not the community's is refused.
  expect(
    await api().call(WANG, 'invite.create', {
      requestId: rid(),
      role: 'unitStaff',
      unitId: wuye,
      name: '钱',
    }),
  ).toMatchObject({ ok: false })
  expect(
    await api().call(ADMIN, 'invite.create', {
      requestId: rid(),
      role: 'unitStaff',
      unitId: 'u-none',
      name: '钱',
    }),
  ).toMatchObject(refusal('INVALID_INPUT', '请选择本社区登记的责任单位'))
})

test('吹哨 → the unit reports in and resolves → the resident rates; each step told, in the 台账', async () => {
  clock = bj('2026-11-25T10:00:00')
  const r = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1单元门口的路灯不亮了，晚上黑乎乎的',
  })
  // 物业 covers 设施报修 in 1号楼: suggested first.
  const targets = await api().ok(WANG, 'request.whistleTargets', { id: r.id })
  expect(targets.units.map((u) => [u.name, u.covers])).toEqual([
    ['幸福里物业服务中心', true],
    ['国网供电所幸福里台区', false],
  ])
  // The member hands it up instead; the unit's contact and the resident cannot call one in.
  for (const who of [LIU, SUN, DAYE])
    expect((await api().call(who, 'request.whistle', { id: r.id, unitId: wuye })).ok).toBe(false)

  const called = await api().ok(WANG, 'request.whistle', { id: r.id, unitId: wuye, note: '路灯归物业' })
  expect(called).toMatchObject({
    status: 'accepted',
    assigneeName: '王建国',
    unit: { name: '幸福里物业服务中心', state: 'called', stateName: '待报到', calledByName: '王建国' },
  })
  // 设施报修 is 一般: report in within a working day, resolve within 5 more.
  expect(called.unit?.acceptBy).toBe(bj('2026-11-26T10:00:00').toISOString())
  expect(called.unit?.resolveBy).toBe(bj('2026-12-03T10:00:00').toISOString())
  expect(await api().call(WANG, 'request.whistle', { id: r.id, unitId: power })).toMatchObject(
    refusal('CONFLICT', '已请幸福里物业服务中心办理，请等它办结或退回'),
  )
  expect(await api().call(WANG, 'request.resolve', { id: r.id, note: '已经修好了路灯' })).toMatchObject({
    ok: false,
  })
  // Nor does he hand it up or chase himself while the unit has it; he may take it back, or hand
  // his following of it to someone else (转交).
  expect(called.actions).toEqual(['transfer', 'unitRecall'])
  // The resident sees who is handling it.
  expect((await api().ok(DAYE, 'request.get', { id: r.id })).unit?.name).toBe('幸福里物业服务中心')

  // The unit's list; it sees the resident as the grid does (phone masked).
  const inbox = await api().ok(SUN, 'unit.inbox', { tab: 'open' })
  expect(inbox.unitNames).toEqual(['幸福里物业服务中心'])
  expect(inbox.items.map((i) => i.id)).toEqual([r.id])
  const seen = await api().ok(SUN, 'request.get', { id: r.id })
  expect(seen.resident).toMatchObject({ name: '王大爷', phone: '138****5601' })
  expect(seen.actions.sort()).toEqual(['unitAccept', 'unitReturn'])
  expect(await api().call(SUN, 'request.unitResolve', { id: r.id, note: '已更换路灯灯泡' })).toMatchObject(
    refusal('CONFLICT', '请先报到接单，再办结'),
  )
  // The whole number to call back only once it has reported in (and the view is logged).
  const reveal = { kind: 'requestResident' as const, id: r.id }
  expect((await api().call(SUN, 'person.reveal', reveal)).ok).toBe(false)
  clock = bj('2026-11-25T11:00:00')
  expect((await api().ok(SUN, 'request.unitAccept', { id: r.id })).unit?.state).toBe('accepted')
  await api().ok(SUN, 'request.unitAccept', { id: r.id }) // a double tap
  expect(await api().ok(SUN, 'person.reveal', reveal)).toMatchObject({ phone: '13812345601' })
  const done = await api().ok(SUN, 'request.unitResolve', {
    id: r.id,
    note: '物业电工已更换路灯灯泡，晚上亮了',
  })
  expect(done).toMatchObject({ status: 'resolved', unit: { state: 'resolved' } })
  expect(done.actions).toEqual([])
  const rated = await api().ok(DAYE, 'request.rate', { id: r.id, rating: 'satisfied' })
  expect(rated.status).toBe('closed')
  expect((await stored(r.id)).events.map((e) => e.type)).toEqual([
    'create',
    'whistleWaiting',
    'unitAccept',
    'unitResolve',
    'rate',
  ])
  // Done: off the unit's open list, on its done list; it may still read it, not move it.
  expect((await api().ok(SUN, 'unit.inbox', { tab: 'open' })).items).toEqual([])
  expect((await api().ok(SUN, 'unit.inbox', { tab: 'done' })).items.map((i) => i.id)).toEqual([r.id])
  expect((await api().ok(SUN, 'request.get', { id: r.id })).actions).toEqual([])

  await runScheduler(env.deps(() => bj('2026-11-25T11:05:00')))
  expect(await titles(SUN, r.id)).toEqual(['社区吹哨：请报到办理'])
  expect(await titles(DAYE, r.id)).toEqual(
    ['您的诉求已请责任单位办理', '责任单位已接单', '您的诉求已办结，请评价'].sort(),
  )
  expect(await titles(WANG, r.id)).toEqual(['责任单位已办结', '责任单位已报到'].sort())
})

test('a unit late to report in is told to its caller once; it hands it back; another is called', async () => {
  clock = bj('2026-11-25T14:00:00')
  const r = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '3单元的单元门闭门器坏了，门关不上',
  })
  await api().ok(WANG, 'request.whistle', { id: r.id, unitId: wuye })
  // Thursday 14:00 passed with no 报到: one notice, however often the scheduler runs.
  await runScheduler(env.deps(() => bj('2026-11-26T14:30:00')))
  await runScheduler(env.deps(() => bj('2026-11-26T15:00:00')))
  const late = (await stored(r.id)).events.filter((e) => e.type === 'unitAcceptTimeout')
  expect(late).toHaveLength(1)
  expect(late[0].note).toBe('幸福里物业服务中心未在时限内报到，请王建国跟进')
  expect(await titles(WANG, r.id)).toContain('责任单位超时未报到')

  clock = bj('2026-11-26T16:00:00')
  expect(await api().call(SUN, 'request.unitReturn', { id: r.id, reason: '短' })).toMatchObject({ ok: false })
  const back = await api().ok(SUN, 'request.unitReturn', {
    id: r.id,
    reason: '闭门器是业主自购的，不在物业维保范围',
  })
  expect(back).toMatchObject({ status: 'accepted', assigneeName: '王建国', unit: { state: 'returned' } })
  expect(await api().call(SUN, 'request.unitAccept', { id: r.id })).toMatchObject({ ok: false })
  await runScheduler(env.deps(() => bj('2026-11-26T16:05:00')))
  expect(await titles(WANG, r.id)).toContain('责任单位退回，请另行安排')
  // Returned: the leader may call another unit, or resolve it himself.
  const again = await api().ok(WANG, 'request.whistle', { id: r.id, unitId: power })
  expect(again.unit).toMatchObject({ name: '国网供电所幸福里台区', state: 'called' })
  // 孙经理's unit is no longer on it: he may not read it any more as its unit.
  expect((await api().ok(SUN, 'unit.inbox', { tab: 'open' })).items).toEqual([])
})

test('only a unit contact has a unit list', async () => {
  for (const who of [DAYE, LIU, ADMIN])
    expect(await api().call(who, 'unit.inbox', { tab: 'open' })).toMatchObject(
      refusal('FORBIDDEN', '只有责任单位联系人可以使用'),
    )
})

test('the board counts each unit’s month apart: 报到率 and 按时办结率, a return counted, nothing of another community', async () => {
  clock = bj('2026-11-26T17:00:00')
  const board = await api().ok(ADMIN, 'metrics.units', { month: '2026-11' })
  const row = (name: string) => board.units.find((u) => u.name === name)
  // 物业: the 路灯 reported in and resolved in time; the 闭门器 not reported in time, then returned.
  expect(row('幸福里物业服务中心')).toMatchObject({
    called: 2,
    reportDue: 2,
    reportedOnTime: 1,
    resolved: 1,
    resolvedOnTime: 1,
    resolveDue: 1,
    returned: 1,
    open: 0,
    reportRate: 0.5,
    resolveRate: 1,
  })
  // 供电: called an hour ago, no clock has run yet: nothing counts against it.
  expect(row('国网供电所幸福里台区')).toMatchObject({ called: 1, open: 1, reportDue: 0, reportRate: null })
  expect(
    (await api().ok(ADMIN, 'metrics.units', { month: '2026-10' })).units.every((u) => u.called === 0),
  ).toBe(true)
  expect((await api().ok(WANG, 'metrics.units', { month: '2026-11' })).units).toHaveLength(2)
  for (const who of [LIU, SUN, DAYE])
    expect((await api().call(who, 'metrics.units', { month: '2026-11' })).ok).toBe(false)
  expect(await api().call(ADMIN, 'metrics.units', { month: '2026-13' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  })
})

test('the 台账 counts the units’ work apart: each call-in, and each unit’s month as the board has it', async () => {
  const file = await api().ok(ADMIN, 'metrics.exportLedger', { month: '2026-11' })
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await (await fetch(file.url)).arrayBuffer()) as unknown as ArrayBuffer)
  const calls = wb.getWorksheet('责任单位办理')
  const summary = wb.getWorksheet('责任单位汇总')
  if (!calls || !summary) throw new Error('sheets missing')
  const rows = (ws: typeof calls) =>
    (ws.getRows(2, ws.rowCount - 1) ?? []).map((r) => (r.values as unknown[]).slice(1).map(String))
  // Three call-ins: 物业 twice (one resolved on time, one returned after a late report), 供电 once.
  const byUnit = rows(calls).map((r) => [r[1], r[6], r[10]])
  expect(byUnit.sort()).toEqual(
    [
      ['国网供电所幸福里台区', '—', '待报到'],
      ['幸福里物业服务中心', '否', '已退回'],
      ['幸福里物业服务中心', '是', '已办结'],
    ].sort(),
  )
  const board = await api().ok(ADMIN, 'metrics.units', { month: '2026-11' })
  const wuyeRow = board.units.find((u) => u.name === '幸福里物业服务中心')
  expect(rows(summary).find((r) => r[0] === '幸福里物业服务中心')).toEqual([
    '幸福里物业服务中心',
    String(wuyeRow?.called),
    '50%',
    '100%',
    '1',
    '1',
    '0',
  ])
})

test('收回: the leader takes back a unit’s task that does not come; the unit may no longer move it', async () => {
  clock = bj('2026-11-27T10:00:00')
  const [open] = (
    await env.db
      .collection(COLLECTIONS.requests)
      .where({ 'unit.unitId': power, 'unit.state': 'called' })
      .get()
  ).data as RequestDoc[]
  expect(
    await api().call(LIU, 'request.unitRecall', { id: open._id, reason: '供电所一直没来，另行安排' }),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(await api().call(WANG, 'request.unitRecall', { id: open._id, reason: '短' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  })
  const back = await api().ok(WANG, 'request.unitRecall', {
    id: open._id,
    reason: '供电所一直没来，另行安排',
  })
  expect(back).toMatchObject({ status: 'accepted', unit: { state: 'recalled', stateName: '已收回' } })
  expect(back.actions).toContain('resolve')
  expect(
    await api().call(WANG, 'request.unitRecall', { id: open._id, reason: '供电所一直没来，另行安排' }),
  ).toMatchObject({ ok: true })
  expect(
    await api().call(WANG, 'request.unitRecall', { id: open._id, reason: '再收回一次试试看' }),
  ).toMatchObject(refusal('CONFLICT', '责任单位已办结或已退回，无需收回'))
  expect((await stored(open._id)).events.at(-1)).toMatchObject({ type: 'unitRecall', actorOpenid: WANG })
})

test('双反馈: on 1 December’s nightly run a 双报到 unit’s contact gets November’s record, once', async () => {
  const unit = (await api().ok(ADMIN, 'unit.list', {})).units.find((u) => u.id === wuye)
  if (!unit) throw new Error('no 物业')
  const { id, kind, name, categories, buildingCodes, gridIds, contactName, contactPhone } = unit
  const saved = await api().ok(ADMIN, 'unit.save', {
    requestId: rid(),
    id,
    kind,
    name,
    categories,
    buildingCodes,
    gridIds,
    contactName,
    contactPhone,
    partyOrg: true,
  })
  expect(saved).toMatchObject({ partyOrg: true, members: 1 })
  const first = await runScheduler(env.deps(() => bj('2026-12-01T03:00:00')))
  expect(first.unitFeedbacks).toBe(1)
  const mine = (await env.db.collection(COLLECTIONS.messages).where({ openid: SUN, target: 'unit' }).get())
    .data as MessageDoc[]
  expect(mine.map((m) => [m.title, m.body])).toEqual([
    [
      '11月办理情况（双反馈）',
      '11月社区吹哨2次：按时报到1次（报到率50%），办结1次（按时办结率100%），退回1次，未办结0次。',
    ],
  ])
  // The next night: nothing new. 供电 is no 双报到 unit: none of its (absent) contacts' kind was made.
  expect((await runScheduler(env.deps(() => bj('2026-12-02T03:00:00')))).unitFeedbacks).toBe(0)
  expect(
    (await env.db.collection(COLLECTIONS.messages).where({ target: 'unit', targetId: power }).count()).total,
  ).toBe(0)
})
