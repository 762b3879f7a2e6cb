/**
 * People's moves on a request (接单, 办结, 评价, 撤销, 上报, 退回, 转派, 催办): visibility, the transition table,
 * the extra rule, then commit.ts; a retry of the same move is not an error.
 */
import { SLA_TIERS } from '../../../src/domain/categories'
import type { RequestDetail } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import {
  RATINGS,
  ratingOutcome,
  REQUEST_TRANSITIONS,
  transition,
  type Rating,
  type RequestAction,
} from '../../../src/domain/request'
import { addDuration } from '../../../src/domain/workdays'
import { flaggedNote } from '../../../src/domain/sensitive'
import { heldByStreet, STREET_CLOCKS } from '../../../src/domain/street'
import { moveBlocked } from './rules'
import { fanOutNow, REQUEST_OUTBOX } from '../notify/fanout'
import type { ActionContext, Caller } from '../context'
import { active, findGrid, staffedGrids } from '../community'
import type { Changes, Database } from '../db'
import { shownWhere } from '../staging'
import type { GridDoc, RequestDoc } from '../model'
import { resultPhotos } from '../photos'
import { placementAbove, placementOf, reassignment } from './placement'
import { actorName, actorOf } from '../audit'
import { loadVisible, relationsOf, requests } from './store'
import { toDetail } from './views'
import { communityCalendar } from '../calendar/store'
import type { Calendar } from '../../../src/domain/calendar'
import { commitTransition } from './commit'
import { closePatrol } from './patrol'

/**
 * A retry of exactly what this caller already did (a lost answer, a double tap) is not an error;
 * the same action with other content (rating again differently) is a conflict.
 */
function alreadyDone(
  doc: RequestDoc,
  actions: RequestAction[],
  caller: Caller,
  note: string | null,
): boolean {
  const last = doc.events[doc.events.length - 1]
  return actions.some(
    (action) =>
      doc.status === REQUEST_TRANSITIONS[action].to &&
      last?.type === action &&
      last.actorOpenid === caller.openid &&
      last.note === note,
  )
}

function conflictMessage(doc: RequestDoc, action: RequestAction): string {
  if (doc.status === 'cancelled') return '居民已撤销这条诉求'
  if (action === 'accept' && doc.status !== 'assigned') return '手慢了，这条诉求已被其他网格员接单'
  return '状态已变化，请刷新后再试'
}

interface UserMove {
  action: RequestAction
  note: string | null
  /** Extra rules beyond the table (the 退回 window, the 转派 target); throw an AppError to refuse. */
  check?: (doc: RequestDoc, at: Date) => void | Promise<void>
  /** `calendar`: the community's working days, for the clocks a move restarts. */
  changes: (
    doc: RequestDoc,
    at: Date,
    calendar: Calendar,
  ) => Changes<RequestDoc> | Promise<Changes<RequestDoc>>
  /** Actions whose identical repeat counts as this one's retry (a rating may have reopened it). */
  retryOf?: RequestAction[]
}

