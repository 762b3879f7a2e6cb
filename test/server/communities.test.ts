/**
 * Several communities per person (issue 17, part 4): 李秀兰 is admin of 幸福里社区 and, by 春晖社区's
 * invitation, 网格长 of its 第一网格. Every action works in the community she chose (我的 → 切换社区,
 * `me.chooseCommunity`, stored on her record and checked on every call): the board, 社区设置,
 * 人员与角色 and the inbox each show that community and nothing of the other; a community she holds
 * no role in is refused, and so is anyone naming one.
 */
import { bootstrapAdmin } from '../../cloudfunctions/core/roles/bootstrap'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MembershipDoc, UserDoc } from '../../cloudfunctions/core/model'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-25T09:00:00+08:00' })
let clock = bj('2026-11-25T09:00:00')
const api = () => clockApi(env, () => clock)

/** 幸福里社区's admin, soon also 春晖's 网格长. */
const LI = 'demo-admin'
/** 春晖社区's admin. */
const CHEN = 'communities-chen'
/** A resident of 春晖1号楼. */
const ZHOU = 'communities-zhou'
const DAYE = 'demo-resident-1'
let n = 0
const rid = () => `communities-${++n}-xxxxxxxx`
const user = async (openid: string) =>
  (await env.db.collection(COLLECTIONS.users).doc(openid).get()).data[0] as UserDoc | undefined
let chunhuiRequest = ''
let xingfuliRequest = ''

beforeAll(async () => {
  // 春晖社区: its admin by the bootstrap invitation, a grid and a micro-grid, a building.
  const boot = await bootstrapAdmin(
    env.deps(() => clock),
    {
      communityId: 'c-chunhui',
      name: '春晖社区',
      street: '东湖街道',
    },
  )
  await api().ok(CHEN, 'invite.accept', { code: boot.code })
  await api().ok(CHEN, 'setup.saveGrid', {
    code: 'CH-1',
    name: '春晖第一网格',
    level: 2,
    parent: 'c-chunhui-1',
  })
  await api().ok(CHEN, 'setup.saveGrid', { code: 'CH-1-1', name: '春晖1号微网格', level: 3, parent: 'CH-1' })
  await api().ok(CHEN, 'setup.saveBuilding', {
    code: 'CH01',
    name: '春晖1号楼',
    address: '春晖路1号',
    gridCode: 'CH-1-1',
  })
  // 李秀兰 takes 春晖第一网格's 网格长 role as anyone invited does.
  const inv = await api().ok(CHEN, 'invite.create', {
    requestId: rid(),
    role: 'gridLeader',
    gridId: 'CH-1',
    name: '李秀兰',
  })
  await api().ok(LI, 'invite.accept', { code: inv.code })
  // A request in each community.
  await api().ok(ZHOU, 'me.bindBuilding', { buildingCode: 'CH01', room: '101' })
  chunhuiRequest = (
    await api().ok(ZHOU, 'request.create', {
      requestId: rid(),
      category: 'facility',
      description: '春晖1号楼的单元门关不上了',
    })
  ).id
  xingfuliRequest = (
    await api().ok(DAYE, 'request.create', {
      requestId: rid(),
      category: 'facility',
      description: '幸福里1号楼3单元的楼道灯坏了',
    })
  ).id
})

test('me.get names both communities with her roles; she works in the one where she is admin until she chooses', async () => {
  const me = await api().ok(LI, 'me.get', {})
  expect(me.communities).toEqual([
    { id: 'c-xingfuli', name: '幸福里社区', roles: ['communityAdmin'] },
    { id: 'c-chunhui', name: '春晖社区', roles: ['gridLeader'] },
  ])
  expect(me.communityId).toBe('c-xingfuli')
  expect(me.roles).toEqual(['communityAdmin'])
  // Someone with one community is in it, and is offered no choice.
  const chen = await api().ok(CHEN, 'me.get', {})
  expect({ communityId: chen.communityId, count: chen.communities.length }).toEqual({
    communityId: 'c-chunhui',
    count: 1,
  })
  // A resident without a role works in no community.
  const daye = await api().ok(DAYE, 'me.get', {})
  expect({ communityId: daye.communityId, communities: daye.communities }).toEqual({
    communityId: null,
    communities: [],
  })
})

