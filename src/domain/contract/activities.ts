/** 活动 — the board and sign-up: each action once — input, output, who may call, rate limit, user text. */
import { ACTIVITY_KIND_CODES, AUDIENCE_CODES, MAX_ROLES } from '../activity'
import {
  activityDescription,
  activityOrganiser,
  activityPlace,
  activityTitle,
  durationMinutes,
  roleCapacity,
  roleKey,
  startTime,
} from './activity-change'
import * as z from 'zod'
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
      title: activityTitle,
      description: activityDescription.default(''),
      place: activityPlace,
      organiser: activityOrganiser.default(''),
      /** 封面: one photo already uploaded by the caller (checked like a request's photos). */
      cover: photoIds.refine((x) => !x || x.length <= 1, '封面只能选一张照片'),
      schedule: z
        .strictObject({
          from: dateSchema,
          /** Recurring until this day (on working days); absent: one session on `from`. */
          to: dateSchema.optional(),
          time: startTime,
          durationMinutes,
          weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
        })
        .refine((s) => !s.to || s.to >= s.from, { message: '结束日期不能早于开始日期', path: ['to'] }),
      roles: z
        .array(
          z.strictObject({
            key: roleKey,
            name: z
              .string({ error: '请填写名额名称' })
              .trim()
              .min(1, '请填写名额名称')
              .max(10, '名额名称最多10个字'),
            capacity: roleCapacity,
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