/** A person's move: visibility, the table, the extra rule, then the atomic write. */
export async function move(
  ctx: ActionContext,
  id: string,
  decide: (doc: RequestDoc) => UserMove,
): Promise<RequestDetail> {
  const { deps, caller } = ctx
  const { db, now } = deps
  const doc = await loadVisible(db, id, caller)
  const at = now()
  const decided = decide(doc)
  // A note or reason is for the grid: never refused, marked in the 台账 when the check found it risky.
  const m = { ...decided, note: flaggedNote(decided.note, ctx.contentCheck) }
  const retryOf = m.retryOf ?? [m.action]
  const result = transition(doc.status, m.action, relationsOf(doc, caller))
  if (!result.ok) {
    if (result.reason === 'conflict' && alreadyDone(doc, retryOf, caller, m.note))
      return toDetail(deps, doc, caller, at)
    throw new AppError(result.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT', result.message)
  }
  const calendar = await communityCalendar(db, doc.communityId)
  const blocked = moveBlocked(doc, m.action, at, caller.openid, calendar)
  if (blocked) {
    // A double tap of a move that allows one per day: the first one counted.
    if (alreadyDone(doc, retryOf, caller, m.note)) return toDetail(deps, doc, caller, at)
    throw new AppError('CONFLICT', blocked)
  }
  await m.check?.(doc, at)
  const rule = REQUEST_TRANSITIONS[m.action]
  const guard: Record<string, unknown> = {}
  const [by] = rule.by
  if (by === 'assignee') guard.assigneeOpenid = caller.openid
  if (by === 'owner' && doc.residentOpenid === caller.openid) guard.residentOpenid = caller.openid
  const actor = actorOf(caller)
  const moved = await commitTransition(
    db,
    doc,
    m.action,
    actor,
    await m.changes(doc, at, calendar),
    m.note,
    at,
    guard,
  )
  let current = (await requests(db).doc(id).get()).data[0]
  if (moved) {
    // 巡查发现: nobody rates it, so its 办结 closes it (patrol.ts).
    if (await closePatrol(db, current, at)) current = (await requests(db).doc(id).get()).data[0]
    await fanOutNow(db, REQUEST_OUTBOX, current, at)
    return toDetail(deps, current, caller, at)
  }
  if (alreadyDone(current, retryOf, caller, m.note)) return toDetail(deps, current, caller, at)
  throw new AppError('CONFLICT', conflictMessage(current, m.action))
}

export function acceptRequest(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'accept',
    note: null,
    changes: (doc, at, calendar) => ({
      assigneeOpenid: ctx.caller.openid,
      assigneeName: actorName(ctx.caller),
      acceptedAt: at,
      // 受理 at the street: its own time to settle it, from now (the grid's ran out long ago).
      ...(heldByStreet(doc)
        ? { resolveBy: addDuration(at, STREET_CLOCKS[doc.tier].resolveWithin, calendar), escalateBy: null }
        : {}),
    }),
  }))
}

/** 退回社区: the street hands its 兜底 back to the community's level 1, with the reason. */
export function streetReturn(input: { id: string; reason: string }, ctx: ActionContext) {
  return move(ctx, input.id, (doc) => ({
    action: 'streetReturn',
    note: input.reason,
    changes: async (_doc, at, calendar) => {
      const root = doc.homeGridPath[0]
      return reassignment(doc, await placementOf(ctx.deps.db, root), at, calendar)
    },
  }))
}

/** 办结, with up to 3 photos of the result (checked before anything is written). */
export function resolveRequest(input: { id: string; note: string; photos?: string[] }, ctx: ActionContext) {
  const photos = resultPhotos(ctx, input.photos)
  return move(ctx, input.id, () => ({
    action: 'resolve',
    note: input.note,
    check: photos.check,
    changes: (_doc, at) => ({ resolvedAt: at, resolutionNote: input.note, ...photos.added() }),
  }))
}

/** 满意/基本满意 close it; the first 不满意 sends it back to the same handler, a second to the community. */
export function rateRequest(input: { id: string; rating: Rating; comment?: string }, ctx: ActionContext) {
  const comment = input.comment || null
  const note = comment ? `${RATINGS[input.rating]}：${comment}` : RATINGS[input.rating]
  return move(ctx, input.id, (doc) => {
    const outcome = ratingOutcome(input.rating, doc.reopenCount)
    const retryOf: RequestAction[] = ['rate', 'reopen', 'appeal', 'closeUnsatisfied']
    if (outcome === 'rate' || outcome === 'closeUnsatisfied') {
      return {
        action: outcome,
        note,
        retryOf,
        changes: (_d, at) => ({ closedAt: at, rating: input.rating, ratingComment: comment }),
      }
    }
    if (outcome === 'reopen') {
      return {
        action: 'reopen',
        note,
        retryOf,
        changes: (d, at, calendar) => ({
          reopenCount: d.reopenCount + 1,
          resolvedAt: null,
          resolveBy: addDuration(at, SLA_TIERS[d.tier].resolveWithin, calendar),
          escalateBy: null,
        }),
      }
    }
    return {
      action: 'appeal',
      note,
      retryOf,
      changes: async (d, at, calendar) => ({
        // The community of the building, wherever the request was resolved (even at the street).
        ...reassignment(d, await placementOf(ctx.deps.db, d.homeGridPath[0]), at, calendar),
        reopenCount: d.reopenCount + 1,
        resolvedAt: null,
        resolveBy: addDuration(at, SLA_TIERS[d.tier].resolveWithin, calendar),
      }),
    }
  })
}

