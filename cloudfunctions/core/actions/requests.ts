import { categoryOf, SLA_TIERS, type CategoryCode } from '../../../src/domain/categories'
import type { InboxPage, InboxTab, RequestDetail, RequestSummary } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import {
  availableActions,
  MAX_OPEN_REQUESTS_PER_RESIDENT,
  REQUEST_STATUSES,
  REQUEST_TRANSITIONS,
  routeToGrid,
  type Relation,
  OPEN_STATUSES,
  type RequestAction,
  type RequestStatus,
} from '../../../src/domain/request'
import { maskPhone } from '../../../src/domain/privacy'
import { canHandle, canSupervise, isStaffOf } from '../../../src/domain/access'
import { formatLocal } from '../../../src/domain/time'
import { addDuration } from '../../../src/domain/workdays'
import type { ActionContext, Caller, Deps } from '../context'
import { getBuilding, gridLabel, gridPath, staffedGrids } from '../community'
import { COLLECTIONS, type Database } from '../db'
import { derivedId } from '../ids'
import { moveBlocked } from '../rules'
import { nextCursor, pageQuery, type SortOrder } from '../paging'
import { fanOutNow, REQUEST_OUTBOX } from '../notify/fanout'
import { outboxEntries } from '../notify/outbox'
import { offlineResident } from '../onbehalf'
import type {
  BuildingDoc,
  GridDoc,
  MembershipDoc,
  PhotoDoc,
  RequestDoc,
  RequestEventDoc,
  UserDoc,
} from '../model'
import { checkPhotos, photoViews } from '../photos'
import { BUILT_IN_CALENDAR, type Calendar } from '../../../src/domain/calendar'
import { communityCalendar } from '../calendar'

const EVENT_TITLES: Record<string, string> = {
  create: '提交诉求',
  accept: '网格员接单',
  rate: '居民评价',
  cancel: '居民撤销',
}

function eventTitle(type: RequestEventDoc['type']): string {
  return EVENT_TITLES[type] ?? REQUEST_TRANSITIONS[type as RequestAction].label
}

export function requests(db: Database) {
  return db.collection(COLLECTIONS.requests)
}

export interface NewRequest {
  id: string
  requestId: string
  resident: { openid: string; name: string }
  building: BuildingDoc
  /** The grid it was routed to, with the ids from the community down to it; `homePath` is the
   * building's micro-grid path, whose figures it counts in (defaults to `path`). */
  grid: { id: string; name: string; path: string[]; level: number; homePath?: string[] }
  category: CategoryCode
  description: string
  at: Date
  /** 代录: the grid worker who files it for the resident; the first 台账 entry is theirs. */
  recordedBy?: { openid: string; name: string }
  photos?: PhotoDoc[]
  /** The content check asked for a person's look: the handler sees it in the first 台账 entry. */
  contentReview?: boolean
  /** The community's working days, for the clocks. */
  calendar: Calendar
}

/** The document of a new request: clocks from its category's SLA tier, the first 台账 entry. */
export function newRequestDoc(r: NewRequest): RequestDoc {
  const category = categoryOf(r.category)!
  const tier = SLA_TIERS[category.tier]
  const doc: RequestDoc = {
    _id: r.id,
    no: `${formatLocal(r.at, 'YYMMDD')}-${r.id.slice(0, 6).toUpperCase()}`,
    requestId: r.requestId,
    residentOpenid: r.resident.openid,
    residentName: r.resident.name,
    communityId: r.building.communityId,
    buildingCode: r.building._id,
    buildingName: r.building.name,
    gridId: r.grid.id,
    gridName: r.grid.name,
    gridPath: r.grid.path,
    homeGridPath: r.grid.homePath ?? r.grid.path,
    level: r.grid.level,
    category: category.code as CategoryCode,
    tier: category.tier,
    description: r.description,
    status: 'assigned',
    assigneeOpenid: null,
    assigneeName: null,
    createdAt: r.at,
    updatedAt: r.at,
    assignedAt: r.at,
    acceptBy: addDuration(r.at, tier.acceptWithin, r.calendar),
    resolveBy: addDuration(r.at, tier.resolveWithin, r.calendar),
    escalateBy: null,
    reopenCount: 0,
    recordedBy: r.recordedBy ?? null,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolutionNote: null,
    rating: null,
    ratingComment: null,
    photos: r.photos ?? [],
    events: [],
    outbox: [],
    outboxSeq: 0,
    outboxFanned: 0,
    outboxPending: false,
  }
  const event: RequestEventDoc = {
    at: r.at,
    type: 'create',
    actorOpenid: r.recordedBy?.openid ?? r.resident.openid,
    actorName: r.recordedBy ? `${r.recordedBy.name}（代${r.resident.name}录入）` : r.resident.name,
    from: null,
    to: 'assigned',
    note: `已分派至${r.grid.name}${r.contentReview ? '；内容待人工审核' : ''}`,
  }
  const outbox = outboxEntries(doc, event, 0)
  return { ...doc, events: [event], outbox, outboxSeq: outbox.length, outboxPending: outbox.length > 0 }
}

