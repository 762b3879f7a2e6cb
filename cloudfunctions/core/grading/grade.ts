/**
 * The month's grades (src/domain/grading.ts) as the board shows them — live and provisional for
 * the current month, live and pending for a closed month the admin has not graded yet (评定,
 * confirm.ts), frozen once graded.
 */
import type { z } from 'zod'
import type { metricsMonth } from '../../../src/domain/contract'
import {
  GRADES,
  MIN_POLL_VOTES,
  monthClosed,
  pollScore,
  rankMonth,
  type PollTally,
} from '../../../src/domain/grading'
import { monthBounds, type GridMonth } from '../../../src/domain/metrics'
import { formatLocal } from '../../../src/domain/time'
import { byId, type Database } from '../db'
import type { BuildingDoc, GradedGridDoc, GridDoc } from '../model'
import { shownWhere } from '../staging'
import { active } from '../community'
import { gradingId, householdCounts, pollTallies } from './store'

type Board = z.output<typeof metricsMonth>
type GradeView = NonNullable<Board['grids'][number]['grade']>

export interface MonthGrading {
  state: Board['grading']['state']
  grades: Map<string, GradeView>
  flag: Board['flag']
  polls: Map<string, NonNullable<Board['grids'][number]['poll']>>
  gradedAt: Date | null
}

const EMPTY: PollTally = { votes: 0, satisfied: 0, basic: 0, unsatisfied: 0 }

/** The level-2 grids' lines as the rules read them: the board's rates plus the 民主测评 score. */
export function gradedLines(
  level2: readonly GridDoc[],
  figures: Map<string, GridMonth>,
  tallies: Map<string, PollTally>,
): GradedGridDoc[] {
  const lines = level2.map((g) => {
    const f = figures.get(g._id) as GridMonth
    const t = tallies.get(g._id) ?? EMPTY
    return { ...f, gridId: g._id, name: g.name, pollScore: t.votes >= MIN_POLL_VOTES ? pollScore(t) : null }
  })
  return rankMonth(lines).ranked.map(({ grid, result, rank }) => ({
    gridId: grid.gridId,
    name: grid.name,
    grade: result.grade,
    reasons: result.reasons,
    rank,
    items: grid.closed + grid.openOverdue,
    responseRate: grid.responseRate,
    resolutionRate: grid.resolutionRate,
    satisfactionRate: grid.satisfactionRate,
    onTimeRate: grid.onTimeRate,
    pollScore: grid.pollScore,
    votes: (tallies.get(grid.gridId) ?? EMPTY).votes,
  }))
}

export function flagOf(lines: readonly GradedGridDoc[]): Board['flag'] {
  const first = lines[0]
  if (!first || first.grade !== 'advanced') return null
  return {
    gridId: first.gridId,
    name: first.name,
    onTimeRate: first.onTimeRate,
    reason: `本月先进网格第1名：${first.reasons.join('，')}`,
  }
}

/** The month's grades for the board: the stored 评定 if there is one, else computed now. */
export async function monthGrading(
  db: Database,
  communityId: string,
  month: string,
  grids: readonly GridDoc[],
  figures: Map<string, GridMonth>,
  now: Date,
  /** Households per level-2 grid as the month's rollup counted them; else counted here. */
  rolled?: Record<string, number>,
): Promise<MonthGrading> {
  const level2 = grids.filter((g) => g.level === 2)
  const byGrid = new Map(grids.map((g) => [g._id, g]))
  const [stored, tallies, households] = await Promise.all([
    byId(db, 'gradings', gradingId(communityId, month)),
    pollTallies(db, communityId, month),
    rolled
      ? new Map(Object.entries(rolled))
      : shownWhere(db, 'buildings', { communityId }).then((b) =>
          householdCounts(db, byGrid, active(b as BuildingDoc[])),
        ),
  ])
  const lines = stored ? stored.grids : gradedLines(level2, figures, tallies)
  const polls = new Map(
    level2.map((g) => {
      const t = tallies.get(g._id) ?? EMPTY
      return [g._id, { votes: t.votes, households: households.get(g._id) ?? 0, score: pollScore(t) }]
    }),
  )
  return {
    state: stored ? 'final' : monthClosed(monthBounds(month).end, now) ? 'pending' : 'provisional',
    grades: new Map(
      lines.map((l) => [
        l.gridId,
        { code: l.grade, label: GRADES[l.grade], reasons: l.reasons, rank: l.rank },
      ]),
    ),
    flag: stored ? (stored.flag ? flagOf(stored.grids) : null) : flagOf(lines),
    polls,
    gradedAt: stored ? stored.gradedAt : null,
  }
}

export function gradingText(g: MonthGrading): string {
  if (g.state === 'final') return `已评定（${formatLocal(g.gradedAt as Date, 'M月D日')}），结果不再变动`
  if (g.state === 'pending') return '本月已结束，待社区评定；以下为按当前数据的评定结果'
  return '本月尚未结束，以下为暂评结果，月底后由社区评定'
}
