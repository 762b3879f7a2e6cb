/**
 * The month's 台账 as an Excel workbook: every request of the caller's grids that moved in the
 * month, and every event of each. Written with exceljs, put in cloud storage under the caller's
 * exports folder, answered with a link that expires. Names are masked; phones are not in it.
 */
import { leadWhere } from '../scopes'
import type { Column, Workbook, Worksheet } from 'exceljs'
import { loadExcel } from '../libraries'
import { categoryNameOf } from '../../../src/domain/category-settings'
import { maskName } from '../../../src/domain/privacy'
import { AppError } from '../../../src/domain/errors'
import { addCounts, bySource, emptyGridMonth, monthBounds, requestCounts } from '../../../src/domain/metrics'
import { VOLUNTEER_STATES } from '../../../src/domain/volunteer-work'
import type { Calendar } from '../../../src/domain/calendar'
import { communityCalendar } from '../calendar/store'
import {
  REQUEST_STATUSES,
  REQUEST_TRANSITIONS,
  RATINGS,
  type RequestAction,
} from '../../../src/domain/request'
import { formatLocal } from '../../../src/domain/time'
import type { ActionContext } from '../context'
import { deliverDocument } from '../documents'
import type { RequestDoc, UnitTaskDoc } from '../model'
import { UNIT_TASK_STATES, unitMonthFigures } from '../../../src/domain/units'
import { requests } from '../requests/store'

export const LEDGER_LINK_SECONDS = 600
const PAGE = 1000

const EVENT_NAMES: Record<string, string> = {
  create: '提交诉求',
  accept: '接单',
  rate: '评价',
  cancel: '撤销',
}

function eventName(type: string): string {
  return EVENT_NAMES[type] ?? REQUEST_TRANSITIONS[type as RequestAction]?.label ?? type
}

const time = (d: Date | null | undefined) => (d ? formatLocal(d, 'YYYY-MM-DD HH:mm') : '')

async function monthRequests(ctx: ActionContext, month: string): Promise<RequestDoc[]> {
  const { db } = ctx.deps
  const _ = db.command
  // The grid's own 台账: by where each request came from, wherever it went.
  const scope = leadWhere(db, ctx.caller.memberships, 'homeGridPath')
  if (!scope) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以导出台账')
  const { start, end } = monthBounds(month)
  const out: RequestDoc[] = []
  let after = ''
  for (;;) {
    // Touched since the month began and made before it ended; then only those with an event in it.
    const res = await requests(db)
      .where(_.and([scope, { createdAt: _.lt(end), updatedAt: _.gte(start), _id: _.gt(after) }]))
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get()
    const docs = res.data
    out.push(...docs.filter((d) => d.events.some((e) => new Date(e.at) >= start && new Date(e.at) < end)))
    if (docs.length < PAGE) break
    after = docs[docs.length - 1]._id
  }
  return out.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
}

const HEAD = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
} as const

/** A sheet with its header row frozen and in bold. */
function sheetOf(wb: Workbook, name: string, columns: Partial<Column>[]): Worksheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns
  sheet.getRow(1).eachCell((c) => Object.assign(c, { style: HEAD }))
  return sheet
}

/** The month the 台账 covers and when it was read: units' figures are counted over it. */
export interface LedgerPeriod {
  start: Date
  end: Date
  asOf: Date
}

/** 本月汇总: of the residents' requests received in the month, as the board counts them. */
export interface LedgerTotals {
  received: number
  merged: number
  toVolunteers: number
  volunteerSolved: number
}

/** The month's totals over `docs` (metrics.ts requestCounts): a merged one is not in 受理. */
export function ledgerTotals(
  docs: RequestDoc[],
  month: string,
  asOf: Date,
  calendar: Calendar,
): LedgerTotals {
  const sum = emptyGridMonth()
  for (const d of bySource(docs).resident) addCounts(sum, requestCounts(d, month, asOf, calendar))
  return {
    received: sum.received,
    merged: sum.merged,
    toVolunteers: sum.toVolunteers,
    volunteerSolved: sum.volunteerSolved,
  }
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)
/** 是 / 否 once it is known: done by the clock, or the clock ran out first; — while it may still be. */
const onTime = (done: Date | null | undefined, due: Date, asOf: Date) =>
  done ? (done <= due ? '是' : '否') : due <= asOf ? '否' : '—'

