/**
 * Transactions as CloudBase documents them (快照隔离, the 事务 guide of the WeChat cloud docs:
 * developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/transaction.html):
 *
 * 1. reads return the snapshot — the database as of the transaction's start, plus its own writes;
 * 2. a write changes the snapshot and puts a transaction lock on the document;
 * 3. with a lock on a document, another transaction's write to it fails at once, and a write
 *    outside any transaction waits until the lock is released (commit, rollback, expiry);
 * 4. at commit the writes land atomically.
 *
 * A write to a document someone else changed after the start is a write conflict too, reported
 * at that write (MongoDB's WriteConflict, which CloudBase passes on), not only at commit. Reads
 * are not validated: snapshot isolation allows write skew, and so does this store — code that
 * needs what it read to stay true has to write the document it read.
 *
 * Any failed operation aborts the transaction (as in MongoDB): its writes and locks are dropped
 * at once, and commit then refuses, so a caller that swallows an error cannot commit half of
 * what it meant to.
 */
import { randomBytes } from 'node:crypto'
import { DbError, DbErrorCode, invalidParam } from './errors'
import { prepareInsert } from './operations'
import { findIn, type FindOptions } from './query'
import type { Store, WriteOp } from './store'
import { applyUpdate, replacement, toUpdateSpec } from './update'
import { type Doc, assertValidId, deepEqual, keyOf } from './values'
import { wallMs } from '../../src/clock'

interface PendingWrite {
  c: string
  id: unknown
  key: string
  doc: Doc | null
}

class Transaction {
  readonly id: string
  /** The store's sequence number at the start: what this transaction reads. */
  readonly snapshot: number
  readonly expiresAt: number
  readonly writes = new Map<string, PendingWrite>()
  readonly creates = new Map<string, WriteOp>()
  failure: DbError | null = null
  /** Locks and snapshot given back (failed or ended). */
  released = false
  readonly waiters: Array<() => void> = []

  constructor(id: string, snapshot: number, expiresAt: number) {
    this.id = id
    this.snapshot = snapshot
    this.expiresAt = expiresAt
  }
}

/**
 * CloudBase ends a transaction that is not committed or rolled back within 30 s: "Transaction
 * must be committed or aborted within 30 seconds" (docs.cloudbase.net/error-code/
 * DATABASE_TRANSACTION_FAIL); afterwards every use of it answers DATABASE_TRANSACTION_FAIL.
 */
export const TRANSACTION_LIFETIME_MS = 30_000

export interface TransactionOptions {
  /** Default TRANSACTION_LIFETIME_MS; tests may shorten it. */
  lifetimeMs?: number
  /** The clock the expiry sweeper reads; requests pass their own instant. Default wallMs. */
  now?: () => number
}

export class TransactionManager {
  private readonly store: Store
  private readonly lifetimeMs: number
  private readonly clock: () => number
  private readonly open = new Map<string, Transaction>()
  /** `${collection}\0${docKey}` → the transaction that wrote it. */
  private readonly locks = new Map<string, Transaction>()
  private readonly sweeper: NodeJS.Timeout

  constructor(store: Store, opts: TransactionOptions = {}) {
    this.store = store
    this.lifetimeMs = opts.lifetimeMs ?? TRANSACTION_LIFETIME_MS
    this.clock = opts.now ?? wallMs
    this.sweeper = setInterval(() => this.sweep(this.clock()), 5_000)
    this.sweeper.unref()
  }

  close(): void {
    clearInterval(this.sweeper)
    for (const id of Array.from(this.open.keys())) this.end(id)
  }

  start(now: number): string {
    this.sweep(now)
    const id = randomBytes(16).toString('hex')
    this.open.set(id, new Transaction(id, this.store.holdSnapshot(), now + this.lifetimeMs))
    return id
  }

  get(txId: string, c: string, id: unknown, now: number): Doc | null {
    return this.run(txId, now, (tx) => this.read(tx, c, id))
  }

  insert(txId: string, c: string, docs: unknown[], now: number): unknown[] {
    return this.run(txId, now, (tx) => {
      if (docs.length === 0) throw invalidParam('no documents to insert')
      return docs.map((raw) => {
        const doc = prepareInsert(raw)
        if (this.read(tx, c, doc._id) !== null) {
          throw new DbError(
            DbErrorCode.DUPLICATE_WRITE,
            `duplicate _id ${String(doc._id)} in collection ${c}`,
          )
        }
        this.write(tx, c, doc._id, doc)
        return doc._id
      })
    })
  }

