/** 暖心助老: elders and visits: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { comment, profile } from '../usertext'
import {
  action,
  buildingCodeSchema,
  elderView,
  id,
  personName,
  requestIdSchema,
  sessionView,
  visitRow,
} from './schemas'

export const eldersActions = {
  'elder.add': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      buildingCode: buildingCodeSchema,
      name: personName,
      room: z.string().trim().max(20, '房号最多20个字').default(''),
      phone: z
        .string()
        .trim()
        .regex(/^(1\d{10})?$/, '手机号格式不正确')
        .default(''),
      consent: z.strictObject({
        by: z.enum(['本人', '子女', '监护人'], { error: '请选择由谁同意探访' }),
        note: z.string().trim().max(50, '说明最多50个字').default(''),
      }),
      notes: z.string().trim().max(100, '备注最多100个字').default(''),
      /** Add to this elder-care team's list at once. */
      activityId: id.optional(),
    }),
    output: elderView,
    access: 'staff',
    rateLimit: hour(60),
    userText: {
      scene: profile,
      shown: 'public',
      fields: (i) => ({ name: i.name, room: i.room, notes: i.notes, 'consent.note': i.consent.note }),
    },
  }),
  'visit.list': action({
    input: z.strictObject({ sessionId: id }),
    output: z.object({ session: sessionView, items: z.array(visitRow) }),
    access: 'user',
  }),
  'visit.log': action({
    input: z
      .strictObject({
        sessionId: id,
        elderId: id,
        seen: z.boolean({ error: '请选择是否见到老人' }),
        wellbeing: z.enum(['well', 'unwell'], { error: '请选择老人状况' }).optional(),
        needs: z.string().trim().max(100, '需求最多100个字').default(''),
        note: z.string().trim().max(100, '备注最多100个字').default(''),
      })
      .refine((v) => !v.seen || v.wellbeing, { message: '请选择老人状况', path: ['wellbeing'] }),
    output: z.object({ session: sessionView, items: z.array(visitRow) }),
    access: 'user',
    rateLimit: hour(120),
    userText: { scene: comment, shown: 'public', fields: (i) => ({ needs: i.needs, note: i.note }) },
  }),
}
