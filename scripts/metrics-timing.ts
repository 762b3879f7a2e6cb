/**
 * A quick timing of 网格绩效 (metrics.month as the admin, through the local host: HTTP → api →
 * local database) on the bench's synthetic community, at the sizes given:
 *
 *   flock /tmp/bench.lock npx tsx scripts/metrics-timing.ts 10000 100000
 *
 * For the running month (the bench clock's, 2026-11) and a closed one (2026-10): computed from the
 * requests (no rollup yet), then from the rollups (after the scheduler's runs) plus the changes since.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connectApp, collection } from '../cloudfunctions/core/db'
import { runRollups } from '../cloudfunctions/core/metrics/rollup'
import { benchClock } from '../bench/clock'
import { makeDataset } from '../bench/dataset'
import { ok } from '../bench/http'
import { loadDataset } from '../bench/load'
import { summarize } from '../bench/stats'
import { startHost } from '../local/host'

/** Samples per case (after 2 warm-up calls): fewer for the month computed from the requests, which is slow. */
const SAMPLES = { computed: 5, rolled: 15 }

async function timeBoard(url: string, month: string, samples: number): Promise<{ p50: number; p99: number }> {
  const ms: number[] = []
  for (let i = 0; i < samples + 2; i++) {
    const t0 = performance.now()
    await ok(url, 'demo-admin', 'metrics.month', { month })
    if (i >= 2) ms.push(performance.now() - t0)
  }
  const s = summarize(ms)
  return { p50: s.p50, p99: s.p99 }
}

async function one(requests: number): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nxwg-metrics-'))
  const host = await startHost({ port: 0, dataDir, quiet: true, at: benchClock() })
  try {
    const db = connectApp(host.tcbUrl).database()
    const data = makeDataset({
      buildings: 1000,
      residentsPerBuilding: 20,
      requests,
      days: 90,
      now: benchClock(),
    })
    await loadDataset(db, data, 1000, 2)
    const rows: string[] = []
    const fmt = (label: string, t: { p50: number; p99: number }) =>
      `${requests}\t${label}\tp50 ${t.p50.toFixed(1)} ms\tp99 ${t.p99.toFixed(1)} ms`
    await collection(db, 'metricsMonthly')
      .where({ month: db.command.exists(true) })
      .remove()
    rows.push(fmt('2026-11 (running), computed', await timeBoard(host.url, '2026-11', SAMPLES.computed)))
    rows.push(fmt('2026-10 (closed), computed', await timeBoard(host.url, '2026-10', SAMPLES.computed)))
    const t0 = performance.now()
    let runs = 0
    for (;;) {
      runs++
      if ((await runRollups(db, benchClock())).pending === 0) break
    }
    rows.push(`${requests}\tscheduler rollups: ${runs} runs, ${(performance.now() - t0).toFixed(0)} ms`)
    rows.push(
      fmt('2026-11 (running), rollup + changes', await timeBoard(host.url, '2026-11', SAMPLES.rolled)),
    )
    rows.push(fmt('2026-10 (closed), rollup + changes', await timeBoard(host.url, '2026-10', SAMPLES.rolled)))
    const t1 = performance.now()
    await runRollups(db, benchClock())
    rows.push(`${requests}\tscheduler rollups, a run after: ${(performance.now() - t1).toFixed(0)} ms`)
    return rows
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  const sizes = process.argv.slice(2).map(Number)
  const out: string[] = []
  for (const n of sizes.length ? sizes : [10_000]) out.push(...(await one(n)))
  console.log(out.join('\n'))
  process.exit(0)
}

void main()
