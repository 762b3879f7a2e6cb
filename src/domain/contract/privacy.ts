/** Privacy: consent, my data, reveals: each action once — input, output, who may call, rate limit, user text. */
import { DELETE_CONFIRMATION } from '../privacy'
import * as z from 'zod'
import { action, isoTime, myDataExport, revealInput } from './schemas'

export const privacyActions = {
  'me.consent': action({
    input: z.strictObject({
      version: z.string({ error: '缺少隐私政策版本' }).regex(/^\d{4}-\d{2}-\d{2}$/, '隐私政策版本不正确'),
    }),
    output: z.object({ version: z.string(), at: isoTime }),
    access: 'user',
  }),
  'me.export': action({ input: z.strictObject({}), output: myDataExport, access: 'user' }),
  'me.delete': action({
    input: z.strictObject({
      confirm: z.literal(DELETE_CONFIRMATION, { error: `请输入“${DELETE_CONFIRMATION}”两个字确认` }),
    }),
    output: z.object({ deleted: z.boolean() }),
    access: 'user',
  }),
  'person.reveal': action({
    input: revealInput,
    /** The whole number, for calling; every reveal is written to the access log. */
    output: z.object({ name: z.string(), phone: z.string() }),
    access: 'user',
  }),
}
