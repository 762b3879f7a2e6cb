/**
 * 转志愿服务 (issue 19, part 1): a request a neighbour can meet (an elder's shopping, a ride to
 * hospital, help with a phone) becomes a 微心愿 on the wall, linked both ways — the wish carries the
 * request (来自诉求), the request the wish (已转志愿服务).
 *
 * - Who: whoever may handle the request where it is (its grid member, a leader above, the admin),
 *   while it waits or is in hand (the `toWish` row of request.ts). The wish is published at once:
 *   the one who turns it is the grid that would review it.
 * - Its SLA clocks stand still: the scheduler watches only 待接单 and 处理中, so a request with the
 *   volunteers is never 上报 or 催办. If it comes back (the claimant releases the wish, the claim
 *   lapses, the resident withdraws it) it is 处理中 for the one who turned it, with a fresh resolve
 *   clock of its tier from then, and they are told; the wish leaves the wall (`recall`).
 * - It closes when the resident (or the grid member for them) confirms the volunteer's work: the
 *   wish's 确认圆梦 is the request's 结案 (`volunteerDone`), and the claimant is credited as for any
 *   wish (points.ts). The board counts such requests as 志愿服务解决 (metrics.ts).
 */
/** Where the request's wish stands, as the request remembers it. */
export const VOLUNTEER_STATES = {
  serving: '志愿服务中',
  returned: '已退回网格员',
  done: '志愿服务已完成',
} as const
export type VolunteerState = keyof typeof VOLUNTEER_STATES

/** The wish moves after which the request follows: back to its grid member, or closed. */
export const WISH_RETURNS = ['release', 'lapse', 'withdraw'] as const
