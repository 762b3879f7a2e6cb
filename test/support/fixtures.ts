/**
 * What many server tests make the same way: an activity to sign up for, and its sessions as the
 * database holds them. A test names only what its story needs; the rest is a plain 大讲堂.
 */
import { collection } from '../../cloudfunctions/core/db'
import type { SessionDoc } from '../../cloudfunctions/core/model'
import type { ActionInput } from '../../src/domain/contract'
import type { TestEnv } from './env'

type ActivityInput = ActionInput<'activity.create'>

/** activity.create's input: one 大讲堂 evening at the community centre unless `over` says otherwise. */
export function activityInput(requestId: string, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    requestId,
    kind: 'lecture',
    title: '社区大讲堂',
    description: '',
    place: '社区党群服务中心',
    organiser: '幸福里社区',
    schedule: { from: '2026-12-03', time: '19:00', durationMinutes: 60 },
    roles: [{ key: 'attendee', name: '听众', capacity: 30, audience: 'anyone' }],
    ...over,
  }
}

/** An activity's sessions, earliest first. */
export async function sessionsOf(env: TestEnv, activityId: string): Promise<SessionDoc[]> {
  return (
    await collection(env.db, 'sessions').where({ activityId }).orderBy('startAt', 'asc').limit(100).get()
  ).data
}
