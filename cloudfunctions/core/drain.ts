/**
 * The scheduler's loop over due work: everything `where` finds, a batch at a time, a few in
 * parallel, until nothing is left. Each item is one document's own conditional write, so items
 * cannot clash, and concurrent writes share the database's fsync. An item that is not done (lost a
 * race, due again later, or broke — logged) is skipped for this run; it never stops the others.
 */
import { collection, type CollectionName, type Collections, type Database } from './db'

const BATCH = 100
const PARALLEL = 8

export async function drain<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  orderField: string,
  work: (doc: Collections[K]) => Promise<boolean>,
): Promise<number> {
  const _ = db.command
  let done = 0
  const skipped: string[] = []
  for (;;) {
    const query = skipped.length ? _.and([where, { _id: _.nin(skipped) }]) : where
    const due = (await collection(db, name).where(query).orderBy(orderField, 'asc').limit(BATCH).get()).data
    if (due.length === 0) return done
    for (let i = 0; i < due.length; i += PARALLEL) {
      const chunk = due.slice(i, i + PARALLEL)
      const results = await Promise.all(
        chunk.map((doc) =>
          work(doc).catch((err: unknown) => {
            console.error(`[scheduler] ${name} ${doc._id} left for the next run`, err)
            return false
          }),
        ),
      )
      results.forEach((ok, j) => {
        if (ok) done++
        else skipped.push(chunk[j]._id)
      })
    }
  }
}
