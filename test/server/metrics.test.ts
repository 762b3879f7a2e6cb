/** 网格绩效 through the api: figures from the 台账, and who may see which grids. */
import { createApi } from '../../cloudfunctions/core/router'
import type { ActionInput, ActionName, ActionOutput } from '../../src/domain/contract'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-20T10:00:00+08:00' })

function at(iso: string) {
  const api = createApi(env.deps(() => bj(iso)))
  return {
    call: <A extends ActionName>(who: string, action: A, input: ActionInput<A>) =>
      api.handle({ action, input }, who),
    async ok<A extends ActionName>(who: string, action: A, input: ActionInput<A>): Promise<ActionOutput<A>> {
      const res = await api.handle({ action, input }, who)
      if (!res.ok) throw new Error(`${action}: ${res.error.message}`)
      return res.data as ActionOutput<A>
    },
  }
}

beforeAll(async () => {
  // December 2026 in 第二网格 · 1号微网格 (B05), where the demo seed has nothing.
  const who = 't-metrics-1'
  await env.ok(who, 'me.bindBuilding', { buildingCode: 'B05' })
  const r1 = await at('2026-12-01T10:00:00').ok(who, 'request.create', {
    requestId: 'metrics-r1-xxxx',
    category: 'safety',
    description: '楼道配电箱冒烟了，很危险',
  })
  await at('2026-12-01T10:10:00').ok('demo-member-2-1', 'request.accept', { id: r1.id })
  await at('2026-12-01T11:00:00').ok('demo-member-2-1', 'request.resolve', {
    id: r1.id,
    note: '已断电并请电工更换',
  })
  await at('2026-12-01T12:00:00').ok(who, 'request.rate', { id: r1.id, rating: 'satisfied' })
  // Never accepted: received, open and overdue by the month's end.
  await at('2026-12-02T09:00:00').ok(who, 'request.create', {
    requestId: 'metrics-r2-xxxx',
    category: 'facility',
    description: '单元门的闭门器坏了，门关不上',
  })
})

test('the admin sees every grid; December of 第二网格 · 1号微网格 matches the 台账', async () => {
  const m = await at('2027-01-05T10:00:00').ok('demo-admin', 'metrics.month', { month: '2026-12' })
  expect(m.asOf).toBe(bj('2027-01-01T00:00:00').toISOString())
  expect(m.grids).toHaveLength(10)
  const micro = m.grids.find((g) => g.gridId === 'g-1-2-1')
  expect(micro).toMatchObject({
    received: 2,
    respondedOnTime: 1,
    resolved: 1,
    ratings: 1,
    satisfied: 1,
    closed: 1,
    closedOnTime: 1,
    openOverdue: 1,
    responseRate: 0.5,
    satisfactionRate: 1,
    onTimeRate: 0.5,
  })
})

test('a leader sees their grid and its micro-grids only; members and residents none', async () => {
  const t = at('2027-01-05T10:00:00')
  const leader = await t.ok('demo-leader-2', 'metrics.month', { month: '2026-12' })
  expect(leader.grids.map((g) => g.gridId)).toEqual(['g-1-2', 'g-1-2-1', 'g-1-2-2'])
  // The flag is the community's, the same whoever looks.
  const admin = await t.ok('demo-admin', 'metrics.month', { month: '2026-12' })
  expect(leader.flag).toEqual(admin.flag)
  expect((await t.ok('demo-leader-1', 'metrics.month', { month: '2026-12' })).flag).toEqual(admin.flag)
  for (const who of ['demo-member-2-1', 'demo-resident-1']) {
    expect(await t.call(who, 'metrics.month', { month: '2026-12' })).toMatchObject(refusal('FORBIDDEN'))
  }
})

test('a malformed or future month is refused in Chinese', async () => {
  const t = at('2027-01-05T10:00:00')
  for (const month of ['2026-13', '12-2026', '2026-1']) {
    expect(await t.call('demo-admin', 'metrics.month', { month })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('月份') },
    })
  }
  expect(await t.call('demo-admin', 'metrics.month', { month: '2027-03' })).toMatchObject(
    refusal('INVALID_INPUT', '这个月还没有到'),
  )
})

