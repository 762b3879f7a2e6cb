/** 四点半课堂: children: each action once — input, output, who may call, rate limit, user text. */
import { CHILD_MAX_AGE, CHILD_MIN_AGE, GRADES, MAX_COLLECTORS } from '../activity'
import * as z from 'zod'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import { action, childView, personName, phoneSchema, requestIdSchema } from './schemas'

export const childrenActions = {
  'child.register': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      name: personName,
      age: z
        .number({ error: '请填写孩子年龄' })
        .int('年龄请填整数')
        .min(CHILD_MIN_AGE, `四点半课堂面向${CHILD_MIN_AGE}至${CHILD_MAX_AGE}岁的小学生`)
        .max(CHILD_MAX_AGE, `四点半课堂面向${CHILD_MIN_AGE}至${CHILD_MAX_AGE}岁的小学生`),
      grade: z.enum(GRADES, { error: '请选择年级' }),
      allergies: z.string().trim().max(50, '过敏情况最多50个字').default(''),
      notes: z.string().trim().max(100, '备注最多100个字').default(''),
      /** Me, as the guardian who registers the child. */
      guardian: z.strictObject({
        name: personName,
        relation: z.string({ error: '请填写与孩子的关系' }).trim().min(1, '请填写与孩子的关系').max(6),
        phone: phoneSchema,
      }),
      /** Others who may collect the child (grandparents …). */
      others: z
        .array(
          z.strictObject({
            name: personName,
            relation: z.string({ error: '请填写与孩子的关系' }).trim().min(1, '请填写与孩子的关系').max(6),
            phone: phoneSchema,
          }),
        )
        .max(MAX_COLLECTORS, `最多再登记${MAX_COLLECTORS}位接送人`)
        .default([]),
    }),
    output: childView,
    access: 'user',
    rateLimit: hour(10),
    userText: {
      scene: profile,
      shown: 'public',
      fields: (i) => ({
        name: i.name,
        allergies: i.allergies,
        notes: i.notes,
        'guardian.name': i.guardian.name,
        'guardian.relation': i.guardian.relation,
        'others[].name': i.others.map((o) => o.name).join('、'),
        'others[].relation': i.others.map((o) => o.relation).join('、'),
      }),
    },
  }),
  'child.list': action({
    input: z.strictObject({}),
    output: z.object({ items: z.array(childView) }),
    access: 'user',
  }),
}
