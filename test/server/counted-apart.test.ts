/**
 * 已合并 and 已转志愿服务 counted apart (issue 19): the street board (街道总览) and the exported 台账
 * show them as their own figures — a merged duplicate is not 受理 twice (it counts on the request
 * it repeated), a request solved by volunteers counts as 志愿服务解决. One named history in
 * 1号楼 in December; the figures are compared with what the board showed before it.
 */
import type { Worksheet } from 'exceljs'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { bootstrapStreet } from '../../cloudfunctions/core/roles/bootstrap'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const LIU = 'demo-member-1-1'
const DAYE = 'demo-resident-1'
const VOLUNTEER = 'demo-volunteer-2'
const MA = 'apart-street-ma'
/** New neighbours in 1号楼. */
const QIAN = 'apart-neighbour-qian'
const ZHOU = 'apart-neighbour-zhou'
const MONTH = '2026-12'

let n = 0
const rid = () => `apart-${++n}-xxxxxxxx`
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 5)])

async function post(openid: string, description: string, category: 'facility' | 'other' = 'facility') {
  return api().ok(openid, 'request.create', { requestId: rid(), category, description })
}
async function turn(id: string, what: string) {
  return api().ok(LIU, 'request.toWish', {
    id,
    requestId: rid(),
    category: 'visit',
    what,
    why: '老人行动不便，家里没人能陪着去办这件事。',
  })
}
async function streetRow() {
  const board = await api().ok(MA, 'street.board', { month: MONTH })
  return board.communities.find((c) => c.id === 'c-xingfuli')!
}

async function ledgerSheets(who: string) {
  const file = await api().ok(who, 'metrics.exportLedger', { month: MONTH })
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  const res = await fetch(file.url)
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
  return { overview: wb.getWorksheet('本月汇总')!, requests: wb.getWorksheet('诉求台账')! }
}
/** The sheet's rows as header → value. */
function records(sheet: Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  return (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((row) =>
    Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])),
  )
}
const totals = (overview: Worksheet) =>
  Object.fromEntries(records(overview).map((r) => [String(r['项目']).split('（')[0], r['件数']]))

beforeAll(async () => {
  for (const [openid, name, room] of [
    [QIAN, '钱先生', '2单元301'],
    [ZHOU, '周大爷', '1单元202'],
  ]) {
    await api().ok(openid, 'me.bindBuilding', { buildingCode: 'B01', room })
    await api().ok(openid, 'me.contact', { name, phone: '13912340008' })
  }
  const inv = await bootstrapStreet(
    env.deps(() => clock),
    {
      streetId: 's-nuanyang',
      name: '暖阳街道',
      communityIds: ['c-xingfuli'],
    },
  )
  await api().ok(MA, 'invite.accept', { code: inv.code })
})

