/**
 * 协助组织者 (issue 18, part 2): the organiser of an activity adds a registered volunteer or staff
 * member of its community (the volunteer tutor on site), who may then run the day of every session
 * — roster, check-in and check-out, handing a child to a registered collector, 请假 — but not edit
 * the activity, confirm the hours, print the code, lift a lock or add organisers (access.ts).
 *
 * The activity holds the list, each change a line of its 台账 (`changes`, beside 修改 / 取消); each
 * session keeps the openids, which is what authorizes the day's actions (mayRunOnTheDay) without
 * another read. The activity's list is changed by a conditional update on its revision, then
 * copied onto the sessions: a retry repairs a copy cut short, and adds no event or notice twice.
 * The person added (or removed) is told through the session's outbox, on the next session (or the
 * last, when all are past).
 */
import { CO_ORGANISER_ROLES, mayOrganise } from '../../../src/domain/access'
import type { OrganisersView } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { ROLES, type Membership } from '../../../src/domain/roles'
import { actorOf } from '../audit'
import type { ActionContext } from '../context'
import { byIds, collection, type Database } from '../db'
import type { ActivityDoc, ChangeEvent, CoOrganiserDoc } from '../model'
import { mustOrganise } from './access'
import { postSessionNotices, sessionNotice } from './messages'
import { activities, loadActivity, sessions } from './store'

type Person = OrganisersView['candidates'][number]

/** The community's volunteers and staff who may help, each once (by the highest role they hold). */
async function candidatesOf(db: Database, activity: ActivityDoc): Promise<Person[]> {
  const _ = db.command
  const res = await collection(db, 'memberships')
    .where({ communityId: activity.communityId, role: _.in([...CO_ORGANISER_ROLES]) })
    .limit(1000)
    .get()
  const held = new Map<string, Membership[]>()
  for (const m of res.data) held.set(m.openid, [...(held.get(m.openid) ?? []), m])
  const users = new Map((await byIds(db, 'users', [...held.keys()])).map((u) => [u._id, u]))
  const taken = new Set((activity.coOrganisers ?? []).map((c) => c.openid))
  // Named by the highest role held; listed volunteers first (the tutor on site), then staff.
  const rank = (m: Membership) => CO_ORGANISER_ROLES.indexOf(m.role)
  return [...held]
    .filter(([openid, ms]) => !taken.has(openid) && !mayOrganise(ms, openid, activity))
    .map(([openid, ms]) => ({ openid, top: Math.max(...ms.map(rank)) }))
    .sort((a, b) => {
      const [x, y] = [users.get(a.openid)?.name ?? '', users.get(b.openid)?.name ?? '']
      return a.top - b.top || x.localeCompare(y, 'zh')
    })
    .map(({ openid, top }) => ({
      openid,
      name: users.get(openid)?.name ?? '微信用户',
      roleName: ROLES[CO_ORGANISER_ROLES[top]],
    }))
}

const LABEL = '协助组织者'
const nameOf = (who: { name: string; roleName: string }) => `${who.name}（${who.roleName}）`

/** “添加协助组织者：冯雪（志愿者）”: a line of the activity's 台账 that changed the list. */
function organiserNote(c: ChangeEvent): string {
  const f = c.fields[0]
  return c.type === 'organiser.add' ? `添加${LABEL}：${f?.to ?? ''}` : `移除${LABEL}：${f?.from ?? ''}`
}

async function view(db: Database, activity: ActivityDoc): Promise<OrganisersView> {
  return {
    activityId: activity._id,
    title: activity.title,
    organisers: (activity.coOrganisers ?? []).map(({ openid, name, roleName }) => ({
      openid,
      name,
      roleName,
    })),
    candidates: await candidatesOf(db, activity),
    events: (activity.changes ?? [])
      .filter((c) => c.type === 'organiser.add' || c.type === 'organiser.remove')
      .reverse()
      .slice(0, 20)
      .map((c) => ({ at: new Date(c.at).toISOString(), actorName: c.actor.name, note: organiserNote(c) })),
  }
}

/** Every session of the activity carries the activity's list (what authorizes the day's work). */
async function copyToSessions(db: Database, activity: ActivityDoc): Promise<void> {
  await sessions(db)
    .where({ activityId: activity._id })
    .update({ coOrganisers: (activity.coOrganisers ?? []).map((c) => c.openid) })
}

