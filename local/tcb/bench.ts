/**
 * Benchmarks for the local environment (prints tables; no assertions):
 *
 *   npx tsx local/tcb/bench.ts [--docs 100000] [--writes 400] [--reps 3] [--only queries,writes,startup]
 *
 * 1. Query time at N documents, with the declared indexes and with full scans, both in-process
 *    (engine only) and end to end through the SDK over HTTP.
 * 2. Write acknowledgement latency: fsync on vs off, one writer vs many
 *    (group commit).
 * 3. At N documents: bulk insert, start-up after kill -9 (a copy of the data dir taken with
 *    everything acknowledged and nothing closed), close, start-up after close.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parseDeclaration } from '../../config/database'
import { countMatches } from './query'
import * as ops from './operations'
import { connectSdk } from './sdk'
import { type LocalTcb, startLocalTcb } from './server'
import { Store } from './store'
import { wallClock } from '../../src/clock'

const args = process.argv.slice(2)
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : dflt
}
const N = arg('docs', 100_000)
const WRITES = arg('writes', 400)
const listArg = (name: string, dflt: string[]) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1].split(',') : dflt
}
const REPS = arg('reps', 3)
const ONLY = listArg('only', ['queries', 'writes', 'startup'])

const CONFIG = {
  database: {
    collections: [
      {
        name: 'requests',
        indexes: [
          {
            name: 'gridId_status_createdAt',
            keys: [
              { name: 'gridId', direction: '1' },
              { name: 'status', direction: '1' },
              { name: 'createdAt', direction: '-1' },
            ],
          },
          {
            name: 'residentOpenid_status',
            keys: [
              { name: 'residentOpenid', direction: '1' },
              { name: 'status', direction: '1' },
            ],
          },
        ],
      },
      { name: 'items', indexes: [] },
    ],
  },
}

const STATUSES = ['open', 'taken', 'inProgress', 'done', 'closed']

function makeDocs(n: number): Record<string, unknown>[] {
  let seed = 42
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const t0 = Date.UTC(2026, 0, 1)
  return Array.from({ length: n }, (_, i) => ({
    _id: `req${String(i).padStart(7, '0')}`,
    gridId: `g${Math.floor(rnd() * 50)}`,
    status: STATUSES[Math.floor(rnd() * STATUSES.length)],
    residentOpenid: `r${Math.floor(rnd() * 5000)}`,
    category: ['repair', 'elder', 'health', 'other'][Math.floor(rnd() * 4)],
    title: `求助 #${i}`,
    createdAt: new Date(t0 + Math.floor(rnd() * 180 * 86_400_000)),
  }))
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(fn: () => void, reps: number): number {
  fn()
  const xs: number[] = []
  for (let i = 0; i < reps; i++) {
    const t = performance.now()
    fn()
    xs.push(performance.now() - t)
  }
  return median(xs)
}

async function timeAsync(fn: () => Promise<unknown>, reps: number): Promise<number> {
  await fn()
  const xs: number[] = []
  for (let i = 0; i < reps; i++) {
    const t = performance.now()
    await fn()
    xs.push(performance.now() - t)
  }
  return median(xs)
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2)).padStart(9) + ' ms'

async function queries(): Promise<void> {
  const docs = makeDocs(N)
  const declaration = parseDeclaration(CONFIG, 'bench')
  console.log(`\n## Queries at ${N.toLocaleString('en')} documents (median)\n`)
  console.log('| query | engine, indexed | engine, full scan | SDK+HTTP, indexed | SDK+HTTP, full scan |')
  console.log('|---|---:|---:|---:|---:|')
  const findQ = { gridId: 'g7', status: 'open' }
  const countQ = { residentOpenid: 'r123', status: { $in: ['open', 'taken', 'inProgress'] } }
  const results: Record<string, number[]> = { find: [], count: [], scan: [] }
  for (const useIndexes of [true, false]) {
    const store = new Store(declaration, { useIndexes })
    for (let i = 0; i < docs.length; i += 5000) ops.insert(store, 'requests', docs.slice(i, i + 5000))
    results.find.push(
      time(() => ops.find(store, 'requests', findQ, { sort: { createdAt: -1 }, limit: 20 }), 30),
    )
    results.count.push(time(() => countMatches(store.read('requests'), countQ), 30))
    results.scan.push(
      time(() => countMatches(store.read('requests'), { category: 'elder', status: 'open' }), 10),
    )
  }
  const configDir = mkdtempSync(join(tmpdir(), 'localtcb-bench-'))
  const configPath = join(configDir, 'cloudbaserc.json')
  writeFileSync(configPath, JSON.stringify(CONFIG))
  for (const useIndexes of [true, false]) {
    const server = await startLocalTcb({ inMemory: true, indexConfigPath: configPath, useIndexes })
    for (let i = 0; i < docs.length; i += 5000) ops.insert(server.store, 'requests', docs.slice(i, i + 5000))
    const db = connectSdk(server.url).database()
    const _ = db.command
    results.find.push(
      await timeAsync(
        () => db.collection('requests').where(findQ).orderBy('createdAt', 'desc').limit(20).get(),
        30,
      ),
    )
    results.count.push(
      await timeAsync(
        () =>
          db
            .collection('requests')
            .where({ residentOpenid: 'r123', status: _.in(['open', 'taken', 'inProgress']) })
            .count(),
        30,
      ),
    )
    results.scan.push(
      await timeAsync(
        () => db.collection('requests').where({ category: 'elder', status: 'open' }).count(),
        10,
      ),
    )
    await server.close()
  }
  rmSync(configDir, { recursive: true, force: true })
  const row = (label: string, r: number[]) => console.log(`| ${label} | ${r.map(fmt).join(' | ')} |`)
  row('find {gridId, status} orderBy createdAt desc limit 20', results.find)
  row('count {residentOpenid, status in [3]}', results.count)
  row('count {category, status} (no usable index: scan either way)', results.scan)
  orderedPages(docs)
}

/**
 * A page of 20 from a big block (every 'done' request, a fifth of all), first page and a keyset
 * page (`createdAt < x`, half-way down): the same engine with an index that covers the sort
 * (status, createdAt: walked in order, stops at 20) and one that only narrows (status: every
 * match sorted in memory), side by side.
 */