/** Where a request from `building` goes now: its micro-grid, or the first staffed level above. */
export async function routeForBuilding(db: Database, building: BuildingDoc): Promise<NewRequest['grid']> {
  const path = await gridPath(db, building.gridId)
  const staffed = await staffedGrids(
    db,
    path.map((g) => g._id),
  )
  const grid = routeToGrid(
    path.map((g) => ({ ...g, id: g._id })),
    staffed,
  )
  const assignedPath = path.slice(0, path.findIndex((g) => g._id === grid._id) + 1)
  return {
    id: grid._id,
    name: gridLabel(assignedPath) || grid.name,
    path: assignedPath.map((g) => g._id),
    level: grid.level,
    homePath: path.map((g) => g._id),
  }
}

/** The same resident and requestId always name the same document: creates are idempotent. */
export function requestDocId(openid: string, requestId: string): string {
  return derivedId(openid, requestId)
}

export function toSummary(doc: RequestDoc): RequestSummary {
  return {
    id: doc._id,
    no: doc.no,
    category: doc.category,
    categoryName: categoryOf(doc.category)?.name ?? doc.category,
    description: doc.description,
    status: doc.status,
    statusName: REQUEST_STATUSES[doc.status],
    buildingName: doc.buildingName,
    gridName: doc.gridName,
    level: doc.level,
    assigneeName: doc.assigneeName,
    recordedByName: doc.recordedBy?.name ?? null,
    createdAt: doc.createdAt.toISOString(),
    acceptBy: doc.acceptBy.toISOString(),
    resolveBy: doc.resolveBy.toISOString(),
    overdueMark: overdueMark(doc),
  }
}

/** What the 台账 says of the last clock that ran out on it, in a line; null if none did. */
function overdueMark(doc: RequestDoc): string | null {
  const late = [...doc.events].reverse().find((e) => LATE_EVENTS.includes(e.type))
  if (!late) return null
  return `${formatLocal(late.at, 'MM-DD HH:mm')} ${REQUEST_TRANSITIONS[late.type as RequestAction].label}：${late.note ?? ''}`
}

const LATE_EVENTS: string[] = ['acceptTimeout', 'resolveOverdue', 'overdueEscalate']

export function relationsOf(doc: RequestDoc, caller: Caller): Set<Relation> {
  const relations = new Set<Relation>()
  if (doc.residentOpenid === caller.openid) relations.add('owner')
  // 代录: a leader above (or the admin) calls the resident back and rates for them — not the
  // worker who recorded it, who may well be the one handling it.
  if (doc.recordedBy && canSupervise(caller.memberships, doc)) relations.add('proxy')
  if (canHandle(caller.memberships, doc)) relations.add('handler')
  if (canSupervise(caller.memberships, doc)) relations.add('supervisor')
  // What a worker did on it counts only while they are still staff of its community: a revoked
  // member no longer sees the resident, the photos or a 办结 button on what they once accepted.
  if (!isStaffOf(caller.memberships, doc.communityId)) return relations
  // A worker who handed it up or back can still follow what became of it (read only).
  if (doc.events.some((e) => e.actorOpenid === caller.openid && e.type !== 'create')) relations.add('former')
  if (doc.assigneeOpenid === caller.openid) relations.add('assignee')
  return relations
}

