/** 活动 — the board and sign-up: each action once — input, output, who may call, rate limit, user text. */
import { ACTIVITY_KIND_CODES, AUDIENCE_CODES, MAX_CAPACITY, MAX_ROLES } from '../activity'
import { z } from 'zod'
import { hour } from '../ratelimits'
import { post } from '../usertext'
import {
  NOT_USER_TEXT,
  action,
  dateSchema,
  id,
  isoTime,
  pageCursor,
  photoIds,
  requestIdSchema,
  sessionView,
  signupFor,
} from './schemas'

export const activitiesActions = {
  'activity.create': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      kind: z.enum(ACTIVITY_KIND_CODES, { error: '请选择活动类型' }),
      title: z
        .string({ error: '请填写活动名称' })
        .trim()
        .min(2, '活动名称至少2个字')
        .max(30, '活动名称最多30个字'),
      description: z.string().trim().max(500, '活动介绍最多500个字').default(''),
      place: z.string({ error: '请填写地点' }).trim().min(2, '请填写地点').max(50, '地点最多50个字'),
      organiser: z.string().trim().max(20, '组织者最多20个字').default(''),
      /** 封面: one photo already uploaded by the caller (checked like a request's photos). */
      cover: photoIds.refine((x) => !x || x.length <= 1, '封面只能选一张照片'),
      schedule: z
        .strictObject({
          from: dateSchema,
          /** Recurring until this day (on working days); absent: one session on `from`. */
          to: dateSchema.optional(),
          time: z.string({ error: '请选择开始时间' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式不正确'),
          durationMinutes: z.number().int().min(15, '活动至少15分钟').max(600, '活动最长10小时'),
          weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
        })
        .refine((s) => !s.to || s.to >= s.from, { message: '结束日期不能早于开始日期', path: ['to'] }),
      roles: z
        .array(
          z.strictObject({
            key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,19}$/, '名额编号格式不正确'),
            name: z
              .string({ error: '请填写名额名称' })
              .trim()
              .min(1, '请填写名额名称')
              .max(10, '名额名称最多10个字'),
            capacity: z
              .number({ error: '请填写人数' })
              .int()
              .min(1, '人数至少为1')
              .max(MAX_CAPACITY, `人数最多${MAX_CAPACITY}`),
            audience: z.enum(AUDIENCE_CODES, { error: '请选择谁可以报名' }),
          }),
        )
        .min(1, '请至少设置一类名额')
        .max(MAX_ROLES, `最多设置${MAX_ROLES}类名额`)
        .refine((r) => new Set(r.map((x) => x.key)).size === r.length, '名额编号不能重复'),
    }),
    output: z.object({ id: z.string(), sessions: z.number() }),
    access: 'staff',
    rateLimit: hour(30),
    userText: {
      scene: post,
      shown: 'public',
      fields: (i) => ({
        title: i.title,
        description: i.description,
        place: i.place,
        organiser: i.organiser,
        'roles[].name': i.roles.map((r) => r.name).join('、'),
      }),
    },
  }),
  'activity.sessions': action({
    input: z.strictObject({ kind: z.enum(ACTIVITY_KIND_CODES).optional(), cursor: pageCursor }),
    output: z.object({ items: z.array(sessionView), nextCursor: z.string().nullable() }),
    access: 'user',
  }),
  'session.signUp': action({
    input: z.strictObject({
      ...signupFor,
      role: z.string({ error: '请选择报名身份' }).min(1).max(20).describe(NOT_USER_TEXT),
    }),
    output: sessionView,
    access: 'user',
    rateLimit: hour(60),
  }),
  'activity.signUpAll': action({
    input: z.strictObject({
      activityId: id,
      role: z.string({ error: '请选择报名身份' }).min(1).max(20).describe(NOT_USER_TEXT),
      childId: id.optional(),
    }),
    output: z.object({
      confirmed: z.number(),
      waitlisted: z.array(
        z.object({
          sessionId: z.string(),
          startAt: isoTime,
          status: z.string(),
          position: z.number().nullable(),
        }),
      ),
      skipped: z.number(),
    }),
    access: 'user',
    rateLimit: hour(20),
  }),
  'session.cancel': action({ input: z.strictObject(signupFor), output: sessionView, access: 'user' }),
  'session.acceptOffer': action({
    input: z.strictObject(signupFor),
    output: sessionView,
    access: 'user',
  }),
  'session.get': action({ input: z.strictObject({ sessionId: id }), output: sessionView, access: 'user' }),
  'activity.get': action({
    input: z.strictObject({ id }),
    output: z.object({
      id: z.string(),
      kind: z.enum(ACTIVITY_KIND_CODES),
      kindName: z.string(),
      title: z.string(),
      description: z.string(),
      place: z.string(),
      organiser: z.string(),
      /** A link that expires; null without a cover. */
      coverUrl: z.string().nullable(),
      sessions: z.array(sessionView),
    }),
    access: 'user',
  }),
}
