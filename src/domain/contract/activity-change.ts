/**
 * 修改 / 取消 an activity or one session after publishing (issue 18, part 2): each action once —
 * input, output, who may call, user text. The fields an edit may change are the ones
 * activity.create takes, with the same rules (activities.ts uses these).
 */
import * as z from 'zod'
import { MAX_CAPACITY } from '../activity'
import { comment, post } from '../usertext'
import { action, dateSchema, id, reason, rosterView } from './schemas'

export const activityTitle = z
  .string({ error: '请填写活动名称' })
  .trim()
  .min(2, '活动名称至少2个字')
  .max(30, '活动名称最多30个字')
export const activityDescription = z.string().trim().max(500, '活动介绍最多500个字')
export const activityPlace = z
  .string({ error: '请填写地点' })
  .trim()
  .min(2, '请填写地点')
  .max(50, '地点最多50个字')
export const activityOrganiser = z.string().trim().max(20, '组织者最多20个字')
export const startTime = z
  .string({ error: '请选择开始时间' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式不正确')
export const durationMinutes = z.number().int().min(15, '活动至少15分钟').max(600, '活动最长10小时')
export const roleKey = z.string().regex(/^[a-z][a-zA-Z0-9]{0,19}$/, '名额编号格式不正确')
export const roleCapacity = z
  .number({ error: '请填写人数' })
  .int()
  .min(1, '人数至少为1')
  .max(MAX_CAPACITY, `人数最多${MAX_CAPACITY}`)

export const activityChangeActions = {
  /** 修改活动: its name, introduction, organiser — the name on every session not yet over too. */
  'activity.edit': action({
    input: z.strictObject({
      activityId: id,
      title: activityTitle.optional(),
      description: activityDescription.optional(),
      organiser: activityOrganiser.optional(),
    }),
    /** `changed`: the fields that changed (none: nothing was written). */
    output: z.object({ id: z.string(), changed: z.array(z.string()) }),
    // Organisers are staff (activity.create is 'staff'); the use case checks it is theirs (mustOrganise).
    access: 'staff',
    userText: {
      scene: post,
      shown: 'public',
      fields: (i) => ({ title: i.title, description: i.description, organiser: i.organiser }),
    },
  }),
  /**
   * 修改本场: its day and time, place, and each role's capacity. A capacity below the seats already
   * held is refused in words (nobody loses a seat silently); one raised hands seats to the waitlist.
   * Seat holders and the waitlist hear of a new time or place.
   */
  'session.edit': action({
    input: z.strictObject({
      sessionId: id,
      date: dateSchema.optional(),
      time: startTime.optional(),
      durationMinutes: durationMinutes.optional(),
      place: activityPlace.optional(),
      /** Role key → its new capacity. */
      capacities: z.record(roleKey, roleCapacity).optional(),
    }),
    output: rosterView,
    access: 'staff',
    userText: { scene: post, shown: 'public', fields: (i) => ({ place: i.place }) },
  }),
  /** 取消本场 (rain, the speaker is ill): with the reason, told to every seat holder and the waitlist. */
  'session.callOff': action({
    input: z.strictObject({ sessionId: id, reason }),
    output: rosterView,
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  /** 取消活动: every session not yet started, with the reason; each person hears once. */
  'activity.callOff': action({
    input: z.strictObject({ activityId: id, reason }),
    output: z.object({ id: z.string(), cancelled: z.number() }),
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
}
