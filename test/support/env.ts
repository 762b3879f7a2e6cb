/**
 * A fresh local CloudBase-compatible environment per test file, with the demo community seeded,
 * and the real `api` function shell called the way the platform calls it (identity in the
 * context, never in the event). A test file names its date (`at`): the demo is seeded then, and
 * the shell's clock reads `at` when the file starts and runs on from there, whatever the day.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { connectApp, type CloudApp, type Database } from '../../cloudfunctions/core/db'
import type { ActionContext, Deps } from '../../cloudfunctions/core/context'
import { cloudFiles } from '../../cloudfunctions/core/files'
import { createApi, loadCaller } from '../../cloudfunctions/core/router'
import { wxApi, type WxApi } from '../../cloudfunctions/core/wx'
import type { LocalWx, LocalWxOptions } from '../../local/openapi'
import type { LocalStorage } from '../../local/storage'
import { platformContext, type FunctionMain } from '../../local/platform'
import { setFunctionsClock } from '../../local/clock'
import { seedDemo, type SeedOptions } from '../../local/seed'
import { startLocalCloud } from '../../local/cloud'
import type { FullSort } from '../../local/tcb/indexes'
import type { LocalTcbOptions } from '../../local/tcb/server'
import { installTransactionGuard } from '../../local/tcb/sdk'
import type { ActionInput, ActionName, ActionOutput } from '../../src/domain/contract'
import type { ApiResponse } from '../../src/domain/errors'
import { perFile } from './per-file'

export interface TestEnv {
  db: Database
  /** WeChat's server APIs through the SDK, answered by `localWx`. */
  wx: WxApi
  localWx: LocalWx
  /** The SDK app (storage uploads as a client's upload would land). */
  app: CloudApp
  storage: LocalStorage
  /** What the api's use cases get, with the clock in the test's hand. */
  deps(now: () => Date): Deps
  /** What a use case gets when `openid` calls at `now` (to call one directly, with test hooks). */
  context(openid: string, now: () => Date): Promise<ActionContext>
  /** Any event, as a mini-program could send it. */
  raw(openid: string | null, event: unknown): Promise<ApiResponse<unknown>>
  call<A extends ActionName>(
    openid: string,
    action: A,
    input: ActionInput<A>,
  ): Promise<ApiResponse<ActionOutput<A>>>
  /** Like call, but the answer must be ok; returns the data. */
  ok<A extends ActionName>(openid: string, action: A, input: ActionInput<A>): Promise<ActionOutput<A>>
  count(collection: string): Promise<number>
  /**
   * What the database holds, as one string that changes with any write: per collection its size
   * and newest version, read from the local store (cheap enough to take around every call).
   * `except`: collections whose writes do not count (rate-limit windows).
   */
  fingerprint(except?: string[]): string
  /** Queries so far that sorted more than FULL_SORT_LIMIT documents in memory (refused, too). */
  fullSorts(): FullSort[]
  /** A client's upload to `photos/<openid>/<name>` as storage receives it: not recorded. */
  putFile(openid: string, name: string, bytes: Buffer): Promise<string>
  /** A client's upload and its upload.record, as the app does both; returns the file id. */
  upload(openid: string, name: string, bytes: Buffer): Promise<string>
  close(): Promise<void>
}

export interface TestEnvOptions {
  /** When the file's story starts: an instant (`2026-11-24T09:00:00+08:00`). */
  at: Date | string
  /** The local WeChat openapi (failing sends, forced answers). */
  wx?: LocalWxOptions
  /**
   * update() that changes nothing reports updated: 1 (CloudBase does not document which; the
   * default is 0). For tests that must hold under both answers (local/tcb/README.md).
   */
  countUnchanged?: boolean
  /** A simulated network for the database: round trips, waited or on the test's own clock. */
  tcb?: Pick<LocalTcbOptions, 'latencyMs' | 'delay' | 'now'>
  /** What of the demo beyond the community to seed (npm start seeds it all); none by default. */
  seed?: SeedOptions
}

/** In-memory sorts above this many documents are refused in tests (local/tcb/indexes.ts SortLimit). */
export const FULL_SORT_LIMIT = 1000

