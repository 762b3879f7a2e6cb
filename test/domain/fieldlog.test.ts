/**
 * 民情日志's visit plan (src/domain/fieldlog.ts): N counts the community's working days (调休
 * included), so a household is never "behind" for a visit nobody was asked to make on a holiday.
 * Named dates at a month end, a year end, 春节 and 国庆 (2026's official arrangement).
 */
import { BUILT_IN_CALENDAR as calendar, createCalendar } from '../../src/domain/calendar'
import {
  dueDay,
  dueFirst,
  intervalOf,
  standingText,
  VISIT_INTERVAL,
  visitStanding,
  visitsDueBetween,
  workdaysBetween,
} from '../../src/domain/fieldlog'

test('the default plan is every 3 working days (阿拉善右旗), the leader’s N otherwise', () => {
  expect(intervalOf(null)).toBe(VISIT_INTERVAL.default)
  expect(VISIT_INTERVAL.default).toBe(3)
  expect(intervalOf({ intervalDays: 5 })).toBe(5)
})

test.each([
  // Month end: Friday 27 November → Mon 30, Tue 1, Wed 2 December.
  ['month end', '2026-11-27', '2026-12-02'],
  // Year end: Wed 31 December, 元旦 1–3 January off, Sunday 4 January a 调休 working day, Mon 5.
  ['year end', '2025-12-30', '2026-01-05'],
  // 国庆 1–7 October off: Thu 8, Fri 9, Saturday 10 October a 调休 working day.
  ['国庆', '2026-09-30', '2026-10-10'],
  // 春节: Saturday 14 February works, 15–23 off, then Tue 24, Wed 25.
  ['春节', '2026-02-13', '2026-02-25'],
  // The year after the official data: the statutory 元旦 (no 调休 known yet) and the weekend.
  ['year end without an arrangement', '2026-12-30', '2027-01-05'],
])('%s: visited %s, due again on %s', (_case, visited, due) => {
  expect(dueDay(visited, 3, calendar, '2026-01-01')).toBe(due)
})

test('after a long holiday nobody is behind: the day after 春节 a household visited before it is not yet due', () => {
  const s = visitStanding('2026-02-13', 3, calendar, '2026-02-24')
  expect(s).toMatchObject({ due: false, overdueDays: 0, dueDay: '2026-02-25' })
  expect(standingText(s)).toBe('下次走访：2月25日')
  // A calendar-day plan would have had it due on 16 February, eight days "late".
})

test('overdue counts working days past the due day; never visited is due now and past the plan', () => {
  // Visited Friday 20 November, due Wednesday 25; on Friday 27 two working days late.
  const late = visitStanding('2026-11-20', 3, calendar, '2026-11-27')
  expect(late).toMatchObject({ due: true, overdueDays: 2, dueDay: '2026-11-25' })
  expect(standingText(late)).toBe('已超期2个工作日')
  const today = visitStanding('2026-11-20', 3, calendar, '2026-11-25')
  expect(standingText(today)).toBe('今天该走访了')
  // Over a weekend the count does not grow: Monday 30 November is 3 working days past the 25th.
  expect(visitStanding('2026-11-20', 3, calendar, '2026-11-29').overdueDays).toBe(2)
  expect(visitStanding('2026-11-20', 3, calendar, '2026-11-30').overdueDays).toBe(3)
  const never = visitStanding(null, 3, calendar, '2026-11-27')
  expect(never).toMatchObject({ due: true, never: true, overdueDays: 1, dueDay: '2026-11-27' })
  expect(standingText(never)).toBe('从未走访')
})

test('a community’s own adjustment moves the due day (节假日调整)', () => {
  const own = createCalendar({ adjustments: [{ date: '2026-12-01', workday: false, note: '社区停电' }] })
  expect(dueDay('2026-11-27', 3, own, '2026-11-27')).toBe('2026-12-03')
})

test('today’s due visits come most overdue first, then by building and room; not-yet-due last', () => {
  const row = (id: string, last: string | null, buildingCode: string, room: string) => ({
    id,
    buildingCode,
    room,
    standing: visitStanding(last, 3, calendar, '2026-11-27'),
  })
  const order = dueFirst([
    row('fresh', '2026-11-26', 'B01', '101'),
    row('today', '2026-11-24', 'B02', '101'),
    row('late', '2026-11-18', 'B02', '201'),
    row('never-b02', null, 'B02', '301'),
    row('never-b01', null, 'B01', '502'),
  ]).map((r) => r.id)
  expect(order).toEqual(['late', 'never-b01', 'never-b02', 'today', 'fresh'])
})

test('the board’s 应访 for a month: one visit per N working days, rounded up', () => {
  // November 2026 has 21 working days.
  expect(workdaysBetween(calendar, '2026-10-31', '2026-11-30')).toBe(21)
  expect(visitsDueBetween(calendar, '2026-11-01', '2026-11-30', 3)).toBe(7)
  // Recorded on the 25th: 25, 26, 27, 30 November.
  expect(visitsDueBetween(calendar, '2026-11-25', '2026-11-30', 3)).toBe(2)
  // October 2026 with 国庆: 1–7 off; 8, 9, Saturday 10 (调休) and three full weeks.
  expect(workdaysBetween(calendar, '2026-09-30', '2026-10-31')).toBe(18)
  expect(visitsDueBetween(calendar, '2026-12-05', '2026-12-01', 3)).toBe(0)
})