function orderedPages(docs: Record<string, unknown>[]): void {
  const index = (name: string, fields: Array<[string, string]>) =>
    parseDeclaration(
      {
        database: {
          collections: [
            {
              name: 'requests',
              indexes: [{ name, keys: fields.map(([n, d]) => ({ name: n, direction: d })) }],
            },
          ],
        },
      },
      'bench',
    )
  const variants = [
    index('status_createdAt', [
      ['status', '1'],
      ['createdAt', '-1'],
    ]),
    index('status', [['status', '1']]),
  ]
  const done = docs.filter((d) => d.status === 'done').map((d) => (d.createdAt as Date).getTime())
  const half = new Date(done.sort((a, b) => a - b)[Math.floor(done.length / 2)])
  const rows: Record<string, string[]> = { first: [], keyset: [] }
  for (const declaration of variants) {
    const store = new Store(declaration)
    for (let i = 0; i < docs.length; i += 5000) ops.insert(store, 'requests', docs.slice(i, i + 5000))
    const page = (q: object) => () =>
      ops.find(store, 'requests', q as never, { sort: { createdAt: -1 }, limit: 20 })
    const first = ops.find(store, 'requests', { status: 'done' }, { sort: { createdAt: -1 }, limit: 20 }).plan
    rows.first.push(
      `${fmt(time(page({ status: 'done' }), 30))} (${first.sort}, ${first.sort === 'index' ? first.walked : first.sorted})`,
    )
    rows.keyset.push(fmt(time(page({ status: 'done', createdAt: { $lt: half } }), 30)))
  }
  console.log(
    `\n## Ordered pages at ${N.toLocaleString('en')} documents (engine, median; ${done.length.toLocaleString('en')} match)\n`,
  )
  console.log(
    '| page of 20, createdAt desc | index (status, createdAt): walked | index (status): sorted in memory |',
  )
  console.log('|---|---:|---:|')
  console.log(
    `| {status: done}, first page (sort, entries walked / docs sorted) | ${rows.first.join(' | ')} |`,
  )
  console.log(`| {status: done, createdAt < median}, keyset page | ${rows.keyset.join(' | ')} |`)
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]
}

