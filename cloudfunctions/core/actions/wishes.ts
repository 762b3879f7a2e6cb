/**
 * 微心愿: a resident posts, their grid member reviews, the wall shows it without anything personal,
 * a volunteer claims (one at a time, atomically) and fulfils it, the resident (or the grid member
 * for them) confirms, and only then the points and hours enter the ledger — exactly once.
 */
import { AppError } from '../../../src/domain/errors'
import { POINT_RULES } from '../../../src/domain/points'
import { maskPhone } from '../../../src/domain/privacy'
import { canHandle, isVolunteerOf } from '../../../src/domain/access'
import { DAY_MS, local } from '../../../src/domain/time'
import {
  availableWishActions,
  MAX_PROMISE_DAYS,
  UNCLAIMED_HIGHLIGHT_DAYS,
  WISH_CATEGORIES,
  WISH_STATUSES,
  WISH_TRANSITIONS,
  wishTransition,
  type WishAction,
  type WishCategory,
  type WishRelation,
} from '../../../src/domain/wish'
import type { WishCard, WishDetail } from '../../../src/domain/contract'
import { auditEvent } from '../audit'
import { communitiesOf, getBuilding, gridLabel, gridPath } from '../community'
import { SYSTEM_ACTOR } from './transitions'
import type { ActionContext, Caller, Deps } from '../context'
import { COLLECTIONS, replacing, type Database } from '../db'
import { derivedId } from '../ids'
import { addPointsEntry } from '../points'
import type {
  BuildingDoc,
  GridDoc,
  MembershipDoc,
  PhotoDoc,
  PointsEntryDoc,
  UserDoc,
  WishDoc,
  WishEventDoc,
} from '../model'
import { offlineResident, type OnBehalfOf } from '../onbehalf'
import { nextCursor, pageQuery, type SortOrder } from '../paging'
import { checkPhotos, photoLinks } from '../photos'
import { fanOutNow, type OutboxSource } from '../notify/fanout'
import { outboxAppend, wishNo, wishOutboxEntries } from '../notify/outbox'

export function wishes(db: Database) {
  return db.collection(COLLECTIONS.wishes)
}

/** How a wish's notices read in 消息: its number, and "第二网格 · 1号微网格：一台收音机". */
export const WISH_OUTBOX: OutboxSource<WishDoc> = {
  collection: COLLECTIONS.wishes,
  target: 'wish',
  subject: (doc) => wishNo(doc),
  body: (doc) => `${doc.gridName}：${doc.what}`,
}

const PUBLIC_STATUSES = ['published', 'claimed', 'fulfilled', 'done'] as const

function relationsOf(doc: WishDoc, caller: Caller): Set<WishRelation> {
  const r = new Set<WishRelation>()
  if (doc.residentOpenid === caller.openid) r.add('owner')
  if (canHandle(caller.memberships, doc)) r.add('steward')
  const volunteer = isVolunteerOf(caller.memberships, doc.communityId)
  if (volunteer && doc.residentOpenid !== caller.openid) r.add('volunteer')
  if (doc.claim?.openid === caller.openid) r.add('claimant')
  return r
}

const EVENT_TITLES: Record<string, string> = { create: '许愿' }

/** Who did it, for someone not involved in the wish: a part, not a name. */
const ACTOR_PARTS: Record<string, string> = {
  create: '许愿居民',
  publish: '网格员',
  reject: '网格员',
  withdraw: '许愿居民',
  claim: '志愿者',
  release: '志愿者',
  fulfil: '志愿者',
}

/**
 * Names stay with the people of the wish: the resident, their grid staff and the one who claimed
 * it see who did what; anyone else reading the wall sees the part each played (许愿居民, 网格员,
 * 志愿者) — neither the resident's name nor the volunteer's or the member's.
 */
function eventActor(doc: WishDoc, e: WishEventDoc, relations: Set<WishRelation>): string {
  if (relations.has('owner') || relations.has('steward') || relations.has('claimant')) return e.actorName
  if (e.actorOpenid === doc.residentOpenid) return '许愿居民'
  if (e.actorOpenid === SYSTEM_ACTOR.openid) return e.actorName
  return ACTOR_PARTS[e.type] ?? '社区工作人员'
}

function daysWaiting(doc: WishDoc, at: Date): number | null {
  if (!doc.waitingSince) return null
  return Math.max(0, Math.floor((at.getTime() - new Date(doc.waitingSince).getTime()) / DAY_MS))
}

