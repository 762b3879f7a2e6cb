/**
 * A community's set-up as it lives in its spreadsheets: one sheet per kind, Chinese headers. The
 * template, the import and the export share these definitions, so a file exported today imports
 * tomorrow unchanged.
 */
import type { Role } from './roles'

export const SHEETS = {
  grids: { name: '网格', headers: ['网格编码', '网格名称', '层级', '上级网格编码'] },
  buildings: { name: '楼栋', headers: ['楼栋编码', '楼栋名称', '地址', '所属微网格编码'] },
  people: { name: '人员', headers: ['姓名', '手机号', '角色', '网格编码', '楼栋编码'] },
} as const

export type SheetKind = keyof typeof SHEETS

/** Each column's input field in the one-at-a-time actions (setup.saveGrid …), in header order. */
export const ROW_FIELDS: Record<SheetKind, readonly string[]> = {
  grids: ['code', 'name', 'level', 'parent'],
  buildings: ['code', 'name', 'address', 'gridCode'],
  people: ['name', 'phone', 'role', 'gridCode', 'buildingCode'],
}
export const SHEET_KINDS = Object.keys(SHEETS) as SheetKind[]

/** The roles a roster may name. Admins are never imported: they join by an admin's invitation. */
export const ROSTER_ROLES = { 网格长: 'gridLeader', 网格员: 'gridMember', 楼栋长: 'buildingLeader' } as const
export type RosterRole = (typeof ROSTER_ROLES)[keyof typeof ROSTER_ROLES]

export const ROSTER_ROLE_LABELS: Record<RosterRole, string> = {
  gridLeader: '网格长',
  gridMember: '网格员',
  buildingLeader: '楼栋长',
}

/** The grid level each roster role serves: a leader a grid (2), a member a micro-grid (3). */
export const ROLE_GRID_LEVEL: Partial<Record<Role, number>> = { gridLeader: 2, gridMember: 3 }

/** Codes go into QR scenes and ids: ≤ 32 of these characters, no Chinese (platform-facts.md). */
export const CODE_PATTERN = /^[0-9A-Za-z_-]{1,32}$/
/** CODE_PATTERN's length, for a box that takes a code (更正编号). */
export const CODE_MAX_CHARS = 32
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
export const NAME_MAX = 30
export const ADDRESS_MAX = 60

/** One thing wrong with the workbook, where a person can find it. */
export interface ImportProblem {
  sheet: string
  /** The spreadsheet row number (1 = the header row); 0 for the sheet as a whole. */
  row: number
  /** The column header; empty for a whole row or sheet. */
  column: string
  message: string
}

export interface ImportCounts {
  add: number
  update: number
  unchanged: number
}

/** Workbooks larger than this are refused before they are read. */
export const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
/** Rows per sheet: a community of a few hundred buildings and their people fits many times over. */
export const MAX_ROWS = 2000
