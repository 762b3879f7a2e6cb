/**
 * 开放接口 (issue 19, part 3): Open311 GeoReport v2 over HTTP against the local host, as a district
 * 12345 platform or a researcher calls it — the spec's own example requests (wiki.open311.org/
 * GeoReport_v2) first, then ours. Nothing of a person leaves: the forbidden values are derived from
 * the stored request documents, not listed by hand. Creating needs an admin's key, limited per key,
 * refused once revoked; each use is logged.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { connectApp, collection, type Database } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { startHost, type Host } from '../../local/host'
import {
  MAX_ACTIVE_API_KEYS,
  OPEN311_BASE_PATH,
  OPEN311_CREATES_PER_HOUR,
  OPEN311_REQUEST_FIELDS,
} from '../../src/domain/open311'
import { REQUEST_STATUSES } from '../../src/domain/request'

const ADMIN = 'demo-admin'
const XINGFULI = 'c-xingfuli'
let host: Host
let dataDir: string
let db: Database
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-open311-'))
  host = await startHost({
    port: 0,
    dataDir,
    quiet: !process.env.O311_DEBUG,
    at: new Date('2026-12-07T10:00:00+08:00'),
  })
  db = connectApp(host.tcbUrl).database()
})
afterAll(async () => {
  await host.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function api<T = unknown>(openid: string, action: string, input: unknown): Promise<T> {
  const res = await fetch(`${host.url}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, input }),
  })
  const body = (await res.json()) as { ok: boolean; data: T; error?: unknown }
  if (!body.ok) throw new Error(`${action}: ${JSON.stringify(body.error)}`)
  return body.data
}

async function apiRaw(openid: string, action: string, input: unknown) {
  const res = await fetch(`${host.url}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, input }),
  })
  return (await res.json()) as { ok: boolean; error?: { code: string; message: string } }
}

/** One Open311 call: GET with a query, or POST a form as the spec's examples do. */
async function open311(pathAndQuery: string, form?: string) {
  const res = await fetch(`${host.url}${OPEN311_BASE_PATH}/${pathAndQuery}`, {
    method: form === undefined ? 'GET' : 'POST',
    ...(form === undefined
      ? {}
      : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }),
  })
  const text = await res.text()
  const json = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : null
  return { status: res.status, text, json: json as Record<string, unknown>[] }
}

const requestCount = async () => (await collection(db, 'requests').count()).total

let seq = 0
async function resident(building = 'B01'): Promise<string> {
  const openid = `t-o311-${++seq}`
  await api(openid, 'me.bindBuilding', { buildingCode: building })
  await api(openid, 'me.setProfile', {
    name: `测试居民${seq}号`,
    phone: `1390000${String(1000 + seq)}`,
  }).catch(() => undefined)
  return openid
}

async function post(category: string, description: string, building = 'B01') {
  const who = await resident(building)
  return api<{ id: string; no: string }>(who, 'request.create', {
    requestId: `o311-${seq}-xxxxxxxx`,
    category,
    description,
  })
}

async function issue(organisation: string) {
  return api<{ key: string; issued: { id: string } }>(ADMIN, 'apikey.issue', {
    requestId: `key-${++seq}-xxxxxxxx`,
    organisation,
  })
}

const J = `jurisdiction_id=${XINGFULI}`

describe('the spec’s example requests, verbatim', () => {
  test('GET services.json: two communities here, so jurisdiction_id is asked for, in the error format', async () => {
    const res = await open311('services.json')
    expect(res.status).toBe(400)
    expect(res.json).toEqual([{ code: 400, description: expect.stringContaining('jurisdiction_id') }])
  })

  test('GET requests.json?start_date=…&end_date=…&status=open: a window of 2010 holds nothing', async () => {
    const res = await open311(
      `requests.json?start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open&${J}`,
    )
    expect(res.status).toBe(200)
    expect(res.json).toEqual([])
  })

  test('GET requests/638344.json: no such request is a 404 in the error format', async () => {
    const res = await open311(`requests/638344.json?${J}`)
    expect(res.status).toBe(404)
    expect(res.json).toEqual([{ code: 404, description: expect.any(String) }])
  })

  test('POST requests.json with the example’s made-up key is refused (403) and files nothing', async () => {
    const before = await requestCount()
    const res = await open311(
      'requests.json',
      'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit222%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Fmedia.sfgov.edu%2Flarge.jpg',
    )
    expect(res.status).toBe(403)
    expect(res.json).toEqual([{ code: 403, description: expect.stringContaining('api_key') }])
    expect(await requestCount()).toBe(before)
  })
})

