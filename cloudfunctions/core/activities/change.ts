/**
 * 修改 / 取消 (issue 18, part 2): the organiser changes an activity or one session after publishing,
 * or calls it off (rain, the speaker is ill).
 *
 * - 修改本场: day and time, place, each role's capacity. Lowering a capacity below the seats already
 *   held is refused in words — nobody loses a seat silently; the organiser gives places back first
 *   (请假, session.release). The capacity is lowered by a conditional update on the seats taken, so
 *   a sign-up at the same moment cannot push past it. A raised capacity hands seats to the
 *   waitlist in arrival order (seats.ts). A new time or place is told to everyone with a place
 *   (seat, offer, waitlist; the guardian for a child); the reminders follow the new time.
 * - 取消本场: one conditional write sets the reason, closes the session (the scheduler's close, its
 *   no-shows and hours never come) and marks the reminders and visit checks done, with the notice in
 *   its outbox. A sign-up takes its seat by a conditional update that needs the session open
 *   (seats.ts takeSeat): whichever write comes first wins, and whoever signed up first is told.
 * - 取消活动: each session not yet started, the same way; each person hears once.
 *
 * Each change is a 台账 entry (who, when, what changed: before → after) on the session and, for the
 * activity's own changes, on the activity.
 */
import { AppError } from '../../../src/domain/errors'
import { mayOrganise } from '../../../src/domain/access'
import { MAX_SESSIONS_PER_ACTIVITY } from '../../../src/domain/activity'
import { sessionTime } from '../../../src/domain/sessions'
import { DAY_MS, formatLocal, HOUR_MS, local, MINUTE_MS } from '../../../src/domain/time'
import { actorOf } from '../audit'
import type { ActionContext, Caller } from '../context'
import type { Database } from '../db'
import type { ActivityDoc, Cancellation, ChangeEvent, OutboxEntry, SessionDoc } from '../model'
import { fanOutNow } from '../notify/fanout'
import { mustOrganise } from './access'
import { roster } from './hours'
import { commitSession, postSessionNotices, SESSION_OUTBOX, sessionNotice } from './messages'
import { fillFreeSeats } from './seats'
import { activities, loadActivity, loadSession, sessions } from './store'

type Field = ChangeEvent['fields'][number]

const when = (startAt: Date, endAt: Date) =>
  `${formatLocal(startAt, 'M月D日 HH:mm')}–${formatLocal(endAt, 'HH:mm')}`

/** A session the organiser may still change: not called off, not over, not begun. */
function stillAhead(s: SessionDoc, at: Date, what: string): void {
  if (s.cancelled) throw new AppError('CONFLICT', '这场活动已取消')
  if (s.closedAt || at >= new Date(s.startAt)) throw new AppError('CONFLICT', `活动已经开始，不能再${what}`)
}

function mustOrganiseActivity(caller: Caller, a: ActivityDoc, what: string): void {
  if (!mayOrganise(caller.memberships, caller.openid, a))
    throw new AppError('FORBIDDEN', `只有活动组织者可以${what}`)
}

function changeEvent(
  caller: Caller,
  at: Date,
  type: ChangeEvent['type'],
  fields: Field[],
  reason: string | null,
): ChangeEvent {
  return { at, type, actor: actorOf(caller), fields, reason }
}