interface WriteRun {
  lat: number[]
  wallMs: number
  flushes: number
  records: number
  syncMs: number
}

async function writeRun(fsync: boolean, concurrency: number): Promise<WriteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'localtcb-bench-'))
  const server = await startLocalTcb({
    dataDir: dir,
    fsync,
    indexConfigPath: '',
    implicitCollections: true,
  })
  const db = connectSdk(server.url).database()
  // Warm up with as many requests in flight as the run has, so its sockets are open already.
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: concurrency }, (_, i) => db.collection('items').add({ warm: i })))
  }
  const before = { ...server.persistence!.stats }
  const lat: number[] = []
  let next = 0
  const t = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < WRITES) {
        const i = next++
        const t1 = performance.now()
        await db.collection('items').add({ i, payload: 'x'.repeat(200), at: wallClock() })
        lat.push(performance.now() - t1)
      }
    }),
  )
  const wallMs = performance.now() - t
  const s = server.persistence!.stats
  await server.close()
  rmSync(dir, { recursive: true, force: true })
  return {
    lat,
    wallMs,
    flushes: s.flushes - before.flushes,
    records: s.records - before.records,
    syncMs: s.syncMs - before.syncMs,
  }
}

async function writes(): Promise<void> {
  console.log(
    `\n## Acknowledged write latency (${WRITES} inserts via the SDK × ${REPS} runs per row; ` +
      `data dir in ${tmpdir()})\n`,
  )
  console.log(
    '| fsync | concurrency | p50 | p99 | max | writes/s | flushes | records/flush | time in SQLite commits |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const fsync of [true, false]) {
    for (const concurrency of [1, 8, 32]) {
      const rs: WriteRun[] = []
      for (let rep = 0; rep < REPS; rep++) rs.push(await writeRun(fsync, concurrency))
      const lat = rs.flatMap((r) => r.lat)
      const sum = (f: (r: WriteRun) => number) => rs.reduce((n, r) => n + f(r), 0)
      const flushes = sum((r) => r.flushes)
      console.log(
        `| ${fsync ? 'on' : 'off'} | ${concurrency} | ${fmt(percentile(lat, 50))} | ` +
          `${fmt(percentile(lat, 99))} | ${fmt(Math.max(...lat))} | ` +
          `${Math.round((lat.length / sum((r) => r.wallMs)) * 1000)} | ${Math.round(flushes / REPS)} | ` +
          `${(sum((r) => r.records) / flushes).toFixed(1)} | ${fmt(sum((r) => r.syncMs) / REPS)} |`,
      )
    }
  }
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

/**
 * Between phases, so one phase's garbage is not collected during the next one's timing, and around
 * the memory figures. Exposed here when node was not started with --expose-gc.
 */
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

interface Memory {
  rss: number
  heapUsed: number
  external: number
}

function memory(): Memory {
  gc()
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers }
}

interface StartupRun {
  loadMs: number
  crashedBytes: number
  closeMs: number
  closedBytes: number
  crashStartMs: number
  startMs: number
  /** CPU time of the start after close, all threads. */
  startCpuMs: number
  /** What the server started after kill -9 holds (after a GC), over what the process held before. */
  held: Memory
}

