/** 网格绩效 — the board: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { action, fileLink, metricsMonth, monthSchema, rateValue } from './schemas'

export const metricsActions = {
  'metrics.month': action({
    input: z.strictObject({ month: monthSchema }),
    output: metricsMonth,
    access: 'staff',
  }),
  'metrics.trend': action({
    input: z.strictObject({ month: monthSchema }),
    output: z.object({
      gridName: z.string(),
      months: z.array(
        z.object({
          month: z.string(),
          responseRate: rateValue,
          resolutionRate: rateValue,
          satisfactionRate: rateValue,
          onTimeRate: rateValue,
        }),
      ),
    }),
    access: 'staff',
  }),
  'metrics.exportLedger': action({
    input: z.strictObject({ month: monthSchema }),
    /** `url` downloads the .xlsx for 10 minutes. */
    output: fileLink.extend({ requests: z.number(), events: z.number() }),
    access: 'staff',
  }),
}
