/**
 * The 微心愿 hand-off (issue 18, part 6): on a claim the grid member is told who claimed it; the
 * claimant alone, while the claim lasts, reaches the wish's contact (the resident if they chose to
 * share it, else the grid member's 公示 number) — on tap, logged like 查看完整号码; fulfilment
 * records the hours actually served (WISH_HOURS), credited instead of a fixed figure; and the
 * certificate states them, with the community's contact and room for the seal.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { AccessLogDoc, PointsEntryDoc, WishDoc } from '../../cloudfunctions/core/model'
import { WISH_HOURS } from '../../src/domain/wish'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { pdfText } from '../support/pdf-text'
import { noticeTitles } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T10:00:00+08:00' })
const clock = bj('2026-12-07T10:00:00')
const api = () => clockApi(env, () => clock)

/** B05's micro-grid member (第二网格 1号微网格) and the volunteers of the demo. */
const MEMBER = 'demo-member-2-1'
const VOLUNTEER = 'demo-volunteer-2'
const OTHER_VOLUNTEER = 'demo-volunteer-1'
const CLAIMED_NOTICE = '心愿已被认领，请帮忙对接'

let n = 0
/** A resident of B05 with a phone on file. */
async function resident(phone = '13911110000'): Promise<string> {
  const openid = `t-handoff-${++n}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: 'B05', room: `${n}单元101` })
  await env.ok(openid, 'me.contact', { name: `居民${n}`, phone })
  return openid
}
/** A wish of `who`'s on the wall, sharing their phone with the claimant or not. */
async function published(who: string, shareContact?: boolean): Promise<string> {
  const w = await api().ok(who, 'wish.create', {
    requestId: `handoff-${++n}-xxxxxx`,
    category: 'visit',
    what: '有人陪我去复诊',
    why: '下周要去医院复查，孩子在外地，自己去不方便',
    ...(shareContact === undefined ? {} : { shareContact }),
  })
  await api().ok(MEMBER, 'wish.review', { id: w.id, decision: 'publish' })
  return w.id
}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 5)])
async function fulfilment(id: string, hours: unknown) {
  const photo = await env.upload(VOLUNTEER, `h${++n}.jpg`, JPEG)
  return { id, note: '陪着去医院复查，已送回家', photos: [photo], hours } as {
    id: string
    note: string
    photos: string[]
    hours: number
  }
}
async function stored(id: string): Promise<WishDoc> {
  return (await env.db.collection(COLLECTIONS.wishes).doc(id).get()).data[0] as WishDoc
}
async function reveals(targetId: string): Promise<AccessLogDoc[]> {
  const res = await env.db.collection(COLLECTIONS.accessLog).where({ targetId }).get()
  return res.data as AccessLogDoc[]
}
const reveal = (who: string, id: string) => api().call(who, 'person.reveal', { kind: 'wishContact', id })

describe('on a claim the grid member is told who claimed it', () => {
  test('the member serving the building gets the notice with the claimant’s name and date; nobody else of the grid staff', async () => {
    const who = await resident()
    const id = await published(who)
    expect(await noticeTitles(env, MEMBER, id)).not.toContain(CLAIMED_NOTICE)
    await api().ok(VOLUNTEER, 'wish.claim', { id, promisedBy: '2026-12-10' })
    expect(await noticeTitles(env, MEMBER, id)).toContain(CLAIMED_NOTICE)
    const res = await env.db
      .collection(COLLECTIONS.messages)
      .where({ openid: MEMBER, targetId: id, title: CLAIMED_NOTICE })
      .get()
    expect(res.data).toHaveLength(1)
    expect(res.data[0]).toMatchObject({
      kind: 'task',
      body: '冯雪认领了“有人陪我去复诊”，承诺2026-12-10前完成',
      fields: expect.objectContaining({ note: '冯雪认领，承诺2026-12-10前完成' }),
    })
    // The resident hears too (as before); a member of another micro-grid does not.
    expect(await noticeTitles(env, who, id)).toContain('您的心愿已被认领')
    expect(await noticeTitles(env, 'demo-member-1-1', id)).toEqual([])
    // The claimant is not told of their own claim.
    expect(await noticeTitles(env, VOLUNTEER, id)).not.toContain(CLAIMED_NOTICE)
  })
})

describe('the contact: only the claimant, only while the claim lasts, each look logged', () => {
  test('shared by the resident: the claimant sees whose it is, the number on tap, logged; everyone else refused, nothing logged', async () => {
    const who = await resident('13911112345')
    const id = await published(who, true)
    // Before any claim: nobody.
    expect(await reveal(VOLUNTEER, id)).toMatchObject(
      refusal('FORBIDDEN', '只有正在认领这个心愿的志愿者可以查看联系电话'),
    )
    await api().ok(VOLUNTEER, 'wish.claim', { id, promisedBy: '2026-12-10' })
    const seen = await api().ok(VOLUNTEER, 'wish.get', { id })
    expect(seen.contact).toEqual({ who: 'resident', name: `居民${n - 1}` })
    // The detail names whose; the number itself is not in it.
    expect(JSON.stringify(seen)).not.toContain('13911112345')
    expect(await reveals(id)).toEqual([])

    expect(await api().ok(VOLUNTEER, 'person.reveal', { kind: 'wishContact', id })).toEqual({
      name: `居民${n - 1}`,
      phone: '13911112345',
    })
    expect(await reveals(id)).toEqual([
      expect.objectContaining({
        viewerOpenid: VOLUNTEER,
        viewerRole: 'claimant',
        subjectOpenid: who,
        field: 'phone',
        kind: 'wishContact',
        targetId: id,
        at: clock,
      }),
    ])

    for (const other of [OTHER_VOLUNTEER, who, MEMBER, 'demo-admin', 'demo-resident-1', 't-nobody']) {
      expect(await reveal(other, id)).toMatchObject(
        refusal('FORBIDDEN', '只有正在认领这个心愿的志愿者可以查看联系电话'),
      )
    }
    for (const other of [OTHER_VOLUNTEER, who, MEMBER, 'demo-admin', 'demo-resident-1'])
      expect((await api().ok(other, 'wish.get', { id })).contact).toBeNull()
    expect(await reveals(id)).toHaveLength(1)
    // The resident and the grid see what was chosen.
    expect((await api().ok(who, 'wish.get', { id })).shareContact).toBe(true)
    expect((await api().ok(MEMBER, 'wish.get', { id })).shareContact).toBe(true)
    expect((await api().ok(OTHER_VOLUNTEER, 'wish.get', { id })).shareContact).toBeNull()
  })

  test('not shared: the claimant gets the grid member’s 公示 number (up to the admin’s while the member published none), never the resident’s', async () => {
    const who = await resident('13911116789')
    const id = await published(who)
    await api().ok(VOLUNTEER, 'wish.claim', { id, promisedBy: '2026-12-10' })
    // 杨雪梅 has published no number, nor has 张丽 above her: the community's admin's.
    expect((await api().ok(VOLUNTEER, 'wish.get', { id })).contact).toEqual({
      who: 'grid',
      name: '李秀兰（社区管理员）',
    })
    expect(await api().ok(VOLUNTEER, 'person.reveal', { kind: 'wishContact', id })).toEqual({
      name: '李秀兰（社区管理员）',
      phone: '0916-3212000',
    })
    await api().ok(MEMBER, 'myGrid.setWorkPhone', { workPhone: '0916-3212121' })
    try {
      expect(await api().ok(VOLUNTEER, 'person.reveal', { kind: 'wishContact', id })).toEqual({
        name: '杨雪梅（网格员）',
        phone: '0916-3212121',
      })
    } finally {
      await api().ok(MEMBER, 'myGrid.setWorkPhone', { workPhone: null })
    }
    const log = await reveals(id)
    expect(log.map((e) => e.subjectOpenid)).toEqual(['demo-admin', MEMBER])
    expect(JSON.stringify(await api().ok(VOLUNTEER, 'wish.get', { id }))).not.toContain('13911116789')
  })

  test('released, lapsed or fulfilled: the former claimant no longer reaches it', async () => {
    const who = await resident()
    const released = await published(who, true)
    await api().ok(VOLUNTEER, 'wish.claim', { id: released, promisedBy: '2026-12-10' })
    await api().ok(VOLUNTEER, 'wish.release', { id: released })
    expect(await reveal(VOLUNTEER, released)).toMatchObject(refusal('FORBIDDEN'))
    expect((await api().ok(VOLUNTEER, 'wish.get', { id: released })).contact).toBeNull()
    // Claimed again by someone else: theirs now, not the first claimant's.
    await api().ok(OTHER_VOLUNTEER, 'wish.claim', { id: released, promisedBy: '2026-12-10' })
    expect(await reveal(VOLUNTEER, released)).toMatchObject(refusal('FORBIDDEN'))
    expect(
      await api().ok(OTHER_VOLUNTEER, 'person.reveal', { kind: 'wishContact', id: released }),
    ).toMatchObject({ phone: '13911110000' })

    const fulfilled = await published(who, true)
    await api().ok(VOLUNTEER, 'wish.claim', { id: fulfilled, promisedBy: '2026-12-10' })
    await api().ok(VOLUNTEER, 'wish.fulfil', await fulfilment(fulfilled, 1))
    expect(await reveal(VOLUNTEER, fulfilled)).toMatchObject(refusal('FORBIDDEN'))
    expect((await api().ok(VOLUNTEER, 'wish.get', { id: fulfilled })).contact).toBeNull()
    expect(await reveals(fulfilled)).toEqual([])
    // Lapsed: the promised day over, the scheduler puts it back on the wall.
    const lapsed = await published(who, true)
    await api().ok(VOLUNTEER, 'wish.claim', { id: lapsed, promisedBy: '2026-12-07' })
    expect(await api().ok(VOLUNTEER, 'person.reveal', { kind: 'wishContact', id: lapsed })).toMatchObject({
      phone: '13911110000',
    })
    await runScheduler(env.deps(() => bj('2026-12-08T00:05:00')))
    expect((await stored(lapsed)).status).toBe('published')
    expect(await reveal(VOLUNTEER, lapsed)).toMatchObject(refusal('FORBIDDEN'))
    expect(await reveals(lapsed)).toHaveLength(1)

    expect(await reveal(VOLUNTEER, 'no-such-wish')).toMatchObject(refusal('NOT_FOUND'))
  })
})

describe('the hours actually served', () => {
  test('bounded, in half hours: bad hours get a Chinese message and change nothing', async () => {
    const id = await published(await resident())
    await api().ok(VOLUNTEER, 'wish.claim', { id, promisedBy: '2026-12-10' })
    const message = `服务时长请在${WISH_HOURS.min}到${WISH_HOURS.max}小时之间，按${WISH_HOURS.step}小时填写`
    for (const hours of [0, 0.25, 0.4, 1.2, WISH_HOURS.max + WISH_HOURS.step, -1, 100]) {
      expect(await api().call(VOLUNTEER, 'wish.fulfil', await fulfilment(id, hours))).toMatchObject(
        refusal('INVALID_INPUT', message),
      )
    }
    for (const hours of ['2', null, undefined]) {
      expect(await api().call(VOLUNTEER, 'wish.fulfil', await fulfilment(id, hours))).toMatchObject(
        refusal('INVALID_INPUT', '请填写实际服务时长'),
      )
    }
    const doc = await stored(id)
    expect(doc.status).toBe('claimed')
    expect(doc.fulfilment).toBeNull()
    // The bounds themselves are fine.
    await api().ok(VOLUNTEER, 'wish.fulfil', await fulfilment(id, WISH_HOURS.max))
    expect((await stored(id)).fulfilment?.hours).toBe(WISH_HOURS.max)
    const low = await published(await resident())
    await api().ok(VOLUNTEER, 'wish.claim', { id: low, promisedBy: '2026-12-10' })
    await api().ok(VOLUNTEER, 'wish.fulfil', await fulfilment(low, WISH_HOURS.min))
    expect((await stored(low)).fulfilment?.hours).toBe(WISH_HOURS.min)
  })

  test('1.5 hours entered, shown to who confirms, credited on confirmation (points per hour), stated on the certificate with the contact and the seal’s place', async () => {
    const who = await resident()
    const id = await published(who)
    await api().ok(VOLUNTEER, 'wish.claim', { id, promisedBy: '2026-12-10' })
    await api().ok(VOLUNTEER, 'wish.fulfil', await fulfilment(id, 1.5))
    const seen = await api().ok(MEMBER, 'wish.get', { id })
    expect(seen).toMatchObject({ status: 'fulfilled', fulfilmentHours: 1.5 })
    expect(seen.events.at(-1)?.note).toBe('陪着去医院复查，已送回家（服务1.5小时）')
    // Not before it is confirmed.
    let ledger = await env.db.collection(COLLECTIONS.points).where({ sourceId: id }).get()
    expect(ledger.data).toEqual([])
    await api().ok(MEMBER, 'wish.confirm', { id })
    ledger = await env.db.collection(COLLECTIONS.points).where({ sourceId: id }).get()
    expect(ledger.data as PointsEntryDoc[]).toEqual([
      expect.objectContaining({ openid: VOLUNTEER, hours: 1.5, points: 8, source: 'wish' }),
    ])

    const cert = await api().ok(VOLUNTEER, 'volunteer.certificate', {})
    const bytes = new Uint8Array(await (await fetch(cert.url)).arrayBuffer())
    const text = await pdfText(bytes)
    expect(text).toContain('志愿服务记录证明')
    expect(text).toContain('圆梦微心愿：有人陪我去复诊')
    expect(text).toMatch(/2026-12-07\s+圆梦微心愿：有人陪我去复诊\s+1\.5/)
    expect(text).toContain('（盖章处）')
    expect(text).toContain('社区联系方式：李秀兰（社区管理员） 0916-3212000')
    expect(text).toContain(`累计志愿服务时间 ${cert.hours} 小时`)
    expect(text).toContain('本证明编号可在“暖心网格”小程序中核验。')
  })
})
