/**
 * The production weapp package against WeChat's limits: 2 MB for the main package and for each
 * subpackage, 30 MB for everything. WeChat counts what is uploaded, so sourcemaps (never
 * uploaded) are left out.
 */
import { spawn } from 'node:child_process'
import { createWriteStream, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { int, kib, percent, ratio } from './format'
import type { Table } from './table'

export const PACKAGE_LIMIT = 2 * 1024 * 1024
export const TOTAL_LIMIT = 30 * 1024 * 1024

/**
 * The floor: the main package of a bare Taro 4.2.1 weapp (React, one page, production build) in
 * bytes, measured once (issue 21). The main package is what every start downloads.
 */
export const BARE_TARO_MAIN = 318_739
/** Issue 21's goal for the main package: at most this many times the floor. */
export const MAIN_GOAL_RATIO = 1.5
/**
 * What test/weapp/gate.test.ts holds the main package to until the goal is reached: the ratio
 * reached so far, rounded up. Lower it as the main package shrinks; never raise it.
 */
export const MAIN_CEILING_RATIO = 1.83

export interface PackageSizes {
  buildMs: number
  buildLog: string
  main: number
  subpackages: Array<{ name: string; bytes: number }>
  largestMain: Array<{ file: string; bytes: number }>
}

/** Taro's progress bar and warnings would bury our own progress; they go to a log file instead. */
export async function buildWeapp(root: string): Promise<{ ms: number; log: string }> {
  const log = path.join(tmpdir(), 'nxwg-bench-weapp-build.log')
  const out = createWriteStream(log)
  const t0 = performance.now()
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: root,
      // A production weapp build needs a cloud environment id (config/cloud-env.ts); the sizes do
      // not depend on which.
      env: { TARO_APP_CLOUD_ENV: 'nuanxin-bench-sizes', ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.pipe(out, { end: false })
    child.stderr.pipe(out, { end: false })
    child.on('error', reject)
    child.on('close', resolve)
  })
  const ms = performance.now() - t0
  await new Promise<void>((resolve) => out.end(resolve))
  if (code !== 0) throw new Error(`taro build --type weapp exited with ${code}; see ${log}`)
  return { ms, log }
}

function files(dir: string): Array<{ file: string; bytes: number }> {
  const out: Array<{ file: string; bytes: number }> = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...files(p))
    else if (!entry.name.endsWith('.map')) out.push({ file: p, bytes: statSync(p).size })
  }
  return out
}

export function measurePackages(outDir: string): Omit<PackageSizes, 'buildMs' | 'buildLog'> {
  const packagesDir = path.join(outDir, 'packages')
  const all = files(outDir)
  const inMain = all.filter((f) => !f.file.startsWith(packagesDir + path.sep))
  let subNames: string[] = []
  try {
    subNames = readdirSync(packagesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
  } catch {
    // No packages/ folder: a build without subpackages.
  }
  const sum = (xs: Array<{ bytes: number }>) => xs.reduce((n, f) => n + f.bytes, 0)
  return {
    main: sum(inMain),
    subpackages: subNames.map((name) => ({ name, bytes: sum(files(path.join(packagesDir, name))) })),
    largestMain: inMain
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .map((f) => ({ file: path.relative(outDir, f.file), bytes: f.bytes })),
  }
}

export async function packageSizes(root: string): Promise<PackageSizes> {
  const build = await buildWeapp(root)
  return { buildMs: build.ms, buildLog: build.log, ...measurePackages(path.join(root, 'dist/weapp')) }
}

export function sizeTables(s: PackageSizes): Table[] {
  const total = s.main + s.subpackages.reduce((n, p) => n + p.bytes, 0)
  const row = (name: string, bytes: number, limit: number) => [
    name,
    int(bytes),
    kib(bytes),
    ratio(bytes, BARE_TARO_MAIN),
    `${kib(limit)}`,
    percent(bytes, limit),
    bytes <= limit ? 'ok' : 'OVER',
  ]
  return [
    {
      title: 'weapp package sizes (NODE_ENV=production taro build --type weapp → dist/weapp, no .map)',
      head: ['package', 'bytes', 'KiB', '× floor', 'limit KiB', 'of limit', 'status'],
      rows: [
        row('main (everything outside packages/)', s.main, PACKAGE_LIMIT),
        ...s.subpackages.map((p) => row(`packages/${p.name}`, p.bytes, PACKAGE_LIMIT)),
        row('total', total, TOTAL_LIMIT),
      ],
      notes: [
        `floor = a bare Taro 4.2.1 weapp's main package, ${int(BARE_TARO_MAIN)} B; goal main ≤ ${MAIN_GOAL_RATIO}× ` +
          `(${int(Math.floor(BARE_TARO_MAIN * MAIN_GOAL_RATIO))} B): main is ${ratio(s.main, BARE_TARO_MAIN)}, ` +
          (s.main <= BARE_TARO_MAIN * MAIN_GOAL_RATIO ? 'met' : 'NOT met'),
        `build took ${(s.buildMs / 1000).toFixed(1)} s; its log: ${s.buildLog}`,
      ],
    },
    {
      title: 'largest files in the main package',
      head: ['file', 'bytes', 'KiB', 'of main'],
      rows: s.largestMain.map((f) => [f.file, int(f.bytes), kib(f.bytes), percent(f.bytes, s.main)]),
    },
  ]
}
