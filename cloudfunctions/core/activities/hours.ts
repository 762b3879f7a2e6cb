/**
 * After a session: the close at the end (forgotten check-outs closed and flagged, absentees
 * counted as no-shows), the organiser's roster, and the organiser's confirmation, which puts
 * volunteer hours into the points/hours ledger.
 *
 * Every change is a conditional update on the sign-up's own state, so a double tap, two
 * organisers at once, or the scheduler racing the organiser change each place once.
 */
import {
  AUDIENCES,
  CHECKIN_OPENS_BEFORE_MS,
  SIGNUP_STATUSES,
  serviceHours,
} from '../../../src/domain/activity'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { POINT_RULES } from '../../../src/domain/points'
import { formatLocal } from '../../../src/domain/time'
import type { ActionContext, Caller } from '../context'
import { byIds, type Database } from '../db'
import { derivedId } from '../ids'
import type { SessionDoc } from '../model'
import { fanOutNow } from '../notify/fanout'
import { addPointsEntry } from '../points'
import { mustOrganise, mustRunOnTheDay, organises } from './access'
import { locksOf } from './signup'
import { HOLDING } from './attendance'
import { commitSession, SESSION_OUTBOX, sessionNotice } from './messages'
import { loadSession, sessions, signupMove, signups } from './store'
import { childView, sessionView, viewerOf } from './views'

type Roster = ActionOutput<'session.roster'>

/**
 * At the end of a session: forgotten check-outs are closed at the end and flagged; confirmed
 * places never checked in become no-shows (counted at the start); offers never taken lapse. The
 * organiser hears that the attendance waits for confirmation. Safe to run again; true when this
 * call closed it.
 */
export async function closeSession(db: Database, session: SessionDoc, at: Date): Promise<boolean> {
  const _ = db.command
  const end = new Date(session.endAt)
  const res = await signups(db)
    .where({ sessionId: session._id, status: _.in(HOLDING) })
    .limit(1000)
    .get()
  const [lapse, noShow, autoOut] = (['lapseOffer', 'markNoShow', 'autoCheckOut'] as const).map((a) =>
    signupMove(db, a),
  )
  for (const s of res.data) {
    if (s.status === 'offered') {
      await signups(db)
        .where({ _id: s._id, ...lapse.where })
        .update({ ...lapse.set, offeredUntil: null, updatedAt: at })
    } else if (!s.checkInAt) {
      await signups(db)
        .where({ _id: s._id, ...noShow.where, checkInAt: null })
        .update({ ...noShow.set, noShowAt: new Date(session.startAt), updatedAt: at })
    } else if (!s.checkOutAt) {
      await signups(db)
        .where({ _id: s._id, ...autoOut.where, checkOutAt: null })
        .update({ ...autoOut.set, checkOutAt: end, autoClosed: true, updatedAt: at })
    }
  }
  const flagged = await signups(db).where({ sessionId: session._id, autoClosed: true }).count()
  const note = flagged.total
    ? `${flagged.total}人未签退，已按结束时间签退，请核对`
    : '请核对签到签退并确认时长'
  const notice = sessionNotice(
    session,
    {
      to: [{ user: session.createdBy }],
      title: '活动已结束，请确认时长',
      body: `${session.title}（${formatLocal(session.startAt, 'M月D日 HH:mm')}）：${note}`,
      state: '待确认',
      time: at,
      note,
    },
    at,
  )
  // Closed once, and the organiser told in the same write.
  return commitSession(db, session, { closedAt: null }, { closedAt: at, flagged: flagged.total }, [notice])
}

// Last: places given back or absences excused (请假), shown with the reason.
const ORDER = ['confirmed', 'offered', 'waitlisted', 'noShow', 'cancelled']

