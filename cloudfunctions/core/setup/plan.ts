/**
 * What an import would do: every row checked against the file itself and the community as it is,
 * turned into documents to add or update, or into problems with sheet, row and column. Nothing is
 * written here; stage.ts writes an import's plan whole or not at all (apply.ts a single row's).
 */
import {
  ADDRESS_MAX,
  CODE_PATTERN,
  MOBILE_PATTERN,
  NAME_MAX,
  ROLE_GRID_LEVEL,
  ROSTER_ROLES,
  SHEETS,
  type ImportCounts,
  type ImportProblem,
  type RosterRole,
  type SheetKind,
} from '../../../src/domain/setup'
import { allWhere, COLLECTIONS, type Database } from '../db'
import { allShown } from '../staging'
import type { BuildingDoc, GridDoc, StaffDoc } from '../model'
import type { ParsedWorkbook, SheetRow } from './workbook'
import { loadSetup, rosterKey, takenElsewhere, staffId } from './store'
import { MAX_IMPORT_UPDATES } from './stage'

export interface PlannedWrite {
  collection: string
  id: string
  /** An add: the whole document. An update: the document as it will be (for the preview). */
  doc: Record<string, unknown>
  kind: 'add' | 'update'
  /** An update writes only these fields, so what changed meanwhile elsewhere in it stays. */
  changes?: Record<string, unknown>
}

export interface ImportPlan {
  counts: Record<SheetKind, ImportCounts>
  problems: ImportProblem[]
  writes: PlannedWrite[]
}

