/**
 * 我关注的 (issue 19): a neighbour who followed a request (我也遇到了) opens it masked — no reporter,
 * room, phone, photo or 办理情况; its state, building and public steps — and rates the result once
 * (邻居评价): counted apart, an event on the 台账, never closing it nor in the board's 满意率.
 */
import { NEIGHBOUR_RATED_MESSAGE } from '../../src/domain/duplicates'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const LIU = 'demo-member-1-1'
const ADMIN = 'demo-admin'
/** 赵桂兰, 1号楼's 楼栋长, lives there. */
const ZHAO = 'demo-building-leader-1'
/** 孙阿姨, 3号楼. */
const SUN = 'demo-resident-2'
const LI = 'fol-neighbour-li'
const QIAN = 'fol-neighbour-qian'

let n = 0
const rid = () => `fol-${++n}-xxxxxxxx`

beforeAll(async () => {
  await api().ok(LI, 'me.bindBuilding', { buildingCode: 'B01', room: '3单元502' })
  await api().ok(LI, 'me.contact', { name: '李阿姨', phone: '13912340001' })
  await api().ok(QIAN, 'me.bindBuilding', { buildingCode: 'B01', room: '2单元301' })
})

async function lampFollowed() {
  const r = await api().ok(LI, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼3单元的楼道灯不亮了，晚上上楼看不清楚，老人容易摔跤，联系李阿姨 3单元502',
  })
  await api().ok(QIAN, 'request.follow', { id: r.id })
  return r.id
}

test('a follower finds it in 我关注的 and opens it masked; rates it once it is done, apart from the reporter', async () => {
  clock = bj('2026-12-07T09:00:00')
  const id = await lampFollowed()
  const list = await api().ok(QIAN, 'request.followed', {})
  expect(list.items.map((i) => i.id)).toEqual([id])
  const view = await api().ok(QIAN, 'request.followedGet', { id })
  expect(view).toMatchObject({
    categoryName: '设施报修',
    statusName: '待接单',
    buildingName: '1号楼',
    followerCount: 1,
    canRate: false,
    myRating: null,
    steps: [{ title: '邻居反映了这个问题' }, { title: '又有邻居也遇到了（+1）' }],
  })
  expect(view.summary).toBe('1号楼3单元的楼道灯不亮了，晚上上楼看不清楚，老人容易摔跤，…')
  // Not rateable while open: refused, nothing written.
  expect(await api().call(QIAN, 'request.neighbourRate', { id, rating: 'satisfied' })).toMatchObject(
    refusal('CONFLICT', '这条诉求目前“待接单”，办结后才能评价'),
  )

  clock = bj('2026-12-07T10:00:00')
  await api().ok(LIU, 'request.accept', { id })
  await api().ok(LIU, 'request.resolve', { id, note: '已更换3单元502门口的灯泡，李阿姨确认亮了' })
  const done = await api().ok(QIAN, 'request.followedGet', { id })
  expect(done).toMatchObject({ statusName: '待评价', canRate: true })
  expect(done.steps.map((s) => s.title)).toEqual([
    '邻居反映了这个问题',
    '又有邻居也遇到了（+1）',
    '网格员已接单',
    '已办结，请评价',
  ])
  // Masked: nobody's name, room, phone, photo, nor the 办理情况 (it names the door).
  const text = JSON.stringify([list, done])
  for (const secret of ['李阿姨', LI, '3单元502', '13912340001', '刘芳', 'photos', '已更换']) {
    expect(text).not.toContain(secret)
  }

  clock = bj('2026-12-07T11:00:00')
  const rated = await api().ok(QIAN, 'request.neighbourRate', { id, rating: 'basic' })
  expect(rated).toMatchObject({
    myRating: 'basic',
    canRate: false,
    neighbourRatings: { satisfied: 0, basic: 1, unsatisfied: 0 },
  })
  // A retry answers as the first; another rating is refused — once per neighbour.
  expect(await api().ok(QIAN, 'request.neighbourRate', { id, rating: 'basic' })).toMatchObject({
    myRating: 'basic',
  })
  expect(await api().call(QIAN, 'request.neighbourRate', { id, rating: 'unsatisfied' })).toMatchObject(
    refusal('CONFLICT', '您已评价过（基本满意），每位邻居评价一次'),
  )
  const doc = await storedRequest(env, id)
  // Still 待评价: the reporter's rating is the one that closes it.
  expect(doc.status).toBe('resolved')
  expect(doc.rating).toBeNull()
  expect(doc.neighbourRatings).toEqual([{ openid: QIAN, rating: 'basic', at: clock }])
  const events = doc.events.filter((e) => e.type === 'neighbourRate')
  expect(events).toEqual([
    expect.objectContaining({
      actorName: '邻居',
      from: 'resolved',
      to: 'resolved',
      note: `基本满意。${NEIGHBOUR_RATED_MESSAGE}`,
    }),
  ])
  // The grid sees the count and the 台账 line, named 邻居.
  const staff = await api().ok(LIU, 'request.get', { id })
  expect(staff.neighbourRatingCount).toBe(1)
  expect(staff.events.find((e) => e.type === 'neighbourRate')).toMatchObject({
    title: '邻居评价',
    actorName: '邻居',
  })

  // The reporter rates and closes it; the follower's own rating stays theirs.
  await api().ok(LI, 'request.rate', { id, rating: 'satisfied' })
  clock = bj('2026-12-07T12:00:00')
  const closed = await api().ok(QIAN, 'request.followedGet', { id })
  expect(closed).toMatchObject({ statusName: '已完结', myRating: 'basic', canRate: false })
  expect(closed.steps.map((s) => s.title)).toContain('已完结')
})

