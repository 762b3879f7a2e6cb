/**
 * 节假日调整 through the api: the admin reads a year, corrects days, confirms the year; the
 * request clocks, the activity series and the 网格绩效 board follow; the nightly run warns.
 */
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { formatLocal } from '../../src/domain/time'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

const ADMIN = 'demo-admin'
const LEADER = 'demo-leader-1'

const env = fileEnv({ at: '2026-12-02T09:00:00+08:00' })
let clock = bj('2026-12-02T10:00:00')
const api = () => clockApi(env, () => clock)

const settingsEvents = async () =>
  (await env.db.collection(COLLECTIONS.settingsEvents).where({ communityId: 'c-xingfuli' }).get()).data

test('the admin sees 2027 on the fallback, with the warning; 2026 official', async () => {
  const y2027 = await api().ok(ADMIN, 'calendar.year', { year: 2027 })
  expect(y2027.coverage).toBe('fallback')
  expect(y2027.warning).toContain('2027年的放假调休安排尚未录入')
  expect(y2027.days.find((d) => d.date === '2027-01-01')).toEqual({
    date: '2027-01-01',
    workday: false,
    source: 'statutory',
    name: '元旦',
  })
  // 365 days, 104 weekend days, and 7 of the 13 statutory days on a weekday (01-01, 02-05, 02-08,
  // 04-05, 06-09, 09-15, 10-01): no 调休 is known yet.
  expect(y2027.workdays).toBe(365 - 104 - 7)
  const y2026 = await api().ok(ADMIN, 'calendar.year', { year: 2026 })
  expect(y2026.coverage).toBe('official')
  expect(y2026.days.some((d) => d.workday && d.source === 'official')).toBe(true) // 调休 Sundays
  // The board says so too.
  const board = await api().ok(ADMIN, 'metrics.month', { month: '2026-11' })
  expect(board.calendarWarning).toContain('2027年')
  // A leader cannot enter it, so the leader's board does not nag.
  expect((await api().ok(LEADER, 'metrics.month', { month: '2026-11' })).calendarWarning).toBeNull()
})

test('an adjusted Saturday is a working day for the clocks; the same again changes nothing; removed, it is not', async () => {
  const before = (await settingsEvents()).length
  const view = await api().ok(ADMIN, 'calendar.adjust', {
    date: '2027-02-20',
    workday: true,
    note: '春节调休上班',
  })
  expect(view.days.find((d) => d.date === '2027-02-20')).toMatchObject({
    workday: true,
    source: 'adjustment',
    name: '春节调休上班',
  })
  await api().ok(ADMIN, 'calendar.adjust', { date: '2027-02-20', workday: true, note: '春节调休上班' })
  const events = await settingsEvents()
  expect(events).toHaveLength(before + 1)
  expect(events[events.length - 1]).toMatchObject({
    type: 'calendar.set',
    subject: '2027-02-20',
    note: '设为工作日：春节调休上班',
    actor: { openid: ADMIN },
  })

  // A 设施报修 on Friday 2027-02-19 must be accepted within 1 working day: Saturday, now.
  const who = 't-cal-resident'
  await env.ok(who, 'me.bindBuilding', { buildingCode: 'B02' })
  /** When a 设施报修 posted at `at` must be accepted by. */
  const acceptBy = async (at: string, requestId: string, description: string) => {
    clock = bj(at)
    const r = await api().ok(who, 'request.create', { requestId, category: 'facility', description })
    const doc = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
    return formatLocal(doc.acceptBy)
  }
  expect(await acceptBy('2027-02-19T10:00:00', 'cal-req-0001', '单元门的闭门器坏了，门关不上')).toBe(
    '2027-02-20 10:00',
  )

  clock = bj('2026-12-02T10:30:00')
  const removed = await api().ok(ADMIN, 'calendar.remove', { date: '2027-02-20' })
  expect(removed.days.find((d) => d.date === '2027-02-20')).toBeUndefined()
  expect((await settingsEvents()).map((e) => e.type)).toContain('calendar.unset')
  expect(await acceptBy('2027-02-19T11:00:00', 'cal-req-0002', '楼道的声控灯不亮了，晚上看不清台阶')).toBe(
    '2027-02-22 11:00',
  )
  clock = bj('2026-12-02T10:00:00')
})

test('a recurring series skips 元旦 and takes an adjusted Saturday', async () => {
  await api().ok(ADMIN, 'calendar.adjust', { date: '2027-01-09', workday: true, note: '调休上班' })
  const created = await api().ok(
    ADMIN,
    'activity.create',
    activityInput('cal-act-0001', {
      kind: 'afterSchool',
      title: '四点半课堂·寒假前',
      schedule: { from: '2026-12-30', to: '2027-01-10', time: '16:30', durationMinutes: 90 },
      roles: [{ key: 'child', name: '孩子', capacity: 20, audience: 'child' }],
    }),
  )
  const days = (await sessionsOf(env, created.id)).map((s) => formatLocal(s.startAt, 'MM-DD'))
  expect(days).toEqual(['12-30', '12-31', '01-04', '01-05', '01-06', '01-07', '01-08', '01-09'])
})

