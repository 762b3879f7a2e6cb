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
import { isVolunteerOf, leadership, mayOrganise } from '../../../src/domain/access'
import {
  ACTIVITY_KINDS,
  CANCEL_CUTOFF_MS,
  freedSeatFor,
  MAX_SESSIONS_PER_ACTIVITY,
  NO_SHOW_BLOCK_MS,
  NO_SHOW_WINDOW_MS,
  OFFER_MS,
  SIGNUP_STATUSES,
  signupBlockedUntil,
  type ActivityKind,
  type Audience,
} from '../../../src/domain/activity'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { sessionTimes, type Schedule } from '../../../src/domain/sessions'
import { formatLocal, HOUR_MS, local } from '../../../src/domain/time'
import { communitiesOf } from '../community'
import type { ActionContext, Caller } from '../context'
import { COLLECTIONS, type Database } from '../db'
import { derivedId } from '../ids'
import type { ActivityDoc, ChildDoc, MessageDoc, RoleSeats, SessionDoc, SignupDoc } from '../model'
import { insertMissing, unsent } from '../notify/fanout'
import { nextCursor, pageQuery } from '../paging'
import { checkPhotos, photoLinks } from '../photos'
import { communityCalendar } from '../calendar'

type SessionView = ActionOutput<'session.signUp'>
type SignupView = NonNullable<SessionView['mine']>

export const sessions = (db: Database) => db.collection(COLLECTIONS.sessions)
export const signups = (db: Database) => db.collection(COLLECTIONS.signups)
const children = (db: Database) => db.collection(COLLECTIONS.children)

/** One place per person (or child) per session: its id says whose it is. */
export function signupId(sessionId: string, p: { openid: string; childId: string | null }): string {
  return p.childId ? derivedId(sessionId, 'child', p.childId) : derivedId(sessionId, p.openid)
}

/** The places someone may hold in a session: their own, then one per child of theirs. */
export function placeIds(sessionId: string, openid: string, kids: ChildDoc[]): string[] {
  return [
    signupId(sessionId, { openid, childId: null }),
    ...kids.map((c) => signupId(sessionId, { openid, childId: c._id })),
  ]
}

/**
 * The organiser of a session: an admin of its community, or who created the activity while they
 * still hold a publishing role there (a revoked 网格长 no longer sees rosters or codes).
 */
export function organises(caller: Caller, session: SessionDoc): boolean {
  return mayOrganise(caller.memberships, caller.openid, session)
}

/** The children a guardian registered (or may collect). */
export async function childrenOf(db: Database, openid: string): Promise<ChildDoc[]> {
  const res = await children(db).where({ guardianOpenids: openid }).limit(20).get()
  return res.data as ChildDoc[]
}

/** Whose place: the caller's own (null), or (child roles) a child the caller is guardian of. */
async function childFor(
  db: Database,
  caller: Caller,
  audience: Audience | null,
  childId: string | undefined,
): Promise<ChildDoc | null> {
  if (!childId) {
    if (audience === 'child')
      throw new AppError('INVALID_INPUT', '请选择为哪个孩子报名', { childId: '请选择孩子' })
    return null
  }
  if (audience && audience !== 'child')
    throw new AppError('INVALID_INPUT', '这类名额不是为孩子设置的', { childId: '这类名额不是为孩子设置的' })
  const res = await children(db).doc(childId).get()
  const child = res.data?.[0] as ChildDoc | undefined
  if (!child || !child.guardianOpenids.includes(caller.openid))
    throw new AppError('FORBIDDEN', '只能为自己登记的孩子报名')
  return child
}

