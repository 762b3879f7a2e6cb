/**
 * 工作交接 (issue 18, part 1): before a role is taken away, what its holder has in hand there — the
 * requests they took on, the activities they organise, the wishes they claimed — and, with
 * `role.revoke`'s `handTo`, the hand-over in the same step: each request 转交 (an event and notices
 * as any 转交), each activity organised by the one taking over. Claimed wishes are listed: a claim
 * is the volunteer's own promise, which nobody else can make for them.
 */
import { canHandle } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { ROLES } from '../../../src/domain/roles'
import type { ActionContext } from '../context'
import { byId, collection, type Database } from '../db'
import type { MembershipDoc, RequestDoc } from '../model'
import { transferRequest } from '../requests/handover'
import { manageable } from './reach'
import { requests } from '../requests/store'
import { toSummary } from '../requests/views'

/** Roles that work requests or organise activities: what they hold can be handed over. */
const WORKING: MembershipDoc['role'][] = ['gridMember', 'gridLeader', 'communityAdmin']
const ORGANISERS: MembershipDoc['role'][] = ['gridLeader', 'communityAdmin']

/** What `m`'s holder has in hand through this role (requests it reaches; activities if it organises). */
async function inHand(db: Database, m: MembershipDoc, at: Date) {
  const _ = db.command
  const [held, sessions, wishes] = await Promise.all([
    WORKING.includes(m.role)
      ? requests(db)
          .where({ communityId: m.communityId, assigneeOpenid: m.openid, status: 'accepted' })
          .limit(200)
          .get()
          .then((r) => r.data.filter((d: RequestDoc) => canHandle([m], d)))
      : Promise.resolve([] as RequestDoc[]),
    ORGANISERS.includes(m.role)
      ? collection(db, 'sessions')
          .where({ communityId: m.communityId, createdBy: m.openid, startAt: _.gt(at) })
          .orderBy('startAt', 'asc')
          .limit(200)
          .get()
          .then((r) => r.data)
      : Promise.resolve([]),
    collection(db, 'wishes')
      .where({ communityId: m.communityId, status: 'claimed', 'claim.openid': m.openid })
      .limit(100)
      .get()
      .then((r) => r.data),
  ])
  return { held, sessions, wishes }
}

export async function workOf(input: { membershipId: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const m = await manageable(deps.db, caller, input.membershipId)
  const { held, sessions, wishes } = await inHand(db, m, now())
  const holder = await byId(db, 'users', m.openid)
  return {
    name: holder?.name ?? '',
    requests: held.map(toSummary),
    sessions: sessions.map((s) => ({ id: s._id, title: s.title, startAt: s.startAt.toISOString() })),
    wishes: wishes.map((w) => ({ id: w._id, title: w.what })),
  }
}

/**
 * Hands what `m`'s holder has in hand to `handTo`'s holder, checked whole before anything moves:
 * the one taking over must be someone else of the same community who may handle every request.
 */
export async function handOver(ctx: ActionContext, m: MembershipDoc, handTo: string, reason: string) {
  const { db, now } = ctx.deps
  const at = now()
  const target = await byId(db, 'memberships', handTo)
  if (!target || target.communityId !== m.communityId || !WORKING.includes(target.role))
    throw new AppError('NOT_FOUND', '没有找到接手的人，请重新选择')
  if (target.openid === m.openid)
    throw new AppError('INVALID_INPUT', '接手的人不能是被撤销角色的本人', { handTo: '请选择另一位' })
  const { held, sessions } = await inHand(db, m, at)
  const takerName = (await byId(db, 'users', target.openid))?.name ?? '接手人'
  const cannot = held.filter((d) => !canHandle([target], d))
  if (cannot.length)
    throw new AppError(
      'INVALID_INPUT',
      `${takerName}不负责其中${cannot.length}条诉求所在的网格，请选择能办理它们的人`,
      { handTo: '请选择能办理这些诉求的人' },
    )
  if (sessions.length && !ORGANISERS.includes(target.role))
    throw new AppError('INVALID_INPUT', `${takerName}不能组织活动，请选择网格长或社区管理员`, {
      handTo: '请选择网格长或社区管理员',
    })
  const holderName = (await byId(db, 'users', m.openid))?.name ?? ''
  const why = `${holderName}的${ROLES[m.role]}角色撤销${reason ? `（${reason}）` : ''}，工作交接`
  for (const d of held) await transferRequest({ id: d._id, membershipId: target._id, reason: why }, ctx)
  const activityIds = [...new Set(sessions.map((s) => s.activityId))]
  if (activityIds.length) {
    const _ = db.command
    await collection(db, 'sessions')
      .where({ communityId: m.communityId, createdBy: m.openid, activityId: _.in(activityIds) })
      .update({ createdBy: target.openid })
    await collection(db, 'activities')
      .where({ communityId: m.communityId, createdBy: m.openid, _id: _.in(activityIds) })
      .update({ createdBy: target.openid })
  }
  return { requests: held.length, activities: activityIds.length }
}