test('confirming 2027 ends the warning; an official year needs no confirmation', async () => {
  const confirmed = await api().ok(ADMIN, 'calendar.confirm', { year: 2027, confirmed: true })
  expect(confirmed.coverage).toBe('confirmed')
  expect(confirmed.warning).toBeNull()
  expect((await api().ok(ADMIN, 'metrics.month', { month: '2026-11' })).calendarWarning).toBeNull()
  expect(await api().call(ADMIN, 'calendar.confirm', { year: 2026, confirmed: true })).toMatchObject(
    refusal('CONFLICT', '2026年已有官方放假安排，无需确认'),
  )
  const undone = await api().ok(ADMIN, 'calendar.confirm', { year: 2027, confirmed: false })
  expect(undone.coverage).toBe('fallback')
  expect((await settingsEvents()).map((e) => e.type)).toEqual(
    expect.arrayContaining(['calendar.confirm', 'calendar.unconfirm']),
  )
})

test('bad input is refused in Chinese and changes nothing', async () => {
  const count = await env.count(COLLECTIONS.calendarDays)
  const events = (await settingsEvents()).length
  const cases: [object, string][] = [
    [{ date: '2027-02-30', workday: false }, '没有这一天'],
    [{ date: '2027/02/01', workday: false }, '日期格式应为YYYY-MM-DD'],
    [{ date: '1999-10-01', workday: false }, '只能调整2020至2100年的日期'],
    [{ date: '2027-03-01' }, '请选择设为工作日还是休息日'],
    [
      { date: '2027-03-01', workday: false, note: '这是一段超过二十个字的说明文字，实在是太长了呀' },
      '说明最多20个字',
    ],
  ]
  for (const [input, message] of cases) {
    const res = await env.raw(ADMIN, { action: 'calendar.adjust', input })
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(res)).toContain(message)
  }
  // User text passes the content check like everything else.
  expect(
    await api().call(ADMIN, 'calendar.adjust', { date: '2027-03-01', workday: false, note: '赌博' }),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  expect(await env.raw(ADMIN, { action: 'calendar.year', input: { year: 1999 } })).toMatchObject(
    refusal('INVALID_INPUT', '只能查看2020至2100年'),
  )
  expect(await env.count(COLLECTIONS.calendarDays)).toBe(count)
  expect(await settingsEvents()).toHaveLength(events)
})

test('only the community admin may read or change it', async () => {
  const count = await env.count(COLLECTIONS.calendarDays)
  await env.ok('t-cal-plain', 'me.bindBuilding', { buildingCode: 'B01' })
  for (const who of [LEADER, 'demo-member-1-1', 't-cal-plain']) {
    for (const [action, input] of [
      ['calendar.year', { year: 2027 }],
      ['calendar.adjust', { date: '2027-03-06', workday: true, note: '' }],
      ['calendar.remove', { date: '2027-01-09' }],
      ['calendar.confirm', { year: 2027, confirmed: true }],
    ] as const) {
      const res = await env.raw(who, { action, input })
      expect([who, action, res.ok ? 'ok' : res.error.code]).toEqual([who, action, 'FORBIDDEN'])
    }
  }
  expect(await env.raw(null, { action: 'calendar.year', input: { year: 2027 } })).toMatchObject(
    refusal('UNAUTHENTICATED'),
  )
  expect(await env.count(COLLECTIONS.calendarDays)).toBe(count)
})

test('the nightly run tells each admin once per year; nothing once the year is confirmed', async () => {
  const night = bj('2026-12-03T03:00:00')
  const first = await runScheduler(env.deps(() => night))
  expect(first.calendarWarnings).toEqual(['c-xingfuli: 2027'])
  const second = await runScheduler(env.deps(() => bj('2026-12-04T03:00:00')))
  expect(second.calendarWarnings).toEqual(['c-xingfuli: 2027'])
  const messages = (await env.db.collection(COLLECTIONS.messages).where({ target: 'settings' }).get())
    .data as MessageDoc[]
  expect(messages.map((m) => [m.openid, m.title])).toEqual([[ADMIN, '请录入2027年放假调休安排']])
  // Not at other minutes of the day.
  expect((await runScheduler(env.deps(() => bj('2026-12-04T10:00:00')))).calendarWarnings).toEqual([])
  await api().ok(ADMIN, 'calendar.confirm', { year: 2027, confirmed: true })
  expect((await runScheduler(env.deps(() => bj('2026-12-05T03:00:00')))).calendarWarnings).toEqual([])
})