test('the board is the chosen community’s, nothing of the other', async () => {
  clock = bj('2026-11-25T10:00:00')
  const month = '2026-11'
  const inXingfuli = await api().ok(LI, 'metrics.month', { month })
  const xGrids = inXingfuli.grids.map((g) => g.gridId)
  expect(xGrids).toContain('g-1')
  expect(xGrids.some((g) => g.startsWith('CH-'))).toBe(false)
  const xReceived = inXingfuli.grids.find((g) => g.gridId === 'g-1')?.received ?? 0

  const chosen = await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  expect({ communityId: chosen.communityId, roles: chosen.roles, isStaff: chosen.isStaff }).toEqual({
    communityId: 'c-chunhui',
    roles: ['gridLeader'],
    isStaff: true,
  })
  expect(chosen.staffGrids.map((g) => g.id)).toEqual(['CH-1'])
  expect((await user(LI))?.communityId).toBe('c-chunhui')

  const inChunhui = await api().ok(LI, 'metrics.month', { month })
  // A leader's board: her grid and the ones below it, of 春晖 only.
  expect(inChunhui.grids.map((g) => g.gridId).sort()).toEqual(['CH-1', 'CH-1-1'])
  expect(inChunhui.grids.find((g) => g.gridId === 'CH-1')?.received).toBe(1)
  expect(xReceived).toBeGreaterThan(1)
  expect(inChunhui.grading.mayGrade).toBe(false)
  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-xingfuli' })
})

