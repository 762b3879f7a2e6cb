import { gridMonth, type MetricsRequest } from '../../src/domain/metrics'
import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'
import { bj } from '../support/time'

const ev = (type: string, at: string) => ({ type, at: bj(at) })
const MICRO = ['g-1', 'g-1-1', 'g-1-1-1']
const OTHER = ['g-1', 'g-1-2', 'g-1-2-1']

/**
 * A hand-worked November 2026 for 第一网格 · 1号微网格 (figures worked out on paper, below).
 * urgent = accept 30 min / resolve 2 h; ordinary = accept 1 working day / resolve 7 days.
 */
const month: MetricsRequest[] = [
  // A: on time all the way, 满意.
  {
    createdAt: bj('2026-11-03T10:00:00'),
    tier: 'urgent',
    status: 'closed',
    homeGridPath: MICRO,
    events: [
      ev('create', '2026-11-03T10:00:00'),
      ev('accept', '2026-11-03T10:20:00'),
      ev('resolve', '2026-11-03T11:30:00'),
      ev('rate', '2026-11-03T15:00:00'),
    ],
  },
  // B: accepted late (due 10:30), resolved late, 不满意 → 重办, then 满意: closed, not on time.
  {
    createdAt: bj('2026-11-04T10:00:00'),
    tier: 'urgent',
    status: 'closed',
    homeGridPath: MICRO,
    events: [
      ev('create', '2026-11-04T10:00:00'),
      ev('accept', '2026-11-04T10:45:00'),
      ev('resolve', '2026-11-04T13:00:00'),
      ev('reopen', '2026-11-04T14:00:00'),
      ev('resolve', '2026-11-05T09:00:00'),
      ev('rate', '2026-11-05T10:00:00'),
    ],
  },
  // C: nobody ever accepted it: received, open and overdue.
  {
    createdAt: bj('2026-11-10T09:00:00'),
    tier: 'ordinary',
    status: 'assigned',
    homeGridPath: MICRO,
    events: [ev('create', '2026-11-10T09:00:00')],
  },
  // D: cancelled by the resident: not received.
  {
    createdAt: bj('2026-11-12T09:00:00'),
    tier: 'ordinary',
    status: 'cancelled',
    homeGridPath: MICRO,
    events: [ev('create', '2026-11-12T09:00:00'), ev('cancel', '2026-11-12T10:00:00')],
  },
  // E: an October request, resolved in time, closed unrated in November.
  {
    createdAt: bj('2026-10-28T09:00:00'),
    tier: 'ordinary',
    status: 'closed',
    homeGridPath: MICRO,
    events: [
      ev('create', '2026-10-28T09:00:00'),
      ev('accept', '2026-10-28T11:00:00'),
      ev('resolve', '2026-10-30T16:00:00'),
      ev('autoClose', '2026-11-06T16:01:00'),
    ],
  },
  // F: another grid's.
  {
    createdAt: bj('2026-11-03T09:00:00'),
    tier: 'ordinary',
    status: 'assigned',
    homeGridPath: OTHER,
    events: [ev('create', '2026-11-03T09:00:00')],
  },
  // G: accepted at once, still in progress at the month's end, past its 7 days.
  {
    createdAt: bj('2026-11-20T09:00:00'),
    tier: 'ordinary',
    status: 'accepted',
    homeGridPath: MICRO,
    events: [ev('create', '2026-11-20T09:00:00'), ev('accept', '2026-11-20T10:00:00')],
  },
]

test('the micro-grid’s November, as worked out by hand', () => {
  const m = gridMonth(month, 'g-1-1-1', '2026-11', bj('2026-12-05T12:00:00'), BUILT_IN_CALENDAR)
  expect(m).toMatchObject({
    received: 4, // A B C G
    respondedOnTime: 2, // A G
    resolved: 2, // A B
    ratings: 3, // A rate; B reopen + rate
    satisfied: 2,
    unrated: 1, // E
    closed: 3, // A B E
    closedOnTime: 2, // A E
    openOverdue: 2, // C G
  })
  expect(m.responseRate).toBeCloseTo(0.5)
  expect(m.resolutionRate).toBeCloseTo(0.5)
  expect(m.satisfactionRate).toBeCloseTo(2 / 3)
  expect(m.onTimeRate).toBeCloseTo(2 / 5)
})

