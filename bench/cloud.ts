import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud, type LocalCloud } from '../local/cloud'

/**
 * Runs one bench section against a local CloudBase of its own, in a fresh data dir removed
 * afterwards (however the section ends).
 */
export async function inLocalCloud<T>(
  opts: { root: string; name: string } & Omit<Parameters<typeof startLocalCloud>[0], 'dataDir' | 'root'>,
  run: (cloud: LocalCloud) => Promise<T>,
): Promise<T> {
  const { name, ...start } = opts
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `nxwg-bench-${name}-`))
  try {
    const cloud = await startLocalCloud({ ...start, dataDir })
    try {
      return await run(cloud)
    } finally {
      await cloud.tcb.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