test('社区设置 and 人员与角色: the admin’s in 幸福里; working in 春晖, where she only leads a grid, refused', async () => {
  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-xingfuli' })
  const roles = await api().ok(LI, 'role.list', {})
  expect(roles.holders.some((h) => h.name === '李秀兰' && h.role === 'communityAdmin')).toBe(true)
  expect(roles.holders.some((h) => h.gridName.includes('春晖'))).toBe(false)
  const grid = await api().call(LI, 'setup.saveGrid', {
    code: 'G7',
    name: '第七网格',
    level: 2,
    parent: 'g-1',
  })
  expect(grid.ok).toBe(true)

  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  const before = env.fingerprint([COLLECTIONS.rateLimits])
  expect(
    await api().call(LI, 'setup.saveGrid', { code: 'G8', name: '第八网格', level: 2, parent: 'g-1' }),
  ).toEqual(refusal('FORBIDDEN', '只有社区管理员可以进行社区设置，请先在「我的」切换社区'))
  // Nor 春晖's: she is no admin there.
  expect(
    await api().call(LI, 'setup.saveGrid', {
      code: 'CH-2',
      name: '春晖第二网格',
      level: 2,
      parent: 'c-chunhui-1',
    }),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(await api().call(LI, 'role.list', {})).toEqual(
    refusal('FORBIDDEN', '只有社区管理员可以管理人员与角色，请先在「我的」切换社区'),
  )
  // A leader who is admin nowhere is told only the rule.
  expect(await api().call('demo-leader-1', 'role.list', {})).toEqual(
    refusal('FORBIDDEN', '只有社区管理员可以管理人员与角色'),
  )
  expect(env.fingerprint([COLLECTIONS.rateLimits])).toBe(before)
  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-xingfuli' })
})

test('the inbox, and the requests she may touch, are the chosen community’s', async () => {
  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  // 春晖1号微网格 has no member: its request waits at the grid above, hers.
  const inChunhui = await api().ok(LI, 'request.inbox', { tab: 'assigned' })
  expect(inChunhui.items.map((i) => i.id)).toEqual([chunhuiRequest])
  // 幸福里's request is not hers while she works in 春晖: neither to read nor to accept.
  const elsewhere = refusal('NOT_FOUND', '这条诉求属于幸福里社区，请先在「我的」切换到幸福里社区')
  expect(await api().call(LI, 'request.accept', { id: xingfuliRequest })).toEqual(elsewhere)
  expect(await api().call(LI, 'request.get', { id: xingfuliRequest })).toEqual(elsewhere)
  // Someone with no role there is told nothing of where it is.
  expect(await api().call(CHEN, 'request.get', { id: xingfuliRequest })).toEqual(
    refusal('NOT_FOUND', '找不到这条诉求，或您无权查看'),
  )
  const accepted = await api().ok(LI, 'request.accept', { id: chunhuiRequest })
  expect(accepted.status).toBe('accepted')

  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-xingfuli' })
  const inXingfuli = await api().ok(LI, 'request.inbox', { tab: 'accepted' })
  expect(inXingfuli.items.map((i) => i.id)).not.toContain(chunhuiRequest)
  const assigned = await api().ok(LI, 'request.inbox', { tab: 'assigned' })
  expect(assigned.items.map((i) => i.id)).not.toContain(chunhuiRequest)
})

test('a community one holds no role in is refused, and nothing is stored', async () => {
  const before = await user(LI)
  for (const communityId of ['c-nowhere', 'c-chunhui']) {
    expect(await api().call(DAYE, 'me.chooseCommunity', { communityId })).toEqual(
      refusal('FORBIDDEN', '您在这个社区没有担任角色，不能切换过去'),
    )
  }
  expect(await api().call(CHEN, 'me.chooseCommunity', { communityId: 'c-xingfuli' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await api().call(LI, 'me.chooseCommunity', { communityId: 'c-nowhere' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await api().call(LI, 'me.chooseCommunity', { communityId: ' ' })).toMatchObject(
    refusal('INVALID_INPUT', '请选择社区'),
  )
  expect(await user(LI)).toEqual(before)
  expect((await user(CHEN))?.communityId).toBeUndefined()
})

test('a staff screen refused where she works, but hers elsewhere, says to switch', async () => {
  // 钱阿姨 is a volunteer of 幸福里 and 春晖's 网格员; she chose to work in 幸福里.
  const QIAN = 'communities-qian'
  await env.db
    .collection(COLLECTIONS.memberships)
    .add({ openid: QIAN, role: 'volunteer', communityId: 'c-xingfuli' })
  const inv = await api().ok(CHEN, 'invite.create', {
    requestId: rid(),
    role: 'gridMember',
    gridId: 'CH-1-1',
    name: '钱阿姨',
  })
  await api().ok(QIAN, 'invite.accept', { code: inv.code })
  expect((await api().ok(QIAN, 'me.get', {})).communityId).toBe('c-chunhui')
  await api().ok(QIAN, 'me.chooseCommunity', { communityId: 'c-xingfuli' })
  expect(await api().call(QIAN, 'request.inbox', { tab: 'assigned' })).toEqual(
    refusal('FORBIDDEN', '只有网格员可以使用工作台，请先在「我的」切换社区'),
  )
  // Someone staff nowhere is told only the rule.
  expect(await api().call(DAYE, 'request.inbox', { tab: 'assigned' })).toEqual(
    refusal('FORBIDDEN', '只有网格员可以使用工作台'),
  )
  await api().ok(QIAN, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  // In 春晖 the inbox is hers (its one request is 李秀兰's, accepted above).
  expect(await api().call(QIAN, 'request.inbox', { tab: 'assigned' })).toMatchObject({ ok: true })
})

test('a choice outlives no role: once 春晖 takes her role away she is back in 幸福里', async () => {
  await api().ok(LI, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  const [held] = (
    await env.db.collection(COLLECTIONS.memberships).where({ openid: LI, communityId: 'c-chunhui' }).get()
  ).data as MembershipDoc[]
  await api().ok(CHEN, 'role.revoke', { membershipId: held._id, reason: '调离' })
  const me = await api().ok(LI, 'me.get', {})
  expect({ communityId: me.communityId, roles: me.roles, count: me.communities.length }).toEqual({
    communityId: 'c-xingfuli',
    roles: ['communityAdmin'],
    count: 1,
  })
  expect((await api().ok(LI, 'role.list', {})).holders.length).toBeGreaterThan(0)
})
