/**
 * 网格绩效 rollups through the api: the scheduler rolls a closed month; what its requests do after
 * (a late 撤销, a 不满意 → 重办 in the next month) shows on the board at once, from the rollup and
 * the changes since, as a recompute would have it; a re-run of the scheduler counts nothing twice.
 */
import { collection } from '../../cloudfunctions/core/db'
import type { MetricsMonthlyDoc } from '../../cloudfunctions/core/model'
import { ROLL_LAG_MS, runRollups } from '../../cloudfunctions/core/metrics/rollup'
import { createApi } from '../../cloudfunctions/core/router'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput, ActionName, ActionOutput } from '../../src/domain/contract'
import { fileEnv } from '../support/env'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-20T10:00:00+08:00' })
const MICRO = 'g-1-2-1'

function at(iso: string) {
  const api = createApi(env.deps(() => bj(iso)))
  return async <A extends ActionName>(who: string, action: A, input: ActionInput<A>) => {
    const res = await api.handle({ action, input }, who)
    if (!res.ok) throw new Error(`${action}: ${res.error.message}`)
    return res.data as ActionOutput<A>
  }
}

async function december(): Promise<MetricsMonthlyDoc> {
  const res = await collection(env.db, 'metricsMonthly').where({ month: '2026-12' }).limit(10).get()
  expect(res.data).toHaveLength(1)
  return res.data[0]
}

const board = async (iso: string, month: string) =>
  (await at(iso)('demo-admin', 'metrics.month', { month })).grids.find((g) => g.gridId === MICRO)

let resolvedId = ''
let waitingId = ''

beforeAll(async () => {
  const who = 't-rollup-1'
  await env.ok(who, 'me.bindBuilding', { buildingCode: 'B05' })
  const r1 = await at('2026-12-31T21:00:00')(who, 'request.create', {
    requestId: 'rollup-r1-xxxx',
    category: 'facility',
    description: '楼道的灯不亮了，晚上看不见台阶',
  })
  resolvedId = r1.id
  await at('2026-12-31T21:10:00')('demo-member-2-1', 'request.accept', { id: r1.id })
  await at('2026-12-31T22:00:00')('demo-member-2-1', 'request.resolve', { id: r1.id, note: '已换灯泡' })
  const r2 = await at('2026-12-31T22:30:00')(who, 'request.create', {
    requestId: 'rollup-r2-xxxx',
    category: 'environment',
    description: '楼下垃圾桶满了没人清理',
  })
  waitingId = r2.id
})

test('a closed month is rolled once; later moves of its requests show at once and on the next roll', async () => {
  const rollAt = bj('2027-01-01T01:00:00')
  // Two months a run, newest first (this one and the last), the rest on the runs after.
  const first = await runRollups(env.db, rollAt)
  expect(first).toMatchObject({ rolled: 2, pending: 11 })
  for (let runs = 0; (await runRollups(env.db, rollAt)).pending > 0; runs++) expect(runs).toBeLessThan(6)
  const rolled = await december()
  // Rolled after the month ended (by the clock less the lag): final, 超时未办 included.
  expect(rolled).toMatchObject({ final: true, rolledAt: new Date(rollAt.getTime() - ROLL_LAG_MS) })
  expect(rolled.resident[MICRO]).toMatchObject({ received: 2, resolved: 1, closed: 0 })
  expect(await board('2027-01-01T02:00:00', '2026-12')).toMatchObject({ received: 2, resolved: 1 })

  // A run again at the same instant changes nothing.
  const again = await runRollups(env.db, rollAt)
  expect(again).toMatchObject({ rolled: 0, advanced: 0 })
  expect(await december()).toEqual(rolled)

  // In January: the resident withdraws the waiting one (December received it: no longer) and
  // sends the other back as 不满意 (a rating of January's, a reopen).
  await at('2027-01-02T09:00:00')('t-rollup-1', 'request.cancel', { id: waitingId })
  await at('2027-01-02T09:30:00')('t-rollup-1', 'request.rate', { id: resolvedId, rating: 'unsatisfied' })
  // A retried 撤销 (the answer lost on the way) writes nothing again: one event in the 台账.
  await createApi(env.deps(() => bj('2027-01-02T09:31:00'))).handle(
    { action: 'request.cancel', input: { id: waitingId } },
    't-rollup-1',
  )
  const waiting = (await collection(env.db, 'requests').doc(waitingId).get()).data[0]
  expect(waiting.events.filter((e) => e.type === 'cancel')).toHaveLength(1)

  // The rollup is as it was; the board adds the change.
  expect((await december()).resident[MICRO].received).toBe(2)
  const dec = await board('2027-01-02T10:00:00', '2026-12')
  expect(dec).toMatchObject({ received: 1, resolved: 1, ratings: 0, responseRate: 1, resolutionRate: 1 })
  const jan = await board('2027-01-02T10:00:00', '2027-01')
  expect(jan).toMatchObject({ received: 0, ratings: 1, satisfied: 0 })

  // The next roll brings it forward by the same change, once.
  const later = bj('2027-01-02T11:00:00')
  const next = await runRollups(env.db, later)
  expect(next.advanced).toBeGreaterThan(0)
  const forward = await december()
  expect(forward.rolledAt).toEqual(new Date(later.getTime() - ROLL_LAG_MS))
  expect(forward.resident[MICRO]).toMatchObject({ received: 1, resolved: 1, respondedOnTime: 1 })
  expect(await runRollups(env.db, later)).toMatchObject({ rolled: 0, advanced: 0 })
  expect(await board('2027-01-02T12:00:00', '2026-12')).toEqual(dec)
})

