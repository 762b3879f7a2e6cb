/** 重复诉求 (issue 19, part 2): similar open requests on the form, 我也遇到了 (+1), 合并. */
import * as z from 'zod'
import { CATEGORY_CODES } from '../categories'
import { REQUEST_STATUS_CODES } from '../request'
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

export const duplicatesActions = {
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