  /**
   * doc(id).update() (merge) or doc(id).set() (replace, upsert). `matched`: the document was
   * there; `updated`: the write changed it (what the client is told: protocol.ts).
   */
  modify(
    txId: string,
    c: string,
    id: unknown,
    data: unknown,
    merge: boolean,
    upsert: boolean,
    now: number,
  ): { updated: number; matched: number; upsertId?: unknown } {
    return this.run(txId, now, (tx) => {
      const spec = merge ? toUpdateSpec(data) : null
      const current = this.read(tx, c, id)
      if (current === null) {
        if (!upsert) return { updated: 0, matched: 0 }
        const doc = spec ? applyUpdate({ _id: id }, spec, { _id: id }).doc : replacement(id, data)
        this.write(tx, c, id, doc)
        return { updated: 0, matched: 0, upsertId: id }
      }
      const next = spec ? applyUpdate(current, spec, { _id: id }) : replaceChanged(current, id, data)
      if (!next.changed) return { updated: 0, matched: 1 }
      this.write(tx, c, id, next.doc)
      return { updated: 1, matched: 1 }
    })
  }

  /**
   * where().get() inside the transaction: the query over its snapshot — the collection as of the
   * start, with the transaction's own inserts, updates and removes — in natural order (its own
   * new documents last, in the order written), then sorted, skipped and limited.
   */
  find(txId: string, c: string, query: Doc, opts: FindOptions, now: number): Doc[] {
    return this.run(txId, now, (tx) => findIn(this.view(tx, c), query, opts).map((e) => e.doc))
  }

  /**
   * where().updateAndReturn() inside the transaction: the first match in its snapshot, updated
   * like doc(id).update() (a write lock, a conflict if someone else changed it since the start).
   * `updated` is 1 for a match even when nothing changes, as outside (operations.ts).
   */
  findAndModify(
    txId: string,
    c: string,
    query: Doc,
    data: unknown,
    now: number,
  ): { updated: number; doc: Doc | null } {
    return this.run(txId, now, (tx) => {
      const spec = toUpdateSpec(data)
      const [target] = findIn(this.view(tx, c), query, { limit: 1 })
      if (!target) return { updated: 0, doc: null }
      const next = applyUpdate(target.doc, spec, query)
      if (next.changed) this.write(tx, c, target.doc._id, next.doc)
      return { updated: 1, doc: next.doc }
    })
  }

  remove(txId: string, c: string, id: unknown, now: number): number {
    return this.run(txId, now, (tx) => {
      if (this.read(tx, c, id) === null) return 0
      this.write(tx, c, id, null)
      return 1
    })
  }

  /** Fails the transaction with `err` (e.g. a rejected where()) and returns err to throw. */
  poison(txId: string, err: DbError, now: number): DbError {
    const tx = this.open.get(txId)
    if (tx && now <= tx.expiresAt && !tx.failure) this.fail(tx, err)
    return err
  }

  /** Applies the buffered writes atomically; returns the commit's sequence number. */
  commit(txId: string, now: number): number {
    const tx = this.lookup(txId, now)
    try {
      if (tx.failure) {
        // A conflict stays a conflict so runTransaction-style callers know to retry.
        const code =
          tx.failure.code === DbErrorCode.TRANSACTION_CONFLICT
            ? tx.failure.code
            : DbErrorCode.TRANSACTION_FAIL
        throw new DbError(
          code,
          `transaction ${txId} cannot commit: an earlier operation failed (${tx.failure.code}: ${tx.failure.message})`,
        )
      }
      // The locks kept everyone else off these documents since each write; checked once more so
      // that a write that got past them can never be silently overwritten.
      for (const w of tx.writes.values()) this.checkUnchanged(tx, w.c, w.key)
      const ops: WriteOp[] = [...tx.creates.values()]
      for (const w of tx.writes.values()) {
        ops.push(w.doc ? { op: 'put', c: w.c, doc: w.doc } : { op: 'del', c: w.c, id: w.id })
      }
      return this.store.commit(ops)
    } finally {
      this.end(txId)
    }
  }

  abort(txId: string, now: number): void {
    this.lookup(txId, now)
    this.end(txId)
  }

  /** For writes outside any transaction: the open transaction holding a document, if any. */
  lockedBy(c: string, docKey: string, now: number): string | null {
    const tx = this.locks.get(`${c}\u0000${docKey}`)
    if (!tx) return null
    if (now > tx.expiresAt) {
      this.end(tx.id)
      return null
    }
    return tx.id
  }

  /** Resolves when the transaction has released its locks (ended, failed or expired). */
  released(txId: string): Promise<void> {
    const tx = this.open.get(txId)
    if (!tx || tx.released) return Promise.resolve()
    return new Promise((resolve) => {
      tx.waiters.push(resolve)
      // Expiry releases it even if nobody calls again; with a test's clock the next request's
      // sweep does (the timer only re-checks).
      const check = () => {
        if (tx.released) return
        this.sweep(this.clock())
        if (!tx.released) setTimeout(check, Math.max(50, tx.expiresAt - this.clock() + 1)).unref()
      }
      setTimeout(check, Math.max(1, tx.expiresAt - this.clock() + 1)).unref()
    })
  }

