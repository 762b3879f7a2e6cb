/**
 * 重复诉求 (issue 19, part 2): a resident about to post sees the open requests of their building and
 * category from the last days — masked, never who reported, never a sensitive one — and can follow
 * one (+1) instead of filing again, hearing of its progress; the grid sees the follower count and
 * merges a duplicate that slipped through (已合并, an event on both, its reporter follows the other).
 */
import type { CategoryCode } from '../../src/domain/categories'
import { absorbedNote, mergedNote, SIMILAR_LIMIT, SIMILAR_WINDOW_DAYS } from '../../src/domain/duplicates'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { noticeBodies, noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const LIU = 'demo-member-1-1'
/** 杨雪梅 serves 第二网格: not 1号楼's. */
const YANG = 'demo-member-2-1'
/** 赵桂兰, 1号楼's 楼栋长, lives there: a neighbour of 王大爷. */
const ZHAO = 'demo-building-leader-1'
/** 孙阿姨, 3号楼. */
const SUN = 'demo-resident-2'
/** New neighbours in 1号楼 (bound in beforeAll): 钱先生, 李阿姨, 周大爷. */
const QIAN = 'dup-neighbour-qian'
const LI = 'dup-neighbour-li'
const ZHOU = 'dup-neighbour-zhou'

let n = 0
const rid = () => `dup-${++n}-xxxxxxxx`
const stored = (id: string) => storedRequest(env, id)

async function post(openid: string, description: string, category: CategoryCode = 'facility') {
  return api().ok(openid, 'request.create', { requestId: rid(), category, description })
}

beforeAll(async () => {
  const people: [string, string, string][] = [
    [QIAN, '钱先生', '2单元301'],
    [LI, '李阿姨', '3单元502'],
    [ZHOU, '周大爷', '1单元202'],
  ]
  for (const [openid, name, room] of people) {
    await api().ok(openid, 'me.bindBuilding', { buildingCode: 'B01', room })
    await api().ok(openid, 'me.contact', { name, phone: `1391234000${people.length}` })
  }
})

test('a neighbour sees 1号楼’s open 设施报修 of the last days, masked; follows it; hears of its progress', async () => {
  clock = bj('2026-12-07T09:00:00')
  const lamp = await post(LI, '1号楼3单元的楼道灯不亮了，晚上上楼看不清楚，老人容易摔跤，联系李阿姨 3单元502')
  // Another category, another building: not the same thing.
  const litter = await post(LI, '1号楼门口有人乱扔垃圾，味道很大', 'environment')
  const there = await post(SUN, '3号楼的楼道灯也坏了，晚上很黑')
  clock = bj('2026-12-07T15:00:00')
  const { items } = await api().ok(QIAN, 'request.similar', { category: 'facility' })
  // Newest first (the demo's own 1号楼 声控灯 report, 王大爷's, after it).
  expect(items[0].id).toBe(lamp.id)
  expect(items.map((i) => i.id)).not.toContain(litter.id)
  expect(items.map((i) => i.id)).not.toContain(there.id)
  const [item] = items
  expect(item).toMatchObject({
    categoryName: '设施报修',
    statusName: '待接单',
    age: '今天',
    followerCount: 0,
    following: false,
  })
  // The start of the words, cut: the room and the name at the end are not shown; nor who reported.
  expect(item.summary).toBe('1号楼3单元的楼道灯不亮了，晚上上楼看不清楚，老人容易摔跤，…')
  const text = JSON.stringify(items)
  for (const secret of ['李阿姨', LI, '王大爷', 'demo-resident-1', 'residentName', 'photos', 'room'])
    expect(text).not.toContain(secret)
  // The reporter does not see their own as a neighbour's.
  expect(
    (await api().ok(LI, 'request.similar', { category: 'facility' })).items.map((i) => i.id),
  ).not.toContain(lamp.id)

  const followed = await api().ok(QIAN, 'request.follow', { id: lamp.id })
  expect(followed.item).toMatchObject({ followerCount: 1, following: true })
  // Idempotent: a second tap (or a retry) answers the same and counts once.
  const again = await api().ok(QIAN, 'request.follow', { id: lamp.id })
  expect(again.item).toMatchObject({ followerCount: 1, following: true })
  await api().ok(ZHAO, 'request.follow', { id: lamp.id })
  const doc = await stored(lamp.id)
  expect(doc.followers).toEqual([QIAN, ZHAO])
  // The 台账: one event per follower, named 邻居 (the reporter reads these events too).
  const follows = doc.events.filter((e) => e.type === 'follow')
  expect(follows.map((e) => e.actorName)).toEqual(['邻居', '邻居'])
  const detail = await api().ok(LI, 'request.get', { id: lamp.id })
  expect(JSON.stringify(detail)).not.toContain('钱先生')
  expect(JSON.stringify(detail)).not.toContain('赵桂兰')
  expect(detail.followerCount).toBe(2)
  // The grid sees the count on the inbox card and the detail.
  const inbox = await api().ok(LIU, 'request.inbox', { tab: 'assigned' })
  expect(inbox.items.find((i) => i.id === lamp.id)?.followerCount).toBe(2)
  expect(await api().call(QIAN, 'request.get', { id: lamp.id })).toMatchObject(refusal('NOT_FOUND'))

  // The followers hear of 接单 and 办结 as the reporter does.
  await api().ok(LIU, 'request.accept', { id: lamp.id })
  clock = bj('2026-12-07T17:00:00')
  await api().ok(LIU, 'request.resolve', { id: lamp.id, note: '已更换楼道灯泡，灯亮了' })
  expect(await noticeTitles(env, LI, lamp.id)).toEqual(['您的诉求已办结，请评价', '您的诉求已有网格员接单'])
  const following = ['您跟进的诉求已办结', '您跟进的诉求已有网格员接单']
  expect(await noticeTitles(env, QIAN, lamp.id)).toEqual(following)
  // What a follower is told names nobody and shows the words as the form did, not the 办理情况.
  const bodies = (await noticeBodies(env, QIAN, lamp.id)).join(' ')
  expect(bodies).not.toContain('李阿姨')
  expect(bodies).not.toContain('已更换楼道灯泡')
  // The 楼栋长 hears of the building's requests anyway; as a follower, of this one's progress too.
  expect(await noticeTitles(env, ZHAO, lamp.id)).toEqual(expect.arrayContaining(following))
  // Someone who did not follow it hears nothing of it.
  expect(await noticeTitles(env, ZHOU, lamp.id)).toEqual([])
  // Resolved: no longer offered, and no longer followed.
  expect(
    (await api().ok(SUN, 'request.similar', { category: 'facility' })).items.map((i) => i.id),
  ).not.toContain(lamp.id)
})

test(`only the last ${SIMILAR_WINDOW_DAYS} days, at most ${SIMILAR_LIMIT}, newest first; never a sensitive one`, async () => {
  clock = bj('2026-12-07T09:00:00')
  const old = await post(ZHOU, '1号楼2单元的电梯按钮不灵了，要按好几次')
  clock = bj('2026-12-22T09:00:00')
  const recent = []
  for (let i = 1; i <= SIMILAR_LIMIT + 1; i++) {
    recent.push(await post(ZHOU, `1号楼第${i}处设施坏了，请来看看`))
    clock = new Date(clock.getTime() + 60_000)
  }
  const { items } = await api().ok(QIAN, 'request.similar', { category: 'facility' })
  expect(items.map((i) => i.id)).toEqual(
    recent
      .slice(1)
      .reverse()
      .map((r) => r.id),
  )
  expect(items.map((i) => i.id)).not.toContain(old.id)
  // 治安线索 is never shown to neighbours, nor can it be followed.
  const security = await post(ZHOU, '1号楼地下车库经常有陌生人聚集', 'security')
  expect((await api().ok(QIAN, 'request.similar', { category: 'security' })).items).toEqual([])
  expect(await api().call(QIAN, 'request.follow', { id: security.id })).toMatchObject(refusal('NOT_FOUND'))
  // A category the community made sensitive in 分类设置 is not shown either.
  await api().ok(ADMIN, 'settings.setCategory', {
    code: 'facility',
    name: '设施报修',
    tier: 'ordinary',
    sensitive: true,
    defaultUnitId: null,
    disabled: false,
  })
  expect((await api().ok(QIAN, 'request.similar', { category: 'facility' })).items).toEqual([])
  await api().ok(ADMIN, 'settings.setCategory', {
    code: 'facility',
    name: '设施报修',
    tier: 'ordinary',
    sensitive: false,
    defaultUnitId: null,
    disabled: false,
  })
  for (const r of [old, ...recent, security]) await api().ok(ZHOU, 'request.cancel', { id: r.id })
})

test('following: bad input, another building, one’s own and the unbound change nothing', async () => {
  clock = bj('2026-12-23T09:00:00')
  const r = await post(LI, '1号楼单元门的门禁刷卡没反应')
  const before = JSON.stringify(await stored(r.id))
  const cases: [string, unknown, ReturnType<typeof refusal>][] = [
    [QIAN, { id: '' }, refusal('INVALID_INPUT', '缺少编号')],
    [QIAN, { id: r.id, extra: 1 }, refusal('INVALID_INPUT')],
    [QIAN, { id: 'nope' }, refusal('NOT_FOUND')],
    [SUN, { id: r.id }, refusal('NOT_FOUND')],
    [LI, { id: r.id }, refusal('CONFLICT', '这是您自己反映的诉求，会通知您进展')],
    [LIU, { id: r.id }, refusal('FORBIDDEN')],
    ['dup-stranger', { id: r.id }, refusal('FORBIDDEN')],
  ]
  for (const [who, input, expected] of cases)
    expect(await api().call(who, 'request.follow', input as never)).toMatchObject(expected)
  expect(await api().call(QIAN, 'request.similar', { category: 'nope' } as never)).toMatchObject(
    refusal('INVALID_INPUT', '请选择诉求类别'),
  )
  expect(await api().call(LIU, 'request.similar', { category: 'facility' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(JSON.stringify(await stored(r.id))).toBe(before)
  await api().ok(LI, 'request.cancel', { id: r.id })
})

test('the grid merges a duplicate: 已合并 with an event on both, its reporter follows the other and is told', async () => {
  clock = bj('2026-12-24T09:00:00')
  const first = await post(LI, '1号楼3单元楼道的灯又不亮了')
  const dup = await post(QIAN, '1号楼3单元楼道灯坏了，很黑')
  await api().ok(LIU, 'request.accept', { id: first.id })
  const { items } = await api().ok(LIU, 'request.mergeTargets', { id: dup.id })
  expect(items.map((i) => i.id)).toContain(first.id)
  expect(items.map((i) => i.id)).not.toContain(dup.id)
  clock = bj('2026-12-24T10:00:00')
  const merged = await api().ok(LIU, 'request.merge', { id: dup.id, into: first.id })
  expect(merged).toMatchObject({ status: 'merged', statusName: '已合并', mergedIntoNo: first.no })
  const [d, f] = [await stored(dup.id), await stored(first.id)]
  expect(d.events.at(-1)).toMatchObject({ type: 'merge', actorOpenid: LIU, from: 'assigned', to: 'merged' })
  expect(d.mergedInto).toEqual({ id: first.id, no: first.no })
  expect(d.events.at(-1)?.note).toBe(mergedNote(first.no, 1))
  expect(f.events.at(-1)).toMatchObject({
    type: 'absorbAccepted',
    actorOpenid: LIU,
    note: `合并了重复诉求 ${dup.no}，1位居民转为关注本诉求`,
  })
  expect(f.followers).toEqual([QIAN])
  expect(f.status).toBe('accepted')
  expect(await noticeTitles(env, QIAN, dup.id)).toContain('您的诉求已与相同诉求合并')
  // 钱先生's open slot is free again; what he reads of his own says where it went.
  expect((await api().ok(QIAN, 'request.get', { id: dup.id })).mergedIntoNo).toBe(first.no)
  // A retry answers as the first time; merging again elsewhere is a conflict.
  expect(await api().ok(LIU, 'request.merge', { id: dup.id, into: first.id })).toMatchObject({
    status: 'merged',
  })
  // From then on 钱先生 hears of the other's progress.
  await api().ok(LIU, 'request.resolve', { id: first.id, note: '已更换楼道灯，亮了' })
  expect(await noticeTitles(env, QIAN, first.id)).toEqual(['您跟进的诉求已办结'])
  // Residents never see who else reported: 李阿姨's detail of her own names nobody.
  expect(JSON.stringify(await api().ok(LI, 'request.get', { id: first.id }))).not.toContain('钱先生')
})

test('merging: bad input, closed targets and the wrong people change nothing', async () => {
  clock = bj('2026-12-25T09:00:00')
  const a = await post(LI, '1号楼的信报箱门掉了')
  const b = await post(QIAN, '1号楼信报箱的门坏了')
  const other = await post(SUN, '3号楼信报箱的门坏了')
  const done = await post(QIAN, '1号楼一楼大门合页松了')
  await api().ok(QIAN, 'request.cancel', { id: done.id })
  const before = JSON.stringify([await stored(a.id), await stored(b.id)])
  const cases: [string, unknown, ReturnType<typeof refusal>][] = [
    [LIU, { id: b.id }, refusal('INVALID_INPUT', '请选择要合并到的诉求')],
    [LIU, { id: b.id, into: b.id }, refusal('INVALID_INPUT', '不能合并到它自己，请选择另一条诉求')],
    [LIU, { id: b.id, into: 'nope' }, refusal('NOT_FOUND')],
    [
      LIU,
      { id: b.id, into: done.id },
      refusal('CONFLICT', `${done.no}目前“已撤销”，只能合并到还在办理的诉求`),
    ],
    // 3号楼's is not 刘芳's to handle.
    [LIU, { id: b.id, into: other.id }, refusal('NOT_FOUND')],
    [YANG, { id: b.id, into: a.id }, refusal('NOT_FOUND')],
    [LI, { id: b.id, into: a.id }, refusal('FORBIDDEN')],
    [QIAN, { id: b.id, into: a.id }, refusal('FORBIDDEN')],
  ]
  for (const [who, input, expected] of cases)
    expect(await api().call(who, 'request.merge', input as never)).toMatchObject(expected)
  expect(JSON.stringify([await stored(a.id), await stored(b.id)])).toBe(before)
  // The admin handles both: merges.
  await api().ok(ADMIN, 'request.merge', { id: b.id, into: a.id })
  expect(await api().call(ADMIN, 'request.merge', { id: a.id, into: b.id })).toMatchObject(
    refusal('CONFLICT', `${b.no}目前“已合并”，只能合并到还在办理的诉求`),
  )
})

test('a merge moves the duplicate’s followers: once each, counted (never named) on both, they hear of it from there', async () => {
  clock = bj('2026-12-28T09:00:00')
  const b = await post(LI, '1号楼2单元的楼梯扶手松动了')
  const a = await post(QIAN, '1号楼2单元楼梯扶手晃得厉害')
  // 周大爷 and 赵桂兰 follow the duplicate; 赵桂兰 follows the other already; 李阿姨 (its reporter) too.
  for (const who of [ZHOU, ZHAO, LI]) await api().ok(who, 'request.follow', { id: a.id })
  await api().ok(ZHAO, 'request.follow', { id: b.id })
  clock = bj('2026-12-28T10:00:00')
  await api().ok(LIU, 'request.merge', { id: a.id, into: b.id })
  const [da, db] = [await stored(a.id), await stored(b.id)]
  // 钱先生 (its reporter) and 周大爷 move; 赵桂兰 was there, 李阿姨 reported it: 2, nobody twice.
  expect(db.followers).toEqual([ZHAO, QIAN, ZHOU])
  expect(db.mergedFrom).toEqual([a.id])
  expect(da.mergePending).toBe(false)
  expect(da.events.at(-1)).toMatchObject({ type: 'merge', note: mergedNote(b.no, 2) })
  expect(db.events.at(-1)).toMatchObject({ type: 'absorb', note: absorbedNote(a.no, 2) })
  expect(absorbedNote(a.no, 2)).toBe(`合并了重复诉求 ${a.no}，2位居民转为关注本诉求`)
  const notes = JSON.stringify([da.events.at(-1), db.events.at(-1)].map((e) => e?.note))
  for (const who of ['钱先生', '周大爷', '赵桂兰', QIAN, ZHOU, ZHAO]) expect(notes).not.toContain(who)
  expect((await api().ok(LIU, 'request.get', { id: b.id })).followerCount).toBe(3)
  // The duplicate's followers are told where it went; 我关注的 shows the other one now.
  expect(await noticeTitles(env, ZHOU, a.id)).toEqual(['您跟进的诉求已与相同诉求合并'])
  const mine = (await api().ok(ZHOU, 'request.followed', {})).items.map((i) => i.id)
  expect(mine).toContain(b.id)
  expect(mine).not.toContain(a.id)
  expect(await api().ok(ZHOU, 'request.followedGet', { id: b.id })).toMatchObject({ followerCount: 3 })
  // A second merge (a double tap, a retry) changes nothing.
  const before = JSON.stringify([await stored(a.id), await stored(b.id)])
  expect(await api().ok(LIU, 'request.merge', { id: a.id, into: b.id })).toMatchObject({ status: 'merged' })
  expect(JSON.stringify([await stored(a.id), await stored(b.id)])).toBe(before)
  // From then on the moved followers hear of the other's progress.
  await api().ok(LIU, 'request.accept', { id: b.id })
  for (const who of [ZHOU, QIAN])
    expect(await noticeTitles(env, who, b.id)).toEqual(['您跟进的诉求已有网格员接单'])
  // 赵桂兰, 楼栋长 too, heard of it as new; as a follower, once.
  expect(await noticeTitles(env, ZHAO, b.id)).toEqual(['您跟进的诉求已有网格员接单', '楼里有新诉求'])
  // 李阿姨 hears of her own as its reporter, not as a follower.
  expect(await noticeTitles(env, LI, b.id)).toEqual(['您的诉求已有网格员接单'])
  await api().ok(LIU, 'request.resolve', { id: b.id, note: '扶手已加固' })
})
