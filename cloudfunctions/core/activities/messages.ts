/**
 * A session's notices (the reminders, the close, a missed visit): entries of the session's own
 * outbox, appended with the mark that says the job was done (commitOnce), and turned into messages
 * by the fan-out like a request's or a wish's.
 *
 * The session, not the sign-up, holds them: each notice follows a change to the session (its
 * `reminded`, `closedAt`, `visitsCheckedAt`), a reminder goes to everyone holding a seat in one
 * write instead of one per place, and the messages stay about the session (target 'session', its
 * id), as they were.
 */
import { SYSTEM_ACTOR } from '../audit'
import { type Database } from '../db'
import type { Audience, OutboxEntry, SessionDoc } from '../model'
import { fanOutNow, type OutboxSource } from '../notify/fanout'
import { commitOnce } from '../notify/outbox'
import { loadSession } from './store'

/** A session's short number for people: 活动 + the first 6 of its id. */
export function sessionNo(s: Pick<SessionDoc, '_id'>): string {
  return `HD-${s._id.slice(0, 6).toUpperCase()}`
}

/** How a session's notices read in 消息: its number, and the line the notice was written with. */
export const SESSION_OUTBOX: OutboxSource<SessionDoc> = {
  collection: 'sessions',
  target: 'session',
  subject: (doc) => sessionNo(doc),
  body: (doc, entry) => entry.body ?? doc.title,
}

/**
 * A notice about a session (written by the scheduler, so nobody is left out as its author). What
 * the WeChat reminder shows defaults to the session's title and place.
 */
export function sessionNotice(
  s: SessionDoc,
  m: {
    to: Audience[]
    title: string
    body: string
    state: string
    time: Date
    note: string
    what?: string
    where?: string
  },
  at: Date,
): Omit<OutboxEntry, 'seq'> {
  return {
    at,
    kind: 'progress',
    to: m.to,
    exceptOpenid: SYSTEM_ACTOR.openid,
    title: m.title,
    body: m.body,
    fields: {
      no: sessionNo(s),
      what: m.what ?? s.title,
      where: m.where ?? s.place,
      state: m.state,
      time: m.time.toISOString(),
      note: m.note,
    },
  }
}

/** `changes` to the session and its notices, once: only while `marker` holds (see commitOnce). */
export function commitSession(
  db: Database,
  s: SessionDoc,
  marker: Record<string, unknown>,
  changes: Record<string, unknown>,
  notices: Omit<OutboxEntry, 'seq'>[],
): Promise<boolean> {
  return commitOnce(db, 'sessions', s, marker, changes, notices)
}

/**
 * Notices alone (no change, no marker) in the session's outbox, delivered at once: a person told
 * of a step taken elsewhere (请假, 协助组织者, 取消活动's one notice).
 */
export async function postSessionNotices(
  db: Database,
  s: SessionDoc,
  notices: Omit<OutboxEntry, 'seq'>[],
  at: Date,
): Promise<void> {
  if (await commitSession(db, s, {}, {}, notices))
    await fanOutNow(db, SESSION_OUTBOX, await loadSession(db, s._id), at)
}