export async function planImport(
  db: Database,
  communityId: string,
  book: ParsedWorkbook,
  at: Date,
): Promise<ImportPlan> {
  const current = await loadSetup(db, communityId)
  const problems = [...book.problems]
  const writes: PlannedWrite[] = []
  const counts = {
    grids: { add: 0, update: 0, unchanged: 0 },
    buildings: { add: 0, update: 0, unchanged: 0 },
    people: { add: 0, update: 0, unchanged: 0 },
  }
  const problem = (kind: SheetKind, row: number, column: string, message: string) =>
    problems.push({ sheet: SHEETS[kind].name, row, column, message })
  const rowsWithProblems = new Set<string>()
  const flag = (kind: SheetKind, r: SheetRow, column: string, message: string) => {
    problem(kind, r.row, column, message)
    rowsWithProblems.add(`${kind}:${r.row}`)
  }
  const text = (kind: SheetKind, r: SheetRow, column: string, max: number, required = true) => {
    const v = r.cells[column]
    if (required && !v) flag(kind, r, column, `请填写${column}`)
    else if (v.length > max) flag(kind, r, column, `${column}最多${max}个字`)
    return v
  }
  const code = (kind: SheetKind, r: SheetRow, column: string, required = true) => {
    const v = r.cells[column]
    if (!v) {
      if (required) flag(kind, r, column, `请填写${column}`)
    } else if (!CODE_PATTERN.test(v)) {
      flag(kind, r, column, `「${v}」不能放进二维码：只能用字母、数字、- 和 _，最多32位，不能有汉字或空格`)
    }
    return v
  }
  const duplicates = (kind: SheetKind, column: string, key: (r: SheetRow) => string, what: string) => {
    const first = new Map<string, number>()
    for (const r of book.rows[kind]) {
      const k = key(r)
      if (!k) continue
      const seen = first.get(k)
      if (seen !== undefined) flag(kind, r, column, `${what}与第${seen}行重复`)
      else first.set(k, r.row)
    }
  }

  // ---- grids -------------------------------------------------------------------------------
  const gridById = new Map(current.grids.map((g) => [g._id, g]))
  const fileGrids = new Map<string, { row: SheetRow; level: number; name: string; parent: string }>()
  for (const r of book.rows.grids) {
    const id = code('grids', r, '网格编码')
    const name = text('grids', r, '网格名称', NAME_MAX)
    const levelText = r.cells['层级']
    const level = Number(levelText)
    if (!/^[123]$/.test(levelText)) flag('grids', r, '层级', '层级只能填 1、2 或 3')
    const parent = code('grids', r, '上级网格编码', false)
    if (level === 1 && parent) flag('grids', r, '上级网格编码', '一级网格（整个社区）没有上级，请留空')
    if (level > 1 && !parent) flag('grids', r, '上级网格编码', `请填写上级网格编码（${level - 1}级网格）`)
    if (id && !fileGrids.has(id)) fileGrids.set(id, { row: r, level, name, parent })
  }
  duplicates('grids', '网格编码', (r) => r.cells['网格编码'], '网格编码')
  const gridsElsewhere = await takenElsewhere(db, 'grids', [...fileGrids.keys()], communityId)
  const levelOf = (id: string) => fileGrids.get(id)?.level ?? gridById.get(id)?.level
  const root = current.grids.find((g) => g.level === 1)
  for (const [id, g] of fileGrids) {
    if (gridsElsewhere.has(id)) flag('grids', g.row, '网格编码', `网格编码「${id}」已被其他社区使用`)
    if (g.level === 1 && root && root._id !== id)
      flag('grids', g.row, '网格编码', `社区已有一级网格「${root._id}」，一级网格只能有一个`)
    if (g.parent && g.level > 1) {
      const parentLevel = levelOf(g.parent)
      if (parentLevel !== undefined && Number.isNaN(parentLevel)) continue
      if (parentLevel === undefined) flag('grids', g.row, '上级网格编码', `找不到上级网格「${g.parent}」`)
      else if (parentLevel !== g.level - 1)
        flag(
          'grids',
          g.row,
          '上级网格编码',
          `${g.level}级网格的上级应是${g.level - 1}级网格，「${g.parent}」是${parentLevel}级`,
        )
    }
    const existing = gridById.get(id)
    if (existing && (existing.level !== g.level || (existing.parentId ?? '') !== g.parent))
      flag('grids', g.row, '层级', '已有网格的层级和上级不能通过导入修改')
  }
  const ones = [...fileGrids.values()].filter((g) => g.level === 1)
  for (const g of ones.slice(1)) flag('grids', g.row, '层级', '一级网格只能有一个')
  // Paths from the root down; a cycle or a missing parent simply has no path (already a problem).
  const pathOf = (id: string, depth = 0): string[] | null => {
    if (depth > 3) return null
    const existing = gridById.get(id)
    if (existing && !fileGrids.has(id)) return existing.path
    const g = fileGrids.get(id)
    if (!g) return existing?.path ?? null
    if (g.level === 1) return [id]
    const up = pathOf(g.parent, depth + 1)
    return up ? [...up, id] : null
  }
  for (const [id, g] of fileGrids) {
    if (rowsWithProblems.has(`grids:${g.row.row}`)) continue
    const path = pathOf(id)
    if (!path) continue
    const doc: GridDoc = {
      _id: id,
      communityId,
      level: g.level as 1 | 2 | 3,
      name: g.name,
      parentId: g.parent || null,
      path,
    }
    const existing = gridById.get(id)
    if (!existing) {
      counts.grids.add++
      writes.push({ collection: COLLECTIONS.grids, id, doc: { ...doc }, kind: 'add' })
    } else if (existing.name !== g.name) {
      counts.grids.update++
      writes.push({
        collection: COLLECTIONS.grids,
        id,
        doc: { ...existing, name: g.name },
        kind: 'update',
        changes: { name: g.name },
      })
    } else counts.grids.unchanged++
  }

  // ---- buildings -----------------------------------------------------------------------------
  const buildingById = new Map(current.buildings.map((b) => [b._id, b]))
  const correctedCodes = new Map(
    current.buildings.flatMap((b) => (b.codes ?? []).map((c) => [c, b] as const)),
  )
  /** Buildings moving to another micro-grid: their 楼栋长 move with them. */
  const moved = new Map<string, string>()
  const fileBuildings = new Map<string, SheetRow>()
  for (const r of book.rows.buildings) {
    const id = code('buildings', r, '楼栋编码')
    text('buildings', r, '楼栋名称', NAME_MAX)
    text('buildings', r, '地址', ADDRESS_MAX, false)
    const grid = code('buildings', r, '所属微网格编码')
    if (grid) {
      const level = levelOf(grid)
      if (level === undefined) flag('buildings', r, '所属微网格编码', `找不到网格「${grid}」`)
      else if (level !== 3)
        flag('buildings', r, '所属微网格编码', `楼栋要放在三级微网格里，「${grid}」是${level}级网格`)
    }
    if (id && !fileBuildings.has(id)) fileBuildings.set(id, r)
  }
  duplicates('buildings', '楼栋编码', (r) => r.cells['楼栋编码'], '楼栋编码')
  const buildingsElsewhere = await takenElsewhere(db, 'buildings', [...fileBuildings.keys()], communityId)
  for (const [id, r] of fileBuildings) {
    if (buildingsElsewhere.has(id)) flag('buildings', r, '楼栋编码', `楼栋编码「${id}」已被其他社区使用`)
    // 更正编号 (issue 18, part 3): a corrected code scans to its building; no other may take it.
    const correctedTo = correctedCodes.get(id)
    if (correctedTo && !buildingById.has(id))
      flag('buildings', r, '楼栋编码', `楼栋编码「${id}」已是「${correctedTo.name}」更正后的编码，请换一个`)
    if (rowsWithProblems.has(`buildings:${r.row}`)) continue
    const fields = { name: r.cells['楼栋名称'], address: r.cells['地址'], gridId: r.cells['所属微网格编码'] }
    const existing = buildingById.get(id)
    if (!existing) {
      counts.buildings.add++
      const doc: BuildingDoc = { _id: id, communityId, ...fields }
      writes.push({ collection: COLLECTIONS.buildings, id, doc: { ...doc }, kind: 'add' })
    } else if (
      existing.name !== fields.name ||
      existing.address !== fields.address ||
      existing.gridId !== fields.gridId
    ) {
      counts.buildings.update++
      writes.push({
        collection: COLLECTIONS.buildings,
        id,
        doc: { ...existing, ...fields },
        kind: 'update',
        changes: fields,
      })
      if (existing.gridId !== fields.gridId) moved.set(id, fields.gridId)
    } else counts.buildings.unchanged++
  }

  // ---- people --------------------------------------------------------------------------------
  const staffById = new Map(current.staff.map((s) => [s._id, s]))
  const heldKeys = new Set(current.held.map((e) => rosterKey(communityId, e)))
  const buildingGrid = (b: string) =>
    fileBuildings.has(b) ? fileBuildings.get(b)?.cells['所属微网格编码'] : buildingById.get(b)?.gridId
  const keys = new Map<SheetRow, string>()
  for (const r of book.rows.people) {
    const name = text('people', r, '姓名', NAME_MAX)
    const phone = r.cells['手机号']
    if (!phone) flag('people', r, '手机号', '请填写手机号')
    else if (!MOBILE_PATTERN.test(phone)) flag('people', r, '手机号', `「${phone}」不是11位手机号`)
    const label = r.cells['角色']
    const role = (ROSTER_ROLES as Record<string, RosterRole>)[label]
    if (!role) flag('people', r, '角色', `角色只能填 ${Object.keys(ROSTER_ROLES).join('、')}`)
    const gridCode = r.cells['网格编码']
    const buildingCode = r.cells['楼栋编码']
    let gridId = gridCode
    if (role === 'buildingLeader') {
      if (!buildingCode) flag('people', r, '楼栋编码', '楼栋长请填写楼栋编码')
      else if (!buildingById.has(buildingCode) && !fileBuildings.has(buildingCode))
        flag('people', r, '楼栋编码', `找不到楼栋「${buildingCode}」`)
      else gridId = buildingGrid(buildingCode) ?? ''
    } else if (role) {
      const want = ROLE_GRID_LEVEL[role] as number
      const level = gridCode ? levelOf(gridCode) : undefined
      if (!gridCode) flag('people', r, '网格编码', `请填写${label}负责的${want}级网格编码`)
      else if (level === undefined) flag('people', r, '网格编码', `找不到网格「${gridCode}」`)
      else if (level !== want)
        flag('people', r, '网格编码', `${label}负责${want}级网格，「${gridCode}」是${level}级`)
    }
    if (role && phone && name) {
      keys.set(r, staffId(communityId, phone, role, role === 'buildingLeader' ? buildingCode : gridCode))
    }
    if (rowsWithProblems.has(`people:${r.row}`) || !role) continue
    const id = keys.get(r) as string
    const existing = staffById.get(id)
    if (!existing && heldKeys.has(id)) counts.people.unchanged++
    else if (!existing) {
      counts.people.add++
      const doc: StaffDoc = {
        _id: id,
        communityId,
        name,
        phone,
        role,
        gridId,
        buildingCode: role === 'buildingLeader' ? buildingCode : null,
        openid: null,
        source: 'import',
        createdAt: at,
        updatedAt: at,
      }
      writes.push({ collection: COLLECTIONS.staff, id, doc: { ...doc }, kind: 'add' })
    } else if (existing.name !== name) {
      counts.people.update++
      writes.push({
        collection: COLLECTIONS.staff,
        id,
        doc: { ...existing, name, updatedAt: at },
        kind: 'update',
        changes: { name, updatedAt: at },
      })
    } else counts.people.unchanged++
  }
  duplicates('people', '手机号', (r) => keys.get(r) ?? '', '同一人同一岗位')
  if (moved.size) writes.push(...(await buildingLeadersMoving(db, communityId, moved, writes, at)))
  // Changes to what exists go in the import's one last transaction (stage.ts): bounded by its 30 s.
  const changing = writes.filter((w) => w.kind === 'update').length
  if (changing > MAX_IMPORT_UPDATES)
    problems.push({
      sheet: '',
      row: 0,
      column: '',
      message: `这个文件要修改${changing}处已有的网格、楼栋或人员，一次最多修改${MAX_IMPORT_UPDATES}处（新增不限）；请把要修改的行分成几个文件导入`,
    })
  // Rows flagged after they were planned (duplicates) must not be written either.
  if (problems.length) return { counts, problems, writes: [] }
  return { counts, problems, writes }
}

