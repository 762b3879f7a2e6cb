/**
 * A community setting itself up at the size of a large 社区: a workbook of 10 grids, 60
 * micro-grids, 600 buildings and 670 people — how long the preview, the all-or-nothing import, a
 * re-import (no change) and the export take, and the posters of one grid (60 buildings, codes made
 * on the way, then again with the codes stored). Through the api's router and the real SDK, against
 * the local environment.
 */
import { connectApp, collection } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { createApi, type Api } from '../cloudfunctions/core/router'
import { writeWorkbook, type SheetData } from '../cloudfunctions/core/setup/workbook'
import { wxApi } from '../cloudfunctions/core/wx'
import { seedDemo } from '../local/seed'
import { int, kib, ms } from './format'
import { inLocalCloud } from './cloud'
import { progress } from './log'
import type { Table } from './table'
import { benchClock } from './clock'

const ADMIN = 'demo-admin'

export function workbookData(grids: number, microPerGrid: number, buildingsPerMicro: number): SheetData {
  const data: SheetData = { grids: [['g-1', '幸福里社区', '1', '']], buildings: [], people: [] }
  let phone = 13700000000
  for (let g = 1; g <= grids; g++) {
    const gid = `BG${g}`
    data.grids.push([gid, `第${g}网格（新）`, '2', 'g-1'])
    data.people.push([`网格长${g}`, String(++phone), '网格长', gid, ''])
    for (let m = 1; m <= microPerGrid; m++) {
      const mid = `${gid}-${m}`
      data.grids.push([mid, `${m}号微网格`, '3', gid])
      data.people.push([`网格员${g}-${m}`, String(++phone), '网格员', mid, ''])
      for (let b = 1; b <= buildingsPerMicro; b++) {
        const code = `${mid}-${b}`
        data.buildings.push([code, `${g}区${m}-${b}号楼`, `示范路${g}号院${m}-${b}号楼`, mid])
        data.people.push([`楼栋长${code}`, String(++phone), '楼栋长', '', code])
      }
    }
  }
  return data
}

async function timedOk<T>(api: Api, action: string, input: object): Promise<{ ms: number; data: T }> {
  const t = performance.now()
  const res = await api.handle({ action, input }, ADMIN)
  const elapsed = performance.now() - t
  if (!res.ok) throw new Error(`${action}: ${res.error.message}`)
  return { ms: elapsed, data: res.data as T }
}

/**
 * The demo community on the database at `url`, the api as its admin calls it, and the 1,340-row
 * workbook uploaded and recorded as the setup screen does it (an import takes only the admin's
 * own recorded upload).
 */
export async function benchCommunity(url: string, fileName: string) {
  const app = connectApp(url)
  const db = app.database()
  await seedDemo(app, benchClock())
  const api = createApi({ db, files: cloudFiles(app), wx: wxApi(app), now: benchClock })
  const data = workbookData(10, 6, 10)
  const bytes = await writeWorkbook(data)
  const fileID = (await app.uploadFile({ cloudPath: `photos/${ADMIN}/${fileName}`, fileContent: bytes }))
    .fileID
  await timedOk(api, 'upload.record', { fileID })
  return { db, api, data, bytes, fileID }
}

export async function measureSetup(root: string): Promise<Table> {
  return inLocalCloud({ root, name: 'setup' }, async ({ tcb }) => {
    const { db, api, data, bytes, fileID } = await benchCommunity(tcb.url, 'bench-setup.xlsx')
    const rows = data.grids.length + data.buildings.length + data.people.length
    type Preview = { changes: number; problems: unknown[] }
    progress(`setup: preview and import of ${int(rows)} rows`)
    const preview = await timedOk<Preview>(api, 'setup.preview', { fileID })
    if (preview.data.problems.length) throw new Error('the benchmark workbook has problems')
    const apply = await timedOk<Preview>(api, 'setup.apply', { requestId: 'bench-setup-apply-1', fileID })
    const again = await timedOk<Preview>(api, 'setup.apply', { requestId: 'bench-setup-apply-2', fileID })
    const exported = await timedOk<{ counts: Record<string, number> }>(api, 'setup.export', {})
    const stored = (await collection(db, 'buildings').where({ gridId: 'BG1-1' }).count()).total
    progress('setup: posters of one grid (60 buildings), codes made, then stored')
    type Posters = { pages: number; bytes: number }
    const first = await timedOk<Posters>(api, 'grid.posters', { gridId: 'BG1' })
    const second = await timedOk<Posters>(api, 'grid.posters', { gridId: 'BG1' })
    return {
      title: `社区设置: a workbook of ${int(rows)} rows (${data.grids.length} grids, ${data.buildings.length} buildings, ${data.people.length} people; ${kib(bytes.length)} KiB)`,
      head: ['measure', 'ms', 'figure'],
      rows: [
        [
          'setup.preview (read, check, plan; nothing written)',
          ms(preview.ms),
          `${int(preview.data.changes)} changes`,
        ],
        [
          'setup.apply (plan again, staged, one last transaction)',
          ms(apply.ms),
          `${int(apply.data.changes)} written`,
        ],
        ['setup.apply of the same file again', ms(again.ms), `${int(again.data.changes)} written`],
        ['setup.export', ms(exported.ms), `${int(exported.data.counts.buildings)} buildings`],
        [
          'grid.posters, 60 buildings, codes made on the way',
          ms(first.ms),
          `${first.data.pages} pages, ${kib(first.data.bytes)} KiB`,
        ],
        [
          'grid.posters again (codes stored)',
          ms(second.ms),
          `${second.data.pages} pages, ${kib(second.data.bytes)} KiB`,
        ],
      ],
      notes: [`Buildings in micro-grid BG1-1 after the import: ${stored}.`],
    }
  })
}
