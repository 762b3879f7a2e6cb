/**
 * 人员与角色: who holds which role, and taking a role away (an admin, or a grid leader for the roles
 * below them). Roles are read from the database on every call, so a revoked role is gone on the
 * next one; the last admin stays. Every change is a role event (the roles' 台账).
 */
import { actorOf } from '../audit'
import { invitationMove, ensureAdminCount, recordEvent } from './store'
import { AppError } from '../../../src/domain/errors'
import { ROLES, type Role } from '../../../src/domain/roles'
import type { ActionContext } from '../context'
import { byId, byIds, collection } from '../db'
import { adminCommunity } from '../scopes'
import { shownWhere } from '../staging'
import { manageable } from './reach'
import { handOver } from './handover'
import { eventText, gridLabelOf, invitationView, placeOf } from './views'

/** 撤销角色: takes effect on the holder's next call. The last admin cannot be removed. */
export async function revokeRole(
  input: { membershipId: string; reason: string; handTo?: string },
  ctx: ActionContext,
) {
  const { deps, caller } = ctx
  const { db, now } = deps
  const m = await manageable(db, caller, input.membershipId)
  // 工作交接 first: what they have in hand goes to the one taking over, checked whole (handover.ts).
  if (input.handTo) await handOver(ctx, m, input.handTo, input.reason)
  const _ = db.command
  if (m.role === 'communityAdmin') {
    // The last admin is refused before anything is written (the counter included).
    const community = await byId(db, 'communities', m.communityId)
    const admins =
      typeof community?.admins === 'number'
        ? community.admins
        : (
            await collection(db, 'memberships')
              .where({ communityId: m.communityId, role: 'communityAdmin' })
              .count()
          ).total
    if (admins <= 1) throw new AppError('CONFLICT', '不能移除最后一位社区管理员，请先邀请另一位管理员')
    await ensureAdminCount(db, m.communityId)
    const res = await collection(db, 'communities')
      .where({ _id: m.communityId, admins: _.gt(1) })
      .update({ admins: _.inc(-1) })
    if (!res.updated) throw new AppError('CONFLICT', '不能移除最后一位社区管理员，请先邀请另一位管理员')
  }
  // The code that gave it ends before the role does: from now on it never grants again (a late
  // accept of it is undone, acceptInvitation).
  if (m.invitationId)
    await collection(db, 'invitations')
      .where({ _id: m.invitationId, ...invitationMove(db, 'roleEnded').where })
      .update({ roleEndedAt: now() })
  const removed = await collection(db, 'memberships').doc(m._id).remove()
  if (!removed.deleted && m.role === 'communityAdmin')
    await collection(db, 'communities')
      .doc(m.communityId)
      .update({ admins: _.inc(1) })
  if (m.staffId) await collection(db, 'staff').doc(m.staffId).update({ openid: null, updatedAt: now() })
  // Codes they handed out while they held it stop working with it.
  const revoke = invitationMove(db, 'inviterRemoved')
  await collection(db, 'invitations')
    .where({ communityId: m.communityId, 'createdBy.openid': m.openid, ...revoke.where })
    .update({ ...revoke.set, revokedAt: now() })
  const holder = await byId(db, 'users', m.openid)
  const at = now()
  await recordEvent(
    db,
    {
      communityId: m.communityId,
      at,
      type: 'revoke',
      actor: actorOf(caller, '管理员'),
      subject: { openid: m.openid, name: holder?.name ?? '' },
      role: m.role,
      gridId: m.gridId ?? null,
      invitationId: m.invitationId ?? null,
      note: input.reason,
    },
    `revoke|${m._id}|${at.getTime()}`,
  )
  return { ok: true }
}

const MANAGED: Role[] = ['communityAdmin', 'gridLeader', 'gridMember', 'buildingLeader']

/** 人员与角色: who holds what, who is on the roster without a role yet, open invitations, recent changes. */
export async function listRoles(_input: object, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const communityId = adminCommunity(caller, '只有社区管理员可以管理人员与角色')
  const _ = db.command
  const [{ community, gridById }, held, staff, invitations, events, buildings] = await Promise.all([
    placeOf(db, communityId),
    collection(db, 'memberships')
      .where({ communityId, role: _.in(MANAGED) })
      .limit(1000)
      .get(),
    shownWhere(db, 'staff', { communityId }),
    collection(db, 'invitations').where({ communityId, status: 'open' }).limit(200).get(),
    collection(db, 'roleEvents').where({ communityId }).orderBy('at', 'desc').limit(30).get(),
    shownWhere(db, 'buildings', { communityId }),
  ])
  const memberships = held.data
  const users = await byIds(
    db,
    'users',
    memberships.map((m) => m.openid),
  )
  const nameOf = new Map(users.map((u) => [u._id, u]))
  const at = now()
  const order = (r: Role) => MANAGED.indexOf(r)
  return {
    holders: memberships
      .map((m) => ({
        membershipId: m._id,
        name: nameOf.get(m.openid)?.name ?? '未登记姓名',
        role: m.role,
        roleLabel: ROLES[m.role],
        gridName: gridLabelOf(gridById, m.gridId ?? null, m.buildingCode ?? null),
        self: m.openid === caller.openid,
        // In the community's own order (第一网格 before 第二网格), not by the names' pinyin.
        place: (m.gridId ? (gridById.get(m.gridId)?.path ?? []) : []).join('/') + (m.buildingCode ?? ''),
      }))
      .sort(
        (a, b) =>
          order(a.role) - order(b.role) ||
          a.place.localeCompare(b.place) ||
          a.name.localeCompare(b.name, 'zh'),
      )
      .map(({ place: _place, ...h }) => h),
    roster: staff
      .filter((s) => !s.openid)
      .map((s) => ({
        staffId: s._id,
        name: s.name,
        role: s.role,
        roleLabel: ROLES[s.role],
        gridName: gridLabelOf(gridById, s.gridId, s.buildingCode),
      })),
    invitations: await Promise.all(
      invitations.data
        .filter((i) => i.expiresAt > at)
        .map((i) => invitationView(db, i, at, { community, gridById })),
    ),
    events: events.data.map((e) => ({
      at: e.at.toISOString(),
      text: eventText(e),
    })),
    grids: [...gridById.values()]
      .filter((g) => g.level > 1)
      .map((g) => ({ id: g._id, name: gridLabelOf(gridById, g._id, null), level: g.level }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    buildings: buildings
      .map((b) => ({ code: b._id, name: b.name }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  }
}
