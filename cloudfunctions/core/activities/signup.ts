/**
 * 报名: a person's (or their child's) place in a session — signing up for one session or all of an
 * activity's, cancelling, taking an offered seat. The seats themselves move in seats.ts.
 */
import { isVolunteerOf } from '../../../src/domain/access'
import {
  CANCEL_CUTOFF_MS,
  MAX_SESSIONS_PER_ACTIVITY,
  NO_SHOW_BLOCK_MS,
  NO_SHOW_WINDOW_MS,
  noShowLockMessage,
  signupBlockedUntil,
  type Audience,
} from '../../../src/domain/activity'
import { AppError } from '../../../src/domain/errors'
import { durationText } from '../../../src/domain/time'
import { SIGNUP_TRANSITIONS } from '../../../src/domain/signup'
import { communitiesOf } from '../community'
import type { ActionContext, Caller } from '../context'
import { byIds, type Database } from '../db'
import type { ChildDoc, SignupDoc } from '../model'
import { fillFreeSeats, takeSeat, vacate } from './seats'
import {
  children,
  childrenOf,
  findSignup,
  loadSession,
  sessions,
  signupId,
  signupMove,
  signups,
} from './store'
import { sessionView, sessionViews, viewerOf, type SessionView, type Viewer } from './views'

/** The child a place is for, as stored (null: the caller's own place). */
async function childDoc(db: Database, childId: string | undefined): Promise<ChildDoc | null> {
  if (!childId) return null
  return (await children(db).doc(childId).get()).data?.[0] ?? null
}

/**
 * Whose place: the caller's own (null), or (child roles) a child the caller is guardian of —
 * `child` is the child `childId` names, as read.
 */
function checkChild(
  caller: Caller,
  audience: Audience | null,
  childId: string | undefined,
  child: ChildDoc | null,
): ChildDoc | null {
  if (!childId) {
    if (audience === 'child')
      throw new AppError('INVALID_INPUT', '请选择为哪个孩子报名', { childId: '请选择孩子' })
    return null
  }
  if (audience && audience !== 'child')
    throw new AppError('INVALID_INPUT', '这类名额不是为孩子设置的', { childId: '这类名额不是为孩子设置的' })
  if (!child || !child.guardianOpenids.includes(caller.openid))
    throw new AppError('FORBIDDEN', '只能为自己登记的孩子报名')
  if (child.retired && audience) throw new AppError('CONFLICT', `${child.name}的登记已被社区停用，不能再报名`)
  return child
}

async function childFor(
  db: Database,
  caller: Caller,
  audience: Audience | null,
  childId: string | undefined,
): Promise<ChildDoc | null> {
  return checkChild(caller, audience, childId, await childDoc(db, childId))
}

/** Sign-ups are locked after repeated no-shows: until when, if now. */
export async function blockedUntil(db: Database, openid: string, at: Date): Promise<Date | null> {
  return (await locksOf(db, [openid], at)).get(openid) ?? null
}

/**
 * The no-show locks of several people at once (the organiser's roster): who is locked, until when.
 * An organiser who lifted someone's lock (session.liftLock) wiped their slate up to then.
 */
export async function locksOf(db: Database, openids: string[], at: Date): Promise<Map<string, Date>> {
  const _ = db.command
  const since = new Date(at.getTime() - NO_SHOW_WINDOW_MS - NO_SHOW_BLOCK_MS)
  const locks = new Map<string, Date>()
  if (openids.length === 0) return locks
  const res = await signups(db)
    .where({ openid: _.in(openids), status: 'noShow', noShowAt: _.gte(since) })
    .limit(1000)
    .get()
  if (res.data.length === 0) return locks
  const lifted = new Map(
    (await byIds(db, 'users', [...new Set(res.data.map((s) => s.openid))])).map((u) => [
      u._id,
      u.noShowLockLiftedAt ? new Date(u.noShowLockLiftedAt) : null,
    ]),
  )
  for (const openid of new Set(res.data.map((s) => s.openid))) {
    const from = lifted.get(openid)
    const noShows = res.data
      .filter((s) => s.openid === openid)
      .map((s) => new Date(s.noShowAt as Date))
      .filter((d) => !from || d >= from)
    const until = signupBlockedUntil(noShows, at)
    if (until) locks.set(openid, until)
  }
  return locks
}

/**
 * 报名: a seat if one is free and nobody waits, otherwise the waitlist — in arrival order.
 *
 * Round trips, as few as the rules allow: everything that depends only on who calls and what they
 * ask for is read at once (the session, the caller's building, the child, the no-show lock, the
 * caller's children and places in the session); then one conditional update of the session takes
 * the seat or the ticket (straight to the queue when the session as read is full); then the place
 * is written with its status and ticket in one write. A double tap's second half finds the place
 * written and gives its seat back. The waitlisted look once more for a seat freed meanwhile.
 */
