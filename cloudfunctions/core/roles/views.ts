/** Invitations and role changes as people read them: the place, the grid, the event in words. */
import { h5Url, INVITE_PAGE, inviteScene } from '../../../src/domain/links'
import { ROLES } from '../../../src/domain/roles'
import { formatLocal } from '../../../src/domain/time'
import { communityGrids, gridLabelIn, orgOf } from '../community'
import { byId, type Database } from '../db'
import type { CommunityDoc, GridDoc, InvitationDoc, RoleEventDoc } from '../model'
import { publicUrl } from '../public-url'

export function gridLabelOf(
  gridById: Map<string, GridDoc>,
  gridId: string | null,
  buildingCode: string | null,
): string {
  const grid = gridId ? gridById.get(gridId) : undefined
  const label = grid ? gridLabelIn(gridById, grid) : ''
  return buildingCode ? `${label}（楼栋 ${buildingCode}）` : label || '全社区'
}

type Place = { community: CommunityDoc; gridById: Map<string, GridDoc> }

export async function placeOf(db: Database, communityId: string): Promise<Place> {
  const [community, gridById] = await Promise.all([orgOf(db, communityId), communityGrids(db, communityId)])
  return { community, gridById }
}

/** An invitation as people see it; `place` when the community is already loaded (a list of them). */
export async function invitationView(db: Database, inv: InvitationDoc, at: Date, place?: Place) {
  const { community, gridById } = place ?? (await placeOf(db, inv.communityId))
  const url = h5Url(publicUrl(), INVITE_PAGE, { scene: inviteScene(inv._id) })
  return {
    code: inv._id,
    role: inv.role,
    roleLabel: ROLES[inv.role],
    communityName: community.name,
    // 责任单位联系人: the unit they will answer for, where the others read their grid.
    gridName: inv.unitId
      ? ((await byId(db, 'units', inv.unitId))?.name ?? '责任单位')
      : gridLabelOf(gridById, inv.gridId, inv.buildingCode),
    name: inv.name,
    expiresAt: inv.expiresAt.toISOString(),
    expiresText: formatLocal(inv.expiresAt, 'M月D日 HH:mm'),
    status: inv.status === 'open' && inv.expiresAt <= at ? ('expired' as const) : inv.status,
    url,
  }
}

export function eventText(e: RoleEventDoc): string {
  const when = formatLocal(e.at, 'M月D日 HH:mm')
  const who = e.subject.name || '（未填姓名）'
  switch (e.type) {
    case 'invite':
      return `${when} ${e.actor.name} 邀请 ${who} 担任${ROLES[e.role]}`
    case 'invite.revoke':
      return `${when} ${e.actor.name} 撤销了给 ${who} 的${ROLES[e.role]}邀请`
    case 'grant':
      return `${when} ${who} 接受邀请，成为${ROLES[e.role]}`
    case 'revoke':
      return `${when} ${e.actor.name} 撤销了 ${who} 的${ROLES[e.role]}角色${e.note ? `：${e.note}` : ''}`
    case 'bootstrap':
      return `${when} 部署初始化，生成首位社区管理员邀请`
  }
}
