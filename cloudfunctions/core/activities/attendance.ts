/**
 * On the day: check-in (scanning the session's code from 1 hour before the start, or the
 * organiser from the list), check-out (a child only to a registered collector), and the printable
 * check-in code. The close at the end and the confirmation of hours are in hours.ts.
 *
 * Every change is a conditional update on the sign-up's own state, so a double tap, two
 * organisers at once, or the scheduler racing the organiser change each place once.
 */
import { CHECKIN_OPENS_BEFORE_MS, SIGNUP_STATUSES } from '../../../src/domain/activity'
import { SIGNUP_TRANSITIONS } from '../../../src/domain/signup'
import { AppError } from '../../../src/domain/errors'
import { checkInScene, CHECKIN_PAGE, h5Url } from '../../../src/domain/links'
import { durationText, formatLocal } from '../../../src/domain/time'
import { getCommunity } from '../community'
import type { ActionContext, Caller } from '../context'
import { replacing, type Database } from '../db'
import { deliverDocument } from '../documents'
import type { SessionDoc, SignupDoc } from '../model'
import { publicUrl } from '../public-url'
import { envVersion } from '../buildings/actions'
import { mustOrganise, mustRunOnTheDay } from './access'
import { children, childrenOf, loadSession, placeIds, sessions, signupMove, signups } from './store'
import { sessionView, viewerOf } from './views'

/** The statuses that hold a seat: those check-in is allowed from (an offered seat is taken by showing up). */
export const HOLDING: readonly SignupDoc['status'][] = SIGNUP_TRANSITIONS.checkIn.from

export async function signupIn(db: Database, session: SessionDoc, id: string): Promise<SignupDoc> {
  const res = await signups(db).doc(id).get()
  const s = res.data?.[0]
  if (!s || s.sessionId !== session._id) throw new AppError('NOT_FOUND', '这场活动没有这个报名')
  return s
}

/** Check-in is open from 1 hour before the start until the end. */
function checkInWindow(session: SessionDoc, at: Date): void {
  if (session.cancelled) throw new AppError('CONFLICT', `这场活动已取消：${session.cancelled.reason}`)
  const opens = new Date(new Date(session.startAt).getTime() - CHECKIN_OPENS_BEFORE_MS)
  if (at < opens)
    throw new AppError(
      'CONFLICT',
      `签到将于${formatLocal(opens, 'M月D日 HH:mm')}开放（活动开始前${durationText(CHECKIN_OPENS_BEFORE_MS)}）`,
    )
  if (at >= new Date(session.endAt) || session.closedAt)
    throw new AppError('CONFLICT', '活动已经结束，不能签到')
}

async function checkInOne(db: Database, s: SignupDoc, at: Date): Promise<boolean> {
  // Showing up with an offered seat takes it.
  const checkIn = signupMove(db, 'checkIn')
  const res = await signups(db)
    .where({ _id: s._id, ...checkIn.where, checkInAt: null })
    .update({ ...checkIn.set, offeredUntil: null, checkInAt: at, updatedAt: at })
  return res.updated === 1
}

/** When someone scans the code of a session they did not sign up for: say which one is theirs. */
async function notHere(
  db: Database,
  caller: Caller,
  session: SessionDoc,
  mine: SignupDoc[],
  at: Date,
): Promise<never> {
  const _ = db.command
  if (mine.some((s) => s.status === 'waitlisted'))
    throw new AppError('CONFLICT', '您还在候补名单上，没有轮到名额，暂不能签到')
  const other = await signups(db)
    .where({ activityId: session.activityId, openid: caller.openid, status: _.in(HOLDING) })
    .limit(20)
    .get()
  const theirs = other.data.filter((s) => s.sessionId !== session._id)
  if (theirs.length) {
    const list = await sessions(db)
      .where({ _id: _.in(theirs.map((s) => s.sessionId)) })
      .orderBy('startAt', 'asc')
      .limit(20)
      .get()
    const next = list.data.find((s) => new Date(s.endAt) > at) ?? list.data[0]
    if (next)
      throw new AppError(
        'CONFLICT',
        `这是${formatLocal(session.startAt, 'M月D日 HH:mm')}场的签到码，您报名的是${formatLocal(
          next.startAt,
          'M月D日 HH:mm',
        )}场`,
      )
  }
  throw new AppError('NOT_FOUND', '您没有报名这场活动，请先报名')
}

/** The caller's own place and their children's in a session. */
async function placesOf(db: Database, caller: Caller, session: SessionDoc) {
  const _ = db.command
  const kids = await childrenOf(db, caller.openid)
  const ids = placeIds(session._id, caller.openid, kids)
  const res = await signups(db)
    .where({ _id: _.in(ids) })
    .limit(ids.length)
    .get()
  return { kids, places: res.data }
}

