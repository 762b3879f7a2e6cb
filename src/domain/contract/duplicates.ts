/** 重复诉求 (issue 19, part 2): similar open requests on the form, 我也遇到了 (+1), 合并. */
import * as z from 'zod'
import { CATEGORY_CODES } from '../categories'
import { RATING_CODES, REQUEST_STATUS_CODES } from '../request'
import { hour } from '../ratelimits'
import { NOT_USER_TEXT, action, id, idOnly, isoTime, requestDetail } from './schemas'

/** A neighbour's open request as the form shows it: what and how far along — never who, where or a photo. */
export const similarRequest = z.object({
  id: z.string(),
  categoryName: z.string(),
  /** Its first words (SIMILAR_SUMMARY_CHARS). */
  summary: z.string(),
  status: z.enum(REQUEST_STATUS_CODES),
  statusName: z.string(),
  createdAt: isoTime,
  /** "今天" / "3天前". */
  age: z.string(),
  followerCount: z.number(),
  /** The caller follows it already. */
  following: z.boolean(),
})

/**
 * 我关注的: a request the caller follows, as a neighbour may see it — the words' start, its state,
 * the building, the public steps without who or what they wrote; no reporter, room, phone, photo
 * or 办理情况. The follower's own rating and the neighbours' count of them.
 */
export const followedRequest = z.object({
  id: z.string(),
  no: z.string(),
  categoryName: z.string(),
  summary: z.string(),
  status: z.enum(REQUEST_STATUS_CODES),
  statusName: z.string(),
  /** Building level only. */
  buildingName: z.string(),
  createdAt: isoTime,
  followerCount: z.number(),
  steps: z.array(z.object({ at: isoTime, title: z.string() })),
  /** The caller may rate it now (done, and not rated by them yet). */
  canRate: z.boolean(),
  myRating: z.enum(RATING_CODES).nullable(),
  /** 邻居评价: how many followers rated it, each rating counted. */
  neighbourRatings: z.object({ satisfied: z.number(), basic: z.number(), unsatisfied: z.number() }),
})

export const duplicatesActions = {
  /** 我关注的: the requests the caller follows (我也遇到了, or merged into), newest first. */
  'request.followed': action({
    input: z.strictObject({}),
    output: z.object({ items: z.array(followedRequest) }),
    access: 'user',
  }),
  /** One request the caller follows, masked as a neighbour may see it (a notice opens it). */
  'request.followedGet': action({ input: idOnly, output: followedRequest, access: 'user' }),
  /** 邻居评价: a follower rates the result once; the reporter's rating alone closes and grades it. */
  'request.neighbourRate': action({
    input: z.strictObject({ id, rating: z.enum(RATING_CODES, { error: '请选择满意程度' }) }),
    output: followedRequest,
    access: 'user',
  }),
  /** The open requests of the caller's own building and this category from the last days. */
  'request.similar': action({
    input: z.strictObject({ category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }) }),
    output: z.object({ items: z.array(similarRequest) }),
    access: 'resident',
  }),
  /** 我也遇到了: follow a neighbour's open request (+1) — its notices, and no second filing. */
  'request.follow': action({
    input: idOnly,
    output: z.object({ item: similarRequest }),
    access: 'resident',
    rateLimit: hour(30),
  }),
  /** The open requests of the same building a duplicate could be merged into. */
  'request.mergeTargets': action({
    input: idOnly,
    output: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          no: z.string(),
          categoryName: z.string(),
          description: z.string(),
          statusName: z.string(),
          createdAt: isoTime,
          followerCount: z.number(),
        }),
      ),
    }),
    access: 'staff',
  }),
  /** 合并: the duplicate `id` ends 已合并, its reporter follows `into`; an event on both. */
  'request.merge': action({
    input: z.strictObject({
      id,
      into: z
        .string({ error: '请选择要合并到的诉求' })
        .min(1, '请选择要合并到的诉求')
        .max(64)
        .describe(NOT_USER_TEXT),
    }),
    output: requestDetail,
    access: 'staff',
  }),
}
