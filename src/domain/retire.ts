/**
 * 停用与恢复, 更正编号 (issue 18, part 3): nothing in a community is deleted — a grid, a building,
 * an elder or a child that is no longer served is retired (soft delete): kept, with who retired it,
 * when and why, out of every list, picker, clock and denominator from then on, its name still shown
 * wherever history names it; the admin may restore it. A building's code can be corrected (a
 * mistyped code on printed posters): the new code is printed from then on and the old one keeps
 * resolving to the building.
 */

export const RETIRE_KINDS = {
  grid: '网格',
  building: '楼栋',
  elder: '助老对象',
  child: '孩子',
} as const
export type RetireKind = keyof typeof RETIRE_KINDS

/** Why something is retired: required, this many characters at least and at most. */
export const RETIRE_REASON_MIN_CHARS = 2
export const RETIRE_REASON_MAX_CHARS = 100

/** The words a retired building's code answers with when scanned (building.lookup, me.bindBuilding). */
export function retiredBuildingText(name: string): string {
  return `${name}已停用，不能再扫码绑定或反映诉求；如有需要请联系社区`
}

/** Where a building's printed code is a former (mistyped) one: the 台账's words for a correction. */
export function codeCorrectionNote(from: string, to: string, reason: string): string {
  return `楼栋编码由 ${from} 更正为 ${to}${reason ? `：${reason}` : ''}（原编码扫码仍可找到本楼栋）`
}
