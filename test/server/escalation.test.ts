/**
 * Requests that cannot fall through: the scheduler with an injected clock, and the manual moves
 * (上报, 退回, 转派, 催办, 重办), each with who may and may not.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { createApi } from '../../cloudfunctions/core/router'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput, ActionName, ActionOutput } from '../../src/domain/contract'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-02T10:00:00+08:00' })

const MIN = 60_000

/** The same router the function runs, with the clock in the test's hand. */
function at(now: Date) {
  const api = createApi(env.deps(() => now))
  return {
    async ok<A extends ActionName>(
      openid: string,
      action: A,
      input: ActionInput<A>,
    ): Promise<ActionOutput<A>> {
      const res = await api.handle({ action, input }, openid)
      if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`)
      return res.data as ActionOutput<A>
    },
    call<A extends ActionName>(openid: string, action: A, input: ActionInput<A>) {
      return api.handle({ action, input }, openid)
    },
    schedule: () => runScheduler(env.deps(() => now)),
  }
}

let seq = 0
async function resident(building: string): Promise<string> {
  const openid = `t-esc-${++seq}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

async function stored(id: string): Promise<RequestDoc> {
  return (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
}

async function post(when: Date, building: string, category: 'safety' | 'facility' = 'safety') {
  const who = await resident(building)
  const r = await at(when).ok(who, 'request.create', {
    requestId: `esc-${seq}-xxxxxx`,
    category,
    description: '单元门口闻到燃气味，请尽快来看看',
  })
  return { who, id: r.id }
}

describe('accept clock: not accepted in time goes up one level, the clock restarts there', () => {
  test('3 → 2 → 1 → 街道, and a second run in the same minute changes nothing', async () => {
    const t0 = bj('2026-11-24T10:00:00') // a Tuesday
    const { id } = await post(t0, 'B03') // 陈明's micro-grid; 安全隐患: accept within 30 min
    await at(new Date(t0.getTime() + 29 * MIN)).schedule()
    expect((await stored(id)).level).toBe(3)

    const t1 = new Date(t0.getTime() + 31 * MIN)
    expect((await at(t1).schedule()).acceptTimeouts).toBeGreaterThanOrEqual(1)
    let doc = await stored(id)
    expect(doc).toMatchObject({ level: 2, gridId: 'g-1-1', gridName: '第一网格', status: 'assigned' })
    expect(doc.acceptBy.getTime()).toBe(t1.getTime() + 30 * MIN)
    const events = doc.events.length
    await at(t1).schedule()
    expect((await stored(id)).events).toHaveLength(events)

    const t2 = new Date(t1.getTime() + 31 * MIN)
    await at(t2).schedule()
    doc = await stored(id)
    expect(doc).toMatchObject({ level: 1, gridId: 'g-1', gridName: '幸福里社区' })

    const t3 = new Date(t2.getTime() + 31 * MIN)
    await at(t3).schedule()
    doc = await stored(id)
    expect(doc).toMatchObject({ level: 0, gridName: '暖阳街道（兜底）' })
    await at(new Date(t3.getTime() + 120 * MIN)).schedule()
    expect((await stored(id)).level).toBe(0)
    expect(doc.events.filter((e) => e.type === 'acceptTimeout').map((e) => e.note)).toEqual([
      '第一网格 · 2号微网格未在时限内接单，上报至第一网格',
      '第一网格未在时限内接单，上报至幸福里社区',
      '幸福里社区未在时限内接单，上报至暖阳街道（兜底）',
    ])
    // The leader of 第一网格 saw it while it was theirs; the admin still sees it at the street,
    // where there is no level left to 上报 to.
    const atStreet = await at(t3).ok('demo-admin', 'request.get', { id })
    expect(atStreet.actions).toContain('accept')
    expect(atStreet.actions).not.toContain('escalate')
    expect(atStreet.actions).not.toContain('return')

    // What slipped does not vanish: the member whose clock ran out, the leader above and the
    // board see it as 超时, with the 台账's line and where it is now; another grid does not.
    const slippedFor = async (who: string) =>
      (await at(t3).ok(who, 'request.inbox', { tab: 'slipped' })).items.find((i) => i.id === id)
    for (const who of ['demo-member-1-2', 'demo-leader-1', 'demo-admin']) {
      const card = await slippedFor(who)
      expect([who, card?.overdueMark]).toEqual([who, expect.stringContaining('超时未接单，自动上报')])
      expect(card?.gridName).toBe('暖阳街道（兜底）')
    }
    expect((await at(t3).ok('demo-member-1-2', 'request.inbox', { tab: 'slipped' })).counts.slipped).toBe(1)
    expect(await slippedFor('demo-member-2-1')).toBeUndefined()
    expect(await slippedFor('demo-leader-2')).toBeUndefined()
    const board = await at(t3).ok('demo-leader-1', 'request.overdue', {})
    const late = board.items.find((i) => i.id === id)
    expect(late?.overdueMark).toContain('上报至暖阳街道（兜底）')
    // Late since the first clock ran out here, not since its fresh deadline at the street.
    expect(late?.dueAt).toBe(t1.toISOString())
  })

  test('working-day clocks skip National Day and count a 调休 Saturday', async () => {
    // 设施报修: accept within 1 working day. Filed the day before the holiday → due 10-08.
    const before = await post(bj('2026-09-30T10:00:00'), 'B05', 'facility')
    expect((await stored(before.id)).acceptBy).toEqual(bj('2026-10-08T10:00:00'))
    await at(bj('2026-10-07T23:00:00')).schedule()
    expect((await stored(before.id)).level).toBe(3)
    await at(bj('2026-10-08T10:01:00')).schedule()
    expect((await stored(before.id)).level).toBe(2)

    // Filed on Friday 10-09: Saturday 10-10 is a working day (调休).
    const friday = await post(bj('2026-10-09T10:00:00'), 'B05', 'facility')
    expect((await stored(friday.id)).acceptBy).toEqual(bj('2026-10-10T10:00:00'))
  })
})

describe('resolve clock: chase, then escalate 5 working days later', () => {
  test('overdue → one chase (not two), then up a level with the assignee released', async () => {
    const t0 = bj('2026-11-24T09:00:00')
    const { id } = await post(t0, 'B01')
    await at(new Date(t0.getTime() + 10 * MIN)).ok('demo-member-1-1', 'request.accept', { id })
    const late = new Date(t0.getTime() + 121 * MIN) // 安全隐患: resolve within 2 h
    expect((await at(late).schedule()).chased).toBeGreaterThanOrEqual(1)
    await at(new Date(late.getTime() + MIN)).schedule()
    let doc = await stored(id)
    expect(doc.events.filter((e) => e.type === 'resolveOverdue')).toHaveLength(1)
    expect(doc.escalateBy).toEqual(bj('2026-12-01T11:01:00'))
    expect(doc.status).toBe('accepted')

    await at(bj('2026-12-01T11:02:00')).schedule()
    doc = await stored(id)
    expect(doc).toMatchObject({ status: 'assigned', level: 2, assigneeOpenid: null, escalateBy: null })
    expect(doc.events[doc.events.length - 1].type).toBe('overdueEscalate')
  })

  test('resolved and never rated: closed as unrated after 7 days, never as satisfied', async () => {
    const t0 = bj('2026-11-24T09:00:00')
    const { id } = await post(t0, 'B01')
    await at(t0).ok('demo-member-1-1', 'request.accept', { id })
    await at(t0).ok('demo-member-1-1', 'request.resolve', { id, note: '已处理' })
    await at(new Date(t0.getTime() + 6 * 86400_000)).schedule()
    expect((await stored(id)).status).toBe('resolved')
    await at(new Date(t0.getTime() + 7 * 86400_000 + MIN)).schedule()
    expect(await stored(id)).toMatchObject({ status: 'closed', rating: null })
  })
})

describe('manual moves, each one tap from the request, each with its rules', () => {
  const now = bj('2026-11-24T10:00:00')

  test('上报 needs a reason and goes one level up; a resident or another grid cannot', async () => {
    const { who, id } = await post(now, 'B01')
    const t = at(now)
    expect(await t.call('demo-member-1-1', 'request.escalate', { id, reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('原因') },
    })
    expect(await t.call(who, 'request.escalate', { id, reason: '我想找领导' })).toMatchObject(
      refusal('FORBIDDEN'),
    )
    expect(await t.call('demo-member-2-1', 'request.escalate', { id, reason: '不是我们的' })).toMatchObject(
      refusal('NOT_FOUND'),
    )
    // 转派 is a leader's: the micro-grid's own member cannot send it elsewhere.
    expect(await t.call('demo-member-1-1', 'request.dispatch', { id, gridId: 'g-1-1-2' })).toMatchObject(
      refusal('FORBIDDEN'),
    )
    expect((await stored(id)).level).toBe(3)
    const up = await t.ok('demo-member-1-1', 'request.escalate', {
      id,
      reason: '涉及燃气管道，需要网格长协调燃气公司',
    })
    expect(up).toMatchObject({ level: 2, gridName: '第一网格', status: 'assigned' })
    expect(up.events[up.events.length - 1]).toMatchObject({
      title: '上报',
      note: '涉及燃气管道，需要网格长协调燃气公司',
    })
  })

  test('退回 only within 1 working day of arriving; then the leader 转派 to a micro-grid of their own', async () => {
    const { id } = await post(now, 'B01')
    const late = at(bj('2026-11-25T10:01:00'))
    // The button is gone once the window has passed, and the server says why if asked anyway.
    expect((await late.ok('demo-member-1-1', 'request.get', { id })).actions).not.toContain('return')
    expect(
      (await at(bj('2026-11-25T09:59:00')).ok('demo-member-1-1', 'request.get', { id })).actions,
    ).toContain('return')
    expect(
      await late.call('demo-member-1-1', 'request.return', { id, reason: '不属于本网格' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('1个工作日') },
    })
    const back = await at(bj('2026-11-25T09:59:00')).ok('demo-member-1-1', 'request.return', {
      id,
      reason: '反映的是隔壁2号微网格的路灯',
    })
    expect(back.level).toBe(2)
    const t = at(bj('2026-11-25T10:30:00'))
    // Another grid's leader cannot see it; the leader cannot send it outside their grid.
    expect(await t.call('demo-leader-2', 'request.dispatch', { id, gridId: 'g-1-2-1' })).toMatchObject(
      refusal('NOT_FOUND'),
    )
    expect(await t.call('demo-leader-1', 'request.dispatch', { id, gridId: 'g-1-2-1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('下级网格') },
    })
    // Once returned she can still follow it, but no longer act on it.
    const followed = await t.ok('demo-member-1-1', 'request.get', { id })
    expect(followed.actions).toEqual([])
    expect(followed.resident).toBeNull()
    expect(await t.call('demo-member-1-1', 'request.dispatch', { id, gridId: 'g-1-1-2' })).toMatchObject(
      refusal('FORBIDDEN'),
    )
    expect(await t.call('demo-leader-1', 'request.dispatch', { id, gridId: 'nope' })).toMatchObject(
      refusal('NOT_FOUND'),
    )
    const targets = await t.ok('demo-leader-1', 'request.dispatchTargets', { id })
    expect(targets.grids).toContainEqual({
      id: 'g-1-1-2',
      name: '第一网格 · 2号微网格',
      level: 3,
      staffed: true,
    })
    const admin = await t.ok('demo-admin', 'request.dispatchTargets', { id })
    expect(admin.grids.find((g) => g.id === 'g-1-3-2')).toMatchObject({ staffed: false })
    const moved = await t.ok('demo-leader-1', 'request.dispatch', { id, gridId: 'g-1-1-2' })
    expect(moved).toMatchObject({ level: 3, gridName: '第一网格 · 2号微网格' })
    expect(moved.events[moved.events.length - 1].note).toBe('转派至第一网格 · 2号微网格')
    expect(
      (await t.ok('demo-member-1-2', 'request.inbox', { tab: 'assigned' })).items.map((i) => i.id),
    ).toContain(id)
  })

  test('催办 by a leader above, not by a member', async () => {
    const { id } = await post(now, 'B01')
    const t = at(now)
    await t.ok('demo-member-1-1', 'request.accept', { id })
    expect(await t.call('demo-member-1-2', 'request.chase', { id })).toMatchObject(refusal('NOT_FOUND'))
    const chased = await t.ok('demo-leader-1', 'request.chase', { id, note: '居民很着急，今天务必处理' })
    expect(chased.events[chased.events.length - 1]).toMatchObject({ title: '催办', actorName: '王建国' })
    expect(chased.status).toBe('accepted')
  })

  test('不满意 reopens once for the same handler; a second 不满意 goes to the community', async () => {
    const { who, id } = await post(now, 'B01')
    const t = at(now)
    await t.ok('demo-member-1-1', 'request.accept', { id })
    await t.ok('demo-member-1-1', 'request.resolve', { id, note: '已关阀通风' })
    const reopened = await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '还是有味道' })
    expect(reopened).toMatchObject({ status: 'accepted', assigneeName: '刘芳', reopenCount: 1 })
    await t.ok('demo-member-1-1', 'request.resolve', { id, note: '燃气公司已更换接头' })
    const appealed = await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '问题没根治' })
    expect(appealed).toMatchObject({ status: 'assigned', level: 1, assigneeName: null })
    // A retried identical rating answers with the request instead of an error.
    expect(
      (await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '问题没根治' })).status,
    ).toBe('assigned')
    expect(appealed.events.map((e) => e.type)).toEqual([
      'create',
      'accept',
      'resolve',
      'reopen',
      'resolve',
      'appeal',
    ])
  })

  test('actions on a closed request are conflicts and change nothing', async () => {
    const { who, id } = await post(now, 'B01')
    const t = at(now)
    await t.ok('demo-member-1-1', 'request.accept', { id })
    await t.ok('demo-member-1-1', 'request.resolve', { id, note: '已处理' })
    await t.ok(who, 'request.rate', { id, rating: 'satisfied' })
    const before = (await stored(id)).events.length
    for (const [actor, action, input] of [
      ['demo-member-1-1', 'request.escalate', { id, reason: '再看看' }],
      ['demo-leader-1', 'request.chase', { id }],
      ['demo-leader-1', 'request.dispatch', { id, gridId: 'g-1-1-2' }],
    ] as const) {
      const res = await t.call(actor, action, input as never)
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', message: expect.stringMatching(/[\u4e00-\u9fa5]/) },
      })
    }
    expect((await stored(id)).events).toHaveLength(before)
  })
})

