import { isDeepStrictEqual } from 'node:util'
import type { MeView } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { photoDir } from '../../../src/domain/photos'
import { type Role } from '../../../src/domain/roles'
import { isStaff, streetsOf } from '../../../src/domain/access'
import { boundResident, type ActionContext, type Caller, type Deps } from '../context'
import { buildingView, getBuilding, inUseBuilding } from '../community'
import { byIds, collection } from '../db'
import { unreadOf } from '../notify/messages'
import { shown } from '../staging'
import type { UserDoc } from '../model'
import { communitiesOf, narrowed } from '../working'

export async function meView(deps: Deps, caller: Caller): Promise<MeView> {
  const { db } = deps
  const { user, memberships } = caller
  const roles = new Set<Role>(memberships.map((m) => m.role))
  if (user?.buildingCode) roles.add('resident')
  const gridIds = memberships.map((m) => m.gridId).filter((g): g is string => !!g)
  const grids = await shown(db, await byIds(db, 'grids', gridIds))
  const held = communitiesOf(caller.allMemberships)
  const streetIds = streetsOf(caller.allMemberships)
  const [building, unread, consent, communities, streets] = await Promise.all([
    user?.buildingCode ? getBuilding(db, user.buildingCode).then((b) => buildingView(db, b)) : null,
    unreadOf(db, caller.openid),
    collection(db, 'consents').doc(caller.openid).get(),
    byIds(db, 'communities', held),
    // A 街道管理员 works in the street as in a community (src/domain/street.ts); nobody else reads streets.
    streetIds.length ? byIds(db, 'streets', streetIds) : [],
  ])
  const names = new Map([...communities, ...streets].map((c) => [c._id, c.name]))
  return {
    name: user?.name ?? '微信用户',
    roles: [...roles],
    building,
    room: user?.room ?? null,
    staffGrids: grids.map((g) => ({ id: g._id, name: g.name, level: g.level })),
    isStaff: isStaff(memberships),
    unreadMessages: unread,
    uploadDir: photoDir(caller.openid),
    privacyConsent: consent.data?.[0]?.version ?? null,
    workPhone: user?.workPhone ?? null,
    contact: {
      asked: !!user?.contactAt,
      // The placeholder given at binding (2号楼居民) is not a name they gave.
      name: user?.contactAt ? user.name : '',
      phone: user?.phone ?? null,
      noPhone: !!user?.noPhone,
    },
    communityId: caller.communityId,
    communities: held.map((id) => ({
      id,
      name: names.get(id) ?? id,
      roles: [...new Set(caller.allMemberships.filter((m) => m.communityId === id).map((m) => m.role))],
    })),
  }
}

export const NOT_YOUR_COMMUNITY = '您在这个社区没有担任角色，不能切换过去'

/**
 * 切换社区: remembers which of the caller's communities every screen works in. The community must
 * be one they hold a role in now; the router checks the stored choice again on every call.
 */
export async function chooseCommunity(
  input: { communityId: string },
  { deps, caller }: ActionContext,
): Promise<MeView> {
  const { db, now } = deps
  if (!caller.allMemberships.some((m) => m.communityId === input.communityId))
    throw new AppError('FORBIDDEN', NOT_YOUR_COMMUNITY)
  const at = now()
  const users = collection(db, 'users')
  let user: UserDoc
  if (caller.user) {
    await users.doc(caller.openid).update({ communityId: input.communityId, updatedAt: at })
    user = { ...caller.user, communityId: input.communityId, updatedAt: at }
  } else {
    // Staff who never bound a building have no record yet: the choice starts one.
    user = { _id: caller.openid, name: '微信用户', openCount: 0, createdAt: at, updatedAt: at }
    user.communityId = input.communityId
    const { _id, ...fields } = user
    await users.doc(_id).set(fields)
  }
  return meView(deps, { ...caller, user, ...narrowed(user, caller.allMemberships) })
}

export function getMe(_input: Record<string, never>, { deps, caller }: ActionContext): Promise<MeView> {
  return meView(deps, caller)
}

export async function lookupBuilding(input: { buildingCode: string }, { deps }: ActionContext) {
  return buildingView(deps.db, await inUseBuilding(deps.db, input.buildingCode))
}

/** Binding happens after the resident confirms "您是否居住在 X？" on the QR entry screen. */
export async function bindBuilding(
  input: { buildingCode: string; room?: string },
  { deps, caller }: ActionContext,
): Promise<MeView> {
  const { db, now } = deps
  const building = await inUseBuilding(db, input.buildingCode)
  const at = now()
  const users = collection(db, 'users')
  const changes: Pick<UserDoc, 'buildingCode' | 'room' | 'updatedAt'> = {
    buildingCode: building._id,
    updatedAt: at,
  }
  if (input.room) changes.room = input.room
  let user: UserDoc
  if (caller.user) {
    // A room number belongs to a building: moving without giving a new one clears the old.
    const movedWithoutRoom = !input.room && !!caller.user.room && caller.user.buildingCode !== building._id
    await users
      .doc(caller.openid)
      .update(movedWithoutRoom ? { ...changes, room: db.command.remove() } : changes)
    user = { ...caller.user, ...changes }
    if (movedWithoutRoom) delete user.room
  } else {
    user = { _id: caller.openid, name: `${building.name}居民`, openCount: 0, createdAt: at, ...changes }
    try {
      await users.add(user)
    } catch (err) {
      // Two binds raced and the other created the user first: bind on top of it. When the other
      // bind wrote the very same values (same building, same instant) the update changes nothing,
      // and CloudBase does not document whether that counts as updated (local/tcb/README.md):
      // what decides is the document as it now is.
      const res = await users.doc(caller.openid).update(changes)
      const stored = (await users.doc(caller.openid).get()).data[0]
      if (!stored || (res.updated !== 1 && !holds(stored, changes))) throw err
      user = stored
    }
  }
  return meView(deps, { ...caller, user })
}

/** Whether `doc` has each of `changes` (Dates by instant). */
function holds(doc: object, changes: object): boolean {
  return Object.entries(changes).every(([k, v]) => isDeepStrictEqual((doc as Record<string, unknown>)[k], v))
}

/**
 * 怎么联系您: the name and phone a grid member calls back on — or 不留电话, which the member is
 * then shown as such. A phone from WeChat's button is resolved from its one-time code here,
 * never taken from the client.
 */
export async function saveContact(
  input: { name: string; phone?: string; phoneCode?: string; noPhone: boolean },
  { deps, caller }: ActionContext,
): Promise<MeView> {
  const { db, now, wx } = deps
  let phone = input.noPhone ? null : (input.phone ?? null)
  if (!input.noPhone && !phone && input.phoneCode) {
    phone = await wx.getPhoneNumber(input.phoneCode)
    if (!phone)
      throw new AppError('INVALID_INPUT', '没有取到微信绑定的手机号，请手动填写', {
        phone: '请手动填写手机号',
      })
  }
  const changes = {
    name: input.name,
    noPhone: input.noPhone,
    contactAt: now(),
    updatedAt: now(),
    phone: phone ?? db.command.remove(),
  }
  await collection(db, 'users').doc(caller.openid).update(changes)
  const user = {
    ...boundResident(caller),
    name: input.name,
    noPhone: input.noPhone,
    contactAt: changes.contactAt,
  }
  if (phone) user.phone = phone
  else delete user.phone
  return meView(deps, { ...caller, user })
}
