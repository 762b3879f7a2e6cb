/**
 * 转交 (issue 18, part 1): work someone has taken on (已接单) moves to another person who may handle
 * it where it is — a leader above or the admin decides, with the reason; it is an event in the
 * 台账 and both hear of it. Without it, a member who left held her requests until the clocks ran out.
 */
import { canHandle, canSupervise } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { ROLES } from '../../../src/domain/roles'
import type { ActionContext } from '../context'
import { communityGrids, gridLabelIn } from '../community'
import { byIds, collection, type Database } from '../db'
import type { MembershipDoc, RequestDoc } from '../model'
import { move } from './moves'
import { loadVisible } from './store'

const TAKERS: MembershipDoc['role'][] = ['gridMember', 'gridLeader', 'communityAdmin']

/** The staff of its community who may handle `doc` where it is now, but whoever holds it. */
async function takersOf(db: Database, doc: RequestDoc): Promise<MembershipDoc[]> {
  const _ = db.command
  const res = await collection(db, 'memberships')
    .where({ communityId: doc.communityId, role: _.in(TAKERS) })
    .limit(1000)
    .get()
  return res.data.filter((m) => m.openid !== doc.assigneeOpenid && canHandle([m], doc))
}

export async function transferTargets(input: { id: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const doc = await loadVisible(db, input.id, caller)
  if (!canSupervise(caller.memberships, doc))
    throw new AppError('FORBIDDEN', '只有上级网格长或社区管理员可以转交')
  const takers = await takersOf(db, doc)
  const [users, grids] = await Promise.all([
    byIds(
      db,
      'users',
      takers.map((m) => m.openid),
    ),
    communityGrids(db, doc.communityId),
  ])
  const names = new Map(users.map((u) => [u._id, u.name]))
  // One line per person: their role that reaches it nearest (a member before the leader above).
  const seen = new Set<string>()
  const people = takers
    .sort((a, b) => TAKERS.indexOf(a.role) - TAKERS.indexOf(b.role))
    .filter((m) => !seen.has(m.openid) && seen.add(m.openid))
    .map((m) => {
      const grid = m.gridId ? grids.get(m.gridId) : undefined
      return {
        membershipId: m._id,
        name: names.get(m.openid) ?? '网格员',
        roleLabel: ROLES[m.role],
        gridName: grid ? gridLabelIn(grids, grid) : '全社区',
      }
    })
  return { people }
}

export async function transferRequest(
  input: { id: string; membershipId: string; reason: string },
  ctx: ActionContext,
) {
  const { db } = ctx.deps
  const [target] = await byIds(db, 'memberships', [input.membershipId])
  const user = target ? (await byIds(db, 'users', [target.openid]))[0] : undefined
  const name = user?.name ?? '网格员'
  return move(ctx, input.id, (doc) => ({
    action: 'transfer',
    note: `转交给${name}：${input.reason}`,
    check: () => {
      if (!target || !TAKERS.includes(target.role) || target.communityId !== doc.communityId)
        throw new AppError('NOT_FOUND', '没有找到接手的人，请重新选择')
      if (target.openid === doc.assigneeOpenid) throw new AppError('CONFLICT', `已由${name}办理，无需转交`)
      if (!canHandle([target], doc))
        throw new AppError('INVALID_INPUT', `${name}不负责这条诉求所在的网格，请选择能办理它的人`, {
          membershipId: '请选择能办理它的人',
        })
    },
    changes: (d) => ({
      assigneeOpenid: target?.openid ?? null,
      assigneeName: name,
      transferredFrom: d.assigneeOpenid ? { openid: d.assigneeOpenid, name: d.assigneeName ?? '' } : null,
    }),
  }))
}
