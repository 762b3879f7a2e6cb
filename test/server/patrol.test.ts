/**
 * 巡查发现 and the 楼栋长 (issue 16, parts 2 and 3): staff and a 楼栋长 file what they found on a round;
 * it runs the request lifecycle and clocks, closes at 办结, counts apart on the board; the 楼栋长
 * sees their building's open requests masked (never a sensitive report), 代录s for a neighbour and
 * hears of the building's requests.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { PATROL_CLOSE_NOTE, PATROL_OWNER } from '../../src/domain/patrol'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const LIU = 'demo-member-1-1'
const CHEN = 'demo-member-1-2'
const WANG = 'demo-leader-1'
const ZHAO = 'demo-building-leader-1'
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
let n = 0
const rid = (tag: string) => `patrol-${tag}-${++n}`
const finding = (over: Record<string, unknown> = {}) => ({
  requestId: rid('f'),
  buildingCode: 'B01',
  place: '3单元楼道',
  category: 'safety' as const,
  description: '3单元楼道堆满纸箱和旧家具，堵住了消防通道',
  ...over,
})
const doc = async (id: string) =>
  (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc

test('a member files a 巡查发现 with a photo: routed like B01, its clocks, takes it herself, 办结 closes it', async () => {
  const photo = await env.upload(LIU, 'p1.jpg', JPEG)
  const input = finding({ photos: [photo] })
  const r = await env.ok(LIU, 'request.patrol', input)
  expect(r).toMatchObject({
    source: 'patrol',
    place: '3单元楼道',
    foundByName: '刘芳',
    gridName: '第一网格 · 1号微网格',
    buildingName: '1号楼',
    status: 'assigned',
    categoryName: '安全隐患',
  })
  // 安全隐患: the urgent tier's clocks, as for a resident's request (30 min / 2 h).
  expect(new Date(r.acceptBy).getTime() - new Date(r.createdAt).getTime()).toBe(30 * 60_000)
  expect(new Date(r.resolveBy).getTime() - new Date(r.createdAt).getTime()).toBe(120 * 60_000)
  // Idempotent by requestId.
  expect((await env.ok(LIU, 'request.patrol', input)).id).toBe(r.id)
  expect(await env.count(COLLECTIONS.requests)).toBeGreaterThan(0)
  const stored = await doc(r.id)
  expect(stored).toMatchObject({ residentOpenid: PATROL_OWNER, foundBy: { openid: LIU, name: '刘芳' } })
  expect(stored.events[0]).toMatchObject({ actorName: '刘芳（巡查发现）' })
  expect(stored.events[0].note).toContain('巡查发现：3单元楼道')
  // The timeline says it was found, not submitted.
  expect((await env.ok(LIU, 'request.get', { id: r.id })).events[0].title).toBe('登记巡查发现')
  expect(stored.photos).toHaveLength(1)

  // In the grid's inbox with its badge; she may take it herself (现场解决) — nobody's own request.
  const inbox = await env.ok(LIU, 'request.inbox', { tab: 'assigned' })
  expect(inbox.items.find((i) => i.id === r.id)).toMatchObject({ source: 'patrol' })
  const taken = await env.ok(LIU, 'request.accept', { id: r.id })
  expect(taken.resident).toBeNull()
  expect(taken.actions).toContain('resolve')
  const done = await env.ok(LIU, 'request.resolve', { id: r.id, note: '已联系物业清走杂物' })
  expect(done.status).toBe('closed')
  const closed = await doc(r.id)
  expect(closed.events.map((e) => e.type)).toEqual(['create', 'accept', 'resolve', 'autoClose'])
  expect(closed.events[3].note).toBe(PATROL_CLOSE_NOTE)
  // Nobody rates or withdraws it.
  for (const who of [LIU, WANG, 'demo-admin', 'demo-resident-1'])
    expect((await env.call(who, 'request.rate', { id: r.id, rating: 'satisfied' })).ok).toBe(false)
})

test('a spot in the grid outside any building; bad input answered in Chinese, nothing written', async () => {
  const spot = await env.ok(LIU, 'request.patrol', {
    ...finding({ buildingCode: undefined, gridId: 'g-1-1-1', place: '小区北门停车场', category: 'facility' }),
  })
  expect(spot).toMatchObject({ buildingName: '第一网格 · 1号微网格', place: '小区北门停车场' })
  const before = await env.count(COLLECTIONS.requests)
  const bad: [Record<string, unknown>, string][] = [
    [finding({ place: '楼' }), '请填写具体位置（至少2个字），如“3单元楼道”'],
    [finding({ place: '很'.repeat(41) }), '位置最多40个字'],
    [finding({ category: 'nope' }), '请选择问题类别'],
    [finding({ description: '乱' }), '问题描述：请至少写5个字，说清楚发生了什么'],
    [finding({ buildingCode: undefined }), '请选择楼栋，或选择网格内的其他位置'],
    [finding({ gridId: 'g-1-1-1' }), '请只选择楼栋，或只选择网格'],
  ]
  for (const [input, message] of bad)
    expect(await env.call(LIU, 'request.patrol', input as never)).toMatchObject(
      refusal('INVALID_INPUT', message),
    )
  // Not their building or grid; not staff nor 楼栋长.
  expect(await env.call(CHEN, 'request.patrol', finding())).toMatchObject(refusal('FORBIDDEN'))
  expect(await env.call(ZHAO, 'request.patrol', finding({ buildingCode: 'B02' }))).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(
    await env.call(ZHAO, 'request.patrol', finding({ buildingCode: undefined, gridId: 'g-1-1-1' })),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(await env.call('demo-resident-1', 'request.patrol', finding())).toMatchObject(
    refusal('FORBIDDEN', '只有网格员或楼栋长可以这样做'),
  )
  expect(await env.count(COLLECTIONS.requests)).toBe(before)
})

test('the 楼栋长: open requests of B01 masked, never a sensitive report; 代录 and 巡查 there; notices', async () => {
  const lamp = await env.ok('demo-resident-1', 'request.create', {
    requestId: rid('lamp'),
    category: 'facility',
    description: '3单元楼道的声控灯坏了，晚上看不清',
  })
  const drugs = await env.ok('demo-resident-1', 'request.create', {
    requestId: rid('drugs'),
    category: 'other',
    description: '地下车库有人卖毒品，很担心',
  })
  expect(drugs.sensitive).toBe(true)
  const b02 = await env.ok(LIU, 'request.createOnBehalf', {
    requestId: rid('b02'),
    buildingCode: 'B02',
    residentName: '钱大爷',
    category: 'help',
    description: '钱大爷想请人帮忙换煤气罐',
  })
  // 代录 for a neighbour without WeChat: the neighbour owns it; only in their own building.
  const behalf = await env.ok(ZHAO, 'request.createOnBehalf', {
    requestId: rid('behalf'),
    buildingCode: 'B01',
    residentName: '孙奶奶',
    residentPhone: '13600002222',
    room: '2单元301',
    category: 'help',
    description: '老人腿脚不便，想请人帮忙取药',
  })
  expect(behalf.recordedByName).toBe('赵桂兰')
  expect((await doc(behalf.id)).residentOpenid).toMatch(/^offline-/)
  const patrol = await env.ok(ZHAO, 'request.patrol', finding({ place: '楼顶天台', category: 'environment' }))

  const list = await env.ok(ZHAO, 'building.openRequests', {})
  expect(list.buildings.map((b) => b.code)).toEqual(['B01'])
  const items = list.buildings[0].items
  const ids = items.map((i) => i.id)
  expect(ids).toEqual(expect.arrayContaining([lamp.id, behalf.id, patrol.id]))
  expect(ids).not.toContain(drugs.id)
  expect(ids).not.toContain(b02.id)
  const text = JSON.stringify(list)
  for (const secret of ['王大爷', '孙奶奶', '13600002222', '2单元301', '502', 'cloud://', '毒品'])
    expect(text).not.toContain(secret)
  expect(items.find((i) => i.id === patrol.id)).toMatchObject({
    source: 'patrol',
    place: '楼顶天台',
    mine: true,
  })
  expect(items.find((i) => i.id === lamp.id)).toMatchObject({
    statusName: '待接单',
    mine: false,
    overdue: false,
  })
  // Read only: no detail, no moves.
  expect(await env.call(ZHAO, 'request.get', { id: lamp.id })).toMatchObject(refusal('NOT_FOUND'))
  expect(await env.call(ZHAO, 'request.accept', { id: lamp.id })).toMatchObject(refusal('FORBIDDEN'))
  // Staff have their inbox; the list is the 楼栋长's.
  expect(await env.call(LIU, 'building.openRequests', {})).toMatchObject(refusal('FORBIDDEN'))
  expect(await env.call('demo-resident-2', 'building.openRequests', {})).toMatchObject(refusal('FORBIDDEN'))
  // Where they may 代录: their own building only.
  expect((await env.ok(ZHAO, 'building.listServed', {})).buildings.map((b) => b.code)).toEqual(['B01'])

  // Notices: the new request and its 办结 reach the 楼栋长, masked; never the sensitive one.
  await env.ok(LIU, 'request.accept', { id: lamp.id })
  await env.ok(LIU, 'request.resolve', { id: lamp.id, note: '已更换声控灯' })
  await runScheduler(env.deps(() => bj('2026-11-25T10:30:00')))
  const messages = (await env.db.collection(COLLECTIONS.messages).where({ openid: ZHAO }).limit(100).get())
    .data as MessageDoc[]
  const about = (id: string) => messages.filter((m) => m.targetId === id).map((m) => m.title)
  expect(about(lamp.id).sort()).toEqual(['楼里有新诉求', '楼里的诉求已办结'].sort())
  expect(about(drugs.id)).toEqual([])
  expect(about(b02.id)).toEqual([])
  // Not told of what they filed themselves.
  expect(about(behalf.id)).toEqual([])
  expect(JSON.stringify(messages)).not.toContain('王大爷')
})

test('the board counts 巡查发现 apart; residents’ rates are the residents’ alone', async () => {
  const before = await env.ok('demo-admin', 'metrics.month', { month: '2026-11' })
  const grid = (m: typeof before) => m.grids.find((g) => g.gridId === 'g-1-1-1')!
  const r = await env.ok(LIU, 'request.patrol', finding({ requestId: rid('board') }))
  await env.ok(LIU, 'request.accept', { id: r.id })
  await env.ok(LIU, 'request.resolve', { id: r.id, note: '已清理完毕' })
  const after = await env.ok('demo-admin', 'metrics.month', { month: '2026-11' })
  expect(grid(after).patrol.found).toBe(grid(before).patrol.found + 1)
  expect(grid(after).patrol.resolved).toBe(grid(before).patrol.resolved + 1)
  expect(grid(after).patrol.onTimeRate).not.toBeNull()
  const { patrol: _a, ...residentsAfter } = grid(after)
  const { patrol: _b, ...residentsBefore } = grid(before)
  expect(residentsAfter).toEqual(residentsBefore)
})

test('a 楼栋长 of B02: B01 is not theirs; they hear of B02’s new, 上报 and 办结 requests, never a sensitive one', async () => {
  const QIAN = 't-patrol-building-leader-b02'
  const NEIGHBOUR = 't-patrol-resident-b02'
  const inv = await env.ok('demo-admin', 'invite.create', {
    requestId: rid('inv'),
    role: 'buildingLeader',
    buildingCode: 'B02',
    name: '钱秀英',
  })
  await env.ok(QIAN, 'invite.accept', { code: inv.code })
  await env.ok(NEIGHBOUR, 'me.bindBuilding', { buildingCode: 'B02' })
  const b01 = await env.ok('demo-resident-1', 'request.create', {
    requestId: rid('b01'),
    category: 'facility',
    description: '1号楼2单元的楼道扶手松了',
  })

  // B01 is in the same micro-grid, but not their building: neither its list nor a 代录 or 巡查 there.
  const list = await env.ok(QIAN, 'building.openRequests', {})
  expect(list.buildings.map((b) => b.code)).toEqual(['B02'])
  expect(JSON.stringify(list)).not.toContain(b01.id)
  expect((await env.ok(QIAN, 'building.listServed', {})).buildings.map((b) => b.code)).toEqual(['B02'])
  const before = await env.count(COLLECTIONS.requests)
  expect(
    await env.call(QIAN, 'request.createOnBehalf', {
      requestId: rid('b01-behalf'),
      buildingCode: 'B01',
      residentName: '孙奶奶',
      category: 'help',
      description: '老人腿脚不便，想请人帮忙取药',
    }),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(await env.call(QIAN, 'request.patrol', finding({ requestId: rid('b01-patrol') }))).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await env.call(QIAN, 'request.get', { id: b01.id })).toMatchObject(refusal('NOT_FOUND'))
  expect(await env.count(COLLECTIONS.requests)).toBe(before)
  // In their own building they may.
  const own = await env.ok(
    QIAN,
    'request.patrol',
    finding({ requestId: rid('b02-patrol'), buildingCode: 'B02' }),
  )
  expect(own).toMatchObject({ buildingName: '2号楼', foundByName: '钱秀英' })

  // B02's requests: one 上报 by the member, one whose accept clock runs out, one 办结, one sensitive.
  const file = (tag: string, category: 'facility' | 'safety' | 'other', description: string) =>
    env.ok(NEIGHBOUR, 'request.create', { requestId: rid(tag), category, description })
  const up = await file('up', 'facility', '2号楼门口的垃圾桶坏了，盖子掉了')
  const late = await file('late', 'safety', '2号楼单元门的门禁坏了，陌生人随便进')
  const done = await file('done', 'facility', '2号楼楼道里的灯不亮了')
  const secret = await file('secret', 'other', '2号楼地下室有人聚众赌博')
  expect(secret.sensitive).toBe(true)
  await env.ok(LIU, 'request.escalate', { id: up.id, reason: '需要网格长协调' })
  await env.ok(LIU, 'request.accept', { id: done.id })
  await env.ok(LIU, 'request.resolve', { id: done.id, note: '已换好灯泡' })
  await env.ok('demo-admin', 'request.accept', { id: secret.id })
  await env.ok('demo-admin', 'request.resolve', { id: secret.id, note: '已移交派出所' })
  // 安全隐患 is to be taken within 30 minutes.
  await runScheduler(env.deps(() => bj('2026-11-25T11:00:00')))

  const messages = (await env.db.collection(COLLECTIONS.messages).where({ openid: QIAN }).limit(100).get())
    .data as MessageDoc[]
  const about = (id: string) =>
    messages
      .filter((m) => m.targetId === id)
      .map((m) => m.title)
      .sort()
  expect(about(up.id)).toEqual(['楼里有新诉求', '楼里的诉求已上报'].sort())
  expect(about(late.id)).toEqual(['楼里有新诉求', '楼里的诉求超时未接单，已上报'].sort())
  expect(about(done.id)).toEqual(['楼里有新诉求', '楼里的诉求已办结'].sort())
  expect(about(secret.id)).toEqual([])
  expect(about(b01.id)).toEqual([])
  // Not told she filed her own finding; told, as of any, that nobody took it in time.
  expect(about(own.id)).toEqual(['楼里的诉求超时未接单，已上报'])
  // Masked: the category and the building, never the resident's words.
  const text = JSON.stringify(messages)
  for (const words of ['垃圾桶', '门禁', '赌博', NEIGHBOUR]) expect(text).not.toContain(words)
  // B01's 楼栋长 heard nothing of B02.
  const zhao = (await env.db.collection(COLLECTIONS.messages).where({ openid: ZHAO }).limit(200).get())
    .data as MessageDoc[]
  for (const r of [up, late, done, secret]) expect(zhao.some((m) => m.targetId === r.id)).toBe(false)
})
