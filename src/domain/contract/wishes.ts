/** 微心愿 — small wishes: each action once — input, output, who may call, rate limit, user text. */
import { MAX_PHOTOS } from '../photos'
import { WISH_HOURS, WISH_NOTE_MAX, WISH_NOTE_MIN, validWishHours } from '../wish'
import * as z from 'zod'
import { hour } from '../ratelimits'
import { post, comment } from '../usertext'
import {
  action,
  id,
  idOnly,
  onBehalfFields,
  pageCursor,
  wishCreateInput,
  wishDetail,
  wishPage,
} from './schemas'

export const wishesActions = {
  'wish.create': action({
    input: wishCreateInput,
    output: wishDetail,
    access: 'resident',
    rateLimit: hour(20),
    userText: { scene: post, shown: 'public', fields: (i) => ({ what: i.what, why: i.why }) },
  }),
  'wish.createOnBehalf': action({
    input: wishCreateInput.extend(onBehalfFields),
    output: wishDetail,
    access: 'staff',
    rateLimit: hour(30),
    userText: {
      scene: post,
      shown: 'public',
      fields: (i) => ({ what: i.what, why: i.why, residentName: i.residentName, room: i.room }),
    },
  }),
  'wish.wall': action({ input: z.strictObject({ cursor: pageCursor }), output: wishPage, access: 'user' }),
  'wish.listMine': action({
    input: z.strictObject({
      /** posted: my wishes; claimed: the ones I (as a volunteer) hold or fulfilled. */
      role: z.enum(['posted', 'claimed'], { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: wishPage,
    access: 'user',
  }),
  'wish.inbox': action({
    input: z.strictObject({
      tab: z.enum(['reviewing', 'fulfilled', 'stale'], { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: wishPage,
    access: 'staff',
  }),
  'wish.get': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.review': action({
    input: z
      .strictObject({
        id,
        decision: z.enum(['publish', 'reject'], { error: '请选择通过或不通过' }),
        reason: z.string().trim().max(WISH_NOTE_MAX, `原因最多${WISH_NOTE_MAX}个字`).optional(),
      })
      .refine((v) => v.decision === 'publish' || (v.reason ?? '').length >= WISH_NOTE_MIN, {
        message: `请填写不通过的原因（至少${WISH_NOTE_MIN}个字）`,
        path: ['reason'],
      }),
    output: wishDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  'wish.claim': action({
    input: z.strictObject({
      id,
      promisedBy: z.string({ error: '请选择承诺完成的日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不正确'),
    }),
    output: wishDetail,
    access: 'user',
    rateLimit: hour(20),
  }),
  'wish.release': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.withdraw': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.fulfil': action({
    input: z.strictObject({
      id,
      note: z
        .string({ error: '请说说是怎么完成的' })
        .trim()
        .min(WISH_NOTE_MIN, `请说说是怎么完成的（至少${WISH_NOTE_MIN}个字）`)
        .max(WISH_NOTE_MAX, `最多写${WISH_NOTE_MAX}个字`),
      /** At least one: the resident and the grid member see what was done (domain.md, 台账). */
      photos: z
        .array(z.string().regex(/^cloud:\/\/\S{1,400}$/, '照片编号格式不正确'), {
          error: '请拍一张完成的照片',
        })
        .min(1, '请拍一张完成的照片')
        .max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`),
      /** 实际服务时长: what is credited once confirmed (instead of a fixed figure). */
      hours: z
        .number({ error: '请填写实际服务时长' })
        .refine(
          validWishHours,
          `服务时长请在${WISH_HOURS.min}到${WISH_HOURS.max}小时之间，按${WISH_HOURS.step}小时填写`,
        ),
    }),
    output: wishDetail,
    access: 'user',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ note: i.note }) },
  }),
  'wish.confirm': action({ input: idOnly, output: wishDetail, access: 'user' }),
}
