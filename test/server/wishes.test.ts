/**
 * 微心愿 through the api: post → content check → review → wall (nothing personal) → claim (one
 * at a time) → fulfil → confirm → points credited exactly once; lapses by the clock; bad input
 * and the wrong people refused in Chinese with nothing changed.
 */
import fc from 'fast-check'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, PointsEntryDoc, WishDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { demoUsers } from '../../local/demo'
import type { ActionInput } from '../../src/domain/contract'
import { local } from '../../src/domain/time'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T10:00:00+08:00' })

let clock = bj('2026-11-24T10:00:00')
const day = (offset: number) => local(clock).add(offset, 'day').format('YYYY-MM-DD')

const api = () => clockApi(env, () => clock)
const schedule = () => runScheduler(env.deps(() => clock))

let n = 0
async function resident(building = 'B05'): Promise<string> {
  const openid = `t-wish-${++n}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: building, room: `${n}单元101` })
  return openid
}
async function volunteer(): Promise<string> {
  const openid = `t-vol-${++n}`
  await env.db
    .collection(COLLECTIONS.memberships)
    .add({ _id: `m-${openid}`, openid, role: 'volunteer', communityId: 'c-xingfuli' })
  return openid
}
const wishInput = (what = '一副助行器', why = '老伴腿脚不便，下楼散步需要扶着东西走') => ({
  requestId: `wish-${++n}-xxxxxx`,
  category: 'goods' as const,
  what,
  why,
})
async function published(owner?: string) {
  const who = owner ?? (await resident())
  const w = await api().ok(who, 'wish.create', wishInput())
  await api().ok('demo-member-2-1', 'wish.review', { id: w.id, decision: 'publish' })
  return { who, id: w.id }
}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 3)])
async function upload(openid: string): Promise<string> {
  return env.upload(openid, `w${++n}.jpg`, JPEG)
}
/** A fulfilment as a volunteer makes it: a note, a photo of their own and the hours served. */
async function done(openid: string, id: string, note: string, hours = 2) {
  return { id, note, photos: [await upload(openid)], hours }
}

async function stored(id: string): Promise<WishDoc> {
  return (await env.db.collection(COLLECTIONS.wishes).doc(id).get()).data[0] as WishDoc
}
async function pointsFor(wishId: string): Promise<PointsEntryDoc[]> {
  const res = await env.db.collection(COLLECTIONS.points).where({ sourceId: wishId }).get()
  return res.data as PointsEntryDoc[]
}

describe('the whole wish', () => {
  test('posted, reviewed, on the wall without anything personal, claimed, fulfilled, confirmed, credited once', async () => {
    const who = await resident()
    const created = await api().ok(who, 'wish.create', wishInput())
    expect(created).toMatchObject({ status: 'reviewing', statusName: '待审核', mine: true })
    // Not public before review.
    expect((await api().ok('demo-volunteer-1', 'wish.wall', {})).items.map((w) => w.id)).not.toContain(
      created.id,
    )
    expect(await api().call('demo-volunteer-1', 'wish.get', { id: created.id })).toMatchObject(
      refusal('NOT_FOUND'),
    )
    const inbox = await api().ok('demo-member-2-1', 'wish.inbox', { tab: 'reviewing' })
    expect(inbox.items.map((w) => w.id)).toContain(created.id)
    const review = await api().ok('demo-member-2-1', 'wish.get', { id: created.id })
    expect(review.resident).toMatchObject({ building: '5号楼' })
    expect(review.contentCheck).toBe('pass')
    await api().ok('demo-member-2-1', 'wish.review', { id: created.id, decision: 'publish' })

    const wall = await api().ok('demo-volunteer-1', 'wish.wall', {})
    const card = wall.items.find((w) => w.id === created.id)
    expect(card).toMatchObject({ what: '一副助行器', gridName: '第二网格 · 1号微网格', daysWaiting: 0 })

    const claimed = await api().ok('demo-volunteer-1', 'wish.claim', { id: created.id, promisedBy: day(3) })
    expect(claimed.status).toBe('claimed')
    const seen = await api().ok(who, 'wish.get', { id: created.id })
    expect(seen.claim).toEqual({ name: '郑晓东', phone: '137****0001', promisedBy: day(3) })
    expect(
      await api().call('demo-volunteer-2', 'wish.claim', { id: created.id, promisedBy: day(2) }),
    ).toMatchObject(refusal('CONFLICT', '手慢了，这个心愿已被其他志愿者认领'))

    await api().ok(
      'demo-volunteer-1',
      'wish.fulfil',
      await done('demo-volunteer-1', created.id, '已送到家里，教会了怎么调节高度'),
    )
    const confirmed = await api().ok(who, 'wish.confirm', { id: created.id })
    expect(confirmed.status).toBe('done')
    expect(await pointsFor(created.id)).toEqual([
      expect.objectContaining({ openid: 'demo-volunteer-1', points: 10, hours: 2, source: 'wish' }),
    ])
    // A retry of the confirmation, and the scheduler's catch-up, credit nothing more.
    await api().ok(who, 'wish.confirm', { id: created.id })
    await schedule()
    expect(await pointsFor(created.id)).toHaveLength(1)
    expect((await stored(created.id)).credited).toBe(true)
  })

  test('the grid member may confirm for the resident; someone else may not', async () => {
    const { id } = await published()
    await api().ok('demo-volunteer-2', 'wish.claim', { id, promisedBy: day(1) })
    await api().ok('demo-volunteer-2', 'wish.fulfil', await done('demo-volunteer-2', id, '陪老人聊了一下午'))
    expect(await api().call('demo-volunteer-1', 'wish.confirm', { id })).toMatchObject(
      refusal('FORBIDDEN', '只有许愿人或负责的网格员可以确认'),
    )
    expect(await api().call('demo-member-1-1', 'wish.confirm', { id })).toMatchObject({ ok: false })
    await api().ok('demo-member-2-1', 'wish.confirm', { id })
    expect(await pointsFor(id)).toHaveLength(1)
  })

  test('a claim past its promised date goes back on the wall, and the claimant’s name leaves it', async () => {
    const { id } = await published()
    await api().ok('demo-volunteer-1', 'wish.claim', { id, promisedBy: day(0) })
    const t0 = clock
    clock = bj(`${day(0)}T23:59:00`)
    expect((await schedule()).lapsedClaims).toBe(0)
    clock = bj(`${day(1)}T00:01:00`)
    expect((await schedule()).lapsedClaims).toBe(1)
    const doc = await stored(id)
    expect(doc).toMatchObject({ status: 'published', claim: null })
    expect(doc.events[doc.events.length - 1]).toMatchObject({ type: 'lapse', actorName: '系统' })
    expect((await schedule()).lapsedClaims).toBe(0)
    clock = t0
  })
})

describe('content check before anyone sees it', () => {
  test('risky text is refused and nothing is stored; “review” text goes to the grid member marked', async () => {
    const who = await resident()
    const before = await env.count(COLLECTIONS.wishes)
    const risky = await api().call(
      who,
      'wish.create',
      wishInput('一点帮助', '想找人一起去赌博赢点钱补贴家用'),
    )
    expect(risky).toMatchObject(refusal('INVALID_INPUT', '内容含有不适宜公开的信息，请修改后再提交'))
    expect(await env.count(COLLECTIONS.wishes)).toBe(before)
    const flagged = await api().ok(
      who,
      'wish.create',
      wishInput('旧课本', '孩子想要三年级的旧课本，有的话加我微信'),
    )
    const seen = await api().ok('demo-member-2-1', 'wish.get', { id: flagged.id })
    expect(seen.contentCheck).toBe('review')
    expect(env.localWx.checks.map((c) => c.suggest)).toEqual(
      expect.arrayContaining(['risky', 'review', 'pass']),
    )
  })
})

describe('bad input and the wrong people: a Chinese message, nothing changed', () => {
  test('text too short or too long', async () => {
    const who = await resident()
    expect(await api().call(who, 'wish.create', wishInput('书', '想要书'))).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fields: { what: '请写下心愿（至少2个字）', why: '请至少写10个字，说说为什么需要' },
      },
    })
    expect(await api().call(who, 'wish.create', wishInput('一'.repeat(21)))).toMatchObject({
      ok: false,
      error: { fields: { what: '心愿最多20个字' } },
    })
  })

  test('claiming one’s own wish, as a non-volunteer, with a past or far date; fulfilling someone else’s claim', async () => {
    const owner = await volunteer()
    await env.ok(owner, 'me.bindBuilding', { buildingCode: 'B05' })
    const { id } = await published(owner)
    const tries: [string, ActionInput<'wish.claim'>, string][] = [
      [owner, { id, promisedBy: day(1) }, '不能认领自己的心愿'],
      [await resident(), { id, promisedBy: day(1) }, '请先登记为志愿者，再认领心愿'],
      ['demo-volunteer-1', { id, promisedBy: day(-1) }, '承诺完成的日期不能早于今天'],
      ['demo-volunteer-1', { id, promisedBy: day(31) }, '请在30天内完成'],
      ['demo-volunteer-1', { id, promisedBy: '2026-02-30' }, '日期格式不正确'],
    ]
    for (const [who, input, message] of tries) {
      expect(await api().call(who, 'wish.claim', input)).toMatchObject({ ok: false, error: { message } })
    }
    expect((await stored(id)).status).toBe('published')
    await api().ok('demo-volunteer-1', 'wish.claim', { id, promisedBy: day(2) })
    expect(
      await api().call('demo-volunteer-1', 'wish.fulfil', { id, note: '做好了', photos: [], hours: 1 }),
    ).toMatchObject(refusal('INVALID_INPUT', '请拍一张完成的照片'))
    expect(
      await api().call('demo-volunteer-2', 'wish.fulfil', await done('demo-volunteer-2', id, '做好了')),
    ).toMatchObject(refusal('FORBIDDEN', '只有认领人可以标记完成'))
    expect(await api().call('demo-member-2-1', 'wish.review', { id, decision: 'reject' })).toMatchObject(
      refusal('INVALID_INPUT', '请填写不通过的原因（至少2个字）'),
    )
    expect((await stored(id)).status).toBe('claimed')
  })

  test('only the grid member of the building reviews', async () => {
    const who = await resident()
    const w = await api().ok(who, 'wish.create', wishInput())
    for (const other of ['demo-member-1-1', 'demo-volunteer-1']) {
      const res = await api().call(other, 'wish.review', { id: w.id, decision: 'publish' })
      expect(res.ok).toBe(false)
    }
    expect((await stored(w.id)).status).toBe('reviewing')
  })
})

test('ten volunteers claim the same wish at once: exactly one wins', async () => {
  const { id } = await published()
  const vols = await Promise.all(Array.from({ length: 10 }, () => volunteer()))
  const results = await Promise.all(vols.map((v) => api().call(v, 'wish.claim', { id, promisedBy: day(2) })))
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  const doc = await stored(id)
  expect(doc.events.filter((e) => e.type === 'claim')).toHaveLength(1)
  expect(vols).toContain(doc.claim?.openid)
})

test('privacy: nothing a volunteer is shown contains a seeded resident’s name, phone, building or room', async () => {
  const personal = demoUsers(clock).filter((u) => u._id.startsWith('demo-resident'))
  for (const u of personal) {
    const w = await api().ok(u._id, 'wish.create', wishInput('一台收音机', '一个人在家，想听听广播解解闷'))
    await env.db.collection(COLLECTIONS.wishes).doc(w.id).update({ status: 'published', waitingSince: clock })
  }
  const seen: unknown[] = []
  const wall = await api().ok('demo-volunteer-1', 'wish.wall', {})
  seen.push(wall)
  for (const w of wall.items) seen.push(await api().ok('demo-volunteer-1', 'wish.get', { id: w.id }))
  const text = JSON.stringify(seen)
  for (const u of personal) {
    for (const value of [u.name, u.phone, u.room].filter((v): v is string => !!v))
      expect(text).not.toContain(value)
  }
  expect(text).not.toMatch(/\d+号楼/)
})

test('property: over any claim / release / lapse / fulfil / confirm sequence, a wish is credited exactly once when done', async () => {
  const step = fc.constantFrom(
    'claimA',
    'claimB',
    'releaseA',
    'fulfilA',
    'fulfilB',
    'confirm',
    'lapse',
    'schedule',
  )
  const vols = [await volunteer(), await volunteer()]
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      const { who, id } = await published()
      const t0 = clock
      // Many runs in one day would pass the volunteers' upload quota (tested in holes.test.ts).
      await env.db
        .collection(COLLECTIONS.uploads)
        .where({ openid: env.db.command.in(vols) })
        .remove()
      for (const s of steps) {
        const v = s.endsWith('B') ? vols[1] : vols[0]
        if (s.startsWith('claim')) await api().call(v, 'wish.claim', { id, promisedBy: day(0) })
        else if (s === 'releaseA') await api().call(vols[0], 'wish.release', { id })
        else if (s.startsWith('fulfil')) await api().call(v, 'wish.fulfil', await done(v, id, '完成了'))
        else if (s === 'confirm') await api().call(who, 'wish.confirm', { id })
        else if (s === 'lapse') {
          clock = new Date(clock.getTime() + 24 * 3600_000)
          await schedule()
        } else await schedule()
      }
      clock = t0
      const doc = await stored(id)
      const entries = await pointsFor(id)
      if (doc.status === 'done') {
        expect(entries).toHaveLength(1)
        expect(entries[0].openid).toBe(doc.claim?.openid)
      } else expect(entries).toHaveLength(0)
      // One holder at most, and only while claimed or later.
      if (doc.status === 'published') expect(doc.claim).toBeNull()
    }),
    { numRuns: 25 },
  )
})

test('every step tells the people concerned through the outbox: member, resident, claimant', async () => {
  const who = await resident()
  const w = await api().ok(who, 'wish.create', wishInput('一盏台灯', '孩子晚上写作业，家里的台灯坏了看不清'))
  const titles = async (openid: string) => {
    const res = await env.db.collection(COLLECTIONS.messages).where({ openid, targetId: w.id }).get()
    return (res.data as MessageDoc[]).map((m) => m.title).sort()
  }
  expect(await titles('demo-member-2-1')).toEqual(['新心愿待审核'])
  await api().ok('demo-member-2-1', 'wish.review', { id: w.id, decision: 'publish' })
  await api().ok('demo-volunteer-2', 'wish.claim', { id: w.id, promisedBy: day(0) })
  const t0 = clock
  clock = bj(`${day(1)}T00:05:00`)
  await schedule() // the claim lapses: the claimant and the resident hear of it
  clock = t0
  expect(await titles('demo-volunteer-2')).toEqual(['认领已逾期，心愿已重新上墙'])
  await api().ok('demo-volunteer-1', 'wish.claim', { id: w.id, promisedBy: day(2) })
  await api().ok(
    'demo-volunteer-1',
    'wish.fulfil',
    await done('demo-volunteer-1', w.id, '送去了一盏护眼台灯'),
  )
  await api().ok(who, 'wish.confirm', { id: w.id })
  expect(await titles(who)).toEqual(
    [
      '心愿已完成，请确认',
      '心愿重新等待认领',
      '您的心愿已上墙',
      '您的心愿已被认领',
      '您的心愿已被认领',
    ].sort(),
  )
  expect(await titles('demo-volunteer-1')).toEqual(['心愿已圆梦，服务已记入时长'])
  // The member hears of each claim too (the hand-off: who to connect the resident with).
  expect(await titles('demo-member-2-1')).toEqual(
    ['心愿已完成，请确认', '心愿已被认领，请帮忙对接', '心愿已被认领，请帮忙对接', '新心愿待审核'].sort(),
  )
  // A volunteer's message names the grid, never the building.
  const res = await env.db
    .collection(COLLECTIONS.messages)
    .where({ openid: 'demo-volunteer-1', targetId: w.id })
    .get()
  expect((res.data as MessageDoc[])[0].body).toBe('第二网格 · 1号微网格：一盏台灯')
  expect((await stored(w.id)).outboxPending).toBe(false)
})

test('photos: the wish’s and the fulfilment’s, for the resident, their grid member and the claimant only', async () => {
  const who = await resident()
  const w = await api().ok(who, 'wish.create', { ...wishInput(), photos: [await upload(who)] })
  expect(w.photos.map((p) => p.stage)).toEqual(['post'])
  await api().ok('demo-member-2-1', 'wish.review', { id: w.id, decision: 'publish' })
  // On the wall and for a volunteer who has not claimed it: no photo.
  expect((await api().ok('demo-volunteer-2', 'wish.get', { id: w.id })).photos).toEqual([])
  await api().ok('demo-volunteer-1', 'wish.claim', { id: w.id, promisedBy: day(1) })
  expect(
    await api().call('demo-volunteer-1', 'wish.fulfil', {
      id: w.id,
      note: '送到了',
      photos: [await upload('demo-volunteer-2')],
      hours: 1,
    }),
  ).toMatchObject({ ok: false, error: { message: '只能使用您自己刚上传的照片' } })
  expect((await stored(w.id)).status).toBe('claimed')
  const fulfilled = await api().ok('demo-volunteer-1', 'wish.fulfil', {
    id: w.id,
    note: '送到了',
    photos: [await upload('demo-volunteer-1')],
    hours: 1,
  })
  expect(fulfilled.photos.map((p) => p.stage)).toEqual(['post', 'resolve'])
  expect((await api().ok(who, 'wish.get', { id: w.id })).photos).toHaveLength(2)
  expect((await api().ok('demo-member-2-1', 'wish.get', { id: w.id })).photos).toHaveLength(2)
  expect((await api().ok('demo-volunteer-2', 'wish.get', { id: w.id })).photos).toEqual([])
})

test('代录: a grid member posts a wish for a resident without a phone, only in a building they serve', async () => {
  const input = {
    ...wishInput('一副老花镜', '赵奶奶看报纸看不清字，想要一副老花镜'),
    buildingCode: 'B05',
    residentName: '赵奶奶',
    room: '2单元301',
  }
  const users = await env.count(COLLECTIONS.users)
  expect(await api().call('demo-member-1-1', 'wish.createOnBehalf', input)).toMatchObject(
    refusal('FORBIDDEN', '只能为您负责的楼栋代录'),
  )
  expect(
    await api().call('demo-member-2-1', 'wish.createOnBehalf', {
      ...input,
      why: '赵奶奶想找人一起去赌博打发时间',
    }),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  expect(await env.count(COLLECTIONS.users)).toBe(users)
  const w = await api().ok('demo-member-2-1', 'wish.createOnBehalf', input)
  const doc = await stored(w.id)
  expect(doc).toMatchObject({ status: 'reviewing', residentName: '赵奶奶', recordedBy: { name: '杨雪梅' } })
  expect(doc.residentOpenid).toMatch(/^offline-/)
  expect(doc.events[0]).toMatchObject({ actorName: '杨雪梅（代赵奶奶录入）', note: '网格员代录' })
  expect(w.resident).toMatchObject({ name: '赵奶奶', room: '2单元301' })
  // A retry creates nothing twice.
  expect((await api().ok('demo-member-2-1', 'wish.createOnBehalf', input)).id).toBe(w.id)
  expect(await env.count(COLLECTIONS.users)).toBe(users + 1)
  expect(await api().call(await resident(), 'wish.createOnBehalf', input)).toMatchObject(refusal('FORBIDDEN'))
})

test('the resident may withdraw a wish before it is claimed, nobody else may', async () => {
  const { who, id } = await published()
  expect(await api().call('demo-member-2-1', 'wish.withdraw', { id })).toMatchObject(
    refusal('FORBIDDEN', '只有许愿人本人可以撤回'),
  )
  await api().ok(who, 'wish.withdraw', { id })
  expect((await stored(id)).status).toBe('withdrawn')
  expect((await api().ok('demo-volunteer-1', 'wish.wall', {})).items.map((w) => w.id)).not.toContain(id)
  const claimed = await published()
  await api().ok('demo-volunteer-1', 'wish.claim', { id: claimed.id, promisedBy: day(1) })
  expect(await api().call(claimed.who, 'wish.withdraw', { id: claimed.id })).toMatchObject(
    refusal('CONFLICT'),
  )
})

test('waiting 14 days unclaimed: highlighted for the grid’s leader and member, not before', async () => {
  const old = await published()
  const recent = await published()
  const at = (days: number) => new Date(clock.getTime() - days * 24 * 3600_000)
  await env.db
    .collection(COLLECTIONS.wishes)
    .doc(old.id)
    .update({ waitingSince: at(15) })
  await env.db
    .collection(COLLECTIONS.wishes)
    .doc(recent.id)
    .update({ waitingSince: at(13) })
  for (const who of ['demo-leader-2', 'demo-member-2-1', 'demo-admin']) {
    const stale = (await api().ok(who, 'wish.inbox', { tab: 'stale' })).items.map((w) => w.id)
    expect(stale).toContain(old.id)
    expect(stale).not.toContain(recent.id)
  }
  expect(
    (await api().ok('demo-leader-1', 'wish.inbox', { tab: 'stale' })).items.map((w) => w.id),
  ).not.toContain(old.id)
  const card = (await api().ok('demo-leader-2', 'wish.inbox', { tab: 'stale' })).items.find(
    (w) => w.id === old.id,
  )
  expect(card?.daysWaiting).toBe(15)
})
