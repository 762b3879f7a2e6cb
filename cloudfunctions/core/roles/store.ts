/** The roles' own records: role events (the 台账), insert-once, the admin counter, membership ids. */
import { INVITATION_TRANSITIONS, type InvitationAction } from '../../../src/domain/invitations'
import { statusMove } from '../lifecycle'
import { byId, collection, COLLECTIONS, type CollectionName, type Database } from '../db'
import { derivedId } from '../ids'
import type { InvitationDoc, RoleEventDoc } from '../model'

/** Who made the first admin's invitation: the bootstrap command, not a person. */
export const BOOTSTRAP = 'bootstrap'

/**
 * Creates the document unless it exists; true if this call created it. Two calls racing with the
 * same id (a double tap, a retry) create it once, and only one of them is told it did.
 */
export async function insertOnce(
  db: Database,
  name: CollectionName,
  id: string,
  doc: object,
): Promise<boolean> {
  try {
    await db.collection(COLLECTIONS[name]).add({ _id: id, ...doc })
    return true
  } catch (err) {
    if (await byId(db, name, id)) return false
    throw err
  }
}

export async function recordEvent(
  db: Database,
  event: Omit<RoleEventDoc, '_id'>,
  key: string,
): Promise<void> {
  // Derived from what it records: a retried grant or revoke is not recorded twice.
  await collection(db, 'roleEvents').doc(derivedId('role-event', key)).set(event)
}

export function membershipIdFor(
  openid: string,
  inv: Pick<InvitationDoc, 'role' | 'communityId' | 'gridId' | 'buildingCode' | 'unitId'>,
) {
  // A unit's contact may answer for two units: the unit is part of the role (absent for the others).
  const unit = inv.unitId ? [inv.unitId] : []
  return derivedId(
    'membership',
    openid,
    inv.role,
    inv.communityId,
    inv.gridId ?? '',
    inv.buildingCode ?? '',
    ...unit,
  )
}

/** Counts the community's admins once (seeded communities have no counter yet). */
export async function ensureAdminCount(db: Database, communityId: string): Promise<void> {
  const _ = db.command
  const community = await byId(db, 'communities', communityId)
  if (community && typeof community.admins === 'number') return
  const res = await collection(db, 'memberships').where({ communityId, role: 'communityAdmin' }).count()
  await collection(db, 'communities')
    .where({ _id: communityId, admins: _.exists(false) })
    .update({ admins: res.total })
}

/** An invitation's move as its table allows it (src/domain/invitations.ts; expired is stored open). */
export function invitationMove(db: Database, action: InvitationAction) {
  return statusMove(db, INVITATION_TRANSITIONS, action, (s) => (s === 'expired' ? 'open' : s))
}