test('the scheduler function refuses to be called by a user', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../../cloudfunctions/scheduler/index') as {
    main: (e: unknown, c: unknown) => Promise<unknown>
  }
  const { platformContext } = await import('../../local/platform')
  expect(await main({}, platformContext('scheduler', 'demo-resident-1'))).toMatchObject(refusal('FORBIDDEN'))
  expect(await main({ Type: 'Timer' }, platformContext('scheduler', null))).toMatchObject({ ok: true })
})

describe('review findings, pinned', () => {
  const now = bj('2026-11-24T10:00:00')

  test('上报 and 接单 at the same moment: never both, and the 台账 stays one chain', async () => {
    for (let i = 0; i < 8; i++) {
      const { id } = await post(now, 'B01')
      const t = at(now)
      const [accepted, escalated] = await Promise.all([
        t.call('demo-leader-1', 'request.accept', { id }),
        t.call('demo-member-1-1', 'request.escalate', { id, reason: '需要网格长协调' }),
      ])
      expect(accepted.ok && escalated.ok).toBe(false)
      const doc = await stored(id)
      for (let k = 1; k < doc.events.length; k++) expect(doc.events[k].from).toBe(doc.events[k - 1].to)
    }
  })

  test('once accepted, only the one who accepted hands it up', async () => {
    const { id } = await post(now, 'B01')
    const t = at(now)
    await t.ok('demo-leader-1', 'request.accept', { id })
    expect(
      await t.call('demo-member-1-1', 'request.escalate', { id, reason: '需要网格长协调' }),
    ).toMatchObject(refusal('CONFLICT', '王建国已接单，只有接单人可以上报'))
    // Nor is it offered to them.
    expect((await t.ok('demo-member-1-1', 'request.get', { id })).actions).not.toContain('escalate')
    expect((await stored(id)).status).toBe('accepted')
  })

  test('once accepted, a request escalated back to waiting cannot be cancelled', async () => {
    const { who, id } = await post(now, 'B01')
    const t = at(now)
    await t.ok('demo-member-1-1', 'request.accept', { id })
    await t.ok('demo-member-1-1', 'request.escalate', { id, reason: '需要网格长协调' })
    expect(await t.call(who, 'request.cancel', { id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('不能撤销') },
    })
  })

  test('a third 不满意 closes it as unsatisfied instead of sending it round again', async () => {
    const { who, id } = await post(now, 'B01')
    const t = at(now)
    const redo = async (by: string) => {
      await t.ok(by, 'request.accept', { id }).catch(() => undefined)
      await t.ok(by, 'request.resolve', { id, note: '已处理' })
    }
    await t.ok('demo-member-1-1', 'request.accept', { id })
    await t.ok('demo-member-1-1', 'request.resolve', { id, note: '已处理' })
    await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '一' })
    await t.ok('demo-member-1-1', 'request.resolve', { id, note: '再处理' })
    await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '二' })
    await redo('demo-admin')
    const closed = await t.ok(who, 'request.rate', { id, rating: 'unsatisfied', comment: '三' })
    expect(closed).toMatchObject({ status: 'closed', rating: 'unsatisfied' })
  })

  test('one broken request does not stop the timer for the others', async () => {
    const healthy = await post(now, 'B03')
    const broken = await post(now, 'B03')
    await env.db
      .collection(COLLECTIONS.requests)
      .doc(broken.id)
      .update({ gridPath: ['g-1', 'gone', 'g-1-1-2'], acceptBy: new Date(now.getTime() - 86400_000) })
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    await at(new Date(now.getTime() + 31 * MIN)).schedule()
    spy.mockRestore()
    expect((await stored(healthy.id)).level).toBe(2)
  })
})

