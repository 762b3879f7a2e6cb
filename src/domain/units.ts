/**
 * 吹哨报到 (issue 17; 阿拉善右旗 "社区吹哨，部门报到", 腾冲 "网格责任单位"): units outside the grid that
 * fix what grid members cannot — 物业 for a group of buildings, 供水/供电/燃气, 派出所, 驻区单位 and the
 * 网格责任单位 assigned to a grid. A leader or admin calls one in on a request (吹哨); the unit
 * reports in (报到 = 接单) and resolves within its own clocks, or hands it back with a reason.
 */
import type { CategoryCode } from './categories'
import type { SlaTier } from './categories'
import type { Duration } from './workdays'

export const UNIT_KINDS = {
  property: '物业服务企业',
  utility: '供水供电供气单位',
  police: '派出所 · 社区民警',
  resident: '驻区单位',
  gridUnit: '网格责任单位',
} as const
export type UnitKind = keyof typeof UNIT_KINDS

/** Where a called-in unit stands on the request it was called to. */
export const UNIT_TASK_STATES = {
  called: '待报到',
  accepted: '办理中',
  resolved: '已办结',
  returned: '已退回',
  /** Taken back by the grid (收回): the unit did not come, or it is no longer needed. */
  recalled: '已收回',
} as const
export type UnitTaskState = keyof typeof UNIT_TASK_STATES

/**
 * A unit's clocks once called in, by the request's tier: quicker than a 12345 工单 for what is
 * urgent (a gas smell: report in within 30 minutes, fixed within 4 hours), working days otherwise.
 */
export const UNIT_CLOCKS: Record<SlaTier, { acceptWithin: Duration; resolveWithin: Duration }> = {
  urgent: { acceptWithin: { minutes: 30 }, resolveWithin: { minutes: 240 } },
  utility: { acceptWithin: { minutes: 120 }, resolveWithin: { minutes: 24 * 60 } },
  ordinary: { acceptWithin: { workingDays: 1 }, resolveWithin: { workingDays: 5 } },
  complex: { acceptWithin: { workingDays: 1 }, resolveWithin: { workingDays: 15 } },
}

export const UNIT_NAME_MAX_CHARS = 30

/** What a unit covers: categories it handles, and buildings (none listed: the whole community). */
export interface UnitScope {
  categories: readonly CategoryCode[]
  buildingCodes: readonly string[]
}

/** Whether a unit handles this category in this building (for 吹哨's suggestions and routing). */
export function unitCovers(unit: UnitScope, category: CategoryCode, buildingCode: string): boolean {
  const inArea = unit.buildingCodes.length === 0 || unit.buildingCodes.includes(buildingCode)
  return inArea && unit.categories.includes(category)
}

/** Why a unit may not make this move on its task now; null if it may. */
export function unitMoveRefusal(
  state: UnitTaskState | undefined,
  move: 'unitAccept' | 'unitResolve' | 'unitReturn',
): string | null {
  if (!state) return '这条诉求没有请责任单位办理'
  if (move === 'unitAccept') return state === 'called' ? null : '已经报到接单，或已办结、退回'
  if (move === 'unitResolve') return state === 'accepted' ? null : '请先报到接单，再办结'
  return state === 'called' || state === 'accepted' ? null : '这条诉求已办结或已退回'
}

/** Why the grid may not take the unit's task back now; null if it may. */
export function recallRefusal(state: UnitTaskState | undefined): string | null {
  if (!state) return '这条诉求没有请责任单位办理'
  return state === 'called' || state === 'accepted' ? null : '责任单位已办结或已退回，无需收回'
}

/** One unit's task as the board counts it. */
export interface UnitTaskFacts {
  unitId: string
  state: UnitTaskState
  calledAt: Date
  acceptBy: Date
  resolveBy: Date
  acceptedAt: Date | null
  resolvedAt?: Date
}

export interface UnitMonthFigures {
  /** Called in during the month. */
  called: number
  /** Reported in (报到) by the accept clock, of those whose clock has run or who reported. */
  reportedOnTime: number
  reportDue: number
  /** Resolved by the resolve clock, of those resolved or past it unresolved. */
  resolvedOnTime: number
  resolveDue: number
  resolved: number
  returned: number
  /** Still with the unit. */
  open: number
  reportRate: number | null
  resolveRate: number | null
}

/**
 * What a unit did with the tasks it was called to in `month` (by `calledAt`), as known at `asOf`:
 * 报到率 and 按时办结率 count only tasks whose clock has run (or that were met), so a task called
 * yesterday does not count against it.
 */
export function unitMonthFigures(
  tasks: readonly UnitTaskFacts[],
  start: Date,
  end: Date,
  asOf: Date,
): UnitMonthFigures {
  const f = {
    called: 0,
    reportedOnTime: 0,
    reportDue: 0,
    resolvedOnTime: 0,
    resolveDue: 0,
    resolved: 0,
    returned: 0,
    open: 0,
  }
  for (const t of tasks) {
    if (t.calledAt < start || t.calledAt >= end) continue
    f.called++
    if (t.acceptedAt || t.acceptBy <= asOf) {
      f.reportDue++
      if (t.acceptedAt && t.acceptedAt <= t.acceptBy) f.reportedOnTime++
    }
    if (t.state === 'resolved' && t.resolvedAt) {
      f.resolved++
      f.resolveDue++
      if (t.resolvedAt <= t.resolveBy) f.resolvedOnTime++
    } else if ((t.state === 'called' || t.state === 'accepted') && t.resolveBy <= asOf) {
      f.resolveDue++
    }
    if (t.state === 'returned') f.returned++
    if (t.state === 'called' || t.state === 'accepted') f.open++
  }
  const rate = (n: number, d: number) => (d === 0 ? null : n / d)
  return {
    ...f,
    reportRate: rate(f.reportedOnTime, f.reportDue),
    resolveRate: rate(f.resolvedOnTime, f.resolveDue),
  }
}
