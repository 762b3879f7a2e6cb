/**
 * Two-step moves cut short (issue 19): 合并 and 转志愿服务 each write two documents — CloudBase
 * transactions are single-document — so a crash between the writes leaves half of the move. Here
 * the function "dies" at the second write (test/support/faults.ts); the scheduler, once the move
 * has been left so for longer than a function can run, finishes it with a 台账 event, and a second
 * run changes nothing. A retry of the member's own call finishes it too.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { WishDoc } from '../../cloudfunctions/core/model'
import { mergeRequest } from '../../cloudfunctions/core/requests/duplicates'
import { HALF_DONE_AFTER_MS } from '../../cloudfunctions/core/requests/repair'
import { requestToWish } from '../../cloudfunctions/core/requests/to-wish'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { absorbedNote } from '../../src/domain/duplicates'
import { clockApi, fileEnv } from '../support/env'
import { crashingAt, INJECTED, type Write } from '../support/faults'
import { storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-14T09:00:00+08:00' })
let clock = bj('2026-12-14T09:00:00')
const api = () => clockApi(env, () => clock)

const LIU = 'demo-member-1-1'
const DAYE = 'demo-resident-1'
/** New neighbours in 1号楼 (bound in beforeAll). */
const QIAN = 'half-neighbour-qian'
const ZHOU = 'half-neighbour-zhou'

let n = 0
const rid = () => `half-${++n}-xxxxxxxx`
const stored = (id: string) => storedRequest(env, id)
async function storedWish(id: string): Promise<WishDoc | undefined> {
  return (await env.db.collection(COLLECTIONS.wishes).doc(id).get()).data[0] as WishDoc | undefined
}
const later = (ms: number) => new Date(clock.getTime() + ms)
const schedule = (at: Date) => runScheduler(env.deps(() => at))

/** `openid`'s context for calling a use case directly, its database dying at the first write `fails` picks. */
async function crashing(openid: string, fails: (w: Write) => boolean) {
  const ctx = await env.context(openid, () => clock)
  const faulty = crashingAt(ctx.deps.db, fails)
  return { ctx: { ...ctx, deps: { ...ctx.deps, db: faulty.db } }, hits: faulty.hits }
}

beforeAll(async () => {
  for (const [openid, name, room] of [
    [QIAN, '钱先生', '2单元301'],
    [ZHOU, '周大爷', '1单元202'],
  ]) {
    await api().ok(openid, 'me.bindBuilding', { buildingCode: 'B01', room })
    await api().ok(openid, 'me.contact', { name, phone: '13912340009' })
  }
})

test('a merge that died before the target took the duplicate’s people in: the scheduler finishes it, once', async () => {
  clock = bj('2026-12-14T09:00:00')
  const b = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼1单元门口的台阶碎了一块',
  })
  const a = await api().ok(QIAN, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼1单元台阶坏了，容易绊倒',
  })
  await api().ok(ZHOU, 'request.follow', { id: a.id })
  clock = bj('2026-12-14T10:00:00')
  const { ctx, hits } = await crashing(
    LIU,
    (w) => w.collection === COLLECTIONS.requests && w.method === 'update' && w.id === b.id,
  )
  await expect(mergeRequest({ id: a.id, into: b.id }, ctx)).rejects.toThrow(INJECTED)
  expect(hits()).toBe(1)
  // Half done: the duplicate is 已合并, the target knows nothing of it.
  expect(await stored(a.id)).toMatchObject({ status: 'merged', mergePending: true })
  const half = await stored(b.id)
  expect(half.followers ?? []).toEqual([])
  expect(half.mergedFrom).toBeUndefined()
  // Within a function's run it may still be under way: left alone.
  expect((await schedule(later(HALF_DONE_AFTER_MS - 60_000))).halfDone.mergesFinished).toBe(0)
  expect((await stored(b.id)).mergedFrom).toBeUndefined()
  // Past it: finished, with the target's event (by the system, saying how many moved).
  const report = await schedule(later(HALF_DONE_AFTER_MS + 60_000))
  expect(report.halfDone.mergesFinished).toBe(1)
  const done = await stored(b.id)
  expect(done.followers).toEqual([QIAN, ZHOU])
  expect(done.mergedFrom).toEqual([a.id])
  expect(done.events.at(-1)).toMatchObject({
    type: 'absorb',
    actorOpenid: 'system',
    note: `${absorbedNote(a.no, 2)}（合并中断后由系统补记）`,
  })
  expect((await stored(a.id)).mergePending).toBe(false)
  // A second run (and the member's retry) changes nothing.
  const before = JSON.stringify([await stored(a.id), await stored(b.id)])
  expect((await schedule(later(HALF_DONE_AFTER_MS + 120_000))).halfDone.mergesFinished).toBe(0)
  await api().ok(LIU, 'request.merge', { id: a.id, into: b.id })
  expect(JSON.stringify([await stored(a.id), await stored(b.id)])).toBe(before)
})

