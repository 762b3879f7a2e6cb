/**
 * `dist/weapp` as `taro build --type weapp` makes it (NODE_ENV=production), built at most once
 * for the sources it has: a stamp beside it (dist/.weapp-build.json) names the sources' newest
 * change and the app.js it produced, so a build left by `npm run build:weapp` or DevTools' watch
 * is made again once, and a fresh one is reused. Test files run in parallel workers: a lock
 * (dist/.weapp-build.lock, holding the builder's pid) keeps a second build from writing over the
 * first while it is read; a lock whose process is gone is taken over.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { newestMtime } from '../../../local/start'

export const ROOT = path.resolve(__dirname, '../../..')
export const WEAPP = path.join(ROOT, 'dist/weapp')
const STAMP = path.join(ROOT, 'dist/.weapp-build.json')
const LOCK = path.join(ROOT, 'dist/.weapp-build.lock')

interface Stamp {
  sourcesMtimeMs: number
  appJsMtimeMs: number
}

function sourcesMtime(): number {
  return Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'config')))
}

function fresh(): boolean {
  const appJs = path.join(WEAPP, 'app.js')
  if (!existsSync(appJs) || !existsSync(STAMP)) return false
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as Stamp
  return stamp.appJsMtimeMs === statSync(appJs).mtimeMs && stamp.sourcesMtimeMs >= sourcesMtime()
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Waits (blocking this worker) until the lock is ours; a dead holder's lock is taken over. */
function lock(): void {
  mkdirSync(path.dirname(LOCK), { recursive: true })
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      mkdirSync(LOCK)
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid))
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    let holder = NaN
    try {
      holder = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'))
    } catch {
      // Made, its pid not yet written: wait for it.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder))
      rmSync(LOCK, { recursive: true, force: true })
    else Atomics.wait(pause, 0, 0, 500)
  }
}

/** Builds dist/weapp unless the stamp says this build is of the current sources. */
export function ensureWeappBuild(): void {
  if (fresh()) return
  lock()
  try {
    if (fresh()) return
    const sourcesMtimeMs = sourcesMtime()
    const res = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: 'production' },
    })
    if (res.status !== 0) throw new Error(`weapp build failed:\n${res.stdout}\n${res.stderr}`)
    const stamp: Stamp = { sourcesMtimeMs, appJsMtimeMs: statSync(path.join(WEAPP, 'app.js')).mtimeMs }
    writeFileSync(STAMP, JSON.stringify(stamp))
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}
