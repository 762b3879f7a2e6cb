/**
 * 我关注的 (issue 19; src/domain/duplicates.ts): a neighbour who followed a request (我也遇到了, or
 * as the reporter of a duplicate merged into it) opens it from 我的 or from its notices, masked as
 * a neighbour may see it, and rates the result once (邻居评价). Their rating is theirs: counted
 * apart, an event on the 台账, and it neither closes the request nor enters the board's 满意率 —
 * the reporter's rating does that.
 */
import { categoryNameOf } from '../../../src/domain/category-settings'
import type { FollowedRequest } from '../../../src/domain/contract'
import {
  NEIGHBOUR_RATED_MESSAGE,
  NEIGHBOUR_STEPS,
  neighbourRatable,
  similarSummary,
} from '../../../src/domain/duplicates'
import { AppError } from '../../../src/domain/errors'
import { RATINGS, REQUEST_STATUSES, type Rating } from '../../../src/domain/request'
import type { ActionContext } from '../context'
import { commitStep } from '../lifecycle'
import type { RequestDoc } from '../model'
import { reporterOf } from '../notify/outbox'
import { REQUEST_LIFECYCLE } from './commit'
import { findRequest, requests } from './store'

const NOT_FOLLOWED = '没有找到您关注的这条诉求'
/** How the 台账 names a follower: residents never see who else reported (the grid sees the count). */
const NEIGHBOUR = '邻居'
const RETRIES = 3
/** 我关注的 shows the latest ones; a neighbour follows a handful. */
const FOLLOWED_LIMIT = 50

function isFollower(doc: RequestDoc | undefined, openid: string): doc is RequestDoc {
  return !!doc && !!doc.followers?.includes(openid) && reporterOf(doc) !== openid && !doc.sensitive
}

function myRatingOf(doc: RequestDoc, openid: string): Rating | null {
  return doc.neighbourRatings?.find((r) => r.openid === openid)?.rating ?? null
}

export function followedView(doc: RequestDoc, openid: string): FollowedRequest {
  const counts = { satisfied: 0, basic: 0, unsatisfied: 0 }
  for (const r of doc.neighbourRatings ?? []) counts[r.rating]++
  const myRating = myRatingOf(doc, openid)
  return {
    id: doc._id,
    no: doc.no,
    categoryName: categoryNameOf(doc),
    summary: similarSummary(doc.description),
    status: doc.status,
    statusName: REQUEST_STATUSES[doc.status],
    buildingName: doc.buildingName,
    createdAt: doc.createdAt.toISOString(),
    followerCount: doc.followers?.length ?? 0,
    steps: doc.events
      .filter((e) => NEIGHBOUR_STEPS[e.type])
      .map((e) => ({ at: new Date(e.at).toISOString(), title: NEIGHBOUR_STEPS[e.type] })),
    canRate: neighbourRatable(doc.status) && myRating === null,
    myRating,
    neighbourRatings: counts,
  }
}

/** 我关注的: what the caller follows, newest first (in any community: a follower moves house too). */
export async function followedList(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const res = await requests(deps.db)
    .where({ followers: caller.openid })
    .orderBy('createdAt', 'desc')
    .limit(FOLLOWED_LIMIT)
    .get()
  return {
    // A merged one's followers follow the one it repeated now (duplicates.ts): that one is listed.
    items: res.data
      .filter((d) => isFollower(d, caller.openid) && d.status !== 'merged')
      .map((d) => followedView(d, caller.openid)),
  }
}

export async function followedGet(input: { id: string }, { deps, caller }: ActionContext) {
  const doc = await findRequest(deps.db, input.id)
  if (!isFollower(doc, caller.openid)) throw new AppError('NOT_FOUND', NOT_FOLLOWED)
  return followedView(doc, caller.openid)
}

/** 邻居评价: once per follower, when it is done; the same rating again (a retry) answers as the first. */
export async function neighbourRate(
  input: { id: string; rating: Rating },
  { deps, caller }: ActionContext,
): Promise<FollowedRequest> {
  const { db, now } = deps
  const _ = db.command
  const at = now()
  for (let i = 0; i < RETRIES; i++) {
    const doc = await findRequest(db, input.id)
    if (!isFollower(doc, caller.openid)) throw new AppError('NOT_FOUND', NOT_FOLLOWED)
    const mine = myRatingOf(doc, caller.openid)
    if (mine === input.rating) return followedView(doc, caller.openid)
    if (mine) throw new AppError('CONFLICT', `您已评价过（${RATINGS[mine]}），每位邻居评价一次`)
    if (!neighbourRatable(doc.status))
      throw new AppError('CONFLICT', `这条诉求目前“${REQUEST_STATUSES[doc.status]}”，办结后才能评价`)
    const moved = await commitStep(db, REQUEST_LIFECYCLE, doc, {
      action: doc.status === 'resolved' ? 'neighbourRate' : 'neighbourRateClosed',
      actor: { openid: caller.openid, name: NEIGHBOUR },
      changes: { neighbourRatings: _.push([{ openid: caller.openid, rating: input.rating, at }]) },
      note: `${RATINGS[input.rating]}。${NEIGHBOUR_RATED_MESSAGE}`,
      at,
      guard: { 'neighbourRatings.openid': _.neq(caller.openid) },
    })
    if (moved) return followedView((await findRequest(db, doc._id))!, caller.openid)
  }
  throw new AppError('CONFLICT', '这条诉求刚有变化，请刷新后再试')
}