test('a named December: one merged, two turned to volunteers, one of them solved — each counted once, apart', async () => {
  clock = bj('2026-12-07T09:00:00')
  const before = await streetRow()
  const ledgerBefore = totals((await ledgerSheets(ADMIN)).overview)

  // 王大爷's 楼道灯 and 钱先生's duplicate of it, merged; the lamp is fixed.
  const lamp = await post(DAYE, '1号楼2单元楼道灯不亮，晚上看不见台阶')
  const dup = await post(QIAN, '1号楼2单元的楼道灯坏了')
  await api().ok(LIU, 'request.merge', { id: dup.id, into: lamp.id })
  await api().ok(LIU, 'request.accept', { id: lamp.id })
  await api().ok(LIU, 'request.resolve', { id: lamp.id, note: '已更换灯泡' })
  // 周大爷's ride to hospital: turned into a wish, claimed, done, confirmed — solved by volunteers.
  const ride = await post(ZHOU, '下周三要去医院复查，一个人去不了，想请人陪着', 'other')
  const rideWish = await turn(ride.id, '陪周大爷去医院复查')
  await api().ok(VOLUNTEER, 'wish.claim', { id: rideWish.id, promisedBy: '2026-12-10' })
  const photo = await env.upload(VOLUNTEER, 'apart-ride.jpg', JPEG)
  await api().ok(VOLUNTEER, 'wish.fulfil', { id: rideWish.id, note: '已陪同复查', photos: [photo], hours: 2 })
  clock = bj('2026-12-08T09:00:00')
  await api().ok(ZHOU, 'wish.confirm', { id: rideWish.id })
  // 钱先生's shopping: turned into a wish, nobody has claimed it yet.
  const shop = await post(QIAN, '家里老人腿脚不好，想请人帮忙买一次菜', 'other')
  await turn(shop.id, '帮钱先生家买一次菜')

  clock = bj('2026-12-08T10:00:00')
  const after = await streetRow()
  // 受理: the lamp, the ride, the shopping — the duplicate is not counted again.
  expect(after.received - before.received).toBe(3)
  expect(after.merged - before.merged).toBe(1)
  expect(after.toVolunteers - before.toVolunteers).toBe(2)
  expect(after.volunteerSolved - before.volunteerSolved).toBe(1)

  // The 台账: a row per request, with where a duplicate went and how the volunteers stand.
  const { overview, requests } = await ledgerSheets(ADMIN)
  const rows = new Map(records(requests).map((r) => [r['工单号'], r]))
  expect(rows.get(dup.no)).toMatchObject({ 状态: '已合并', 合并到: lamp.no, 志愿服务: '' })
  expect(rows.get(lamp.no)).toMatchObject({ 合并到: '', 志愿服务: '' })
  expect(rows.get(ride.no)).toMatchObject({ 状态: '已完结', 志愿服务: '志愿服务已完成' })
  expect(rows.get(shop.no)).toMatchObject({ 状态: '已转志愿服务', 志愿服务: '志愿服务中' })
  const sum = totals(overview)
  expect(Object.keys(sum)).toEqual(['本月受理', '已合并', '已转志愿服务', '志愿服务解决'])
  expect(Number(sum['本月受理']) - Number(ledgerBefore['本月受理'])).toBe(3)
  expect(Number(sum['已合并']) - Number(ledgerBefore['已合并'])).toBe(1)
  expect(Number(sum['已转志愿服务']) - Number(ledgerBefore['已转志愿服务'])).toBe(2)
  expect(Number(sum['志愿服务解决']) - Number(ledgerBefore['志愿服务解决'])).toBe(1)
  // The export and the street board count the community alike.
  expect(sum).toEqual({
    本月受理: after.received,
    已合并: after.merged,
    已转志愿服务: after.toVolunteers,
    志愿服务解决: after.volunteerSolved,
  })
  // 网格绩效 has them per grid: 1号楼's micro-grid.
  const month = await api().ok(ADMIN, 'metrics.month', { month: MONTH })
  expect(month.grids.find((g) => g.gridId === 'g-1-1-1')).toMatchObject({
    merged: expect.any(Number),
    toVolunteers: expect.any(Number),
  })

  // A rollup taken before these figures existed is not read as zeros: it is rolled again.
  clock = bj('2026-12-08T10:30:00')
  await runScheduler(env.deps(() => clock))
  const id = `c-xingfuli:${MONTH}`
  const rollup = (await env.db.collection(COLLECTIONS.metricsMonthly).doc(id).get()).data[0] as {
    resident: Record<string, Record<string, number>>
  }
  expect(rollup.resident['g-1-1-1'].merged).toBeGreaterThanOrEqual(1)
  const _ = env.db.command
  const stripped: Record<string, unknown> = {}
  for (const g of Object.keys(rollup.resident)) {
    stripped[`resident.${g}.merged`] = _.remove()
    stripped[`resident.${g}.toVolunteers`] = _.remove()
  }
  await env.db.collection(COLLECTIONS.metricsMonthly).doc(id).update(stripped)
  expect(await streetRow()).toMatchObject({
    received: after.received,
    merged: after.merged,
    toVolunteers: after.toVolunteers,
    volunteerSolved: after.volunteerSolved,
  })
})

test('who may read them: the street board only its admins, the 台账 only leads', async () => {
  for (const who of [LIU, DAYE, ADMIN])
    expect(await api().call(who, 'street.board', { month: MONTH })).toMatchObject(refusal('FORBIDDEN'))
  for (const who of [LIU, DAYE, MA])
    expect(await api().call(who, 'metrics.exportLedger', { month: MONTH })).toMatchObject(
      refusal('FORBIDDEN'),
    )
  expect(await api().call(MA, 'street.board', { month: '2026/12' })).toMatchObject(refusal('INVALID_INPUT'))
})
