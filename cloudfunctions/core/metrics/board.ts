/** 网格绩效: the month's figures per grid, computed from the requests' 台账 (src/domain/metrics.ts). */
import { leadership } from '../../../src/domain/access'
import { leadCommunity, leadWhere } from '../scopes'
import type { z } from 'zod'
import { calendarWarning } from '../../../src/domain/calendar'
import type { metricsMonth } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { FLAG_RULE } from '../../../src/domain/grading'
import {
  emptyGridMonth,
  monthBounds,
  patrolFigures,
  withRates,
  type MonthCounts,
} from '../../../src/domain/metrics'
import { OPEN_STATUSES } from '../../../src/domain/request'
import { isAdminOf } from '../../../src/domain/access'
import { formatLocal, local } from '../../../src/domain/time'
import { keyedCalendar } from '../calendar/store'
import type { ActionContext } from '../context'
import type { Database } from '../db'
import { monthFigures } from './rollup'
import { shownWhere } from '../staging'
import type { RequestDoc } from '../model'
import { requests } from '../requests/store'
import { toSummary } from '../requests/views'
import { gradingText, monthGrading } from '../grading/grade'
import { rectifySummaryOf } from '../grading/rectify'
import { rectifications } from '../grading/store'
import { active } from '../community'

/** A grid's month from the month's counts: nothing counted, every count 0 and every rate unknown. */
export const gridOf = (counts: Record<string, MonthCounts>, gridId: string) =>
  withRates(counts[gridId] ?? emptyGridMonth())

/** The grids whose figures the caller may see: a leader's grid and those below it; all for the admin. */
async function visibleGrids(db: Database, caller: ActionContext['caller']) {
  const mine = leadership(caller.memberships)
  const communityId = leadCommunity(caller.memberships)
  if (!communityId) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看绩效')
  const grids = await shownWhere(db, 'grids', { communityId })
  // A retired grid is out of the board (and its denominators) from then on.
  const visible = active(grids).filter((g) =>
    mine.some(
      (m) =>
        m.communityId === g.communityId &&
        (m.role === 'communityAdmin' || g.path.includes(m.gridId as string)),
    ),
  )
  return { communityId, grids, visible }
}

/** A leader sees their grid and the ones below it; the community admin every grid and the whole. */
export async function monthMetrics(
  input: { month: string },
  { deps, caller }: ActionContext,
): Promise<z.output<typeof metricsMonth>> {
  const { db, now } = deps
  const { communityId, grids, visible } = await visibleGrids(db, caller)
  const { start, end } = monthBounds(input.month)
  const asOf = now()
  if (start > asOf) throw new AppError('INVALID_INPUT', '这个月还没有到')
  const keyed = await keyedCalendar(db, communityId)
  const { calendar } = keyed
  // The rates, grades and the flag are the residents'; 巡查发现 is counted apart.
  const counts = await monthFigures(db, communityId, input.month, asOf, keyed)
  const figures = new Map(grids.map((g) => [g._id, gridOf(counts.resident, g._id)]))
  // The flag and the grades are the community's: over every grid, whichever ones this caller may see.
  const grading = await monthGrading(db, communityId, input.month, grids, figures, asOf, counts.households)
  const admin = isAdminOf(caller.memberships, communityId)
  const _ = db.command
  const visibleIds = visible.map((g) => g._id)
  // 整改 not closed yet in the grids the caller sees (overdue first), and the month's own.
  const tasks = await rectifications(db)
    .where(
      _.and([
        { communityId, gridId: _.in(visibleIds) },
        _.or([{ status: _.in(['open', 'submitted']) }, { month: input.month }]),
      ]),
    )
    .orderBy('dueAt', 'asc')
    .limit(100)
    .get()
  return {
    month: input.month,
    asOf: (asOf < end ? asOf : end).toISOString(),
    // Before a year with no known 调休 comes within 90 days, the admin (who can enter it) is told here.
    calendarWarning: admin ? calendarWarning(calendar, formatLocal(asOf, 'YYYY-MM-DD')) : null,
    flag: grading.flag,
    grading: {
      state: grading.state,
      text: gradingText(grading),
      rule: FLAG_RULE,
      mayGrade: admin && grading.state === 'pending',
    },
    rectifications: tasks.data
      .map((d) => rectifySummaryOf(d, asOf))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue)),
    grids: visible
      .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')))
      .map((g) => ({
        gridId: g._id,
        name: g.name,
        level: g.level,
        ...(figures.get(g._id) as ReturnType<typeof gridOf>),
        grade: grading.grades.get(g._id) ?? null,
        poll: grading.polls.get(g._id) ?? null,
        patrol: patrolFigures(gridOf(counts.patrol, g._id)),
      })),
  }
}