async function residentOf(
  db: Database,
  doc: RequestDoc,
  relations: Set<Relation>,
): Promise<RequestDetail['resident']> {
  if (!relations.has('handler') && !relations.has('assignee')) return null
  const res = await db.collection(COLLECTIONS.users).doc(doc.residentOpenid).get()
  const user = res.data?.[0] as UserDoc | undefined
  // Masked for everyone: the one who must call back asks for the whole number (person.reveal),
  // which is logged (architecture.md, "Personal data").
  return {
    name: user?.name ?? doc.residentName,
    phone: maskPhone(user?.phone) ?? null,
    room: user?.room ?? null,
    noPhone: !user?.phone && !!user?.noPhone,
  }
}

/** The moves this caller may make `at` this moment: the table's, less those a rule would refuse. */
async function offeredActions(
  db: Database,
  doc: RequestDoc,
  relations: Set<Relation>,
  caller: Caller,
  at: Date,
): Promise<RequestAction[]> {
  const actions = availableActions(doc.status, relations)
  // Only the 退回 window counts working days: the calendar is read when that button is in question.
  const calendar = actions.includes('return')
    ? await communityCalendar(db, doc.communityId)
    : BUILT_IN_CALENDAR
  return actions.filter((a) => !moveBlocked(doc, a, at, caller.openid, calendar))
}

/** The request as this caller may see it, with the buttons that would really work `at` this moment. */
export async function toDetail(
  { db, files }: Pick<Deps, 'db' | 'files'>,
  doc: RequestDoc,
  caller: Caller,
  at: Date,
): Promise<RequestDetail> {
  const relations = relationsOf(doc, caller)
  const photos = photoViews(files, doc, relations)
  return {
    ...toSummary(doc),
    events: doc.events.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      title: eventTitle(e.type),
      actorName: e.actorName,
      from: e.from,
      to: e.to,
      note: e.note,
    })),
    resolutionNote: doc.resolutionNote,
    rating: doc.rating,
    ratingComment: doc.ratingComment,
    resident: await residentOf(db, doc, relations),
    actions: await offeredActions(db, doc, relations, caller, at),
    reopenCount: doc.reopenCount,
    photos: await photos,
  }
}

async function findRequest(db: Database, id: string): Promise<RequestDoc | undefined> {
  return (await requests(db).doc(id).get()).data?.[0] as RequestDoc | undefined
}

/** A request the caller may see: its resident or someone who may handle it. Others get NOT_FOUND. */
export async function loadVisible(db: Database, id: string, caller: Caller): Promise<RequestDoc> {
  const doc = await findRequest(db, id)
  if (!doc || relationsOf(doc, caller).size === 0)
    throw new AppError('NOT_FOUND', '找不到这条诉求，或您无权查看')
  return doc
}

export function actorName(caller: Caller): string {
  return caller.user?.name ?? '微信用户'
}

export async function createRequest(
  input: { requestId: string; category: CategoryCode; description: string; photos?: string[] },
  { deps, caller, contentCheck }: ActionContext,
): Promise<RequestSummary> {
  const { db, now } = deps
  const id = requestDocId(caller.openid, input.requestId)
  const existing = await findRequest(db, id)
  if (existing) return toSummary(existing)
  const at = now()
  const photos = await checkPhotos(deps, caller.openid, input.photos, 'post', at)

  const user = caller.user as UserDoc
  const building = await getBuilding(db, user.buildingCode as string)
  const doc = newRequestDoc({
    id,
    requestId: input.requestId,
    resident: { openid: caller.openid, name: user.name },
    building,
    grid: await routeForBuilding(db, building),
    category: input.category,
    description: input.description,
    at,
    photos,
    contentReview: contentCheck === 'review',
    calendar: await communityCalendar(db, building.communityId),
  })
  return insertNew(db, doc)
}

/**
 * Inserts a new request, idempotent by `_id`, then claims its resident's open slot. In that order:
 * parallel retries of one requestId meet at the insert, and only the copy that inserted claims a
 * slot, so a retry answers with the first result instead of "您已有10条诉求" (the others never
 * claimed one). Over the limit, the insert is taken back. Nobody hears of it before the slot is
 * held: the outbox is marked pending only then.
 */
export async function insertNew(db: Database, doc: RequestDoc): Promise<RequestSummary> {
  try {
    await requests(db).add({ ...doc, outboxPending: false })
  } catch (err) {
    // The same requestId raced in twice: the first insert won, answer with it.
    const first = await findRequest(db, doc._id)
    if (first) return toSummary(first)
    throw err
  }
  try {
    await claimOpenSlot(db, doc.residentOpenid)
  } catch (err) {
    await requests(db).doc(doc._id).remove()
    throw err
  }
  if (doc.outboxPending) await requests(db).doc(doc._id).update({ outboxPending: true })
  await fanOutNow(db, REQUEST_OUTBOX, doc, doc.createdAt)
  return toSummary(doc)
}

