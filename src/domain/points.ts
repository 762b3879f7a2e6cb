/**
 * Points and hours rules as a table (domain.md, "Points, hours, 双报到"): what one service is
 * worth. The ledger entries carry the figures they were credited with, so changing a rule later
 * never rewrites history.
 */
export const POINT_RULES = {
  /**
   * A 微心愿 fulfilled and confirmed by the resident or their grid member: the hours the claimant
   * entered at 已完成 (WISH_HOURS), points per hour as for a session.
   */
  wishFulfilled: { pointsPerHour: 5, reason: '圆梦微心愿' },
  /** Volunteer service in an activity session: hours from check-in/out, points per hour. */
  sessionService: { pointsPerHour: 5, reason: '活动志愿服务' },
} as const
export type PointRule = keyof typeof POINT_RULES

/** 居民身份证号码 (GB 11643): 17 digits and a check character (ISO 7064 MOD 11-2). */
export function validIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((n, w, i) => n + w * Number(id[i]), 0)
  return '10X98765432'[sum % 11] === id[17].toUpperCase()
}
