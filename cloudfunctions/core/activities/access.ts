/** Who publishes activities, who organises a session (codes, hours, co-organisers) and who runs its day (rosters, check-in for others). */
import { leadership, mayOrganise, mayRunOnTheDay } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import type { Caller } from '../context'
import type { ActivityDoc, SessionDoc } from '../model'

/** A session, or its activity (co-organisers are added to the activity). */
type Organised = Pick<SessionDoc | ActivityDoc, 'communityId' | 'createdBy'>

/**
 * The organiser of a session: an admin of its community, or who created the activity while they
 * still hold a publishing role there (a revoked 网格长 no longer sees rosters or codes).
 */
export function organises(caller: Caller, session: Organised): boolean {
  return mayOrganise(caller.memberships, caller.openid, session)
}

export function mustOrganise(caller: Caller, session: Organised, what: string): void {
  if (!organises(caller, session)) throw new AppError('FORBIDDEN', `只有活动组织者可以${what}`)
}

/**
 * Who does the on-the-day work of a session — the roster, check-in and check-out from the list,
 * handing a child over, 请假: its organisers and the activity's co-organisers (协助组织者).
 */
export function runsOnTheDay(caller: Caller, session: SessionDoc): boolean {
  return mayRunOnTheDay(caller.memberships, caller.openid, session)
}

export function mustRunOnTheDay(caller: Caller, session: SessionDoc, what: string): void {
  if (!runsOnTheDay(caller, session)) throw new AppError('FORBIDDEN', `只有活动组织者或协助组织者可以${what}`)
}

/** Who publishes an activity, and for which community: the caller's first leading membership. */
export function organiserOf(caller: Caller) {
  const m = leadership(caller.memberships)[0]
  if (!m) throw new AppError('FORBIDDEN', '只有社区管理员和网格长可以发布活动')
  return m
}
