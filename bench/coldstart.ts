/**
 * Cold start of the bundled `api` function: a fresh `node` process per run (no tsx, no warm
 * module cache), exactly the bundle CloudBase would load, against one local CloudBase (database,
 * storage and WeChat stand-in: seeding checks content) that stays up across runs. Printed beside
 * the floor, `require('@cloudbase/node-sdk')` alone in its own fresh processes:
 * - require(bundle), and its ratio to the SDK's (the goal: ≤ 1.15×, issue 21);
 * - the first answer of hot actions (a resident's request.create, a grid member's request.inbox)
 *   and of heavy ones (setup.export: exceljs; grid.posters: pdf-lib, fontkit, the fonts), each in
 *   its own fresh process, with which heavy libraries each had loaded by then (require.cache);
 * - per feature slice (cloudfunctions/core/slices.ts), what its first call adds: a call with an
 *   input no schema accepts, which imports the slice (its contract part and use cases) and is
 *   refused before any database call; per heavy library, its require() after the SDK's.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { connectApp } from '../cloudfunctions/core/db'
import { HEAVY_LIBRARIES } from '../cloudfunctions/core/libraries'
import { SLICES, sliceIndex } from '../cloudfunctions/core/slices'
import { platformContext } from '../local/platform'
import { seedDemo } from '../local/seed'
import { inLocalCloud } from './cloud'
import { ms, ratio } from './format'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'
import { benchClock } from './clock'

export interface Call {
  action: string
  input: unknown
  openid: string
}

/** What a child reports: one JSON line, written as soon as its last answer is in. */
export interface ChildLine {
  requireMs: number
  /** Per call: ms until its answer, its code, the heavy libraries in require.cache after it. */
  calls: { ms: number; ok: boolean; code: string | null; heavy: string[] }[]
  /** Process start (performance.timeOrigin) until the last answer. */
  processMs: number
}

/**
 * A child that requires `bundle` (or, with no calls, only the SDK) and makes `calls` one after
 * the other. A call whose `expect` is 'refused' must be answered INVALID_INPUT, any other ok.
 */
export function childScript(bundle: string | null, calls: (Call & { expect: 'ok' | 'refused' })[]): string {
  const contexts = calls.map((c) => platformContext('api', c.openid))
  return `
const heavyNames = ${JSON.stringify(HEAVY_LIBRARIES)}
const heavy = () => heavyNames.filter((name) =>
  Object.keys(require.cache).some((f) => f.includes('/node_modules/' + name + '/')))
const t0 = performance.now()
const { main } = require(${JSON.stringify(bundle ?? '@cloudbase/node-sdk')})
const requireMs = performance.now() - t0
const calls = ${JSON.stringify(calls)}
const contexts = ${JSON.stringify(contexts)}
;(async () => {
  const out = []
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]
    const s = performance.now()
    const answer = await main({ action: c.action, input: c.input }, contexts[i])
    const code = answer && answer.ok === false ? answer.error.code : null
    const fine = c.expect === 'ok' ? answer && answer.ok === true : code === 'INVALID_INPUT'
    if (!fine) throw new Error(c.action + ' answered ' + JSON.stringify(answer))
    out.push({ ms: performance.now() - s, ok: answer.ok === true, code, heavy: heavy() })
  }
  const line = JSON.stringify({ requireMs, calls: out, processMs: performance.now() })
  process.stdout.write(line + '\\n', () => process.exit(0))
})().catch((err) => { console.error(err); process.exit(2) })`
}

/** `require(lib)` after the SDK's, in a fresh process. */
function libraryScript(lib: string): string {
  return `
require('@cloudbase/node-sdk')
const t0 = performance.now()
require(${JSON.stringify(lib)})
process.stdout.write(JSON.stringify({ requireMs: performance.now() - t0, calls: [], processMs: performance.now() }) + '\\n', () => process.exit(0))`
}

/**
 * Spawns `node -e script` in `cwd` (where its require() resolves from) and resolves with its
 * first stdout line, parsed, and the wall time until that line.
 */
export function spawnLine(
  script: string,
  tcbUrl: string,
  cwd: string,
): Promise<{ line: ChildLine; spawnMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_TCB_URL: tcbUrl, TENCENTCLOUD: 'true' }
  // tsx may hand its loader to children through NODE_OPTIONS; a cold start must not carry it.
  delete env.NODE_OPTIONS
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['-e', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let answered: { line: ChildLine; spawnMs: number } | null = null
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      if (answered || !out.includes('\n')) return
      answered = { spawnMs: performance.now() - t0, line: JSON.parse(out.slice(0, out.indexOf('\n'))) }
    })
    child.stderr.on('data', (chunk: string) => (err += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (!answered) reject(new Error(`cold-start child exited with ${code} before answering:\n${err}`))
      else resolve(answered)
    })
  })
}

/** The first calls measured, each in its own fresh process; `run` numbers the request. */
const FIRST_CALLS: { label: string; heavy: boolean; call: (run: number) => Call }[] = [
  {
    label: 'request.create (resident)',
    heavy: false,
    call: (run) => ({
      action: 'request.create',
      // Four residents in turn: the runs stay well under the hourly limit of each.
      openid: `demo-resident-${(run % 4) + 1}`,
      input: {
        requestId: `bench-cold-${run}-${process.pid}`,
        category: 'environment',
        description: `冷启动测量第 ${run + 1} 次：楼道灯不亮了，晚上看不清台阶`,
        photos: [],
      },
    }),
  },
  {
    label: 'request.inbox (grid member)',
    heavy: false,
    call: () => ({ action: 'request.inbox', openid: 'demo-member-1-1', input: { tab: 'assigned' } }),
  },
  {
    label: 'setup.export (admin): exceljs',
    heavy: true,
    call: () => ({ action: 'setup.export', openid: 'demo-admin', input: {} }),
  },
  {
    label: 'grid.posters (admin): pdf-lib, fontkit, fonts',
    heavy: true,
    call: () => ({ action: 'grid.posters', openid: 'demo-admin', input: { gridId: 'g-1-1' } }),
  },
]