export function cancelRequest(input: { id: string; reason?: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'cancel',
    note: input.reason || null,
    changes: (_doc, at) => ({ closedAt: at }),
  }))
}

export async function above(db: Database, doc: RequestDoc) {
  const target = await placementAbove(db, doc)
  if (!target) throw new AppError('CONFLICT', '已到街道兜底，不能再上报')
  return target
}

/** 上报: "一时回复不了的报上一级" — one level up, with the reason. */
export function escalateRequest(input: { id: string; reason: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'escalate',
    note: input.reason,
    changes: async (doc, at, calendar) => reassignment(doc, await above(ctx.deps.db, doc), at, calendar),
  }))
}

/** 退回: misrouted; allowed within 1 working day of arriving here, the level above re-dispatches. */
export function returnRequest(input: { id: string; reason: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'return',
    note: input.reason,
    changes: async (doc, at, calendar) => reassignment(doc, await above(ctx.deps.db, doc), at, calendar),
  }))
}

/** Grids `memberships` may send work to: below a leader's own grid; any grid for the admin. */
function mayDispatchTo(memberships: Caller['memberships'], target: GridDoc): boolean {
  return memberships.some((m) => {
    if (m.communityId !== target.communityId) return false
    if (m.role === 'communityAdmin') return target.level >= 2
    return m.role === 'gridLeader' && !!m.gridId && target.path.includes(m.gridId) && target._id !== m.gridId
  })
}

/** The grids the caller could 转派 this request to, for the picker. */
export async function dispatchTargets(input: { id: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const doc = await loadVisible(db, input.id, caller)
  // A sensitive request stays with the community (rules.ts): nowhere to send it.
  if (doc.sensitive) return { grids: [] }
  const all = await shownWhere(db, 'grids', { communityId: doc.communityId })
  const grids = active(all)
    .filter((g) => g._id !== doc.gridId && mayDispatchTo(caller.memberships, g))
    .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')))
  const byId = new Map(all.map((g) => [g._id, g]))
  const staffed = await staffedGrids(
    db,
    grids.map((g) => g._id),
  )
  return {
    grids: grids.map((g) => ({
      id: g._id,
      name: g.path
        .map((p) => byId.get(p))
        .filter((p): p is GridDoc => !!p && p.level > 1)
        .map((p) => p.name)
        .join(' · '),
      level: g.level,
      staffed: staffed.has(g._id),
    })),
  }
}

/** 转派: a leader (or the admin) sends it to a grid below their own. */
export async function dispatchRequest(input: { id: string; gridId: string }, ctx: ActionContext) {
  const { db } = ctx.deps
  const target = await findGrid(db, input.gridId)
  if (!target) throw new AppError('NOT_FOUND', '没有找到这个网格')
  if (target.retired) throw new AppError('CONFLICT', `${target.name}已停用，不能转派过去`)
  const to = await placementOf(db, target._id)
  return move(ctx, input.id, () => ({
    action: 'dispatch',
    note: `转派至${to.gridName}`,
    check: (doc) => {
      if (target.communityId !== doc.communityId) throw new AppError('NOT_FOUND', '没有找到这个网格')
      if (target._id === doc.gridId) throw new AppError('CONFLICT', '这条诉求已在该网格')
      if (!mayDispatchTo(ctx.caller.memberships, target))
        throw new AppError('FORBIDDEN', '只能转派给您所管辖的下级网格')
    },
    changes: (doc, at, calendar) => reassignment(doc, to, at, calendar),
  }))
}

/** 催办: a leader above reminds the assignee; recorded in the 台账. */
export function chaseRequest(input: { id: string; note?: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'chase',
    note: input.note || '请尽快办理',
    changes: () => ({}),
  }))
}

/**
 * 居民催办: the resident chases their own request once it is past its clock, once per working day
 * (src/domain/urge.ts); the handler and their leader hear of it, and it is an event in the 台账.
 */
export function urgeRequest(input: { id: string; note?: string }, ctx: ActionContext) {
  return move(ctx, input.id, (doc) => ({
    action: doc.status === 'assigned' ? 'urgeWaiting' : 'urge',
    note:
      input.note || (doc.status === 'assigned' ? '超时还没人接单，请尽快安排' : '超期还没办好，请尽快办理'),
    retryOf: ['urge', 'urgeWaiting'],
    changes: () => ({}),
  }))
}
