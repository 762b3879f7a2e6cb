/**
 * Volunteers and 双报到: registration, hours and points summed from the ledger (month, year),
 * the admin's confirmation of party members and the list of who has not served this month.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MembershipDoc, PointsEntryDoc } from '../../cloudfunctions/core/model'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-24T10:00:00+08:00' })

const clock = bj('2026-11-24T10:00:00')
const api = () => clockApi(env, () => clock)

let n = 0
async function resident(): Promise<string> {
  const openid = `t-reg-${++n}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: 'B02' })
  return openid
}
/** volunteer.register's input: a name and phone, no skills or hours unless `over` says so. */
const registration = (
  name: string,
  phone: string,
  over: Partial<ActionInput<'volunteer.register'>> = {},
): ActionInput<'volunteer.register'> => ({ name, phone, skills: [], availability: '', ...over })
async function roles(openid: string): Promise<string[]> {
  const res = await env.db.collection(COLLECTIONS.memberships).where({ openid }).get()
  return (res.data as MembershipDoc[]).map((m) => m.role).sort()
}
async function credit(openid: string, at: Date, hours: number, gridId = 'g-1-1') {
  const entry: PointsEntryDoc = {
    _id: `t-entry-${++n}`,
    openid,
    communityId: 'c-xingfuli',
    source: 'wish',
    sourceId: `t-wish-${n}`,
    gridId,
    points: hours * 5,
    hours,
    reason: '圆梦微心愿：测试',
    at,
  }
  await env.db.collection(COLLECTIONS.points).add(entry)
}

test('a resident registers as a volunteer and holds the role claiming needs', async () => {
  const who = await resident()
  const me = await api().ok(who, 'volunteer.register', {
    name: '林小雨',
    phone: '13911112222',
    skills: ['作业辅导'],
    availability: '周六上午',
  })
  expect(me.volunteer).toMatchObject({ name: '林小雨', phone: '139****2222', party: null })
  expect(await roles(who)).toEqual(['volunteer'])
})

test('my hours and points: this month and this year, summed from the ledger', async () => {
  const who = await resident()
  await api().ok(who, 'volunteer.register', registration('周强', '13911113333'))
  await credit(who, bj('2026-11-02T10:00:00'), 2)
  await credit(who, bj('2026-11-20T10:00:00'), 3)
  await credit(who, bj('2026-03-01T10:00:00'), 4)
  await credit(who, bj('2025-12-31T10:00:00'), 8) // last year: in neither
  const me = await api().ok(who, 'volunteer.me', {})
  expect(me.month).toEqual({ points: 25, hours: 5, services: 2 })
  expect(me.year).toEqual({ points: 45, hours: 9, services: 3 })
  expect(me.servedThisMonth).toBe(true)
  expect(me.records.map((r) => r.hours)).toEqual([3, 2, 4])
})

test('双报到: pending until the admin confirms; the admin sees who has not served this month', async () => {
  const who = await resident()
  await api().ok(who, 'volunteer.register', {
    name: '高峰',
    phone: '13911114444',
    skills: ['法律咨询'],
    availability: '周末',
    party: { workUnit: '区人民法院', branch: '机关第二党支部' },
  })
  let list = await api().ok('demo-admin', 'volunteer.partyMembers', {})
  expect(list.pending).toEqual([
    { openid: who, name: '高峰', workUnit: '区人民法院', branch: '机关第二党支部' },
  ])
  expect(await roles(who)).toEqual(['volunteer'])

  for (const other of ['demo-leader-1', 'demo-member-1-1']) {
    expect(await api().call(other, 'volunteer.confirmParty', { openid: who, approve: true })).toMatchObject(
      refusal('FORBIDDEN', '只有社区管理员可以确认双报到党员'),
    )
  }
  await api().ok('demo-admin', 'volunteer.confirmParty', { openid: who, approve: true })
  expect(await roles(who)).toEqual(['partyMember', 'volunteer'])
  expect(
    await api().call('demo-admin', 'volunteer.confirmParty', { openid: who, approve: true }),
  ).toMatchObject(refusal('CONFLICT'))

  list = await api().ok('demo-admin', 'volunteer.partyMembers', {})
  expect(list.members.find((m) => m.openid === who)).toMatchObject({
    servedThisMonth: false,
    hoursThisMonth: 0,
  })
  // Those who have not served come first.
  expect(list.members[0].servedThisMonth).toBe(false)
  await credit(who, bj('2026-11-23T15:00:00'), 2)
  list = await api().ok('demo-admin', 'volunteer.partyMembers', {})
  expect(list.members.find((m) => m.openid === who)).toMatchObject({
    servedThisMonth: true,
    hoursThisMonth: 2,
  })
  // The seeded 郑晓东 is a confirmed member.
  expect(list.members.map((m) => m.name)).toContain('郑晓东')
})

test('bad registrations are refused in Chinese and store nothing; strangers see no party list', async () => {
  const who = await resident()
  const before = await env.count(COLLECTIONS.volunteers)
  const bad: [ActionInput<'volunteer.register'>, string][] = [
    [{ name: '王', phone: '1234', skills: [], availability: '' }, '手机号格式不正确'],
    [{ name: '', phone: '13911115555', skills: [], availability: '' }, '请填写姓名'],
    [
      { name: '王', phone: '13911115555', skills: ['一', '二', '三', '四', '五', '六'], availability: '' },
      '特长最多填5项',
    ],
    [
      {
        name: '王',
        phone: '13911115555',
        skills: [],
        availability: '',
        party: { workUnit: '', branch: '某支部' },
      },
      '请填写工作单位',
    ],
  ]
  for (const [input, message] of bad) {
    expect(await api().call(who, 'volunteer.register', input)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message },
    })
  }
  expect(await env.count(COLLECTIONS.volunteers)).toBe(before)
  // Nobody to attach them to: no building, no community.
  expect(
    await api().call('t-nobody', 'volunteer.register', registration('某某', '13911116666')),
  ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await api().call('demo-member-1-1', 'volunteer.partyMembers', {})).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(
    await api().call('demo-admin', 'volunteer.confirmParty', { openid: 'nobody', approve: true }),
  ).toMatchObject(refusal('NOT_FOUND'))
})