function organiserOf(caller: Caller) {
  const m = leadership(caller.memberships)[0]
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
    roles: { key: string; name: string; capacity: number; audience: Audience }[]
    cover?: string[]
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const m = organiserOf(caller)
  const id = derivedId('activity', caller.openid, input.requestId)
  const existing = await db.collection(COLLECTIONS.activities).doc(id).get()
  if (existing.data?.length) return { id, sessions: (existing.data[0] as ActivityDoc).sessionCount }
  const at = now()
  // Checked before anything is written: the caller's own upload, really an image.
  const cover = await checkPhotos(deps, caller.openid, input.cover, 'post', at)
  const calendar = await communityCalendar(db, m.communityId)
  const times = sessionTimes(input.schedule, calendar).filter((t) => t.startAt > at)
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
    createdBy: caller.openid,
    closedAt: null,
    flagged: 0,
    confirmedAt: null,
    dayEndAt: local(t.startAt).endOf('day').add(1, 'millisecond').toDate(),
    visitsCheckedAt: null,
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
    cover,
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

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

async function signupView(db: Database, s: SignupDoc): Promise<SignupView> {
  const status = s.status as keyof typeof SIGNUP_STATUSES
  return {
    sessionId: s.sessionId,
    role: s.role,
    status,
    statusName: SIGNUP_STATUSES[status],
    position: await position(db, s),
    offeredUntil: iso(s.offeredUntil),
    checkInAt: iso(s.checkInAt),
    checkOutAt: iso(s.checkOutAt),
  }
}

/** Who is looking: their own places and their children's are shown as theirs. */
export interface Viewer {
  caller: Caller
  children: ChildDoc[]
}

export async function viewerOf(db: Database, caller: Caller): Promise<Viewer> {
  return { caller, children: await childrenOf(db, caller.openid) }
}

/** Sessions as the viewer sees them, with one read for all of the viewer's places in them. */
export async function sessionViews(db: Database, list: SessionDoc[], viewer: Viewer): Promise<SessionView[]> {
  const _ = db.command
  const { caller } = viewer
  const ids = list.flatMap((s) => placeIds(s._id, caller.openid, viewer.children))
  const found = new Map<string, SignupDoc>()
  for (let i = 0; i < ids.length; i += 100) {
    const res = await signups(db)
      .where({ _id: _.in(ids.slice(i, i + 100)) })
      .limit(100)
      .get()
    for (const d of res.data as SignupDoc[]) if (d.status !== 'pending') found.set(d._id, d)
  }
  return Promise.all(
    list.map(async (session) => {
      const mine = found.get(signupId(session._id, { openid: caller.openid, childId: null }))
      const kids = []
      for (const c of viewer.children) {
        const k = found.get(signupId(session._id, { openid: caller.openid, childId: c._id }))
        if (k) kids.push({ ...(await signupView(db, k)), childId: c._id, childName: c.name })
      }
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
          audience: r.audience,
          forMe: r.audience !== 'volunteer' || isVolunteerOf(caller.memberships, session.communityId),
          capacity: r.capacity,
          left: Math.max(0, r.capacity - r.taken),
          waiting: r.waiting,
        })),
        mine: mine ? await signupView(db, mine) : null,
        children: kids,
        organiser: organises(caller, session),
      }
    }),
  )
}

export async function sessionView(db: Database, sessionId: string, viewer: Viewer): Promise<SessionView> {
  return (await sessionViews(db, [await loadSession(db, sessionId)], viewer))[0]
}

export async function loadSession(db: Database, id: string): Promise<SessionDoc> {
  const res = await sessions(db).doc(id).get()
  const s = res.data?.[0] as SessionDoc | undefined
  if (!s) throw new AppError('NOT_FOUND', '没有找到这场活动')
  return s
}

async function findSignup(db: Database, id: string): Promise<SignupDoc | null> {
  const res = await signups(db).doc(id).get()
  return (res.data?.[0] as SignupDoc | undefined) ?? null
}

/** Sign-ups are locked after repeated no-shows: until when, if now. */
export async function blockedUntil(db: Database, openid: string, at: Date): Promise<Date | null> {
  const _ = db.command
  const res = await signups(db)
    .where({
      openid,
      status: 'noShow',
      noShowAt: _.gte(new Date(at.getTime() - NO_SHOW_WINDOW_MS - NO_SHOW_BLOCK_MS)),
    })
    .limit(100)
    .get()
  return signupBlockedUntil(
    (res.data as SignupDoc[]).map((s) => new Date(s.noShowAt as Date)),
    at,
  )
}

