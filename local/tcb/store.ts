/**
 * The in-memory document store. Every change goes through commit(): a batch of whole-document
 * writes (after-images) that is applied atomically — unique indexes checked, all or nothing —
 * stamped with one sequence number and handed to persistence as one batch. After-images make
 * writing them idempotent, which keeps crash recovery simple.
 */
import { collectionNameProblem, type DatabaseDeclaration, type IndexSpec } from '../../config/database'
import { packDoc, unpackDoc } from './codec'
import { DbError, DbErrorCode, invalidParam } from './errors'
import { IndexSet, type SortLimit } from './indexes'
import { type Doc, keyOf } from './values'

export type WriteOp =
  | { op: 'put'; c: string; doc: Doc }
  | { op: 'del'; c: string; id: unknown }
  | { op: 'create'; c: string }

export interface Entry {
  /** A fresh copy of the document on each Entry handed out (see Documents); stable per Entry. */
  readonly doc: Doc
  /** Sequence number of the commit that wrote this version; transactions validate against it. */
  readonly ver: number
  /** Insertion order, so "natural order" survives index lookups and restarts. */
  readonly ord: number
}

/** The state of a document (null: absent) until the commit `until` replaced it. */
export interface HistoryRecord {
  readonly doc: Doc | null
  readonly ord: number
  readonly until: number
}

/** What the store keeps per document: its packed bytes (codec.ts packDoc), not its objects. */
interface Stored {
  readonly packed: string
  readonly ver: number
  readonly ord: number
}

/** An Entry read from Documents: decodes its document on first use, then keeps that copy. */
class StoredEntry implements Entry {
  private decoded: Doc | undefined
  constructor(readonly stored: Stored) {}
  get doc(): Doc {
    return (this.decoded ??= unpackDoc(this.stored.packed))
  }
  get ver(): number {
    return this.stored.ver
  }
  get ord(): number {
    return this.stored.ord
  }
}

/**
 * A collection's documents by keyOf(_id), in insertion order: a Map of packed documents, read as
 * Entries. Every get() and every step of values() hands out a new Entry whose `doc` is decoded on
 * first use, so a reader's copy is its own (mutating it changes nothing stored) and the heap holds
 * the documents' bytes plus the keys and indexes, not every document's objects. Decoding costs a few
 * microseconds per document read; the indexes keep most reads to few documents.
 */
export class Documents {
  private readonly map = new Map<string, Stored>()

  get size(): number {
    return this.map.size
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  get(key: string): Entry | undefined {
    const s = this.map.get(key)
    return s && new StoredEntry(s)
  }

  /** Packs `entry.doc`, unless the entry came from here (an undo puts back what was read). */
  set(key: string, entry: Entry): void {
    this.map.set(
      key,
      entry instanceof StoredEntry
        ? entry.stored
        : { packed: packDoc(entry.doc), ver: entry.ver, ord: entry.ord },
    )
  }

  delete(key: string): boolean {
    return this.map.delete(key)
  }

  keys(): IterableIterator<string> {
    return this.map.keys()
  }

  *values(): IterableIterator<Entry> {
    for (const s of this.map.values()) yield new StoredEntry(s)
  }

  *entries(): IterableIterator<[string, Entry]> {
    for (const [k, s] of this.map) yield [k, new StoredEntry(s)]
  }

  [Symbol.iterator](): IterableIterator<[string, Entry]> {
    return this.entries()
  }

  /** Bytes of the packed documents (diagnostics, the bench). */
  get packedChars(): number {
    let n = 0
    for (const s of this.map.values()) n += s.packed.length
    return n
  }
}

export class Collection {
  readonly name: string
  readonly docs = new Documents()
  /**
   * Replaced states, oldest first, kept only while an open snapshot predates their replacement:
   * what a transaction that started earlier still sees (including "absent" for documents
   * inserted since, and the old document for ones deleted since).
   */
  readonly history = new Map<string, HistoryRecord[]>()
  readonly indexes: IndexSet

  constructor(name: string, specs: IndexSpec[], useIndexes: boolean, sortLimit: SortLimit | null = null) {
    this.name = name
    this.indexes = new IndexSet(specs, useIndexes, sortLimit)
  }

  get(id: unknown): Entry | undefined {
    return this.docs.get(keyOf(id))
  }

  /** The document as of snapshot `seq` (the state no commit after `seq` had replaced yet). */
  readAt(docKey: string, seq: number): { doc: Doc; ord: number } | null {
    const past = this.history.get(docKey)
    if (past) {
      for (const h of past) if (h.until > seq) return h.doc ? { doc: h.doc, ord: h.ord } : null
    }
    // The Entry itself: its document is decoded only if the reader looks at it.
    return this.docs.get(docKey) ?? null
  }

