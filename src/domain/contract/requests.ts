/** 诉求 — requests: each action once — input, output, who may call, rate limit, user text. */
import { CATEGORY_CODES } from '../categories'
import {
  COMMENT_MAX_CHARS,
  RATING_CODES,
  REASON_MAX_CHARS,
  RESOLVE_NOTE_MAX_CHARS,
  RESOLVE_NOTE_MIN_CHARS,
} from '../request'
import * as z from 'zod'
import { hour } from '../ratelimits'
import { post, comment } from '../usertext'
import {
  NOT_USER_TEXT,
  action,
  descriptionSchema,
  gridRef,
  id,
  idOnly,
  inboxPage,
  inboxTabs,
  isoTime,
  onBehalfFields,
  pageCursor,
  photoIds,
  reason,
  requestDetail,
  requestIdSchema,
  requestSummary,
} from './schemas'

/** 办结: what was done, with up to 3 photos of the result (the grid's, or a called-in unit's). */
export const resolveInput = z.strictObject({
  id,
  note: z
    .string({ error: '请填写办理情况' })
    .trim()
    .min(RESOLVE_NOTE_MIN_CHARS, `请填写办理情况（至少${RESOLVE_NOTE_MIN_CHARS}个字）`)
    .max(RESOLVE_NOTE_MAX_CHARS, `办理情况最多${RESOLVE_NOTE_MAX_CHARS}个字`),
  photos: photoIds,
})

/** 催办, by a leader above or by the resident: an optional word to whoever holds it. */
const chaseInput = z.strictObject({ id, note: z.string().trim().max(100, '催办留言最多100个字').optional() })

export const requestsActions = {
  'request.create': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }),
      description: descriptionSchema,
      photos: photoIds,
    }),
    output: requestSummary,
    access: 'resident',
    rateLimit: hour(30),
    userText: { scene: post, shown: 'grid', fields: (i) => ({ description: i.description }) },
  }),
  'request.createOnBehalf': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      ...onBehalfFields,
      category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }),
      description: descriptionSchema,
      photos: photoIds,
    }),
    output: requestSummary,
    // A 楼栋长 too, for a neighbour in their own building (onbehalf.ts servedBuilding).
    access: 'worker',
    rateLimit: hour(60),
    userText: {
      scene: post,
      shown: 'grid',
      fields: (i) => ({ description: i.description, residentName: i.residentName, room: i.room }),
    },
  }),
  'building.listServed': action({
    input: z.strictObject({}),
    output: z.object({
      buildings: z.array(z.object({ code: z.string(), name: z.string(), gridName: z.string() })),
    }),
    // A 楼栋长's own building: where they may 代录 and file 巡查发现.
    access: 'worker',
  }),
  'request.listMine': action({
    input: z.strictObject({ cursor: pageCursor }),
    output: z.object({ items: z.array(requestSummary), nextCursor: z.string().nullable() }),
    access: 'user',
  }),
  'request.get': action({ input: idOnly, output: requestDetail, access: 'user' }),
  'request.inbox': action({
    input: z.strictObject({
      tab: z.enum(inboxTabs, { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: inboxPage,
    access: 'staff',
  }),
  'request.accept': action({ input: idOnly, output: requestDetail, access: 'staff' }),
  'request.resolve': action({
    input: resolveInput,
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ note: i.note }) },
  }),
  'request.rate': action({
    input: z.strictObject({
      id,
      rating: z.enum(RATING_CODES, { error: '请选择满意程度' }),
      comment: z.string().trim().max(COMMENT_MAX_CHARS, `评价最多${COMMENT_MAX_CHARS}个字`).optional(),
    }),
    output: requestDetail,
    access: 'user',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ comment: i.comment }) },
  }),
  'request.cancel': action({
    input: z.strictObject({
      id,
      reason: z.string().trim().max(REASON_MAX_CHARS, `撤销原因最多${REASON_MAX_CHARS}个字`).optional(),
    }),
    output: requestDetail,
    access: 'user',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
  'request.escalate': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
  'request.return': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
  'request.dispatch': action({
    input: z.strictObject({
      id,
      gridId: z
        .string({ error: '请选择要转派的网格' })
        .min(1, '请选择要转派的网格')
        .max(64)
        .describe(NOT_USER_TEXT),
    }),
    output: requestDetail,
    access: 'staff',
  }),
  'request.overdue': action({
    input: z.strictObject({}),
    output: z.object({
      items: z.array(
        requestSummary.extend({ holder: z.string(), dueAt: isoTime, overdueMinutes: z.number() }),
      ),
    }),
    access: 'staff',
  }),
  /**
   * 转交 (issue 18, part 1): a leader above or the admin hands work someone has taken on to another
   * who may handle it there — a member leaving, on leave, overloaded — with the reason.
   */
  'request.transfer': action({
    input: z.strictObject({
      id,
      membershipId: z
        .string({ error: '请选择接手的人' })
        .min(1, '请选择接手的人')
        .max(64)
        .describe(NOT_USER_TEXT),
      reason,
    }),
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
  /** Who could take it over: staff of the community who may handle it where it is, but its holder. */
  'request.transferTargets': action({
    input: idOnly,
    output: z.object({
      people: z.array(
        z.object({ membershipId: z.string(), name: z.string(), roleLabel: z.string(), gridName: z.string() }),
      ),
    }),
    access: 'staff',
  }),
  'request.dispatchTargets': action({
    input: idOnly,
    /** `staffed` false: nobody serves that grid yet, so the request would wait there unseen. */
    output: z.object({ grids: z.array(gridRef.extend({ staffed: z.boolean() })) }),
    access: 'staff',
  }),
  /** 居民催办: the resident, once their request is past its clock; once per working day (urge.ts). */
  'request.urge': action({
    input: chaseInput,
    output: requestDetail,
    access: 'resident',
    rateLimit: hour(10),
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ note: i.note }) },
  }),
  'request.chase': action({
    input: chaseInput,
    output: requestDetail,
    access: 'staff',
    rateLimit: hour(30),
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ note: i.note }) },
  }),
}
