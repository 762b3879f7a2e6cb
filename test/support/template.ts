/**
 * What an admin does with the template: copies the worked example from its 说明 sheet into the
 * data sheets (as they would, row by row), giving a workbook that imports the example.
 */
import ExcelJS from 'exceljs'
import { EXAMPLE_TITLE } from '../../cloudfunctions/core/setup/workbook'
import { SHEETS, SHEET_KINDS } from '../../src/domain/setup'

export async function copyExampleIntoSheets(template: Buffer): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(template as unknown as ArrayBuffer)
  const guide = book.getWorksheet('说明')
  if (!guide) throw new Error('no 说明 sheet')
  const rows: string[][] = []
  guide.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as unknown[])
      .slice(1)
      .map((v) => (v === null || v === undefined ? '' : String(v)))
    rows.push(values)
  })
  const start = rows.findIndex((r) => r[0] === EXAMPLE_TITLE)
  if (start < 0) throw new Error('the template has no worked example')
  for (const kind of SHEET_KINDS) {
    const title = rows.findIndex((r, i) => i > start && r[0] === `「${SHEETS[kind].name}」表`)
    const sheet = book.getWorksheet(SHEETS[kind].name)
    if (title < 0 || !sheet) throw new Error(`no example for ${kind}`)
    for (let i = title + 2; i < rows.length && rows[i].some((c) => c !== ''); i++) sheet.addRow(rows[i])
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
