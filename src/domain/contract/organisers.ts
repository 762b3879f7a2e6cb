/**
 * 协助组织者 (issue 18, part 2): the organiser of an activity (the admin, or the 网格长 who published
 * it) adds a registered volunteer or staff member of the community, who then does the on-the-day
 * work of every session (roster, check-in, handing a child over, 请假) — each action once.
 */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { action, id, isoTime } from './schemas'

const person = z.object({ openid: z.string(), name: z.string(), roleName: z.string() })

export const organisersView = z.object({
  activityId: z.string(),
  title: z.string(),
  /** The co-organisers now, in the order they were added. */
  organisers: z.array(person),
  /** Who may be added: the community's volunteers and staff who do not organise it already. */
  candidates: z.array(person),
  /** The 台账 of these changes, newest first. */
  events: z.array(z.object({ at: isoTime, actorName: z.string(), note: z.string() })),
})

export type OrganisersView = z.output<typeof organisersView>

const change = z.strictObject({
  activityId: id,
  /** Whom (an openid from `candidates` or `organisers`). */
  openid: id,
})

export const organisersActions = {
  'activity.organisers': action({
    input: z.strictObject({ activityId: id }),
    output: organisersView,
    // Organisers are staff (activity.create is 'staff'); the use case checks it is theirs (mustOrganise).
    access: 'staff',
  }),
  /** Adding someone already there changes nothing (and tells nobody twice). */
  'activity.addOrganiser': action({
    input: change,
    output: organisersView,
    access: 'staff',
    // Each addition sends a notice: bounded like the other actions that message someone.
    rateLimit: hour(30),
  }),
  'activity.removeOrganiser': action({ input: change, output: organisersView, access: 'staff' }),
}
