/**
 * 街道 (issue 17, part 3): a street registered above 幸福里社区 really is the backstop — what the
 * community hands up (or lets time out) waits in the street's own queue under the street's own
 * clock, for the street's admin and not the community's; the street takes it on, calls in its
 * 挂钩部门 or hands it back to the community; its board shows each community's month.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { bootstrapStreet } from '../../cloudfunctions/core/roles/bootstrap'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

// A Tuesday: the street's clock for an ordinary request (1 working day) ends Wednesday.
const env = fileEnv({ at: '2026-12-01T09:00:00+08:00' })
let clock = bj('2026-12-01T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const WANG = 'demo-leader-1'
const LIU = 'demo-member-1-1'
const DAYE = 'demo-resident-1'
const MA = 'street-ma'
const LIUDUI = 'street-unit-liu'
let n = 0
const rid = () => `street-${++n}-xxxxxxxx`
const stored = (id: string) => storedRequest(env, id)
const titles = (openid: string, targetId: string) => noticeTitles(env, openid, targetId)

/** A 1号楼 request the micro-grid, 第一网格 and the community each hand up: it reaches the street. */
async function upToStreet(description: string): Promise<string> {
  const created = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'environment',
    description,
  })
  await api().ok(LIU, 'request.escalate', { id: created.id, reason: '物业说东门外不归他们管' })
  await api().ok(WANG, 'request.escalate', { id: created.id, reason: '网格内协调不了城管' })
  await api().ok(ADMIN, 'request.escalate', { id: created.id, reason: '社区无执法权，请街道协调' })
  return created.id
}

let first = ''

test('a street is registered above the community; its first admin joins by the printed code', async () => {
  const deps = env.deps(() => clock)
  await expect(
    bootstrapStreet(deps, { streetId: 'nuanyang', name: '暖阳街道', communityIds: ['c-xingfuli'] }),
  ).rejects.toThrow('街道编码应以 s- 开头')
  await expect(
    bootstrapStreet(deps, { streetId: 's-nuanyang', name: '暖阳街道', communityIds: ['c-nowhere'] }),
  ).rejects.toThrow('没有社区编码为 c-nowhere 的社区')
  const inv = await bootstrapStreet(deps, {
    streetId: 's-nuanyang',
    name: '暖阳街道',
    communityIds: ['c-xingfuli'],
  })
  const joined = await api().ok(MA, 'invite.accept', { code: inv.code })
  expect(joined).toMatchObject({ roleLabel: '街道管理员', communityName: '暖阳街道' })
  const me = await api().ok(MA, 'me.get', {})
  expect(me).toMatchObject({
    communityId: 's-nuanyang',
    isStaff: true,
    communities: [{ id: 's-nuanyang', name: '暖阳街道', roles: ['streetAdmin'] }],
  })
  // The community's admin is not the street's.
  expect(await api().call(ADMIN, 'street.board', { month: '2026-12' })).toMatchObject(
    refusal('FORBIDDEN', '只有街道管理员可以查看街道总览'),
  )
})

test('handed up past the community, a request waits for the street, under the street’s clock', async () => {
  first = await upToStreet('小区东门外的空地堆了很多建筑垃圾，一刮风灰很大')
  const doc = await stored(first)
  expect(doc).toMatchObject({
    level: 0,
    streetId: 's-nuanyang',
    gridName: '暖阳街道（兜底）',
    status: 'assigned',
    streetLate: false,
  })
  // 受理 within 1 working day of arriving (Tuesday 09:00 → Wednesday 09:00).
  expect(doc.acceptBy.toISOString()).toBe(bj('2026-12-02T09:00:00').toISOString())
  expect(doc.streetArrivals).toHaveLength(1)
  // The street's admin hears of it; the community's admin, who handed it up, does not again.
  expect(await titles(MA, first)).toEqual(['下级上报的诉求'])

  // It is in the street's queue, and out of the community admin's (who can no longer take it).
  const street = await api().ok(MA, 'request.inbox', { tab: 'assigned' })
  expect(street.items.map((i) => i.id)).toEqual([first])
  const admin = await api().ok(ADMIN, 'request.inbox', { tab: 'assigned' })
  expect(admin.items.map((i) => i.id)).not.toContain(first)
  expect(await api().call(ADMIN, 'request.accept', { id: first })).toMatchObject(refusal('FORBIDDEN'))
  // The community admin still reads it (read only); the street's detail offers its moves.
  expect((await api().ok(ADMIN, 'request.get', { id: first })).actions).toEqual([])
  const seen = await api().ok(MA, 'request.get', { id: first })
  expect(seen.actions).toEqual(expect.arrayContaining(['accept', 'streetReturn']))
  expect(seen.actions).not.toContain('escalate')
})