/** What a session's new day, time, place and capacities change, checked against its seats. */
function sessionChanges(
  s: SessionDoc,
  input: {
    date?: string
    time?: string
    durationMinutes?: number
    place?: string
    capacities?: Record<string, number>
  },
  at: Date,
) {
  const start = local(s.startAt)
  const minutes = Math.round((new Date(s.endAt).getTime() - new Date(s.startAt).getTime()) / MINUTE_MS)
  const next = sessionTime(
    input.date ?? start.format('YYYY-MM-DD'),
    input.time ?? start.format('HH:mm'),
    input.durationMinutes ?? minutes,
  )
  const fields: Field[] = []
  const set: Record<string, unknown> = {}
  const moved =
    next.startAt.getTime() !== new Date(s.startAt).getTime() ||
    next.endAt.getTime() !== new Date(s.endAt).getTime()
  if (moved) {
    if (next.startAt <= at)
      throw new AppError('INVALID_INPUT', '新的开始时间已经过去，请重新选择', { date: '请选择以后的时间' })
    fields.push({ label: '时间', from: when(s.startAt, s.endAt), to: when(next.startAt, next.endAt) })
    const ahead = next.startAt.getTime() - at.getTime()
    Object.assign(set, {
      startAt: next.startAt,
      endAt: next.endAt,
      dayEndAt: local(next.startAt).endOf('day').add(1, 'millisecond').toDate(),
      // The reminders follow the new time: those still ahead of it are made again; one whose
      // moment is already here is said by the change's own notice.
      reminded: { day: ahead <= DAY_MS, hour: ahead <= HOUR_MS },
    })
  }
  const place = input.place?.trim()
  if (place && place !== s.place) {
    fields.push({ label: '地点', from: s.place, to: place })
    set.place = place
  }
  /** Lowered capacities: the update holds only while no more seats than that are taken. */
  const lowered: Record<string, number> = {}
  const raised: string[] = []
  for (const [key, capacity] of Object.entries(input.capacities ?? {})) {
    const r = s.roles[key]
    if (!r) throw new AppError('INVALID_INPUT', '没有这个名额', { capacities: '没有这个名额' })
    if (capacity === r.capacity) continue
    if (capacity < r.taken)
      throw new AppError(
        'CONFLICT',
        `“${r.name}”已有${r.taken}人报名，人数不能少于${r.taken}；如需减少，请先在名单中为报名者代为取消（请假）`,
      )
    if (capacity < r.capacity) lowered[key] = capacity
    else raised.push(key)
    fields.push({ label: `${r.name}人数`, from: String(r.capacity), to: String(capacity) })
    set[`roles.${key}.capacity`] = capacity
  }
  return { fields, set, lowered, raised, moved: moved || 'place' in set, next }
}