test('services.json: the community’s categories by its names, no sensitive one; XML too', async () => {
  await api(ADMIN, 'settings.setCategory', {
    code: 'other',
    name: '其他事项',
    tier: 'ordinary',
    sensitive: false,
    disabled: false,
  })
  const res = await open311(`services.json?${J}`)
  expect(res.status).toBe(200)
  const codes = res.json.map((s) => s.service_code)
  expect(codes).toContain('facility')
  expect(codes).not.toContain('security')
  expect(res.json.find((s) => s.service_code === 'other')).toMatchObject({
    service_name: '其他事项',
    metadata: false,
    type: 'realtime',
  })
  const xml = await open311(`services.xml?${J}`)
  expect(xml.status).toBe(200)
  expect(xml.text).toMatch(/^<\?xml[^>]*\?><services><service><service_code>/)
  expect(xml.text).toContain('<service_name>其他事项</service_name>')
  expect(xml.text).not.toContain('<service_code>security</service_code>')
})

describe('reading requests', () => {
  let lamp: { id: string; no: string }
  let secret: { id: string; no: string }
  beforeAll(async () => {
    lamp = await post('facility', '3单元楼道的灯坏了一个星期，晚上看不见')
    secret = await post('security', '楼下有人深夜聚众赌博，很吵')
    await api('demo-member-1-1', 'request.accept', { id: lamp.id })
  })

  test('one request: the fields GeoReport names, the place at building level, the grid as agency', async () => {
    const res = await open311(`requests/${lamp.no}.json?${J}`)
    expect(res.status).toBe(200)
    expect(res.json).toHaveLength(1)
    const [r] = res.json
    expect(Object.keys(r).sort()).toEqual([...OPEN311_REQUEST_FIELDS].sort())
    const doc = (await collection(db, 'requests').doc(lamp.id).get()).data[0] as RequestDoc
    expect(r).toMatchObject({
      service_request_id: lamp.no,
      status: 'open',
      status_notes: '处理中',
      service_code: 'facility',
      service_name: '设施报修',
      description: '3单元楼道的灯坏了一个星期，晚上看不见',
      agency_responsible: doc.gridName,
      address: `${doc.buildingName}（B01）`,
      address_id: 'B01',
    })
    // Whole seconds, as GeoReport's W3C datetimes are.
    const seconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000)
    expect(seconds(String(r.requested_datetime))).toBe(seconds(doc.createdAt))
    // The due time is the request's own clock, in Beijing time with its offset.
    expect(seconds(String(r.expected_datetime))).toBe(seconds(doc.resolveBy))
    expect(String(r.expected_datetime)).toMatch(/\+08:00$/)
  })

  test('a sensitive category is not there at all: not listed, not found by its number', async () => {
    const list = await open311(`requests.json?${J}`)
    const ids = list.json.map((r) => r.service_request_id)
    expect(ids).toContain(lamp.no)
    expect(ids).not.toContain(secret.no)
    expect((await open311(`requests/${secret.no}.json?${J}`)).status).toBe(404)
    expect(
      (await open311(`requests.json?service_request_id=${secret.no},${lamp.no}&${J}`)).json.map(
        (r) => r.service_request_id,
      ),
    ).toEqual([lamp.no])
  })

  test('filters: service_code, status, start_date / end_date', async () => {
    const facility = await open311(`requests.json?service_code=facility&${J}`)
    expect(facility.json.length).toBeGreaterThan(0)
    expect(facility.json.every((r) => r.service_code === 'facility')).toBe(true)
    const closed = await open311(`requests.json?status=closed&${J}`)
    expect(closed.json.every((r) => r.status === 'closed')).toBe(true)
    expect(closed.json.map((r) => r.service_request_id)).not.toContain(lamp.no)
    const open = await open311(`requests.json?status=open&${J}`)
    expect(open.json.map((r) => r.service_request_id)).toContain(lamp.no)
    const later = await open311(`requests.json?start_date=2026-12-08T00:00:00%2B08:00&${J}`)
    expect(later.json.map((r) => r.service_request_id)).not.toContain(lamp.no)
    const xml = await open311(`requests.xml?service_request_id=${lamp.no}&${J}`)
    expect(xml.text).toContain(
      `<service_requests><request><service_request_id>${lamp.no}</service_request_id>`,
    )
  })

  test('no personal data: no value of a stored request outside the published fields appears in any answer', async () => {
    const list = await open311(`requests.json?${J}`)
    const text = list.text
    const docs = (await collection(db, 'requests').where({ communityId: XINGFULI }).limit(1000).get()).data
    // What feeds the published fields (src/domain/open311.ts); everything else of the document is forbidden.
    const FED = new Set([
      'no',
      'status',
      'category',
      'categoryName',
      'description',
      'gridName',
      'buildingName',
      'buildingCode',
      'createdAt',
      'updatedAt',
      'acceptBy',
      'resolveBy',
      'communityId',
      'sensitive',
      'contentLabel',
    ])
    const forbidden = new Set<string>()
    const collect = (v: unknown) => {
      if (typeof v === 'string' && v.length >= 2) forbidden.add(v)
      else if (Array.isArray(v)) v.forEach(collect)
      else if (v && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach(collect)
    }
    for (const d of docs) for (const [k, v] of Object.entries(d)) if (!FED.has(k)) collect(v)
    // A published value copied elsewhere in the document (its number in an outbox entry) is still published.
    const published = new Set<string>(Object.values(REQUEST_STATUSES))
    for (const d of docs)
      for (const k of FED)
        if (typeof d[k as keyof RequestDoc] === 'string') published.add(String(d[k as keyof RequestDoc]))
    for (const v of published) forbidden.delete(v)
    // The forbidden values include the people of it: residents' names, openids, the assignee.
    expect(forbidden).toContain('刘芳')
    expect([...forbidden].some((v) => v.startsWith('t-o311-'))).toBe(true)
    const leaked = [...forbidden].filter((v) => text.includes(v) && !/^[a-z]+$/.test(v))
    expect(leaked).toEqual([])
    // And the people of the demo, by name and phone, and any room.
    for (const u of (await collection(db, 'users').limit(1000).get()).data) {
      if (u.name && u.name.length >= 2) expect(text).not.toContain(u.name)
      if (u.phone) expect(text).not.toContain(u.phone)
      if (u.room) expect(text).not.toContain(u.room)
    }
    for (const r of list.json)
      expect(Object.keys(r).every((k) => (OPEN311_REQUEST_FIELDS as readonly string[]).includes(k))).toBe(
        true,
      )
  })
})