export interface ColdStartReport {
  sdkRequireMs: number[]
  /** Per first call (FIRST_CALLS order), one child per run. */
  first: { label: string; heavy: boolean; runs: { line: ChildLine; spawnMs: number }[] }[]
  /** Per slice: its first (refused) call after require, one child per run. */
  slices: { name: string; action: string; ms: number[] }[]
  libraries: { name: string; ms: number[] }[]
  bundleBytes: number
}

export async function measureColdStart(opts: {
  root: string
  runs: number
  bundleBytes: number
}): Promise<ColdStartReport> {
  const bundle = path.join(opts.root, 'dist/cloudfunctions/api/index.js')
  const cwd = path.dirname(bundle)
  return inLocalCloud({ root: opts.root, name: 'cold' }, async ({ tcb }) => {
    await seedDemo(connectApp(tcb.url), benchClock())
    const child = async (script: string) => spawnLine(script, tcb.url, cwd)
    // One unrecorded run first, so that every recorded run finds the files in the OS page
    // cache: the figures then describe node and the bundle, not this machine's disk.
    await child(childScript(bundle, [{ ...FIRST_CALLS[1].call(0), expect: 'ok' }]))
    const report: ColdStartReport = {
      sdkRequireMs: [],
      first: FIRST_CALLS.map(({ label, heavy }) => ({ label, heavy, runs: [] })),
      slices: [],
      libraries: [],
      bundleBytes: opts.bundleBytes,
    }
    // Interleaved, so that a busy moment of the machine falls on the SDK and the bundle alike.
    for (let i = 0; i < opts.runs; i++) {
      report.sdkRequireMs.push((await child(childScript(null, []))).line.requireMs)
      for (const [k, first] of FIRST_CALLS.entries()) {
        report.first[k].runs.push(await child(childScript(bundle, [{ ...first.call(i), expect: 'ok' }])))
      }
      progress(`cold start ${i + 1}/${opts.runs}: ${ms(report.first[0].runs[i].spawnMs)} ms spawn→answer`)
    }
    const index = await sliceIndex()
    const perSlice = Math.min(opts.runs, 3)
    for (const [i, s] of SLICES.entries()) {
      const action = Object.keys(index).find((a) => index[a] === i) ?? ''
      const refused = { action, input: 'not an object', openid: 'bench-cold', expect: 'refused' as const }
      const times: number[] = []
      for (let r = 0; r < perSlice; r++)
        times.push((await child(childScript(bundle, [refused]))).line.calls[0].ms)
      report.slices.push({ name: s.name, action, ms: times })
    }
    progress(`cold start: ${SLICES.length} slices × ${perSlice}`)
    for (const name of HEAVY_LIBRARIES.filter((l) => l !== 'qrcode')) {
      const times: number[] = []
      for (let r = 0; r < perSlice; r++) times.push((await child(libraryScript(name))).line.requireMs)
      report.libraries.push({ name, ms: times })
    }
    return report
  })
}

export function coldStartTable(r: ColdStartReport): Table {
  const stat = (label: string, xs: number[], floor?: number) => {
    const s = summarize(xs)
    return [label, ms(s.p50), ms(s.min), ms(s.max), floor === undefined ? '' : ratio(s.p50, floor)]
  }
  const sdk = summarize(r.sdkRequireMs).p50
  const hot = r.first[0].runs
  const rows = [
    stat("require('@cloudbase/node-sdk') alone (the floor)", r.sdkRequireMs, sdk),
    stat(
      'require(bundle)',
      hot.map((x) => x.line.requireMs),
      sdk,
    ),
  ]
  for (const f of r.first) {
    rows.push(
      stat(
        `first answer: ${f.label}`,
        f.runs.map((x) => x.line.calls[0].ms),
      ),
    )
    rows.push(
      stat(
        `  require + first answer`,
        f.runs.map((x) => x.line.requireMs + x.line.calls[0].ms),
        sdk,
      ),
    )
  }
  rows.push(
    stat(
      'process start → first answer (request.create)',
      hot.map((x) => x.line.processMs),
    ),
  )
  rows.push(
    stat(
      'in parent: spawn → answer line (request.create)',
      hot.map((x) => x.spawnMs),
    ),
  )
  for (const s of r.slices) rows.push(stat(`slice ${s.name}: first call (${s.action}, refused)`, s.ms))
  for (const l of r.libraries) rows.push(stat(`library ${l.name}: require after the SDK`, l.ms))
  const loaded = r.first.map((f) => {
    const heavy = [...new Set(f.runs.flatMap((x) => x.line.calls[0].heavy))]
    return `${f.label}: ${heavy.length ? heavy.join(', ') : 'no heavy library'} loaded`
  })
  return {
    title: `api cold start: fresh \`node\` per run and per first call (N=${r.sdkRequireMs.length}, ms; ratio: p50 to the SDK's require)`,
    head: ['measured', 'p50', 'min', 'max', 'to SDK'],
    rows,
    notes: [
      `bundle dist/cloudfunctions/api/index.js: ${(r.bundleBytes / 1024).toFixed(1)} KiB (the SDK, exceljs, pdf-lib and fontkit are external, loaded from node_modules)`,
      ...loaded,
      'slice rows: a fresh process per sample, an input no schema accepts (imports the slice, zod and its contract part, then refused before any database call)',
      'one unrecorded run first warms the OS file cache; the SDK and the first calls are interleaved run by run',
    ],
  }
}
