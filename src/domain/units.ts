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
