/** The first admin of a fresh community: npm run bootstrap prints a one-time invitation. */
import { invitationMove, BOOTSTRAP, recordEvent } from './store'
import { randomBytes } from 'node:crypto'
import { AppError } from '../../../src/domain/errors'
import { STREET_ID_PATTERN } from '../../../src/domain/street'
import { h5Url, INVITE_PAGE, inviteScene } from '../../../src/domain/links'
import { INVITE_CODE_LENGTH } from '../../../src/domain/invitations'
import type { Deps } from '../context'
import { byId, collection } from '../db'
import type { GridDoc } from '../model'
import { publicUrl } from '../public-url'
import { codeFrom, storeInvitation } from './invitations'

/**
 * The first admin of a fresh deployment (scripts/bootstrap.ts): creates the community and its
 * first-level grid if missing and an admin invitation. Refused once the community has an admin;
 * running it again before anyone accepted replaces the earlier code.
 */
export async function bootstrapAdmin(
  deps: Deps,
  input: { communityId: string; name: string; street: string },
): Promise<{ code: string; url: string; expiresAt: Date }> {
  const { db } = deps
  const community = await byId(db, 'communities', input.communityId)
  if (!community) {
    await collection(db, 'communities')
      .doc(input.communityId)
      .set({ name: input.name, street: input.street, admins: 0 })
    const root: Omit<GridDoc, '_id'> = {
      communityId: input.communityId,
      level: 1,
      name: input.name,
      parentId: null,
      path: [`${input.communityId}-1`],
    }
    await collection(db, 'grids').doc(`${input.communityId}-1`).set(root)
  }
  const admins = await collection(db, 'memberships')
    .where({ communityId: input.communityId, role: 'communityAdmin' })
    .count()
  if (admins.total > 0)
    throw new AppError('CONFLICT', '这个社区已经有管理员了，请由管理员在「人员与角色」中邀请')
  return firstInvitation(deps, input.communityId, 'communityAdmin')
}

/**
 * 街道 (src/domain/street.ts): registers the street if missing, places the named communities
 * under it (their 兜底 is the street's from now on) and prints a 街道管理员 invitation. Unlike a
 * community's, a street's later admins are also invited this way (there is no 人员与角色 for it).
 */
export async function bootstrapStreet(
  deps: Deps,
  input: { streetId: string; name: string; communityIds: string[] },
): Promise<{ code: string; url: string; expiresAt: Date }> {
  const { db, now } = deps
  if (!STREET_ID_PATTERN.test(input.streetId))
    throw new AppError('INVALID_INPUT', '街道编码应以 s- 开头，只用小写字母、数字和 -')
  const at = now()
  if (!(await byId(db, 'streets', input.streetId)))
    await collection(db, 'streets').doc(input.streetId).set({ name: input.name, createdAt: at })
  for (const id of input.communityIds) {
    if (!(await byId(db, 'communities', id))) throw new AppError('NOT_FOUND', `没有社区编码为 ${id} 的社区`)
    await collection(db, 'communities').doc(id).update({ streetId: input.streetId, street: input.name })
  }
  return firstInvitation(deps, input.streetId, 'streetAdmin')
}

/** The deployment's one-time invitation for `role` in the community (or street), replacing an earlier unused one. */
async function firstInvitation(deps: Deps, communityId: string, role: 'communityAdmin' | 'streetAdmin') {
  const { db, now } = deps
  const at = now()
  const revoke = invitationMove(db, 'rebootstrap')
  await collection(db, 'invitations')
    .where({ communityId, role, 'createdBy.openid': BOOTSTRAP, ...revoke.where })
    .update({ ...revoke.set, revokedAt: at })
  const code = codeFrom(randomBytes(INVITE_CODE_LENGTH))
  const target = { communityId, role, gridId: null, buildingCode: null }
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
      communityId,
      at,
      type: 'bootstrap',
      actor: inv.createdBy,
      subject: { openid: null, name: '' },
      role,
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
