/**
 * Keyset paging on (sort key, _id), so equal keys neither repeat nor vanish between pages. The
 * cursor is `<ISO instant>~<id>`, opaque to clients (contract.ts, pageCursor).
 */
import { collection, type CollectionName, type Database } from './db'

export const PAGE_SIZE = 20

export interface SortOrder<F extends string = string> {
  field: F
  direction: 'asc' | 'desc'
}

export function pageQuery<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  order: SortOrder,
  cursor?: string,
) {
  const _ = db.command
  let condition: object = where
  if (cursor) {
    const [iso, id] = cursor.split('~')
    const at = new Date(iso)
    const beyond = order.direction === 'asc' ? _.gt : _.lt
    condition = _.and([where, _.or([{ [order.field]: beyond(at) }, { [order.field]: at, _id: beyond(id) }])])
  }
  return collection(db, name)
    .where(condition)
    .orderBy(order.field, order.direction)
    .orderBy('_id', order.direction)
    .limit(PAGE_SIZE)
}

export function nextCursor<F extends string>(
  docs: ({ _id: string } & Record<F, Date | null>)[],
  order: SortOrder<F>,
): string | null {
  const last = docs[docs.length - 1]
  // Lists only page on keys every listed document has (a published wish has waitingSince).
  return docs.length === PAGE_SIZE ? `${new Date(last[order.field] as Date).toISOString()}~${last._id}` : null
}
