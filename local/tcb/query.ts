/**
 * The read path: candidates from the planner, matching, sorting and projection by mingo.
 * Everything here is synchronous on purpose — a read and the write that depends on it run in one
 * turn of the event loop, which is what makes conditional updates atomic.
 */
import { Query } from 'mingo'
import { DbError, DbErrorCode, invalidParam } from './errors'
import type { QueryPlan } from './indexes'
import { MINGO_OPTIONS, strictQuery } from './matching'
import type { Collection, Entry } from './store'
import type { Doc } from './values'

export type SortSpec = Record<string, 1 | -1>

export interface FindOptions {
  sort?: SortSpec
  skip?: number
  limit?: number
}

export interface Matcher {
  test(doc: Doc): boolean
}

export function compileQuery(query: Doc): Matcher {
  const invalid = (e: unknown) =>
    new DbError(DbErrorCode.REQUEST_FAILED, `invalid query: ${(e as Error).message}`)
  let q: Query
  try {
    q = new Query(strictQuery(query), MINGO_OPTIONS)
  } catch (e) {
    throw invalid(e)
  }
  // Some operand errors only show when a document is evaluated.
  return {
    test: (doc) => {
      try {
        return q.test(doc)
      } catch (e) {
        throw invalid(e)
      }
    },
  }
}

export interface FindResult {
  entries: Entry[]
  plan: QueryPlan
}

/** Matching entries in natural (insertion) order, or sorted when asked; skip/limit applied. */
export function findEntries(coll: Collection | null, query: Doc, opts: FindOptions = {}): FindResult {
  if (!coll) return { entries: [], plan: { index: null, keys: null, estimate: 0 } }
  const matcher = compileQuery(query)
  const plan = coll.indexes.plan(query, coll.docs.size)
  let candidates: Iterable<Entry>
  if (plan.keys) {
    const picked: Entry[] = []
    for (const k of plan.keys) {
      const e = coll.docs.get(k)
      if (e) picked.push(e)
    }
    candidates = picked.sort((a, b) => a.ord - b.ord)
  } else {
    candidates = coll.docs.values()
  }
  return { entries: select(candidates, matcher, opts), plan }
}

/**
 * The same answer over given candidates in natural order (a transaction's snapshot: documents
 * as of its start with its own writes, which no index describes).
 */
export function findIn<T extends { doc: Doc }>(
  candidates: Iterable<T>,
  query: Doc,
  opts: FindOptions = {},
): T[] {
  return select(candidates, compileQuery(query), opts)
}

function select<T extends { doc: Doc }>(candidates: Iterable<T>, matcher: Matcher, opts: FindOptions): T[] {
  const skip = opts.skip ?? 0
  const limit = opts.limit ?? Infinity
  const matched: T[] = []
  // Without a sort the scan can stop as soon as the page is full.
  const stopAt = opts.sort ? Infinity : skip + limit
  for (const e of candidates) {
    if (!matcher.test(e.doc)) continue
    matched.push(e)
    if (matched.length >= stopAt) break
  }
  if (!opts.sort) return matched.slice(skip, skip + limit)
  return sortEntries(matched, opts.sort).slice(skip, skip + limit)
}

export function countMatches(coll: Collection | null, query: Doc): number {
  if (!coll) return 0
  const matcher = compileQuery(query)
  const plan = coll.indexes.plan(query, coll.docs.size)
  let n = 0
  if (plan.keys) {
    for (const k of plan.keys) {
      const e = coll.docs.get(k)
      if (e && matcher.test(e.doc)) n++
    }
  } else {
    for (const e of coll.docs.values()) if (matcher.test(e.doc)) n++
  }
  return n
}

/** mingo's cursor sort implements MongoDB's cross-type ordering; entries ride along by identity. */
function sortEntries<T extends { doc: Doc }>(entries: T[], sort: SortSpec): T[] {
  const byDoc = new Map<Doc, T>()
  for (const e of entries) byDoc.set(e.doc, e)
  let docs: Doc[]
  try {
    docs = new Query({}, MINGO_OPTIONS)
      .find<Doc>(entries.map((e) => e.doc))
      .sort(sort)
      .all()
  } catch (e) {
    throw new DbError(DbErrorCode.REQUEST_FAILED, `invalid sort: ${(e as Error).message}`)
  }
  return docs.map((d) => byDoc.get(d) as T)
}

export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs
  try {
    return new Query({}, MINGO_OPTIONS).find<Doc>(docs, projection).all()
  } catch (e) {
    throw invalidParam(`invalid projection: ${(e as Error).message}`)
  }
}
