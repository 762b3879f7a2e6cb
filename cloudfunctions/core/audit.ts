import type { Caller } from './context'
/** One 台账 entry: who moved what from which status to which, when, and why. */
export interface AuditEvent<T extends string, S extends string> {
  at: Date
  type: T
  actorOpenid: string
  actorName: string
  from: S | null
  to: S
  note: string | null
}

export function auditEvent<T extends string, S extends string>(
  at: Date,
  type: T,
  actor: { openid: string; name: string },
  from: S | null,
  to: S,
  note: string | null,
): AuditEvent<T, S> {
  return { at, type, actorOpenid: actor.openid, actorName: actor.name, from, to, note }
}

/** Who took a step, as the 台账 names them. */
export interface Actor {
  openid: string
  name: string
}

export const SYSTEM_ACTOR: Actor = { openid: 'system', name: '系统' }

/** The caller's name as the 台账 shows it. */
export function actorName(caller: Caller, unnamed = '微信用户'): string {
  return caller.user?.name ?? unnamed
}

/** The caller as an actor; `unnamed` for one without a name yet (the roles' 台账 says 管理员). */
export function actorOf(caller: Caller, unnamed?: string): Actor {
  return { openid: caller.openid, name: actorName(caller, unnamed) }
}
