/** 活动 on the day: check-in, roster, hours: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { comment } from '../usertext'
import { NOT_USER_TEXT, action, id, reason, rosterView, sessionView } from './schemas'

export const attendanceActions = {
  'session.roster': action({ input: z.strictObject({ sessionId: id }), output: rosterView, access: 'user' }),
  'session.checkIn': action({
    input: z.strictObject({
      sessionId: id,
      /** The organiser checking someone in from the list; absent: me (and my children) by scan. */
      signupId: id.optional(),
    }),
    output: z.object({ people: z.array(z.string()), session: sessionView }),
    access: 'user',
  }),
  'session.checkOut': action({
    input: z.strictObject({
      sessionId: id,
      /** The organiser checking someone out; absent: me (and my children, collected by me). */
      signupId: id.optional(),
      /** For a child checked out by the organiser: which registered collector takes them. */
      collectorId: z.string().max(8).describe(NOT_USER_TEXT).optional(),
    }),
    output: z.object({ people: z.array(z.string()), session: sessionView }),
    access: 'user',
  }),
  'session.confirm': action({
    input: z.strictObject({
      sessionId: id,
      /** Hours set by the organiser for flagged (auto-closed) check-outs. */
      hours: z
        .record(id, z.number({ error: '请填写时长' }).min(0, '时长不能为负').max(12, '时长最多12小时'))
        .optional(),
    }),
    output: rosterView,
    access: 'user',
  }),
  /** 请假: the organiser gives back the place of someone who phoned in (any time before the start). */
  'session.release': action({
    input: z.strictObject({ sessionId: id, signupId: id, reason }),
    output: rosterView,
    // An organiser or a co-organiser (a volunteer may be one): the use case checks (mustRunOnTheDay).
    access: 'user',
    // Sent to the person whose place it was, who reads it as any notice.
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  /** An absence the organiser knows the reason for: 缺席 → 请假, no longer counted towards a lock. */
  'session.excuse': action({
    input: z.strictObject({ sessionId: id, signupId: id, reason }),
    output: rosterView,
    // An organiser or a co-organiser (a volunteer may be one): the use case checks (mustRunOnTheDay).
    access: 'user',
    // Sent to the person whose place it was, who reads it as any notice.
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  /** 解除暂停: the organiser lifts the no-show lock of the person of this place, with the reason. */
  'session.liftLock': action({
    input: z.strictObject({ sessionId: id, signupId: id, reason }),
    output: rosterView,
    // Not a co-organiser's: a lock bars sign-ups across the community (mustOrganise).
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  'session.checkInCode': action({
    input: z.strictObject({ sessionId: id }),
    /** `url`: the check-in page's H5 link; the poster is `fileUrl` (H5) or `fileID` (weapp). */
    output: z.object({ scene: z.string(), url: z.string(), fileUrl: z.string(), fileID: z.string() }),
    access: 'user',
    rateLimit: hour(30),
  }),
}
