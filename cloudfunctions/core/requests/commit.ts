/**
 * The one write of a request transition: table check, 台账 event and outbox entry in the same
 * conditional update, and the open-request counter kept in step.
 */
import { OPEN_STATUSES, REQUEST_TRANSITIONS, type RequestAction } from '../../../src/domain/request'
import { outboxAppend, outboxEntries } from '../notify/outbox'
import { auditEvent } from '../audit'
import { COLLECTIONS, type Database } from '../db'
import type { RequestDoc, RequestEventDoc } from '../model'
import { releaseOpenSlot, requests } from './store'
import { Actor } from '../audit'

/**
 * Writes one transition if the request is still as `doc` saw it: same status family, same grid,
 * plus `guard` (the assignee, the clock value…). False if someone else changed it first. Keeps
 * the resident's open-request counter in step.
 */
/** Moves made because a grid let a clock run out (not accepted in time; still open after 催办). */
export const SLIPS: RequestAction[] = ['acceptTimeout', 'overdueEscalate']

export async function commitTransition(
  db: Database,
  doc: RequestDoc,
  action: RequestAction,
  actor: Actor,
  changes: Partial<RequestDoc>,
  note: string | null,
  at: Date,
  guard: Record<string, unknown> = {},
): Promise<boolean> {
  const rule = REQUEST_TRANSITIONS[action]
  if (!(rule.from as readonly string[]).includes(doc.status)) return false
  // A clock that ran out here is remembered with the request, for the grids it slipped from
  // (and those above them): their 超时 view finds it wherever it went.
  if (SLIPS.includes(action))
    changes = { ...changes, slippedFrom: [...new Set([...(doc.slippedFrom ?? []), ...doc.gridPath])] }
  const event: RequestEventDoc = auditEvent(at, action, actor, doc.status, rule.to, note)
  const _ = db.command
  // Who must hear of it goes into the outbox in this same write.
  const outbox = outboxEntries({ ...doc, ...changes, status: rule.to }, event, doc.outboxSeq)
  const res = await requests(db)
    // Exactly as the caller saw it: the same status, grid and holder. A move allowed from two
    // statuses (上报 from waiting or in progress) must not overwrite a 接单 that landed first.
    // Two moves that append notices (two 催办 at once) must not number them alike.
    .where({
      _id: doc._id,
      status: doc.status,
      gridId: doc.gridId,
      assigneeOpenid: doc.assigneeOpenid,
      ...(outbox.length ? { outboxSeq: doc.outboxSeq } : {}),
      ...guard,
    })
    .update({
      ...changes,
      status: rule.to,
      updatedAt: at,
      events: _.push([event]),
      ...outboxAppend(db, outbox),
    })
  if (res.updated !== 1) return false
  const wasOpen = OPEN_STATUSES.includes(doc.status)
  const isOpen = OPEN_STATUSES.includes(rule.to)
  if (wasOpen && !isOpen) await releaseOpenSlot(db, doc.residentOpenid)
  // A reopened request is work again; it counts even past the limit (the resident has a right to it).
  if (!wasOpen && isOpen) {
    await db
      .collection(COLLECTIONS.users)
      .doc(doc.residentOpenid)
      .update({ openCount: _.inc(1) })
  }
  return true
}
