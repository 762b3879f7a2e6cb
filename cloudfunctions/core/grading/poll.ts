/**
 * 民主测评: a resident rates their grid (满意 / 基本满意 / 不满意) for the current month, once per
 * household — building + room of their binding. Two people of one room share the one vote; it is
 * final (not changeable: a household member cannot overwrite another's answer, and a changed vote
 * would let a grid lobby households after the fact). The vote's id is the household's, so a
 * second one cannot land even from two phones at once; a retry of the same requestId answers
 * the first result.
 */
import { needsReview } from '../../../src/domain/usertext'
import { AppError } from '../../../src/domain/errors'
import { POLL_CHOICES, type PollChoice } from '../../../src/domain/grading'
import type { PollView } from '../../../src/domain/contract'
import { formatLocal } from '../../../src/domain/time'
import { communityGrids, getBuilding } from '../community'
import { boundResident, type ActionContext } from '../context'
import { byId } from '../db'
import { gridOfLevel2, pollVotes, voteId } from './store'

const CHOICES = (Object.keys(POLL_CHOICES) as PollChoice[]).map((code) => ({
  code,
  label: POLL_CHOICES[code].label,
}))

export const ALREADY_VOTED = '您家本月已经参加过民主测评，每户每月一票，不能重复投票'
export const ROOM_FIRST = '请先填写门牌号（几单元几号）：每户每月一票'

/** The caller's household and grid, and this month's vote of the household. */
async function household(ctx: ActionContext) {
  const { db, now } = ctx.deps
  const me = boundResident(ctx.caller)
  const building = await getBuilding(db, me.buildingCode)
  const grids = await communityGrids(db, building.communityId)
  const gridId = gridOfLevel2(grids, building.gridId)
  const grid = gridId ? grids.get(gridId) : undefined
  if (!grid) throw new AppError('NOT_FOUND', '您的楼栋还没有划入网格，暂时不能测评')
  const month = formatLocal(now(), 'YYYY-MM')
  const room = me.room?.trim() ?? ''
  const id = room ? voteId(building.communityId, month, building._id, room) : null
  return { me, building, grid, month, room, id }
}

function view(
  h: Awaited<ReturnType<typeof household>>,
  vote: Awaited<ReturnType<typeof findVote>>,
): PollView {
  return {
    month: h.month,
    gridName: h.grid.name,
    household: `${h.building.name}${h.room ? ` ${h.room}` : ''}`,
    needsRoom: !h.room,
    vote: vote
      ? {
          choice: vote.choice,
          label: POLL_CHOICES[vote.choice].label,
          at: vote.at.toISOString(),
          mine: vote.openid === h.me._id,
        }
      : null,
    choices: CHOICES,
  }
}

async function findVote(ctx: ActionContext, id: string | null) {
  return id ? byId(ctx.deps.db, 'pollVotes', id) : null
}

export async function pollMine(_input: Record<string, never>, ctx: ActionContext): Promise<PollView> {
  const h = await household(ctx)
  return view(h, await findVote(ctx, h.id))
}

export async function pollVote(
  input: { requestId: string; choice: PollChoice; comment?: string },
  ctx: ActionContext,
): Promise<PollView> {
  const h = await household(ctx)
  if (!h.id) throw new AppError('INVALID_INPUT', ROOM_FIRST)
  const before = await findVote(ctx, h.id)
  const replay = (v: NonNullable<typeof before>) => v.openid === h.me._id && v.requestId === input.requestId
  if (before) {
    if (replay(before)) return view(h, before)
    throw new AppError('CONFLICT', ALREADY_VOTED)
  }
  const doc = {
    _id: h.id,
    communityId: h.building.communityId,
    month: h.month,
    gridId: h.grid._id,
    buildingCode: h.building._id,
    room: h.room,
    choice: input.choice,
    comment: input.comment || null,
    commentReview: needsReview(ctx.contentCheck),
    openid: h.me._id,
    requestId: input.requestId,
    at: ctx.deps.now(),
  }
  try {
    await pollVotes(ctx.deps.db).add(doc)
  } catch (err) {
    // Another phone of the household got there first (the id is the household's).
    const won = await findVote(ctx, h.id)
    if (!won) throw err
    if (replay(won)) return view(h, won)
    throw new AppError('CONFLICT', ALREADY_VOTED)
  }
  return view(h, doc)
}