export function toCard(doc: WishDoc, at: Date): WishCard {
  return {
    id: doc._id,
    category: doc.category,
    categoryName: WISH_CATEGORIES[doc.category].name,
    what: doc.what,
    why: doc.why,
    gridName: doc.gridName,
    status: doc.status,
    statusName: WISH_STATUSES[doc.status],
    daysWaiting: doc.status === 'published' ? daysWaiting(doc, at) : null,
  }
}

async function toDetail(
  { db, files }: Pick<Deps, 'db' | 'files'>,
  doc: WishDoc,
  caller: Caller,
  at: Date,
): Promise<WishDetail> {
  const relations = relationsOf(doc, caller)
  const close = relations.has('owner') || relations.has('steward')
  let claim: WishDetail['claim'] = null
  if (doc.claim && (close || relations.has('claimant'))) {
    const res = await db.collection(COLLECTIONS.users).doc(doc.claim.openid).get()
    const user = res.data?.[0] as UserDoc | undefined
    claim = {
      name: doc.claim.name,
      phone: maskPhone(user?.phone) ?? null,
      promisedBy: local(doc.claim.promisedBy).subtract(1, 'day').format('YYYY-MM-DD'),
    }
  }
  let resident: WishDetail['resident'] = null
  if (relations.has('steward')) {
    const res = await db.collection(COLLECTIONS.users).doc(doc.residentOpenid).get()
    const user = res.data?.[0] as UserDoc | undefined
    resident = { name: doc.residentName, building: doc.buildingName, room: user?.room ?? null }
  }
  return {
    ...toCard(doc, at),
    events: doc.events.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      title: EVENT_TITLES[e.type] ?? WISH_TRANSITIONS[e.type as WishAction].label,
      actorName: eventActor(doc, e, relations),
      note: e.note,
    })),
    claim,
    resident,
    contentCheck: relations.has('steward') ? doc.contentCheck : null,
    rejectReason: close ? doc.rejectReason : null,
    fulfilmentNote: doc.fulfilment?.note ?? null,
    actions: availableWishActions(doc.status, relations),
    mine: relations.has('owner'),
    photos: close || relations.has('claimant') ? await photoLinks(files, doc.photos) : [],
  }
}

async function findWish(db: Database, id: string): Promise<WishDoc | undefined> {
  return (await wishes(db).doc(id).get()).data?.[0] as WishDoc | undefined
}

/** Public once on the wall; before that (and if rejected or withdrawn) only for the resident and their grid. */
async function loadVisible(db: Database, id: string, caller: Caller): Promise<WishDoc> {
  const doc = await findWish(db, id)
  const relations = doc ? relationsOf(doc, caller) : new Set<WishRelation>()
  // On the wall it is public — to the people of its community, as the wall itself is.
  const open =
    doc &&
    (PUBLIC_STATUSES as readonly string[]).includes(doc.status) &&
    (relations.has('claimant') || (await communitiesOf(db, caller)).includes(doc.communityId))
  if (!doc || (!open && !relations.has('owner') && !relations.has('steward')))
    throw new AppError('NOT_FOUND', '找不到这个心愿，或您无权查看')
  return doc
}

function callerName(caller: Caller): string {
  return caller.user?.name ?? '微信用户'
}

export interface NewWish {
  id: string
  requestId: string
  resident: { openid: string; name: string }
  building: BuildingDoc
  path: GridDoc[]
  category: WishCategory
  what: string
  why: string
  photos?: string[]
  /** 代录: the grid worker who files it; the first 台账 entry is theirs. */
  recordedBy: { openid: string; name: string } | null
  /** What the router's content check said of what and why (risky never gets here). */
  contentCheck?: WishDoc['contentCheck']
  /** Writes that belong with the wish (the offline resident), run only once every check passed. */
  beforeInsert?: () => Promise<void>
}