async function startupRun(docs: Record<string, unknown>[], indexConfigPath: string): Promise<StartupRun> {
  const dir = mkdtempSync(join(tmpdir(), 'localtcb-bench-'))
  const crashed = mkdtempSync(join(tmpdir(), 'localtcb-bench-'))
  let first: LocalTcb | null = await startLocalTcb({ indexConfigPath, dataDir: dir })
  const t = performance.now()
  for (let i = 0; i < N; i += 5000) {
    const r = ops.insert(first.store, 'requests', docs.slice(i, i + 5000))
    await first.persistence!.waitDurable(r.seq)
  }
  const loadMs = performance.now() - t
  // The files as kill -9 would leave them: everything acknowledged, nothing closed or compacted.
  for (const f of readdirSync(dir)) if (f !== 'LOCK') cpSync(join(dir, f), join(crashed, f))
  const crashedBytes = dirBytes(crashed)
  const tc = performance.now()
  await first.close()
  const closeMs = performance.now() - tc
  first = null
  const closedBytes = dirBytes(dir)
  const starts: number[] = []
  let startCpuMs = 0
  let held: Memory = { rss: 0, heapUsed: 0, external: 0 }
  for (const d of [crashed, dir]) {
    const before = memory()
    const cpu = process.cpuUsage()
    const ts = performance.now()
    // log: the copy "after kill -9" is recovered, which would be reported amid the table.
    const server = await startLocalTcb({ indexConfigPath, dataDir: d, log: () => undefined })
    starts.push(performance.now() - ts)
    const used = process.cpuUsage(cpu)
    startCpuMs = (used.user + used.system) / 1000
    if (server.loadReport!.docs !== N) throw new Error(`loaded ${server.loadReport!.docs} of ${N}`)
    const after = memory()
    // The first start's figures: a closed server's heap is not all given back at once, which
    // would hide the second start's.
    if (d === crashed)
      held = {
        rss: after.rss - before.rss,
        heapUsed: after.heapUsed - before.heapUsed,
        external: after.external - before.external,
      }
    await server.close()
  }
  rmSync(dir, { recursive: true, force: true })
  rmSync(crashed, { recursive: true, force: true })
  gc()
  return {
    loadMs,
    crashedBytes,
    closeMs,
    closedBytes,
    crashStartMs: starts[0],
    startMs: starts[1],
    startCpuMs,
    held,
  }
}

async function startup(): Promise<void> {
  const docs = makeDocs(N)
  const configDir = mkdtempSync(join(tmpdir(), 'localtcb-bench-'))
  const configPath = join(configDir, 'cloudbaserc.json')
  writeFileSync(configPath, JSON.stringify(CONFIG))
  console.log(
    `\n## Persistence at ${N.toLocaleString('en')} documents (fsync on; start-up includes rebuilding ` +
      `the 2 declared indexes; median of ${REPS} runs)\n`,
  )
  console.log(
    '| bulk insert (5,000 per commit) | on disk before close | close | on disk after close | ' +
      'start after kill -9 | start after close | (its CPU time, all threads) | ' +
      'held after the first start: RSS | heapUsed | external | heap per document |',
  )
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  const rs: StartupRun[] = []
  for (let rep = 0; rep < REPS; rep++) rs.push(await startupRun(docs, configPath))
  rmSync(configDir, { recursive: true, force: true })
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`
  const m = (f: (r: StartupRun) => number) => median(rs.map(f))
  const ms = (f: (r: StartupRun) => number) => `${m(f).toFixed(0)} ms`
  console.log(
    `| ${ms((r) => r.loadMs)} | ${mb(m((r) => r.crashedBytes))} | ${ms((r) => r.closeMs)} | ` +
      `${mb(m((r) => r.closedBytes))} | ${ms((r) => r.crashStartMs)} | ${ms((r) => r.startMs)} | ` +
      `${ms((r) => r.startCpuMs)} | ${mb(m((r) => r.held.rss))} | ${mb(m((r) => r.held.heapUsed))} | ` +
      `${mb(m((r) => r.held.external))} | ${Math.round(m((r) => r.held.heapUsed) / N)} B |`,
  )
}

async function main(): Promise<void> {
  process.env.SILENCE = 'true'
  if (ONLY.includes('queries')) await queries()
  if (ONLY.includes('writes')) await writes()
  if (ONLY.includes('startup')) await startup()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