/**
 * 代录: a grid worker files a request for a resident without a phone (domain.md). The resident
 * gets an offline record of their own (their limit, their phone for the handler); a leader above
 * stands in for them after a callback (rates, may cancel), so nobody rates their own work.
 */
export async function createOnBehalf(
  input: {
    requestId: string
    buildingCode: string
    residentName: string
    residentPhone?: string
    room?: string
    category: CategoryCode
    description: string
    photos?: string[]
  },
  { deps, caller, contentCheck }: ActionContext,
): Promise<RequestSummary> {
  const { db, now } = deps
  const id = requestDocId(caller.openid, input.requestId)
  const existing = await findRequest(db, id)
  if (existing) return toSummary(existing)

  const at = now()
  // Taken by the worker on the resident's behalf: their own uploads. Checked before any write.
  const photos = await checkPhotos(deps, caller.openid, input.photos, 'post', at)
  const { building, residentId, save } = await offlineResident(db, caller, input, at)
  await save()

  const recorder = { openid: caller.openid, name: actorName(caller) }
  const doc = newRequestDoc({
    id,
    requestId: input.requestId,
    resident: { openid: residentId, name: input.residentName },
    building,
    grid: await routeForBuilding(db, building),
    category: input.category,
    description: input.description,
    at,
    recordedBy: recorder,
    photos,
    contentReview: contentCheck === 'review',
    calendar: await communityCalendar(db, building.communityId),
  })
  return insertNew(db, doc)
}

/** The buildings a grid worker serves: where they may 代录. */
export async function buildingsServed(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const communities = [...new Set(caller.memberships.map((m) => m.communityId))]
  const grids = (
    await db
      .collection(COLLECTIONS.grids)
      .where({ communityId: _.in(communities) })
      .limit(1000)
      .get()
  ).data as GridDoc[]
  const served = grids.filter((g) =>
    canHandle(caller.memberships, { communityId: g.communityId, gridId: g._id, gridPath: g.path }),
  )
  const buildings = (
    await db
      .collection(COLLECTIONS.buildings)
      .where({ gridId: _.in(served.map((g) => g._id)) })
      .limit(1000)
      .get()
  ).data as BuildingDoc[]
  const byId = new Map(grids.map((g) => [g._id, g]))
  return {
    buildings: buildings
      .sort((a, b) => a._id.localeCompare(b._id))
      .map((b) => ({
        code: b._id,
        name: b.name,
        gridName: gridLabel(
          (byId.get(b.gridId)?.path ?? []).map((id) => byId.get(id)).filter((g): g is GridDoc => !!g),
        ),
      })),
  }
}

/**
 * At most MAX_OPEN_REQUESTS_PER_RESIDENT requests waiting or in progress per resident, enforced
 * with a counter on the user claimed by an atomic conditional update (a count-then-insert lets
 * parallel submissions through). Released when a request leaves the open statuses.
 */
export async function claimOpenSlot(db: Database, openid: string): Promise<void> {
  const _ = db.command
  const res = await db
    .collection(COLLECTIONS.users)
    .where(
      _.and([
        { _id: openid },
        _.or([{ openCount: _.lt(MAX_OPEN_REQUESTS_PER_RESIDENT) }, { openCount: _.exists(false) }]),
      ]),
    )
    .update({ openCount: _.inc(1) })
  if (res.updated !== 1) {
    throw new AppError(
      'RATE_LIMITED',
      `您已有${MAX_OPEN_REQUESTS_PER_RESIDENT}条诉求正在办理，请等办结后再提交新的，或联系网格员`,
    )
  }
}

export async function releaseOpenSlot(db: Database, openid: string): Promise<void> {
  const _ = db.command
  await db
    .collection(COLLECTIONS.users)
    .where({ _id: openid, openCount: _.gt(0) })
    .update({ openCount: _.inc(-1) })
}

export async function getRequest(
  input: { id: string },
  { deps, caller }: ActionContext,
): Promise<RequestDetail> {
  return toDetail(deps, await loadVisible(deps.db, input.id, caller), caller, deps.now())
}

