/** 心愿墙, 我的心愿 and the grid's inbox (待审核 / 待确认 / 久未认领). */
import { AppError } from '../../../src/domain/errors'
import { DAY_MS } from '../../../src/domain/time'
import { UNCLAIMED_HIGHLIGHT_DAYS } from '../../../src/domain/wish'
import { getBuilding } from '../community'
import type { ActionContext, Caller } from '../context'
import { type Database } from '../db'
import type { MembershipDoc } from '../model'
import { nextCursor, pageQuery, type SortOrder } from '../paging'
import { loadVisible } from './store'
import { toCard, toDetail } from './views'

type WishOrder = SortOrder<'waitingSince' | 'createdAt'>

const OLDEST_WAITING: WishOrder = { field: 'waitingSince', direction: 'asc' }

const NEWEST: WishOrder = { field: 'createdAt', direction: 'desc' }

async function page(db: Database, where: object, order: WishOrder, at: Date, cursor?: string) {
  const res = await pageQuery(db, 'wishes', where, order, cursor).get()
  const docs = res.data
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