export async function signUp(
  input: { sessionId: string; role: string; childId?: string },
  ctx: ActionContext,
): Promise<SessionView> {
  const { deps, caller } = ctx
  const { db, now } = deps
  const at = now()
  const id = signupId(input.sessionId, { openid: caller.openid, childId: input.childId ?? null })
  const [session, community, child, locks, kids, places] = await Promise.all([
    loadSession(db, input.sessionId),
    communitiesOf(db, caller),
    childDoc(db, input.childId),
    locksOf(db, [caller.openid], at),
    childrenOf(db, caller.openid),
    signups(db).where({ openid: caller.openid, sessionId: input.sessionId }).limit(100).get(),
  ])
  // Sign-up is for the community's own people: bound to one of its buildings, or holding a role
  // there (volunteer, 双报到, staff). A session id on a poster is not an invitation to strangers.
  if (!community.includes(session.communityId)) throw new AppError('NOT_FOUND', '没有找到这场活动')
  const role = session.roles[input.role]
  if (!role) throw new AppError('INVALID_INPUT', '没有这个报名身份', { role: '没有这个报名身份' })
  if (session.cancelled) throw new AppError('CONFLICT', `这场活动已取消：${session.cancelled.reason}`)
  if (at >= new Date(session.startAt)) throw new AppError('CONFLICT', '活动已经开始，不能再报名')
  if (role.audience === 'volunteer' && !isVolunteerOf(caller.memberships, session.communityId))
    throw new AppError('FORBIDDEN', '请先登记为志愿者，再报名志愿岗位')
  checkChild(caller, role.audience, input.childId, child)
  const locked = locks.get(caller.openid)
  if (locked) throw new AppError('CONFLICT', noShowLockMessage(locked))
  const viewer: Viewer = { caller, children: kids }
  const mine = places.data as SignupDoc[]

  const existing = mine.find((p) => p._id === id) ?? null
  if (existing && existing.status !== 'cancelled') {
    if (existing.status !== 'pending' && existing.role !== input.role)
      throw new AppError('CONFLICT', '已报名这场活动的其他身份，请先取消')
    // Signed up already (or a double tap's other half is under way): the same sign-up.
    return (await sessionViews(db, [session], viewer, mine))[0]
  }

  const seat = await takeSeat(db, session, input.role)
  const place: SignupDoc = {
    _id: id,
    sessionId: session._id,
    activityId: session.activityId,
    role: input.role,
    openid: caller.openid,
    childId: child?._id ?? null,
    name: child?.name ?? caller.user?.name ?? '微信用户',
    status: seat.status,
    ticket: seat.ticket,
    offeredUntil: null,
    noShowAt: null,
    checkInAt: null,
    checkOutAt: null,
    autoClosed: false,
    collectedBy: null,
    hours: null,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  }
  // One place per person per session: a new one is an insert (its id is theirs), a cancelled one
  // is taken up again only from exactly the status read.
  const written = existing
    ? (
        await signups(db).where({ _id: id, status: existing.status }).update({
          status: place.status,
          role: place.role,
          ticket: place.ticket,
          offeredUntil: null,
          updatedAt: at,
        })
      ).updated === 1
    : await signups(db)
        .add(place)
        .then(
          () => true,
          () => false,
        )
  if (!written) {
    // A double tap: the other half wrote the place first. Its seat (or ticket) is the one kept.
    await vacate(db, session._id, { role: input.role, status: seat.status }, at)
    if (!(await findSignup(db, id))) throw new AppError('INTERNAL')
    return sessionView(db, session._id, viewer)
  }
  const after = [...mine.filter((p) => p._id !== id), place]
  if (seat.status === 'confirmed') return (await sessionViews(db, [seat.session], viewer, after))[0]
  // A seat may have freed between the queue and the place's write, its fill finding nobody to
  // hand it to yet: it goes to the first in line now, maybe us (then the view is read again).
  if (await fillFreeSeats(db, session._id, input.role, at)) return sessionView(db, session._id, viewer)
  // The place in line as the queue's update counted it: everyone waiting then came before us
  // (a count of the waiting places would miss those whose place is not written yet).
  const line = new Map([[id, seat.session.roles[input.role].waiting]])
  return (await sessionViews(db, [seat.session], viewer, after, line))[0]
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
  const session = await loadSession(db, input.sessionId)
  const { id, signup: mine } = await placeOf(db, caller, session._id, input.childId)
  const cancel = signupMove(db, 'cancel')
  const cancellable: readonly string[] = SIGNUP_TRANSITIONS.cancel.from
  if (!mine || !cancellable.includes(mine.status)) throw new AppError('NOT_FOUND', '没有找到这场活动的报名')
  const at = now()
  if (at.getTime() > new Date(session.startAt).getTime() - CANCEL_CUTOFF_MS)
    throw new AppError(
      'CONFLICT',
      `活动开始前${durationText(CANCEL_CUTOFF_MS)}内不能取消；如不能参加，请联系组织者`,
    )
  // Exactly the status read (one the table allows): a promotion meanwhile must be seen first.
  const res = await signups(db)
    .where({ _id: id, status: mine.status })
    .update({ ...cancel.set, offeredUntil: null, updatedAt: at })
  if (res.updated !== 1) throw new AppError('CONFLICT', '报名状态已变化，请刷新后再试')
  await vacate(db, session._id, mine, at)
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
  const accept = signupMove(db, 'acceptOffer')
  const res = await signups(db)
    .where({ _id: id, ...accept.where, offeredUntil: _.gt(at) })
    .update({ ...accept.set, offeredUntil: null, updatedAt: at })
  const mine = await findSignup(db, id)
  if (res.updated !== 1 && mine?.status !== 'confirmed')
    throw new AppError('CONFLICT', '候补名额已过期或已被取消')
  return sessionView(db, input.sessionId, await viewerOf(db, caller))
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
    // Not called off (取消本场 closes a session): the rest are signed up for.
    .where({ activityId: input.activityId, startAt: _.gt(now()), closedAt: null })
    .orderBy('startAt', 'asc')
    .limit(MAX_SESSIONS_PER_ACTIVITY)
    .get()
  const list = res.data
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
