/** 活动's documents as the contract shows them: sessions with the viewer's places, children, elders. */
import { isVolunteerOf } from '../../../src/domain/access'
import { ACTIVITY_KINDS, SIGNUP_STATUSES } from '../../../src/domain/activity'
import type { ActionOutput } from '../../../src/domain/contract'
import { maskPhone } from '../../../src/domain/privacy'
import { formatLocal } from '../../../src/domain/time'
import type { Caller } from '../context'
import { byIds, type Database } from '../db'
import type { ChangeEvent, ChildDoc, ElderDoc, SessionDoc, SignupDoc } from '../model'
import { organises, runsOnTheDay } from './access'
import { childrenOf, loadSession, placeIds, signupId, signups } from './store'

export type SessionView = ActionOutput<'session.signUp'>
type SignupView = NonNullable<SessionView['mine']>
export type ChildView = ActionOutput<'child.register'>
export type ElderView = ActionOutput<'elder.add'>

async function position(db: Database, s: SignupDoc): Promise<number | null> {
  if (s.status !== 'waitlisted') return null
  const _ = db.command
  const ahead = await signups(db)
    .where({ sessionId: s.sessionId, role: s.role, status: 'waitlisted', ticket: _.lt(s.ticket) })
    .count()
  return ahead.total + 1
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

async function signupView(
  db: Database,
  s: SignupDoc,
  known?: ReadonlyMap<string, number>,
): Promise<SignupView> {
  const status = s.status as keyof typeof SIGNUP_STATUSES
  return {
    sessionId: s.sessionId,
    role: s.role,
    status,
    statusName: SIGNUP_STATUSES[status],
    position:
      status === 'waitlisted' && known?.has(s._id) ? (known.get(s._id) as number) : await position(db, s),
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

/** A 台账 of 修改 / 取消, newest first, in lines: “地点：A → B”, or the reason of a cancel. */
export function changeViews(list: ChangeEvent[] | undefined): SessionView['changes'] {
  return [...(list ?? [])].reverse().map((c) => ({
    at: new Date(c.at).toISOString(),
    actorName: c.actor.name,
    type: c.type,
    lines: [
      ...c.fields.map((f) => `${f.label}：${f.from || '（空）'} → ${f.to || '（空）'}`),
      ...(c.reason ? [`原因：${c.reason}`] : []),
    ],
  }))
}

/**
 * Sessions as the viewer sees them, with one read for all of the viewer's places in them — or
 * none, when the caller already holds them (`places`: every place of the viewer's in these
 * sessions, as a sign-up just left them; `positions`: places in line known without a count, as
 * the queue's own update told them).
 */
export async function sessionViews(
  db: Database,
  list: SessionDoc[],
  viewer: Viewer,
  places?: SignupDoc[],
  positions?: ReadonlyMap<string, number>,
): Promise<SessionView[]> {
  const { caller } = viewer
  const ids = list.flatMap((s) => placeIds(s._id, caller.openid, viewer.children))
  const found = new Map<string, SignupDoc>()
  for (const d of places ?? (await byIds(db, 'signups', ids))) if (d.status !== 'pending') found.set(d._id, d)
  return Promise.all(
    list.map(async (session) => {
      const mine = found.get(signupId(session._id, { openid: caller.openid, childId: null }))
      const kids = []
      for (const c of viewer.children) {
        const k = found.get(signupId(session._id, { openid: caller.openid, childId: c._id }))
        if (k) kids.push({ ...(await signupView(db, k, positions)), childId: c._id, childName: c.name })
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
        mine: mine ? await signupView(db, mine, positions) : null,
        children: kids,
        organiser: organises(caller, session),
        cancelled: session.cancelled
          ? { reason: session.cancelled.reason, at: new Date(session.cancelled.at).toISOString() }
          : null,
        changes: organises(caller, session) ? changeViews(session.changes) : [],
        runsDay: runsOnTheDay(caller, session),
      }
    }),
  )
}

export async function sessionView(db: Database, sessionId: string, viewer: Viewer): Promise<SessionView> {
  return (await sessionViews(db, [await loadSession(db, sessionId)], viewer))[0]
}

/** The guardians see their own list whole; everyone else (the organiser's list) masked. */
export function childView(c: ChildDoc, wholePhones: boolean): ChildView {
  return {
    id: c._id,
    name: c.name,
    age: c.age,
    grade: c.grade,
    allergies: c.allergies,
    notes: c.notes,
    collectors: c.collectors.map((p) => ({
      id: p.id,
      name: p.name,
      relation: p.relation,
      phone: wholePhones ? p.phone : (maskPhone(p.phone) ?? ''),
    })),
  }
}

/** Whole phone: those who see an elder (the visiting volunteers, the grid) call before knocking. */
export function elderView(e: ElderDoc): ElderView {
  return {
    id: e._id,
    name: e.name,
    buildingCode: e.buildingCode,
    room: e.room,
    phone: e.phone,
    consent: `${e.consent.by}同意（${formatLocal(e.consent.at, 'YYYY年M月D日')}）${e.consent.note ? `：${e.consent.note}` : ''}`,
    notes: e.notes,
  }
}