/** 修改本场. */
export async function editSession(
  input: {
    sessionId: string
    date?: string
    time?: string
    durationMinutes?: number
    place?: string
    capacities?: Record<string, number>
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const s = await loadSession(db, input.sessionId)
  mustOrganise(caller, s, '修改活动')
  stillAhead(s, at, '修改')
  const c = sessionChanges(s, input, at)
  if (c.fields.length === 0) return roster(db, caller, s, at)
  const _ = db.command
  const place = (c.set.place as string | undefined) ?? s.place
  const note = `${when(c.next.startAt, c.next.endAt)}，${place}`
  const notices: Omit<OutboxEntry, 'seq'>[] = c.moved
    ? [
        sessionNotice(
          s,
          {
            to: [{ placesOf: s._id }],
            title: '您报名的活动时间地点有变',
            body: `${s.title}：改为${note}`,
            state: '已变更',
            time: c.next.startAt,
            note: `改为${note}`,
            where: place,
          },
          at,
        ),
      ]
    : []
  // As read: still open, at the time read, and no more seats taken than a lowered capacity.
  const marker = {
    closedAt: null,
    startAt: new Date(s.startAt),
    ...Object.fromEntries(Object.entries(c.lowered).map(([k, cap]) => [`roles.${k}.taken`, _.lte(cap)])),
  }
  const event = changeEvent(caller, at, 'edit', c.fields, null)
  const done = await commitSession(db, s, marker, { ...c.set, changes: _.push([event]) }, notices)
  if (!done) throw new AppError('CONFLICT', '报名人数或活动已变化，请刷新后再试')
  for (const key of c.raised) await fillFreeSeats(db, s._id, key, at)
  const after = await loadSession(db, s._id)
  if (notices.length) await fanOutNow(db, SESSION_OUTBOX, after, at)
  return roster(db, caller, after, at)
}

/** One session called off, in one conditional write with its notices (none: the activity's tell). */
async function callOff(
  db: Database,
  s: SessionDoc,
  cancelled: Cancellation,
  event: ChangeEvent,
  notices: Omit<OutboxEntry, 'seq'>[],
): Promise<boolean> {
  const _ = db.command
  const at = cancelled.at
  return commitSession(
    db,
    s,
    { closedAt: null },
    {
      cancelled,
      closedAt: at,
      reminded: { day: true, hour: true },
      visitsCheckedAt: at,
      changes: _.push([event]),
    },
    notices,
  )
}

function cancelNotice(s: SessionDoc, to: string[], title: string, reason: string, at: Date) {
  return sessionNotice(
    s,
    {
      to: to.map((id) => ({ placesOf: id })),
      title,
      body: `${title === '活动已取消' ? s.title : `${s.title}（${formatLocal(s.startAt, 'M月D日 HH:mm')}）`}：${reason}`,
      state: '已取消',
      time: new Date(s.startAt),
      note: reason,
    },
    at,
  )
}

/** 取消本场. */
export async function callOffSession(
  input: { sessionId: string; reason: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const s = await loadSession(db, input.sessionId)
  mustOrganise(caller, s, '取消活动')
  stillAhead(s, at, '取消')
  const cancelled: Cancellation = { reason: input.reason, at, by: actorOf(caller) }
  const event = changeEvent(caller, at, 'cancel', [], input.reason)
  const notice = cancelNotice(s, [s._id], '您报名的这场活动已取消', input.reason, at)
  if (!(await callOff(db, s, cancelled, event, [notice])))
    throw new AppError('CONFLICT', '这场活动已取消或已经开始')
  const after = await loadSession(db, s._id)
  await fanOutNow(db, SESSION_OUTBOX, after, at)
  return roster(db, caller, after, at)
}

/**
 * 取消活动: every session not yet begun, each by the same conditional write; one notice in the
 * soonest one's outbox names them all, so someone signed up for every 四点半课堂 hears once.
 */
export async function callOffActivity(
  input: { activityId: string; reason: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const a = await loadActivity(db, input.activityId)
  mustOrganiseActivity(caller, a, '取消活动')
  if (a.cancelled) throw new AppError('CONFLICT', '这个活动已取消')
  const res = await sessions(db)
    .where({ activityId: a._id, closedAt: null, startAt: _.gt(at) })
    .orderBy('startAt', 'asc')
    .limit(MAX_SESSIONS_PER_ACTIVITY)
    .get()
  const cancelled: Cancellation = { reason: input.reason, at, by: actorOf(caller) }
  const event = changeEvent(caller, at, 'cancel', [], input.reason)
  const done: SessionDoc[] = []
  for (const s of res.data) if (await callOff(db, s, cancelled, event, [])) done.push(s)
  await activities(db)
    .where({ _id: a._id })
    .update({ cancelled, changes: _.push([event]) })
  const first = done[0]
  if (first) {
    const notice = cancelNotice(
      first,
      done.map((s) => s._id),
      '活动已取消',
      input.reason,
      at,
    )
    // No marker: the sessions are already called off; this only appends the notice.
    await postSessionNotices(db, await loadSession(db, first._id), [notice], at)
  }
  return { id: a._id, cancelled: done.length }
}

const ACTIVITY_FIELDS = { title: '名称', description: '介绍', organiser: '组织者' } as const

/** 修改活动: name, introduction, organiser; the name on every session not over yet too. */
export async function editActivity(
  input: { activityId: string; title?: string; description?: string; organiser?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const a = await loadActivity(db, input.activityId)
  mustOrganiseActivity(caller, a, '修改活动')
  if (a.cancelled) throw new AppError('CONFLICT', '这个活动已取消')
  const fields: Field[] = []
  const set: Record<string, string> = {}
  for (const key of Object.keys(ACTIVITY_FIELDS) as (keyof typeof ACTIVITY_FIELDS)[]) {
    const value = input[key]
    if (value === undefined || value === a[key]) continue
    fields.push({ label: `活动${ACTIVITY_FIELDS[key]}`, from: a[key], to: value })
    set[key] = value
  }
  if (fields.length === 0) return { id: a._id, changed: [] }
  const event = changeEvent(caller, at, 'edit', fields, null)
  await activities(db)
    .where({ _id: a._id })
    .update({ ...set, changes: _.push([event]) })
  // Each session still to come shows the activity's 台账 entry (and its new name).
  await sessions(db)
    .where({ activityId: a._id, closedAt: null })
    .update({ ...(set.title ? { title: set.title } : {}), changes: _.push([event]) })
  return { id: a._id, changed: Object.keys(set) }
}