  /** Whether a commit after snapshot `seq` wrote or deleted the document. */
  changedSince(docKey: string, seq: number): boolean {
    const e = this.docs.get(docKey)
    if (e && e.ver > seq) return true
    const past = this.history.get(docKey)
    return !!past && past[past.length - 1].until > seq
  }
}

export interface StoreOptions {
  /**
   * CloudBase answers DATABASE_COLLECTION_NOT_EXIST for collections nobody created. By default the
   * local store does too (declared in cloudbaserc.json, or created with db.createCollection);
   * true lets the first write create a collection and reads of unknown ones return nothing.
   */
  implicitCollections?: boolean
  /** false answers every query by a full scan; for benchmarks. */
  useIndexes?: boolean
  /**
   * Queries that sort more than this many documents in memory (no declared index walks their sort)
   * are recorded in `store.fullSorts`, and refused when `refuseFullSorts` (tests).
   */
  fullSortLimit?: number
  refuseFullSorts?: boolean
}

type CommitListener = (seq: number, ops: WriteOp[]) => void

export class Store {
  private seqValue = 0
  private ordCounter = 0
  private readonly colls = new Map<string, Collection>()
  private readonly declaration: DatabaseDeclaration
  private readonly implicit: boolean
  private readonly useIndexes: boolean
  private readonly sortLimit: SortLimit | null
  private listener: CommitListener | null = null
  /** Open snapshots: sequence number → how many transactions read at it. */
  private readonly snapshots = new Map<number, number>()
  /** Every history record, in commit order, so that pruning starts from the oldest. */
  private readonly historyLog: Array<{ c: Collection; key: string }> = []

  constructor(declaration: DatabaseDeclaration, opts: StoreOptions = {}) {
    this.declaration = declaration
    this.implicit = opts.implicitCollections === true
    this.useIndexes = opts.useIndexes !== false
    this.sortLimit =
      opts.fullSortLimit === undefined
        ? null
        : { max: opts.fullSortLimit, refuse: opts.refuseFullSorts === true, seen: [] }
    for (const name of declaration.collections.keys()) this.ensure(name)
  }

  get seq(): number {
    return this.seqValue
  }

  /** In-memory sorts above `fullSortLimit` so far (empty without the option). */
  get fullSorts(): SortLimit['seen'] {
    return this.sortLimit?.seen ?? []
  }

  get collectionNames(): string[] {
    return Array.from(this.colls.keys())
  }

  /** Persistence hooks in here; it is told about every commit, in sequence order. */
  onCommit(listener: CommitListener | null): void {
    this.listener = listener
  }

  has(name: string): boolean {
    return this.colls.has(name)
  }

  /** For reads: an unknown collection is an error, or empty when collections are implicit. */
  read(name: string): Collection | null {
    const c = this.colls.get(name)
    if (c) return c
    if (this.implicit) return null
    throw notExist(name)
  }

  /** For writes: ops to prepend so the collection exists, or an error. */
  prepareWrite(name: string): WriteOp[] {
    if (this.colls.has(name)) return []
    if (!this.implicit) throw notExist(name)
    const problem = collectionNameProblem(name)
    if (problem) throw invalidParam(problem)
    return [{ op: 'create', c: name }]
  }

  /** The collection a write will land in (an empty stand-in if it does not exist yet). */
  peek(name: string): Collection {
    return this.colls.get(name) ?? new Collection(name, this.specsFor(name), this.useIndexes, this.sortLimit)
  }

  /** A transaction starts: it reads the database as it is now. Returns the snapshot's seq. */
  holdSnapshot(): number {
    const seq = this.seqValue
    this.snapshots.set(seq, (this.snapshots.get(seq) ?? 0) + 1)
    return seq
  }

  /** The transaction ended: history no open snapshot needs any more is dropped. */
  releaseSnapshot(seq: number): void {
    const n = this.snapshots.get(seq)
    if (n === undefined) return
    if (n > 1) this.snapshots.set(seq, n - 1)
    else this.snapshots.delete(seq)
    let oldest = Infinity
    for (const s of this.snapshots.keys()) oldest = Math.min(oldest, s)
    let drop = 0
    while (drop < this.historyLog.length) {
      const { c, key } = this.historyLog[drop]
      const past = c.history.get(key)
      if (!past || past[0].until > oldest) break
      past.shift()
      if (past.length === 0) c.history.delete(key)
      drop++
    }
    this.historyLog.splice(0, drop)
  }