export const TREND_MONTHS = 6

/**
 * The four rates of the caller's top grid (the community for the admin, a leader's own grid) for
 * the 6 months ending with `month`, oldest first — from one read of the window's requests.
 */
export async function monthTrend(input: { month: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const { communityId, visible } = await visibleGrids(db, caller)
  const top = [...visible].sort((a, b) => a.level - b.level)[0]
  const last = local(monthBounds(input.month).start)
  const months = Array.from({ length: TREND_MONTHS }, (_, i) =>
    last.subtract(TREND_MONTHS - 1 - i, 'month').format('YYYY-MM'),
  )
  const asOf = now()
  if (monthBounds(input.month).start > asOf) throw new AppError('INVALID_INPUT', '这个月还没有到')
  const keyed = await keyedCalendar(db, communityId)
  const counts = await Promise.all(months.map((month) => monthFigures(db, communityId, month, asOf, keyed)))
  return {
    gridName: top.level === 1 ? `${top.name}（全社区）` : top.name,
    months: months.map((month, i) => {
      const g = gridOf(counts[i].resident, top._id)
      return {
        month,
        responseRate: g.responseRate,
        resolutionRate: g.resolutionRate,
        satisfactionRate: g.satisfactionRate,
        onTimeRate: g.onTimeRate,
      }
    }),
  }
}

/**
 * The overdue list with who holds each item, in the grids the caller leads (the admin: all),
 * most overdue first: waiting past the accept deadline, in progress past the resolve deadline,
 * and — as the 台账 has them — those still open after a clock ran out and sent them up, whose
 * fresh deadline elsewhere would otherwise hide that they are late.
 */
export async function overdueList(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const leads = leadership(caller.memberships)
  const scope = leadWhere(db, caller.memberships, 'gridPath')
  if (!scope) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看超时清单')
  // Most overdue first means earliest deadline first, per kind of deadline; then merged.
  const slipScopes = leads.map((m) =>
    m.role === 'communityAdmin'
      ? { communityId: m.communityId, slippedFrom: _.exists(true) }
      : { slippedFrom: m.gridId as string },
  )
  const [waiting, working, slipped] = await Promise.all([
    requests(db)
      .where(_.and([scope, { status: 'assigned', acceptBy: _.lt(at) }]))
      .orderBy('acceptBy', 'asc')
      .limit(100)
      .get(),
    requests(db)
      .where(_.and([scope, { status: 'accepted', resolveBy: _.lt(at) }]))
      .orderBy('resolveBy', 'asc')
      .limit(100)
      .get(),
    requests(db)
      .where(_.and([_.or(slipScopes), { status: _.in([...OPEN_STATUSES]) }]))
      .orderBy('createdAt', 'asc')
      .limit(100)
      .get(),
  ])
  const byId = new Map<string, RequestDoc>()
  for (const d of [...waiting.data, ...working.data, ...slipped.data]) byId.set(d._id, d)
  const items = [...byId.values()].map((d) => {
    const current = d.status === 'assigned' ? d.acceptBy : d.resolveBy
    // Late since the first clock that ran out, if one did; else since the current deadline.
    const firstSlip = d.events.find((e) =>
      ['acceptTimeout', 'resolveOverdue', 'overdueEscalate'].includes(e.type),
    )
    const due = firstSlip && new Date(firstSlip.at) < current ? new Date(firstSlip.at) : current
    return {
      ...toSummary(d),
      holder:
        d.status === 'assigned' ? `${d.gridName}（待接单）` : `${d.assigneeName ?? ''}（${d.gridName}）`,
      dueAt: due.toISOString(),
      overdueMinutes: Math.floor((at.getTime() - due.getTime()) / 60_000),
    }
  })
  items.sort((a, b) => b.overdueMinutes - a.overdueMinutes)
  return { items: items.slice(0, 100) }
}
