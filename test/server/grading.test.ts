/**
 * 流动红旗 · 民主测评 · 整改 through the api: one vote per household (two residents of one room
 * share it), months that end at midnight in Beijing, October 2026 graded by the admin — 第二网格
 * 先进 with the flag, 第一网格 后进 with its 整改 (measures, returned, closed), 第三网格 样本不足 —
 * and who may do what.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { ALREADY_VOTED, ROOM_FIRST } from '../../cloudfunctions/core/grading/poll'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

// Late on the last evening of September: the demo seed's requests all fall in September.
const env = fileEnv({ at: '2026-09-30T22:00:00+08:00' })
let clock = bj('2026-10-12T09:00:00')
const api = () => clockApi(env, () => clock)
const at = (iso: string) => clockApi(env, () => bj(iso))

const ADMIN = 'demo-admin'
const LEADER_1 = 'demo-leader-1'
const LEADER_2 = 'demo-leader-2'

const messagesOf = async (openid: string) =>
  (await env.db.collection(COLLECTIONS.messages).where({ openid, target: 'rectify' }).get())
    .data as MessageDoc[]

async function resident(openid: string, buildingCode: string, room: string) {
  await api().ok(openid, 'me.bindBuilding', { buildingCode, room })
}

beforeAll(async () => {
  // 第二网格 (B05): five requests accepted, resolved and rated on Monday 12 October, all on time.
  for (let i = 1; i <= 5; i++) {
    const who = `t-grade-b05-${i}`
    await resident(who, 'B05', `1单元${i}01`)
    clock = bj(`2026-10-12T0${i}:00:00`)
    const r = await api().ok(who, 'request.create', {
      requestId: `grade-b05-${i}-xxxx`,
      category: 'facility',
      description: '楼道扶手松了，老人上楼不安全',
    })
    clock = bj(`2026-10-12T1${i}:00:00`)
    await api().ok('demo-member-2-1', 'request.accept', { id: r.id })
    await api().ok('demo-member-2-1', 'request.resolve', { id: r.id, note: '已请物业重新固定扶手' })
    await api().ok(who, 'request.rate', { id: r.id, rating: 'satisfied' })
  }
  // 第一网格 (B01): five never accepted — open and overdue at the month's end.
  for (let i = 1; i <= 5; i++) {
    const who = `t-grade-b01-${i}`
    await resident(who, 'B01', `2单元${i}02`)
    clock = bj(`2026-10-13T0${i}:00:00`)
    await api().ok(who, 'request.create', {
      requestId: `grade-b01-${i}-xxxx`,
      category: 'facility',
      description: '单元门禁坏了，门一直关不上',
    })
  }
  // 民主测评 in October: three households of 第二网格 satisfied.
  clock = bj('2026-10-20T10:00:00')
  for (let i = 1; i <= 3; i++)
    await api().ok(`t-grade-b05-${i}`, 'poll.vote', { requestId: `grade-poll-b05-${i}`, choice: 'satisfied' })
})

test('one vote per household: a second resident of the same room is refused; a retry is not a second vote', async () => {
  clock = bj('2026-10-21T09:00:00')
  await resident('t-grade-wife', 'B01', '3单元502')
  await resident('t-grade-husband', 'B01', '3单元502')
  const first = await api().ok('t-grade-wife', 'poll.vote', {
    requestId: 'grade-vote-wife',
    choice: 'basic',
    comment: '楼道卫生还可以再好一点',
  })
  expect(first).toMatchObject({
    month: '2026-10',
    gridName: '第一网格',
    vote: { choice: 'basic', mine: true },
  })
  // The same tap again (a retry) answers the first result and writes nothing.
  const votes = await env.count(COLLECTIONS.pollVotes)
  expect(
    await api().ok('t-grade-wife', 'poll.vote', { requestId: 'grade-vote-wife', choice: 'basic' }),
  ).toMatchObject({ vote: { choice: 'basic' } })
  expect(await env.count(COLLECTIONS.pollVotes)).toBe(votes)
  // Her husband, same room: the household has voted — he sees it, and cannot vote again.
  expect(await api().ok('t-grade-husband', 'poll.mine', {})).toMatchObject({
    vote: { label: '基本满意', mine: false },
    household: expect.stringContaining('3单元502'),
  })
  expect(
    await api().call('t-grade-husband', 'poll.vote', {
      requestId: 'grade-vote-husband',
      choice: 'unsatisfied',
    }),
  ).toEqual(refusal('CONFLICT', ALREADY_VOTED))
  // Nor may she change it (a vote is final), under another requestId.
  expect(
    await api().call('t-grade-wife', 'poll.vote', { requestId: 'grade-vote-wife-2', choice: 'satisfied' }),
  ).toEqual(refusal('CONFLICT', ALREADY_VOTED))
  expect(await env.count(COLLECTIONS.pollVotes)).toBe(votes)
})

test('bad input and a household without a room are refused in Chinese, changing nothing', async () => {
  clock = bj('2026-10-21T10:00:00')
  const votes = await env.count(COLLECTIONS.pollVotes)
  await api().ok('t-grade-noroom', 'me.bindBuilding', { buildingCode: 'B02' })
  expect(await api().ok('t-grade-noroom', 'poll.mine', {})).toMatchObject({ needsRoom: true, vote: null })
  expect(
    await api().call('t-grade-noroom', 'poll.vote', { requestId: 'grade-noroom-1', choice: 'satisfied' }),
  ).toEqual(refusal('INVALID_INPUT', ROOM_FIRST))
  expect(
    await api().call('t-grade-b01-1', 'poll.vote', { requestId: 'grade-bad-1', choice: 'great' as never }),
  ).toMatchObject(refusal('INVALID_INPUT', '请选择满意、基本满意或不满意'))
  expect(
    await api().call('t-grade-b01-1', 'poll.vote', {
      requestId: 'grade-bad-2',
      choice: 'basic',
      comment: '很'.repeat(101),
    }),
  ).toMatchObject(refusal('INVALID_INPUT', '评价：最多100个字'))
  // Staff are not residents; a stranger has no building.
  expect(
    await api().call(LEADER_1, 'poll.vote', { requestId: 'grade-staff-1', choice: 'satisfied' }),
  ).toMatchObject(refusal('FORBIDDEN'))
  expect(await env.count(COLLECTIONS.pollVotes)).toBe(votes)
})

test('the current month is provisional and cannot be graded; members and leaders cannot grade', async () => {
  const t = at('2026-10-31T23:59:00')
  const board = await t.ok(ADMIN, 'metrics.month', { month: '2026-10' })
  expect(board.grading).toMatchObject({ state: 'provisional', mayGrade: false })
  expect(board.grading.text).toContain('暂评')
  expect(await t.call(ADMIN, 'grade.confirm', { month: '2026-10' })).toEqual(
    refusal('INVALID_INPUT', '本月还没有结束，月底后才能评定'),
  )
  const t2 = at('2026-11-02T09:00:00')
  for (const who of [LEADER_1, 'demo-member-1-1'])
    expect(await t2.call(who, 'grade.confirm', { month: '2026-10' })).toMatchObject(refusal('FORBIDDEN'))
  expect(await t2.call(ADMIN, 'grade.confirm', { month: '2026-1' })).toMatchObject(
    refusal('INVALID_INPUT', '月份格式应为 2026-11'),
  )
  expect(await env.count(COLLECTIONS.gradings)).toBe(0)
})

test('October graded: 第二网格 先进 with the flag, 第一网格 后进 with a 整改, 第三网格 样本不足', async () => {
  const t = at('2026-11-02T09:00:00')
  // Over but not graded: pending, the admin may grade it.
  expect((await t.ok(ADMIN, 'metrics.month', { month: '2026-10' })).grading).toMatchObject({
    state: 'pending',
    mayGrade: true,
  })
  const board = await t.ok(ADMIN, 'grade.confirm', { month: '2026-10' })
  expect(board.grading).toMatchObject({ state: 'final', mayGrade: false })
  const row = (id: string) => board.grids.find((g) => g.gridId === id)
  expect(row('g-1-2')).toMatchObject({
    onTimeRate: 1,
    grade: { code: 'advanced', label: '先进', rank: 1 },
    // Five households of the test and 周先生 (demo-resident-3, B07).
    poll: { votes: 3, households: 6, score: 100 },
  })
  expect(board.flag).toMatchObject({ gridId: 'g-1-2', name: '第二网格', onTimeRate: 1 })
  expect(row('g-1-1')?.grade).toMatchObject({ code: 'behind', rank: 2 })
  expect(row('g-1-1')?.grade?.reasons).toEqual(['按时办结率 0% < 70%'])
  // The seed's one open request in B12 is all 第三网格 has: not ranked, not a zero.
  expect(row('g-1-3')?.grade).toMatchObject({ code: 'unmeasured', label: '样本不足', rank: null })
  // Micro-grids and the community are not graded.
  expect(row('g-1-1-1')?.grade).toBeNull()
  expect(board.rectifications).toEqual([
    expect.objectContaining({ gridId: 'g-1-1', month: '2026-10', status: 'open', overdue: false }),
  ])
  // The leader of 第一网格 is told, through the outbox.
  const told = await messagesOf(LEADER_1)
  expect(told.map((m) => m.title)).toEqual(['10月评定为后进，请提交整改措施'])
  // Graded again: nothing new; the grades are frozen even as late events arrive.
  const again = await at('2026-11-05T09:00:00').ok(ADMIN, 'grade.confirm', { month: '2026-10' })
  expect(again.flag).toEqual(board.flag)
  expect(await env.count(COLLECTIONS.gradings)).toBe(1)
  expect(await env.count(COLLECTIONS.rectifications)).toBe(1)
  expect(await messagesOf(LEADER_1)).toHaveLength(1)
  // A leader sees the same flag, and 整改 of their own grids only.
  const l2 = await t.ok(LEADER_2, 'metrics.month', { month: '2026-10' })
  expect(l2.flag).toEqual(board.flag)
  expect(l2.rectifications).toEqual([])
})

test('整改: the leader writes the measures, the admin sends them back, then closes; each step in the 台账', async () => {
  const t = at('2026-11-03T10:00:00')
  const [task] = (await t.ok(LEADER_1, 'rectify.list', {})).items
  expect(task).toMatchObject({ gridName: '第一网格', status: 'open', maySubmit: true, mayReview: false })
  // Ten working days from the grading (2 November): 16 November.
  expect(task.dueAt).toBe(bj('2026-11-16T09:00:00').toISOString())
  // Not theirs: another leader is told nothing; the admin reviews, does not write.
  expect(
    await t.call(LEADER_2, 'rectify.submit', { id: task.id, measures: '每周入户走访两次，诉求当天接单' }),
  ).toEqual(refusal('NOT_FOUND', '没有找到这项整改'))
  expect(
    await t.call(ADMIN, 'rectify.submit', { id: task.id, measures: '每周入户走访两次，诉求当天接单' }),
  ).toEqual(refusal('FORBIDDEN', '整改措施由本网格的网格长填写'))
  expect(await t.call(LEADER_1, 'rectify.submit', { id: task.id, measures: '马上改' })).toMatchObject(
    refusal('INVALID_INPUT', '整改措施至少10个字'),
  )
  expect(await t.call(ADMIN, 'rectify.review', { id: task.id, decision: 'close', note: '同意销号' })).toEqual(
    refusal('CONFLICT', '网格长还没有提交整改措施'),
  )
  const submitted = await t.ok(LEADER_1, 'rectify.submit', {
    id: task.id,
    measures: '每周入户走访两次，诉求当天接单，超时件由网格长督办',
  })
  expect(submitted).toMatchObject({ status: 'submitted', statusLabel: '待社区验收', maySubmit: false })
  expect((await messagesOf(ADMIN)).map((m) => m.title)).toEqual(['第一网格10月整改措施待验收'])
  expect(await t.call(LEADER_1, 'rectify.review', { id: task.id, decision: 'close', note: '同意' })).toEqual(
    refusal('FORBIDDEN', '整改由社区管理员验收'),
  )
  const returned = await t.ok(ADMIN, 'rectify.review', {
    id: task.id,
    decision: 'return',
    note: '请写明谁负责督办超时件',
  })
  expect(returned).toMatchObject({ status: 'open', reviewNote: '请写明谁负责督办超时件' })
  expect((await messagesOf(LEADER_1)).map((m) => m.title)).toContain('10月整改被退回，请在11月16日前重新提交')
  await t.ok(LEADER_1, 'rectify.submit', {
    id: task.id,
    measures: '网格长王建国每天查看超时件并当天督办到人',
  })
  const closed = await at('2026-11-04T10:00:00').ok(ADMIN, 'rectify.review', {
    id: task.id,
    decision: 'close',
    note: '措施落实，同意销号',
  })
  expect(closed).toMatchObject({ status: 'closed', statusLabel: '已销号', mayReview: false })
  expect(closed.events.map((e) => e.text)).toEqual([
    '评定为后进，下达整改任务：按时办结率 0% < 70%',
    '提交整改措施：每周入户走访两次，诉求当天接单，超时件由网格长督办',
    '退回，重新整改：请写明谁负责督办超时件',
    '提交整改措施：网格长王建国每天查看超时件并当天督办到人',
    '验收通过，整改销号：措施落实，同意销号',
  ])
  expect(await t.call(ADMIN, 'rectify.review', { id: task.id, decision: 'close', note: '再销一次' })).toEqual(
    refusal('CONFLICT', '这项整改已经销号'),
  )
})

test('an 整改 still open after its deadline shows overdue on the board', async () => {
  // A 后进 November for 第一网格: its five October requests are still open and overdue.
  const board = await at('2026-12-01T09:00:00').ok(ADMIN, 'grade.confirm', { month: '2026-11' })
  const task = board.rectifications.find((r) => r.month === '2026-11')
  expect(task).toMatchObject({ gridId: 'g-1-1', overdue: false })
  const late = await at('2026-12-30T09:00:00').ok(ADMIN, 'metrics.month', { month: '2026-12' })
  expect(late.rectifications[0]).toMatchObject({ id: task?.id, overdue: true })
})

test('months end at midnight in Beijing: the last minute of the year votes December, the first January', async () => {
  const who = 't-grade-b05-4'
  const dec = await at('2026-12-31T23:59:00').ok(who, 'poll.vote', {
    requestId: 'grade-dec-b05-4',
    choice: 'basic',
  })
  expect(dec).toMatchObject({ month: '2026-12', vote: { choice: 'basic' } })
  expect(await at('2027-01-01T00:00:30').ok(who, 'poll.mine', {})).toMatchObject({
    month: '2027-01',
    vote: null,
  })
  await at('2027-01-01T00:01:00').ok(who, 'poll.vote', { requestId: 'grade-jan-b05-4', choice: 'satisfied' })
  const board = await at('2027-01-05T09:00:00').ok(ADMIN, 'metrics.month', { month: '2026-12' })
  expect(board.grids.find((g) => g.gridId === 'g-1-2')?.poll).toMatchObject({ votes: 1, score: 60 })
  const votes = (await env.db.collection(COLLECTIONS.pollVotes).where({ openid: who }).get()).data
  // October's was not theirs: one household, one vote a month.
  expect(votes.map((v: { month: string }) => v.month).sort()).toEqual(['2026-12', '2027-01'])
})

test('the 台账 keeps the seed’s requests out of October: nothing here was counted twice', async () => {
  const octRequests = (await env.db.collection(COLLECTIONS.requests).where({ buildingCode: 'B05' }).get())
    .data as RequestDoc[]
  expect(octRequests.filter((r) => r.requestId.startsWith('grade-b05-'))).toHaveLength(5)
})
