/**
 * Invitations: a one-time code, valid for 72 hours, for a role and a grid; whoever opens it while
 * signed in takes the role, once. A code used for a role that was since revoked never grants again.
 */
import { actorOf, type Actor } from '../audit'
import { invitationMove, ensureAdminCount, insertOnce, membershipIdFor, recordEvent } from './store'
import { createHash } from 'node:crypto'
import { AppError } from '../../../src/domain/errors'
import { INVITE_PAGE, inviteScene } from '../../../src/domain/links'
import { ROLES } from '../../../src/domain/roles'
import { INVITATION_HOURS, INVITE_ALPHABET, INVITE_CODE_LENGTH } from '../../../src/domain/invitations'
import { formatLocal, HOUR_MS } from '../../../src/domain/time'
import { communityGrids } from '../community'
import type { ActionContext, Deps } from '../context'
import { byId, collection, existing, type Database } from '../db'
import type { InvitationDoc, MembershipDoc, UserDoc } from '../model'
import { imageType } from '../wx'
import { envVersion } from '../buildings/actions'
import { inviterStillMay, mayManage, resolveTarget, type InviteTarget, type Target } from './reach'
import { invitationView } from './views'

export function codeFrom(bytes: Buffer): string {
  let out = ''
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) out += INVITE_ALPHABET[bytes[i] % INVITE_ALPHABET.length]
  return out
}

export async function storeInvitation(
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
    ...(target.unitId ? { unitId: target.unitId } : {}),
    createdBy,
    createdAt: at,
    expiresAt: new Date(at.getTime() + INVITATION_HOURS * HOUR_MS),
    status: 'open',
    usedBy: null,
    usedAt: null,
    revokedAt: null,
  }
  const { _id, ...fields } = inv
  if (!(await insertOnce(db, 'invitations', _id, fields))) {
    // The same request twice at once: the first one's invitation, never a second write over it.
    return existing(db, 'invitations', _id)
  }
  return inv
}

/** 邀请: a one-time code for a role and grid, valid for 72 hours, with its QR code. */
export async function createInvitation(
  input: InviteTarget & { requestId: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const code = codeFrom(
    createHash('sha256').update(`invite\u0000${caller.openid}\u0000${input.requestId}`).digest(),
  )
  const existing = await byId(db, 'invitations', code)
  const at = now()
  let inv = existing
  if (!inv) {
    const target = await resolveTarget(db, caller, input)
    if (!mayManage(caller, target.communityId, target.role, target.gridPath))
      throw new AppError('FORBIDDEN', `您不能邀请${ROLES[target.role]}`)
    inv = await storeInvitation(db, code, input.requestId, target, actorOf(caller, '管理员'), at)
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
  const inv = await byId(deps.db, 'invitations', input.code)
  const err = refusal(inv, deps.now(), caller.openid)
  if (err || !inv) throw err
  return invitationView(deps.db, inv, deps.now())
}

/** Gives `openid` the invitation's role (idempotent: the membership id is derived). */
export async function grant(deps: Deps, inv: InvitationDoc, openid: string, at: Date): Promise<void> {
  const { db } = deps
  const id = membershipIdFor(openid, inv)
  if (await byId(db, 'memberships', id)) return
  if (inv.role === 'communityAdmin') await ensureAdminCount(db, inv.communityId)
  if (inv.staffId) {
    // One person per roster line: a second invitation for the same line cannot seat someone else.
    const _ = db.command
    const linked = await collection(db, 'staff')
      .where({ _id: inv.staffId, openid: _.in([null, openid]) })
      .update({ openid, updatedAt: at })
    // 0 can also mean the line already named them with this very instant (a double tap at one
    // clock reading): CloudBase does not document whether an update that changes nothing counts.
    if (!linked.updated && (await byId(db, 'staff', inv.staffId))?.openid !== openid)
      throw new AppError('CONFLICT', '名单中的这位已经加入，这份邀请不能再使用')
  }
  const membership: Omit<MembershipDoc, '_id'> = {
    openid,
    role: inv.role,
    communityId: inv.communityId,
    ...(inv.gridId ? { gridId: inv.gridId } : {}),
    ...(inv.buildingCode ? { buildingCode: inv.buildingCode } : {}),
    ...(inv.staffId ? { staffId: inv.staffId } : {}),
    ...(inv.unitId ? { unitId: inv.unitId } : {}),
    invitationId: inv._id,
    grantedAt: at,
  }
  // Counted only by the call that created it: a double tap must not count one admin twice.
  const created = await insertOnce(db, 'memberships', id, membership)
  if (created && inv.role === 'communityAdmin')
    await collection(db, 'communities')
      .doc(inv.communityId)
      .update({ admins: db.command.inc(1) })
}

/** 接受邀请: the caller (from the platform, never the payload) takes the role, once. */
export async function acceptInvitation(input: { code: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const at = now()
  const _ = db.command
  const offered = await byId(db, 'invitations', input.code)
  if (offered?.status === 'open' && !(await inviterStillMay(db, offered))) {
    const left = invitationMove(db, 'inviterLeft')
    await collection(db, 'invitations')
      .where({ _id: offered._id, ...left.where })
      .update({ ...left.set, revokedAt: at })
    throw new AppError('CONFLICT', '邀请人已不再担任相应职务，这份邀请已失效，请联系社区重新邀请')
  }
  // Open and not yet expired (expired is a status of time, not stored: invitationStatusAt).
  const accept = invitationMove(db, 'accept')
  const taken = await collection(db, 'invitations')
    .where({ _id: input.code, ...accept.where, expiresAt: _.gt(at) })
    .update({ ...accept.set, usedBy: caller.openid, usedAt: at })
  // Taken just now: what was read before, as the update left it; otherwise read again to say why not.
  const inv: InvitationDoc | null =
    taken.updated && offered
      ? { ...offered, status: 'used', usedBy: caller.openid, usedAt: at }
      : await byId(db, 'invitations', input.code)
  const err = taken.updated ? null : refusal(inv, at, caller.openid)
  if (err || !inv) throw err
  const invitation = inv
  const name = caller.user?.name || invitation.name || '新成员'
  if (!caller.user) {
    const user: Omit<UserDoc, '_id'> = { name, createdAt: at, updatedAt: at }
    await collection(db, 'users').doc(caller.openid).set(user)
  }
  await grant(deps, invitation, caller.openid, at)
  // A revocation that landed between reading the code and granting (a late double tap) wins.
  const after = await byId(db, 'invitations', invitation._id)
  if (after?.roleEndedAt) {
    await collection(db, 'memberships').doc(membershipIdFor(caller.openid, invitation)).remove()
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
  const inv = await byId(db, 'invitations', input.code)
  if (!inv) throw new AppError('NOT_FOUND', '邀请码不存在')
  const gridById = await communityGrids(db, inv.communityId)
  const path = inv.gridId ? (gridById.get(inv.gridId)?.path ?? []) : []
  if (inv.createdBy.openid !== caller.openid && !mayManage(caller, inv.communityId, inv.role, path))
    throw new AppError('FORBIDDEN', '您不能撤销这份邀请')
  const at = now()
  const revoke = invitationMove(db, 'revoke')
  const res = await collection(db, 'invitations')
    .where({ _id: inv._id, ...revoke.where })
    .update({ ...revoke.set, revokedAt: at })
  if (!res.updated)
    throw new AppError('CONFLICT', inv.status === 'used' ? '邀请已被接受，请在名单中撤销角色' : '邀请已撤销')
  await recordEvent(
    db,
    {
      communityId: inv.communityId,
      at,
      type: 'invite.revoke',
      actor: actorOf(caller, '管理员'),
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
