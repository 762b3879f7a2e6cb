/**
 * The growth table (issue 21): what the board, the inbox tabs, the overdue list and the
 * scheduler cost as a community's history grows — the same calls at 10,000 and 100,000 requests
 * over 90 days, and in a realistic community (10 grids, 600 buildings, 20,000 residents, 100,000
 * requests over three years, 50,000 wishes), each in a host of its own (HTTP → api → local TCB),
 * with the growth from the first size to the second beside the goal. Figures only.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { connectApp, collection } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { FULL_ROLLS_PER_RUN, ROLL_MONTHS, runRollups } from '../cloudfunctions/core/metrics/rollup'
import { wxApi } from '../cloudfunctions/core/wx'
import { demoGrids } from '../local/demo'
import { startHost } from '../local/host'
import { local } from '../src/domain/time'
import { benchClock } from './clock'
import { dueRequests, makeDataset, type DatasetOptions } from './dataset'
import { int, ms, ratio } from './format'
import { ok } from './http'
import { loadDataset } from './load'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'

export interface GrowthScenario {
  /** Column head: 10k, 100k, community. */
  label: string
  dataset: Omit<DatasetOptions, 'now'>
}

export interface GrowthOptions {
  /** Samples of the slow rows (the board, 已办结); the other calls take 4× as many. */
  tabSamples: number
  /** Open requests past their accept clock for the scheduler's first run. */
  due: number
  batch: number
  inFlight: number
}

interface Measured {
  /** Row key → figures (ms). */
  p50: Map<string, number>
  p99: Map<string, number>
  notes: string[]
  summary: string[]
}

/** The rows, in the issue's order; `slow` ones take tabSamples. */
const CALLS: ReadonlyArray<{
  key: string
  openid: string
  action: string
  input: (months: { now: string; last: string }) => object
  slow: boolean
}> = [
  {
    key: 'board',
    openid: 'demo-admin',
    action: 'metrics.month',
    input: ({ now }) => ({ month: now }),
    slow: true,
  },
  {
    key: 'board-last',
    openid: 'demo-admin',
    action: 'metrics.month',
    input: ({ last }) => ({ month: last }),
    slow: true,
  },
  { key: 'done', openid: 'demo-admin', action: 'request.inbox', input: () => ({ tab: 'done' }), slow: true },
  {
    key: 'assigned-admin',
    openid: 'demo-admin',
    action: 'request.inbox',
    input: () => ({ tab: 'assigned' }),
    slow: false,
  },
  {
    key: 'assigned-leader',
    openid: 'demo-leader-1',
    action: 'request.inbox',
    input: () => ({ tab: 'assigned' }),
    slow: false,
  },
  { key: 'overdue', openid: 'demo-admin', action: 'request.overdue', input: () => ({}), slow: false },
]

async function sampled(n: number, call: () => Promise<unknown>): Promise<number[]> {
  await call() // warm-up: the JIT, the engine's indexes, the SDK's sockets
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await call()
    out.push(performance.now() - t)
  }
  return out
}

