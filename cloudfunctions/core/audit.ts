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