/** 报名: a seat if one is free and nobody waits, otherwise the waitlist — in arrival order. */
export async function signUp(
  input: { sessionId: string; role: string; childId?: string },
  ctx: ActionContext,
): Promise<SessionView> {
  const { deps, caller } = ctx
  const { db, now } = deps
  const _ = db.command
  const session = await loadSession(db, input.sessionId)
  // Sign-up is for the community's own people: bound to one of its buildings, or holding a role
  // there (volunteer, 双报到, staff). A session id on a poster is not an invitation to strangers.
  if (!(await communitiesOf(db, caller)).includes(session.communityId))
    throw new AppError('NOT_FOUND', '没有找到这场活动')
  const role = session.roles[input.role]
  if (!role) throw new AppError('INVALID_INPUT', '没有这个报名身份', { role: '没有这个报名身份' })
  const at = now()
  if (at >= new Date(session.startAt)) throw new AppError('CONFLICT', '活动已经开始，不能再报名')
  if (role.audience === 'volunteer' && !isVolunteerOf(caller.memberships, session.communityId))
    throw new AppError('FORBIDDEN', '请先登记为志愿者，再报名志愿岗位')
  const child = await childFor(db, caller, role.audience, input.childId)
  const locked = await blockedUntil(db, caller.openid, at)
  if (locked)
    throw new AppError(
      'CONFLICT',
      `30天内缺席2次，${formatLocal(locked, 'M月D日 HH:mm')}前暂停报名；如有特殊情况请联系组织者`,
    )
  const viewer = await viewerOf(db, caller)

  const id = signupId(session._id, { openid: caller.openid, childId: child?._id ?? null })
  const existing = await findSignup(db, id)
  if (existing && existing.status !== 'cancelled' && existing.status !== 'pending') {
    if (existing.role !== input.role) throw new AppError('CONFLICT', '已报名这场活动的其他身份，请先取消')
    return sessionView(db, session._id, viewer)
  }
  // The person's place in this session, claimed before any seat: one per person per session.
  const pending: SignupDoc = {
    _id: id,
    sessionId: session._id,
    activityId: session.activityId,
    role: input.role,
    openid: caller.openid,
    childId: child?._id ?? null,
    name: child?.name ?? caller.user?.name ?? '微信用户',
    status: 'pending',
    ticket: 0,
    offeredUntil: null,
    noShowAt: null,
    checkInAt: null,
    checkOutAt: null,
    autoClosed: false,
    collectedBy: null,
    hours: null,
    createdAt: at,
    updatedAt: at,
  }
  if (existing?.status === 'pending') {
    // A double tap while the first is being handled (or a crash mid-way, retried below).
    return sessionView(db, session._id, viewer)
  }
  if (existing) {
    const res = await signups(db)
      .where({ _id: id, status: existing.status })
      .update({ status: 'pending', role: input.role, ticket: 0, offeredUntil: null, updatedAt: at })
    if (res.updated !== 1) throw new AppError('CONFLICT', '正在处理您的报名，请稍后再试')
  } else {
    try {
      await signups(db).add(pending)
    } catch {
      // A double tap: the first one is being (or has been) handled.
      if (await findSignup(db, id)) return sessionView(db, session._id, viewer)
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
  // The seat's update returned the session as it now is: no need to read it again.
  if (status === 'confirmed') return (await sessionViews(db, [after], viewer))[0]
  // A seat may have freed between the two tries: it goes to the first in line, maybe us.
  await fillFreeSeats(db, session._id, input.role, at)
  return sessionView(db, session._id, viewer)
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

/** The caller's own place in a session, or their child's. */
async function placeOf(db: Database, caller: Caller, sessionId: string, childId: string | undefined) {
  const child = await childFor(db, caller, null, childId)
  const id = signupId(sessionId, { openid: caller.openid, childId: child?._id ?? null })
  return { id, signup: await findSignup(db, id) }
}

export async function cancelSignup(
  input: { sessionId: string; childId?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const session = await loadSession(db, input.sessionId)
  const { id, signup: mine } = await placeOf(db, caller, session._id, input.childId)
  if (!mine || !['confirmed', 'waitlisted', 'offered'].includes(mine.status))
    throw new AppError('NOT_FOUND', '没有找到这场活动的报名')
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
  return sessionView(db, session._id, await viewerOf(db, caller))
}

/** 候补到位: the offered seat, taken within its 30 minutes. */
export async function acceptOffer(
  input: { sessionId: string; childId?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const { id } = await placeOf(db, caller, input.sessionId, input.childId)
  const res = await signups(db)
    .where({ _id: id, status: 'offered', offeredUntil: _.gt(at) })
    .update({ status: 'confirmed', offeredUntil: null, updatedAt: at })
  const mine = await findSignup(db, id)
  if (res.updated !== 1 && mine?.status !== 'confirmed')
    throw new AppError('CONFLICT', '候补名额已过期或已被取消')
  return sessionView(db, input.sessionId, await viewerOf(db, caller))
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

/** 活动 tab: upcoming sessions of the caller's community, soonest first, a page at a time. */
export async function listSessions(
  input: { kind?: ActivityKind; cursor?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const [communityId] = await communitiesOf(db, caller)
  if (!communityId) throw new AppError('FORBIDDEN', '请先扫描楼栋二维码')
  const order = { field: 'startAt', direction: 'asc' } as const
  // Under way counts as upcoming until it ends: people check in and out then.
  const where = { communityId, endAt: _.gt(now()), ...(input.kind ? { kind: input.kind } : {}) }
  const res = await pageQuery(db, COLLECTIONS.sessions, where, order, input.cursor).get()
  const list = res.data as SessionDoc[]
  return {
    items: await sessionViews(db, list, await viewerOf(db, caller)),
    nextCursor: nextCursor(list, order),
  }
}

/** One session as the caller sees it (the check-in page). */
export async function getSession(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const session = await loadSession(db, input.sessionId)
  const community = await communitiesOf(db, caller)
  const kids = await childrenOf(db, caller.openid)
  if (!community.includes(session.communityId)) {
    // Someone with a place in it — their own or one of their children's — may see it too
    // (a scan before binding a building); having a child registered somewhere is not enough.
    const places = await Promise.all(
      placeIds(session._id, caller.openid, kids).map((id) => findSignup(db, id)),
    )
    if (!places.some((p) => p && p.status !== 'cancelled'))
      throw new AppError('NOT_FOUND', '没有找到这场活动')
  }
  return (await sessionViews(db, [session], { caller, children: kids }))[0]
}

/** 活动详情: the activity and all its sessions still to come. */
export async function getActivity(input: { id: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const res = await db.collection(COLLECTIONS.activities).doc(input.id).get()
  const a = res.data?.[0] as ActivityDoc | undefined
  const community = await communitiesOf(db, caller)
  if (!a || !community.includes(a.communityId)) throw new AppError('NOT_FOUND', '没有找到这个活动')
  const list = await sessions(db)
    .where({ activityId: a._id, endAt: _.gt(now()) })
    .orderBy('startAt', 'asc')
    .limit(MAX_SESSIONS_PER_ACTIVITY)
    .get()
  return {
    id: a._id,
    kind: a.kind,
    kindName: ACTIVITY_KINDS[a.kind],
    title: a.title,
    description: a.description,
    place: a.place,
    organiser: a.organiser,
    coverUrl: (await photoLinks(deps.files, a.cover))[0]?.url ?? null,
    sessions: await sessionViews(db, list.data as SessionDoc[], await viewerOf(db, caller)),
  }
}

/**
 * A message about a session (a reminder, the close, a missed visit) for one person; its id is
 * derived by the caller from what makes it unique. What the WeChat reminder shows defaults to the
 * session's title and place.
 */
export function sessionMessage(
  s: SessionDoc,
  m: {
    id: string
    openid: string
    title: string
    body: string
    state: string
    time: Date
    note: string
    what?: string
    where?: string
  },
  at: Date,
): MessageDoc {
  const no = `HD-${s._id.slice(0, 6).toUpperCase()}`
  return {
    _id: m.id,
    openid: m.openid,
    communityId: s.communityId,
    kind: 'progress',
    title: m.title,
    body: m.body,
    target: 'session',
    targetId: s._id,
    subject: no,
    fields: {
      no,
      what: m.what ?? s.title,
      where: m.where ?? s.place,
      state: m.state,
      time: m.time.toISOString(),
      note: m.note,
    },
    template: 'progress',
    createdAt: at,
    ...unsent(at),
  }
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
      const note = `${formatLocal(s.startAt, 'M月D日 HH:mm')}，${s.place}`
      const messages = (holders.data as SignupDoc[]).map((h) =>
        sessionMessage(
          s,
          {
            id: derivedId(s._id, r.key, h.openid),
            openid: h.openid,
            title: r.title,
            body: `${s.title}：${note}`,
            state: r.state,
            time: new Date(s.startAt),
            note,
          },
          at,
        ),
      )
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
export async function signUpAll(
  input: { activityId: string; role: string; childId?: string },
  ctx: ActionContext,
) {
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
    const view = await signUp({ sessionId: s._id, role: input.role, childId: input.childId }, ctx)
    const mine = input.childId ? view.children.find((c) => c.childId === input.childId) : view.mine
    results.push({
      sessionId: s._id,
      startAt: view.startAt,
      status: mine?.status ?? 'cancelled',
      position: mine?.position ?? null,
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