/** The person hears of it on the activity's next session (or its last one, when all are past). */
async function tell(
  db: Database,
  activity: ActivityDoc,
  openid: string,
  title: string,
  body: string,
  at: Date,
) {
  const _ = db.command
  const next = await sessions(db)
    .where({ activityId: activity._id, endAt: _.gt(at) })
    .orderBy('startAt', 'asc')
    .limit(1)
    .get()
  const last = next.data.length
    ? next
    : await sessions(db).where({ activityId: activity._id }).orderBy('startAt', 'desc').limit(1).get()
  const session = last.data[0]
  if (!session) return
  const notice = sessionNotice(
    session,
    {
      to: [{ user: openid }],
      title,
      body: `${activity.title}：${body}`,
      state: '协助组织',
      time: new Date(session.startAt),
      note: body,
    },
    at,
  )
  await postSessionNotices(db, session, [notice], at)
}

/** One change of the list, on the revision read: two organisers at once cannot lose each other's. */
async function commitList(
  db: Database,
  activity: ActivityDoc,
  next: CoOrganiserDoc[],
  event: ChangeEvent,
): Promise<ActivityDoc> {
  const _ = db.command
  const rev = activity.organisersRev
  const res = await activities(db)
    .where({ _id: activity._id, organisersRev: rev === undefined ? _.exists(false) : rev })
    .update({ coOrganisers: next, changes: _.push([event]), organisersRev: (rev ?? 0) + 1 })
  if (res.updated !== 1) throw new AppError('CONFLICT', '协助组织者刚被修改过，请刷新后再试')
  const saved = await loadActivity(db, activity._id)
  await copyToSessions(db, saved)
  return saved
}

export async function listOrganisers(input: { activityId: string }, { deps, caller }: ActionContext) {
  const activity = await loadActivity(deps.db, input.activityId)
  mustOrganise(caller, activity, '查看协助组织者')
  return view(deps.db, activity)
}

export async function addOrganiser(
  input: { activityId: string; openid: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const activity = await loadActivity(db, input.activityId)
  mustOrganise(caller, activity, '添加协助组织者')
  // Already there (a double tap, a retry): nothing new, but the sessions' copy made whole.
  if (activity.coOrganisers?.some((c) => c.openid === input.openid)) {
    await copyToSessions(db, activity)
    return view(db, activity)
  }
  const who = (await candidatesOf(db, activity)).find((c) => c.openid === input.openid)
  if (!who) {
    const ms = await collection(db, 'memberships').where({ openid: input.openid }).limit(100).get()
    if (mayOrganise(ms.data, input.openid, activity))
      throw new AppError('CONFLICT', '这位已是活动的组织者，无需再添加')
    throw new AppError('INVALID_INPUT', '只能添加本社区登记的志愿者或网格工作人员', {
      openid: '只能添加本社区登记的志愿者或网格工作人员',
    })
  }
  const actor = actorOf(caller, '组织者')
  const saved = await commitList(
    db,
    activity,
    [...(activity.coOrganisers ?? []), { ...who, addedAt: at, addedBy: actor }],
    { at, type: 'organiser.add', actor, fields: [{ label: LABEL, from: '', to: nameOf(who) }], reason: null },
  )
  await tell(
    db,
    saved,
    who.openid,
    '您已成为活动的协助组织者',
    `${actor.name}请您协助当天的签到、签退和孩子交接（活动 → 签到与名单）`,
    at,
  )
  return view(db, saved)
}

export async function removeOrganiser(
  input: { activityId: string; openid: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const activity = await loadActivity(db, input.activityId)
  mustOrganise(caller, activity, '移除协助组织者')
  const who = activity.coOrganisers?.find((c) => c.openid === input.openid)
  // Not (or no longer) there: nothing to remove; the sessions' copy made whole.
  if (!who) {
    await copyToSessions(db, activity)
    return view(db, activity)
  }
  const actor = actorOf(caller, '组织者')
  const saved = await commitList(
    db,
    activity,
    (activity.coOrganisers ?? []).filter((c) => c.openid !== input.openid),
    {
      at,
      type: 'organiser.remove',
      actor,
      fields: [{ label: LABEL, from: nameOf(who), to: '' }],
      reason: null,
    },
  )
  await tell(db, saved, who.openid, '您不再是活动的协助组织者', `${actor.name}已将您移出协助组织者`, at)
  return view(db, saved)
}