/**
 * A building that moves to another micro-grid takes its 楼栋长 along: their roster lines and roles
 * name the new grid, so the new grid's leader looks after them (and the old one no longer does).
 */
async function buildingLeadersMoving(
  db: Database,
  communityId: string,
  moved: Map<string, string>,
  planned: PlannedWrite[],
  at: Date,
): Promise<PlannedWrite[]> {
  const _ = db.command
  const codes = [...moved.keys()]
  const where = { communityId, role: 'buildingLeader', buildingCode: _.in(codes) }
  const [lines, roles] = await Promise.all([allShown(db, 'staff', where), allWhere(db, 'memberships', where)])
  const out: PlannedWrite[] = []
  for (const line of lines) {
    const gridId = moved.get(line.buildingCode as string) as string
    const already = planned.find((w) => w.collection === COLLECTIONS.staff && w.id === line._id)
    const changes = { ...(already?.changes ?? {}), gridId, updatedAt: at }
    if (already) Object.assign(already, { changes, doc: { ...already.doc, gridId } })
    else
      out.push({
        collection: COLLECTIONS.staff,
        id: line._id,
        doc: { ...line, gridId },
        kind: 'update',
        changes,
      })
  }
  for (const m of roles) {
    const gridId = moved.get(m.buildingCode as string) as string
    out.push({
      collection: COLLECTIONS.memberships,
      id: m._id,
      doc: { ...m, gridId },
      kind: 'update',
      changes: { gridId },
    })
  }
  return out
}
