/**
 * 确认导入 within CloudBase's 30 s transaction limit, by construction. The local environment answers
 * every request DESIGN_ROUND_TRIP_MS (100 ms, ten times a usual round trip) late on a clock of its
 * own: a transaction ages by the round trips it spans, and the environment ends it after 30 s of
 * them as CloudBase does — no test here waits on, or measures, the wall clock.
 *
 * At that speed the one-transaction import of before dies half-way (and writes nothing); the staged
 * one goes through at 1,340 rows, and at the most changes an import may make, its last transaction
 * spans no more round trips than commitRoundTrips says; the undo likewise.
 */
import { byId, COLLECTIONS } from '../../cloudfunctions/core/db'
import { applyImport } from '../../cloudfunctions/core/setup/actions'
import { applyWrites } from '../../cloudfunctions/core/setup/apply'
import { planImport } from '../../cloudfunctions/core/setup/plan'
import {
  CLOUDBASE_TRANSACTION_MS,
  commitRoundTrips,
  DESIGN_ROUND_TRIP_MS,
  MAX_IMPORT_UPDATES,
  TX_ROUND_TRIPS,
  type StageHooks,
} from '../../cloudfunctions/core/setup/stage'
import { undoImport } from '../../cloudfunctions/core/setup/undo'
import { readWorkbook, writeWorkbook, type SheetData } from '../../cloudfunctions/core/setup/workbook'
import { TRANSACTION_LIFETIME_MS } from '../../local/tcb/transactions'
import { clockApi, startTestEnv, type TestEnv } from '../support/env'
import { rowsOf, setupWorkbook, type WorkbookSize } from '../support/workbooks'

const AT = new Date('2026-11-27T10:00:00+08:00')
const ADMIN = 'demo-admin'
const COMMUNITY = 'c-xingfuli'

/** Simulated time the database has spent answering: DESIGN_ROUND_TRIP_MS per request. */
let simulated = 0
let env: TestEnv
/** The functions' clock: it moves on a minute before each import, so that the latest is the latest. */
let clock = AT
const now = () => clock
let api: ReturnType<typeof clockApi>
beforeAll(async () => {
  env = await startTestEnv({
    at: AT,
    tcb: {
      latencyMs: DESIGN_ROUND_TRIP_MS,
      delay: (ms) => {
        simulated += ms
        return Promise.resolve()
      },
      now: () => AT.getTime() + simulated,
    },
  })
  api = clockApi(env, now)
})
afterAll(() => env.close())

const adminCtx = () => env.context(ADMIN, now)

let n = 0
async function upload(data: SheetData): Promise<string> {
  return env.upload(ADMIN, `latency-${++n}.xlsx`, await writeWorkbook(data))
}

/** Round trips the last transaction spanned: every request the database answered meanwhile. */
function spanOfCommit(): { hooks: StageHooks; roundTrips: () => number } {
  let from = 0
  let to = 0
  return {
    hooks: {
      beforeCommit: () => {
        from = simulated
      },
      afterCommit: () => {
        to = simulated
      },
    },
    roundTrips: () => (to - from) / DESIGN_ROUND_TRIP_MS,
  }
}

async function stored(c: string): Promise<number> {
  return (await env.db.collection(c).count()).total
}

/** The workbook of a large 社区: 10 grids, 60 micro-grids, 600 buildings, 670 people. */
const LARGE: WorkbookSize = {
  prefix: 'L',
  grids: 10,
  microPerGrid: 6,
  buildingsPerMicro: 10,
  phone: 13500000000,
}
/** The codes of its buildings, in order. */
const codes = setupWorkbook(LARGE).buildings.map((b) => b[0])

test('bounded by construction: the largest last transaction fits half of the 30 s at the round trip designed for', () => {
  expect(CLOUDBASE_TRANSACTION_MS).toBe(TRANSACTION_LIFETIME_MS)
  expect(TX_ROUND_TRIPS * DESIGN_ROUND_TRIP_MS).toBeLessThanOrEqual(CLOUDBASE_TRANSACTION_MS / 2)
  expect(commitRoundTrips(MAX_IMPORT_UPDATES)).toBeLessThanOrEqual(TX_ROUND_TRIPS)
})

