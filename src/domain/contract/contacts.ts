/**
 * 网格员公示 — "有话跟谁说、有事找谁办" (issue 16, part 1): each action once — input, output, who
 * may call, rate limit, user text.
 */
import * as z from 'zod'
import { WORK_PHONE_HINT, WORK_PHONE_PATTERN } from '../contact'
import { hour } from '../ratelimits'
import { action } from './schemas'

/** One person on the 公示 card: no photo, no private number. */
export const publicContact = z.object({
  role: z.enum(['gridMember', 'gridLeader', 'buildingLeader']),
  roleName: z.string(),
  name: z.string(),
  /** The number they chose to publish (myGrid.setWorkPhone); null: 暂未公示电话. */
  workPhone: z.string().nullable(),
  /** What they look after, in a line: 1号微网格 / 第一网格 / 1号楼. */
  serves: z.string(),
})

export const myGridView = z.object({
  buildingName: z.string(),
  gridName: z.string(),
  /** The micro-grid's members, then the leader above, then the building's 楼栋长. */
  people: z.array(publicContact),
})

export const contactsActions = {
  'myGrid.get': action({ input: z.strictObject({}), output: myGridView, access: 'resident' }),
  'myGrid.setWorkPhone': action({
    input: z.strictObject({
      /** null or empty: take it off the card. */
      workPhone: z
        .string({ error: '请填写工作电话' })
        .trim()
        .regex(WORK_PHONE_PATTERN, `请填写${WORK_PHONE_HINT}（如0916-1234567）`)
        .nullable(),
    }),
    output: z.object({ workPhone: z.string().nullable() }),
    access: 'worker',
    rateLimit: hour(20),
  }),
}
