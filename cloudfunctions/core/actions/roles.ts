/**
 * 人员与角色: roles are given by invitation and taken away by an admin (or a grid leader, for the
 * roles below them). An invitation is a one-time code valid for 72 hours; whoever opens it while
 * signed in takes its role. Roles are read from the database on every call, so a revoked role is
 * gone on the next one. Every change is a role event (the roles' 台账).
 */
import { leadCommunity } from '../scopes'
import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '../../../src/domain/errors'
import { h5Url, INVITE_PAGE, inviteScene } from '../../../src/domain/links'
import { ROLES, type Role } from '../../../src/domain/roles'
import { INVITATION_HOURS, INVITE_ALPHABET, INVITE_CODE_LENGTH } from '../../../src/domain/invitations'
import { formatLocal, HOUR_MS } from '../../../src/domain/time'
import { communityGrids, getCommunity, gridLabelIn } from '../community'
import type { ActionContext, Caller, Deps } from '../context'
import { byId, COLLECTIONS, type Database } from '../db'
import { derivedId } from '../ids'
import type {
  BuildingDoc,
  CommunityDoc,
  GridDoc,
  InvitationDoc,
  MembershipDoc,
  RoleEventDoc,
  StaffDoc,
  UserDoc,
} from '../model'
import { publicUrl } from '../public-url'
import { adminCommunity } from './setup'
import { imageType } from '../wx'
import { envVersion } from './buildings'

type Actor = { openid: string; name: string }

/** Who made the first admin's invitation: the bootstrap command, not a person. */
const BOOTSTRAP = 'bootstrap'

function actorOf(caller: Caller): Actor {
  return { openid: caller.openid, name: caller.user?.name ?? '管理员' }
}

function codeFrom(bytes: Buffer): string {
  let out = ''
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) out += INVITE_ALPHABET[bytes[i] % INVITE_ALPHABET.length]
  return out
}

/**
 * Creates the document unless it exists; true if this call created it. Two calls racing with the
 * same id (a double tap, a retry) create it once, and only one of them is told it did.
 */
async function insertOnce(db: Database, collection: string, id: string, doc: object): Promise<boolean> {
  try {
    await db.collection(collection).add({ _id: id, ...doc })
    return true
  } catch (err) {
    if (await byId(db, collection, id)) return false
    throw err
  }
}

async function recordEvent(db: Database, event: Omit<RoleEventDoc, '_id'>, key: string): Promise<void> {
  // Derived from what it records: a retried grant or revoke is not recorded twice.
  await db.collection(COLLECTIONS.roleEvents).doc(derivedId('role-event', key)).set(event)
}

/**
 * Who may hand out (and take away) a role where: the community's admin any role in it; a grid
 * leader the member and building-leader roles in their own grid and below; nobody else anything.
 */
function mayManage(caller: Caller, communityId: string, role: Role, gridPath: string[]): boolean {
  return caller.memberships.some((m) => {
    if (m.communityId !== communityId) return false
    if (m.role === 'communityAdmin') return true
    if (m.role === 'gridLeader')
      return (role === 'gridMember' || role === 'buildingLeader') && !!m.gridId && gridPath.includes(m.gridId)
    return false
  })
}

/** The grid level each role serves; 楼栋长 by building, the admin the whole community. */
const LEVEL: Partial<Record<Role, number>> = { gridLeader: 2, gridMember: 3 }

interface Target {
  communityId: string
  role: Role
  gridId: string | null
  buildingCode: string | null
  gridPath: string[]
  name: string
  staffId: string | null
}

