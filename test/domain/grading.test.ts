/**
 * 流动红旗 and 民主测评 as pure rules (src/domain/grading.ts): grades from the table with their
 * reasons, the minimum sample, "no data never beats measured", the tie rule, the poll's score.
 */
import fc from 'fast-check'
import {
  GRADE_RULES,
  MIN_MEASURED_ITEMS,
  POLL_CHOICES,
  gradeMonth,
  monthClosed,
  pollScore,
  rankMonth,
  type GradedMonth,
} from '../../src/domain/grading'
import { emptyGridMonth, monthBounds } from '../../src/domain/metrics'
import { bj } from '../support/time'

const EMPTY: GradedMonth = { ...emptyGridMonth(), pollScore: null }

/** A measured month: `items` closed, the rates as given. */
const grid = (name: string, over: Partial<GradedMonth> = {}, items = 8) => ({
  ...EMPTY,
  name,
  received: items,
  closed: items,
  ...over,
})

test('each grade says why, in the board’s words', () => {
  expect(gradeMonth(grid('A', { onTimeRate: 0.62, responseRate: 0.95, satisfactionRate: 0.9 }))).toEqual({
    grade: 'behind',
    label: '后进',
    reasons: ['按时办结率 62% < 70%'],
  })
  expect(
    gradeMonth(grid('B', { onTimeRate: 0.95, responseRate: 1, satisfactionRate: 0.92, pollScore: 85 })),
  ).toEqual({
    grade: 'advanced',
    label: '先进',
    reasons: ['按时办结率 95% ≥ 90%', '响应率 100% ≥ 90%', '满意率 92% ≥ 90%', '民主测评 85分 ≥ 80分'],
  })
  expect(gradeMonth(grid('C', { onTimeRate: 0.95, responseRate: 0.85, satisfactionRate: 1 }))).toEqual({
    grade: 'ordinary',
    label: '一般',
    reasons: ['响应率 85% < 90%'],
  })
  // The 民主测评 alone can make a grid 后进: residents' word counts.
  expect(gradeMonth(grid('D', { onTimeRate: 1, responseRate: 1, pollScore: 40 })).reasons).toEqual([
    '民主测评 40分 < 60分',
  ])
})

test('below the minimum a grid is 样本不足, whatever its rates', () => {
  const few = grid('少', { onTimeRate: 1, responseRate: 1 }, MIN_MEASURED_ITEMS - 1)
  expect(gradeMonth(few)).toMatchObject({ grade: 'unmeasured', label: '样本不足' })
  expect(gradeMonth(few).reasons[0]).toContain(`${MIN_MEASURED_ITEMS - 1} 件 < ${MIN_MEASURED_ITEMS} 件`)
  // Open and overdue items count in the sample: a grid cannot hide by closing nothing.
  const stuck = { ...EMPTY, name: '拖', received: 6, openOverdue: 6, onTimeRate: 0, responseRate: 0 }
  expect(gradeMonth(stuck).grade).toBe('behind')
})

test('no data never beats measured: a grid at 0 % on time is ranked, the idle one is not', () => {
  const { ranked, flag } = rankMonth([
    { ...EMPTY, name: '空网格' },
    grid('零网格', { onTimeRate: 0, responseRate: 0 }),
  ])
  expect(ranked.map((r) => [r.grid.name, r.rank, r.result.grade])).toEqual([
    ['零网格', 1, 'behind'],
    ['空网格', null, 'unmeasured'],
  ])
  // Nobody is 先进: no flag this month.
  expect(flag).toBeNull()
})

test('the flag goes to the best 先进 grid; ties by satisfaction, response, poll, items, then name', () => {
  const good = { onTimeRate: 0.95, responseRate: 0.95, satisfactionRate: 0.95 }
  const { ranked, flag } = rankMonth([
    grid('丙网格', good),
    grid('乙网格', { ...good, satisfactionRate: 1 }),
    grid('甲网格', { ...good, onTimeRate: 0.8 }),
    grid('丁网格', good, 12),
  ])
  expect(ranked.map((r) => r.grid.name)).toEqual(['乙网格', '丁网格', '丙网格', '甲网格'])
  expect(flag?.grid.name).toBe('乙网格')
  // All equal: by name, and the order does not depend on the input's.
  const same = ['第三网格', '第一网格', '第二网格'].map((n) => grid(n, good))
  const names = rankMonth(same).ranked.map((r) => r.grid.name)
  expect(rankMonth([...same].reverse()).ranked.map((r) => r.grid.name)).toEqual(names)
})

const rate = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null })
const anyGrid = fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  items: fc.integer({ min: 0, max: 20 }),
  onTimeRate: fc.double({ min: 0, max: 1, noNaN: true }),
  responseRate: rate,
  satisfactionRate: rate,
  pollScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
})

test('property: ranked grids are the measured ones, numbered 1..n, grades in order; the flag is 先进', () => {
  fc.assert(
    fc.property(fc.array(anyGrid, { maxLength: 8 }), (gs) => {
      const months = gs.map((g) => grid(g.name, g, g.items))
      const { ranked, flag } = rankMonth(months)
      const measured = ranked.filter((r) => r.rank !== null)
      expect(measured.map((r) => r.rank)).toEqual(measured.map((_, i) => i + 1))
      // Every unmeasured one comes after every measured one, and no rank is given below the minimum.
      const firstUnmeasured = ranked.findIndex((r) => r.rank === null)
      if (firstUnmeasured >= 0) expect(ranked.slice(firstUnmeasured).every((r) => r.rank === null)).toBe(true)
      for (const r of ranked)
        expect(r.rank === null).toBe(r.grid.closed + r.grid.openOverdue < MIN_MEASURED_ITEMS)
      const order = ['advanced', 'ordinary', 'behind', 'unmeasured']
      const grades = ranked.map((r) => order.indexOf(r.result.grade))
      expect(grades).toEqual([...grades].sort((a, b) => a - b))
      if (flag) expect(flag.result.grade).toBe('advanced')
      else expect(ranked.some((r) => r.result.grade === 'advanced')).toBe(false)
    }),
  )
})

test('property: 后进 exactly when a measured metric is below its floor', () => {
  fc.assert(
    fc.property(anyGrid, (g) => {
      const m = grid(g.name, g, Math.max(g.items, MIN_MEASURED_ITEMS))
      const below = GRADE_RULES.behind.some((r) => m[r.metric] !== null && (m[r.metric] as number) < r.value)
      expect(gradeMonth(m).grade === 'behind').toBe(below)
    }),
  )
})

test('民主测评 score: 满意 100, 基本满意 60, 不满意 0, averaged; no vote no score', () => {
  expect(POLL_CHOICES.basic.label).toBe('基本满意')
  expect(pollScore({ votes: 0, satisfied: 0, basic: 0, unsatisfied: 0 })).toBeNull()
  expect(pollScore({ votes: 4, satisfied: 2, basic: 1, unsatisfied: 1 })).toBe(65)
  expect(pollScore({ votes: 3, satisfied: 3, basic: 0, unsatisfied: 0 })).toBe(100)
})

test('a month is graded once it is over, in Beijing time: month end and year end', () => {
  const nov = monthBounds('2026-11').end
  expect(monthClosed(nov, bj('2026-11-30T23:59:59'))).toBe(false)
  expect(monthClosed(nov, bj('2026-12-01T00:00:00'))).toBe(true)
  const dec = monthBounds('2026-12').end
  expect(monthClosed(dec, bj('2026-12-31T23:59:00'))).toBe(false)
  expect(monthClosed(dec, bj('2027-01-01T00:00:00'))).toBe(true)
})
