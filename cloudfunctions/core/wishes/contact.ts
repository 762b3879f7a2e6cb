/**
 * The 微心愿 hand-off: whom the volunteer holding a wish calls. The resident, if they chose to
 * share their phone when posting (and left one); otherwise the grid member serving the building
 * (their 公示 number; up to the leader or the admin when the member published none), who passes it
 * on. Only the claimant, only while the claim lasts: released, lapsed or fulfilled, it is gone.
 * The number itself only through person.reveal (kind wishContact), logged like every reveal.
 */
import { byId, type Database } from '../db'
import type { WishDoc } from '../model'
import { publishedContact } from '../contacts/published'

export interface WishContact {
  who: 'resident' | 'grid'
  /** Whose number (for the access log). */
  subject: string
  name: string
  phone: string | null
}

/** Is `openid` holding `doc` now — the one person its contact is for? */
export function holdsClaim(doc: WishDoc, openid: string): boolean {
  return doc.status === 'claimed' && doc.claim?.openid === openid
}

export async function wishContact(db: Database, doc: WishDoc): Promise<WishContact | null> {
  if (doc.shareContact) {
    const user = await byId(db, 'users', doc.residentOpenid)
    if (user?.phone && !user.noPhone)
      return { who: 'resident', subject: doc.residentOpenid, name: doc.residentName, phone: user.phone }
  }
  // The micro-grid first, then the grids above it (not the community's root: its admins follow).
  const grids = doc.gridPath.slice(1).reverse()
  const staff = await publishedContact(db, doc.communityId, grids)
  return staff ? { who: 'grid', subject: staff.openid, name: staff.name, phone: staff.phone } : null
}
