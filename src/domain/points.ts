/**
 * Points and hours rules as a table (domain.md, "Points, hours, 双报到"): what one service is
 * worth. The ledger entries carry the figures they were credited with, so changing a rule later
 * never rewrites history.
 */
export const POINT_RULES = {
  /** A 微心愿 fulfilled and confirmed by the resident or their grid member. */
  wishFulfilled: { points: 10, hours: 2, reason: '圆梦微心愿' },
} as const
export type PointRule = keyof typeof POINT_RULES
