/**
 * 活动: activities with sessions and roles — publishing one (its sessions from a schedule on the
 * community's calendar), the 活动 tab, a session, an activity's page. Signing up is in signup.ts.
 */
import {
  ACTIVITY_KINDS,
  MAX_SESSIONS_PER_ACTIVITY,
  type ActivityKind,
  type Audience,
} from '../../../src/domain/activity'
import { AppError } from '../../../src/domain/errors'
import { sessionTimes, type Schedule } from '../../../src/domain/sessions'
import { local } from '../../../src/domain/time'
import { communitiesOf } from '../community'
import type { ActionContext } from '../context'
import { derivedId } from '../ids'
import type { ActivityDoc, RoleSeats, SessionDoc } from '../model'
import { nextCursor, pageQuery } from '../paging'
import { checkPhotos, photoLinks } from '../photos'
import { communityCalendar } from '../calendar/store'
import { organiserOf } from './access'
import { activities, childrenOf, findSignup, loadSession, placeIds, sessions } from './store'
import { sessionViews, viewerOf } from './views'

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
  const existing = await activities(db).doc(id).get()
  if (existing.data?.length) return { id, sessions: existing.data[0].sessionCount }
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
    outbox: [],
    outboxSeq: 0,
    outboxFanned: 0,
    outboxPending: false,
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
  await activities(db).add(activity)
  return { id, sessions: docs.length }
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
  const res = await pageQuery(db, 'sessions', where, order, input.cursor).get()
  const list = res.data
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
  const res = await activities(db).doc(input.id).get()
  const a = res.data?.[0]
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
    sessions: await sessionViews(db, list.data, await viewerOf(db, caller)),
  }
}
