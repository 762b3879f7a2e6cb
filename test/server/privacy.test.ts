/**
 * 个人信息保护法: a resident who used many features exports everything stored about them (and
 * nothing identifying anyone else), then deletes the account — after which no answer to anyone,
 * and no stored document, contains their name or phone; the 台账 keeps their requests anonymised.
 * Whole phone numbers only through person.reveal, and every reveal is logged.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { AccessLogDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { PRIVACY_VERSION } from '../../src/domain/privacy'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-24T09:00:00+08:00' })

const clock = bj('2026-11-24T10:00:00')
const api = () => clockApi(env, () => clock)

const NAME = '欧阳娜娜'
const PHONE = '13912345678'
const X = 't-privacy-x'
/** Another resident (B05, 第二网格 1号微网格 → 杨雪梅): posts a wish X claims. */
const Y = 't-privacy-y'
const Y_NAME = '司马光明'
const OTHER_COLLECTOR = { name: '欧阳建国', relation: '外公', phone: '13700009999' }
const LIU = 'demo-member-1-1' // 刘芳, X's grid member (B01)
const YANG = 'demo-member-2-1' // Y's grid member
const ADMIN = 'demo-admin'

let n = 0
const rid = () => `privacy-${++n}-xxxxxx`
/**
 * The name or phone in anything; the openid too, except in the paths of photos kept as the
 * 台账's evidence (a folder name, not a person) and in X's own answers (their upload folder).
 */
const leaks = (value: unknown, secrets = [NAME, PHONE, X]) => {
  const text = JSON.stringify(value).split(`photos/${X}/`).join('photos/')
  return secrets.filter((s) => text.includes(s))
}

/** A person on file with a name and phone (as the demo residents are; there is no profile form yet). */
async function person(openid: string, building: string, name: string, phone: string) {
  await api().ok(openid, 'me.bindBuilding', { buildingCode: building, room: '3单元801' })
  await env.db.collection(COLLECTIONS.users).doc(openid).update({ name, phone })
}

let requestId = ''
let xWish = ''
let yWish = ''
let sessionId = ''

beforeAll(async () => {
  await person(X, 'B01', NAME, PHONE)
  await person(Y, 'B05', Y_NAME, '13600007777')
  await api().ok(X, 'me.consent', { version: PRIVACY_VERSION })
  await api().ok(X, 'volunteer.register', {
    name: NAME,
    phone: PHONE,
    skills: ['修电器'],
    availability: '周末',
  })
  // A request, handled and rated.
  requestId = (
    await api().ok(X, 'request.create', {
      requestId: rid(),
      category: 'facility',
      description: `楼道灯坏了，有事打我电话${PHONE}`,
    })
  ).id
  await api().ok(LIU, 'request.accept', { id: requestId })
  await api().ok(LIU, 'person.reveal', { kind: 'requestResident', id: requestId })
  await api().ok(LIU, 'request.resolve', { id: requestId, note: '已更换灯泡' })
  await api().ok(X, 'request.rate', {
    id: requestId,
    rating: 'satisfied',
    comment: `刘芳很负责，${NAME}谢谢`,
  })
  // X's own wish, published.
  xWish = (
    await api().ok(X, 'wish.create', {
      requestId: rid(),
      category: 'goods',
      what: '一台收音机',
      why: '家里老人想听戏，收音机坏了',
    })
  ).id
  await api().ok(LIU, 'wish.review', { id: xWish, decision: 'publish' })
  // Y's wish, which X (a volunteer) claims and fulfils, and Y confirms: points for X.
  yWish = (
    await api().ok(Y, 'wish.create', {
      requestId: rid(),
      category: 'goods',
      what: '一副老花镜',
      why: '看报纸看不清楚，想要一副老花镜',
    })
  ).id
  await api().ok(YANG, 'wish.review', { id: yWish, decision: 'publish' })
  await api().ok(X, 'wish.claim', { id: yWish, promisedBy: '2026-11-28' })
  const photo = await env.upload(
    X,
    'glasses.jpg',
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 3)]),
  )
  await api().ok(X, 'wish.fulfil', { id: yWish, note: `${NAME}已送到家`, photos: [photo], hours: 1 })
  await api().ok(Y, 'wish.confirm', { id: yWish })
  // A child, and a place in a lecture for X.
  await api().ok(X, 'child.register', {
    requestId: rid(),
    name: '欧阳小宝',
    age: 8,
    grade: '二年级',
    guardian: { name: NAME, relation: '母亲', phone: PHONE },
    others: [OTHER_COLLECTOR],
  })
  const activity = await api().ok(ADMIN, 'activity.create', {
    requestId: rid(),
    kind: 'lecture',
    title: '防诈骗讲座',
    place: '社区活动室',
    schedule: { from: '2026-11-30', time: '09:00', durationMinutes: 90 },
    roles: [{ key: 'audience', name: '听众', capacity: 30, audience: 'anyone' }],
  })
  sessionId = (await api().ok(ADMIN, 'activity.sessions', {})).items.find(
    (s) => s.activityId === activity.id,
  )!.id
  await api().ok(X, 'session.signUp', { sessionId, role: 'audience' })
})