async function resolveTarget(
  db: Database,
  caller: Caller,
  input: { role?: Role; gridId?: string; buildingCode?: string; name?: string; staffId?: string },
): Promise<Target> {
  const communityId = leadCommunity(caller.memberships)
  if (!communityId) throw new AppError('FORBIDDEN', '只有社区管理员和网格长可以邀请')
  const gridById = await communityGrids(db, communityId)
  if (input.staffId) {
    const staff = await byId<StaffDoc>(db, COLLECTIONS.staff, input.staffId)
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
  if (!['communityAdmin', 'gridLeader', 'gridMember', 'buildingLeader'].includes(role))
    throw new AppError('INVALID_INPUT', '只能邀请社区管理员、网格长、网格员或楼栋长', { role: '请选择角色' })
  if (role === 'communityAdmin')
    return { communityId, role, gridId: null, buildingCode: null, gridPath: [], name, staffId: null }
  if (role === 'buildingLeader') {
    const building = input.buildingCode
      ? await byId<{ communityId: string; gridId: string }>(db, COLLECTIONS.buildings, input.buildingCode)
      : null
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

function gridLabelOf(
  gridById: Map<string, GridDoc>,
  gridId: string | null,
  buildingCode: string | null,
): string {
  const grid = gridId ? gridById.get(gridId) : undefined
  const label = grid ? gridLabelIn(gridById, grid) : ''
  return buildingCode ? `${label}（楼栋 ${buildingCode}）` : label || '全社区'
}

type Place = { community: CommunityDoc; gridById: Map<string, GridDoc> }

async function placeOf(db: Database, communityId: string): Promise<Place> {
  const [community, gridById] = await Promise.all([
    getCommunity(db, communityId),
    communityGrids(db, communityId),
  ])
  return { community, gridById }
}

/** An invitation as people see it; `place` when the community is already loaded (a list of them). */
async function invitationView(db: Database, inv: InvitationDoc, at: Date, place?: Place) {
  const { community, gridById } = place ?? (await placeOf(db, inv.communityId))
  const url = h5Url(publicUrl(), INVITE_PAGE, { scene: inviteScene(inv._id) })
  return {
    code: inv._id,
    role: inv.role,
    roleLabel: ROLES[inv.role],
    communityName: community.name,
    gridName: gridLabelOf(gridById, inv.gridId, inv.buildingCode),
    name: inv.name,
    expiresAt: inv.expiresAt.toISOString(),
    expiresText: formatLocal(inv.expiresAt, 'M月D日 HH:mm'),
    status: inv.status === 'open' && inv.expiresAt <= at ? ('expired' as const) : inv.status,
    url,
  }
}

async function storeInvitation(
  db: Database,
  code: string,
  requestId: string,
  target: Omit<Target, 'gridPath'>,
  createdBy: Actor,
  at: Date,
): Promise<InvitationDoc> {
  const inv: InvitationDoc = {
    _id: code,
    requestId,
    communityId: target.communityId,
    role: target.role,
    gridId: target.gridId,
    buildingCode: target.buildingCode,
    name: target.name,
    staffId: target.staffId,
    createdBy,
    createdAt: at,
    expiresAt: new Date(at.getTime() + INVITATION_HOURS * HOUR_MS),
    status: 'open',
    usedBy: null,
    usedAt: null,
    revokedAt: null,
  }
  const { _id, ...fields } = inv
  if (!(await insertOnce(db, COLLECTIONS.invitations, _id, fields))) {
    // The same request twice at once: the first one's invitation, never a second write over it.
    return (await byId<InvitationDoc>(db, COLLECTIONS.invitations, _id)) as InvitationDoc
  }
  return inv
}

/** 邀请: a one-time code for a role and grid, valid for 72 hours, with its QR code. */
export async function createInvitation(
  input: {
    requestId: string
    role?: Role
    gridId?: string
    buildingCode?: string
    name?: string
    staffId?: string
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const code = codeFrom(
    createHash('sha256').update(`invite\u0000${caller.openid}\u0000${input.requestId}`).digest(),
  )
  const existing = await byId<InvitationDoc>(db, COLLECTIONS.invitations, code)
  const at = now()
  let inv = existing
  if (!inv) {
    const target = await resolveTarget(db, caller, input)
    if (!mayManage(caller, target.communityId, target.role, target.gridPath))
      throw new AppError('FORBIDDEN', `您不能邀请${ROLES[target.role]}`)
    inv = await storeInvitation(db, code, input.requestId, target, actorOf(caller), at)
    await recordEvent(
      db,
      {
        communityId: inv.communityId,
        at,
        type: 'invite',
        actor: inv.createdBy,
        subject: { openid: null, name: inv.name },
        role: inv.role,
        gridId: inv.gridId,
        invitationId: inv._id,
        note: `有效至${formatLocal(inv.expiresAt, 'M月D日 HH:mm')}`,
      },
      `invite|${inv._id}`,
    )
  } else if (existing && existing.createdBy.openid !== caller.openid) {
    throw new AppError('CONFLICT', '请求编号重复，请重试')
  }
  const view = await invitationView(db, inv, at)
  // A mini-program code that opens 接受邀请 (locally, a standard QR code of its H5 link).
  const image = await deps.wx.getUnlimitedQr({
    scene: inviteScene(inv._id),
    page: INVITE_PAGE,
    width: 430,
    checkPath: false,
    envVersion: envVersion(),
  })
  const type = imageType(image) === 'jpg' ? 'jpeg' : 'png'
  return { ...view, qr: `data:image/${type};base64,${image.toString('base64')}` }
}

function refusal(inv: InvitationDoc | null, at: Date, openid: string): AppError | null {
  if (!inv) return new AppError('NOT_FOUND', '邀请码不存在，请核对后重新输入')
  if (inv.status === 'revoked') return new AppError('CONFLICT', '这份邀请已被撤销，请联系社区重新邀请')
  if (inv.status === 'used' && inv.usedBy !== openid)
    return new AppError('CONFLICT', '这个邀请码已经被使用过了')
  if (inv.status === 'used' && inv.roleEndedAt)
    return new AppError('CONFLICT', '这个邀请码您已经用过，所授角色已被撤销；如需恢复，请联系社区重新邀请')
  if (inv.status === 'open' && inv.expiresAt <= at)
    return new AppError('CONFLICT', `邀请码已过期（${INVITATION_HOURS}小时内有效），请联系社区重新邀请`)
  return null
}

/** What an invitation offers, before the person accepts it. */
export async function peekInvitation(input: { code: string }, { deps, caller }: ActionContext) {
  const inv = await byId<InvitationDoc>(deps.db, COLLECTIONS.invitations, input.code)
  const err = refusal(inv, deps.now(), caller.openid)
  if (err) throw err
  return invitationView(deps.db, inv as InvitationDoc, deps.now())
}

function membershipIdFor(
  openid: string,
  inv: Pick<InvitationDoc, 'role' | 'communityId' | 'gridId' | 'buildingCode'>,
) {
  return derivedId('membership', openid, inv.role, inv.communityId, inv.gridId ?? '', inv.buildingCode ?? '')
}

/** Counts the community's admins once (seeded communities have no counter yet). */
async function ensureAdminCount(db: Database, communityId: string): Promise<void> {
  const _ = db.command
  const community = await byId<CommunityDoc>(db, COLLECTIONS.communities, communityId)
  if (community && typeof community.admins === 'number') return
  const res = await db
    .collection(COLLECTIONS.memberships)
    .where({ communityId, role: 'communityAdmin' })
    .count()
  await db
    .collection(COLLECTIONS.communities)
    .where({ _id: communityId, admins: _.exists(false) })
    .update({ admins: res.total })
}

/** Gives `openid` the invitation's role (idempotent: the membership id is derived). */
async function grant(deps: Deps, inv: InvitationDoc, openid: string, at: Date): Promise<void> {
  const { db } = deps
  const id = membershipIdFor(openid, inv)
  if (await byId<MembershipDoc>(db, COLLECTIONS.memberships, id)) return
  if (inv.role === 'communityAdmin') await ensureAdminCount(db, inv.communityId)
  if (inv.staffId) {
    // One person per roster line: a second invitation for the same line cannot seat someone else.
    const _ = db.command
    const linked = await db
      .collection(COLLECTIONS.staff)
      .where({ _id: inv.staffId, openid: _.in([null, openid]) })
      .update({ openid, updatedAt: at })
    if (!linked.updated) throw new AppError('CONFLICT', '名单中的这位已经加入，这份邀请不能再使用')
  }
  const membership: Omit<MembershipDoc, '_id'> = {
    openid,
    role: inv.role,
    communityId: inv.communityId,
    ...(inv.gridId ? { gridId: inv.gridId } : {}),
    ...(inv.buildingCode ? { buildingCode: inv.buildingCode } : {}),
    ...(inv.staffId ? { staffId: inv.staffId } : {}),
    invitationId: inv._id,
    grantedAt: at,
  }
  // Counted only by the call that created it: a double tap must not count one admin twice.
  const created = await insertOnce(db, COLLECTIONS.memberships, id, membership)
  if (created && inv.role === 'communityAdmin')
    await db
      .collection(COLLECTIONS.communities)
      .doc(inv.communityId)
      .update({ admins: db.command.inc(1) })
}

/** Whether whoever made the invitation may still give its role (a removed admin's codes die with it). */
async function inviterStillMay(db: Database, inv: InvitationDoc): Promise<boolean> {
  if (inv.createdBy.openid === BOOTSTRAP) return true
  const held = await db
    .collection(COLLECTIONS.memberships)
    .where({ openid: inv.createdBy.openid })
    .limit(100)
    .get()
  const path = inv.gridId ? ((await communityGrids(db, inv.communityId)).get(inv.gridId)?.path ?? []) : []
  const inviter = { openid: inv.createdBy.openid, user: null, memberships: held.data as MembershipDoc[] }
  return mayManage(inviter, inv.communityId, inv.role, path)
}

/** 接受邀请: the caller (from the platform, never the payload) takes the role, once. */
export async function acceptInvitation(input: { code: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const at = now()
  const _ = db.command
  const offered = await byId<InvitationDoc>(db, COLLECTIONS.invitations, input.code)
  if (offered?.status === 'open' && !(await inviterStillMay(db, offered))) {
    await db
      .collection(COLLECTIONS.invitations)
      .where({ _id: offered._id, status: 'open' })
      .update({ status: 'revoked', revokedAt: at })
    throw new AppError('CONFLICT', '邀请人已不再担任相应职务，这份邀请已失效，请联系社区重新邀请')
  }
  const taken = await db
    .collection(COLLECTIONS.invitations)
    .where({ _id: input.code, status: 'open', expiresAt: _.gt(at) })
    .update({ status: 'used', usedBy: caller.openid, usedAt: at })
  // Taken just now: what was read before, as the update left it; otherwise read again to say why not.
  const inv: InvitationDoc | null =
    taken.updated && offered
      ? { ...offered, status: 'used', usedBy: caller.openid, usedAt: at }
      : await byId<InvitationDoc>(db, COLLECTIONS.invitations, input.code)
  if (!taken.updated) {
    const err = refusal(inv, at, caller.openid)
    if (err) throw err
  }
  const invitation = inv as InvitationDoc
  const name = caller.user?.name || invitation.name || '新成员'
  if (!caller.user) {
    const user: Omit<UserDoc, '_id'> = { name, createdAt: at, updatedAt: at }
    await db.collection(COLLECTIONS.users).doc(caller.openid).set(user)
  }
  await grant(deps, invitation, caller.openid, at)
  // A revocation that landed between reading the code and granting (a late double tap) wins.
  const after = await byId<InvitationDoc>(db, COLLECTIONS.invitations, invitation._id)
  if (after?.roleEndedAt) {
    await db.collection(COLLECTIONS.memberships).doc(membershipIdFor(caller.openid, invitation)).remove()
    throw refusal(after, at, caller.openid) as AppError
  }
  await recordEvent(
    db,
    {
      communityId: invitation.communityId,
      at,
      type: 'grant',
      actor: { openid: caller.openid, name },
      subject: { openid: caller.openid, name },
      role: invitation.role,
      gridId: invitation.gridId,
      invitationId: invitation._id,
      note: `接受${invitation.createdBy.name}的邀请`,
    },
    `grant|${invitation._id}`,
  )
  return invitationView(db, invitation, at)
}

/** 撤销邀请: an open invitation stops working at once. */
export async function revokeInvitation(input: { code: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const inv = await byId<InvitationDoc>(db, COLLECTIONS.invitations, input.code)
  if (!inv) throw new AppError('NOT_FOUND', '邀请码不存在')
  const gridById = await communityGrids(db, inv.communityId)
  const path = inv.gridId ? (gridById.get(inv.gridId)?.path ?? []) : []
  if (inv.createdBy.openid !== caller.openid && !mayManage(caller, inv.communityId, inv.role, path))
    throw new AppError('FORBIDDEN', '您不能撤销这份邀请')
  const at = now()
  const res = await db
    .collection(COLLECTIONS.invitations)
    .where({ _id: inv._id, status: 'open' })
    .update({ status: 'revoked', revokedAt: at })
  if (!res.updated)
    throw new AppError('CONFLICT', inv.status === 'used' ? '邀请已被接受，请在名单中撤销角色' : '邀请已撤销')
  await recordEvent(
    db,
    {
      communityId: inv.communityId,
      at,
      type: 'invite.revoke',
      actor: actorOf(caller),
      subject: { openid: null, name: inv.name },
      role: inv.role,
      gridId: inv.gridId,
      invitationId: inv._id,
      note: '',
    },
    `invite.revoke|${inv._id}`,
  )
  return invitationView(db, { ...inv, status: 'revoked', revokedAt: at }, at)
}

/** 撤销角色: takes effect on the holder's next call. The last admin cannot be removed. */
export async function revokeRole(
  input: { membershipId: string; reason: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const m = await byId<MembershipDoc>(db, COLLECTIONS.memberships, input.membershipId)
  if (!m) throw new AppError('NOT_FOUND', '找不到这个角色，可能已被撤销')
  const gridById = await communityGrids(db, m.communityId)
  const path = m.gridId ? (gridById.get(m.gridId)?.path ?? []) : []
  if (!mayManage(caller, m.communityId, m.role, path))
    throw new AppError('FORBIDDEN', `您不能撤销${ROLES[m.role]}`)
  const _ = db.command
  if (m.role === 'communityAdmin') {
    // The last admin is refused before anything is written (the counter included).
    const community = await byId<CommunityDoc>(db, COLLECTIONS.communities, m.communityId)
    const admins =
      typeof community?.admins === 'number'
        ? community.admins
        : (
            await db
              .collection(COLLECTIONS.memberships)
              .where({ communityId: m.communityId, role: 'communityAdmin' })
              .count()
          ).total
    if (admins <= 1) throw new AppError('CONFLICT', '不能移除最后一位社区管理员，请先邀请另一位管理员')
    await ensureAdminCount(db, m.communityId)
    const res = await db
      .collection(COLLECTIONS.communities)
      .where({ _id: m.communityId, admins: _.gt(1) })
      .update({ admins: _.inc(-1) })
    if (!res.updated) throw new AppError('CONFLICT', '不能移除最后一位社区管理员，请先邀请另一位管理员')
  }
  // The code that gave it ends before the role does: from now on it never grants again (a late
  // accept of it is undone, acceptInvitation).
  if (m.invitationId)
    await db
      .collection(COLLECTIONS.invitations)
      .where({ _id: m.invitationId, status: 'used' })
      .update({ roleEndedAt: now() })
  const removed = await db.collection(COLLECTIONS.memberships).doc(m._id).remove()
  if (!removed.deleted && m.role === 'communityAdmin')
    await db
      .collection(COLLECTIONS.communities)
      .doc(m.communityId)
      .update({ admins: _.inc(1) })
  if (m.staffId)
    await db.collection(COLLECTIONS.staff).doc(m.staffId).update({ openid: null, updatedAt: now() })
  // Codes they handed out while they held it stop working with it.
  await db
    .collection(COLLECTIONS.invitations)
    .where({ communityId: m.communityId, 'createdBy.openid': m.openid, status: 'open' })
    .update({ status: 'revoked', revokedAt: now() })
  const holder = await byId<UserDoc>(db, COLLECTIONS.users, m.openid)
  const at = now()
  await recordEvent(
    db,
    {
      communityId: m.communityId,
      at,
      type: 'revoke',
      actor: actorOf(caller),
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
    db
      .collection(COLLECTIONS.memberships)
      .where({ communityId, role: _.in(MANAGED) })
      .limit(1000)
      .get(),
    db.collection(COLLECTIONS.staff).where({ communityId }).limit(1000).get(),
    db.collection(COLLECTIONS.invitations).where({ communityId, status: 'open' }).limit(200).get(),
    db.collection(COLLECTIONS.roleEvents).where({ communityId }).orderBy('at', 'desc').limit(30).get(),
    db.collection(COLLECTIONS.buildings).where({ communityId }).limit(1000).get(),
  ])
  const memberships = held.data as MembershipDoc[]
  const users = memberships.length
    ? ((
        await db
          .collection(COLLECTIONS.users)
          .where({ _id: _.in(memberships.map((m) => m.openid)) })
          .limit(1000)
          .get()
      ).data as UserDoc[])
    : []
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
    roster: (staff.data as StaffDoc[])
      .filter((s) => !s.openid)
      .map((s) => ({
        staffId: s._id,
        name: s.name,
        role: s.role,
        roleLabel: ROLES[s.role],
        gridName: gridLabelOf(gridById, s.gridId, s.buildingCode),
      })),
    invitations: await Promise.all(
      (invitations.data as InvitationDoc[])
        .filter((i) => i.expiresAt > at)
        .map((i) => invitationView(db, i, at, { community, gridById })),
    ),
    events: (events.data as RoleEventDoc[]).map((e) => ({
      at: e.at.toISOString(),
      text: eventText(e),
    })),
    grids: [...gridById.values()]
      .filter((g) => g.level > 1)
      .map((g) => ({ id: g._id, name: gridLabelOf(gridById, g._id, null), level: g.level }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    buildings: (buildings.data as BuildingDoc[])
      .map((b) => ({ code: b._id, name: b.name }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  }
}

function eventText(e: RoleEventDoc): string {
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

/**
 * The first admin of a fresh deployment (scripts/bootstrap.ts): creates the community and its
 * first-level grid if missing and an admin invitation. Refused once the community has an admin;
 * running it again before anyone accepted replaces the earlier code.
 */
export async function bootstrapAdmin(
  deps: Deps,
  input: { communityId: string; name: string; street: string },
): Promise<{ code: string; url: string; expiresAt: Date }> {
  const { db, now } = deps
  const at = now()
  const community = await byId<CommunityDoc>(db, COLLECTIONS.communities, input.communityId)
  if (!community) {
    await db
      .collection(COLLECTIONS.communities)
      .doc(input.communityId)
      .set({ name: input.name, street: input.street, admins: 0 })
    const root: Omit<GridDoc, '_id'> = {
      communityId: input.communityId,
      level: 1,
      name: input.name,
      parentId: null,
      path: [`${input.communityId}-1`],
    }
    await db.collection(COLLECTIONS.grids).doc(`${input.communityId}-1`).set(root)
  }
  const admins = await db
    .collection(COLLECTIONS.memberships)
    .where({ communityId: input.communityId, role: 'communityAdmin' })
    .count()
  if (admins.total > 0)
    throw new AppError('CONFLICT', '这个社区已经有管理员了，请由管理员在「人员与角色」中邀请')
  await db
    .collection(COLLECTIONS.invitations)
    .where({ communityId: input.communityId, 'createdBy.openid': BOOTSTRAP, status: 'open' })
    .update({ status: 'revoked', revokedAt: at })
  const code = codeFrom(randomBytes(INVITE_CODE_LENGTH))
  const target = {
    communityId: input.communityId,
    role: 'communityAdmin' as const,
    gridId: null,
    buildingCode: null,
  }
  const inv = await storeInvitation(
    db,
    code,
    `bootstrap-${at.getTime()}`,
    { ...target, name: '', staffId: null },
    { openid: BOOTSTRAP, name: '部署初始化' },
    at,
  )
  await recordEvent(
    db,
    {
      communityId: input.communityId,
      at,
      type: 'bootstrap',
      actor: inv.createdBy,
      subject: { openid: null, name: '' },
      role: 'communityAdmin',
      gridId: null,
      invitationId: code,
      note: '',
    },
    `bootstrap|${code}`,
  )
  return {
    code,
    url: h5Url(publicUrl(), INVITE_PAGE, { scene: inviteScene(code) }),
    expiresAt: inv.expiresAt,
  }
}
