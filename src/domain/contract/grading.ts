/** 流动红旗 · 民主测评 · 整改: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { codesOf } from '../transitions'
import {
  POLL_CHOICES,
  POLL_COMMENT_MAX,
  RECTIFY_MEASURES_MAX,
  RECTIFY_MEASURES_MIN,
  RECTIFY_NOTE_MAX,
  RECTIFY_NOTE_MIN,
} from '../grading'
import { hour } from '../ratelimits'
import { comment } from '../usertext'
import { action, id, isoTime, metricsMonth, monthSchema, rectifySummary, requestIdSchema } from './schemas'

/** What a resident sees of this month's 民主测评 of their grid. */
export const pollView = z.object({
  month: z.string(),
  gridName: z.string(),
  /** The household the vote is for: building and room of the caller's binding. */
  household: z.string(),
  /** A household needs a room to vote (one vote per household). */
  needsRoom: z.boolean(),
  vote: z.object({ choice: z.string(), label: z.string(), at: isoTime, mine: z.boolean() }).nullable(),
  choices: z.array(z.object({ code: z.string(), label: z.string() })),
})

export const rectifyView = rectifySummary.extend({
  reasons: z.array(z.string()),
  measures: z.string().nullable(),
  reviewNote: z.string().nullable(),
  /** The grid's leader may write the measures now. */
  maySubmit: z.boolean(),
  /** The admin may close it or send it back now. */
  mayReview: z.boolean(),
  events: z.array(z.object({ at: isoTime, actorName: z.string(), text: z.string() })),
})

export const gradingActions = {
  // 民主测评 (grading/poll.ts): a resident, for their household, this month.
  'poll.mine': action({
    input: z.strictObject({}),
    output: pollView,
    access: 'resident',
  }),
  'poll.vote': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      choice: z.enum(codesOf(POLL_CHOICES), { error: '请选择满意、基本满意或不满意' }),
      comment: z.string().trim().max(POLL_COMMENT_MAX, `最多${POLL_COMMENT_MAX}个字`).optional(),
    }),
    output: pollView,
    access: 'resident',
    rateLimit: hour(10),
    userText: { scene: comment, shown: 'public', fields: (i) => ({ comment: i.comment }) },
  }),
  // 评定 (grading/grade.ts): the admin grades a closed month once; 后进 grids get their 整改.
  'grade.confirm': action({
    input: z.strictObject({ month: monthSchema }),
    output: metricsMonth,
    access: 'staff',
    rateLimit: hour(20),
  }),
  // 整改 (grading/rectify.ts): the grid's leader writes the measures, the admin closes or returns.
  'rectify.list': action({
    input: z.strictObject({}),
    output: z.object({ items: z.array(rectifyView) }),
    access: 'staff',
  }),
  'rectify.submit': action({
    input: z.strictObject({
      id,
      measures: z
        .string({ error: '请填写整改措施' })
        .trim()
        .min(RECTIFY_MEASURES_MIN, `整改措施至少${RECTIFY_MEASURES_MIN}个字`)
        .max(RECTIFY_MEASURES_MAX, `整改措施最多${RECTIFY_MEASURES_MAX}个字`),
    }),
    output: rectifyView,
    access: 'staff',
    rateLimit: hour(30),
    userText: { scene: comment, shown: 'public', fields: (i) => ({ measures: i.measures }) },
  }),
  'rectify.review': action({
    input: z.strictObject({
      id,
      decision: z.enum(['close', 'return'], { error: '请选择销号还是退回' }),
      note: z
        .string({ error: '请写明验收意见' })
        .trim()
        .min(RECTIFY_NOTE_MIN, '请写明验收意见')
        .max(RECTIFY_NOTE_MAX, `验收意见最多${RECTIFY_NOTE_MAX}个字`),
    }),
    output: rectifyView,
    access: 'staff',
    rateLimit: hour(30),
    userText: { scene: comment, shown: 'public', fields: (i) => ({ note: i.note }) },
  }),
}

export type PollView = z.output<typeof pollView>
export type RectifyView = z.output<typeof rectifyView>
