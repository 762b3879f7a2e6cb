/**
 * The community's set-up as users see it while an import is under way.
 *
 * An import is too big for one CloudBase transaction (30 s; setup/stage.ts), so it writes its new
 * grids, buildings and roster lines in batches, each marked `stagedBy: <import id>`, and they all
 * become visible with one write: the import's record turning `applied`, in the import's last
 * transaction together with its changes to documents that already exist. An undo marks what the
 * import added and hides it again with one write the same way (`undone`).
 *
 * So every read of grids, buildings and staff goes through here: a marked document is shown only
 * while its import is applied (or being undone, not yet hidden). A settled import's marks are
 * taken off, so on nearly every read there is none and this costs nothing but the second query
 * of a list (the marked documents, asked for apart so that hidden ones cannot take the places of a
 * list's limit).
 */
import { allWhere, byId, collection, type Collections, type Database } from './db'
import type { ImportStatus } from './model'

/** The collections an import writes hidden documents into. */
export type StagedName = 'grids' | 'buildings' | 'staff'

/** Statuses whose marked documents users see; imports from before staging have none (applied whole). */
export function showsItsDocuments(status: ImportStatus | undefined): boolean {
  return status === undefined || status === 'applied' || status === 'undoing'
}

/** The documents among `docs` that users see (a mark of an import that is not applied hides one). */
export async function shown<D extends { stagedBy?: string }>(db: Database, docs: D[]): Promise<D[]> {
  const marks = [...new Set(docs.map((d) => d.stagedBy).filter((m): m is string => !!m))]
  if (marks.length === 0) return docs
  const _ = db.command
  const imports = await collection(db, 'imports')
    .where({ _id: _.in(marks) })
    .field({ status: true })
    .get()
  const showing = new Set(imports.data.filter((i) => showsItsDocuments(i.status)).map((i) => i._id))
  return docs.filter((d) => !d.stagedBy || showing.has(d.stagedBy))
}

/** One document by id as users see it: null if there is none or it is not applied yet. */
export async function shownById<K extends StagedName>(
  db: Database,
  name: K,
  id: string,
): Promise<Collections[K] | null> {
  const doc = await byId(db, name, id)
  if (!doc) return null
  return (await shown(db, [doc]))[0] ?? null
}

/** Up to `limit` documents matching `where` (a plain query object), as users see them. */
export async function shownWhere<K extends StagedName>(
  db: Database,
  name: K,
  where: Record<string, unknown>,
  limit = 1000,
): Promise<Collections[K][]> {
  const _ = db.command
  const [settled, marked] = await Promise.all([
    collection(db, name)
      .where({ ...where, stagedBy: _.exists(false) })
      .limit(limit)
      .get(),
    collection(db, name)
      .where({ ...where, stagedBy: _.exists(true) })
      .limit(1000)
      .get(),
  ])
  return [...settled.data, ...(await shown(db, marked.data))]
}

/** Every document matching `where`, as users see them (in pages of 1000). */
export async function allShown<K extends StagedName>(
  db: Database,
  name: K,
  where: Record<string, unknown>,
): Promise<Collections[K][]> {
  const _ = db.command
  const [settled, marked] = await Promise.all([
    allWhere(db, name, { ...where, stagedBy: _.exists(false) }),
    allWhere(db, name, { ...where, stagedBy: _.exists(true) }),
  ])
  return [...settled, ...(await shown(db, marked))]
}
