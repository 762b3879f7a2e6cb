/**
 * The working-day calendar beyond the official data (issue: "a calendar that does not expire"):
 * chinese-days 1.5.7 ends with 2026, so 2027 runs on the statutory fallback until the community
 * enters the State Council's notice as adjustments.
 */
import fc from 'fast-check'
import { isWorkday as officialIsWorkday } from 'chinese-days'
import {
  BUILT_IN_CALENDAR,
  calendarWarning,
  createCalendar,
  LAST_OFFICIAL_YEAR,
  OFFICIAL_YEARS,
  shiftDate,
  statutoryHolidays,
  yearsNeedingNotice,
} from '../../src/domain/calendar'
import { sessionTimes } from '../../src/domain/sessions'
import { formatLocal } from '../../src/domain/time'
import { addWorkingDays } from '../../src/domain/workdays'
import { bj } from '../support/time'

const cal = BUILT_IN_CALENDAR

test('the official data ends with 2026 and is used for the years it has', () => {
  expect(LAST_OFFICIAL_YEAR).toBe(2026)
  expect(cal.coverage(2026)).toBe('official')
  expect(cal.coverage(2027)).toBe('fallback')
  // 2026's 国庆 (1–7) and its 调休 Sunday before it, as the notice has them.
  expect(cal.day('2026-10-07')).toMatchObject({ workday: false, source: 'official', name: '国庆节' })
  expect(cal.day('2026-09-20')).toMatchObject({ workday: true, source: 'official' })
})

test('2027-01-01 is not a working day (statutory fallback), nor the 春节 days, nor 国庆 1–3', () => {
  expect(cal.day('2027-01-01')).toEqual({
    date: '2027-01-01',
    workday: false,
    source: 'statutory',
    name: '元旦',
  })
  for (const d of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
    expect(cal.isWorkday(d)).toBe(false)
  expect(cal.day('2027-02-05').name).toBe('春节') // 除夕: 腊月廿九 this year, 腊月 has 29 days
  for (const d of ['2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15']) {
    expect(cal.isWorkday(d)).toBe(false)
  }
  expect(['2027-10-01', '2027-10-02', '2027-10-03'].map((d) => cal.isWorkday(d))).toEqual([
    false,
    false,
    false,
  ])
  // No 调休 is known: the Monday after is an ordinary working day until the notice is entered.
  expect(cal.day('2027-10-04')).toMatchObject({ workday: true, source: 'weekday' })
  expect(cal.day('2027-01-02')).toMatchObject({ workday: false, source: 'weekend' })
})

test('the fallback agrees with every official year under the 2025 law: each statutory day is a holiday', () => {
  for (const year of [...OFFICIAL_YEARS].filter((y) => y >= 2025)) {
    const days = [...statutoryHolidays(year).keys()]
    expect(days).toHaveLength(13)
    for (const d of days) expect([d, officialIsWorkday(d)]).toEqual([d, false])
  }
})

test('every future year has the 13 statutory days in that year (12 when 中秋 falls in 国庆)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2027, max: 2100 }), (year) => {
      const days = statutoryHolidays(year)
      expect([...days.keys()].every((d) => d.startsWith(`${year}-`))).toBe(true)
      const merged = [...days.values()].filter((n) => n.includes('、')).length
      expect(days.size + merged).toBe(13)
      // 春节 is four days in a row.
      const spring = [...days].filter(([, n]) => n.startsWith('春节')).map(([d]) => d)
      expect(spring).toHaveLength(4)
      expect(spring.every((d, i) => i === 0 || shiftDate(spring[i - 1], 1) === d)).toBe(true)
    }),
  )
  expect(statutoryHolidays(2028).get('2028-10-03')).toBe('中秋节、国庆节')
})

test('1 working day after the last evening of 2026 lands after 元旦 and the weekend', () => {
  expect(formatLocal(addWorkingDays(bj('2026-12-31T10:00:00'), 1, cal))).toBe('2027-01-04 10:00')
  expect(formatLocal(addWorkingDays(bj('2026-12-31T23:30:00'), 1, cal))).toBe('2027-01-04 23:30')
})