test('the street takes it on: its own time to settle it; 上报 has nowhere further to go', async () => {
  clock = bj('2026-12-01T10:00:00')
  const taken = await api().ok(MA, 'request.accept', { id: first })
  expect(taken.status).toBe('accepted')
  const doc = await stored(first)
  // 5 working days from 受理: Tuesday 10:00 → the next Tuesday 10:00.
  expect(doc.resolveBy.toISOString()).toBe(bj('2026-12-08T10:00:00').toISOString())
  expect(doc.assigneeOpenid).toBe(MA)
  // Taken on, it is the street's to settle: 办结 is offered to the one who took it.
  expect((await api().ok(MA, 'request.get', { id: first })).actions).toEqual(
    expect.arrayContaining(['resolve', 'streetReturn']),
  )
  expect(await api().call(MA, 'request.escalate', { id: first, reason: '再往上报' })).toMatchObject(
    refusal('CONFLICT', '已到街道兜底，不能再上报'),
  )
  expect(await titles(DAYE, first)).toContain('您的诉求已有网格员接单')
})

test('the street registers its 挂钩部门, calls it in; the unit resolves and the resident rates', async () => {
  const unit = {
    kind: 'gridUnit' as const,
    name: '暖阳街道城管执法中队',
    categories: ['environment' as const, 'other' as const],
    contactName: '刘队长',
    contactPhone: '0916-3216110',
  }
  expect(
    await api().call(MA, 'unit.save', { requestId: rid(), ...unit, buildingCodes: ['B01'] }),
  ).toMatchObject(refusal('INVALID_INPUT', '街道挂钩部门负责全街道，不按楼栋或网格划分'))
  const saved = await api().ok(MA, 'unit.save', { requestId: rid(), ...unit })
  expect((await api().ok(MA, 'unit.list', {})).units.map((u) => u.name)).toEqual(['暖阳街道城管执法中队'])
  // The community's list is its own: the street's 挂钩部门 is not one of its units.
  expect((await api().ok(ADMIN, 'unit.list', {})).units.map((u) => u.id)).not.toContain(saved.id)

  const inv = await api().ok(MA, 'invite.create', {
    requestId: rid(),
    role: 'unitStaff',
    unitId: saved.id,
    name: '刘队长',
  })
  expect(inv.gridName).toBe('暖阳街道城管执法中队')
  expect(
    await api().call(MA, 'invite.create', {
      requestId: rid(),
      role: 'gridMember',
      gridId: 'g-1-1-1',
      name: '某人',
    }),
  ).toMatchObject(refusal('INVALID_INPUT', '街道可以邀请挂钩部门的联系人'))
  await api().ok(LIUDUI, 'invite.accept', { code: inv.code })

  const targets = await api().ok(MA, 'request.whistleTargets', { id: first })
  expect(targets.units[0]).toMatchObject({ id: saved.id, covers: true })
  await api().ok(MA, 'request.whistle', { id: first, unitId: saved.id, note: '请清运并查处' })
  expect((await api().ok(LIUDUI, 'unit.inbox', { tab: 'open' })).items.map((i) => i.id)).toEqual([first])
  await api().ok(LIUDUI, 'request.unitAccept', { id: first })
  await api().ok(LIUDUI, 'request.unitResolve', { id: first, note: '已联系施工方清运，立牌禁止倾倒' })
  const rated = await api().ok(DAYE, 'request.rate', { id: first, rating: 'satisfied' })
  expect(rated.status).toBe('closed')
})