export async function roster(db: Database, caller: Caller, session: SessionDoc, at: Date): Promise<Roster> {
  const _ = db.command
  const res = await signups(db)
    .where(
      _.and([
        { sessionId: session._id },
        _.or([{ status: _.in(ORDER.slice(0, -1)) }, { status: 'cancelled', excuse: _.exists(true) }]),
      ]),
    )
    .limit(1000)
    .get()
  const locks = await locksOf(
    db,
    res.data.map((s) => s.openid),
    at,
  )
  const list = res.data.sort(
    (a, b) =>
      a.role.localeCompare(b.role) ||
      ORDER.indexOf(a.status) - ORDER.indexOf(b.status) ||
      a.ticket - b.ticket,
  )
  const childIds = [...new Set(list.map((s) => s.childId).filter((x): x is string => !!x))]
  const kids = await byIds(db, 'children', childIds)
  const kid = new Map(kids.map((c) => [c._id, c]))
  return {
    session: await sessionView(db, session._id, await viewerOf(db, caller)),
    checkInOpensAt: new Date(new Date(session.startAt).getTime() - CHECKIN_OPENS_BEFORE_MS).toISOString(),
    ended: at >= new Date(session.endAt),
    started: at >= new Date(session.startAt),
    closed: !!session.closedAt,
    confirmed: !!session.confirmedAt,
    flagged: session.flagged ?? 0,
    entries: list.map((s) => {
      const role = session.roles[s.role]
      const status = s.status as keyof typeof SIGNUP_STATUSES
      const c = s.childId ? kid.get(s.childId) : undefined
      const earns =
        role?.audience === 'volunteer' && s.checkInAt && s.checkOutAt
          ? serviceHours(new Date(s.checkInAt), new Date(s.checkOutAt), session)
          : null
      return {
        id: s._id,
        role: s.role,
        roleName: role?.name ?? AUDIENCES.anyone,
        name: s.name,
        status,
        statusName: status === 'cancelled' ? '已请假' : SIGNUP_STATUSES[status],
        ticket: s.ticket,
        checkInAt: s.checkInAt ? new Date(s.checkInAt).toISOString() : null,
        checkOutAt: s.checkOutAt ? new Date(s.checkOutAt).toISOString() : null,
        autoClosed: !!s.autoClosed,
        collectedBy: s.collectedBy ? `${s.collectedBy.name}（${s.collectedBy.relation}）` : null,
        hours: s.hours ?? null,
        earns,
        // The organiser hands the child over: they see who may collect (phones masked; the whole
        // number through person.reveal, logged).
        child: c ? childView(c, false) : null,
        excuse: s.status === 'cancelled' ? (s.excuse?.reason ?? null) : null,
        lockedUntil: locks.get(s.openid)?.toISOString() ?? null,
      }
    }),
    coOrganiser: !organises(caller, session),
  }
}

export async function getRoster(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const session = await loadSession(deps.db, input.sessionId)
  mustRunOnTheDay(caller, session, '查看报名名单')
  return roster(deps.db, caller, session, deps.now())
}

/**
 * 确认时长: after the end, the organiser confirms the attendance; every volunteer place checked in
 * and out gets its hours (from check-in/out, or as the organiser set them for a flagged one) in the
 * ledger. Ledger ids derive from the place, and the session is marked last: a retry adds nothing.
 */
export async function confirmSession(
  input: { sessionId: string; hours?: Record<string, number> },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  let session = await loadSession(db, input.sessionId)
  mustOrganise(caller, session, '确认时长')
  // Called off: nobody served, nobody missed it.
  if (session.cancelled) throw new AppError('CONFLICT', '这场活动已取消，没有时长可确认')
  if (at < new Date(session.endAt)) throw new AppError('CONFLICT', '活动结束后才能确认时长')
  if (session.confirmedAt) {
    if (input.hours && Object.keys(input.hours).length)
      throw new AppError('CONFLICT', '这场活动的时长已确认，不能再修改')
    return roster(db, caller, session, at)
  }
  if (!session.closedAt) {
    await closeSession(db, session, at)
    session = await loadSession(db, session._id)
    // The organiser's 消息 shows it at once; the scheduler picks up whatever this misses.
    await fanOutNow(db, SESSION_OUTBOX, session, at)
  }
  const res = await signups(db).where({ sessionId: session._id, status: 'confirmed' }).limit(1000).get()
  const list = res.data
  for (const id of Object.keys(input.hours ?? {}))
    if (!list.some((s) => s._id === id && s.checkInAt))
      throw new AppError('INVALID_INPUT', '只能为签到过的人填写时长', { hours: '只能为签到过的人填写时长' })
  const rule = POINT_RULES.sessionService
  for (const s of list) {
    if (session.roles[s.role]?.audience !== 'volunteer' || !s.checkInAt || !s.checkOutAt) continue
    const hours = input.hours?.[s._id] ?? serviceHours(new Date(s.checkInAt), new Date(s.checkOutAt), session)
    if (hours <= 0) continue
    await addPointsEntry(db, {
      _id: derivedId('points', 'session', s._id),
      openid: s.openid,
      communityId: session.communityId,
      source: 'session',
      sourceId: s._id,
      gridId: null,
      points: Math.round(hours * rule.pointsPerHour),
      hours,
      reason: `${rule.reason}：${session.title}`,
      at: new Date(session.endAt),
    })
    await signups(db).where({ _id: s._id }).update({ hours, updatedAt: at })
  }
  await sessions(db).where({ _id: session._id, confirmedAt: null }).update({ confirmedAt: at })
  return roster(db, caller, await loadSession(db, session._id), at)
}
