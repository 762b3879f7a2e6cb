/**
 * 活动: activities with sessions and roles; sign-up against capacity with a FIFO waitlist.
 *
 * Seats are counted on the session document and moved only by conditional updates:
 * - a sign-up takes a seat only while one is free and nobody is waiting (so no one jumps the
 *   queue), otherwise joins the waitlist; either way its ticket (arrival number) comes from the
 *   same single-document update, so the waitlist is in arrival order;
 * - a freed seat is handed to the first waiting person (straight away while more than 2 hours
 *   remain, otherwise as a 30-minute offer); only if nobody waits does the count go down.
 */
import {
  ACTIVITY_KINDS,
  CANCEL_CUTOFF_MS,
  freedSeatFor,
  MAX_SESSIONS_PER_ACTIVITY,
  OFFER_MS,
  SIGNUP_STATUSES,
  type ActivityKind,
} from '../../../src/domain/activity'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { sessionTimes, type Schedule } from '../../../src/domain/sessions'
import { formatLocal, HOUR_MS, local } from '../../../src/domain/time'
import { getBuilding } from '../community'
import type { ActionContext, Caller } from '../context'
import { COLLECTIONS, type Database } from '../db'
import { derivedId } from '../ids'
import type { ActivityDoc, MessageDoc, RoleSeats, SessionDoc, SignupDoc } from '../model'
import { insertMissing, unsent } from '../notify/fanout'

type SessionView = ActionOutput<'session.signUp'>

const sessions = (db: Database) => db.collection(COLLECTIONS.sessions)
const signups = (db: Database) => db.collection(COLLECTIONS.signups)

function organiserOf(caller: Caller) {
  const m = caller.memberships.find((x) => x.role === 'communityAdmin' || x.role === 'gridLeader')
  if (!m) throw new AppError('FORBIDDEN', '只有社区管理员和网格长可以发布活动')
  return m
}