/** A new wish as stored: waiting for review, its first 台账 entry and who must hear of it. */
export function newWishDoc(
  w: NewWish,
  verdict: WishDoc['contentCheck'],
  photos: PhotoDoc[],
  at: Date,
): WishDoc {
  const doc: WishDoc = {
    _id: w.id,
    requestId: w.requestId,
    communityId: w.building.communityId,
    residentOpenid: w.resident.openid,
    residentName: w.resident.name,
    buildingCode: w.building._id,
    buildingName: w.building.name,
    gridId: w.building.gridId,
    gridPath: w.path.map((g) => g._id),
    gridName: gridLabel(w.path),
    category: w.category,
    what: w.what,
    why: w.why,
    contentCheck: verdict,
    status: 'reviewing',
    recordedBy: w.recordedBy,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    waitingSince: null,
    claim: null,
    fulfilment: null,
    photos,
    rejectReason: null,
    doneAt: null,
    credited: false,
    events: [],
    outbox: [],
    outboxSeq: 0,
    outboxFanned: 0,
    outboxPending: false,
  }
  const actor = w.recordedBy
    ? { openid: w.recordedBy.openid, name: `${w.recordedBy.name}（代${w.resident.name}录入）` }
    : w.resident
  const notes = [w.recordedBy ? '网格员代录' : null, verdict === 'review' ? '内容待人工审核' : null].filter(
    Boolean,
  )
  const event = auditEvent(at, 'create' as const, actor, null, 'reviewing' as const, notes.join('；') || null)
  const outbox = wishOutboxEntries(doc, event, 0, null)
  return { ...doc, events: [event], outbox, outboxSeq: outbox.length, outboxPending: outbox.length > 0 }
}

/** Checks the photos (the router checked the text), then stores the wish; nothing written if refused. */
async function insertWish(deps: Deps, caller: Caller, w: NewWish): Promise<WishDetail> {
  const { db, now } = deps
  const existing = await findWish(db, w.id)
  if (existing) return toDetail(deps, existing, caller, now())
  const at = now()
  const photos = await checkPhotos(deps, caller.openid, w.photos, 'post', at)
  const doc = newWishDoc(w, w.contentCheck ?? 'pass', photos, at)
  await w.beforeInsert?.()
  try {
    await wishes(db).add(doc)
  } catch (err) {
    const first = await findWish(db, w.id)
    if (first) return toDetail(deps, first, caller, at)
    throw err
  }
  await fanOutNow(db, WISH_OUTBOX, doc, at)
  return toDetail(deps, doc, caller, at)
}

export async function createWish(
  input: { requestId: string; category: WishCategory; what: string; why: string; photos?: string[] },
  { deps, caller, contentCheck = 'pass' }: ActionContext,
): Promise<WishDetail> {
  const user = caller.user as UserDoc
  const building = await getBuilding(deps.db, user.buildingCode as string)
  return insertWish(deps, caller, {
    ...input,
    id: derivedId('wish', caller.openid, input.requestId),
    resident: { openid: caller.openid, name: user.name },
    building,
    path: await gridPath(deps.db, building.gridId),
    recordedBy: null,
    contentCheck,
  })
}

/** 代录: a grid worker posts a wish for a resident of a building they serve (an elder without a phone). */
export async function createWishOnBehalf(
  input: OnBehalfOf & {
    requestId: string
    category: WishCategory
    what: string
    why: string
    photos?: string[]
  },
  { deps, caller, contentCheck = 'pass' }: ActionContext,
): Promise<WishDetail> {
  const id = derivedId('wish', caller.openid, input.requestId)
  // Reads and checks only; the resident's record is written by insertWish once all checks pass
  // (a retry is answered there from the stored wish).
  const { building, path, residentId, save } = await offlineResident(deps.db, caller, input, deps.now())
  return insertWish(deps, caller, {
    ...input,
    id,
    resident: { openid: residentId, name: input.residentName },
    building,
    path,
    recordedBy: { openid: caller.openid, name: callerName(caller) },
    beforeInsert: save,
    contentCheck,
  })
}

interface Move {
  action: WishAction
  note: string | null
  check?: (doc: WishDoc, at: Date) => void | Promise<void>
  changes: (doc: WishDoc, at: Date) => Partial<WishDoc>
}

/** Applies one step if the wish is still as read: status (and holder) in the condition. */
export async function commitWish(
  db: Database,
  doc: WishDoc,
  action: WishAction,
  actor: { openid: string; name: string },
  changes: Partial<WishDoc>,
  note: string | null,
  at: Date,
): Promise<boolean> {
  const rule = WISH_TRANSITIONS[action]
  const event: WishEventDoc = auditEvent(at, action, actor, doc.status, rule.to, note)
  const after = { ...doc, ...changes, status: rule.to } as WishDoc
  const outbox = wishOutboxEntries(after, event, doc.outboxSeq, doc.claim?.openid ?? null)
  const res = await wishes(db)
    .where({
      _id: doc._id,
      status: doc.status,
      ...(doc.claim ? { 'claim.openid': doc.claim.openid } : { claim: null }),
      ...(outbox.length ? { outboxSeq: doc.outboxSeq } : {}),
    })
    .update({
      ...replacing(db, changes),
      status: rule.to,
      updatedAt: at,
      events: db.command.push([event]),
      ...outboxAppend(db, outbox),
    })
  return res.updated === 1
}