test('the overdue list says who holds each late item, within the caller’s grids', async () => {
  const t = at('2027-01-05T10:00:00')
  const admin = await t.ok('demo-admin', 'request.overdue', {})
  const late = admin.items.find((i) => i.description === '单元门的闭门器坏了，门关不上')
  expect(late).toMatchObject({ holder: '第二网格 · 1号微网格（待接单）', status: 'assigned' })
  expect(late?.overdueMinutes).toBeGreaterThan(24 * 60)
  // Most overdue first, whichever deadline it missed.
  const minutes = admin.items.map((i) => i.overdueMinutes)
  expect(admin.items.length).toBeLessThanOrEqual(100)
  expect(minutes).toEqual([...minutes].sort((a, b) => b - a))
  const leader2 = await t.ok('demo-leader-2', 'request.overdue', {})
  expect(leader2.items.map((i) => i.id)).toContain(late?.id)
  const leader1 = await t.ok('demo-leader-1', 'request.overdue', {})
  expect(leader1.items.map((i) => i.id)).not.toContain(late?.id)
  expect(await t.call('demo-member-2-1', 'request.overdue', {})).toMatchObject(refusal('FORBIDDEN'))
})

test('the trend: six months of the caller’s top grid, the last one the same as the month’s board', async () => {
  const t = at('2027-01-05T10:00:00')
  const leader = await t.ok('demo-leader-2', 'metrics.trend', { month: '2026-12' })
  expect(leader.gridName).toBe('第二网格')
  expect(leader.months.map((m) => m.month)).toEqual([
    '2026-07',
    '2026-08',
    '2026-09',
    '2026-10',
    '2026-11',
    '2026-12',
  ])
  const board = await t.ok('demo-leader-2', 'metrics.month', { month: '2026-12' })
  const g = board.grids.find((x) => x.gridId === 'g-1-2')
  expect(leader.months[5]).toEqual({
    month: '2026-12',
    responseRate: g?.responseRate,
    resolutionRate: g?.resolutionRate,
    satisfactionRate: g?.satisfactionRate,
    onTimeRate: g?.onTimeRate,
  })
  // Before the community had any requests there is nothing to rate: no figure, not 0 %.
  expect(leader.months[0]).toMatchObject({ responseRate: null, onTimeRate: null })
  const admin = await t.ok('demo-admin', 'metrics.trend', { month: '2026-12' })
  expect(admin.gridName).toBe('幸福里社区（全社区）')
  expect(await t.call('demo-member-2-1', 'metrics.trend', { month: '2026-12' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await t.call('demo-admin', 'metrics.trend', { month: '2027-02' })).toMatchObject({
    ok: false,
    error: { message: '这个月还没有到' },
  })
})

test('the month’s 台账 exports as Excel: every request that moved in it with its events, names masked', async () => {
  const t = at('2027-01-05T10:00:00')
  const file = await t.ok('demo-admin', 'metrics.exportLedger', { month: '2026-12' })
  expect(file.fileName).toBe('诉求台账-2026-12.xlsx')
  const res = await fetch(file.url)
  expect(res.status).toBe(200)
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
  const sheet = wb.getWorksheet('诉求台账')
  const events = wb.getWorksheet('办理记录')
  if (!sheet || !events) throw new Error('sheets missing')
  expect(sheet.getRow(1).values).toEqual(
    expect.arrayContaining(['工单号', '诉求内容', '居民', '状态', '评价']),
  )
  // December's requests are the fixture's (B05), all of them and nothing else.
  const rows = sheet.getRows(2, sheet.rowCount - 1) ?? []
  expect(rows).toHaveLength(file.requests)
  expect(file.requests).toBeGreaterThanOrEqual(2)
  expect(rows.every((r) => r.getCell(4).value === '5号楼')).toBe(true)
  expect(events.rowCount - 1).toBe(file.events)
  // Whose, not who: the resident's name is masked, and no phone number is anywhere in the file.
  const text: string[] = []
  for (const ws of [sheet, events]) ws.eachRow((row) => row.eachCell((c) => text.push(String(c.value))))
  expect(text.some((v) => /1\d{10}/.test(v))).toBe(false)
  expect(rows.map((r) => r.getCell(5).value)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^.\*+$/)]),
  )

  // A leader of another grid gets only their own grids' requests: none of 第二网格's.
  const other = await t.ok('demo-leader-1', 'metrics.exportLedger', { month: '2026-12' })
  expect(other.requests).toBe(0)
  for (const who of ['demo-member-2-1', 'demo-resident-1']) {
    expect(await t.call(who, 'metrics.exportLedger', { month: '2026-12' })).toMatchObject(
      refusal('FORBIDDEN'),
    )
  }
  expect(await t.call('demo-admin', 'metrics.exportLedger', { month: '2026/12' })).toMatchObject(
    refusal('INVALID_INPUT', '月份格式应为 2026-11'),
  )
})
