import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'
import { DAY_MS, durationText, formatLocal, HOUR_MS, MINUTE_MS } from '../../src/domain/time'
import { addDuration, addWorkingDays } from '../../src/domain/workdays'
import { bj } from '../support/time'

describe('working-day clocks (Chinese calendar with 调休)', () => {
  test.each([
    ['an ordinary Tuesday keeps its time of day', '2026-11-17T10:00:00', 1, '2026-11-18 10:00'],
    ['Friday rolls over the weekend', '2026-11-20T16:30:00', 1, '2026-11-23 16:30'],
    ['the day before National Day jumps the whole holiday', '2026-09-30T09:15:00', 1, '2026-10-08 09:15'],
    ['a Saturday that is a 调休 working day counts', '2026-10-09T10:00:00', 1, '2026-10-10 10:00'],
    [
      'a request on a holiday waits for the end of the first working day',
      '2026-10-03T11:00:00',
      1,
      '2026-10-08 23:59',
    ],
    ['two working days from a Thursday', '2026-11-19T08:00:00', 2, '2026-11-23 08:00'],
  ])('%s', (_label, from, days, expected) => {
    expect(formatLocal(addWorkingDays(bj(from), days, BUILT_IN_CALENDAR))).toBe(expected)
  })

  test('minutes and calendar days are plain arithmetic on the instant', () => {
    const from = bj('2026-11-22T23:50:00')
    expect(formatLocal(addDuration(from, { minutes: 30 }, BUILT_IN_CALENDAR))).toBe('2026-11-23 00:20')
    expect(formatLocal(addDuration(from, { days: 7 }, BUILT_IN_CALENDAR))).toBe('2026-11-29 23:50')
  })

  test('instants are shown in Beijing time whatever the machine zone', () => {
    expect(formatLocal(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23 00:30')
  })
})

test("a rule's length in the largest whole unit, as copy says it", () => {
  expect(durationText(3 * HOUR_MS)).toBe('3小时')
  expect(durationText(30 * MINUTE_MS)).toBe('30分钟')
  expect(durationText(90 * MINUTE_MS)).toBe('90分钟')
  expect(durationText(14 * DAY_MS)).toBe('14天')
  expect(durationText(72 * HOUR_MS)).toBe('3天')
  expect(durationText(36 * HOUR_MS)).toBe('36小时')
})
