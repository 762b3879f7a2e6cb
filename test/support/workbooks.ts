/**
 * Set-up workbooks of a given size for the demo community (幸福里社区, root grid g-1): grids under
 * the root, micro-grids under each, buildings in each micro-grid, and one person per grid and
 * building (网格长, 网格员, 楼栋长). Codes start with `prefix`, phones count up from `phone`, so
 * workbooks of one test file do not collide.
 */
import type { SheetData } from '../../cloudfunctions/core/setup/workbook'

export interface WorkbookSize {
  prefix: string
  grids: number
  microPerGrid: number
  buildingsPerMicro: number
  /** The first phone number less one (11 digits). */
  phone: number
  /** A building's name by its code (default `${code}号楼`): a second workbook renames with it. */
  buildingName?: (code: string) => string
}

export function setupWorkbook(size: WorkbookSize): SheetData {
  const data: SheetData = { grids: [['g-1', '幸福里社区', '1', '']], buildings: [], people: [] }
  let phone = size.phone
  for (let g = 1; g <= size.grids; g++) {
    const gid = `${size.prefix}${g}`
    data.grids.push([gid, `${size.prefix}第${g}网格`, '2', 'g-1'])
    data.people.push([`网格长${gid}`, String(++phone), '网格长', gid, ''])
    for (let m = 1; m <= size.microPerGrid; m++) {
      const mid = `${gid}-${m}`
      data.grids.push([mid, `${m}号微网格`, '3', gid])
      data.people.push([`网格员${mid}`, String(++phone), '网格员', mid, ''])
      for (let b = 1; b <= size.buildingsPerMicro; b++) {
        const code = `${mid}-${b}`
        data.buildings.push([code, size.buildingName?.(code) ?? `${code}号楼`, `示范路${code}`, mid])
        data.people.push([`楼栋长${code}`, String(++phone), '楼栋长', '', code])
      }
    }
  }
  return data
}

/** Rows in the workbook that are not the root grid's (which every one repeats unchanged). */
export function rowsOf(data: SheetData): number {
  return data.grids.length - 1 + data.buildings.length + data.people.length
}
