import { COLLECTIONS, type Database } from '../cloudfunctions/core/db'
import { COMMUNITY, demoBuildings, demoGrids, demoMemberships, demoUsers } from './demo'

/** Seeds the demo community once; returns false when a community is already there. */
export async function seedDemo(db: Database, at = new Date()): Promise<boolean> {
  const existing = await db.collection(COLLECTIONS.communities).doc(COMMUNITY._id).get()
  if (existing.data?.length) return false
  const batches: [string, { _id: string }[]][] = [
    [COLLECTIONS.grids, demoGrids()],
    [COLLECTIONS.buildings, demoBuildings()],
    [COLLECTIONS.users, demoUsers(at)],
    [COLLECTIONS.memberships, demoMemberships()],
  ]
  for (const [name, docs] of batches) {
    for (const { _id, ...fields } of docs) await db.collection(name).doc(_id).set(fields)
  }
  // Last, so that an interrupted seed is redone (set() overwrites) on the next start.
  const { _id, ...community } = COMMUNITY
  await db.collection(COLLECTIONS.communities).doc(_id).set(community)
  return true
}
