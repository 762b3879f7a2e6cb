/**
 * 街道 (issue 17, part 3): the street above its communities — its board across them and its
 * hand-back of a 兜底 to the community. Its queue is the 工作台's own (request.inbox answers a
 * 街道管理员 with what the street holds); accepting, resolving and calling in a 挂钩部门 are the
 * request's usual moves, which the street's admins may make on what it holds.
 */
import * as z from 'zod'
import { comment } from '../usertext'
import { unitMonthRow } from './units'
import { action, id, isoTime, monthSchema, rateValue, reason, requestDetail } from './schemas'

export const streetCommunityRow = z.object({
  id: z.string(),
  name: z.string(),
  /** The community's four rates (its level-1 grid's, as its own board shows them). */
  received: z.number(),
  responseRate: rateValue,
  resolutionRate: rateValue,
  satisfactionRate: rateValue,
  onTimeRate: rateValue,
  openOverdue: z.number(),
  /**
   * Of the month's requests, apart (src/domain/metrics.ts): 已合并 (not in 受理: counted once, on
   * the one it repeated), 已转志愿服务 (in 受理), and 志愿服务解决 (closed by the volunteers' work).
   */
  merged: z.number(),
  toVolunteers: z.number(),
  volunteerSolved: z.number(),
  /** What fell through to the street in the month (each arrival counts). */
  toStreet: z.number(),
  /** What the street holds of it now, and how many of those waited past the street's clock. */
  streetOpen: z.number(),
  streetLate: z.number(),
})

export const streetActions = {
  /** 街道总览: each community's month, what reached the street, and the units' work. */
  'street.board': action({
    input: z.strictObject({ month: monthSchema }),
    output: z.object({
      streetName: z.string(),
      month: z.string(),
      asOf: isoTime,
      communities: z.array(streetCommunityRow),
      /** The street's 挂钩部门 first, then each community's units. */
      units: z.array(unitMonthRow.extend({ orgName: z.string() })),
    }),
    access: 'staff',
  }),
  /** 退回社区: the street hands its 兜底 back to the community's level 1, with the reason. */
  'request.streetReturn': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
}