async function move(ctx: ActionContext, id: string, decide: (doc: WishDoc) => Move): Promise<WishDetail> {
  const { deps, caller } = ctx
  const { db } = deps
  const doc = await loadVisible(db, id, caller)
  const at = deps.now()
  const m = decide(doc)
  const result = wishTransition(doc.status, m.action, relationsOf(doc, caller))
  if (!result.ok) {
    const last = doc.events[doc.events.length - 1]
    // A retry of exactly what this caller just did is not an error.
    if (last?.type === m.action && last.actorOpenid === caller.openid) return toDetail(deps, doc, caller, at)
    throw new AppError(result.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT', result.message)
  }
  await m.check?.(doc, at)
  const moved = await commitWish(
    db,
    doc,
    m.action,
    { openid: caller.openid, name: callerName(caller) },
    m.changes(doc, at),
    m.note,
    at,
  )
  const current = (await findWish(db, id)) as WishDoc
  if (!moved) {
    const last = current.events[current.events.length - 1]
    if (last?.type === m.action && last.actorOpenid === caller.openid)
      return toDetail(deps, current, caller, at)
    const again = wishTransition(current.status, m.action, relationsOf(current, caller))
    throw new AppError('CONFLICT', again.ok ? '心愿状态已变化，请刷新后再试' : again.message)
  }
  if (m.action === 'confirm') await creditWish(db, current)
  await fanOutNow(db, WISH_OUTBOX, current, at)
  return toDetail(deps, current, caller, at)
}

export function reviewWish(
  input: { id: string; decision: 'publish' | 'reject'; reason?: string },
  ctx: ActionContext,
) {
  return move(ctx, input.id, () =>
    input.decision === 'publish'
      ? { action: 'publish', note: null, changes: (_d, at) => ({ publishedAt: at, waitingSince: at }) }
      : {
          action: 'reject',
          note: input.reason ?? null,
          changes: () => ({ rejectReason: input.reason ?? null }),
        },
  )
}

/** The promised date, as the instant its day ends in Beijing (the claim lapses after it). */
function promiseEnd(date: string, at: Date): Date {
  const day = local(`${date}T00:00:00+08:00`)
  const today = local(at).startOf('day')
  if (!day.isValid() || day.format('YYYY-MM-DD') !== date) throw invalidDate('日期格式不正确')
  if (day.isBefore(today)) throw invalidDate('承诺完成的日期不能早于今天')
  if (day.diff(today, 'day') > MAX_PROMISE_DAYS) throw invalidDate(`请在${MAX_PROMISE_DAYS}天内完成`)
  return day.add(1, 'day').toDate()
}

function invalidDate(message: string) {
  return new AppError('INVALID_INPUT', message, { promisedBy: message })
}

export function claimWish(input: { id: string; promisedBy: string }, ctx: ActionContext) {
  const { caller } = ctx
  return move(ctx, input.id, (doc) => {
    if (doc.residentOpenid === caller.openid) throw new AppError('FORBIDDEN', '不能认领自己的心愿')
    // Checked before the table, so a bad date is told even when someone else was quicker.
    const promisedBy = promiseEnd(input.promisedBy, ctx.deps.now())
    return {
      action: 'claim',
      note: `承诺${input.promisedBy}前完成`,
      changes: (_d, at) => ({ claim: { openid: caller.openid, name: callerName(caller), at, promisedBy } }),
    }
  })
}

export function releaseWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'release',
    note: null,
    changes: (_d, at) => ({ claim: null, waitingSince: at }),
  }))
}

/** 已完成, with a note and up to 3 photos of it done (checked before anything is written). */
/** 撤回: the resident takes it back before anyone has claimed it. */
export function withdrawWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'withdraw',
    note: null,
    changes: () => ({ waitingSince: null }),
  }))
}

export function fulfilWish(input: { id: string; note: string; photos?: string[] }, ctx: ActionContext) {
  let photos: PhotoDoc[] = []
  return move(ctx, input.id, () => ({
    action: 'fulfil',
    note: input.note,
    check: async (_d, at) => {
      photos = await checkPhotos(ctx.deps, ctx.caller.openid, input.photos, 'resolve', at)
    },
    changes: (_d, at) => ({
      fulfilment: { note: input.note, at },
      ...(photos.length ? { photos: ctx.deps.db.command.push(photos) as unknown as PhotoDoc[] } : {}),
    }),
  }))
}