export async function ledgerWorkbook(
  docs: RequestDoc[],
  title: string,
  period: LedgerPeriod,
  totals: LedgerTotals,
): Promise<Workbook> {
  const wb = new (await loadExcel()).Workbook()
  wb.creator = '暖心网格'
  wb.title = title

  const sheet = sheetOf(wb, '诉求台账', [
    { header: '工单号', key: 'no', width: 16 },
    { header: '类别', key: 'category', width: 10 },
    { header: '诉求内容', key: 'description', width: 40 },
    { header: '楼栋', key: 'building', width: 10 },
    { header: '居民', key: 'resident', width: 8 },
    { header: '代录人', key: 'recordedBy', width: 8 },
    { header: '当前网格', key: 'grid', width: 22 },
    { header: '状态', key: 'status', width: 8 },
    { header: '办理人', key: 'assignee', width: 8 },
    { header: '提交时间', key: 'createdAt', width: 17 },
    { header: '接单时限', key: 'acceptBy', width: 17 },
    { header: '接单时间', key: 'acceptedAt', width: 17 },
    { header: '办结时限', key: 'resolveBy', width: 17 },
    { header: '办结时间', key: 'resolvedAt', width: 17 },
    { header: '办理情况', key: 'resolution', width: 30 },
    { header: '评价', key: 'rating', width: 8 },
    { header: '重办次数', key: 'reopens', width: 8 },
    { header: '完结时间', key: 'closedAt', width: 17 },
    { header: '合并到', key: 'mergedInto', width: 16 },
    { header: '志愿服务', key: 'volunteer', width: 14 },
  ])
  for (const d of docs) {
    sheet.addRow({
      no: d.no,
      category: categoryNameOf(d),
      description: d.description,
      building: d.buildingName,
      resident: maskName(d.residentName),
      recordedBy: d.recordedBy?.name ?? '',
      grid: d.gridName,
      status: REQUEST_STATUSES[d.status],
      assignee: d.assigneeName ?? '',
      createdAt: time(d.createdAt),
      acceptBy: time(d.acceptBy),
      acceptedAt: time(d.acceptedAt),
      resolveBy: time(d.resolveBy),
      resolvedAt: time(d.resolvedAt),
      resolution: d.resolutionNote ?? '',
      rating: d.rating ? RATINGS[d.rating] : d.status === 'closed' ? '未评价' : '',
      reopens: d.reopenCount,
      closedAt: time(d.closedAt),
      mergedInto: d.mergedInto?.no ?? '',
      volunteer: d.volunteer ? VOLUNTEER_STATES[d.volunteer.state] : '',
    })
  }

  // 本月汇总: the figures 网格绩效 counts apart — a merged duplicate is not 受理 twice.
  const overview = sheetOf(wb, '本月汇总', [
    { header: '项目', key: 'item', width: 30 },
    { header: '件数', key: 'count', width: 8 },
  ])
  for (const [item, count] of [
    ['本月受理（居民诉求，不含已合并、已撤销）', totals.received],
    ['已合并（重复诉求，计入所合并的诉求）', totals.merged],
    ['已转志愿服务', totals.toVolunteers],
    ['志愿服务解决', totals.volunteerSolved],
  ] as const)
    overview.addRow({ item, count })

  const events = sheetOf(wb, '办理记录', [
    { header: '工单号', key: 'no', width: 16 },
    { header: '时间', key: 'at', width: 17 },
    { header: '环节', key: 'step', width: 22 },
    { header: '操作人', key: 'actor', width: 22 },
    { header: '原状态', key: 'from', width: 8 },
    { header: '新状态', key: 'to', width: 8 },
    { header: '说明', key: 'note', width: 40 },
  ])
  for (const d of docs) {
    for (const e of d.events) {
      events.addRow({
        no: d.no,
        at: time(new Date(e.at)),
        step: eventName(e.type),
        actor: e.actorOpenid === d.residentOpenid ? maskName(e.actorName) : e.actorName,
        from: e.from ? REQUEST_STATUSES[e.from] : '',
        to: REQUEST_STATUSES[e.to],
        note: e.note ?? '',
      })
    }
  }

  // 吹哨报到 (issue 17, part 5): the units' work apart — each call-in, and each unit's month.
  const tasks = docs.flatMap((d) =>
    [...(d.unitHistory ?? []), ...(d.unit ? [d.unit] : [])].map((t) => ({ d, t })),
  )
  const calls = sheetOf(wb, '责任单位办理', [
    { header: '工单号', key: 'no', width: 16 },
    { header: '责任单位', key: 'unit', width: 22 },
    { header: '吹哨人', key: 'calledBy', width: 10 },
    { header: '吹哨时间', key: 'calledAt', width: 17 },
    { header: '报到时限', key: 'acceptBy', width: 17 },
    { header: '报到时间', key: 'acceptedAt', width: 17 },
    { header: '按时报到', key: 'acceptOnTime', width: 8 },
    { header: '办结时限', key: 'resolveBy', width: 17 },
    { header: '办结时间', key: 'resolvedAt', width: 17 },
    { header: '按时办结', key: 'resolveOnTime', width: 8 },
    { header: '状态', key: 'state', width: 8 },
  ])
  for (const { d, t } of tasks) {
    calls.addRow({
      no: d.no,
      unit: t.unitName,
      calledBy: t.calledBy.name,
      calledAt: time(t.calledAt),
      acceptBy: time(t.acceptBy),
      acceptedAt: time(t.acceptedAt),
      acceptOnTime: onTime(t.acceptedAt, t.acceptBy, period.asOf),
      resolveBy: time(t.resolveBy),
      resolvedAt: time(t.resolvedAt),
      resolveOnTime: t.state === 'resolved' ? onTime(t.resolvedAt, t.resolveBy, period.asOf) : '—',
      state: UNIT_TASK_STATES[t.state],
    })
  }
  const summary = sheetOf(wb, '责任单位汇总', [
    { header: '责任单位', key: 'unit', width: 22 },
    { header: '本月吹哨', key: 'called', width: 8 },
    { header: '按时报到率', key: 'reportRate', width: 10 },
    { header: '按时办结率', key: 'resolveRate', width: 10 },
    { header: '已办结', key: 'resolved', width: 8 },
    { header: '退回', key: 'returned', width: 8 },
    { header: '在办', key: 'open', width: 8 },
  ])
  const byUnit = new Map<string, { name: string; tasks: UnitTaskDoc[] }>()
  for (const { t } of tasks) {
    const row = byUnit.get(t.unitId) ?? { name: t.unitName, tasks: [] }
    row.tasks.push(t)
    byUnit.set(t.unitId, row)
  }
  for (const { name, tasks: mine } of byUnit.values()) {
    const f = unitMonthFigures(mine, period.start, period.end, period.asOf)
    if (f.called === 0) continue
    summary.addRow({
      unit: name,
      called: f.called,
      reportRate: percent(f.reportRate),
      resolveRate: percent(f.resolveRate),
      resolved: f.resolved,
      returned: f.returned,
      open: f.open,
    })
  }
  return wb
}

/** 导出台账: the workbook, stored for the caller, with a link valid for 10 minutes. */
export async function exportLedger(input: { month: string }, ctx: ActionContext) {
  const { deps, caller } = ctx
  const docs = await monthRequests(ctx, input.month)
  const fileName = `诉求台账-${input.month}.xlsx`
  const { start, end } = monthBounds(input.month)
  const asOf = deps.now()
  const calendar = await communityCalendar(deps.db, caller.communityId ?? '')
  const totals = ledgerTotals(docs, input.month, asOf, calendar)
  const wb = await ledgerWorkbook(docs, fileName, { start, end, asOf }, totals)
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const file = await deliverDocument(deps, caller.openid, `ledger-${input.month}.xlsx`, bytes, {
    linkSeconds: LEDGER_LINK_SECONDS,
    failure: '导出文件生成失败，请稍后再试',
  })
  return {
    fileName,
    ...file,
    requests: docs.length,
    events: docs.reduce((n, d) => n + d.events.length, 0),
  }
}
