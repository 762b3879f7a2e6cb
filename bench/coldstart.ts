/**
 * Cold start of the bundled `api` function: a fresh `node` process per run (no tsx, no warm
 * module cache), exactly the bundle CloudBase would load, answering its first `me.get` against
 * one local environment that stays up across runs.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { connectApp } from '../cloudfunctions/core/db'
import { platformContext } from '../local/platform'
import { seedDemo } from '../local/seed'
import { startBenchCloud } from './cloud'
import { ms } from './format'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'
import { benchClock } from './clock'

export interface ColdRun {
  /** In the child: require() of the bundle (the SDK included). */
  requireMs: number
  /** In the child: the first main() call until its answer. */
  firstCallMs: number
  /** In the child: process start (performance.timeOrigin) until the answer. */
  processMs: number
  /** In the parent: spawn() until the answer line arrived. */
  spawnMs: number
}

/** What the child prints: one JSON line, written as soon as the first answer is in. */
function childScript(bundle: string, context: unknown): string {
  return `
const t0 = performance.now()
const { main } = require(${JSON.stringify(bundle)})
const t1 = performance.now()
main({ action: 'me.get', input: {} }, ${JSON.stringify(context)}).then(
  (answer) => {
    const t2 = performance.now()
    const line = JSON.stringify({ ok: answer && answer.ok === true, answer, requireMs: t1 - t0, firstCallMs: t2 - t1, processMs: t2 })
    process.stdout.write(line + '\\n', () => process.exit(0))
  },
  (err) => { console.error(err); process.exit(2) },
)`
}

/** The SDK alone, to tell its share of require() from the bundle's own. */
const SDK_SCRIPT = `
const t0 = performance.now()
require('@cloudbase/node-sdk')
process.stdout.write(JSON.stringify({ ok: true, requireMs: performance.now() - t0 }) + '\\n', () => process.exit(0))`

/**
 * Spawns `node -e script` in `cwd` (where its require() resolves from) and resolves with its
 * first stdout line, parsed, and the wall time until that line.
 */
function spawnLine(
  script: string,
  tcbUrl: string,
  cwd: string,
): Promise<{ line: Record<string, unknown>; spawnMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_TCB_URL: tcbUrl, TENCENTCLOUD: 'true' }
  // tsx may hand its loader to children through NODE_OPTIONS; a cold start must not carry it.
  delete env.NODE_OPTIONS
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['-e', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let answered: { line: Record<string, unknown>; spawnMs: number } | null = null
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
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
      else if (answered.line.ok !== true)
        reject(new Error(`the child did not answer ok: ${JSON.stringify(answered.line.answer)}`))
      else resolve(answered)
    })
  })
}

async function runOnce(bundle: string, tcbUrl: string): Promise<ColdRun> {
  const context = platformContext('api', 'demo-resident-1')
  const { line, spawnMs } = await spawnLine(childScript(bundle, context), tcbUrl, path.dirname(bundle))
  return {
    requireMs: line.requireMs as number,
    firstCallMs: line.firstCallMs as number,
    processMs: line.processMs as number,
    spawnMs,
  }
}

export interface ColdStartReport {
  runs: ColdRun[]
  sdkRequireMs: number[]
  bundleBytes: number
}

export async function measureColdStart(opts: {
  root: string
  runs: number
  bundleBytes: number
}): Promise<ColdStartReport> {
  const bundle = path.join(opts.root, 'dist/cloudfunctions/api/index.js')
  // Seeding goes through the api, whose content check needs the WeChat stand-in (cloud.ts).
  const cloud = await startBenchCloud({ root: opts.root, name: 'cold' })
  const { tcb } = cloud
  try {
    await seedDemo(connectApp(tcb.url), benchClock())
    // One unrecorded run first, so that every recorded run finds the files in the OS page
    // cache: the figures then describe node and the bundle, not this machine's disk.
    await runOnce(bundle, tcb.url)
    const runs: ColdRun[] = []
    for (let i = 0; i < opts.runs; i++) {
      runs.push(await runOnce(bundle, tcb.url))
      progress(`cold start ${i + 1}/${opts.runs}: ${ms(runs[i].spawnMs)} ms spawn→answer`)
    }
    const sdkRequireMs: number[] = []
    for (let i = 0; i < opts.runs; i++) {
      sdkRequireMs.push((await spawnLine(SDK_SCRIPT, tcb.url, path.dirname(bundle))).line.requireMs as number)
    }
    return { runs, sdkRequireMs, bundleBytes: opts.bundleBytes }
  } finally {
    await cloud.close()
  }
}

export function coldStartTable(r: ColdStartReport): Table {
  const row = (label: string, pick: (run: ColdRun) => number) => stat(label, r.runs.map(pick))
  const stat = (label: string, xs: number[]) => {
    const s = summarize(xs)
    return [label, ms(s.p50), ms(s.min), ms(s.max)]
  }
  return {
    title: `api cold start: fresh \`node\` per run, first me.get as demo-resident-1 (N=${r.runs.length}, ms)`,
    head: ['measured', 'p50', 'min', 'max'],
    rows: [
      row('in child: require(bundle)', (x) => x.requireMs),
      stat("in child: require('@cloudbase/node-sdk') alone (own runs)", r.sdkRequireMs),
      row('in child: first main() → answer', (x) => x.firstCallMs),
      row('in child: require + first call', (x) => x.requireMs + x.firstCallMs),
      row('in child: process start → answer', (x) => x.processMs),
      row('in parent: spawn → answer line', (x) => x.spawnMs),
    ],
    notes: [
      `bundle dist/cloudfunctions/api/index.js: ${(r.bundleBytes / 1024).toFixed(1)} KiB (the SDK is external, loaded from node_modules)`,
      'one unrecorded run first warms the OS file cache',
    ],
  }
}
