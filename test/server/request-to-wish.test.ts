/**
 * 转志愿服务 (issue 19, part 1; src/domain/volunteer-work.ts): the grid member turns a request a
 * neighbour can meet into a 微心愿, linked both ways; while volunteers serve it the request's clocks
 * stand still; the resident's 确认圆梦 closes it (points as for any wish, counted on the board), a
 * release or a lapse gives it back to the member with a notice and a fresh resolve clock.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { PointsEntryDoc, WishDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { POINT_RULES } from '../../src/domain/points'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T10:00:00+08:00' })
let clock = bj('2026-12-07T10:00:00')
const api = () => clockApi(env, () => clock)

const LIU = 'demo-member-1-1'
const WANG = 'demo-leader-1'
const OTHER_MEMBER = 'demo-member-2-1'
const DAYE = 'demo-resident-1'
const VOLUNTEER = 'demo-volunteer-2'

let n = 0
const rid = (tag = 'r') => `to-wish-${tag}-${++n}-xxxxxx`
const stored = (id: string) => storedRequest(env, id)
async function storedWish(id: string): Promise<WishDoc | undefined> {
  return (await env.db.collection(COLLECTIONS.wishes).doc(id).get()).data[0] as WishDoc | undefined
}
async function wishesOf(requestDocId: string): Promise<WishDoc[]> {
  const res = await env.db.collection(COLLECTIONS.wishes).where({ 'fromRequest.id': requestDocId }).get()
  return res.data as WishDoc[]
}

const WISH = {
  category: 'visit',
  what: '陪王大爷去医院复查',
  why: '王大爷年近八十，腿脚不便，下周要去区医院复查，子女在外地。',
} as const

async function filed(description = '我下周要去医院复查，一个人去不了，想请人陪一下'): Promise<string> {
  const { id } = await api().ok(DAYE, 'request.create', {
    requestId: rid('post'),
    category: 'other',
    description,
  })
  return id
}
async function acceptedAndTurned(): Promise<{ id: string; wishId: string }> {
  const id = await filed()
  await api().ok(LIU, 'request.accept', { id })
  const wish = await api().ok(LIU, 'request.toWish', { id, requestId: rid('turn'), ...WISH })
  return { id, wishId: wish.id }
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 5)])
async function fulfil(wishId: string, hours: number) {
  const photo = await env.upload(VOLUNTEER, `v${++n}.jpg`, JPEG)
  await api().ok(VOLUNTEER, 'wish.fulfil', {
    id: wishId,
    note: '陪着去医院复查，已送回家',
    photos: [photo],
    hours,
  })
}

beforeEach(() => {
  clock = bj('2026-12-07T10:00:00')
})

test('happy path: turned, claimed, fulfilled, confirmed by the resident — the request closes, points credited, the board counts it', async () => {
  const { id, wishId } = await acceptedAndTurned()
  const request = await stored(id)
  expect(request).toMatchObject({ status: 'volunteering', volunteer: { wishId, state: 'serving' } })
  // Both writes done: nothing left for the scheduler to finish, the words are the wish's.
  expect(request.volunteer).toMatchObject({ pending: false, category: 'visit' })
  expect(request.volunteer?.why).toBeUndefined()
  expect(request.events.at(-1)).toMatchObject({
    type: 'toWish',
    from: 'accepted',
    to: 'volunteering',
    actorOpenid: LIU,
    note: `转为微心愿：${WISH.what}`,
  })
  // The wish carries the request, is on the wall at once, its 台账 says where it came from.
  const wish = await storedWish(wishId)
  expect(wish).toMatchObject({
    status: 'published',
    residentOpenid: DAYE,
    what: WISH.what,
    fromRequest: { id, no: request.no },
  })
  expect(wish?.events.map((e) => [e.type, e.note])).toEqual([
    ['create', `由诉求${request.no}转为志愿服务`],
    ['publish', null],
  ])
  expect(await noticeTitles(env, DAYE, id)).toContain('您的诉求已转志愿服务')

  // Both sides show the link: the resident's request its wish's progress; the wish 来自诉求.
  const mine = await api().ok(DAYE, 'request.get', { id })
  expect(mine).toMatchObject({
    status: 'volunteering',
    statusName: '已转志愿服务',
    volunteer: { wishId, wishStatus: 'published', wishStatusName: '待认领', claimantName: null },
  })
  expect((await api().ok(DAYE, 'wish.get', { id: wishId })).fromRequest).toEqual({ no: request.no, id })
  // A volunteer reading the wall sees where it came from, not a way into the request.
  const seen = await api().ok(VOLUNTEER, 'wish.get', { id: wishId })
  expect(seen.fromRequest).toEqual({ no: request.no, id: null })
  expect(await api().call(VOLUNTEER, 'request.get', { id })).toMatchObject(refusal('NOT_FOUND'))

  await api().ok(VOLUNTEER, 'wish.claim', { id: wishId, promisedBy: '2026-12-10' })
  expect((await api().ok(DAYE, 'request.get', { id })).volunteer).toMatchObject({
    wishStatus: 'claimed',
    claimantName: '冯雪',
  })
  await fulfil(wishId, 1.5)
  // Fulfilled is not closed: only the resident's confirmation closes it.
  expect((await stored(id)).status).toBe('volunteering')

  clock = bj('2026-12-08T09:00:00')
  await api().ok(DAYE, 'wish.confirm', { id: wishId })
  const closed = await stored(id)
  expect(closed).toMatchObject({ status: 'closed', volunteer: { state: 'done' }, closedAt: clock })
  expect(closed.events.at(-1)).toMatchObject({
    type: 'volunteerDone',
    from: 'volunteering',
    to: 'closed',
    actorOpenid: DAYE,
    note: `冯雪完成的心愿“${WISH.what}”已确认`,
  })
  expect(closed.resolutionNote).toBe('志愿服务：冯雪，陪着去医院复查，已送回家')
  expect(await noticeTitles(env, LIU, id)).toContain('志愿服务已完成，诉求已结案')
  const points = await env.db.collection(COLLECTIONS.points).where({ sourceId: wishId }).get()
  expect(points.data as PointsEntryDoc[]).toEqual([
    expect.objectContaining({
      openid: VOLUNTEER,
      hours: 1.5,
      points: Math.round(1.5 * POINT_RULES.wishFulfilled.pointsPerHour),
    }),
  ])

  // The board: B01's micro-grid (and the grid, the community above it) counts one solved by volunteers.
  clock = bj('2026-12-08T09:30:00')
  const board = await api().ok('demo-admin', 'metrics.month', { month: '2026-12' })
  const micro = board.grids.find((g) => g.gridId === 'g-1-1-1')
  expect(micro?.volunteerSolved).toBe(1)
  expect(board.grids.find((g) => g.gridId === 'g-1-1')?.volunteerSolved).toBe(1)
  expect(board.grids.find((g) => g.gridId === 'g-1-2-1')?.volunteerSolved).toBe(0)
})

test('released, the wish leaves the wall and the request is the member’s again, told, with a fresh clock', async () => {
  const { id, wishId } = await acceptedAndTurned()
  await api().ok(VOLUNTEER, 'wish.claim', { id: wishId, promisedBy: '2026-12-10' })
  clock = bj('2026-12-09T15:00:00')
  await api().ok(VOLUNTEER, 'wish.release', { id: wishId })
  const back = await stored(id)
  expect(back).toMatchObject({
    status: 'accepted',
    assigneeOpenid: LIU,
    volunteer: { wishId, state: 'returned' },
    escalateBy: null,
    // 其他 is 一般: 7 days to resolve, counted from its return.
    resolveBy: bj('2026-12-16T15:00:00'),
  })
  expect(back.events.at(-1)).toMatchObject({
    type: 'volunteerBack',
    from: 'volunteering',
    to: 'accepted',
    note: `志愿者放弃了认领（心愿“${WISH.what}”）`,
  })
  const wish = await storedWish(wishId)
  expect(wish?.status).toBe('withdrawn')
  expect(wish?.events.at(-1)).toMatchObject({ type: 'recall', note: '志愿者放弃了认领，诉求退回网格员办理' })
  expect(await noticeTitles(env, LIU, id)).toContain('志愿服务未完成，诉求退回您办理')
  // Not on the wall any more: nobody can claim it.
  expect(
    await api().call('demo-volunteer-1', 'wish.claim', { id: wishId, promisedBy: '2026-12-12' }),
  ).toMatchObject(refusal('NOT_FOUND'))
  // The member works it as before, and may turn it into a wish again.
  expect((await api().ok(LIU, 'request.get', { id })).actions).toEqual(
    expect.arrayContaining(['resolve', 'toWish']),
  )
  const again = await api().ok(LIU, 'request.toWish', { id, requestId: rid('again'), ...WISH })
  expect(again.status).toBe('published')
  expect((await stored(id)).status).toBe('volunteering')
  expect(await wishesOf(id)).toHaveLength(2)
})

test('a claim that lapses: the scheduler gives the request back to the member', async () => {
  const { id, wishId } = await acceptedAndTurned()
  await api().ok(VOLUNTEER, 'wish.claim', { id: wishId, promisedBy: '2026-12-08' })
  await runScheduler(env.deps(() => bj('2026-12-09T00:05:00')))
  expect(await stored(id)).toMatchObject({ status: 'accepted', volunteer: { state: 'returned' } })
  expect((await stored(id)).events.at(-1)).toMatchObject({ type: 'volunteerBack', actorOpenid: 'system' })
  expect((await storedWish(wishId))?.events.map((e) => e.type).slice(-2)).toEqual(['lapse', 'recall'])
  expect(await noticeTitles(env, LIU, id)).toContain('志愿服务未完成，诉求退回您办理')
})

test('the clocks stand still while volunteers serve: no 上报, no 催办, not overdue on the board', async () => {
  // Waiting (not yet accepted): turned at once by the member, who it now comes back to.
  const id = await filed('楼下超市太远，想请人帮忙买一周的米面油')
  await api().ok(LIU, 'request.toWish', {
    id,
    requestId: rid('wait'),
    category: 'goods',
    what: '帮忙买一周的米面油',
    why: '老人独居，超市离得远，提不动米面油，想请志愿者帮忙买一次。',
  })
  const turned = await stored(id)
  expect(turned).toMatchObject({ status: 'volunteering', assigneeOpenid: LIU, level: 3 })
  // Long past both its accept and its resolve clock, the scheduler runs every day.
  for (const day of ['2026-12-09', '2026-12-15', '2026-12-20', '2026-12-28'])
    await runScheduler(env.deps(() => bj(`${day}T10:00:00`)))
  const still = await stored(id)
  expect(still.status).toBe('volunteering')
  expect(still.level).toBe(3)
  expect(still.events.map((e) => e.type)).toEqual(['create', 'toWish'])
  clock = bj('2026-12-28T10:00:00')
  const board = await api().ok('demo-admin', 'metrics.month', { month: '2026-12' })
  const before = board.grids.find((g) => g.gridId === 'g-1-1-1')?.openOverdue ?? -1
  // The same request resolved nowhere and not with volunteers would be overdue: give it back to see.
  const wishId = turned.volunteer?.wishId ?? ''
  await api().ok(DAYE, 'wish.withdraw', { id: wishId })
  expect(await stored(id)).toMatchObject({ status: 'accepted', volunteer: { state: 'returned' } })
  clock = bj('2027-01-05T10:00:00')
  const later = await api().ok('demo-admin', 'metrics.month', { month: '2026-12' })
  expect(later.grids.find((g) => g.gridId === 'g-1-1-1')?.openOverdue).toBe(before + 1)
})

test('bad input gets a Chinese message and changes nothing', async () => {
  const id = await filed()
  await api().ok(LIU, 'request.accept', { id })
  const before = JSON.stringify(await stored(id))
  const cases: [object, string][] = [
    [{ ...WISH, what: '陪' }, '请写下心愿（至少2个字）'],
    [{ ...WISH, what: '陪王大爷去区医院复查身体顺便取药再送他回家' }, '心愿最多20个字'],
    [{ ...WISH, why: '去医院' }, '请至少写10个字，说说为什么需要'],
    [{ ...WISH, category: 'shopping' }, '请选择心愿类别'],
    [{ ...WISH, requestId: '' }, ''],
    [{ ...WISH, id: '' }, ''],
  ]
  for (const [over, message] of cases) {
    const input = { id, requestId: rid('bad'), ...over }
    expect(await api().call(LIU, 'request.toWish', input as never)).toMatchObject(
      refusal('INVALID_INPUT', message || undefined),
    )
  }
  expect(JSON.stringify(await stored(id))).toBe(before)
  expect(await wishesOf(id)).toHaveLength(0)
})

test('unauthorized: the resident, another grid, a volunteer; the wrong state and kinds of request', async () => {
  const id = await filed()
  const before = JSON.stringify(await stored(id))
  const input = () => ({ id, requestId: rid('who'), ...WISH })
  expect(await api().call(DAYE, 'request.toWish', input())).toMatchObject(refusal('FORBIDDEN'))
  expect(await api().call(OTHER_MEMBER, 'request.toWish', input())).toMatchObject(refusal('NOT_FOUND'))
  expect(await api().call(VOLUNTEER, 'request.toWish', input())).toMatchObject(refusal('FORBIDDEN'))
  expect(JSON.stringify(await stored(id))).toBe(before)
  expect(await wishesOf(id)).toHaveLength(0)

  // The leader above may turn what the member holds; closed or cancelled ones cannot be turned.
  await api().ok(LIU, 'request.accept', { id })
  expect((await api().ok(WANG, 'request.toWish', input())).fromRequest?.id).toBe(id)
  expect((await stored(id)).status).toBe('volunteering')
  const cancelled = await filed('楼道里有人堆了纸箱，想请人帮忙搬走')
  await api().ok(DAYE, 'request.cancel', { id: cancelled, reason: '已经自己搬走了' })
  expect(
    await api().call(LIU, 'request.toWish', { id: cancelled, requestId: rid('x'), ...WISH }),
  ).toMatchObject(refusal('CONFLICT', '只有待接单或处理中的诉求可以转志愿服务'))
})

test('idempotent by requestId: a retry answers the same, one wish, one event; another requestId is refused', async () => {
  const id = await filed()
  await api().ok(LIU, 'request.accept', { id })
  const input = { id, requestId: rid('same'), ...WISH }
  const first = await api().ok(LIU, 'request.toWish', input)
  const second = await api().ok(LIU, 'request.toWish', input)
  expect(second.id).toBe(first.id)
  expect((await stored(id)).volunteer?.wishId).toBe(first.id)
  expect(await wishesOf(id)).toHaveLength(1)
  expect((await stored(id)).events.filter((e) => e.type === 'toWish')).toHaveLength(1)
  expect(await api().call(LIU, 'request.toWish', { ...input, requestId: rid('other') })).toMatchObject(
    refusal('CONFLICT'),
  )
  expect(await wishesOf(id)).toHaveLength(1)
})
