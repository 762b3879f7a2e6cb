/**
 * Issue 21: the api bundle loads each feature slice on its first call, and no hot call loads a
 * heavy library. The built bundle (dist/cloudfunctions/api, made by the global setup) runs in a
 * fresh `node`, as CloudBase loads it, against a local CloudBase; the child reports which of
 * exceljs, pdf-lib, fontkit and qrcode are in its require.cache after each call. No timing here:
 * bench/coldstart.ts prints the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { childScript, spawnLine, type Call } from '../../bench/coldstart'
import { connectApp } from '../../cloudfunctions/core/db'
import { SLICES, sliceIndex } from '../../cloudfunctions/core/slices'
import { startLocalCloud, type LocalCloud } from '../../local/cloud'
import { seedDemo } from '../../local/seed'
import { contract } from '../../src/domain/contract'
import { perFile } from '../support/per-file'

const ROOT = path.resolve(__dirname, '../..')
const BUNDLE = path.join(ROOT, 'dist/cloudfunctions/api/index.js')

const cloud = perFile(
  async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-cold-path-'))
    const started = await startLocalCloud({ dataDir, root: ROOT })
    await seedDemo(connectApp(started.tcb.url), new Date('2026-11-25T10:00:00+08:00'))
    return { ...started, dataDir }
  },
  async (c: LocalCloud & { dataDir: string }) => {
    await c.tcb.close()
    rmSync(c.dataDir, { recursive: true, force: true })
  },
  120_000,
)

/** The calls, one after the other in one fresh process; the heavy libraries loaded after each. */
async function heavyAfter(calls: Call[]): Promise<string[][]> {
  const script = childScript(
    BUNDLE,
    calls.map((c) => ({ ...c, expect: 'ok' as const })),
  )
  const { line } = await spawnLine(script, cloud.tcb.url, path.dirname(BUNDLE))
  return line.calls.map((c) => c.heavy)
}

const create: Call = {
  action: 'request.create',
  openid: 'demo-resident-1',
  input: {
    requestId: 'cold-path-1',
    category: 'environment',
    description: '三号楼楼道灯不亮了，晚上看不清台阶',
    photos: [],
  },
}
const inbox: Call = { action: 'request.inbox', openid: 'demo-member-1-1', input: { tab: 'assigned' } }

test('a resident’s request.create and a member’s request.inbox load no heavy library', async () => {
  expect(await heavyAfter([create, inbox, { ...inbox, input: { tab: 'done' } }])).toEqual([[], [], []])
})

test('the heavy actions still load theirs, on their first call: setup.export exceljs, grid.posters pdf-lib and fontkit', async () => {
  const [afterInbox, afterExport, afterPosters] = await heavyAfter([
    inbox,
    { action: 'setup.export', openid: 'demo-admin', input: {} },
    { action: 'grid.posters', openid: 'demo-admin', input: { gridId: 'g-1-1' } },
  ])
  expect(afterInbox).toEqual([])
  expect(afterExport).toEqual(['exceljs'])
  expect(afterPosters).toEqual(['exceljs', 'pdf-lib', '@pdf-lib/fontkit'])
})

test('the slices serve exactly the contract’s actions, each one once, with a use case for every action', async () => {
  const index = await sliceIndex()
  expect(Object.keys(index).sort()).toEqual(Object.keys(contract).sort())
  for (const [i, s] of SLICES.entries()) {
    const actions = Object.keys(await s.actions()).sort()
    expect(actions).toEqual(
      Object.keys(index)
        .filter((a) => index[a] === i)
        .sort(),
    )
    expect(Object.keys(await s.handlers()).sort()).toEqual(actions)
  }
})