test('at 100 ms a round trip, 1,340 rows in one transaction die half-way; staged, they go through', async () => {
  const data = setupWorkbook(LARGE)
  expect(rowsOf(data)).toBe(1340)
  const fileID = await upload(data)
  const before = { grids: await stored(COLLECTIONS.grids), buildings: await stored(COLLECTIONS.buildings) }

  // The import as it was: one transaction, a read and a write per document.
  const plan = await planImport(env.db, COMMUNITY, await readWorkbook(await writeWorkbook(data)), AT)
  expect(plan.writes.length).toBe(1340)
  const from = simulated
  await expect(applyWrites(env.db, plan.writes)).rejects.toMatchObject({ code: 'CONFLICT' })
  // Ended by the 30 s, half-way through its 2,680 round trips.
  expect(simulated - from).toBeGreaterThanOrEqual(CLOUDBASE_TRANSACTION_MS)
  expect(simulated - from).toBeLessThan(2 * 1340 * DESIGN_ROUND_TRIP_MS)
  expect(await stored(COLLECTIONS.buildings)).toBe(before.buildings)

  const commit = spanOfCommit()
  clock = new Date(clock.getTime() + 60_000)
  const done = await applyImport({ fileID, requestId: 'latency-large' }, await adminCtx(), commit.hooks)
  expect(done.changes).toBe(1340)
  expect(await stored(COLLECTIONS.buildings)).toBe(before.buildings + 600)
  expect(await stored(COLLECTIONS.grids)).toBe(before.grids + 70)
  // No updates: the last transaction is its fixed part only.
  expect(commit.roundTrips()).toBeGreaterThan(0)
  expect(commit.roundTrips()).toBeLessThanOrEqual(commitRoundTrips(0))
})

test('the most changes an import may make, in its last transaction and in its undo, stay inside the bound', async () => {
  const renamed = (count: number) =>
    setupWorkbook({
      ...LARGE,
      buildingName: (code) => (codes.indexOf(code) < count ? `${code}号楼（新）` : `${code}号楼`),
    })
  // One more than may go in one import: a problem of the whole file, and nothing written.
  const tooMany = await upload(renamed(MAX_IMPORT_UPDATES + 1))
  const seen = await api.ok(ADMIN, 'setup.preview', { fileID: tooMany })
  expect(seen.ready).toBe(false)
  expect(seen.problems).toEqual([
    {
      sheet: '',
      row: 0,
      column: '',
      message: `这个文件要修改${MAX_IMPORT_UPDATES + 1}处已有的网格、楼栋或人员，一次最多修改${MAX_IMPORT_UPDATES}处（新增不限）；请把要修改的行分成几个文件导入`,
    },
  ])
  const imports = await stored(COLLECTIONS.imports)
  expect(
    await api.call(ADMIN, 'setup.apply', { fileID: tooMany, requestId: 'latency-too-many' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '文件中有1处问题，请修改后重新导入，本次没有写入任何内容' },
  })
  expect(await stored(COLLECTIONS.imports)).toBe(imports)

  const fileID = await upload(renamed(MAX_IMPORT_UPDATES))
  const commit = spanOfCommit()
  clock = new Date(clock.getTime() + 60_000)
  const done = await applyImport({ fileID, requestId: 'latency-most' }, await adminCtx(), commit.hooks)
  expect(done.changes).toBe(MAX_IMPORT_UPDATES)
  expect(commit.roundTrips()).toBeGreaterThan(MAX_IMPORT_UPDATES)
  expect(commit.roundTrips()).toBeLessThanOrEqual(commitRoundTrips(MAX_IMPORT_UPDATES))
  expect(commit.roundTrips() * DESIGN_ROUND_TRIP_MS).toBeLessThan(CLOUDBASE_TRANSACTION_MS)
  expect((await byId(env.db, 'buildings', codes[0]))?.name).toBe(`${codes[0]}号楼（新）`)

  const undo = spanOfCommit()
  expect((await undoImport({}, await adminCtx(), undo.hooks)).undone).toBe(MAX_IMPORT_UPDATES)
  expect(undo.roundTrips()).toBeGreaterThan(MAX_IMPORT_UPDATES)
  expect(undo.roundTrips()).toBeLessThanOrEqual(commitRoundTrips(MAX_IMPORT_UPDATES))
  expect((await byId(env.db, 'buildings', codes[0]))?.name).toBe(`${codes[0]}号楼`)
})
