/**
 * Shared setup for the local environment tests: a server on an ephemeral port with a fresh data
 * dir and its own cloudbaserc.json, and the real SDK pointed at it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type LocalTcb, type LocalTcbOptions, startLocalTcb } from '../../local/tcb/server'
import { type CloudApp, connectSdk } from '../../local/tcb/sdk'
import { perFile } from '../support/per-file'

export const ROOT = join(__dirname, '..', '..')

export const TEST_CONFIG = {
  version: '2.0',
  envId: '{{env.ENV_ID}}',
  database: {
    collections: [
      {
        name: 'requests',
        indexes: [
          {
            name: 'gridId_status_createdAt',
            unique: false,
            keys: [
              { name: 'gridId', direction: '1' },
              { name: 'status', direction: '1' },
              { name: 'createdAt', direction: '-1' },
            ],
          },
          {
            name: 'residentOpenid_status',
            unique: false,
            keys: [
              { name: 'residentOpenid', direction: '1' },
              { name: 'status', direction: '1' },
            ],
          },
        ],
      },
      {
        name: 'users',
        indexes: [{ name: 'openid_unique', unique: true, keys: [{ name: 'openid', direction: '1' }] }],
      },
      { name: 'items', indexes: [] },
      { name: 'counters', indexes: [] },
    ],
  },
  functions: [],
}

export function tempDir(prefix = 'localtcb-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function writeConfig(dir: string, config: unknown = TEST_CONFIG): string {
  const path = join(dir, 'cloudbaserc.json')
  writeFileSync(path, JSON.stringify(config, null, 2))
  return path
}

export interface Env {
  server: LocalTcb
  app: CloudApp
  db: ReturnType<CloudApp['database']>
  dir: string
  configPath: string
  stop(): Promise<void>
}

/** Starts a fresh server; fsync is on as in normal use. */
export async function startEnv(opts: LocalTcbOptions = {}): Promise<Env> {
  const dir = tempDir()
  const configPath = writeConfig(dir)
  const server = await startLocalTcb({
    port: 0,
    dataDir: join(dir, 'data'),
    indexConfigPath: configPath,
    ...opts,
  })
  const app = connectSdk(server.url)
  return {
    server,
    app,
    db: app.database(),
    dir,
    configPath,
    async stop() {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Posts a raw protocol body, for what the SDK cannot express. */
/** The file's environment, started before its first test and stopped after its last (per-file.ts). */
export function fileEnv(opts: LocalTcbOptions = {}): Env {
  return perFile(
    () => startEnv(opts),
    (env) => env.stop(),
  )
}

export async function rawCall(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}?env=local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return (await res.json()) as Record<string, unknown>
}

/** Resolves to the error a promise rejects with (fails the test if it resolves). */
export async function caught(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { code?: string; message: string }
  }
  throw new Error('expected the call to fail, but it succeeded')
}
