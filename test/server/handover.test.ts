/**
 * 转交 (issue 18, part 1): a member took a request on and then left — her role revoked, the
 * request stuck with her until the clocks ran out. A leader above or the admin now hands what
 * someone has taken on to another who may handle it there, with the reason; both are told, and
 * it is an event in the 台账.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { noticeTitles, storedRequest } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T09:00:00+08:00' })
let clock = bj('2026-12-02T09:00:00')
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
const WANG = 'demo-leader-1'
const LIU = 'demo-member-1-1'
const DAYE = 'demo-resident-1'
let n = 0
const rid = () => `handover-${++n}-xxxxxxxx`
const stored = (id: string) => storedRequest(env, id)
const titles = (openid: string, targetId: string) => noticeTitles(env, openid, targetId)

async function acceptedByLiu(description: string): Promise<string> {
  const { id } = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description,
  })
  await api().ok(LIU, 'request.accept', { id })
  return id
}

test('the admin hands 刘芳’s request to 王建国 with the reason; both are told, the 台账 says so', async () => {
  const id = await acceptedByLiu('1号楼3单元的楼道灯不亮了，晚上上楼看不见')
  const { people } = await api().ok(ADMIN, 'request.transferTargets', { id })
  // Who may handle it where it is (B01's micro-grid): the leader above and the admin — not its holder.
  expect(people.map((p) => [p.name, p.roleLabel])).toEqual([
    ['王建国', '网格长'],
    ['李秀兰', '社区管理员'],
  ])
  clock = bj('2026-12-02T10:00:00')
  const moved = await api().ok(ADMIN, 'request.transfer', {
    id,
    membershipId: people[0].membershipId,
    reason: '刘芳本周休假，由网格长接手',
  })
  expect(moved).toMatchObject({ status: 'accepted', assigneeName: '王建国' })
  const doc = await stored(id)
  expect(doc.assigneeOpenid).toBe(WANG)
  expect(doc.events.at(-1)).toMatchObject({
    type: 'transfer',
    actorOpenid: ADMIN,
    note: '转交给王建国：刘芳本周休假，由网格长接手',
  })
  expect(await titles(WANG, id)).toContain('转交给您的诉求')
  expect(await titles(LIU, id)).toContain('您接单的诉求已转交')
  // It is 王建国's to 办结 now, and no longer 刘芳's.
  expect(await api().call(LIU, 'request.resolve', { id, note: '已经换好灯泡了' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  await api().ok(WANG, 'request.resolve', { id, note: '已更换楼道灯泡，灯亮了' })
})

test('bad input and the wrong people change nothing', async () => {
  const id = await acceptedByLiu('1号楼门口的地砖松了，踩上去会晃')
  const before = JSON.stringify(await stored(id))
  const to = 'm-demo-leader-1'
  const cases: [string, object, ReturnType<typeof refusal>][] = [
    [ADMIN, { id, membershipId: to, reason: '短' }, refusal('INVALID_INPUT')],
    [ADMIN, { id, membershipId: '', reason: '刘芳休假请接手' }, refusal('INVALID_INPUT', '请选择接手的人')],
    [ADMIN, { id, membershipId: 'm-nobody', reason: '刘芳休假请接手' }, refusal('NOT_FOUND')],
    // 杨雪梅 serves 第二网格: she could not work a 1号楼 request.
    [
      ADMIN,
      { id, membershipId: 'm-demo-member-2-1', reason: '刘芳休假请接手' },
      refusal('INVALID_INPUT', '杨雪梅不负责这条诉求所在的网格，请选择能办理它的人'),
    ],
    // A resident is not someone to hand work to.
    [ADMIN, { id, membershipId: 'm-demo-volunteer-1', reason: '刘芳休假请接手' }, refusal('NOT_FOUND')],
    [ADMIN, { id, membershipId: 'm-demo-member-1-1', reason: '刘芳休假请接手' }, refusal('CONFLICT')],
    // Only someone above its holder: not the holder herself, nor another grid's leader.
    [LIU, { id, membershipId: to, reason: '我要休假请接手' }, refusal('FORBIDDEN')],
    ['demo-leader-2', { id, membershipId: to, reason: '刘芳休假请接手' }, refusal('NOT_FOUND')],
    [DAYE, { id, membershipId: to, reason: '换个人办理吧' }, refusal('FORBIDDEN')],
  ]
  for (const [who, input, expected] of cases)
    expect(await api().call(who, 'request.transfer', input as never)).toMatchObject(expected)
  expect(JSON.stringify(await stored(id))).toBe(before)
  expect(await api().call(LIU, 'request.transferTargets', { id })).toMatchObject(
    refusal('FORBIDDEN', '只有上级网格长或社区管理员可以转交'),
  )
  // Waiting, nobody holds it: that is 转派, not 转交.
  const waiting = await api().ok(DAYE, 'request.create', {
    requestId: rid(),
    category: 'facility',
    description: '1号楼的信报箱门坏了关不上',
  })
  expect(
    await api().call(ADMIN, 'request.transfer', { id: waiting.id, membershipId: to, reason: '请网格长接手' }),
  ).toMatchObject(refusal('CONFLICT'))
})

test('a member whose role was revoked: her accepted request is handed over, not stuck', async () => {
  const id = await acceptedByLiu('1号楼电梯按钮有一个不亮了')
  await api().ok(ADMIN, 'role.revoke', { membershipId: 'm-demo-member-1-1', reason: '调离本社区' })
  // The 转交 button is offered to the admin on what she held.
  expect((await api().ok(ADMIN, 'request.get', { id })).actions).toContain('transfer')
  const { people } = await api().ok(ADMIN, 'request.transferTargets', { id })
  expect(people.map((p) => p.name)).not.toContain('刘芳')
  await api().ok(WANG, 'request.transfer', {
    id,
    membershipId: 'm-demo-leader-1',
    reason: '刘芳已调离，由网格长接手',
  })
  expect(await stored(id)).toMatchObject({ assigneeOpenid: WANG, status: 'accepted' })
  expect(await titles(LIU, id)).toContain('您接单的诉求已转交')
})

test('revoking a role lists what its holder has in hand and hands it over in the same step', async () => {
  // 王建国 took on two 1号楼 requests and organises a 大讲堂 next week; the admin removes his role.
  // (刘芳 left in the test before.)
  const taken: string[] = []
  for (const description of ['1号楼车棚的灯坏了，晚上停车看不见', '1号楼楼顶的太阳能热水器漏水']) {
    const { id } = await api().ok(DAYE, 'request.create', {
      requestId: rid(),
      category: 'facility',
      description,
    })
    await api().ok(WANG, 'request.accept', { id })
    taken.push(id)
  }
  const [first, second] = taken
  const lecture = await api().ok(
    WANG,
    'activity.create',
    activityInput(rid(), { schedule: { from: '2026-12-09', time: '19:00', durationMinutes: 60 } }),
  )
  const work = await api().ok(ADMIN, 'role.workOf', { membershipId: 'm-demo-leader-1' })
  expect(work.name).toBe('王建国')
  // Those two, and the one he took over from 刘芳 before.
  expect(work.requests.map((r) => r.id)).toEqual(expect.arrayContaining([first, second]))
  expect(work.requests).toHaveLength(3)
  expect(work.sessions.map((s) => s.title)).toEqual(['社区大讲堂'])

  // Handed to someone who could not take it all: refused whole, nothing moved, the role still there.
  for (const [handTo, message] of [
    ['m-demo-member-1-2', '陈明不负责其中3条诉求所在的网格，请选择能办理它们的人'],
    ['m-demo-leader-1', '接手的人不能是被撤销角色的本人'],
    ['m-nobody', '没有找到接手的人，请重新选择'],
  ]) {
    const res = await api().call(ADMIN, 'role.revoke', {
      membershipId: 'm-demo-leader-1',
      handTo,
      reason: '调任',
    })
    expect(res).toMatchObject({ ok: false, error: { message } })
  }
  expect(await env.db.collection(COLLECTIONS.memberships).doc('m-demo-leader-1').get()).toMatchObject({
    data: [expect.objectContaining({ role: 'gridLeader' })],
  })
  expect((await stored(second)).assigneeOpenid).toBe(WANG)
  // Only someone above the role sees what its holder has in hand.
  expect(await api().call(LIU, 'role.workOf', { membershipId: 'm-demo-leader-1' })).toMatchObject(
    refusal('FORBIDDEN'),
  )

  await api().ok(ADMIN, 'role.revoke', {
    membershipId: 'm-demo-leader-1',
    handTo: 'm-demo-admin',
    reason: '调任街道',
  })
  for (const id of work.requests.map((r) => r.id)) {
    const doc = await stored(id)
    expect(doc).toMatchObject({ assigneeOpenid: ADMIN, status: 'accepted' })
    expect(doc.events.at(-1)).toMatchObject({
      type: 'transfer',
      note: expect.stringContaining('王建国的网格长角色撤销（调任街道），工作交接'),
    })
  }
  const sessions = await sessionsOf(env, lecture.id)
  expect(sessions.every((s) => s.createdBy === ADMIN)).toBe(true)
  expect(await api().call(WANG, 'request.inbox', { tab: 'accepted' })).toMatchObject(refusal('FORBIDDEN'))
})