test('the member’s retry of a merge cut short finishes it at once, one event', async () => {
  clock = bj('2026-12-15T09:00:00')
  const b = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼楼顶的水箱盖没盖好',
  })
  const a = await api().ok(QIAN, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼楼顶水箱盖开着',
  })
  const { ctx } = await crashing(
    LIU,
    (w) => w.collection === COLLECTIONS.requests && w.method === 'update' && w.id === b.id,
  )
  await expect(mergeRequest({ id: a.id, into: b.id }, ctx)).rejects.toThrow(INJECTED)
  await api().ok(LIU, 'request.merge', { id: a.id, into: b.id })
  const done = await stored(b.id)
  expect(done.followers).toEqual([QIAN])
  expect(done.events.filter((e) => e.type === 'absorb')).toHaveLength(1)
  expect((await stored(a.id)).mergePending).toBe(false)
  expect((await schedule(later(HALF_DONE_AFTER_MS * 2))).halfDone.mergesFinished).toBe(0)
})

const WISH = {
  category: 'other',
  what: '帮王大爷买一周的菜',
  why: '王大爷腿脚不便，下楼买菜困难。',
} as const

test('转志愿服务 that died before its wish was written: the scheduler publishes it from the request, once', async () => {
  clock = bj('2026-12-16T09:00:00')
  const r = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'other',
    description: '我腿脚不方便，想请人帮忙买菜',
  })
  await api().ok(LIU, 'request.accept', { id: r.id })
  const { ctx } = await crashing(LIU, (w) => w.collection === COLLECTIONS.wishes && w.method === 'add')
  await expect(requestToWish({ id: r.id, requestId: rid(), ...WISH }, ctx)).rejects.toThrow(INJECTED)
  const half = await stored(r.id)
  expect(half.status).toBe('volunteering')
  expect(half.volunteer).toMatchObject({ pending: true, category: 'other', why: WISH.why })
  const wishId = half.volunteer!.wishId
  expect(await storedWish(wishId)).toBeUndefined()
  expect((await schedule(later(HALF_DONE_AFTER_MS - 60_000))).halfDone.wishesFinished).toBe(0)
  expect(await storedWish(wishId)).toBeUndefined()

  const report = await schedule(later(HALF_DONE_AFTER_MS + 60_000))
  expect(report.halfDone.wishesFinished).toBe(1)
  const wish = (await storedWish(wishId))!
  // As the member wrote it, in their name, published when they turned it.
  expect(wish).toMatchObject({
    status: 'published',
    what: WISH.what,
    why: WISH.why,
    category: 'other',
    fromRequest: { id: r.id, no: r.no },
  })
  expect(wish.events[0]).toMatchObject({ type: 'create', actorOpenid: LIU })
  expect(new Date(wish.publishedAt!)).toEqual(clock)
  const done = await stored(r.id)
  expect(done.volunteer?.pending).toBe(false)
  // The words kept for the wish are the wish's now.
  expect(done.volunteer?.why).toBeUndefined()
  expect(done.events.at(-1)).toMatchObject({
    type: 'toWishFinish',
    actorOpenid: 'system',
    from: 'volunteering',
    to: 'volunteering',
    note: `转志愿服务中断，心愿“${WISH.what}”已由系统补发到心愿墙`,
  })
  // It is on the wall.
  expect((await api().ok(QIAN, 'wish.wall', {})).items.map((w) => w.id)).toContain(wishId)
  // A second run changes nothing; neither does a third.
  const before = JSON.stringify([await stored(r.id), await storedWish(wishId)])
  expect((await schedule(later(HALF_DONE_AFTER_MS + 120_000))).halfDone.wishesFinished).toBe(0)
  expect(JSON.stringify([await stored(r.id), await storedWish(wishId)])).toBe(before)
})

test('转志愿服务 that died after its wish, before saying so: the scheduler records it, one wish', async () => {
  clock = bj('2026-12-17T09:00:00')
  const r = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'other',
    description: '想请人教我用手机挂号',
  })
  const { ctx } = await crashing(
    LIU,
    (w) =>
      w.collection === COLLECTIONS.requests &&
      w.method === 'update' &&
      !!w.where &&
      'volunteer.pending' in w.where,
  )
  const input = {
    id: r.id,
    requestId: rid(),
    category: 'other',
    what: '教王大爷用手机挂号',
    why: '王大爷不会用手机，挂号总排不上队。',
  } as const
  await expect(requestToWish(input, ctx)).rejects.toThrow(INJECTED)
  const wishId = (await stored(r.id)).volunteer!.wishId
  expect(await storedWish(wishId)).toBeDefined()
  await schedule(later(HALF_DONE_AFTER_MS + 60_000))
  const done = await stored(r.id)
  expect(done.volunteer).toMatchObject({ pending: false, state: 'serving', wishId })
  expect(done.volunteer?.why).toBeUndefined()
  expect(done.events.at(-1)?.note).toBe('转志愿服务中断，心愿“教王大爷用手机挂号”已在心愿墙，系统补记')
  const res = await env.db.collection(COLLECTIONS.wishes).where({ 'fromRequest.id': r.id }).get()
  expect(res.data).toHaveLength(1)
  // The member's retry answers with the same wish and writes nothing more.
  const before = JSON.stringify(await stored(r.id))
  expect((await api().ok(LIU, 'request.toWish', input)).id).toBe(wishId)
  expect(JSON.stringify(await stored(r.id))).toBe(before)
})