describe('person.reveal: the whole number only for who needs it, each view logged', () => {
  test('the assignee and the admin can; another grid member, a resident cannot, and nothing is logged', async () => {
    const r = await api().ok(ADMIN, 'request.get', { id: requestId })
    expect(r.resident?.phone).toBe('139****5678')
    const logged = async () =>
      (await env.db.collection(COLLECTIONS.accessLog).where({ subjectOpenid: X }).get())
        .data as AccessLogDoc[]
    const before = (await logged()).length
    expect(await api().ok(ADMIN, 'person.reveal', { kind: 'requestResident', id: requestId })).toEqual({
      name: NAME,
      phone: PHONE,
    })
    expect(await logged()).toHaveLength(before + 1)
    expect((await logged()).map((e) => e.viewerRole)).toEqual(
      expect.arrayContaining(['assignee', 'communityAdmin']),
    )
    for (const who of [YANG, Y, 'demo-member-1-2']) {
      const res = await api().call(who, 'person.reveal', { kind: 'requestResident', id: requestId })
      expect(res.ok).toBe(false)
      expect(leaks(res)).toEqual([])
    }
    // Resolved: the assignee no longer calls back.
    expect(await api().call(LIU, 'person.reveal', { kind: 'requestResident', id: requestId })).toMatchObject(
      refusal('FORBIDDEN'),
    )
    expect(await logged()).toHaveLength(before + 1)
  })
})

describe('导出我的数据', () => {
  test('everything about me, nobody else identifiable', async () => {
    const out = await api().ok(X, 'me.export', {})
    const d = out.data as Record<string, unknown>
    expect(out.counts).toMatchObject({
      requests: 1,
      wishes: 1,
      wishesClaimed: 1,
      children: 1,
      signups: 1,
      points: 1,
      accessLog: 2,
    })
    expect(d.account).toMatchObject({ name: NAME, phone: PHONE, room: '3单元801' })
    expect(d.volunteer).toMatchObject({ name: NAME, phone: PHONE, skills: ['修电器'] })
    expect(d.privacyConsent).toMatchObject({ version: PRIVACY_VERSION })
    expect((out.counts.messages ?? 0) > 0).toBe(true)
    const text = JSON.stringify(out)
    expect(text).toContain('楼道灯坏了')
    for (const other of [
      '刘芳',
      Y_NAME,
      OTHER_COLLECTOR.name,
      OTHER_COLLECTOR.phone,
      '13600007777',
      '杨雪梅',
    ])
      expect(text).not.toContain(other)
    expect(text).toContain('139****9999'.replace('139', '137'))
  })
})

