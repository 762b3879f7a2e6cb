/**
 * Sign-up against capacity with a FIFO waitlist. Every change to a session's seat counts is here.
 *
 * Seats are counted on the session document and moved only by conditional updates:
 * - a sign-up takes a seat only while one is free and nobody is waiting (so no one jumps the
 *   queue), otherwise joins the waitlist; either way its ticket (arrival number) comes from the
 *   same single-document update, so the waitlist is in arrival order; the place is written after,
 *   with its status and ticket in one write (signup.ts);
 * - a freed seat is handed to the first waiting person (straight away while more than 2 hours
 *   remain, otherwise as a 30-minute offer); only if nobody waits does the count go down.
 */
import { freedSeatFor, OFFER_MS } from '../../../src/domain/activity'
import { AppError } from '../../../src/domain/errors'
import type { Database } from '../db'
import type { SessionDoc, SignupDoc } from '../model'
import { loadSession, sessions, signupMove, signups } from './store'

/** Where a seat's update left a place: its status, its ticket (arrival number) and the session after. */
export interface Seat {
  status: 'confirmed' | 'waitlisted'
  ticket: number
  session: SessionDoc
}

/**
 * A seat in `role` if one is free and nobody waits, otherwise a ticket on its waitlist — one
 * conditional update of the session either way (two when the session as read looked free but the
 * seat went meanwhile). `session` is the session as the caller read it: when it already shows the
 * role full (or someone waiting), the seat is not tried at all and the place goes straight into
 * the queue. The place itself is written by the caller, after (signup.ts).
 */
export async function takeSeat(db: Database, session: SessionDoc, role: string): Promise<Seat> {
  const _ = db.command
  const seat = `roles.${role}`
  const r = session.roles[role]
  const mayBeFree = r.waiting <= 0 && r.taken < r.capacity
  if (mayBeFree) {
    const took = await sessions(db)
      .where({
        _id: session._id,
        // Not called off (取消本场 sets closedAt in its one write): the race with it is decided here.
        closedAt: null,
        [`${seat}.waiting`]: 0,
        [`${seat}.taken`]: _.lt(r.capacity),
      })
      .updateAndReturn({ [`${seat}.taken`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
    if (took.doc) return { status: 'confirmed', ticket: took.doc.roles[role].tickets, session: took.doc }
  }
  const queued = await sessions(db)
    .where({ _id: session._id, closedAt: null })
    .updateAndReturn({ [`${seat}.waiting`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
  // Called off (or closed) since it was read: nothing was counted.
  if (!queued.doc) throw new AppError('CONFLICT', '这场活动已取消，不能报名')
  return { status: 'waitlisted', ticket: queued.doc.roles[role].tickets, session: queued.doc }
}

/**
 * Seats free while people wait (a seat given back, a sign-up that queued just as one freed): each
 * is claimed on the session (a conditional increment, never past capacity) and handed to the
 * first person waiting — straight away while more than 2 hours remain, otherwise as an offer for
 * 30 minutes. Concurrent runs are safe: a person moves only from waitlisted, once; a claimed seat
 * nobody can take is given back. True when this run handed a seat to someone.
 */
export async function fillFreeSeats(
  db: Database,
  sessionId: string,
  role: string,
  at: Date,
): Promise<boolean> {
  const _ = db.command
  const seat = `roles.${role}`
  let handed = false
  for (;;) {
    const session = await loadSession(db, sessionId)
    const r = session.roles[role]
    // A session called off hands no seat to anyone.
    if (session.closedAt || r.waiting <= 0 || r.taken >= r.capacity) return handed
    const claimed = await sessions(db)
      .where({ _id: sessionId, closedAt: null, [`${seat}.taken`]: _.lt(r.capacity) })
      .update({ [`${seat}.taken`]: _.inc(1) })
    if (claimed.updated !== 1) continue
    const to = freedSeatFor(new Date(session.startAt).getTime() - at.getTime())
    let placed = false
    for (;;) {
      const res = await signups(db)
        .where({ sessionId, role, status: 'waitlisted' })
        .orderBy('ticket', 'asc')
        .limit(1)
        .get()
      const next = res.data?.[0]
      if (!next) break
      const move = signupMove(db, to === 'confirmed' ? 'promote' : 'offer')
      const moved = await signups(db)
        .where({ _id: next._id, ...move.where })
        .update({
          ...move.set,
          offeredUntil: to === 'offered' ? new Date(at.getTime() + OFFER_MS) : null,
          updatedAt: at,
        })
      if (moved.updated === 1) {
        await sessions(db)
          .where({ _id: sessionId })
          .update({ [`${seat}.waiting`]: _.inc(-1) })
        placed = true
        handed = true
        break
      }
      // Cancelled or promoted by someone else meanwhile: the next one.
    }
    if (!placed) {
      await sessions(db)
        .where({ _id: sessionId, [`${seat}.taken`]: _.gt(0) })
        .update({ [`${seat}.taken`]: _.inc(-1) })
      return handed
    }
  }
}

/** A held seat given back (cancelled, offer expired): one fewer taken, then to whoever waits. */
export async function releaseSeat(db: Database, sessionId: string, role: string, at: Date): Promise<void> {
  const _ = db.command
  const seat = `roles.${role}`
  await sessions(db)
    .where({ _id: sessionId, [`${seat}.taken`]: _.gt(0) })
    .update({ [`${seat}.taken`]: _.inc(-1) })
  await fillFreeSeats(db, sessionId, role, at)
}

/**
 * A place just cancelled (`was` is the sign-up as it stood before), or a seat or ticket taken for a
 * place that could not be written (a double tap's other half won): off the waitlist, or its seat
 * (held or offered) released to whoever waits.
 */
export async function vacate(
  db: Database,
  sessionId: string,
  was: Pick<SignupDoc, 'role' | 'status'>,
  at: Date,
): Promise<void> {
  const _ = db.command
  const seat = `roles.${was.role}`
  if (was.status === 'waitlisted') {
    await sessions(db)
      .where({ _id: sessionId, [`${seat}.waiting`]: _.gt(0) })
      .update({ [`${seat}.waiting`]: _.inc(-1) })
  } else {
    await releaseSeat(db, sessionId, was.role, at)
  }
}
