/**
 * `npm run bench`: package sizes, cold start, and latency at 100,000 requests, printed as tables
 * on stdout once everything has run (progress goes to stderr meanwhile). Figures only: nothing
 * here passes or fails on a timing.
 *
 *   npm run bench -- [--samples 300] [--warmup 20] [--requests 100000] [--buildings 1000]
 *                    [--residents 20] [--cold 10] [--messages 5000] [--outbox-samples 200]
 *                    [--wishes 50000] [--rounds 3] [--burst 1000] [--seats 30] [--sessions 2000]
 *                    [--tab-samples 50] [--round-trip 10] [--hot-writes 5000] [--growth 10000,100000]
 *                    [--due 1000] [--community-requests 100000]
 *                    [--only sizes,cold,latency,growth,scheduler,outbox,wishes,activities,setup,import]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connectApp } from '../cloudfunctions/core/db'
import type { UserDoc } from '../cloudfunctions/core/model'
import { startHost } from '../local/host'
import { ensureH5Build } from '../local/start'
import { buildFunctions, dirBytes } from '../scripts/build-functions'
import { coldStartTable, measureColdStart } from './coldstart'
import { makeDataset, type Dataset } from './dataset'
import { measureGrowth, type GrowthScenario } from './growth'
import { explainPlans, explainTable } from './explain'
import { callerLookup, replayCalls } from './floor'
import { int, percent } from './format'
import { createFloor, latencyTable, measureLatency, recordFloors } from './latency'
import { measureActivities } from './activities'
import { loadDataset, loadTable } from './load'
import { progress } from './log'
import { measureOutbox } from './outbox'
import { measureScheduler } from './scheduler'
import { measureSetup } from './setup'
import { measureImport } from './import'
import { measureWishes } from './wishes'
import { h5JsTable, measureH5Js, packageSizes, sizeTables } from './sizes'
import { renderTable, type Table } from './table'
import { benchClock } from './clock'

const ROOT = path.resolve(__dirname, '..')
const BATCH = 1000
const IN_FLIGHT = 2

function numberArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return dflt
  const n = Number(process.argv[i + 1])
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer`)
  return n
}

const only = (() => {
  const i = process.argv.indexOf('--only')
  const list =
    i >= 0 ? process.argv[i + 1] : 'sizes,cold,latency,growth,scheduler,outbox,wishes,activities,setup,import'
  if (!list) throw new Error('--only needs a list, e.g. --only sizes,cold')
  return new Set(list.split(','))
})()

const opts = {
  samples: numberArg('samples', 300),
  warmup: numberArg('warmup', 20),
  requests: numberArg('requests', 100_000),
  buildings: numberArg('buildings', 1000),
  residentsPerBuilding: numberArg('residents', 20),
  cold: numberArg('cold', 10),
  messages: numberArg('messages', 5000),
  outboxSamples: numberArg('outbox-samples', 200),
  wishes: numberArg('wishes', 50_000),
  rounds: numberArg('rounds', 3),
  burst: numberArg('burst', 1000),
  seats: numberArg('seats', 30),
  sessions: numberArg('sessions', 2000),
  tabSamples: numberArg('tab-samples', 50),
  roundTrip: numberArg('round-trip', 10),
  hotWrites: numberArg('hot-writes', 5000),
  due: numberArg('due', 1000),
  communityRequests: numberArg('community-requests', 100_000),
}

/** --growth 10000,100000: the two history sizes (90 days) whose ratio the growth table shows. */
const growthSizes = (() => {
  const i = process.argv.indexOf('--growth')
  const sizes = (i >= 0 ? (process.argv[i + 1] ?? '') : '10000,100000').split(',').map(Number)
  if (sizes.length !== 2 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--growth needs two sizes, e.g. --growth 10000,100000')
  return sizes
})()

/** The sizes at 90 days, then the realistic community (issue 21): 10 grids × 6 micro-grids, three years. */
function growthScenarios(): GrowthScenario[] {
  const ninetyDays = (requests: number): GrowthScenario => ({
    label: requests % 1000 === 0 ? `${requests / 1000}k` : int(requests),
    dataset: {
      buildings: opts.buildings,
      residentsPerBuilding: opts.residentsPerBuilding,
      requests,
      days: 90,
    },
  })
  return [
    ...growthSizes.map(ninetyDays),
    {
      label: 'community',
      dataset: {
        layout: { grids: 10, micro: 6 },
        buildings: 600,
        residentsPerBuilding: 0,
        residents: 20_000,
        requests: opts.communityRequests,
        days: 3 * 365,
        wishes: opts.wishes,
      },
    },
  ]
}

/** Residents spread over all buildings, two disjoint pools: one create each, never near the open limit. */
function residentPools(residents: UserDoc[], need: number): { host: UserDoc[]; floor: UserDoc[] } {
  const step = Math.floor(residents.length / (2 * need))
  if (step < 1) throw new Error(`need ${2 * need} residents, the dataset has ${residents.length}`)
  return {
    host: Array.from({ length: need }, (_, k) => residents[2 * k * step]),
    floor: Array.from({ length: need }, (_, k) => residents[(2 * k + 1) * step]),
  }
}

function datasetTable(data: Dataset, generateMs: number): Table {
  const total = data.requests.length
  return {
    title: `dataset: ${int(data.buildings.length)} buildings over the demo micro-grids, ${int(data.residents.length)} residents, ${int(total)} requests over 90 days`,
    head: ['request status', 'docs', 'share'],
    rows: Object.entries(data.statusCounts).map(([s, n]) => [s, int(n), percent(n, total)]),
    notes: [`generated in ${int(generateMs)} ms`],
  }
}

async function latencySection(tables: Table[]): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nxwg-bench-host-'))
  progress('latency: starting the local host')
  const host = await startHost({ port: 0, dataDir, quiet: true, at: benchClock() })
  try {
    const db = connectApp(host.tcbUrl).database()
    const t0 = performance.now()
    let data: Dataset | null = makeDataset({
      buildings: opts.buildings,
      residentsPerBuilding: opts.residentsPerBuilding,
      requests: opts.requests,
      days: 90,
      now: benchClock(),
    })
    const generateMs = performance.now() - t0
    progress(`dataset generated in ${int(generateMs)} ms; loading through the SDK`)
    const loaded = await loadDataset(db, data, BATCH, IN_FLIGHT)
    tables.push(datasetTable(data, generateMs), loadTable(loaded, BATCH, IN_FLIGHT, dirBytes(dataDir)))

    const need = opts.warmup + opts.samples
    const pools = residentPools(data.residents, need)
    const inboxes = [
      { label: 'member demo-member-1-1', openid: 'demo-member-1-1' },
      { label: 'leader demo-leader-1', openid: 'demo-leader-1' },
      { label: 'admin demo-admin', openid: 'demo-admin' },
    ]
    progress('floor: recording one request.create and each inbox through the host')
    const floors = await recordFloors(host.url, pools.host[0], inboxes)
    progress('explain: replaying the calls on an in-memory copy')
    const plans = await explainPlans(ROOT, data, [
      { label: 'router caller lookup', run: (xdb) => callerLookup(xdb, 'demo-member-1-1') },
      { label: 'request.create', run: (xdb) => createFloor(xdb, floors, pools.floor[0], 'bench-explain-1') },
      ...inboxes.map((w) => ({
        label: `inbox ${w.openid}`,
        run: (xdb: typeof db) => replayCalls(xdb, floors.inboxes.get(w.openid) ?? { waves: [], calls: 0 }),
      })),
    ])
    tables.push(explainTable(plans))
    // From here on only the pools are needed; the documents may go before the timed part.
    data = null

    const cases = await measureLatency({
      hostUrl: host.url,
      db,
      samples: opts.samples,
      warmup: opts.warmup,
      hostResidents: pools.host,
      floorResidents: pools.floor,
      inboxes,
      floors,
    })
    tables.push(latencyTable(cases, { samples: opts.samples, warmup: opts.warmup, docs: opts.requests }))
  } finally {
    progress('latency: closing the host (compacts the data dir)')
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function machineTable(totalMs: number): Table {
  const cpus = os.cpus()
  return {
    title: 'machine',
    head: ['property', 'value'],
    align: ['left', 'left'],
    rows: [
      ['cpu', cpus[0]?.model ?? '?'],
      ['cores', String(cpus.length)],
      ['memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
      ['node', process.version],
      ['os', `${os.platform()} ${os.release()} ${os.arch()}`],
      ['bench wall time', `${(totalMs / 1000).toFixed(0)} s`],
    ],
  }
}

async function main(): Promise<void> {
  const t0 = performance.now()
  const tables: Table[] = []
  if (only.has('sizes')) {
    progress('sizes: NODE_ENV=production taro build --type weapp')
    tables.push(...sizeTables(await packageSizes(ROOT)))
    progress('sizes: the H5 build (built again only if src/ or config/ changed since)')
    ensureH5Build()
    tables.push(h5JsTable(measureH5Js(path.join(ROOT, 'dist/h5/js'))))
  }
  if (only.has('cold') || only.has('latency') || only.has('growth') || only.has('activities')) {
    progress('building the cloud functions (esbuild)')
    await buildFunctions()
  }
  if (only.has('cold')) {
    progress(`cold start: ${opts.cold} fresh node processes`)
    const bundleBytes = statSync(path.join(ROOT, 'dist/cloudfunctions/api/index.js')).size
    tables.push(coldStartTable(await measureColdStart({ root: ROOT, runs: opts.cold, bundleBytes })))
  }
  if (only.has('latency')) await latencySection(tables)
  if (only.has('growth'))
    tables.push(
      ...(await measureGrowth(ROOT, growthScenarios(), {
        tabSamples: opts.tabSamples,
        due: opts.due,
        batch: BATCH,
        inFlight: IN_FLIGHT,
      })),
    )
  if (only.has('scheduler')) tables.push(await measureScheduler(ROOT, opts.requests, 0.01))
  if (only.has('outbox')) tables.push(await measureOutbox(ROOT, opts.messages, opts.outboxSamples))
  if (only.has('wishes')) tables.push(await measureWishes(ROOT, opts.wishes, opts.samples))
  if (only.has('activities'))
    tables.push(
      ...(await measureActivities(ROOT, {
        rounds: opts.rounds,
        burst: opts.burst,
        seats: opts.seats,
        sessions: opts.sessions,
        samples: opts.tabSamples,
        roundTripMs: opts.roundTrip,
        hotWrites: opts.hotWrites,
      })),
    )
  if (only.has('setup')) tables.push(await measureSetup(ROOT))
  if (only.has('import')) tables.push(await measureImport(ROOT, opts.roundTrip))
  tables.push(machineTable(performance.now() - t0))
  progress('done')
  process.stdout.write(`\n${tables.map(renderTable).join('\n\n')}\n`)
}

main().then(
  // Keep-alive sockets and SDK timers would hold the process open after the last table.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
