/**
 * Plain-text tables. Widths count CJK characters as two columns, since some cells (grid names,
 * captions) are Chinese and a terminal draws those double width.
 */
export interface Table {
  title: string
  head: string[]
  rows: string[][]
  /** Per column; default: first column left, the rest right (they are figures). */
  align?: Array<'left' | 'right'>
  notes?: string[]
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/

function width(text: string): number {
  let w = 0
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1
  return w
}

function pad(text: string, to: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)))
  return align === 'left' ? text + fill : fill + text
}

export function renderTable(table: Table): string {
  const cols = table.head.length
  const align = (i: number) => table.align?.[i] ?? (i === 0 ? 'left' : 'right')
  const widths = Array.from({ length: cols }, (_, i) =>
    Math.max(width(table.head[i]), ...table.rows.map((r) => width(r[i] ?? ''))),
  )
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? '', widths[i], align(i)))
      .join('  ')
      .trimEnd()
  const out = [table.title, '', line(table.head), widths.map((w) => '-'.repeat(w)).join('  ')]
  for (const row of table.rows) out.push(line(row))
  for (const note of table.notes ?? []) out.push(`  ${note}`)
  return out.join('\n')
}
