/**
 * 重复诉求 (issue 19, part 2; src/domain/duplicates.ts): the form shows a resident the open
 * requests of their own building and category from the last days, masked as a neighbour may see
 * them — the words' start, the state, how old; never who, the room or a photo, and never a
 * sensitive one; 我也遇到了 follows one (+1) instead of filing again, and its progress notices
 * reach the follower too. The grid merges a duplicate that slipped through into the request it
 * repeats: the duplicate ends 已合并, its reporter follows the other, an event on both.
 */
import { categoryNameOf, settingOf } from '../../../src/domain/category-settings'
import type { CategoryCode } from '../../../src/domain/categories'
import type { RequestDetail, SimilarRequest } from '../../../src/domain/contract'
import {
  absorbedNote,
  ageText,
  FOLLOWED_MESSAGE,
  mergedNote,
  SIMILAR_LIMIT,
  SIMILAR_WINDOW_DAYS,
  similarSummary,
} from '../../../src/domain/duplicates'
import { AppError } from '../../../src/domain/errors'
import { OPEN_STATUSES, REQUEST_STATUSES, transition } from '../../../src/domain/request'
import { actorOf, type Actor } from '../audit'
import { boundResident, type ActionContext } from '../context'
import { byId, type Database } from '../db'
import { commitStep } from '../lifecycle'
import type { RequestDoc } from '../model'
import { fanOutNow, REQUEST_OUTBOX } from '../notify/fanout'
import { reporterOf } from '../notify/outbox'
import { commitTransition, REQUEST_LIFECYCLE } from './commit'
import { findRequest, loadVisible, relationsOf, requests } from './store'
import { toDetail } from './views'

const DAY_MS = 86400_000
/** How the 台账 names a follower: residents never see who else reported (the grid sees the count). */
const NEIGHBOUR = '邻居'
const NOT_FOUND = '没有找到这条诉求，它可能已办结'
/** A request changed between reading and writing: read again, a few times. */
const RETRIES = 3

function similarView(doc: RequestDoc, openid: string, at: Date): SimilarRequest {
  return {
    id: doc._id,
    categoryName: categoryNameOf(doc),
    summary: similarSummary(doc.description),
    status: doc.status,
    statusName: REQUEST_STATUSES[doc.status],
    createdAt: doc.createdAt.toISOString(),
    age: ageText(Math.floor((at.getTime() - doc.createdAt.getTime()) / DAY_MS)),
    followerCount: doc.followers?.length ?? 0,
    following: !!doc.followers?.includes(openid),
  }
}

/** A neighbour may see it here: open, of their building, not theirs, not sensitive, recent. */
function shownToNeighbour(doc: RequestDoc, buildingCode: string, openid: string, at: Date): boolean {
  return (
    doc.buildingCode === buildingCode &&
    OPEN_STATUSES.includes(doc.status) &&
    !doc.sensitive &&
    reporterOf(doc) !== openid &&
    doc.createdAt.getTime() >= at.getTime() - SIMILAR_WINDOW_DAYS * DAY_MS
  )
}

export async function similarRequests(input: { category: CategoryCode }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const user = boundResident(caller)
  const at = now()
  const building = await byId(db, 'buildings', user.buildingCode)
  if (!building) return { items: [] }
  // A category the community keeps sensitive (治安线索) is never shown to neighbours.
  const community = await byId(db, 'communities', building.communityId)
  if (settingOf(community?.categorySettings, input.category).sensitive) return { items: [] }
  const res = await requests(db)
    .where({
      communityId: building.communityId,
      buildingCode: building._id,
      category: input.category,
      status: _.in([...OPEN_STATUSES]),
      sensitive: _.neq(true),
      createdAt: _.gte(new Date(at.getTime() - SIMILAR_WINDOW_DAYS * DAY_MS)),
    })
    .orderBy('createdAt', 'desc')
    .limit(SIMILAR_LIMIT + 1)
    .get()
  const items = res.data
    .filter((d) => shownToNeighbour(d, building._id, caller.openid, at))
    .slice(0, SIMILAR_LIMIT)
    .map((d) => similarView(d, caller.openid, at))
  return { items }
}