test('another calendar (a 调休 entered) sets the rollup aside until it is rolled again', async () => {
  const before = await december()
  await collection(env.db, 'calendarDays').add({
    _id: `${before.communityId}:2026-12-31`,
    communityId: before.communityId,
    date: '2026-12-31',
    workday: false,
    note: '测试：补休',
    by: { openid: 'demo-admin', name: '管理员' },
    at: bj('2027-01-03T09:00:00'),
  })
  // The board computes the month from the requests meanwhile; the next run rolls it with the new key.
  expect(await board('2027-01-03T10:00:00', '2026-12')).toMatchObject({ received: 1, resolved: 1 })
  const run = await runRollups(env.db, bj('2027-01-03T11:00:00'))
  expect(run.rolled).toBeGreaterThan(0)
  expect((await december()).calendarKey).not.toBe(before.calendarKey)
})

test('the scheduler rolls each quarter hour, and its other runs leave the rollups alone', async () => {
  const between = await runScheduler(env.deps(() => bj('2027-01-03T11:07:00')))
  expect(between.metrics).toEqual({ rolled: 0, advanced: 0, pending: 0 })
  // The new calendar set every month aside: two a run, from the run at 11:00 on.
  const quarter = await runScheduler(env.deps(() => bj('2027-01-03T11:15:00')))
  expect(quarter.metrics.rolled).toBe(2)
})

test('the rollup keeps 民主测评 households: the board reads them, and the running month counts them anew when moved on', async () => {
  const rolledAt = bj('2027-01-05T10:00:00')
  for (let i = 0; i < 13 && (await runRollups(env.db, rolledAt)).pending > 0; i++);
  const jan = (await collection(env.db, 'metricsMonthly').where({ month: '2027-01' }).limit(10).get()).data[0]
  const poll = async (iso: string) => {
    const b = await at(iso)('demo-admin', 'metrics.month', { month: '2027-01' })
    return b.grids.find((g) => g.gridId === 'g-1-2')?.poll?.households
  }
  const before = await poll('2027-01-05T10:01:00')
  expect(before).toBeGreaterThan(0)
  expect(jan.households?.['g-1-2']).toBe(before)
  // A new household in B05 (under g-1-2): the rolled count stands until the rollup moves on.
  await env.ok('t-rollup-home', 'me.bindBuilding', { buildingCode: 'B05', room: '9单元909' })
  expect(await poll('2027-01-05T10:02:00')).toBe(before)
  // Nothing changed among the requests, so it moves on after ADVANCE_EVERY_MS and counts again.
  expect((await runRollups(env.db, bj('2027-01-05T10:20:00'))).advanced).toBe(0)
  expect((await runRollups(env.db, bj('2027-01-05T11:20:00'))).advanced).toBeGreaterThan(0)
  expect(await poll('2027-01-05T11:21:00')).toBe((before as number) + 1)
  // A closed month keeps what it was rolled with.
  const dec = (await collection(env.db, 'metricsMonthly').where({ month: '2026-12' }).limit(10).get()).data[0]
  expect(dec.households?.['g-1-2']).toBe(before)
})
