/**
 * A test file's mini-program: dist/weapp (built when stale, see build.ts), compiled and read once,
 * the local host (`startHost`, as `npm start` and the end-to-end tests run it) seeded at the
 * file's date, and phones — one per person, each its own WeChat with its own storage — opened
 * as demo identities. Every phone's clock is the functions' clock.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serverNow } from '../../../cloudfunctions/core/db'
import { setFunctionsClock } from '../../../local/clock'
import { startHost, type Host } from '../../../local/host'
import { perFile } from '../../support/per-file'
import { weappBuild, WEAPP_OUT as WEAPP } from '../../support/weapp-build'
import { loadWeapp, Phone, type Weapp } from './phone'

export { Phone } from './phone'

export interface WeappHarness {
  host: Host
  weapp: Weapp
  /**
   * A phone of `openid` (a demo identity; null for someone WeChat gives no openid) with the app
   * launched at `url` (default 首页), run until quiet.
   */
  phone(openid: string | null, url?: string): Promise<Phone>
  /** Calls the api as `openid` over the host, as a phone would (to set a scene up). */
  api<T = unknown>(openid: string, action: string, input: unknown): Promise<T>
  setClock(at: Date | string): void
  close(): Promise<void>
}

export async function startWeapp(opts: { at: Date | string }): Promise<WeappHarness> {
  // The one production build of this jest run (given the test environment id), shared with the gate.
  weappBuild()
  const weapp = loadWeapp(WEAPP)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-weapp-'))
  const host = await startHost({ port: 0, dataDir, quiet: true, at: new Date(opts.at) })
  const phones: Phone[] = []
  return {
    host,
    weapp,
    async phone(openid, url = '/pages/index/index') {
      const phone = new Phone({ weapp, hostUrl: host.url, openid, nowMs: () => serverNow().getTime() })
      phones.push(phone)
      await phone.launch(url)
      return phone
    },
    async api<T>(openid: string, action: string, input: unknown): Promise<T> {
      const res = await fetch(`${host.url}/fn/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
        body: JSON.stringify({ action, input }),
      })
      const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } }
      if (!body.ok) throw new Error(`${action} as ${openid}: ${body.error?.message}`)
      return body.data as T
    },
    setClock(at) {
      setFunctionsClock(new Date(at))
    },
    async close() {
      for (const p of phones) p.close()
      try {
        await host.close()
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}

/** The file's harness, started before its first test (a build may take minutes), closed after its last. */
export function fileWeapp(opts: { at: Date | string }): WeappHarness {
  return perFile(
    () => startWeapp(opts),
    (h) => h.close(),
    900_000,
  )
}