async function measureScenario(root: string, s: GrowthScenario, opts: GrowthOptions): Promise<Measured> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `nxwg-bench-growth-${s.label}-`))
  progress(`growth ${s.label}: starting a host`)
  // The bundled functions connect to LOCAL_TCB_URL when loaded: a second host in this process
  // must load them anew (as a cold function would), or they call the first host's database.
  const cache = createRequire(__filename).cache
  const bundles = path.join(root, 'dist/cloudfunctions')
  for (const file of Object.keys(cache)) if (file.startsWith(bundles)) delete cache[file]
  const host = await startHost({ port: 0, dataDir, quiet: true, at: benchClock() })
  try {
    const app = connectApp(host.tcbUrl)
    const db = app.database()
    const t0 = performance.now()
    const data = makeDataset({ ...s.dataset, now: benchClock() })
    progress(
      `growth ${s.label}: ${int(data.requests.length)} requests, ${int(data.wishes.length)} wishes; loading`,
    )
    const rows = await loadDataset(db, data, opts.batch, opts.inFlight)
    const loadMs = performance.now() - t0
    const docs = rows.reduce((n, r) => n + r.docs, 0)
    const p50 = new Map<string, number>()
    const p99 = new Map<string, number>()
    const notes: string[] = []
    const months = {
      now: local(benchClock()).format('YYYY-MM'),
      last: local(benchClock()).subtract(1, 'month').format('YYYY-MM'),
    }
    // The board reads the scheduler's rollups (metrics/rollup.ts), as in a community that has run a
    // while: roll until none is pending (FULL_ROLLS_PER_RUN months per run), each run timed.
    const rollMs: number[] = []
    for (let i = 0; i <= ROLL_MONTHS; i++) {
      const t = performance.now()
      const r = await runRollups(db, benchClock())
      rollMs.push(performance.now() - t)
      if (r.pending === 0) break
    }
    p50.set('rollup-run', Math.max(...rollMs))
    notes.push(
      `${s.label}: ${rollMs.length} rollup runs to roll ${ROLL_MONTHS} months (${FULL_ROLLS_PER_RUN} per run): ${rollMs.map(ms).join(', ')} ms`,
    )
    for (const c of CALLS) {
      const n = c.slow ? opts.tabSamples : 4 * opts.tabSamples
      progress(`growth ${s.label}: ${c.action} ${c.key} × ${n}`)
      let last: unknown = null
      const times = await sampled(n, async () => {
        last = (await ok(host.url, c.openid, c.action, c.input(months))).data
      })
      const st = summarize(times)
      p50.set(c.key, st.p50)
      p99.set(c.key, st.p99)
      if (c.action === 'request.inbox') {
        const counts = (last as { counts?: Record<string, number> } | null)?.counts ?? {}
        if (c.key === 'assigned-admin')
          notes.push(
            `${s.label}: admin inbox counts ${Object.entries(counts)
              .map(([k, v]) => `${k} ${int(v)}`)
              .join(', ')}`,
          )
      }
    }

    progress(`growth ${s.label}: scheduler, ${int(opts.due)} due`)
    await collection(db, 'requests').add(dueRequests(data, opts.due, benchClock()))
    const at = benchClock()
    const deps = { db, wx: wxApi(app), files: cloudFiles(app), now: () => at }
    let t = performance.now()
    const first = await runScheduler(deps)
    const firstMs = performance.now() - t
    t = performance.now()
    const idle = await runScheduler(deps)
    const idleMs = performance.now() - t
    p50.set('sched-first', firstMs)
    p50.set('sched-item', firstMs / Math.max(1, first.acceptTimeouts))
    p50.set('sched-idle', idleMs)
    notes.push(
      `${s.label}: scheduler first run escalated ${int(first.acceptTimeouts)}, made ${int(first.messagesCreated)} messages, sent ${int(first.delivery.sent)}; idle run escalated ${int(idle.acceptTimeouts)}`,
    )
    const counts = Object.entries(data.statusCounts)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(', ')
    return {
      p50,
      p99,
      notes,
      summary: [
        s.label,
        int(data.grids.length + demoGrids().length),
        int(data.buildings.length),
        int(data.residents.length),
        int(data.requests.length),
        `${data.days} d`,
        int(data.wishes.length),
        int(docs),
        `${(loadMs / 1000).toFixed(1)} s`,
        `${counts}; ${int(data.settled)} settled`,
      ],
    }
  } finally {
    progress(`growth ${s.label}: closing the host`)
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The rows of the table: label, which figure, the goal. */
const ROWS: ReadonlyArray<{ label: string; key: string; p99?: boolean; goal: string }> = [
  { label: '`metrics.month` (网格绩效 board), admin, p50', key: 'board', goal: '≤ 1.3× growth' },
  { label: '`metrics.month`, admin, p99', key: 'board', p99: true, goal: '< 1 s at 100k' },
  { label: '`metrics.month`, last month, admin, p50', key: 'board-last', goal: '≤ 1.3× growth' },
  {
    label: 'rollup, longest scheduler run rolling the months, ms',
    key: 'rollup-run',
    goal: 'bounded per run',
  },
  { label: '`request.inbox` 已办结 (done), admin, p50', key: 'done', goal: '≤ 1.3×' },
  { label: '`request.inbox` 待接单 (assigned), admin, p50', key: 'assigned-admin', goal: '≤ 1.3×' },
  { label: '`request.inbox` 待接单 (assigned), leader, p50', key: 'assigned-leader', goal: '≤ 1.3×' },
  { label: '`request.overdue`, admin, p50', key: 'overdue', goal: '≤ 1.3×' },
  {
    label: 'scheduler, first run with the due ones, ms',
    key: 'sched-first',
    goal: 'bounded per run, resumable',
  },
  { label: 'scheduler, first run, ms per due item', key: 'sched-item', goal: '≤ 1.3×' },
  { label: 'scheduler, idle run (same minute), ms', key: 'sched-idle', goal: '≤ 1.3×' },
]

export async function measureGrowth(
  root: string,
  scenarios: GrowthScenario[],
  opts: GrowthOptions,
): Promise<Table[]> {
  const measured: Measured[] = []
  for (const s of scenarios) measured.push(await measureScenario(root, s, opts))
  // Growth: the second scenario over the first (100k over 10k, both 90 days).
  const [a, b] = measured
  const growthOf = (key: string, p99?: boolean) => {
    if (!a || !b) return '—'
    const pick = (m: Measured) => (p99 ? m.p99 : m.p50).get(key) ?? Number.NaN
    return ratio(pick(b), pick(a))
  }
  const head = [
    'what',
    ...scenarios.slice(0, 2).map((s) => s.label),
    'growth',
    ...scenarios.slice(2).map((s) => s.label),
    'goal',
  ]
  return [
    {
      title: 'growth datasets: each in a host of its own (demo community + generated history, nothing due)',
      head: [
        'scenario',
        'grids',
        'buildings',
        'residents',
        'requests',
        'span',
        'wishes',
        'docs loaded',
        'load',
        'request statuses',
      ],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      rows: measured.map((m) => m.summary),
    },
    {
      title: `growth table: the same calls as the history grows (host = HTTP → api → local TCB; ms)`,
      head,
      align: head.map((_, i) => (i === 0 || i === head.length - 1 ? 'left' : 'right')),
      rows: ROWS.map((r) => {
        const cell = (m: Measured) => ms((r.p99 ? m.p99 : m.p50).get(r.key) ?? Number.NaN)
        return [
          r.label,
          ...measured.slice(0, 2).map(cell),
          growthOf(r.key, r.p99),
          ...measured.slice(2).map(cell),
          r.goal,
        ]
      }),
      notes: [
        `${opts.tabSamples} samples of the board and 已办结, ${4 * opts.tabSamples} of the others, after one warm-up call; metrics.month asks for ${local(benchClock()).format('YYYY-MM')} and the month before, after the rollups`,
        `growth = ${scenarios[1]?.label ?? '?'} over ${scenarios[0]?.label ?? '?'}; the scheduler runs in this process against the host's database with ${int(opts.due)} requests a minute past their accept clock added`,
        ...measured.flatMap((m) => m.notes),
      ],
    },
  ]
}