test('the hours certificate: a PDF in Chinese with a serial that verifies against the ledger', async () => {
  const who = await resident()
  await api().ok(
    who,
    'volunteer.register',
    registration('陈思远', '13911117777', { idNumber: '11010519491231002X' }),
  )
  await credit(who, bj('2026-10-12T10:00:00'), 2)
  await credit(who, bj('2026-11-03T10:00:00'), 3)
  const cert = await api().ok(who, 'volunteer.certificate', {})
  expect(cert).toMatchObject({ hours: 5, services: 2, fileName: `志愿服务记录证明-${cert.serial}.pdf` })
  expect(cert.serial).toMatch(/^NX20261124[0-9A-F]{8}$/)
  const bytes = Buffer.from(await (await fetch(cert.url)).arrayBuffer())
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
  const { PDFDocument } = await import('pdf-lib')
  const pdf = await PDFDocument.load(bytes)
  expect(pdf.getTitle()).toBe(`志愿服务记录证明 ${cert.serial}`)
  expect(pdf.getPageCount()).toBe(1)
  // Drawn in embedded subsets of Noto Sans SC, not a font the reader's machine may lack.
  const { PDFDict, PDFName } = await import('pdf-lib')
  const fonts = pdf.context
    .enumerateIndirectObjects()
    .map(([, obj]) => (obj instanceof PDFDict ? obj.get(PDFName.of('BaseFont')) : undefined))
    .filter((n) => n !== undefined)
    .map(String)
  expect(fonts.length).toBeGreaterThan(0)
  expect(fonts.every((f) => f.startsWith('/NotoSansSC'))).toBe(true)
  // Only the pieces this text needs, each subset: a few KB, not the 4.8 MB of the whole font.
  expect(bytes.length).toBeLessThan(100_000)

  const verified = await api().ok('demo-resident-1', 'certificate.verify', { serial: cert.serial })
  expect(verified).toEqual({
    valid: true,
    reason: null,
    name: '陈**',
    hours: 5,
    issuedOn: '2026-11-24',
    issuer: '幸福里社区居民委员会',
  })
  // A service removed from the ledger: the paper no longer matches it.
  const entries = await env.db.collection(COLLECTIONS.points).where({ openid: who }).get()
  await env.db
    .collection(COLLECTIONS.points)
    .doc((entries.data[0] as PointsEntryDoc)._id)
    .remove()
  expect(await api().ok('demo-resident-1', 'certificate.verify', { serial: cert.serial })).toMatchObject({
    valid: false,
    reason: '证明所列服务与台账不一致',
  })
  expect(await api().ok(who, 'certificate.verify', { serial: 'NX2026112400000000' })).toMatchObject({
    valid: false,
    reason: '没有这个编号的证明',
  })
  expect(await api().call(who, 'certificate.verify', { serial: 'abc' })).toMatchObject(
    refusal('INVALID_INPUT', '证明编号格式不正确'),
  )
  expect(await api().call(await resident(), 'volunteer.certificate', {})).toMatchObject(
    refusal('FORBIDDEN', '请先登记为志愿者'),
  )
  expect(
    await api().call(
      who,
      'volunteer.register',
      registration('陈思远', '13911117777', { idNumber: '110105194912310021' }),
    ),
  ).toMatchObject({ ok: false, error: { message: '身份证号码不正确，请核对' } })
})

test('rankings: the grids by this month’s volunteer hours, each with its most active volunteers', async () => {
  const a = await resident()
  const b = await resident()
  await api().ok(a, 'volunteer.register', registration('甲志愿者', '13911118881'))
  await api().ok(b, 'volunteer.register', registration('乙志愿者', '13911118882'))
  await credit(a, bj('2027-01-05T10:00:00'), 6, 'g-1-3')
  await credit(b, bj('2027-01-06T10:00:00'), 2, 'g-1-3')
  await credit(b, bj('2027-01-07T10:00:00'), 3, 'g-1-2')
  await credit(a, bj('2026-12-31T10:00:00'), 9, 'g-1-2') // December: not in January's
  const jan = await api().ok('demo-admin', 'volunteer.rankings', { month: '2027-01' })
  expect(jan.grids.map((g) => [g.name, g.hours, g.services, g.volunteers])).toEqual([
    ['第三网格', 8, 2, 2],
    ['第二网格', 3, 1, 1],
    ['第一网格', 0, 0, 0],
  ])
  expect(jan.grids[0].top).toEqual([
    { name: '甲志愿者', hours: 6 },
    { name: '乙志愿者', hours: 2 },
  ])
  expect((await api().ok('demo-leader-2', 'volunteer.rankings', { month: '2027-01' })).grids).toHaveLength(3)
  expect(await api().call('demo-member-1-1', 'volunteer.rankings', { month: '2027-01' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await api().call('demo-admin', 'volunteer.rankings', { month: '2027-1' })).toMatchObject(
    refusal('INVALID_INPUT'),
  )
})