export async function startTestEnv(opts: TestEnvOptions): Promise<TestEnv> {
  const at = new Date(opts.at)
  if (Number.isNaN(at.getTime())) throw new Error(`startTestEnv: at is not an instant: ${String(opts.at)}`)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-test-'))
  const {
    tcb,
    wx: localWx,
    storage,
  } = await startLocalCloud({
    dataDir,
    root: path.resolve(__dirname, '../..'),
    wx: opts.wx,
    // A list query that sorts more than this in memory fails its test: an index must walk it.
    tcb: {
      countUnchanged: opts.countUnchanged,
      fullSortLimit: FULL_SORT_LIMIT,
      refuseFullSorts: true,
      ...opts.tcb,
    },
  })
  const close = async () => {
    await tcb.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.env.LOCAL_TCB_URL = tcb.url
  installTransactionGuard()
  setFunctionsClock(at)
  const app = connectApp(tcb.url)
  const db = app.database()
  // A failed start closes what it opened: a red run must end, not wait on an open server.
  await seedDemo(app, at, opts.seed).catch(async (err: unknown) => {
    await close()
    throw err
  })
  // Loaded after LOCAL_TCB_URL is set, as the function is loaded in its environment.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../../cloudfunctions/api/index') as { main: FunctionMain }
  const raw = (openid: string | null, event: unknown) =>
    main(event, platformContext('api', openid)) as Promise<ApiResponse<unknown>>
  const call = <A extends ActionName>(openid: string, action: A, input: ActionInput<A>) =>
    raw(openid, { action, input }) as Promise<ApiResponse<ActionOutput<A>>>
  const deps = (now: () => Date): Deps => ({ db, files: cloudFiles(app), wx: wxApi(app), now })
  return {
    db,
    wx: wxApi(app),
    localWx,
    app,
    storage,
    deps,
    async context(openid, now) {
      return { deps: deps(now), caller: await loadCaller(deps(now), openid) }
    },
    raw,
    call,
    async ok(openid, action, input) {
      const res = await call(openid, action, input)
      if (!res.ok) throw new Error(`${action} failed: ${res.error.code} ${res.error.message}`)
      return res.data
    },
    async count(collection) {
      return (await db.collection(collection).count()).total
    },
    fingerprint(except = []) {
      return tcb.store.collectionNames
        .filter((name) => !except.includes(name))
        .sort()
        .map((name) => {
          const c = tcb.store.peek(name)
          let newest = 0
          for (const e of c.docs.values()) newest = Math.max(newest, e.ver)
          return `${name}:${c.docs.size}:${newest}`
        })
        .join(' ')
    },
    fullSorts: () => tcb.store.fullSorts,
    async putFile(openid, name, bytes) {
      return (await app.uploadFile({ cloudPath: `photos/${openid}/${name}`, fileContent: bytes })).fileID
    },
    async upload(openid, name, bytes) {
      const fileID = (await app.uploadFile({ cloudPath: `photos/${openid}/${name}`, fileContent: bytes }))
        .fileID
      const res = await call(openid, 'upload.record', { fileID })
      if (!res.ok) throw new Error(`upload.record failed: ${res.error.code} ${res.error.message}`)
      return fileID
    },
    close,
  }
}

/** The same router the function runs, with the clock in the test's hand. */
export function clockApi(env: TestEnv, now: () => Date) {
  const api = createApi(env.deps(now))
  return {
    call: <A extends ActionName>(who: string, action: A, input: ActionInput<A>) =>
      api.handle({ action, input }, who) as Promise<ApiResponse<ActionOutput<A>>>,
    async ok<A extends ActionName>(who: string, action: A, input: ActionInput<A>): Promise<ActionOutput<A>> {
      const res = await api.handle({ action, input }, who)
      if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`)
      return res.data as ActionOutput<A>
    },
  }
}

/**
 * The file's environment, started before its first test and closed after its last:
 * `const env = fileEnv({ at })` stands for the TestEnv itself (per-file.ts).
 */
export function fileEnv(opts: TestEnvOptions): TestEnv {
  return perFile(
    () => startTestEnv(opts),
    (env) => env.close(),
  )
}
