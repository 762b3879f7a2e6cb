/**
 * The read path: candidates from the planner, matching, sorting and projection by mingo.
 * Everything here is synchronous on purpose — a read and the write that depends on it run in one
 * turn of the event loop, which is what makes conditional updates atomic.
 */
import { Query } from 'mingo'
import { DbError, DbErrorCode, invalidParam } from './errors'
import type { QueryPlan, SortSpec } from './indexes'
import { MINGO_OPTIONS, strictQuery } from './matching'
import type { Collection, Entry } from './store'
import type { Doc } from './values'

export type { SortSpec }

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

/**
 * Matching entries in natural (insertion) order, or sorted when asked; skip/limit applied. A sort
 * an index can walk (indexes.ts planSorted) stops after skip + limit matches; any other sort
 * sorts every match in memory, and the plan says how many.
 */
export function findEntries(coll: Collection | null, query: Doc, opts: FindOptions = {}): FindResult {
  if (!coll)
    return { entries: [], plan: { index: null, keys: null, estimate: 0, sort: 'none', sorted: 0, walked: 0 } }
  const matcher = compileQuery(query)
  const sorting = opts.sort !== undefined && Object.keys(opts.sort).length > 0
  const plan = sorting
    ? coll.indexes.planSorted(query, opts.sort as SortSpec, coll.docs)
    : coll.indexes.plan(query, coll.docs.size)
  let entries: Entry[]
  if (plan.scan) {
    entries = walkInOrder(coll, plan.scan.keys, matcher, opts)
    plan.walked = plan.scan.visited()
  } else {
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
    entries = select(candidates, matcher, opts, (n) => {
      plan.sorted = n
      noteFullSort(coll, query, opts.sort as SortSpec, n, plan.reason ?? '')
    })
  }
  coll.indexes.observer?.(query, plan)
  return { entries, plan }
}

/** An index walk already in the sort's order: match, skip, stop when the page is full. */
function walkInOrder(coll: Collection, keys: Iterable<string>, matcher: Matcher, opts: FindOptions): Entry[] {
  const skip = opts.skip ?? 0
  const stopAt = skip + (opts.limit ?? Infinity)
  const out: Entry[] = []
  let matched = 0
  if (stopAt <= 0) return out
  for (const k of keys) {
    const e = coll.docs.get(k)
    if (!e || !matcher.test(e.doc)) continue
    if (matched++ >= skip) out.push(e)
    if (matched >= stopAt) break
  }
  return out
}

/** A sort of more documents than the store's limit allows: recorded, or refused (SortLimit). */
function noteFullSort(coll: Collection, query: Doc, sort: SortSpec, sorted: number, reason: string): void {
  const limit = coll.indexes.sortLimit
  if (!limit || sorted <= limit.max) return
  const record = { collection: coll.name, query, sort, sorted, reason }
  if (limit.seen.length < 1000) limit.seen.push(record)
  if (limit.refuse) {
    throw new DbError(
      DbErrorCode.REQUEST_FAILED,
      `query on ${coll.name} sorts ${sorted} documents in memory (limit ${limit.max}): ${reason}; ` +
        `sort ${JSON.stringify(sort)} needs a declared index (cloudbaserc.json) with the equality fields then the sort fields`,
    )
  }
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

function select<T extends { doc: Doc }>(
  candidates: Iterable<T>,
  matcher: Matcher,
  opts: FindOptions,
  sorting: (n: number) => void = () => {},
): T[] {
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
  sorting(matched.length)
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
  coll.indexes.observer?.(query, plan)
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