test('the street hands one back to the community with the reason; the community works it again', async () => {
  const id = await upToStreet('3号楼和4号楼之间的路灯坏了一个月了')
  expect(await api().call(MA, 'request.streetReturn', { id, reason: '短' })).toMatchObject(
    refusal('INVALID_INPUT'),
  )
  expect(await api().call(ADMIN, 'request.streetReturn', { id, reason: '这是社区的事情' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect((await stored(id)).level).toBe(0)
  const back = await api().ok(MA, 'request.streetReturn', { id, reason: '路灯属社区公共设施，请社区报修' })
  expect(back.status).toBe('assigned')
  const doc = await stored(id)
  expect(doc).toMatchObject({ level: 1, gridId: 'g-1' })
  expect(doc.events.at(-1)).toMatchObject({ type: 'streetReturn', note: '路灯属社区公共设施，请社区报修' })
  expect(await titles(ADMIN, id)).toContain('街道退回的诉求，请社区办理')
  expect((await api().ok(ADMIN, 'request.inbox', { tab: 'assigned' })).items.map((i) => i.id)).toContain(id)
  // The street reads what it handed back (it acted on it), and can no longer move it.
  expect((await api().ok(MA, 'request.get', { id })).actions).toEqual([])
  expect(await api().call(MA, 'request.accept', { id })).toMatchObject(refusal('FORBIDDEN'))
  // Only what the street holds goes back.
  expect(await api().call(ADMIN, 'request.streetReturn', { id, reason: '再退一次试试' })).toMatchObject(
    refusal('CONFLICT', '只有到了街道兜底的诉求可以退回社区'),
  )
})

test('not taken on within the street’s clock: the street’s and the community’s admins are told, once', async () => {
  const id = await upToStreet('小区北门外的下水道井盖丢了，晚上很危险')
  const due = (await stored(id)).acceptBy
  await runScheduler(env.deps(() => new Date(due.getTime() - 60_000)))
  expect((await stored(id)).streetLate).toBe(false)
  await runScheduler(env.deps(() => new Date(due.getTime() + 60_000)))
  await runScheduler(env.deps(() => new Date(due.getTime() + 3_600_000)))
  const doc = await stored(id)
  expect(doc.streetLate).toBe(true)
  expect(doc.events.filter((e) => e.type === 'streetAcceptTimeout')).toHaveLength(1)
  // Still the street's: nothing above it to go to.
  expect(doc).toMatchObject({ level: 0, status: 'assigned' })
  expect(await titles(MA, id)).toContain('街道兜底超时未受理')
  expect(await titles(ADMIN, id)).toContain('街道兜底超时未受理')
  expect((await api().ok(MA, 'request.inbox', { tab: 'slipped' })).items.map((i) => i.id)).toContain(id)
})

test('the street’s board: each community’s month, what fell to the street, the units’ work', async () => {
  clock = bj('2026-12-03T18:00:00')
  const board = await api().ok(MA, 'street.board', { month: '2026-12' })
  expect(board.streetName).toBe('暖阳街道')
  expect(board.communities).toHaveLength(1)
  // Every arrival counts: ours three, and what the scheduler sent up since (the returned one, let
  // wait again at the community, went back up) — as the requests themselves record it.
  const fallen = (
    await env.db.collection(COLLECTIONS.requests).where({ streetId: 's-nuanyang' }).limit(100).get()
  ).data as RequestDoc[]
  const held = fallen.filter((d) => d.level === 0 && ['assigned', 'accepted'].includes(d.status))
  expect(fallen.flatMap((d) => d.streetArrivals ?? []).length).toBeGreaterThanOrEqual(4)
  expect(board.communities[0]).toMatchObject({
    id: 'c-xingfuli',
    name: '幸福里社区',
    toStreet: fallen.flatMap((d) => d.streetArrivals ?? []).length,
    streetOpen: held.length,
    streetLate: held.filter((d) => d.streetLate).length,
  })
  expect(held.length).toBeGreaterThanOrEqual(1)
  expect(board.communities[0].received).toBeGreaterThanOrEqual(3)
  const cgzf = board.units.find((u) => u.name === '暖阳街道城管执法中队')
  expect(cgzf).toMatchObject({ orgName: '暖阳街道', called: 1, resolved: 1 })
  expect(await api().call(MA, 'street.board', { month: '2027-01' })).toMatchObject(
    refusal('INVALID_INPUT', '这个月还没有到'),
  )
  expect(await api().call(MA, 'street.board', { month: '2026-13' })).toMatchObject(refusal('INVALID_INPUT'))
  for (const who of [ADMIN, WANG, LIU, DAYE, LIUDUI])
    expect(await api().call(who, 'street.board', { month: '2026-12' })).toMatchObject(refusal('FORBIDDEN'))
})

test('past the street’s own time to settle it, the street is chased — not the community above nobody', async () => {
  const id = await upToStreet('小区南门外人行道的地砖翘起来了，老人走路容易绊倒')
  await api().ok(MA, 'request.accept', { id })
  const due = (await stored(id)).resolveBy
  await runScheduler(env.deps(() => new Date(due.getTime() + 60_000)))
  const doc = await stored(id)
  expect(doc.events.at(-1)).toMatchObject({ type: 'resolveOverdue' })
  expect(await titles(MA, id)).toContain('已超过办结时限')
  expect(await titles(ADMIN, id)).not.toContain('已超过办结时限')
  // Nothing above the street to send it to after the chase either.
  await runScheduler(env.deps(() => new Date(due.getTime() + 30 * 86_400_000)))
  expect(await stored(id)).toMatchObject({ level: 0, status: 'accepted', assigneeOpenid: MA })
  const done = await api().ok(MA, 'request.resolve', { id, note: '已协调市政修复人行道地砖，已恢复平整' })
  expect(done.status).toBe('resolved')
  expect(await titles(DAYE, id)).toContain('您的诉求已办结，请评价')
})
