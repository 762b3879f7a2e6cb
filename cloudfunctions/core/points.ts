/**
 * The points/hours ledger: one entry per service, its id derived from what was served, so
 * crediting twice (a retry, a re-run after a crash) writes it once.
 */
import { type Database, collection } from './db'
import type { PointsEntryDoc } from './model'

export async function addPointsEntry(db: Database, entry: PointsEntryDoc): Promise<void> {
  const col = collection(db, 'points')
  try {
    await col.add(entry)
  } catch (err) {
    const there = await col.doc(entry._id).get()
    if (!there.data?.length) throw err
  }
}
