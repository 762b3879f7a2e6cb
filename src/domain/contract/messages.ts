/** 消息 and WeChat reminders: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { action, id, messageView, notifySettings, pageCursor } from './schemas'

export const messagesActions = {
  'message.list': action({
    input: z.strictObject({ cursor: pageCursor }),
    output: z.object({ items: z.array(messageView), nextCursor: z.string().nullable(), unread: z.number() }),
    access: 'user',
  }),
  'message.read': action({
    input: z.strictObject({
      /** Omitted: all of mine. */
      ids: z.array(id).min(1, '请选择消息').max(100, '一次最多100条').optional(),
    }),
    output: z.object({ unread: z.number() }),
    access: 'user',
  }),
  'notify.settings': action({ input: z.strictObject({}), output: notifySettings, access: 'user' }),
  'notify.subscribed': action({
    input: z.strictObject({
      /** What wx.requestSubscribeMessage answered: template id → accept / reject / ban / filter. */
      results: z
        .record(
          z.string().min(1).max(64, '模板编号格式不正确'),
          z.enum(['accept', 'reject', 'ban', 'filter'], { error: '订阅结果不正确' }),
        )
        .refine((r) => Object.keys(r).length <= 5, '一次最多订阅5个模板'),
    }),
    output: notifySettings,
    access: 'user',
  }),
}
