/**
 * 请假 (issue 18, part 2): what the organiser does for someone who phones in — sick on the day,
 * too late to cancel themselves (the cut-off is 3 hours before) — and for an absence they know
 * the reason for. Giving a place back frees the seat for whoever waits (straight to the first
 * more than 2 hours before the start, otherwise offered for 30 minutes: seats.ts); an excused
 * absence is no longer a no-show and counts towards no lock. The person is told, with the reason.
 */
import { SIGNUP_STATUSES } from '../../../src/domain/activity'
import { SIGNUP_TRANSITIONS, type SignupAction } from '../../../src/domain/signup'
import { AppError } from '../../../src/domain/errors'
import type { ActionContext } from '../context'
import { collection, type Database } from '../db'
import type { SessionDoc } from '../model'
import { blockedUntil } from './signup'
import { mustOrganise, mustRunOnTheDay } from './access'
import { signupIn } from './attendance'
import { roster } from './hours'
import { postSessionNotices, sessionNotice } from './messages'
import { vacate } from './seats'
import { loadSession, signupMove, signups } from './store'

async function organiserMove(
  input: { sessionId: string; signupId: string; reason: string },
  { deps, caller }: ActionContext,
  action: Extract<SignupAction, 'release' | 'excuse'>,
) {
  const { db, now } = deps
  const at = now()
  const session = await loadSession(db, input.sessionId)
  mustRunOnTheDay(caller, session, action === 'release' ? '代为取消报名' : '把缺席改为请假')
  const s = await signupIn(db, session, input.signupId)
  const from: readonly string[] = SIGNUP_TRANSITIONS[action].from
  if (!from.includes(s.status))
    throw new AppError(
      'CONFLICT',
      action === 'release'
        ? `${s.name}目前是“${SIGNUP_STATUSES[s.status as 'cancelled']}”，无需代为取消`
        : `${s.name}没有记为缺席，无需改为请假`,
    )
  if (action === 'release' && at >= new Date(session.startAt))
    throw new AppError('CONFLICT', '活动已经开始，未到的人结束后记为缺席，可再改为请假')
  const move = signupMove(db, action)
  const res = await signups(db)
    .where({ _id: s._id, status: s.status })
    .update({ ...move.set, offeredUntil: null, excuse: { reason: input.reason, at }, updatedAt: at })
  if (res.updated !== 1) throw new AppError('CONFLICT', '报名状态已变化，请刷新后再试')
  // A place held (or waiting) is given back to whoever waits; an absence held nothing any more.
  if (action === 'release') await vacate(db, session._id, s, at)
  if (action === 'release')
    await tell(db, session, s.openid, '组织者已为您取消报名', '已取消', input.reason, at)
  else await tell(db, session, s.openid, '您的缺席已改为请假', '已请假', input.reason, at)
  return roster(db, caller, await loadSession(db, session._id), at)
}

/** The person whose place it is hears what the organiser did, with the reason (the session's outbox). */
export async function tell(
  db: Database,
  session: SessionDoc,
  openid: string,
  title: string,
  state: string,
  reason: string,
  at: Date,
): Promise<void> {
  const notice = sessionNotice(
    session,
    {
      to: [{ user: openid }],
      title,
      body: `${session.title}：${reason}`,
      state,
      time: new Date(session.startAt),
      note: reason,
    },
    at,
  )
  await postSessionNotices(db, session, [notice], at)
}

/**
 * 解除暂停: two no-shows in 30 days lock new sign-ups for 14 days; the organiser who knows why (the
 * person was in hospital) lifts the lock, with the reason — the no-shows up to now stop counting.
 */
export async function liftLock(
  input: { sessionId: string; signupId: string; reason: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const session = await loadSession(db, input.sessionId)
  mustOrganise(caller, session, '解除报名暂停')
  const s = await signupIn(db, session, input.signupId)
  if (!(await blockedUntil(db, s.openid, at)))
    throw new AppError('CONFLICT', `${s.name}没有因缺席被暂停报名，无需解除`)
  await collection(db, 'users')
    .doc(s.openid)
    .update({ noShowLockLiftedAt: at, noShowLockLift: { reason: input.reason, by: caller.openid, at } })
  await tell(db, session, s.openid, '已恢复您的报名资格', '可报名', input.reason, at)
  return roster(db, caller, await loadSession(db, session._id), at)
}

export function releaseSignup(
  input: { sessionId: string; signupId: string; reason: string },
  ctx: ActionContext,
) {
  return organiserMove(input, ctx, 'release')
}

export function excuseAbsence(
  input: { sessionId: string; signupId: string; reason: string },
  ctx: ActionContext,
) {
  return organiserMove(input, ctx, 'excuse')
}
