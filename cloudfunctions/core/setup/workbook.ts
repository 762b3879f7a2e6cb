/**
 * The set-up workbook (.xlsx) read and written with exceljs: one sheet per kind with the headers
 * of src/domain/setup.ts, plus a 说明 sheet that the import ignores.
 */
import { loadExcel } from '../libraries'
import { AppError } from '../../../src/domain/errors'
import {
  MAX_ROWS,
  ROSTER_ROLES,
  SHEET_KINDS,
  SHEETS,
  type ImportProblem,
  type SheetKind,
} from '../../../src/domain/setup'

export interface SheetRow {
  /** The spreadsheet row number, as the admin sees it. */
  row: number
  /** Trimmed text by header. */
  cells: Record<string, string>
}

export interface ParsedWorkbook {
  rows: Record<SheetKind, SheetRow[]>
  /** Missing sheets or headers: nothing else can be checked for those sheets. */
  problems: ImportProblem[]
}

const NOT_A_WORKBOOK = '无法读取这个文件，请使用下载的模板（.xlsx 格式）填写后再导入'

export async function readWorkbook(bytes: Buffer): Promise<ParsedWorkbook> {
  const book = new (await loadExcel()).Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError('INVALID_INPUT', NOT_A_WORKBOOK, { fileID: NOT_A_WORKBOOK })
  }
  const rows = { grids: [], buildings: [], people: [] } as Record<SheetKind, SheetRow[]>
  const problems: ImportProblem[] = []
  for (const kind of SHEET_KINDS) {
    const { name, headers } = SHEETS[kind]
    const sheet = book.getWorksheet(name)
    if (!sheet) {
      problems.push({ sheet: name, row: 0, column: '', message: `缺少「${name}」工作表，请使用模板` })
      continue
    }
    const columns = new Map<string, number>()
    sheet.getRow(1).eachCell((cell, col) => columns.set(cell.text.trim(), col))
    const missing = headers.filter((h) => !columns.has(h))
    if (missing.length) {
      for (const h of missing) problems.push({ sheet: name, row: 1, column: h, message: `缺少「${h}」列` })
      continue
    }
    if (sheet.rowCount - 1 > MAX_ROWS) {
      problems.push({ sheet: name, row: 0, column: '', message: `一次最多导入${MAX_ROWS}行，请分批导入` })
      continue
    }
    sheet.eachRow((r, rowNumber) => {
      if (rowNumber === 1) return
      const cells = Object.fromEntries(
        headers.map((h) => [h, r.getCell(columns.get(h) as number).text.trim()] as const),
      )
      // Rows left blank (or only spaces) are not rows.
      if (Object.values(cells).some((v) => v !== '')) rows[kind].push({ row: rowNumber, cells })
    })
  }
  return { rows, problems }
}

export type SheetData = Record<SheetKind, string[][]>

const WIDTHS: Record<SheetKind, number[]> = {
  grids: [16, 20, 8, 16],
  buildings: [14, 16, 30, 18],
  people: [12, 16, 10, 14, 12],
}

const GUIDE = [
  ['如何填写'],
  [
    '1. 「网格」表：一级网格是整个社区（只能有一个，上级留空）；二级网格的上级是一级网格；三级（微网格）的上级是二级网格。',
  ],
  [
    '2. 「楼栋」表：楼栋编码会印在楼栋二维码里，只能用字母、数字、- 和 _，最多32位，例如 B01、3-2。每栋楼属于一个三级微网格。',
  ],
  [
    '3. 「人员」表：角色填 网格长（对应二级网格）、网格员（对应三级微网格）或 楼栋长（填楼栋编码）。手机号为11位手机号。',
  ],
  [
    '4. 导入前会先预览：新增、更新和每一处问题（表、行、列）。有问题时不会写入任何内容；确认后整份文件一次写入。',
  ],
  ['5. 导入不会删除文件里没有的网格、楼栋或人员。同一份文件重复导入不会产生任何变化。'],
  ['6. 人员导入后还需要邀请：在「人员与角色」中为每人生成邀请码，本人在微信中打开后才获得角色。'],
]

/** Where the worked example starts on the 说明 sheet (a title row, then a block per sheet). */
export const EXAMPLE_TITLE = '示例（仅供参考，不会被导入：需要时把行复制到对应的表里，改成本社区的内容）'

/**
 * The workbook for `data` (template or export), ready to download. `example`, if given, goes on
 * the 说明 sheet only — never among the rows an import reads, so an unedited template imports
 * nothing but the community's own first-level grid.
 */
export async function writeWorkbook(data: SheetData, example?: SheetData): Promise<Buffer> {
  const book = new (await loadExcel()).Workbook()
  book.creator = '暖心网格'
  for (const kind of SHEET_KINDS) {
    const { name, headers } = SHEETS[kind]
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = headers.map((h, i) => ({ header: h, width: WIDTHS[kind][i] }))
    sheet.getRow(1).font = { bold: true }
    // Codes and phone numbers are text: Excel would turn 13900000001 into 1.39E+10 and 01 into 1.
    headers.forEach((h, i) => {
      if (h !== '层级') sheet.getColumn(i + 1).numFmt = '@'
    })
    for (const values of data[kind]) sheet.addRow(values)
    const last = Math.max(200, data[kind].length + 100)
    if (kind === 'grids') {
      for (let r = 2; r <= last; r++) {
        sheet.getCell(r, 3).dataValidation = { type: 'list', allowBlank: true, formulae: ['"1,2,3"'] }
      }
    }
    if (kind === 'people') {
      const roles = `"${Object.keys(ROSTER_ROLES).join(',')}"`
      for (let r = 2; r <= last; r++) {
        sheet.getCell(r, 3).dataValidation = { type: 'list', allowBlank: true, formulae: [roles] }
      }
    }
  }
  const guide = book.addWorksheet('说明')
  guide.getColumn(1).width = 110
  for (const line of GUIDE) guide.addRow(line)
  guide.getRow(1).font = { bold: true, size: 14 }
  if (example) {
    guide.addRow([])
    guide.addRow([EXAMPLE_TITLE]).font = { bold: true, size: 14 }
    for (const kind of SHEET_KINDS) {
      guide.addRow([])
      guide.addRow([`「${SHEETS[kind].name}」表`]).font = { bold: true }
      guide.addRow([...SHEETS[kind].headers]).font = { bold: true }
      for (const values of example[kind]) guide.addRow(values)
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