test('the nightly run re-derives open-request counters a crash left wrong, and only at night', async () => {
  const { who } = await post(bj('2026-11-24T10:00:00'), 'B05')
  // As if the process died between a transition and its counter write.
  await env.db.collection(COLLECTIONS.users).doc(who).update({ openCount: 4 })
  const count = async () =>
    ((await env.db.collection(COLLECTIONS.users).doc(who).get()).data[0] as { openCount: number }).openCount
  // Rate-limit windows: one that ended two days before, one still counting.
  const window = (id: string, expiresAt: Date) => ({
    _id: id,
    openid: who,
    action: 'request.create',
    count: 1,
    keys: [],
    windowStart: new Date(expiresAt.getTime() - 3600_000),
    expiresAt,
  })
  await env.db
    .collection(COLLECTIONS.rateLimits)
    .add([window('rl-old', bj('2026-11-23T03:00:00')), window('rl-current', bj('2026-11-25T03:30:00'))])
  await at(bj('2026-11-25T02:59:00')).schedule()
  expect(await count()).toBe(4)
  const report = await at(bj('2026-11-25T03:00:00')).schedule()
  expect(report.countersFixed).toBeGreaterThanOrEqual(1)
  expect(await count()).toBe(1)
  expect(report.rateLimitsPurged).toBeGreaterThanOrEqual(1)
  const left = await env.db
    .collection(COLLECTIONS.rateLimits)
    .where({ _id: env.db.command.in(['rl-old', 'rl-current']) })
    .get()
  expect(left.data.map((d: { _id: string }) => d._id)).toEqual(['rl-current'])
})
