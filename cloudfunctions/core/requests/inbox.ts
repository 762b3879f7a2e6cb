/**
 * Lists: the resident's own requests, a grid member's inbox by tab (scoped by access.ts), paged by
 * cursor.
 */
import type { InboxPage, InboxTab, RequestDetail } from '../../../src/domain/contract'
import { OPEN_STATUSES, type RequestStatus } from '../../../src/domain/request'
import { STREET_LEVEL } from '../../../src/domain/street'
import type { ActionContext } from '../context'
import { type Database } from '../db'
import { nextCursor, pageQuery, type SortOrder } from '../paging'
import type { MembershipDoc } from '../model'
import { requests, loadVisible } from './store'
import { toSummary, toDetail } from './views'

export async function getRequest(
  input: { id: string },
  { deps, caller }: ActionContext,
): Promise<RequestDetail> {
  return toDetail(deps, await loadVisible(deps.db, input.id, caller), caller, deps.now())
}

type RequestOrder = SortOrder<'acceptBy' | 'createdAt'>

function pageRequests(db: Database, where: object, order: RequestOrder, cursor?: string) {
  return pageQuery(db, 'requests', where, order, cursor)
}

const NEWEST_FIRST: RequestOrder = { field: 'createdAt', direction: 'desc' }

export async function listMine(input: { cursor?: string }, { deps, caller }: ActionContext) {
  const res = await pageRequests(deps.db, { residentOpenid: caller.openid }, NEWEST_FIRST, input.cursor).get()
  const docs = res.data
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
function inboxScope(db: Database, memberships: MembershipDoc[], tab: InboxTab): object[] {
  const _ = db.command
  const of = (role: MembershipDoc['role']) => memberships.filter((m) => m.role === role)
  const adminOf = of('communityAdmin').map((m) => m.communityId)
  const leaderGrids = of('gridLeader').map((m) => m.gridId as string)
  const memberGrids = of('gridMember').map((m) => m.gridId as string)
  // 街道管理员: what the street holds now (兜底); 超时 is what it let wait past its own clock.
  const streets = of('streetAdmin').map((m) => m.communityId)
  if (streets.length)
    return [
      tab === 'slipped'
        ? { streetId: _.in(streets), level: STREET_LEVEL, streetLate: true }
        : { streetId: _.in(streets), level: STREET_LEVEL },
    ]
  // 超时: by where it slipped from, wherever it is now.
  if (tab === 'slipped') {
    if (adminOf.length) return [{ communityId: _.in(adminOf), slippedFrom: _.exists(true) }]
    const grids = [...leaderGrids, ...memberGrids]
    return grids.length ? [{ slippedFrom: _.in(grids) }] : []
  }
  // The whole community, but not what a registered street holds now: that is the street's to work.
  if (adminOf.length)
    return [
      _.and([
        { communityId: _.in(adminOf) },
        _.or([{ level: _.gt(STREET_LEVEL) }, { streetId: _.exists(false) }]),
      ]),
    ]
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
    return _.and([scope.length === 1 ? scope[0] : _.or(scope), status])
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
  const docs = list.data
  return {
    items: docs.map(toSummary),
    counts: { assigned: assigned.total, accepted: accepted.total, slipped: slipped.total },
    nextCursor: nextCursor(docs, q.order),
  }
}
