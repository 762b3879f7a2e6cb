/**
 * Acknowledged writes survive kill -9 of the whole host: the same process `npm start` runs,
 * started as a child, killed with SIGKILL mid-traffic, restarted on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-crash-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Starts local/start.ts as one node process (not via npx, whose child would outlive a kill). */
function startHostProcess(): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-build', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Listen now: the exit may come before anyone awaits it.
  const exited = new Promise((r) => child.once('exit', r))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 60_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /POST (http:\/\/\S+)\/fn\/api/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1], exited })
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)))
  })
}

async function api(url: string, openid: string, action: string, input: object) {
  const res = await fetch(`${url}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, input }),
  })
  return (await res.json()) as { ok: boolean; data?: { id: string; status: string } }
}

test('every acknowledged request is there after SIGKILL and restart', async () => {
  const first = await startHostProcess()
  const residents = Array.from({ length: 8 }, (_, i) => `t-crash-${i}`)
  for (const who of residents) await api(first.url, who, 'me.bindBuilding', { buildingCode: 'B05' })

  // Traffic in flight when the kill comes: acknowledged answers are recorded as they arrive.
  const acknowledged: { who: string; id: string; status: string }[] = []
  let stop = false
  const writers = residents.map(async (who, w) => {
    for (let i = 0; !stop && i < 10; i++) {
      try {
        const res = await api(first.url, who, 'request.create', {
          requestId: `crash-${w}-${i}-xxxx`,
          category: 'environment',
          description: `第${w + 1}位居民的第${i + 1}件事`,
        })
        if (res.ok && res.data) acknowledged.push({ who, id: res.data.id, status: res.data.status })
      } catch {
        return // the connection died with the host
      }
    }
  })
  while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5))
  first.child.kill('SIGKILL')
  stop = true
  await Promise.all(writers)
  await first.exited

  const second = await startHostProcess()
  try {
    for (const a of acknowledged) {
      const res = await api(second.url, a.who, 'request.get', { id: a.id })
      expect(res).toMatchObject({ ok: true, data: { id: a.id, status: 'assigned' } })
    }
    // …and the grid member of building B05 sees every one of them in the workbench.
    const seen = new Set<string>()
    let cursor: string | undefined
    do {
      const res = await api(second.url, 'demo-member-2-1', 'request.inbox', { tab: 'assigned', cursor })
      const page = res.data as unknown as { items: { id: string }[]; nextCursor: string | null }
      page.items.forEach((i) => seen.add(i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    for (const a of acknowledged) expect(seen.has(a.id)).toBe(true)
  } finally {
    second.child.kill('SIGTERM')
    await second.exited
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(20)
})
