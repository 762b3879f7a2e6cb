/**
 * The one write of a request transition (lifecycle.ts): table check, 台账 event and outbox entry
 * in the same conditional update; here also the request's own extras — where a clock ran out, and
 * the resident's open-request counter kept in step.
 */
import { holdsResidentSlot } from '../../../src/domain/patrol'
import {
  OPEN_STATUSES,
  REQUEST_TRANSITIONS,
  type RequestAction,
  type RequestStatus,
} from '../../../src/domain/request'
import type { Actor } from '../audit'
import { collection, type Changes, type Database } from '../db'
import { commitStep, type Lifecycle } from '../lifecycle'
import type { RequestDoc } from '../model'
import { outboxEntries } from '../notify/outbox'
import { releaseOpenSlot } from './store'

/** Moves made because a grid let a clock run out (not accepted in time; still open after 催办). */
export const SLIPS: RequestAction[] = ['acceptTimeout', 'overdueEscalate']

export const REQUEST_LIFECYCLE: Lifecycle<'requests', RequestAction, RequestStatus> = {
  collection: 'requests',
  transitions: REQUEST_TRANSITIONS,
  // Exactly as the caller saw it: the same grid and holder. A move allowed from two statuses
  // (上报 from waiting or in progress) must not overwrite a 接单 that landed first.
  asRead: (doc) => ({ gridId: doc.gridId, assigneeOpenid: doc.assigneeOpenid }),
  notices: (after, event, seq) => outboxEntries(after, event, seq),
}

/**
 * Writes one transition if the request is still as `doc` saw it: same status, grid and holder,
 * plus `guard` (the assignee, the clock value…). False if someone else changed it first.
 */
export async function commitTransition(
  db: Database,
  doc: RequestDoc,
  action: RequestAction,
  actor: Actor,
  changes: Changes<RequestDoc>,
  note: string | null,
  at: Date,
  guard: Record<string, unknown> = {},
): Promise<boolean> {
  // A clock that ran out here is remembered with the request, for the grids it slipped from
  // (and those above them): their 超时 view finds it wherever it went.
  if (SLIPS.includes(action))
    changes = { ...changes, slippedFrom: [...new Set([...(doc.slippedFrom ?? []), ...doc.gridPath])] }
  const moved = await commitStep(db, REQUEST_LIFECYCLE, doc, { action, actor, changes, note, at, guard })
  if (!moved) return false
  const to = REQUEST_TRANSITIONS[action].to
  const wasOpen = OPEN_STATUSES.includes(doc.status)
  const isOpen = OPEN_STATUSES.includes(to)
  // 巡查发现 and 开放接口 are nobody's: no resident's counter moves with them.
  if (!holdsResidentSlot(doc.source)) return true
  if (wasOpen && !isOpen) await releaseOpenSlot(db, doc.residentOpenid)
  // A reopened request is work again; it counts even past the limit (the resident has a right to it).
  if (!wasOpen && isOpen) {
    await collection(db, 'users')
      .doc(doc.residentOpenid)
      .update({ openCount: db.command.inc(1) })
  }
  return true
}
