/**
 * 流动红旗 and 民主测评 (略阳: 每月民主测评，分级评定先进、一般、后进，先进网格授予流动红旗，后进网格进行整改).
 * Pure: every grid of a month is graded by the rules of one table, ranked only when its month is
 * measured (enough items that the rates mean something), and the flag goes to the best 先进 grid.
 * "No data" is never a score: a grid with nothing measured is 样本不足, not ranked, never flagged.
 * Kept apart from metrics.ts so that screens can use it without bundling the holiday calendar.
 */
import type { GridMonth } from './metrics'

/**
 * A month is measured when the 按时办结率 counts at least this many items (closed in the month plus
 * open and overdue at its end): below it one late item swings the rate by 20 points or more.
 */
export const MIN_MEASURED_ITEMS = 5
/** The 民主测评 score counts in the grade once this many households have voted in the month. */
export const MIN_POLL_VOTES = 3

/** 民主测评: what a household answers, and what each answer is worth (score 0–100). */
export const POLL_CHOICES = {
  satisfied: { label: '满意', points: 100 },
  basic: { label: '基本满意', points: 60 },
  unsatisfied: { label: '不满意', points: 0 },
} as const
export type PollChoice = keyof typeof POLL_CHOICES
export const POLL_COMMENT_MAX = 100

export interface PollTally {
  votes: number
  satisfied: number
  basic: number
  unsatisfied: number
}

/** The month's score of a grid's votes (0–100, whole), or null with no vote. */
export function pollScore(t: PollTally): number | null {
  if (t.votes === 0) return null
  const points =
    t.satisfied * POLL_CHOICES.satisfied.points +
    t.basic * POLL_CHOICES.basic.points +
    t.unsatisfied * POLL_CHOICES.unsatisfied.points
  return Math.round(points / t.votes)
}

export const GRADES = {
  advanced: '先进',
  ordinary: '一般',
  behind: '后进',
  unmeasured: '样本不足',
} as const
export type Grade = keyof typeof GRADES

/** What a rule reads of a grid's month. */
export interface GradedMonth extends GridMonth {
  /** The 民主测评 score of the month, null with fewer than MIN_POLL_VOTES votes. */
  pollScore: number | null
}

type Metric = 'onTimeRate' | 'responseRate' | 'satisfactionRate' | 'pollScore'

const METRICS: Record<Metric, { label: string; show: (v: number) => string }> = {
  onTimeRate: { label: '按时办结率', show: (v) => `${Math.round(v * 100)}%` },
  responseRate: { label: '响应率', show: (v) => `${Math.round(v * 100)}%` },
  satisfactionRate: { label: '满意率', show: (v) => `${Math.round(v * 100)}%` },
  pollScore: { label: '民主测评', show: (v) => `${v}分` },
}

export interface GradeRule {
  metric: Metric
  /** The threshold, in the metric's own unit (a rate 0–1, the poll's points 0–100). */
  value: number
  /** A metric without data (no rating, too few votes) neither passes nor fails an optional rule. */
  required: boolean
}

/**
 * The grading table. 后进: any measured metric below its floor. 先进: every required metric and
 * every measured optional one at or above its bar. 一般: the rest. Thresholds are on the board's
 * own rates, so what the board shows is what the grade was made of.
 */
export const GRADE_RULES: { behind: readonly GradeRule[]; advanced: readonly GradeRule[] } = {
  behind: [
    { metric: 'onTimeRate', value: 0.7, required: true },
    { metric: 'satisfactionRate', value: 0.7, required: false },
    { metric: 'pollScore', value: 60, required: false },
  ],
  advanced: [
    { metric: 'onTimeRate', value: 0.9, required: true },
    { metric: 'responseRate', value: 0.9, required: true },
    { metric: 'satisfactionRate', value: 0.9, required: false },
    { metric: 'pollScore', value: 80, required: false },
  ],
}

/** How many items the month's 按时办结率 is made of. */
export function measuredItems(g: GridMonth): number {
  return g.closed + g.openOverdue
}

export interface GradeResult {
  grade: Grade
  label: string
  /** Why, in words the board shows: "按时办结率 62% < 70%". */
  reasons: string[]
}

function threshold(rule: GradeRule): string {
  return METRICS[rule.metric].show(rule.value)
}

