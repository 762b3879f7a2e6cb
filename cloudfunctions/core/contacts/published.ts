/**
 * Who a volunteer or a certificate's reader should call for the community: the nearest worker who
 * published a number (公示, `workPhone`) — never the private phone they signed up with.
 */
import { ROLES } from '../../../src/domain/roles'
import { allWhere, byIds, type Database } from '../db'
import type { MembershipDoc } from '../model'

export interface PublishedContact {
  openid: string
  /** "刘芳（网格员）" */
  name: string
  /** The 公示 number; null when nobody on the way up has published one. */
  phone: string | null
}

/**
 * The first worker with a 公示 number, searching `grids` in order (a micro-grid's members before
 * its leaders, then the grids above), then the community's admins. With nobody published, the
 * first of them with no number (so the caller can still name whom to ask), or null when there is
 * nobody at all.
 */
export async function publishedContact(
  db: Database,
  communityId: string,
  grids: readonly string[],
): Promise<PublishedContact | null> {
  const _ = db.command
  const [staff, admins] = await Promise.all([
    grids.length
      ? allWhere(db, 'memberships', { gridId: _.in([...grids]), role: _.in(['gridMember', 'gridLeader']) })
      : Promise.resolve([] as MembershipDoc[]),
    allWhere(db, 'memberships', { communityId, role: 'communityAdmin' }),
  ])
  const rank = (m: MembershipDoc) => grids.indexOf(m.gridId ?? '') * 2 + (m.role === 'gridLeader' ? 1 : 0)
  const ordered = [...staff.sort((a, b) => rank(a) - rank(b)), ...admins]
  const users = new Map(
    (
      await byIds(
        db,
        'users',
        ordered.map((m) => m.openid),
      )
    ).map((u) => [u._id, u]),
  )
  const people = ordered.map((m) => {
    const user = users.get(m.openid)
    return {
      openid: m.openid,
      name: `${user?.name ?? ROLES[m.role]}（${ROLES[m.role]}）`,
      phone: user?.workPhone ?? null,
    }
  })
  return people.find((p) => p.phone) ?? people[0] ?? null
}
