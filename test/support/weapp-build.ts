/**
 * `dist/weapp` as `NODE_ENV=production taro build --type weapp` makes it, built once per jest run
 * for every test file that reads it (the static gate, the fixes' checks, a runtime harness). Jest
 * runs files in parallel workers: the first to ask takes a lock directory and builds, the others
 * wait for its stamp. The run is told apart by an id global setup puts in the workers'
 * environment, so a stamp or lock left by an earlier run is never mistaken for this one.
 *
 * Under the same lock, before the real build, a production build without any cloud environment id
 * is tried: it must stop (config/cloud-env.ts) — and stop before it writes anything, so the real
 * build cannot be disturbed by it. The real build is given TEST_CLOUD_ENV.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { weappCloudEnv } from '../../config/cloud-env'

export const ROOT = path.resolve(__dirname, '../..')
export const WEAPP_OUT = path.join(ROOT, 'dist/weapp')
/** The CloudBase environment id the test build is given (and must bake into app.js). */
export const TEST_CLOUD_ENV = 'nuanxin-test-0a1b2c'

const RUN_VAR = 'NXWG_TEST_RUN'
const LOCK = path.join(ROOT, 'dist/.weapp-build.lock')
const STAMP = path.join(ROOT, 'dist/.weapp-build.json')

/** Global setup: one id for this jest run, inherited by every worker. */
export function markTestRun(): void {
  process.env[RUN_VAR] ??= randomUUID()
}

export interface WeappBuild {
  run: string
  ok: boolean
  /** The build's output when it failed. */
  log?: string
  /**
   * The production build tried without an environment id: its exit status and output, or null
   * when this checkout's env files (.env.local …) name one, so it cannot be tried here.
   */
  withoutEnv: { status: number | null; output: string } | null
}

const CLOUD_ENV_VARS = ['TARO_APP_CLOUD_ENV', 'ENV_ID']

function taroBuild(env: Record<string, string | undefined>) {
  const res = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...env, NODE_ENV: 'production' },
  })
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` }
}

function build(run: string): WeappBuild {
  const bare = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CLOUD_ENV_VARS.includes(k)))
  const withoutEnv = weappCloudEnv(ROOT, 'production', {}).envId ? null : taroBuild(bare)
  const res = taroBuild({ ...bare, TARO_APP_CLOUD_ENV: TEST_CLOUD_ENV })
  return { run, ok: res.status === 0, log: res.status === 0 ? undefined : res.output, withoutEnv }
}

function readStamp(): WeappBuild | null {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')) as WeappBuild
  } catch {
    return null
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Takes the lock (atomically: a directory renamed into place); false if another holds it. */
function tryLock(run: string): boolean {
  const mine = `${LOCK}.${process.pid}`
  rmSync(mine, { recursive: true, force: true })
  mkdirSync(mine, { recursive: true })
  writeFileSync(path.join(mine, 'run'), run)
  try {
    renameSync(mine, LOCK)
    return true
  } catch {
    rmSync(mine, { recursive: true, force: true })
    return false
  }
}

function lockRun(): string | null {
  try {
    return readFileSync(path.join(LOCK, 'run'), 'utf8')
  } catch {
    return null
  }
}

/**
 * The build of this jest run (made now if no worker made it yet); throws with Taro's output if it
 * failed. Call it from `beforeAll`.
 */
export function weappBuild(): WeappBuild {
  const run = process.env[RUN_VAR] ?? `single-${process.pid}`
  mkdirSync(path.dirname(LOCK), { recursive: true })
  for (;;) {
    const stamp = readStamp()
    if (stamp?.run === run) {
      if (!stamp.ok) throw new Error(`weapp build failed:\n${stamp.log}`)
      return stamp
    }
    if (tryLock(run)) {
      try {
        const done = build(run)
        writeFileSync(STAMP, JSON.stringify(done))
      } finally {
        rmSync(LOCK, { recursive: true, force: true })
      }
      continue
    }
    // Held by an earlier run that never finished: not ours to wait for.
    const holder = lockRun()
    if (holder !== null && holder !== run && existsSync(LOCK)) {
      rmSync(LOCK, { recursive: true, force: true })
      continue
    }
    sleep(500)
  }
}