test('the board’s 满意率 counts the reporter’s rating only: a follower’s 不满意 changes nothing', async () => {
  clock = bj('2026-12-08T09:00:00')
  const id = await lampFollowed()
  await api().ok(LIU, 'request.accept', { id })
  await api().ok(LIU, 'request.resolve', { id, note: '已修好' })
  await api().ok(LI, 'request.rate', { id, rating: 'satisfied' })
  const before = await api().ok(ADMIN, 'metrics.month', { month: '2026-12' })
  await api().ok(QIAN, 'request.neighbourRate', { id, rating: 'unsatisfied' })
  const after = await api().ok(ADMIN, 'metrics.month', { month: '2026-12' })
  expect(after.grids).toEqual(before.grids)
  expect((await storedRequest(env, id)).status).toBe('closed')
})

test('who may not open or rate it, and bad input, change nothing', async () => {
  clock = bj('2026-12-09T09:00:00')
  const id = await lampFollowed()
  await api().ok(LIU, 'request.accept', { id })
  await api().ok(LIU, 'request.resolve', { id, note: '已修好' })
  const before = JSON.stringify(await storedRequest(env, id))
  const cases: [string, unknown, ReturnType<typeof refusal>][] = [
    [QIAN, { id: '', rating: 'basic' }, refusal('INVALID_INPUT', '缺少编号')],
    [QIAN, { id, rating: 'great' }, refusal('INVALID_INPUT', '请选择满意程度')],
    [QIAN, { id, rating: 'basic', extra: 1 }, refusal('INVALID_INPUT')],
    [QIAN, { id: 'nope', rating: 'basic' }, refusal('NOT_FOUND')],
    // The reporter rates as the reporter; a neighbour who does not follow, the grid, a stranger: no.
    [LI, { id, rating: 'basic' }, refusal('NOT_FOUND', '没有找到您关注的这条诉求')],
    [ZHAO, { id, rating: 'basic' }, refusal('NOT_FOUND')],
    [SUN, { id, rating: 'basic' }, refusal('NOT_FOUND')],
    [LIU, { id, rating: 'basic' }, refusal('NOT_FOUND')],
    ['fol-stranger', { id, rating: 'basic' }, refusal('NOT_FOUND')],
  ]
  for (const [who, input, expected] of cases)
    expect(await api().call(who, 'request.neighbourRate', input as never)).toMatchObject(expected)
  for (const who of [LI, ZHAO, SUN, LIU])
    expect(await api().call(who, 'request.followedGet', { id })).toMatchObject(refusal('NOT_FOUND'))
  expect(await api().call(QIAN, 'request.followed', { extra: 1 } as never)).toMatchObject(
    refusal('INVALID_INPUT'),
  )
  expect((await api().ok(SUN, 'request.followed', {})).items).toEqual([])
  expect(JSON.stringify(await storedRequest(env, id))).toBe(before)
})