test('the community counts every grid; another grid only its own', () => {
  const community = gridMonth(month, 'g-1', '2026-11', bj('2026-12-05T12:00:00'), BUILT_IN_CALENDAR)
  expect(community).toMatchObject({ received: 5, openOverdue: 3 })
  expect(gridMonth(month, 'g-1-2-1', '2026-11', bj('2026-12-05T12:00:00'), BUILT_IN_CALENDAR)).toMatchObject({
    received: 1,
    openOverdue: 1,
    onTimeRate: 0,
  })
})

test('mid-month, only what has happened counts; no requests means no rate, not 100%', () => {
  const early = gridMonth(month, 'g-1-1-1', '2026-11', bj('2026-11-05T00:00:00'), BUILT_IN_CALENDAR)
  // A closed; B reopened at 14:00 and past its 2 hours: open and overdue at midnight.
  expect(early).toMatchObject({ received: 2, closed: 1, unrated: 0, openOverdue: 1 })
  const empty = gridMonth(month, 'g-1-3-1', '2026-11', bj('2026-12-05T12:00:00'), BUILT_IN_CALENDAR)
  expect(empty.responseRate).toBeNull()
  expect(empty.onTimeRate).toBeNull()
})

test('a request received on the last evening counts by what happened to it the next morning', () => {
  const late: MetricsRequest = {
    createdAt: bj('2026-11-30T20:00:00'),
    tier: 'ordinary',
    status: 'resolved',
    homeGridPath: MICRO,
    events: [
      ev('create', '2026-11-30T20:00:00'),
      ev('accept', '2026-12-01T09:00:00'),
      ev('resolve', '2026-12-01T15:00:00'),
    ],
  }
  const m = gridMonth([late], 'g-1-1-1', '2026-11', bj('2026-12-05T00:00:00'), BUILT_IN_CALENDAR)
  expect(m).toMatchObject({ received: 1, respondedOnTime: 1, resolved: 1, openOverdue: 0 })
})

test('a duplicate merged into another (重复诉求) is not received twice, nor open and overdue; it counts as 已合并', () => {
  // Accepted late, then merged after its 7 days: as if the resident had withdrawn it.
  const merged: MetricsRequest = {
    createdAt: bj('2026-11-02T09:00:00'),
    tier: 'ordinary',
    status: 'merged',
    homeGridPath: MICRO,
    events: [
      ev('create', '2026-11-02T09:00:00'),
      ev('accept', '2026-11-04T09:00:00'),
      ev('merge', '2026-11-16T09:00:00'),
    ],
  }
  const at = bj('2026-12-05T12:00:00')
  const without = gridMonth(month, 'g-1-1-1', '2026-11', at, BUILT_IN_CALENDAR)
  // Everything as without it, but 已合并 (counted apart, issue 19).
  expect(gridMonth([...month, merged], 'g-1-1-1', '2026-11', at, BUILT_IN_CALENDAR)).toEqual({
    ...without,
    merged: without.merged + 1,
  })
})

test('已转志愿服务 counts the month’s requests turned into a wish, in 受理; 志愿服务解决 those closed by it', () => {
  const turned = (id: number, extra: [string, string][]): MetricsRequest => ({
    createdAt: bj(`2026-11-0${id}T09:00:00`),
    tier: 'ordinary',
    status: 'volunteering',
    homeGridPath: MICRO,
    events: [ev('create', `2026-11-0${id}T09:00:00`), ...extra.map(([t, at]) => ev(t, at))],
  })
  const at = bj('2026-12-05T12:00:00')
  const without = gridMonth(month, 'g-1-1-1', '2026-11', at, BUILT_IN_CALENDAR)
  const served = turned(3, [
    ['toWish', '2026-11-03T10:00:00'],
    ['volunteerDone', '2026-11-06T10:00:00'],
  ])
  const serving = turned(4, [['toWish', '2026-11-04T10:00:00']])
  const back = turned(5, [
    ['toWish', '2026-11-05T10:00:00'],
    ['volunteerBack', '2026-11-06T10:00:00'],
  ])
  const m = gridMonth([...month, served, serving, back], 'g-1-1-1', '2026-11', at, BUILT_IN_CALENDAR)
  expect(m).toMatchObject({
    received: without.received + 3,
    toVolunteers: without.toVolunteers + 3,
    volunteerSolved: without.volunteerSolved + 1,
    resolved: without.resolved + 1,
    merged: without.merged,
  })
})