describe('注销账号', () => {
  test('needs the word typed; staff cannot delete themselves', async () => {
    expect(await api().call(X, 'me.delete', { confirm: '确定' as '注销' })).toMatchObject(
      refusal('INVALID_INPUT', '请输入“注销”两个字确认'),
    )
    expect(await api().call(LIU, 'me.delete', { confirm: '注销' })).toMatchObject(refusal('FORBIDDEN'))
    expect((await api().ok(X, 'me.get', {})).name).toBe(NAME)
  })

  test('afterwards no answer to anyone and no stored document has the name or phone; the 台账 keeps the request', async () => {
    const requestsBefore = await env.count(COLLECTIONS.requests)
    expect(await api().ok(X, 'me.delete', { confirm: '注销' })).toEqual({ deleted: true })
    // Idempotent.
    expect(await api().ok(X, 'me.delete', { confirm: '注销' })).toEqual({ deleted: true })
    expect(await env.count(COLLECTIONS.requests)).toBe(requestsBefore)

    const stored = (await env.db.collection(COLLECTIONS.requests).doc(requestId).get()).data[0] as RequestDoc
    expect(stored).toMatchObject({ residentName: '已注销居民', status: 'closed', rating: 'satisfied' })

    const answers: unknown[] = []
    const ask = async (...args: Parameters<ReturnType<typeof api>['call']>) => {
      const res = await api().call(...args)
      answers.push(res)
      return res
    }
    for (const who of [LIU, ADMIN]) {
      await ask(who, 'request.get', { id: requestId })
      for (const tab of ['assigned', 'accepted', 'done'] as const) await ask(who, 'request.inbox', { tab })
      await ask(who, 'wish.get', { id: xWish })
      await ask(who, 'wish.get', { id: yWish })
      await ask(who, 'person.reveal', { kind: 'requestResident', id: requestId })
    }
    for (const tab of ['reviewing', 'fulfilled', 'stale'] as const) await ask(YANG, 'wish.inbox', { tab })
    await ask(ADMIN, 'session.roster', { sessionId })
    await ask(ADMIN, 'volunteer.partyMembers', {})
    await ask(ADMIN, 'volunteer.rankings', { month: '2026-11' })
    await ask(ADMIN, 'person.reveal', { kind: 'volunteer', id: X })
    await ask(Y, 'wish.get', { id: yWish })
    await ask(Y, 'message.list', {})
    await ask(Y, 'wish.listMine', { role: 'posted' })
    expect(leaks(answers)).toEqual([])
    const own = await Promise.all([
      api().call(X, 'wish.wall', {}),
      api().call(X, 'me.get', {}),
      api().call(X, 'request.listMine', {}),
      api().call(X, 'volunteer.me', {}),
      api().call(X, 'child.list', {}),
      api().call(X, 'message.list', {}),
      api().call(X, 'me.export', {}),
    ])
    expect(leaks(own, [NAME, PHONE])).toEqual([])

    // The 台账 export (an Excel file) too.
    const ledger = await api().ok(ADMIN, 'metrics.exportLedger', { month: '2026-11' })
    expect(ledger.requests).toBeGreaterThan(0)
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await (await fetch(ledger.url)).arrayBuffer()) as unknown as ArrayBuffer)
    const cells: unknown[] = []
    wb.eachSheet((sheet) => sheet.eachRow((row) => cells.push(row.values)))
    expect(JSON.stringify(cells)).toContain('已**')
    expect(leaks(cells)).toEqual([])

    // Nothing stored anywhere either (the openid only in the paths of photos kept as evidence).
    for (const name of Object.values(COLLECTIONS)) {
      const docs = (await env.db.collection(name).limit(1000).get()).data
      expect([name, leaks(docs)]).toEqual([name, []])
    }

    // Like a new user.
    const me = await api().ok(X, 'me.get', {})
    expect(me).toMatchObject({ name: '微信用户', building: null, privacyConsent: null, roles: [] })
    expect((await api().ok(X, 'request.listMine', {})).items).toEqual([])
    expect((await api().ok(X, 'volunteer.me', {})).volunteer).toBeNull()
    expect((await api().ok(X, 'me.export', {})).counts).toMatchObject({ requests: 0, wishes: 0, points: 0 })
  })
})
