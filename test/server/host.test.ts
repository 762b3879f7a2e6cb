/** The local host over HTTP, as the H5 app and `curl` use it. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startHost, type Host } from '../../local/host'
import { UPLOAD_QUOTAS } from '../../src/domain/photos'

let host: Host
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-host-'))
  host = await startHost({ port: 0, dataDir, quiet: true, at: new Date('2026-11-25T10:00:00+08:00') })
})
afterAll(async () => {
  await host.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function api(body: unknown, openid?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (openid) headers['x-dev-openid'] = openid
  return fetch(`${host.url}/fn/api`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

test('healthz answers once ready', async () => {
  const res = await fetch(`${host.url}/healthz`)
  expect(res.status).toBe(200)
})

test('the seeded demo community is there on first start', async () => {
  const res = await (await api({ action: 'request.inbox', input: { tab: 'assigned' } }, 'demo-admin')).json()
  expect(res.ok).toBe(true)
  expect(res.data.counts.assigned).toBeGreaterThanOrEqual(2)
  expect(res.data.items.map((i: { description: string }) => i.description).join()).toContain('声控灯')
})

test('X-Dev-OpenId reaches the function through the context; concurrent callers never mix', async () => {
  const who = ['demo-member-1-1', 'demo-resident-1', 'demo-admin', 'demo-leader-2', 'demo-resident-4']
  const names = ['刘芳', '王大爷', '李秀兰', '张丽', '吴奶奶']
  const calls = Array.from({ length: 40 }, (_, i) => i % who.length)
  const answers = await Promise.all(
    calls.map(async (i) => (await api({ action: 'me.get', input: {} }, who[i])).json()),
  )
  answers.forEach((a, n) => expect(a.data.name).toBe(names[calls[n]]))
})

test('no identity, or a malformed one, is UNAUTHENTICATED', async () => {
  for (const openid of [undefined, 'bad id with spaces']) {
    const res = await (await api({ action: 'me.get', input: {} }, openid)).json()
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/微信/) },
    })
  }
})

test('a body that is not JSON is refused in Chinese', async () => {
  const res = await api('{not json', 'demo-resident-1')
  expect(res.status).toBe(400)
  expect(await res.json()).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '请求格式不正确' },
  })
})

test('only POST, only known functions', async () => {
  expect((await fetch(`${host.url}/fn/api`)).status).toBe(405)
  expect((await fetch(`${host.url}/fn/nope`, { method: 'POST', body: '{}' })).status).toBe(404)
})

test('the demo identities are listed for the H5 dev page', async () => {
  const list = (await (await fetch(`${host.url}/dev/identities`)).json()) as { openid: string }[]
  expect(list.map((i) => i.openid)).toEqual(
    expect.arrayContaining(['demo-admin', 'demo-member-1-1', 'demo-newcomer']),
  )
})

test('a malformed % escape or a /dev/clock body that is not JSON is a 400 with words, not a 500', async () => {
  for (const p of ['/%E0%A4%A', '/cos/%E0%A4%A', '/pages/%']) {
    const res = await fetch(`${host.url}${p}`)
    expect([p, res.status]).toEqual([p, 400])
  }
  for (const body of ['not json', 'null', '42']) {
    const res = await fetch(`${host.url}/dev/clock`, { method: 'POST', body })
    expect([body, res.status]).toEqual([body, 400])
    expect((await res.json()).error).toContain('JSON')
  }
  // The clock did not move.
  const clock = await (await fetch(`${host.url}/dev/clock`)).json()
  expect(clock.now.slice(0, 10)).toBe('2026-11-25')
})

test('H5 uploads through the host have a day’s cap per person', async () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)])
  const put = () =>
    fetch(`${host.url}/storage/upload`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', 'x-dev-openid': 'h5-upload-flood' },
      body: jpeg,
    })
  const statuses: number[] = []
  for (let i = 0; i < UPLOAD_QUOTAS.staff.files + 1; i++) statuses.push((await put()).status)
  expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true)
  expect(statuses[statuses.length - 1]).toBe(429)
})