type RequestOrder = SortOrder<'acceptBy' | 'createdAt'>

function pageRequests(db: Database, where: object, order: RequestOrder, cursor?: string) {
  return pageQuery(db, COLLECTIONS.requests, where, order, cursor)
}

const NEWEST_FIRST: RequestOrder = { field: 'createdAt', direction: 'desc' }

export async function listMine(input: { cursor?: string }, { deps, caller }: ActionContext) {
  const res = await pageRequests(deps.db, { residentOpenid: caller.openid }, NEWEST_FIRST, input.cursor).get()
  const docs = res.data as RequestDoc[]
  return { items: docs.map(toSummary), nextCursor: nextCursor(docs, NEWEST_FIRST) }
}

export const TAB_STATUSES: Record<InboxTab, RequestStatus[]> = {
  assigned: ['assigned'],
  accepted: ['accepted'],
  slipped: [...OPEN_STATUSES],
  done: ['resolved', 'closed'],
}

/**
 * The requests one grid worker works on: a member the grids they serve, a leader their grid and
 * the micro-grids below it, the community admin the whole community.
 */
function inboxScope(db: Database, memberships: MembershipDoc[], tab: InboxTab): Record<string, unknown>[] {
  const _ = db.command
  const of = (role: MembershipDoc['role']) => memberships.filter((m) => m.role === role)
  const adminOf = of('communityAdmin').map((m) => m.communityId)
  const leaderGrids = of('gridLeader').map((m) => m.gridId as string)
  const memberGrids = of('gridMember').map((m) => m.gridId as string)
  // 超时: by where it slipped from, wherever it is now.
  if (tab === 'slipped') {
    if (adminOf.length) return [{ communityId: _.in(adminOf), slippedFrom: _.exists(true) }]
    const grids = [...leaderGrids, ...memberGrids]
    return grids.length ? [{ slippedFrom: _.in(grids) }] : []
  }
  if (adminOf.length) return [{ communityId: _.in(adminOf) }]
  const scopes: Record<string, unknown>[] = []
  if (leaderGrids.length) scopes.push({ gridPath: _.in(leaderGrids) })
  if (memberGrids.length) scopes.push({ gridId: _.in(memberGrids) })
  return scopes
}

/**
 * 待接单 comes most urgent first (earliest accept deadline), so the ones about to escalate are
 * on top; the other tabs newest first.
 */
const TAB_ORDER: Record<InboxTab, RequestOrder> = {
  assigned: { field: 'acceptBy', direction: 'asc' },
  accepted: NEWEST_FIRST,
  slipped: NEWEST_FIRST,
  done: NEWEST_FIRST,
}

/**
 * The database queries behind one inbox page: the page itself and the counts of the two tabs
 * that are work to do. 已办结 has no count: it only grows, and counting it on every open of the
 * workbench cost more than everything else together (bench: 58 of 84 ms for a member at 100k).
 */
export function inboxQueries(db: Database, memberships: MembershipDoc[], tab: InboxTab, cursor?: string) {
  const _ = db.command
  const inTab = (t: InboxTab) => {
    const scope = inboxScope(db, memberships, t)
    const status = { status: _.in(TAB_STATUSES[t]) }
    // No scope (a staff role with no grid): a condition nothing matches.
    if (scope.length === 0) return { _id: _.in([]) }
    return scope.length === 1 ? { ...scope[0], ...status } : _.and([_.or(scope), status])
  }
  const order = TAB_ORDER[tab]
  return {
    order,
    page: pageRequests(db, inTab(tab), order, cursor),
    assigned: requests(db).where(inTab('assigned')),
    accepted: requests(db).where(inTab('accepted')),
    slipped: requests(db).where(inTab('slipped')),
  }
}

export async function inbox(
  input: { tab: InboxTab; cursor?: string },
  { deps, caller }: ActionContext,
): Promise<InboxPage> {
  const q = inboxQueries(deps.db, caller.memberships, input.tab, input.cursor)
  const [list, assigned, accepted, slipped] = await Promise.all([
    q.page.get(),
    q.assigned.count(),
    q.accepted.count(),
    q.slipped.count(),
  ])
  const docs = list.data as RequestDoc[]
  return {
    items: docs.map(toSummary),
    counts: { assigned: assigned.total, accepted: accepted.total, slipped: slipped.total },
    nextCursor: nextCursor(docs, q.order),
  }
}