describe('creating with an API key', () => {
  let key: string
  let keyId: string
  beforeAll(async () => {
    const issued = await issue('区12345热线平台')
    key = issued.key
    keyId = issued.issued.id
  })

  test('the key is shown once and kept hashed; the issue is a 台账 line', async () => {
    expect(key).toMatch(/^o311_[0-9a-f]{32}$/)
    const stored = (await collection(db, 'apiKeys').doc(keyId).get()).data[0]
    expect(JSON.stringify(stored)).not.toContain(key)
    const list = await api<{ keys: { id: string; organisation: string }[]; events: { note: string }[] }>(
      ADMIN,
      'apikey.list',
      {},
    )
    expect(list.keys.find((k) => k.id === keyId)?.organisation).toBe('区12345热线平台')
    expect(list.events[0].note).toBe('发给区12345热线平台')
    expect(JSON.stringify(list)).not.toContain(key)
  })

  test('the spec’s example POST, with a real key and our building: filed as from the organisation, nothing personal kept', async () => {
    const before = await requestCount()
    const res = await open311(
      'requests.json',
      `api_key=${key}&${J}&service_code=facility&lat=37.76524078&long=-122.4212043&address_id=B02&email=smit222%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Fmedia.sfgov.edu%2Flarge.jpg`,
    )
    expect(res.status).toBe(201)
    expect(res.json).toEqual([
      { service_request_id: expect.any(String), service_notice: '', account_id: null },
    ])
    expect(await requestCount()).toBe(before + 1)
    const no = String(res.json[0].service_request_id)
    const [doc] = (await collection(db, 'requests').where({ no }).get()).data
    expect(doc).toMatchObject({
      source: 'open311',
      residentName: '区12345热线平台',
      buildingCode: 'B02',
      category: 'facility',
      status: 'assigned',
    })
    expect(doc.residentOpenid).toBe(`open311:${keyId}`)
    const stored = JSON.stringify(doc)
    for (const personal of ['john', 'smith', '111111111', 'smit222', 'tt222111', '123456', 'media.sfgov.edu'])
      expect(stored).not.toContain(personal)
    expect(doc.events[0].note).toContain('经开放接口由区12345热线平台提交')
    // It is read back like any other, and the grid has it in its inbox.
    const back = await open311(`requests/${no}.json?${J}`)
    expect(back.json[0]).toMatchObject({ service_request_id: no, status: 'open', address_id: 'B02' })
    const inbox = await api<{ items: { no: string }[] }>('demo-member-1-1', 'request.inbox', {
      tab: 'assigned',
    })
    expect(inbox.items.map((i) => i.no)).toContain(no)
    // Its use is logged and counted.
    const uses = (await collection(db, 'apiLog').where({ keyId }).get()).data
    expect(uses).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'POST', status: 201, requestNo: no })]),
    )
    const list = await api<{ keys: { id: string; uses: number }[] }>(ADMIN, 'apikey.list', {})
    expect(list.keys.find((k) => k.id === keyId)?.uses).toBeGreaterThanOrEqual(1)
  })

  test('the same request_id again answers the same request', async () => {
    const form = `api_key=${key}&service_code=environment&address_id=B01&description=${encodeURIComponent('小区北门垃圾桶满了没人清')}&request_id=platform-0001`
    const first = await open311('requests.json', form)
    const before = await requestCount()
    const again = await open311('requests.json', form)
    expect(again.json[0].service_request_id).toBe(first.json[0].service_request_id)
    expect(await requestCount()).toBe(before)
  })

  test.each([
    ['no description', 'service_code=facility&address_id=B01', 'description'],
    [
      'unknown service_code',
      'service_code=weather&address_id=B01&description=楼道的灯坏了很久',
      'service_code',
    ],
    [
      'a sensitive category',
      'service_code=security&address_id=B01&description=楼道的灯坏了很久',
      'service_code',
    ],
    ['no place', 'service_code=facility&description=楼道的灯坏了很久', 'address_id'],
    [
      'a building of another community',
      'service_code=facility&address_id=CH01&description=楼道的灯坏了很久',
      'address_id',
    ],
    [
      'another jurisdiction',
      'service_code=facility&address_id=B01&jurisdiction_id=c-chunhui&description=楼道的灯坏了很久',
      'jurisdiction',
    ],
  ])('bad input — %s — is a 400/403 in the error format and files nothing', async (_name, form, word) => {
    const before = await requestCount()
    const res = await open311('requests.json', `api_key=${key}&${form}`)
    expect([400, 403]).toContain(res.status)
    expect(res.json).toEqual([{ code: res.status, description: expect.stringContaining(word) }])
    expect(await requestCount()).toBe(before)
  })

  test('bad reads: a bad date, a bad status, an unknown path', async () => {
    expect((await open311(`requests.json?start_date=yesterday&${J}`)).json).toEqual([
      { code: 400, description: expect.stringContaining('start_date') },
    ])
    expect((await open311(`requests.json?status=pending&${J}`)).status).toBe(400)
    expect((await open311(`tokens.json?${J}`)).status).toBe(404)
    expect((await open311(`requests.json?jurisdiction_id=nowhere`)).status).toBe(404)
  })

  test(`rate limit: ${OPEN311_CREATES_PER_HOUR} creates per key per hour, then 429; another key is not held back`, async () => {
    const { key: busy } = await issue('某大学城市治理课题组')
    const form = (n: number) =>
      `api_key=${busy}&service_code=environment&address_id=B03&description=${encodeURIComponent(`第${n}次：小区绿化带里有建筑垃圾`)}`
    for (let n = 0; n < OPEN311_CREATES_PER_HOUR; n++)
      expect((await open311('requests.json', form(n))).status).toBe(201)
    const before = await requestCount()
    const over = await open311('requests.json', form(99))
    expect(over.status).toBe(429)
    expect(over.json).toEqual([{ code: 429, description: expect.any(String) }])
    expect(await requestCount()).toBe(before)
    const other = await open311(
      'requests.json',
      `api_key=${key}&service_code=environment&address_id=B03&description=${encodeURIComponent('小区绿化带里有建筑垃圾')}`,
    )
    expect(other.status).toBe(201)
  })

  test('a revoked key is refused (403); revoking twice is one 台账 line; only the admin may', async () => {
    const { key: gone, issued } = await issue('临时合作单位')
    expect((await apiRaw('demo-leader-1', 'apikey.revoke', { id: issued.id })).error?.code).toBe('FORBIDDEN')
    expect((await apiRaw('demo-admin-2', 'apikey.revoke', { id: issued.id })).error?.code).toBe('NOT_FOUND')
    await api(ADMIN, 'apikey.revoke', { id: issued.id })
    const list = await api<{ keys: { id: string; revokedAt: string | null }[]; events: { note: string }[] }>(
      ADMIN,
      'apikey.revoke',
      { id: issued.id },
    )
    expect(list.keys.find((k) => k.id === issued.id)?.revokedAt).toEqual(expect.any(String))
    expect(list.events.filter((e) => e.note === '撤销临时合作单位的密钥')).toHaveLength(1)
    const before = await requestCount()
    const res = await open311(
      'requests.json',
      `api_key=${gone}&service_code=facility&address_id=B01&description=${encodeURIComponent('楼道的灯坏了很久')}`,
    )
    expect(res.status).toBe(403)
    expect(await requestCount()).toBe(before)
  })

  test('a POSTed description gets request.create’s content check: a risky one is filed as 治安线索, kept out of the open data', async () => {
    const res = await open311(
      'requests.json',
      `api_key=${key}&service_code=other&address_id=B01&description=${encodeURIComponent('1号楼地下车库有人卖毒品')}`,
    )
    expect(res.status).toBe(201)
    const no = String(res.json[0].service_request_id)
    const [doc] = (await collection(db, 'requests').where({ no }).get()).data
    // Not refused (a report is never refused for its words): to the community, with the label.
    expect(doc).toMatchObject({ sensitive: true, contentLabel: 20006 })
    expect((await open311(`requests/${no}.json?${J}`)).status).toBe(404)
  })

  test(`the cap: ${MAX_ACTIVE_API_KEYS} active keys per community, then refused in words; a revoked one frees a place`, async () => {
    const keys = collection(db, 'apiKeys')
    const active = async () => (await keys.where({ communityId: XINGFULI, revokedAt: null }).count()).total
    const template = (await keys.doc(keyId).get()).data[0]
    // Filled to one below the cap directly (issuing is rate-limited per hour, not what is tested).
    const filler: string[] = []
    for (let i = (await active()) + 1; i < MAX_ACTIVE_API_KEYS; i++) {
      const id = `filler-key-${i}`
      await keys.add({
        ...template,
        _id: id,
        hash: `filler-${i}`,
        prefix: `o311_f${i}`,
        organisation: `单位${i}`,
      })
      filler.push(id)
    }
    expect(await active()).toBe(MAX_ACTIVE_API_KEYS - 1)
    const last = await issue('第五十家单位')
    expect(await active()).toBe(MAX_ACTIVE_API_KEYS)
    const refused = await apiRaw(ADMIN, 'apikey.issue', {
      requestId: 'key-over-cap-xxxx',
      organisation: '又一家单位',
    })
    expect(refused.error).toEqual({
      code: 'CONFLICT',
      message: `本社区已有${MAX_ACTIVE_API_KEYS}个有效密钥，请先撤销不用的`,
    })
    expect(await active()).toBe(MAX_ACTIVE_API_KEYS)
    await api(ADMIN, 'apikey.revoke', { id: last.issued.id })
    await issue('又一家单位')
    expect(await active()).toBe(MAX_ACTIVE_API_KEYS)
    for (const id of filler) await keys.doc(id).remove()
  })

  test('issuing: bad input in words, not for a grid leader', async () => {
    expect(
      (await apiRaw(ADMIN, 'apikey.issue', { requestId: 'key-bad-xxxxxxxx', organisation: '甲' })).error,
    ).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('单位名称至少'),
    })
    expect(
      (
        await apiRaw('demo-leader-1', 'apikey.issue', {
          requestId: 'key-lead-xxxxxxx',
          organisation: '某单位',
        })
      ).error,
    ).toMatchObject({
      code: 'FORBIDDEN',
      message: '只有社区管理员可以管理开放接口',
    })
  })
})
