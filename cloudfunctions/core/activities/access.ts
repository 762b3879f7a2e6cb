/** Who publishes activities and who organises a session (rosters, codes, check-in for others, hours). */
import { leadership, mayOrganise } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import type { Caller } from '../context'
import type { SessionDoc } from '../model'

/**
 * The organiser of a session: an admin of its community, or who created the activity while they
 * still hold a publishing role there (a revoked 网格长 no longer sees rosters or codes).
 */
export function organises(caller: Caller, session: SessionDoc): boolean {
  return mayOrganise(caller.memberships, caller.openid, session)
}

export function mustOrganise(caller: Caller, session: SessionDoc, what: string): void {
  if (!organises(caller, session)) throw new AppError('FORBIDDEN', `只有活动组织者可以${what}`)
}

/** Who publishes an activity, and for which community: the caller's first leading membership. */
export function organiserOf(caller: Caller) {
  const m = leadership(caller.memberships)[0]
  if (!m) throw new AppError('FORBIDDEN', '只有社区管理员和网格长可以发布活动')
  return m
}
