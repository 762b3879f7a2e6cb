/**
 * Sign-up against capacity with a FIFO waitlist. Every change to a session's seat counts is here.
 *
 * Seats are counted on the session document and moved only by conditional updates:
 * - a sign-up takes a seat only while one is free and nobody is waiting (so no one jumps the
 *   queue), otherwise joins the waitlist; either way its ticket (arrival number) comes from the
 *   same single-document update, so the waitlist is in arrival order;
 * - a freed seat is handed to the first waiting person (straight away while more than 2 hours
 *   remain, otherwise as a 30-minute offer); only if nobody waits does the count go down.
 */
import { freedSeatFor, OFFER_MS } from '../../../src/domain/activity'
import { AppError } from '../../../src/domain/errors'
import type { Database } from '../db'
import type { SessionDoc, SignupDoc } from '../model'
import { loadSession, sessions, signupMove, signups } from './store'

/**
 * A pending place (`placeId`) gets a seat in `role`, or a ticket on its waitlist. Returns the
 * session as the seat's update left it when a seat was taken; null when the place waits.
 */
export async function takeSeat(
  db: Database,
  session: SessionDoc,
  role: string,
  placeId: string,
  at: Date,
): Promise<SessionDoc | null> {
  const _ = db.command
  const seat = `roles.${role}`
  const took = await sessions(db)
    .where({
      _id: session._id,
      // Not called off (取消本场 sets closedAt in its one write): the race with it is decided here.
      closedAt: null,
      [`${seat}.waiting`]: 0,
      [`${seat}.taken`]: _.lt(session.roles[role].capacity),
    })
    .updateAndReturn({ [`${seat}.taken`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
  let status: SignupDoc['status'] = 'confirmed'
  let after = took.doc
  if (!after) {
    const queued = await sessions(db)
      .where({ _id: session._id, closedAt: null })
      .updateAndReturn({ [`${seat}.waiting`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
    after = queued.doc
    status = 'waitlisted'
  }
  if (!after) {
    // Called off (or closed) since it was read: the place is given up, nothing was counted.
    await signups(db)
      .where({ _id: placeId, status: 'pending' })
      .update({ status: 'cancelled', updatedAt: at })
    throw new AppError('CONFLICT', '这场活动已取消，不能报名')
  }
  const ticket = after.roles[role].tickets
  await signups(db).where({ _id: placeId, status: 'pending' }).update({ status, ticket, updatedAt: at })
  if (status === 'confirmed') return after
  // A seat may have freed between the two tries: it goes to the first in line, maybe us.
  await fillFreeSeats(db, session._id, role, at)
  return null
}

/**
 * Seats free while people wait (a seat given back, a sign-up that queued just as one freed): each
 * is claimed on the session (a conditional increment, never past capacity) and handed to the
 * first person waiting — straight away while more than 2 hours remain, otherwise as an offer for
 * 30 minutes. Concurrent runs are safe: a person moves only from waitlisted, once; a claimed seat
 * nobody can take is given back.
 */
export async function fillFreeSeats(db: Database, sessionId: string, role: string, at: Date): Promise<void> {
  const _ = db.command
  const seat = `roles.${role}`
  for (;;) {
    const session = await loadSession(db, sessionId)
    const r = session.roles[role]
    // A session called off hands no seat to anyone.
    if (session.closedAt || r.waiting <= 0 || r.taken >= r.capacity) return
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
        break
      }
      // Cancelled or promoted by someone else meanwhile: the next one.
    }
    if (!placed) {
      await sessions(db)
        .where({ _id: sessionId, [`${seat}.taken`]: _.gt(0) })
        .update({ [`${seat}.taken`]: _.inc(-1) })
      return
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
 * A place just cancelled (`was` is the sign-up as it stood before): off the waitlist, or its seat
 * (held or offered) released to whoever waits.
 */
export async function vacate(db: Database, sessionId: string, was: SignupDoc, at: Date): Promise<void> {
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
