/**
 * One commit step for every table-driven lifecycle (requests, wishes — src/domain/lifecycles.ts):
 * the table allows the move from the status as read; the 台账 event and the outbox entries for
 * whoever must hear of it go into the same conditional update as the new status, so a move is
 * written whole or not at all, and two people racing for the same move cannot both win.
 */
import { auditEvent, type Actor, type AuditEvent } from './audit'
import {
  collection,
  replacing,
  type Changes,
  type CollectionName,
  type Collections,
  type Database,
} from './db'
import type { OutboxEntry, OutboxHolder } from './model'
import { outboxAppend } from './notify/outbox'

/** A document whose status moves by a table, with its 台账 and outbox. */
export type LifecycleDoc<A extends string, S extends string> = OutboxHolder & {
  status: S
  updatedAt: Date
  events: AuditEvent<'create' | A, S>[]
}

export interface Lifecycle<K extends CollectionName, A extends string, S extends string> {
  collection: K
  transitions: Record<A, { readonly from: readonly S[]; readonly to: S }>
  /** Fields besides `_id` and `status` that must still be as read (the grid, the holder). */
  asRead: (doc: Collections[K]) => Record<string, unknown>
  /** Who must hear of the step, given the document as it is after it; numbered from `seq`. */
  notices: (
    after: Collections[K],
    event: AuditEvent<A, S>,
    seq: number,
    before: Collections[K],
  ) => OutboxEntry[]
}

export interface Step<D, A extends string> {
  action: A
  actor: Actor
  changes: Changes<D>
  note: string | null
  at: Date
  /** Further conditions (the clock value a timer saw, the assignee). */
  guard?: Record<string, unknown>
}

/** Writes `step` if `doc` is still as read; false if the table refuses or someone moved it first. */
export async function commitStep<K extends CollectionName, A extends string, S extends string>(
  db: Database,
  life: Lifecycle<K, A, S>,
  doc: Collections[K] & LifecycleDoc<A, S>,
  step: Step<Collections[K], A>,
): Promise<boolean> {
  const rule = life.transitions[step.action]
  if (!rule.from.includes(doc.status)) return false
  const event = auditEvent(step.at, step.action, step.actor, doc.status, rule.to, step.note)
  const after = { ...applied(db, doc, step.changes), status: rule.to }
  const outbox = life.notices(after, event, doc.outboxSeq, doc)
  const res = await collection(db, life.collection)
    .where({
      _id: doc._id,
      status: doc.status,
      ...life.asRead(doc),
      // Two moves that append notices (two 催办 at once) must not number them alike.
      ...(outbox.length ? { outboxSeq: doc.outboxSeq } : {}),
      ...step.guard,
    })
    .update({
      ...replacing(db, step.changes),
      status: rule.to,
      updatedAt: step.at,
      events: db.command.push([event]),
      ...outboxAppend(db, outbox),
    })
  return res.updated === 1
}

/** The document with the plain values of `changes`; a command (_.push of photos) is left out. */
export function applied<D extends object>(db: Database, doc: D, changes: Changes<D>): D {
  const after = { ...doc }
  const commandType = db.command.inc(0).constructor
  for (const key of Object.keys(changes) as (keyof D)[]) {
    const v = changes[key]
    if (v === undefined || (v instanceof Object && v.constructor === commandType)) continue
    after[key] = v as D[keyof D]
  }
  return after
}

/**
 * A move of a lifecycle whose 台账 is kept elsewhere (invitations: roleEvents; sign-ups: the
 * session's counters): the stored statuses its table allows it from, as a condition, and the
 * status it writes — so the write cannot allow what the table does not. `stored` maps a status
 * people see to the one in the database (an expired invitation is stored as open).
 */
export function statusMove<A extends string, S extends string>(
  db: Database,
  transitions: Record<A, { readonly from: readonly S[]; readonly to: S }>,
  action: A,
  stored: (status: S) => string = (s) => s,
): { where: { status: unknown }; set: { status: string } } {
  const rule = transitions[action]
  const from = [...new Set(rule.from.map(stored))]
  return {
    where: { status: from.length === 1 ? from[0] : db.command.in(from) },
    set: { status: stored(rule.to) },
  }
}