/** 我也遇到了: the caller follows it (+1); a second tap, or a retry, answers as the first did. */
export async function followRequest(input: { id: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const user = boundResident(caller)
  const at = now()
  const actor: Actor = { openid: caller.openid, name: NEIGHBOUR }
  for (let i = 0; i < RETRIES; i++) {
    const doc = await findRequest(db, input.id)
    // Another building's, a sensitive one, an old one: as if it did not exist.
    if (!doc || doc.buildingCode !== user.buildingCode || doc.sensitive)
      throw new AppError('NOT_FOUND', NOT_FOUND)
    if (reporterOf(doc) === caller.openid)
      throw new AppError('CONFLICT', '这是您自己反映的诉求，会通知您进展')
    if (doc.followers?.includes(caller.openid)) return { item: similarView(doc, caller.openid, at) }
    if (!shownToNeighbour(doc, user.buildingCode, caller.openid, at))
      throw new AppError('CONFLICT', '这条诉求已在办结，如仍有问题请提交新的诉求')
    const moved = await commitStep(db, REQUEST_LIFECYCLE, doc, {
      action: doc.status === 'assigned' ? 'follow' : 'followAccepted',
      actor,
      changes: { followers: _.addToSet(caller.openid) },
      note: FOLLOWED_MESSAGE,
      at,
      guard: { followers: _.neq(caller.openid) },
    })
    if (moved) {
      const after = (await findRequest(db, doc._id))!
      return { item: similarView(after, caller.openid, at) }
    }
  }
  throw new AppError('CONFLICT', '这条诉求刚有变化，请刷新后再试')
}

/** Open requests of the same community and building the caller handles, besides this one; newest first. */
export async function mergeTargets(input: { id: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const doc = await loadVisible(db, input.id, caller)
  if (!OPEN_STATUSES.includes(doc.status) || !relationsOf(doc, caller).has('handler')) return { items: [] }
  const res = await requests(db)
    .where({
      communityId: doc.communityId,
      buildingCode: doc.buildingCode,
      status: _.in([...OPEN_STATUSES]),
      sensitive: doc.sensitive ? true : _.neq(true),
    })
    .orderBy('createdAt', 'desc')
    .limit(50)
    .get()
  const items = res.data
    .filter((d) => d._id !== doc._id && relationsOf(d, caller).has('handler'))
    .map((d) => ({
      id: d._id,
      no: d.no,
      categoryName: categoryNameOf(d),
      description: d.description,
      statusName: REQUEST_STATUSES[d.status],
      createdAt: d.createdAt.toISOString(),
      followerCount: d.followers?.length ?? 0,
    }))
  return { items }
}

/** The duplicate's people — its reporter, its followers — whom `target` does not have yet: they move. */
export function movingPeople(dup: RequestDoc, target: RequestDoc): string[] {
  const have = new Set([reporterOf(target), ...(target.followers ?? [])])
  return [...new Set([reporterOf(dup), ...(dup.followers ?? [])])].filter((o) => !have.has(o))
}

/**
 * The merge's second write: the target takes in the duplicate's people, with its event — once
 * (`mergedFrom`), and only if none of them came meanwhile (the count stays true); retried while
 * the target moves. Then the duplicate is no longer pending. Answers how many moved (0 when done before).
 */
export async function absorb(
  db: Database,
  dup: RequestDoc,
  actor: Actor,
  at: Date,
  repaired = false,
): Promise<number> {
  const _ = db.command
  const into = dup.mergedInto!.id
  for (let i = 0; i < RETRIES; i++) {
    const target = await findRequest(db, into)
    let moving: string[] = []
    let moved = !target || !!target.mergedFrom?.includes(dup._id)
    if (target && !moved) {
      moving = movingPeople(dup, target)
      const changes = {
        ...(moving.length ? { followers: _.addToSet({ $each: moving }) } : {}),
        mergedFrom: _.addToSet(dup._id),
      }
      const guard = { mergedFrom: _.neq(dup._id), ...(moving.length ? { followers: _.nin(moving) } : {}) }
      if (OPEN_STATUSES.includes(target.status)) {
        const note = absorbedNote(dup.no, moving.length) + (repaired ? '（合并中断后由系统补记）' : '')
        moved = await commitStep(db, REQUEST_LIFECYCLE, target, {
          action: target.status === 'assigned' ? 'absorb' : 'absorbAccepted',
          actor,
          changes,
          note,
          at,
          guard,
        })
      } else {
        // Resolved in the meantime: its people still hear of it from here on.
        const res = await requests(db)
          .where({ _id: into, status: target.status, ...guard })
          .update(changes)
        moved = res.updated === 1
      }
    }
    if (moved) {
      await requests(db).where({ _id: dup._id, mergePending: true }).update({ mergePending: false })
      return moving.length
    }
  }
  throw new AppError('CONFLICT', '要合并到的诉求刚有变化，请刷新后再试')
}

/** 合并: `id` repeats `into` — both open, in one community, both the caller's to handle. */
export async function mergeRequest(
  input: { id: string; into: string },
  ctx: ActionContext,
): Promise<RequestDetail> {
  const { deps, caller } = ctx
  const { db, now } = deps
  const at = now()
  if (input.id === input.into)
    throw new AppError('INVALID_INPUT', '不能合并到它自己，请选择另一条诉求', { into: '请选择另一条诉求' })
  const dup = await loadVisible(db, input.id, caller)
  const target = await findRequest(db, input.into)
  if (!target || target.communityId !== dup.communityId || relationsOf(target, caller).size === 0)
    throw new AppError('NOT_FOUND', '没有找到要合并到的诉求')
  const actor = actorOf(caller)
  // Already done (a double tap, a lost answer): as the first time — finishing it if it was cut short.
  if (dup.status === 'merged' && dup.mergedInto?.id === target._id) {
    if (dup.mergePending) await absorb(db, dup, actor, at)
    return toDetail(deps, (await findRequest(db, dup._id))!, caller, at)
  }
  const allowed = transition(dup.status, 'merge', relationsOf(dup, caller))
  if (!allowed.ok)
    throw new AppError(allowed.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT', allowed.message)
  if (!relationsOf(target, caller).has('handler'))
    throw new AppError('FORBIDDEN', '只能合并到您负责办理的诉求')
  if (!OPEN_STATUSES.includes(target.status))
    throw new AppError(
      'CONFLICT',
      `${target.no}目前“${REQUEST_STATUSES[target.status]}”，只能合并到还在办理的诉求`,
    )
  if (!!target.sensitive !== !!dup.sensitive) throw new AppError('CONFLICT', '治安线索只能与治安线索合并')
  const moved = await commitTransition(
    db,
    dup,
    'merge',
    actor,
    { mergedInto: { id: target._id, no: target.no }, mergePending: true, closedAt: at },
    mergedNote(target.no, movingPeople(dup, target).length),
    at,
  )
  if (!moved) throw new AppError('CONFLICT', '这条诉求刚有变化，请刷新后再试')
  await absorb(db, (await findRequest(db, dup._id))!, actor, at)
  const after = (await findRequest(db, dup._id))!
  await Promise.all([
    fanOutNow(db, REQUEST_OUTBOX, after, at),
    fanOutNow(db, REQUEST_OUTBOX, (await findRequest(db, target._id))!, at),
  ])
  return toDetail(deps, after, caller, at)
}