export function confirmWish(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'confirm',
    note: null,
    changes: (_d, at) => ({ doneAt: at }),
  }))
}

/**
 * The claimant's points and hours for a confirmed wish: one ledger entry whose id is derived from
 * the wish, so a retry, a crash in between or the scheduler's catch-up never credits twice.
 */
export async function creditWish(db: Database, doc: WishDoc): Promise<void> {
  if (doc.status !== 'done' || !doc.claim || doc.credited) return
  const rule = POINT_RULES.wishFulfilled
  const entry: PointsEntryDoc = {
    _id: derivedId('points', 'wish', doc._id),
    openid: doc.claim.openid,
    communityId: doc.communityId,
    source: 'wish',
    sourceId: doc._id,
    gridId: doc.gridPath[1] ?? null,
    points: rule.points,
    hours: rule.hours,
    reason: `${rule.reason}：${doc.what}`,
    at: doc.doneAt ?? doc.updatedAt,
  }
  await addPointsEntry(db, entry)
  await wishes(db).where({ _id: doc._id, credited: false }).update({ credited: true })
}

// ---- lists ---------------------------------------------------------------------------------

type WishOrder = SortOrder<'waitingSince' | 'createdAt'>
const OLDEST_WAITING: WishOrder = { field: 'waitingSince', direction: 'asc' }
const NEWEST: WishOrder = { field: 'createdAt', direction: 'desc' }

async function page(db: Database, where: object, order: WishOrder, at: Date, cursor?: string) {
  const res = await pageQuery(db, COLLECTIONS.wishes, where, order, cursor).get()
  const docs = res.data as WishDoc[]
  return { items: docs.map((d) => toCard(d, at)), nextCursor: nextCursor(docs, order) }
}

function communityOf(caller: Caller, buildingCommunity: string | null): string {
  const id = buildingCommunity ?? caller.memberships[0]?.communityId
  if (!id) throw new AppError('FORBIDDEN', '请先扫描楼栋二维码，或登记为志愿者')
  return id
}

/** 心愿墙: published wishes of the caller's community, longest waiting first. */
export async function wishWall(input: { cursor?: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const building = caller.user?.buildingCode ? await getBuilding(db, caller.user.buildingCode) : null
  const communityId = communityOf(caller, building?.communityId ?? null)
  return page(db, { communityId, status: 'published' }, OLDEST_WAITING, now(), input.cursor)
}

export function myWishes(
  input: { role: 'posted' | 'claimed'; cursor?: string },
  { deps, caller }: ActionContext,
) {
  const where =
    input.role === 'posted' ? { residentOpenid: caller.openid } : { 'claim.openid': caller.openid }
  return page(deps.db, where, NEWEST, deps.now(), input.cursor)
}

function stewardScope(db: Database, memberships: MembershipDoc[]): object {
  const _ = db.command
  const scopes = memberships.flatMap((m): object[] => {
    if (m.role === 'communityAdmin') return [{ communityId: m.communityId }]
    if (m.role === 'gridLeader' && m.gridId) return [{ gridPath: m.gridId }]
    if (m.role === 'gridMember' && m.gridId) return [{ gridId: m.gridId }]
    return []
  })
  if (scopes.length === 0) throw new AppError('FORBIDDEN', '只有网格员可以审核心愿')
  return _.or(scopes)
}

/** The grid's wish work: to review, to confirm, and (for leaders) waiting ≥ 14 days unclaimed. */
export async function wishInbox(
  input: { tab: 'reviewing' | 'fulfilled' | 'stale'; cursor?: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  const scope = stewardScope(db, caller.memberships)
  if (input.tab === 'stale') {
    const before = new Date(at.getTime() - UNCLAIMED_HIGHLIGHT_DAYS * DAY_MS)
    const where = _.and([scope, { status: 'published', waitingSince: _.lte(before) }])
    return page(db, where, OLDEST_WAITING, at, input.cursor)
  }
  return page(db, _.and([scope, { status: input.tab }]), NEWEST, at, input.cursor)
}

export async function getWish(input: { id: string }, { deps, caller }: ActionContext) {
  return toDetail(deps, await loadVisible(deps.db, input.id, caller), caller, deps.now())
}