export async function checkIn(
  input: { sessionId: string; signupId?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const session = await loadSession(db, input.sessionId)
  let targets: SignupDoc[]
  if (input.signupId) {
    mustRunOnTheDay(caller, session, '代为签到')
    targets = [await signupIn(db, session, input.signupId)]
    if (!HOLDING.includes(targets[0].status))
      throw new AppError(
        'CONFLICT',
        `${targets[0].name}目前是“${SIGNUP_STATUSES[targets[0].status as 'cancelled']}”，不能签到`,
      )
  } else {
    const { places } = await placesOf(db, caller, session)
    targets = places.filter((s) => HOLDING.includes(s.status))
    if (targets.length === 0) await notHere(db, caller, session, places, at)
  }
  checkInWindow(session, at)
  const checkedIn: string[] = []
  for (const s of targets) if (s.checkInAt || (await checkInOne(db, s, at))) checkedIn.push(s.name)
  return { people: checkedIn, session: await sessionView(db, session._id, await viewerOf(db, caller)) }
}

async function checkOutOne(
  db: Database,
  s: SignupDoc,
  at: Date,
  collectedBy: SignupDoc['collectedBy'],
): Promise<boolean> {
  const res = await signups(db)
    .where({ _id: s._id, ...signupMove(db, 'checkOut').where, checkOutAt: null })
    .update(replacing(db, { checkOutAt: at, collectedBy, updatedAt: at }))
  return res.updated === 1
}

export async function checkOut(
  input: { sessionId: string; signupId?: string; collectorId?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const session = await loadSession(db, input.sessionId)
  if (session.closedAt) throw new AppError('CONFLICT', '活动已结束并自动签退，请联系组织者确认')
  const checkedOut: string[] = []
  if (input.signupId) {
    mustRunOnTheDay(caller, session, '办理签退')
    const s = await signupIn(db, session, input.signupId)
    if (!s.checkInAt || s.status !== 'confirmed') throw new AppError('CONFLICT', `${s.name}还没有签到`)
    let collectedBy: SignupDoc['collectedBy'] = null
    if (s.childId) {
      if (!input.collectorId)
        throw new AppError('INVALID_INPUT', '请选择来接孩子的人', { collectorId: '请选择来接孩子的人' })
      const child = (await children(db).doc(s.childId).get()).data?.[0]
      const who = child?.collectors.find((c) => c.id === input.collectorId)
      if (!who) throw new AppError('FORBIDDEN', '不是登记的接送人，不能把孩子交给他/她；请联系孩子的监护人')
      collectedBy = { name: who.name, relation: who.relation }
    } else if (input.collectorId) {
      throw new AppError('INVALID_INPUT', '只有孩子需要选择接送人', { collectorId: '只有孩子需要选择接送人' })
    }
    if (s.checkOutAt || (await checkOutOne(db, s, at, collectedBy))) checkedOut.push(s.name)
  } else {
    const { kids, places } = await placesOf(db, caller, session)
    const inside = places.filter((s) => s.status === 'confirmed' && s.checkInAt && !s.checkOutAt)
    if (inside.length === 0) throw new AppError('NOT_FOUND', '没有需要签退的报名（请先签到）')
    for (const s of inside) {
      // A child goes only with a registered collector: the guardian scanning is one.
      const kid = s.childId ? kids.find((c) => c._id === s.childId) : null
      const me = kid?.collectors.find((c) => c.openid === caller.openid)
      if (s.childId && !me) continue
      if (await checkOutOne(db, s, at, me ? { name: me.name, relation: me.relation } : null))
        checkedOut.push(s.name)
    }
  }
  return { people: checkedOut, session: await sessionView(db, session._id, await viewerOf(db, caller)) }
}

/** 签到码: a printable A4 poster of the session's check-in code, handed over as a document. */
export async function checkInCode(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const session = await loadSession(db, input.sessionId)
  mustOrganise(caller, session, '打印签到码')
  const scene = checkInScene(session._id)
  const url = h5Url(publicUrl(), CHECKIN_PAGE, { scene })
  const community = await getCommunity(db, session.communityId)
  const { qrPosterPdf } = await import('../pdf/poster')
  const pdf = await qrPosterPdf({
    kicker: `${community.name} · 活动签到`,
    title: session.title,
    // WeChat's mini-program code for the check-in page (locally, a standard QR code of `url`).
    code: {
      image: await deps.wx.getUnlimitedQr({
        scene,
        page: CHECKIN_PAGE,
        width: 600,
        checkPath: false,
        envVersion: envVersion(),
      }),
    },
    lines: [
      `${formatLocal(session.startAt, 'M月D日 HH:mm')}–${formatLocal(session.endAt, 'HH:mm')}`,
      session.place,
      '活动开始前1小时起，微信扫码签到',
      '离开时再扫一次，签退',
    ],
    footer: `暖心网格 · 签到码 ${scene}`,
  })
  const file = await deliverDocument(deps, caller.openid, `checkin-${session._id}.pdf`, Buffer.from(pdf))
  return { scene, url, fileUrl: file.url, fileID: file.fileID }
}
