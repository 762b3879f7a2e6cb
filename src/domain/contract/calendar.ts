/** 节假日调整: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import { action, calendarDate, calendarYear, calendarYearView } from './schemas'

export const calendarActions = {
  // 节假日调整 (actions/calendar.ts): the community admin.
  'calendar.year': action({
    input: z.strictObject({ year: calendarYear }),
    output: calendarYearView,
    access: 'staff',
  }),
  'calendar.adjust': action({
    input: z.strictObject({
      date: calendarDate,
      workday: z.boolean({ error: '请选择设为工作日还是休息日' }),
      note: z.string().trim().max(20, '说明最多20个字').default(''),
    }),
    output: calendarYearView,
    access: 'staff',
    rateLimit: hour(200),
    userText: { scene: profile, shown: 'public', fields: (i) => ({ note: i.note }) },
  }),
  'calendar.remove': action({
    input: z.strictObject({ date: calendarDate }),
    output: calendarYearView,
    access: 'staff',
    rateLimit: hour(200),
  }),
  'calendar.confirm': action({
    input: z.strictObject({ year: calendarYear, confirmed: z.boolean({ error: '请选择是否确认' }) }),
    output: calendarYearView,
    access: 'staff',
    rateLimit: hour(20),
  }),
}
