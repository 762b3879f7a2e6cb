/**
 * 居民催办 (issue 16, part 1): only past the clock that runs now, then once per working day —
 * at a month end, a year end, across 国庆 and its 调休 Saturday.
 */
import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'
import { nextUrgeDay, urgeRefusal, type UrgeState } from '../../src/domain/urge'
import { bj } from '../support/time'

const cal = BUILT_IN_CALENDAR
const waiting = (over: Partial<UrgeState> = {}): UrgeState => ({
  status: 'assigned',
  acceptBy: bj('2026-11-30T09:00:00'),
  resolveBy: bj('2026-12-07T09:00:00'),
  lastUrgeAt: null,
  ...over,
})

test('before its clock runs out a request cannot be chased; the answer names the deadline', () => {
  expect(urgeRefusal(waiting(), bj('2026-11-30T08:59:00'), cal)).toBe(
    '还没到接单时限（11-30 09:00），到期未接单再催办',
  )
  expect(urgeRefusal(waiting(), bj('2026-11-30T09:01:00'), cal)).toBeNull()
  // Taken: the resolve clock counts, not the accept clock.
  const taken = waiting({ status: 'accepted' })
  expect(urgeRefusal(taken, bj('2026-12-01T10:00:00'), cal)).toBe(
    '还没到办结时限（12-07 09:00），到期未办结再催办',
  )
  expect(urgeRefusal(taken, bj('2026-12-07T09:30:00'), cal)).toBeNull()
  for (const status of ['resolved', 'closed', 'cancelled'] as const)
    expect(urgeRefusal(waiting({ status }), bj('2026-12-10T10:00:00'), cal)).toBe(
      '只有还没办结的诉求可以催办',
    )
})

test.each([
  // month end: Monday 30 November → Tuesday 1 December
  ['2026-11-30T09:30:00', '2026-12-01', '2026-11-30T23:59:00'],
  // a Friday → the Monday (the weekend is no working day)
  ['2026-12-04T18:00:00', '2026-12-07', '2026-12-06T20:00:00'],
  // year end: Thursday 31 December → 元旦 on Friday, the weekend → Monday 4 January 2027
  ['2026-12-31T17:00:00', '2027-01-04', '2027-01-03T12:00:00'],
  // 国庆: the last day before it (30 September) → 8 October, after seven days off
  ['2026-09-30T10:00:00', '2026-10-08', '2026-10-07T16:00:00'],
  // …and 调休: Friday 9 October → Saturday 10 October, a working day that year
  ['2026-10-09T10:00:00', '2026-10-10', '2026-10-09T23:00:00'],
])('chased at %s: next on %s, refused the evening before (%s)', (last, next, before) => {
  const lastUrgeAt = bj(last)
  expect(nextUrgeDay(lastUrgeAt, cal)).toBe(next)
  const doc = waiting({ acceptBy: bj('2026-09-01T09:00:00'), lastUrgeAt })
  expect(urgeRefusal(doc, bj(before), cal)).toBe(
    `您已催办过，每个工作日可催办一次，${next.slice(5)}起可再次催办`,
  )
  expect(urgeRefusal(doc, bj(`${next}T00:00:01`), cal)).toBeNull()
})
