/**
 * 网格员公示 and 居民催办 (issue 16, part 1): a resident's home names who serves their building —
 * the micro-grid's member, the leader above, the 楼栋长 — with the work number each chose to
 * publish (never their private one); a resident chases their own overdue request once per
 * working day, the handler and their leader are told, and it is an event in the 台账.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-03T09:00:00+08:00' })
let clock = bj('2026-12-03T09:00:00')
const api = () => clockApi(env, () => clock)

const WANG_DAYE = 'demo-resident-1'
const SUN = 'demo-resident-2'
const LIU = 'demo-member-1-1'
const WANG = 'demo-leader-1'
const ZHAO = 'demo-building-leader-1'
let n = 0
const rid = () => `urge-${++n}-xxxxxxxx`
const doc = async (id: string) =>
  (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
const titlesFor = async (openid: string, id: string) =>
  (
    (await env.db.collection(COLLECTIONS.messages).where({ openid, targetId: id }).limit(100).get())
      .data as MessageDoc[]
  )
    .map((m) => m.title)
    .sort()

test('a B01 resident sees 刘芳, 王建国 and 赵桂兰 with their work numbers, never their own phones', async () => {
  const card = await api().ok(WANG_DAYE, 'myGrid.get', {})
  expect(card).toEqual({
    buildingName: '1号楼',
    gridName: '第一网格 · 1号微网格',
    people: [
      {
        role: 'gridMember',
        roleName: '网格员',
        name: '刘芳',
        workPhone: '0916-3212111',
        serves: '1号微网格',
      },
      {
        role: 'gridLeader',
        roleName: '网格长',
        name: '王建国',
        workPhone: '0916-3212011',
        serves: '第一网格',
      },
      { role: 'buildingLeader', roleName: '楼栋长', name: '赵桂兰', workPhone: null, serves: '1号楼' },
    ],
  })
  // Their private numbers (local/demo.ts) are nowhere in it.
  expect(JSON.stringify(card)).not.toMatch(/13900000111|13900000011|13812345611/)
  // 吴奶奶's micro-grid has no member yet: the leader of 第三网格 is who she can call.
  const wu = await api().ok('demo-resident-4', 'myGrid.get', {})
  expect(wu.people.map((p) => `${p.roleName}${p.name}`)).toEqual(['网格长赵海涛'])
  // No building bound, or staff without one: refused, in Chinese.
  for (const who of ['demo-newcomer', LIU, 'demo-admin'])
    expect(await api().call(who, 'myGrid.get', {})).toMatchObject(refusal('FORBIDDEN'))
})

test('a worker publishes, changes and takes off their number; bad input is refused, nothing written', async () => {
  await api().ok(ZHAO, 'myGrid.setWorkPhone', { workPhone: '13909161234' })
  const people = async () => (await api().ok(WANG_DAYE, 'myGrid.get', {})).people
  expect((await people()).find((p) => p.name === '赵桂兰')?.workPhone).toBe('13909161234')
  const before = env.fingerprint(['rate_limits'])
  for (const workPhone of ['12345', '139091612345', '电话0916', '021-12']) {
    const res = await api().call(ZHAO, 'myGrid.setWorkPhone', { workPhone })
    expect(res).toMatchObject(refusal('INVALID_INPUT', '请填写11位手机号或带区号的座机号（如0916-1234567）'))
  }
  expect(env.fingerprint(['rate_limits'])).toBe(before)
  // Not a worker: the resident has nothing to publish.
  expect(await api().call(WANG_DAYE, 'myGrid.setWorkPhone', { workPhone: '13909161234' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  await api().ok(ZHAO, 'myGrid.setWorkPhone', { workPhone: null })
  expect((await people()).find((p) => p.name === '赵桂兰')?.workPhone).toBeNull()
  const stored = (await env.db.collection(COLLECTIONS.users).doc(ZHAO).get()).data[0]
  expect(stored).not.toHaveProperty('workPhone')
  expect(stored.phone).toBe('13812345611')
})

test('催办 only past the clock, once per working day; the member and her leader hear, the 台账 keeps it', async () => {
  clock = bj('2026-12-03T09:00:00')
  // 设施报修: accept within 1 working day (by Friday 09:00).
  const r = await api().ok(WANG_DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '2单元门禁坏了，刷卡开不了门',
  })
  expect(r.acceptBy).toBe(bj('2026-12-04T09:00:00').toISOString())
  const detail = await api().ok(WANG_DAYE, 'request.get', { id: r.id })
  expect(detail.actions).not.toContain('urgeWaiting')
  expect(await api().call(WANG_DAYE, 'request.urge', { id: r.id })).toMatchObject(
    refusal('CONFLICT', '还没到接单时限（12-04 09:00），到期未接单再催办'),
  )

  // Friday 10:00: nobody took it. The button is there, and it works.
  clock = bj('2026-12-04T10:00:00')
  expect((await api().ok(WANG_DAYE, 'request.get', { id: r.id })).actions).toContain('urgeWaiting')
  const urged = await api().ok(WANG_DAYE, 'request.urge', { id: r.id })
  expect(urged.status).toBe('assigned')
  expect(urged.actions).not.toContain('urgeWaiting')
  expect(urged.overdueMark).toBe('12-04 10:00 居民催办：超时还没人接单，请尽快安排')
  // A double tap is the same 催办; another note the same day is refused.
  await api().ok(WANG_DAYE, 'request.urge', { id: r.id })
  expect(await api().call(WANG_DAYE, 'request.urge', { id: r.id, note: '老人进出不方便' })).toMatchObject(
    refusal('CONFLICT', '您已催办过，每个工作日可催办一次，12-07起可再次催办'),
  )
  let stored = await doc(r.id)
  expect(stored.events.map((e) => e.type)).toEqual(['create', 'urgeWaiting'])
  expect(stored.events[1]).toMatchObject({ actorOpenid: WANG_DAYE, from: 'assigned', to: 'assigned' })

  // Someone else's request, or the leader standing in: refused.
  expect(await api().call(SUN, 'request.urge', { id: r.id })).toMatchObject({ ok: false })
  expect(await api().call(WANG, 'request.urge', { id: r.id })).toMatchObject(refusal('FORBIDDEN'))

  // Monday: 刘芳 took it; its resolve clock (7 days from filing) has not run out.
  clock = bj('2026-12-07T08:00:00')
  await api().ok(LIU, 'request.accept', { id: r.id })
  expect(await api().call(WANG_DAYE, 'request.urge', { id: r.id })).toMatchObject(
    refusal('CONFLICT', '还没到办结时限（12-10 09:00），到期未办结再催办'),
  )
  clock = bj('2026-12-10T10:00:00')
  const again = await api().ok(WANG_DAYE, 'request.urge', { id: r.id, note: '老人进出不方便，请尽快修' })
  expect(again.status).toBe('accepted')
  stored = await doc(r.id)
  expect(stored.events.map((e) => e.type)).toEqual(['create', 'urgeWaiting', 'accept', 'urge'])

  // The outbox: both 催办 reach the member and 王建国 above her; the resident is not told of her own.
  await runScheduler(env.deps(() => bj('2026-12-10T10:01:00')))
  expect(await titlesFor(LIU, r.id)).toEqual(expect.arrayContaining(['居民催办', '居民催办']))
  expect((await titlesFor(LIU, r.id)).filter((t) => t === '居民催办')).toHaveLength(2)
  expect((await titlesFor(WANG, r.id)).filter((t) => t === '居民催办')).toHaveLength(2)
  expect(await titlesFor(WANG_DAYE, r.id)).not.toContain('居民催办')
})

test('bad input: a long note, an unknown request; nothing written', async () => {
  const before = env.fingerprint(['rate_limits'])
  expect(await api().call(WANG_DAYE, 'request.urge', { id: 'r-none' })).toMatchObject(refusal('NOT_FOUND'))
  const long = await api().call(WANG_DAYE, 'request.urge', { id: 'r-none', note: '快'.repeat(101) })
  expect(long).toMatchObject(refusal('INVALID_INPUT', '催办留言最多100个字'))
  expect(env.fingerprint(['rate_limits'])).toBe(before)
})