export async function createActivity(
  input: {
    requestId: string
    kind: ActivityKind
    title: string
    description: string
    place: string
    organiser: string
    schedule: Schedule
    roles: { key: string; name: string; capacity: number; audience: 'volunteer' | 'anyone' }[]
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const m = organiserOf(caller)
  const id = derivedId('activity', caller.openid, input.requestId)
  const existing = await db.collection(COLLECTIONS.activities).doc(id).get()
  if (existing.data?.length) return { id, sessions: (existing.data[0] as ActivityDoc).sessionCount }
  const at = now()
  const times = sessionTimes(input.schedule).filter((t) => t.startAt > at)
  if (times.length === 0)
    throw new AppError('INVALID_INPUT', '所选日期内没有可安排的场次（已过去或都是节假日）')
  if (times.length > MAX_SESSIONS_PER_ACTIVITY)
    throw new AppError('INVALID_INPUT', `一次最多安排${MAX_SESSIONS_PER_ACTIVITY}场，请缩短日期范围`)
  const roles: Record<string, RoleSeats> = Object.fromEntries(
    input.roles.map((r) => [
      r.key,
      { name: r.name, audience: r.audience, capacity: r.capacity, taken: 0, waiting: 0, tickets: 0 },
    ]),
  )
  const docs: SessionDoc[] = times.map((t, i) => ({
    _id: derivedId(id, String(i)),
    activityId: id,
    communityId: m.communityId,
    kind: input.kind,
    title: input.title,
    place: input.place,
    startAt: t.startAt,
    endAt: t.endAt,
    roles,
    reminded: { day: false, hour: false },
  }))
  // Sessions first, the activity last: a retry after a crash finds no activity and writes again
  // (the sessions' ids are derived, so nothing is doubled).
  for (let i = 0; i < docs.length; i += 100) {
    const batch = docs.slice(i, i + 100)
    try {
      await sessions(db).add(batch)
    } catch {
      // Some were written by an earlier try: add the rest one by one.
      for (const d of batch)
        await sessions(db)
          .add(d)
          .catch(() => undefined)
    }
  }
  const activity: ActivityDoc = {
    _id: id,
    requestId: input.requestId,
    communityId: m.communityId,
    kind: input.kind,
    title: input.title,
    description: input.description,
    place: input.place,
    organiser: input.organiser,
    createdBy: caller.openid,
    createdAt: at,
    sessionCount: docs.length,
  }
  await db.collection(COLLECTIONS.activities).add(activity)
  return { id, sessions: docs.length }
}

async function position(db: Database, s: SignupDoc): Promise<number | null> {
  if (s.status !== 'waitlisted') return null
  const _ = db.command
  const ahead = await signups(db)
    .where({ sessionId: s.sessionId, role: s.role, status: 'waitlisted', ticket: _.lt(s.ticket) })
    .count()
  return ahead.total + 1
}

async function toView(db: Database, session: SessionDoc, mine: SignupDoc | null): Promise<SessionView> {
  const live = mine && mine.status !== 'pending' ? mine : null
  return {
    id: session._id,
    activityId: session.activityId,
    kind: session.kind,
    kindName: ACTIVITY_KINDS[session.kind],
    title: session.title,
    place: session.place,
    startAt: new Date(session.startAt).toISOString(),
    endAt: new Date(session.endAt).toISOString(),
    roles: Object.entries(session.roles).map(([key, r]) => ({
      key,
      name: r.name,
      capacity: r.capacity,
      left: Math.max(0, r.capacity - r.taken),
      waiting: r.waiting,
    })),
    mine: live && {
      sessionId: live.sessionId,
      role: live.role,
      status: live.status as keyof typeof SIGNUP_STATUSES,
      statusName: SIGNUP_STATUSES[live.status as keyof typeof SIGNUP_STATUSES],
      position: await position(db, live),
      offeredUntil: live.offeredUntil ? new Date(live.offeredUntil).toISOString() : null,
    },
  }
}

async function loadSession(db: Database, id: string): Promise<SessionDoc> {
  const res = await sessions(db).doc(id).get()
  const s = res.data?.[0] as SessionDoc | undefined
  if (!s) throw new AppError('NOT_FOUND', '没有找到这场活动')
  return s
}

async function findSignup(db: Database, id: string): Promise<SignupDoc | null> {
  const res = await signups(db).doc(id).get()
  return (res.data?.[0] as SignupDoc | undefined) ?? null
}

/** 报名: a seat if one is free and nobody waits, otherwise the waitlist — in arrival order. */
export async function signUp(input: { sessionId: string; role: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const session = await loadSession(db, input.sessionId)
  const role = session.roles[input.role]
  if (!role) throw new AppError('INVALID_INPUT', '没有这个报名身份', { role: '没有这个报名身份' })
  const at = now()
  if (at >= new Date(session.startAt)) throw new AppError('CONFLICT', '活动已经开始，不能再报名')
  if (
    role.audience === 'volunteer' &&
    !caller.memberships.some(
      (m) => (m.role === 'volunteer' || m.role === 'partyMember') && m.communityId === session.communityId,
    )
  )
    throw new AppError('FORBIDDEN', '请先登记为志愿者，再报名志愿岗位')

  const id = derivedId(session._id, caller.openid)
  const existing = await findSignup(db, id)
  if (existing && existing.status !== 'cancelled') {
    if (existing.role !== input.role) throw new AppError('CONFLICT', '您已报名这场活动的其他身份，请先取消')
    return toView(db, await loadSession(db, session._id), existing)
  }
  // The person's place in this session, claimed before any seat: one per person per session.
  const pending: SignupDoc = {
    _id: id,
    sessionId: session._id,
    activityId: session.activityId,
    role: input.role,
    openid: caller.openid,
    name: caller.user?.name ?? '微信用户',
    status: 'pending',
    ticket: 0,
    offeredUntil: null,
    createdAt: at,
    updatedAt: at,
  }
  if (existing) {
    const res = await signups(db)
      .where({ _id: id, status: 'cancelled' })
      .update({ status: 'pending', role: input.role, ticket: 0, offeredUntil: null, updatedAt: at })
    if (res.updated !== 1) throw new AppError('CONFLICT', '正在处理您的报名，请稍后再试')
  } else {
    try {
      await signups(db).add(pending)
    } catch {
      // A double tap: the first one is being (or has been) handled.
      const first = await findSignup(db, id)
      if (first) return toView(db, await loadSession(db, session._id), first)
      throw new AppError('INTERNAL')
    }
  }

  const seat = `roles.${input.role}`
  const took = await sessions(db)
    .where({ _id: session._id, [`${seat}.waiting`]: 0, [`${seat}.taken`]: _.lt(role.capacity) })
    .updateAndReturn({ [`${seat}.taken`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
  let status: SignupDoc['status'] = 'confirmed'
  let after = took.doc as SessionDoc | null
  if (!after) {
    const queued = await sessions(db)
      .where({ _id: session._id })
      .updateAndReturn({ [`${seat}.waiting`]: _.inc(1), [`${seat}.tickets`]: _.inc(1) })
    after = queued.doc as SessionDoc
    status = 'waitlisted'
  }
  const ticket = after.roles[input.role].tickets
  await signups(db).where({ _id: id, status: 'pending' }).update({ status, ticket, updatedAt: at })
  if (status === 'waitlisted') {
    // A seat may have freed between the two tries: it goes to the first in line, maybe us.
    await fillFreeSeats(db, session._id, input.role, at)
    const now2 = await findSignup(db, id)
    return toView(db, await loadSession(db, session._id), now2)
  }
  return toView(db, after, { ...pending, status, ticket })
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
    if (r.waiting <= 0 || r.taken >= r.capacity) return
    const claimed = await sessions(db)
      .where({ _id: sessionId, [`${seat}.taken`]: _.lt(r.capacity) })
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
      const next = res.data?.[0] as SignupDoc | undefined
      if (!next) break
      const moved = await signups(db)
        .where({ _id: next._id, status: 'waitlisted' })
        .update({
          status: to,
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

export async function cancelSignup(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const session = await loadSession(db, input.sessionId)
  const id = derivedId(session._id, caller.openid)
  const mine = await findSignup(db, id)
  if (!mine || mine.status === 'cancelled' || mine.status === 'pending')
    throw new AppError('NOT_FOUND', '您没有报名这场活动')
  const at = now()
  if (at.getTime() > new Date(session.startAt).getTime() - CANCEL_CUTOFF_MS)
    throw new AppError('CONFLICT', '活动开始前3小时内不能取消；如不能参加，请联系组织者')
  const res = await signups(db)
    .where({ _id: id, status: mine.status })
    .update({ status: 'cancelled', offeredUntil: null, updatedAt: at })
  if (res.updated !== 1) throw new AppError('CONFLICT', '报名状态已变化，请刷新后再试')
  const seat = `roles.${mine.role}`
  if (mine.status === 'waitlisted') {
    await sessions(db)
      .where({ _id: session._id, [`${seat}.waiting`]: _.gt(0) })
      .update({ [`${seat}.waiting`]: _.inc(-1) })
  } else {
    await releaseSeat(db, session._id, mine.role, at)
  }
  return toView(db, await loadSession(db, session._id), { ...mine, status: 'cancelled' })
}

/** 候补到位: the offered seat, taken within its 30 minutes. */
export async function acceptOffer(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const id = derivedId(input.sessionId, caller.openid)
  const res = await signups(db)
    .where({ _id: id, status: 'offered', offeredUntil: _.gt(at) })
    .update({ status: 'confirmed', offeredUntil: null, updatedAt: at })
  const mine = await findSignup(db, id)
  if (res.updated !== 1 && mine?.status !== 'confirmed')
    throw new AppError('CONFLICT', '候补名额已过期或已被取消')
  return toView(db, await loadSession(db, input.sessionId), mine)
}

/** The scheduler: offers not taken in 30 minutes pass to the next person waiting. */
export async function expireOffers(db: Database, at: Date): Promise<number> {
  const _ = db.command
  const res = await signups(db)
    .where({ status: 'offered', offeredUntil: _.lte(at) })
    .limit(100)
    .get()
  let expired = 0
  for (const s of res.data as SignupDoc[]) {
    const gone = await signups(db)
      .where({ _id: s._id, status: 'offered' })
      .update({ status: 'cancelled', offeredUntil: null, updatedAt: at })
    if (gone.updated !== 1) continue
    expired++
    await releaseSeat(db, s.sessionId, s.role, at)
  }
  return expired
}

/** 活动 tab: upcoming sessions of the caller's community, soonest first, with my status. */
export async function listSessions(
  input: { from?: string; kind?: ActivityKind },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const building = caller.user?.buildingCode ? await getBuilding(db, caller.user.buildingCode) : null
  const communityId = building?.communityId ?? caller.memberships[0]?.communityId
  if (!communityId) throw new AppError('FORBIDDEN', '请先扫描楼栋二维码')
  const from = input.from ? local(`${input.from}T00:00:00+08:00`).toDate() : at
  const res = await sessions(db)
    .where({
      communityId,
      startAt: _.gte(from > at ? from : at),
      ...(input.kind ? { kind: input.kind } : {}),
    })
    .orderBy('startAt', 'asc')
    .limit(50)
    .get()
  const list = res.data as SessionDoc[]
  const mineRes = list.length
    ? await signups(db)
        .where({ _id: _.in(list.map((s) => derivedId(s._id, caller.openid))) })
        .limit(100)
        .get()
    : { data: [] }
  const mine = new Map((mineRes.data as SignupDoc[]).map((s) => [s.sessionId, s]))
  return { items: await Promise.all(list.map((s) => toView(db, s, mine.get(s._id) ?? null))) }
}

const REMINDERS = [
  { key: 'day', within: 24 * HOUR_MS, title: '明天有您报名的活动', state: '明日活动' },
  { key: 'hour', within: HOUR_MS, title: '您报名的活动一小时后开始', state: '即将开始' },
] as const

/**
 * The scheduler: everyone holding a seat hears the day before and an hour before. Message ids
 * derive from (session, which reminder, person), and the session is marked only after, so a
 * re-run or a crash in between reminds nobody twice.
 */
export async function sendReminders(db: Database, at: Date): Promise<number> {
  const _ = db.command
  let made = 0
  for (const r of REMINDERS) {
    const due = await sessions(db)
      .where({
        startAt: _.and(_.gt(at), _.lte(new Date(at.getTime() + r.within))),
        [`reminded.${r.key}`]: false,
      })
      .limit(100)
      .get()
    for (const s of due.data as SessionDoc[]) {
      const holders = await signups(db)
        .where({ sessionId: s._id, status: _.in(['confirmed', 'offered']) })
        .limit(1000)
        .get()
      const fields = {
        no: `HD-${s._id.slice(0, 6).toUpperCase()}`,
        what: s.title,
        where: s.place,
        state: r.state,
        time: new Date(s.startAt).toISOString(),
        note: `${formatLocal(s.startAt, 'M月D日 HH:mm')}，${s.place}`,
      }
      const messages: MessageDoc[] = (holders.data as SignupDoc[]).map((h) => ({
        _id: derivedId(s._id, r.key, h.openid),
        openid: h.openid,
        communityId: s.communityId,
        kind: 'progress',
        title: r.title,
        body: `${s.title}：${fields.note}`,
        target: 'session',
        targetId: s._id,
        subject: fields.no,
        fields,
        template: 'progress',
        createdAt: at,
        ...unsent(at),
      }))
      made += await insertMissing(db, messages)
      await sessions(db)
        .where({ _id: s._id })
        .update({ [`reminded.${r.key}`]: true })
    }
  }
  return made
}

/**
 * 报名全部场次: every upcoming session of the activity, each a separate seat taken the same way as
 * one sign-up (so each is atomic on its own); says which ones were full and where I wait.
 */
export async function signUpAll(input: { activityId: string; role: string }, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const _ = db.command
  const res = await sessions(db)
    .where({ activityId: input.activityId, startAt: _.gt(now()) })
    .orderBy('startAt', 'asc')
    .limit(MAX_SESSIONS_PER_ACTIVITY)
    .get()
  const list = res.data as SessionDoc[]
  if (list.length === 0) throw new AppError('NOT_FOUND', '这个活动没有尚未开始的场次')
  if (!list[0].roles[input.role])
    throw new AppError('INVALID_INPUT', '没有这个报名身份', { role: '没有这个报名身份' })
  const results = []
  for (const s of list) {
    const view = await signUp({ sessionId: s._id, role: input.role }, ctx)
    results.push({
      sessionId: s._id,
      startAt: view.startAt,
      status: view.mine?.status ?? 'cancelled',
      position: view.mine?.position ?? null,
    })
  }
  return {
    confirmed: results.filter((r) => r.status === 'confirmed').length,
    /** Full when I came: I wait there (with my place). */
    waitlisted: results.filter((r) => r.status === 'waitlisted'),
    /** Already signed up for another role there: left as it was. */
    skipped: results.filter((r) => r.status !== 'confirmed' && r.status !== 'waitlisted').length,
  }
}
