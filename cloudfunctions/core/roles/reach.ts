/** Who may give or take which role where (an admin anything; a leader the roles below them). */
import { BOOTSTRAP } from './store'
import { leadCommunity } from '../scopes'
import { streetsOf } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { ROLES, type Role } from '../../../src/domain/roles'
import { communityGrids } from '../community'
import type { Caller } from '../context'
import { type Database, byId, collection } from '../db'
import type { InvitationDoc, MembershipDoc } from '../model'
import { shownById } from '../staging'

/**
 * Who may hand out (and take away) a role where: the community's admin any role in it; a grid
 * leader the member and building-leader roles in their own grid and below; nobody else anything.
 */
export function mayManage(caller: Caller, communityId: string, role: Role, gridPath: string[]): boolean {
  return caller.memberships.some((m) => {
    if (m.communityId !== communityId) return false
    if (m.role === 'communityAdmin') return true
    // 街道管理员: the contacts of the street's 挂钩部门.
    if (m.role === 'streetAdmin') return role === 'unitStaff'
    if (m.role === 'gridLeader')
      return (role === 'gridMember' || role === 'buildingLeader') && !!m.gridId && gridPath.includes(m.gridId)
    return false
  })
}

/** The membership `membershipId`, if the caller may take it away (role.revoke, role.workOf); else refused. */
export async function manageable(db: Database, caller: Caller, membershipId: string): Promise<MembershipDoc> {
  const m = await byId(db, 'memberships', membershipId)
  if (!m) throw new AppError('NOT_FOUND', '找不到这个角色，可能已被撤销')
  const gridById = await communityGrids(db, m.communityId)
  const path = m.gridId ? (gridById.get(m.gridId)?.path ?? []) : []
  if (!mayManage(caller, m.communityId, m.role, path))
    throw new AppError('FORBIDDEN', `您不能撤销${ROLES[m.role]}`)
  return m
}

/** The grid level each role serves; 楼栋长 by building, the admin the whole community. */
const LEVEL: Partial<Record<Role, number>> = { gridLeader: 2, gridMember: 3 }

export interface Target {
  communityId: string
  role: Role
  gridId: string | null
  buildingCode: string | null
  gridPath: string[]
  name: string
  staffId: string | null
  /** 责任单位联系人: the unit (the community's own). */
  unitId?: string
}

/** Who an invitation is for, as invite.create names them: a roster line, or a role and where. */
export interface InviteTarget {
  role?: Role
  gridId?: string
  buildingCode?: string
  name?: string
  staffId?: string
  unitId?: string
}

export async function resolveTarget(db: Database, caller: Caller, input: InviteTarget): Promise<Target> {
  const [street] = streetsOf(caller.memberships)
  if (street) return streetTarget(db, street, input)
  const communityId = leadCommunity(caller.memberships)
  if (!communityId) throw new AppError('FORBIDDEN', '只有社区管理员和网格长可以邀请')
  const gridById = await communityGrids(db, communityId)
  if (input.staffId) {
    const staff = await shownById(db, 'staff', input.staffId)
    if (!staff || staff.communityId !== communityId) throw new AppError('NOT_FOUND', '名单中没有这个人')
    if (staff.openid) throw new AppError('CONFLICT', `${staff.name}已经加入，无需再邀请`)
    return {
      communityId,
      role: staff.role,
      gridId: staff.gridId,
      buildingCode: staff.buildingCode,
      gridPath: gridById.get(staff.gridId)?.path ?? [],
      name: staff.name,
      staffId: staff._id,
    }
  }
  const role = input.role as Role
  const name = input.name ?? ''
  if (!['communityAdmin', 'gridLeader', 'gridMember', 'buildingLeader', 'unitStaff'].includes(role))
    throw new AppError('INVALID_INPUT', '只能邀请社区管理员、网格长、网格员、楼栋长或责任单位联系人', {
      role: '请选择角色',
    })
  if (role === 'unitStaff') {
    const unit = input.unitId ? await byId(db, 'units', input.unitId) : null
    if (!unit || unit.communityId !== communityId)
      throw new AppError('INVALID_INPUT', '请选择本社区登记的责任单位', { unitId: '请选择责任单位' })
    return {
      communityId,
      role,
      gridId: null,
      buildingCode: null,
      gridPath: [],
      name,
      staffId: null,
      unitId: unit._id,
    }
  }
  if (role === 'communityAdmin')
    return { communityId, role, gridId: null, buildingCode: null, gridPath: [], name, staffId: null }
  if (role === 'buildingLeader') {
    const building = input.buildingCode ? await shownById(db, 'buildings', input.buildingCode) : null
    if (!building || building.communityId !== communityId)
      throw new AppError('INVALID_INPUT', '请选择本社区的楼栋', { buildingCode: '请选择楼栋' })
    return {
      communityId,
      role,
      gridId: building.gridId,
      buildingCode: input.buildingCode as string,
      gridPath: gridById.get(building.gridId)?.path ?? [],
      name,
      staffId: null,
    }
  }
  const grid = input.gridId ? gridById.get(input.gridId) : undefined
  const want = LEVEL[role] as number
  if (!grid || grid.level !== want) {
    const msg = `${ROLES[role]}负责${want === 2 ? '二级网格' : '三级微网格'}，请选择本社区的${want === 2 ? '网格' : '微网格'}`
    throw new AppError('INVALID_INPUT', msg, { gridId: msg })
  }
  return { communityId, role, gridId: grid._id, buildingCode: null, gridPath: grid.path, name, staffId: null }
}

/** A 街道管理员 invites the contacts of the street's 挂钩部门 (its other admins: npm run bootstrap). */
async function streetTarget(db: Database, streetId: string, input: InviteTarget): Promise<Target> {
  if (input.staffId || input.role !== 'unitStaff')
    throw new AppError('INVALID_INPUT', '街道可以邀请挂钩部门的联系人', { role: '请选择责任单位联系人' })
  const unit = input.unitId ? await byId(db, 'units', input.unitId) : null
  if (!unit || unit.communityId !== streetId)
    throw new AppError('INVALID_INPUT', '请选择本街道登记的挂钩部门', { unitId: '请选择挂钩部门' })
  return {
    communityId: streetId,
    role: 'unitStaff',
    gridId: null,
    buildingCode: null,
    gridPath: [],
    name: input.name ?? '',
    staffId: null,
    unitId: unit._id,
  }
}

/** Whether whoever made the invitation may still give its role (a removed admin's codes die with it). */
export async function inviterStillMay(db: Database, inv: InvitationDoc): Promise<boolean> {
  if (inv.createdBy.openid === BOOTSTRAP) return true
  const held = await collection(db, 'memberships').where({ openid: inv.createdBy.openid }).limit(100).get()
  const path = inv.gridId ? ((await communityGrids(db, inv.communityId)).get(inv.gridId)?.path ?? []) : []
  // As if working in the invitation's community: a role elsewhere never vouches for it.
  const inviter = {
    openid: inv.createdBy.openid,
    user: null,
    memberships: held.data.filter((m) => m.communityId === inv.communityId),
    communityId: inv.communityId,
    allMemberships: held.data,
  }
  return mayManage(inviter, inv.communityId, inv.role, path)
}