/** The grade of one grid's month, with its reasons. */
export function gradeMonth(g: GradedMonth): GradeResult {
  const items = measuredItems(g)
  if (items < MIN_MEASURED_ITEMS) {
    return {
      grade: 'unmeasured',
      label: GRADES.unmeasured,
      reasons: [`本月可评办件 ${items} 件 < ${MIN_MEASURED_ITEMS} 件，不参加评比`],
    }
  }
  const valueOf = (m: Metric) => g[m]
  const below = GRADE_RULES.behind.flatMap((r) => {
    const v = valueOf(r.metric)
    return v !== null && v < r.value
      ? [`${METRICS[r.metric].label} ${METRICS[r.metric].show(v)} < ${threshold(r)}`]
      : []
  })
  if (below.length) return { grade: 'behind', label: GRADES.behind, reasons: below }
  const missed: string[] = []
  const met: string[] = []
  for (const r of GRADE_RULES.advanced) {
    const v = valueOf(r.metric)
    const { label, show } = METRICS[r.metric]
    if (v === null) {
      if (r.required) missed.push(`${label} 无数据`)
    } else if (v < r.value) missed.push(`${label} ${show(v)} < ${threshold(r)}`)
    else met.push(`${label} ${show(v)} ≥ ${threshold(r)}`)
  }
  if (missed.length === 0) return { grade: 'advanced', label: GRADES.advanced, reasons: met }
  return { grade: 'ordinary', label: GRADES.ordinary, reasons: missed }
}

const GRADE_ORDER: Record<Grade, number> = { advanced: 0, ordinary: 1, behind: 2, unmeasured: 3 }
/** Higher first; no data after any data. */
const desc = (a: number | null, b: number | null) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a

/** The stated tie rule, in words for the board. */
export const FLAG_RULE =
  '流动红旗授予本月先进网格中按时办结率最高者；并列时依次比满意率、响应率、民主测评得分、可评办件数，仍并列按网格名称排序'

export interface Ranked<G> {
  grid: G
  result: GradeResult
  /** 1, 2, … over measured grids; null for 样本不足. */
  rank: number | null
}

/**
 * Every grid graded; the measured ones ranked (grade first, then the flag's tie rule), the
 * unmeasured after them unranked. The flag: the first, if it is 先进.
 */
export function rankMonth<G extends GradedMonth & { name: string }>(
  grids: readonly G[],
): { ranked: Ranked<G>[]; flag: Ranked<G> | null } {
  const graded = grids.map((grid) => ({ grid, result: gradeMonth(grid) }))
  graded.sort(
    (a, b) =>
      GRADE_ORDER[a.result.grade] - GRADE_ORDER[b.result.grade] ||
      desc(a.grid.onTimeRate, b.grid.onTimeRate) ||
      desc(a.grid.satisfactionRate, b.grid.satisfactionRate) ||
      desc(a.grid.responseRate, b.grid.responseRate) ||
      desc(a.grid.pollScore, b.grid.pollScore) ||
      measuredItems(b.grid) - measuredItems(a.grid) ||
      a.grid.name.localeCompare(b.grid.name, 'zh-CN'),
  )
  let n = 0
  const ranked = graded.map((g) => ({ ...g, rank: g.result.grade === 'unmeasured' ? null : ++n }))
  const first = ranked[0]
  return { ranked, flag: first && first.result.grade === 'advanced' ? first : null }
}

/** 整改: how long a 后进 grid's leader has to hand in the measures, in working days. */
export const RECTIFY_WORKING_DAYS = 10
export const RECTIFY_MEASURES_MIN = 10
export const RECTIFY_MEASURES_MAX = 500
/** The admin's 验收意见 when closing or returning a 整改. */
export const RECTIFY_NOTE_MIN = 2
export const RECTIFY_NOTE_MAX = 200

export const RECTIFY_STATUSES = {
  open: '待提交整改措施',
  submitted: '待社区验收',
  closed: '已销号',
} as const
export type RectifyStatus = keyof typeof RECTIFY_STATUSES

/** A month can be graded once it is over (the current one shows a provisional grade). */
export function monthClosed(monthEnd: Date, now: Date): boolean {
  return now >= monthEnd
}