  get openSnapshots(): number {
    let n = 0
    for (const k of this.snapshots.values()) n += k
    return n
  }

  /** How many replaced states are kept for open snapshots (tests, diagnostics). */
  get historySize(): number {
    return this.historyLog.length
  }

  /**
   * Applies a batch atomically and returns its sequence number. On any failure (unique index,
   * parallel arrays) everything already applied is undone and nothing reaches persistence.
   */
  commit(ops: WriteOp[]): number {
    if (ops.length === 0) return this.seqValue
    const seq = this.seqValue + 1
    const undo: Array<() => void> = []
    try {
      for (const op of ops) this.applyOne(op, seq, undo)
    } catch (e) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]()
      throw e
    }
    this.seqValue = seq
    this.listener?.(seq, ops)
    return seq
  }

  /**
   * Loading path: applies stored documents and indexes each as it comes, so loading never holds
   * more than one chunk of decoded documents. A unique violation here means the data on disk
   * predates the declaration; startup fails rather than serve a lying unique index.
   */
  replay(seq: number, ops: WriteOp[]): void {
    for (const op of ops) {
      try {
        this.applyOne(op, seq, null)
      } catch (err) {
        throw new Error(
          `collection ${op.c}: existing data violates a declared index: ${(err as Error).message}. ` +
            'Fix or remove the offending documents (or the data dir) and restart.',
        )
      }
    }
    this.seqValue = Math.max(this.seqValue, seq)
  }

  private specsFor(name: string): IndexSpec[] {
    return this.declaration.collections.get(name) ?? []
  }

  private ensure(name: string): Collection {
    let c = this.colls.get(name)
    if (!c) {
      c = new Collection(name, this.specsFor(name), this.useIndexes, this.sortLimit)
      this.colls.set(name, c)
    }
    return c
  }

  private applyOne(op: WriteOp, seq: number, undo: Array<() => void> | null): void {
    if (op.op === 'create') {
      if (this.colls.has(op.c)) return
      this.ensure(op.c)
      undo?.push(() => this.colls.delete(op.c))
      return
    }
    const c = this.colls.get(op.c) ?? (undo ? null : this.ensure(op.c))
    if (!c) throw notExist(op.c)
    if (op.op === 'put') {
      const key = keyOf(op.doc._id)
      const prev = c.docs.get(key)
      if (undo) this.remember(c, key, prev, seq, undo)
      if (prev) c.indexes.remove(prev.doc, key)
      try {
        c.indexes.checkAndAdd(op.doc, key)
      } catch (e) {
        if (prev) c.indexes.add(prev.doc, key)
        throw e
      }
      c.docs.set(key, { doc: op.doc, ver: seq, ord: prev ? prev.ord : ++this.ordCounter })
      undo?.push(() => {
        c.indexes.remove(op.doc, key)
        if (prev) {
          c.docs.set(key, prev)
          c.indexes.add(prev.doc, key)
        } else {
          c.docs.delete(key)
        }
      })
      return
    }
    const key = keyOf(op.id)
    const prev = c.docs.get(key)
    if (!prev) return
    if (undo) this.remember(c, key, prev, seq, undo)
    c.indexes.remove(prev.doc, key)
    c.docs.delete(key)
    undo?.push(() => {
      // Map order is insertion order; re-inserting puts the document at the end, which only
      // matters for natural order in the rare case of an undone delete.
      c.docs.set(key, prev)
      c.indexes.add(prev.doc, key)
    })
  }

  /** Keeps the state commit `seq` replaces, while an open snapshot may still read it. */
  private remember(
    c: Collection,
    key: string,
    prev: Entry | undefined,
    seq: number,
    undo: Array<() => void>,
  ): void {
    if (this.snapshots.size === 0) return
    const rec: HistoryRecord = { doc: prev?.doc ?? null, ord: prev?.ord ?? 0, until: seq }
    let past = c.history.get(key)
    if (!past) {
      past = []
      c.history.set(key, past)
    }
    past.push(rec)
    this.historyLog.push({ c, key })
    undo.push(() => {
      past.pop()
      if (past.length === 0) c.history.delete(key)
      this.historyLog.pop()
    })
  }
}

function notExist(name: string): DbError {
  return new DbError(
    DbErrorCode.COLLECTION_NOT_EXIST,
    `collection ${name} does not exist; declare it in cloudbaserc.json (database.collections) ` +
      'or create it with db.createCollection()',
  )
}
