import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud, type LocalCloud } from '../local/cloud'

type StartOptions = Omit<Parameters<typeof startLocalCloud>[0], 'dataDir' | 'root'>

/**
 * A local CloudBase for one bench section, as the host and the tests start it (local/cloud.ts):
 * the database with the WeChat stand-in (content checks, subscribe messages) and storage on the
 * same address — seeding goes through the api, whose content check calls WeChat. Every section
 * starts its database here, so none can miss the stand-in. Its data dir is fresh, and close()
 * removes it; `tcb: { inMemory: true }` keeps the documents in memory (the dir then holds only
 * storage and the stand-in's log).
 */
export async function startBenchCloud(
  opts: { root: string; name: string } & StartOptions,
): Promise<LocalCloud & { dataDir: string; close(): Promise<void> }> {
  const { name, ...start } = opts
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `nxwg-bench-${name}-`))
  try {
    const cloud = await startLocalCloud({ ...start, dataDir })
    return {
      ...cloud,
      dataDir,
      async close() {
        try {
          await cloud.tcb.close()
        } finally {
          rmSync(dataDir, { recursive: true, force: true })
        }
      },
    }
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** Runs one bench section against a cloud of its own (startBenchCloud), closed however it ends. */
export async function inLocalCloud<T>(
  opts: { root: string; name: string } & StartOptions,
  run: (cloud: LocalCloud) => Promise<T>,
): Promise<T> {
  const cloud = await startBenchCloud(opts)
  try {
    return await run(cloud)
  } finally {
    await cloud.close()
  }
}
