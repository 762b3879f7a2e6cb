/**
 * 暖心助老 / 爱心敲门: an elder-care team (an activity of kind elderCare) has a list of elders from
 * the community's records, consent noted, and visit days (its sessions, whose volunteers are the
 * rota). Each visit is logged — seen, well or unwell, needs; "unwell" or a need raises a request
 * for the elder's building grid, linked to the visit. A visit not logged by the end of its day is
 * flagged to the grid that serves the elder's building (the scheduler, jobs.ts).
 */
import { VISIT_TRANSITIONS } from '../../../src/domain/visit'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { formatLocal } from '../../../src/domain/time'
import { getBuilding } from '../community'
import type { ActionContext, Caller } from '../context'
import { byIds, type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { ElderDoc, SessionDoc, VisitDoc } from '../model'
import { offlineRecord, servedBuilding } from '../requests/onbehalf'
import { actorOf } from '../audit'
import { fileRequest } from '../requests/create'
import { requestDocId } from '../requests/store'
import { organises } from './access'
import { activities, elders, loadActivity, loadSession, signupId, signups, visits } from './store'
import { elderView, sessionView, viewerOf, type ElderView } from './views'

type VisitList = ActionOutput<'visit.list'>

/** 登记老人: by the community admin or the grid serving the building; optionally onto a team. */
export async function addElder(
  input: {
    requestId: string
    buildingCode: string
    name: string
    room: string
    phone: string
    consent: { by: string; note: string }
    notes: string
    activityId?: string
  },
  { deps, caller }: ActionContext,
): Promise<ElderView> {
  const { db, now } = deps
  const { building } = await servedBuilding(db, caller, input.buildingCode, '只能登记您负责楼栋的老人')
  const activity = input.activityId ? await loadActivity(db, input.activityId) : null
  if (activity && activity.kind !== 'elderCare')
    throw new AppError('INVALID_INPUT', '只有暖心助老活动有探访名单', {
      activityId: '只有暖心助老活动有探访名单',
    })
  if (activity && activity.communityId !== building.communityId)
    throw new AppError('FORBIDDEN', '只能加入本社区的助老队伍')
  const id = derivedId('elder', caller.openid, input.requestId)
  const at = now()
  const doc: ElderDoc = {
    _id: id,
    requestId: input.requestId,
    communityId: building.communityId,
    buildingCode: building._id,
    name: input.name,
    room: input.room,
    phone: input.phone,
    consent: { by: input.consent.by, at, note: input.consent.note },
    notes: input.notes,
    createdBy: caller.openid,
    createdAt: at,
  }
  const existing = await elders(db).doc(id).get()
  const elder = existing.data?.[0] ?? doc
  if (!existing.data?.length) await elders(db).add(doc)
  if (activity)
    await activities(db)
      .doc(activity._id)
      .update({ elderIds: db.command.addToSet(elder._id) })
  return elderView(elder)
}

/** Who may see and log a visit day: its organiser, or a volunteer holding a seat in it. */
async function mayVisit(db: Database, caller: Caller, session: SessionDoc): Promise<void> {
  if (session.kind !== 'elderCare') throw new AppError('INVALID_INPUT', '这不是暖心助老活动')
  if (organises(caller, session)) return
  const res = await signups(db)
    .doc(signupId(session._id, { openid: caller.openid, childId: null }))
    .get()
  const mine = res.data?.[0]
  if (!mine || mine.status !== 'confirmed')
    throw new AppError('FORBIDDEN', '只有本次探访的志愿者和组织者可以查看探访名单')
}

async function visitList(db: Database, caller: Caller, session: SessionDoc): Promise<VisitList> {
  const _ = db.command
  const activity = await loadActivity(db, session.activityId)
  const ids = activity.elderIds ?? []
  const [list, logs] = await Promise.all([
    byIds(db, 'elders', ids),
    visits(db).where({ sessionId: session._id }).limit(100).get(),
  ])
  const bySenior = new Map(logs.data.map((v) => [v.elderId, v]))
  const requestNos = new Map<string, string>()
  const raised = logs.data.map((v) => v.requestId).filter((x): x is string => !!x)
  if (raised.length) {
    const res = await collection(db, 'requests')
      .where({ _id: _.in(raised) })
      .field({ _id: true, no: true })
      .limit(100)
      .get()
    for (const r of res.data as { _id: string; no: string }[]) requestNos.set(r._id, r.no)
  }
  return {
    session: await sessionView(db, session._id, await viewerOf(db, caller)),
    // A retired elder (moved away) is off the list from then on; a day already logged keeps them.
    items: list
      .filter((e) => !e.retired || bySenior.has(e._id))
      .map((e) => {
        const v = bySenior.get(e._id)
        return {
          elder: elderView(e),
          visit: v
            ? {
                status: v.status,
                seen: v.seen,
                wellbeing: v.wellbeing,
                needs: v.needs,
                note: v.note,
                by: v.by?.name ?? null,
                at: new Date(v.at).toISOString(),
                requestNo: v.requestId ? (requestNos.get(v.requestId) ?? null) : null,
              }
            : null,
        }
      }),
  }
}

export async function listVisits(input: { sessionId: string }, { deps, caller }: ActionContext) {
  const session = await loadSession(deps.db, input.sessionId)
  await mayVisit(deps.db, caller, session)
  return visitList(deps.db, caller, session)
}

/** 登记探访: once per elder per visit day, from the start of the visit until the day ends. */
export async function logVisit(
  input: {
    sessionId: string
    elderId: string
    seen: boolean
    wellbeing?: 'well' | 'unwell'
    needs: string
    note: string
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const session = await loadSession(db, input.sessionId)
  await mayVisit(db, caller, session)
  const activity = await loadActivity(db, session.activityId)
  if (!(activity.elderIds ?? []).includes(input.elderId))
    throw new AppError('NOT_FOUND', '这位老人不在本队的探访名单上')
  if (at < new Date(session.startAt)) throw new AppError('CONFLICT', '探访还没有开始')
  if (at >= new Date(session.dayEndAt)) throw new AppError('CONFLICT', '当天的探访记录已截止，请联系网格员')
  const elder = (await elders(db).doc(input.elderId).get()).data[0]
  if (elder.retired)
    throw new AppError('CONFLICT', `${elder.name}已停用（${elder.retired.reason}），不再探访`)
  const id = derivedId(session._id, elder._id)
  const by = actorOf(caller)
  const visit: VisitDoc = {
    _id: id,
    sessionId: session._id,
    activityId: session.activityId,
    elderId: elder._id,
    communityId: session.communityId,
    buildingCode: elder.buildingCode,
    status: VISIT_TRANSITIONS.log.to,
    seen: input.seen,
    wellbeing: input.seen ? (input.wellbeing ?? null) : null,
    needs: input.needs,
    note: input.note,
    requestId: null,
    by,
    at,
  }
  try {
    await visits(db).add(visit)
  } catch {
    throw new AppError('CONFLICT', '这次探访已经登记过了')
  }
  if (visit.wellbeing === 'unwell' || visit.needs) await raiseRequest(db, visit, elder, by, at)
  return visitList(db, caller, session)
}

/**
 * "Unwell" or a need becomes a request for the elder's building grid, filed for the elder (an
 * offline resident, as 代录) by the volunteer, and linked both ways. Its id derives from the
 * visit, so a retry files nothing twice.
 */
async function raiseRequest(
  db: Database,
  visit: VisitDoc,
  elder: ElderDoc,
  by: { openid: string; name: string },
  at: Date,
): Promise<void> {
  const building = await getBuilding(db, elder.buildingCode)
  const { residentId, save } = offlineRecord(
    db,
    building,
    { residentName: elder.name, residentPhone: elder.phone || undefined, room: elder.room || undefined },
    at,
  )
  await save()
  const requestId = `visit-${visit._id}`
  const what = [visit.wellbeing === 'unwell' ? '老人身体不适' : '', visit.needs ? `需要：${visit.needs}` : '']
    .filter(Boolean)
    .join('；')
  const summary = await fileRequest(
    db,
    {
      id: requestDocId(by.openid, requestId),
      requestId,
      resident: { openid: residentId, name: elder.name },
      building,
      category: 'help',
      description: `暖心助老探访（${formatLocal(at, 'M月D日')}）：${what}${visit.note ? `。${visit.note}` : ''}`,
      at,
      recordedBy: by,
    },
    // The visit files it, nobody chose the category: a 求助帮扶 the community disabled still goes.
    false,
  )
  await visits(db).doc(visit._id).update({ requestId: summary.id })
}