  /** Ends every transaction past its lifetime; requests call it with their own instant. */
  sweep(now: number): void {
    for (const tx of Array.from(this.open.values())) if (now > tx.expiresAt) this.end(tx.id)
  }

  private run<T>(txId: string, now: number, fn: (tx: Transaction) => T): T {
    const tx = this.lookup(txId, now)
    if (tx.failure) {
      throw new DbError(
        DbErrorCode.TRANSACTION_FAIL,
        `transaction ${txId} already failed (${tx.failure.code}: ${tx.failure.message}); roll it back`,
      )
    }
    try {
      return fn(tx)
    } catch (e) {
      const err = e instanceof DbError ? e : new DbError(DbErrorCode.SYS_ERR, (e as Error).message)
      this.fail(tx, err)
      throw err
    }
  }

  private lookup(txId: string, now: number): Transaction {
    const tx = this.open.get(txId)
    if (!tx)
      throw new DbError(DbErrorCode.TRANSACTION_FAIL, `transaction ${txId} does not exist or has ended`)
    if (now > tx.expiresAt) {
      this.end(txId)
      throw new DbError(
        DbErrorCode.TRANSACTION_FAIL,
        `transaction ${txId} expired after ${this.lifetimeMs} ms`,
      )
    }
    return tx
  }

  /** The document as this transaction sees it: its own write, else the snapshot. */
  private read(tx: Transaction, c: string, id: unknown): Doc | null {
    assertValidId(id)
    const key = keyOf(id)
    const pending = tx.writes.get(`${c}\u0000${key}`)
    if (pending) return pending.doc
    const coll = this.store.read(c)
    return coll?.readAt(key, tx.snapshot)?.doc ?? null
  }

  /** Every document of `c` as this transaction sees it, in natural order. */
  private view(tx: Transaction, c: string): Array<{ doc: Doc }> {
    const coll = this.store.read(c)
    const seen: Array<{ doc: Doc; ord: number }> = []
    const keys = new Set<string>()
    if (coll) {
      for (const key of [...coll.docs.keys(), ...coll.history.keys()]) {
        if (keys.has(key)) continue
        keys.add(key)
        const atStart = coll.readAt(key, tx.snapshot)
        const pending = tx.writes.get(`${c}\u0000${key}`)
        // Its own write replaces what it read; a document absent then is one of its inserts.
        if (pending && atStart) {
          if (pending.doc) seen.push({ doc: pending.doc, ord: atStart.ord })
        } else if (!pending && atStart) {
          seen.push(atStart)
        }
      }
    }
    seen.sort((a, b) => a.ord - b.ord)
    const added: Array<{ doc: Doc }> = []
    for (const w of tx.writes.values()) {
      if (w.c !== c || !w.doc) continue
      if (!keys.has(w.key) || coll?.readAt(w.key, tx.snapshot) === null) added.push({ doc: w.doc })
    }
    return [...seen, ...added]
  }

  private write(tx: Transaction, c: string, id: unknown, doc: Doc | null): void {
    const key = keyOf(id)
    const lockKey = `${c}\u0000${key}`
    const holder = this.locks.get(lockKey)
    if (holder && holder !== tx) {
      throw new DbError(
        DbErrorCode.TRANSACTION_CONFLICT,
        `transaction conflict: a document in ${c} is being written by another transaction`,
      )
    }
    if (!holder) this.checkUnchanged(tx, c, key)
    for (const op of this.store.prepareWrite(c)) tx.creates.set(c, op)
    this.locks.set(lockKey, tx)
    tx.writes.set(lockKey, { c, id, key, doc })
  }

  private checkUnchanged(tx: Transaction, c: string, key: string): void {
    const coll = this.store.has(c) ? this.store.read(c) : null
    if (coll?.changedSince(key, tx.snapshot)) {
      throw new DbError(
        DbErrorCode.TRANSACTION_CONFLICT,
        `transaction conflict: a document in ${c} was changed by another writer after this transaction started`,
      )
    }
  }

  /** A failed operation aborts the transaction: writes, locks and snapshot go at once. */
  private fail(tx: Transaction, err: DbError): void {
    tx.failure = err
    this.release(tx)
    tx.writes.clear()
    tx.creates.clear()
  }

  private release(tx: Transaction): void {
    if (tx.released) return
    tx.released = true
    // A transaction's locks are exactly the documents it wrote.
    for (const k of tx.writes.keys()) if (this.locks.get(k) === tx) this.locks.delete(k)
    this.store.releaseSnapshot(tx.snapshot)
    for (const wake of tx.waiters.splice(0)) wake()
  }

  private end(txId: string): void {
    const tx = this.open.get(txId)
    if (!tx) return
    this.open.delete(txId)
    this.release(tx)
  }
}

function replaceChanged(current: Doc, id: unknown, data: unknown): { doc: Doc; changed: boolean } {
  const doc = replacement(id, data)
  return { doc, changed: !deepEqual(doc, current) }
}
