/**
 * 吹哨报到's rules (src/domain/units.ts): what a unit covers, which of its moves it may make, and
 * its month on the board — at a month's edge, and with clocks not yet run.
 */
import { unitCovers, unitMonthFigures, unitMoveRefusal, type UnitTaskFacts } from '../../src/domain/units'
import { monthBounds } from '../../src/domain/metrics'
import { bj } from '../support/time'

test('a unit covers its categories in its buildings, or everywhere when it lists none', () => {
  const wuye = { categories: ['facility', 'environment'] as const, buildingCodes: ['B01', 'B02'] }
  expect(unitCovers(wuye, 'facility', 'B01')).toBe(true)
  expect(unitCovers(wuye, 'facility', 'B05')).toBe(false)
  expect(unitCovers(wuye, 'utility', 'B01')).toBe(false)
  expect(unitCovers({ categories: ['utility'], buildingCodes: [] }, 'utility', 'B12')).toBe(true)
})

test('a unit reports in before it resolves, and moves nothing once resolved or returned', () => {
  expect(unitMoveRefusal('called', 'unitAccept')).toBeNull()
  expect(unitMoveRefusal('called', 'unitResolve')).toBe('请先报到接单，再办结')
  expect(unitMoveRefusal('accepted', 'unitResolve')).toBeNull()
  expect(unitMoveRefusal('accepted', 'unitReturn')).toBeNull()
  for (const state of ['resolved', 'returned'] as const)
    for (const move of ['unitAccept', 'unitResolve', 'unitReturn'] as const)
      expect(unitMoveRefusal(state, move)).not.toBeNull()
  expect(unitMoveRefusal(undefined, 'unitAccept')).toBe('这条诉求没有请责任单位办理')
})

const task = (over: Partial<UnitTaskFacts>): UnitTaskFacts => ({
  unitId: 'u1',
  state: 'called',
  calledAt: bj('2026-11-10T09:00:00'),
  acceptBy: bj('2026-11-11T09:00:00'),
  resolveBy: bj('2026-11-18T09:00:00'),
  acceptedAt: null,
  ...over,
})

test('a month counts what was called in it: 23:59 on the 30th is November’s, 00:00 on the 1st December’s', () => {
  const nov = monthBounds('2026-11')
  const dec = monthBounds('2026-12')
  const edge = [task({ calledAt: bj('2026-11-30T23:59:00') }), task({ calledAt: bj('2026-12-01T00:00:00') })]
  const asOf = bj('2026-12-01T08:00:00')
  expect(unitMonthFigures(edge, nov.start, nov.end, asOf).called).toBe(1)
  expect(unitMonthFigures(edge, dec.start, dec.end, asOf).called).toBe(1)
})

test('报到率 and 按时办结率 count only clocks that ran (or were met); a late resolve and a return count', () => {
  const { start, end } = monthBounds('2026-11')
  const asOf = bj('2026-11-20T09:00:00')
  const f = unitMonthFigures(
    [
      // reported and resolved in time
      task({
        state: 'resolved',
        acceptedAt: bj('2026-11-10T10:00:00'),
        resolvedAt: bj('2026-11-12T10:00:00'),
      }),
      // reported late, resolved late
      task({
        state: 'resolved',
        acceptedAt: bj('2026-11-12T10:00:00'),
        resolvedAt: bj('2026-11-19T10:00:00'),
      }),
      // never reported, returned
      task({ state: 'returned' }),
      // called yesterday: nothing due yet
      task({
        calledAt: bj('2026-11-19T09:00:00'),
        acceptBy: bj('2026-11-20T10:00:00'),
        resolveBy: bj('2026-11-27T09:00:00'),
      }),
      // reported in time, still open past its resolve clock
      task({ state: 'accepted', acceptedAt: bj('2026-11-10T11:00:00') }),
      // another unit's
      task({ unitId: 'u2', state: 'resolved', acceptedAt: bj('2026-11-10T10:00:00') }),
    ].filter((t) => t.unitId === 'u1'),
    start,
    end,
    asOf,
  )
  expect(f).toEqual({
    called: 5,
    reportDue: 4,
    reportedOnTime: 2,
    resolved: 2,
    resolveDue: 3,
    resolvedOnTime: 1,
    returned: 1,
    open: 2,
    reportRate: 0.5,
    resolveRate: 1 / 3,
  })
})