test('a deadline crossing 2027 春节 lands after it', () => {
  // Thursday before 除夕: Friday 除夕 to Monday 初三 are holidays, then the weekend is inside.
  expect(formatLocal(addWorkingDays(bj('2027-02-04T10:00:00'), 1, cal))).toBe('2027-02-09 10:00')
  // Filed on 初一: the clock starts with the first working day after the holiday.
  expect(formatLocal(addWorkingDays(bj('2027-02-06T09:00:00'), 1, cal))).toBe('2027-02-09 23:59')
  expect(formatLocal(addWorkingDays(bj('2027-02-04T10:00:00'), 5, cal))).toBe('2027-02-15 10:00')
})

test('an adjustment makes a Saturday a working day, and a weekday a holiday', () => {
  // As a 2027 notice might say: 国庆 1–7 off, Saturday 10-09 worked.
  const adjusted = createCalendar({
    adjustments: [
      ...['2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'].map((date) => ({
        date,
        workday: false,
        note: '国庆节',
      })),
      { date: '2027-10-09', workday: true, note: '国庆调休上班' },
    ],
  })
  expect(adjusted.day('2027-10-09')).toEqual({
    date: '2027-10-09',
    workday: true,
    source: 'adjustment',
    name: '国庆调休上班',
  })
  expect(formatLocal(addWorkingDays(bj('2027-09-30T10:00:00'), 1, adjusted))).toBe('2027-10-08 10:00')
  expect(formatLocal(addWorkingDays(bj('2027-10-08T10:00:00'), 1, adjusted))).toBe('2027-10-09 10:00')
  // Without it, the built-in calendar goes back to work on Monday the 4th.
  expect(formatLocal(addWorkingDays(bj('2027-09-30T10:00:00'), 1, cal))).toBe('2027-10-04 10:00')
  // An adjustment wins over official data too (a local arrangement).
  expect(
    createCalendar({ adjustments: [{ date: '2026-11-18', workday: false, note: '' }] }).isWorkday(
      '2026-11-18',
    ),
  ).toBe(false)
})

test('a 四点半课堂 term over New Year skips 元旦; every working day of 国庆 week skips 1–3', () => {
  const term = sessionTimes({ from: '2026-12-28', to: '2027-01-05', time: '16:30', durationMinutes: 90 }, cal)
  expect(term.map((t) => formatLocal(t.startAt, 'MM-DD'))).toEqual([
    '12-28',
    '12-29',
    '12-30',
    '12-31',
    '01-04',
    '01-05',
  ])
  const week = sessionTimes({ from: '2027-10-01', to: '2027-10-07', time: '09:00', durationMinutes: 60 }, cal)
  expect(week.map((t) => formatLocal(t.startAt, 'MM-DD'))).toEqual(['10-04', '10-05', '10-06', '10-07'])
  const adjusted = createCalendar({ adjustments: [{ date: '2027-10-09', workday: true, note: '调休上班' }] })
  const later = sessionTimes(
    { from: '2027-10-08', to: '2027-10-10', time: '09:00', durationMinutes: 60 },
    adjusted,
  )
  expect(later.map((t) => formatLocal(t.startAt, 'MM-DD'))).toEqual(['10-08', '10-09'])
})

describe('the warning comes 90 days ahead (in October, not in January)', () => {
  test.each([
    ['2026-10-02', []], // + 90 days = 2026-12-31
    ['2026-10-03', [2027]], // + 90 days = 2027-01-01
    ['2026-12-31', [2027]], // year end
    ['2027-01-31', [2027]], // month end, inside the year
    ['2027-10-03', [2027, 2028]],
  ])('on %s', (today, years) => {
    expect(yearsNeedingNotice(cal, today)).toEqual(years)
  })

  test('a confirmed year is not warned of; the words name the year and where to enter it', () => {
    expect(calendarWarning(cal, '2026-12-01')).toContain('2027年的放假调休安排尚未录入')
    expect(calendarWarning(cal, '2026-12-01')).toContain('社区设置 → 节假日调整')
    const confirmed = createCalendar({ confirmedYears: [2027] })
    expect(confirmed.coverage(2027)).toBe('confirmed')
    expect(calendarWarning(confirmed, '2026-12-01')).toBeNull()
    expect(calendarWarning(cal, '2026-06-01')).toBeNull()
  })
})
