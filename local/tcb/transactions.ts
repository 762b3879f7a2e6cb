/**
 * Transactions as CloudBase offers them: single-document operations by _id, with snapshot
 * isolation. Writes are buffered and applied atomically at commit; every document a transaction
 * touches is remembered with the version it had when first touched, and commit fails with
 * DATABASE_TRANSACTION_CONFLICT if any of them changed since (first committer wins). That check
 * covers reads too, so what a transaction read is still true when its writes land.
 *
 * Any failed operation poisons the transaction (as in MongoDB): commit then refuses, so a caller
 * that swallows an error cannot commit half of what it meant to.
 */
import { randomBytes } from 'node:crypto'
import { DbError, DbErrorCode, invalidParam } from './errors'
import { prepareInsert } from './operations'
import type { Store, WriteOp } from './store'
import { applyUpdate, replacement, toUpdateSpec } from './update'
import { type Doc, assertValidId, deepEqual, keyOf } from './values'
import { wallMs } from '../../src/clock'

interface Touched {
  c: string
  key: string
  ver: number
  doc: Doc | null
}

interface PendingWrite {
  c: string
  id: unknown
  doc: Doc | null
}

class Transaction {
  readonly id: string
  readonly expiresAt: number
  readonly touched = new Map<string, Touched>()
  readonly writes = new Map<string, PendingWrite>()
  readonly creates = new Map<string, WriteOp>()
  failure: DbError | null = null

  constructor(id: string, expiresAt: number) {
    this.id = id
    this.expiresAt = expiresAt
  }
}

export interface TransactionOptions {
  /** MongoDB's default transactionLifetimeLimitSeconds is 60. */
  lifetimeMs?: number
}

export class TransactionManager {
  private readonly store: Store
  private readonly lifetimeMs: number
  private readonly open = new Map<string, Transaction>()
  private readonly sweeper: NodeJS.Timeout

  constructor(store: Store, opts: TransactionOptions = {}) {
    this.store = store
    this.lifetimeMs = opts.lifetimeMs ?? 60_000
    this.sweeper = setInterval(() => this.sweep(wallMs()), 5_000)
    this.sweeper.unref()
  }

  close(): void {
    clearInterval(this.sweeper)
    for (const id of Array.from(this.open.keys())) this.end(id)
  }

  start(now: number): string {
    this.sweep(now)
    const id = randomBytes(16).toString('hex')
    this.open.set(id, new Transaction(id, now + this.lifetimeMs))
    this.store.holdTombstones()
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

  /** doc(id).update() (merge) or doc(id).set() (replace, upsert). */
  modify(
    txId: string,
    c: string,
    id: unknown,
    data: unknown,
    merge: boolean,
    upsert: boolean,
    now: number,
  ): { updated: number; upsertId?: unknown } {
    return this.run(txId, now, (tx) => {
      const spec = merge ? toUpdateSpec(data) : null
      const current = this.read(tx, c, id)
      if (current === null) {
        if (!upsert) return { updated: 0 }
        const doc = spec ? applyUpdate({ _id: id }, spec, { _id: id }).doc : replacement(id, data)
        this.write(tx, c, id, doc)
        return { updated: 0, upsertId: id }
      }
      const next = spec ? applyUpdate(current, spec, { _id: id }) : replaceChanged(current, id, data)
      if (!next.changed) return { updated: 0 }
      this.write(tx, c, id, next.doc)
      return { updated: 1 }
    })
  }

  remove(txId: string, c: string, id: unknown, now: number): number {
    return this.run(txId, now, (tx) => {
      if (this.read(tx, c, id) === null) return 0
      this.write(tx, c, id, null)
      return 1
    })
  }

  /** Marks the transaction failed with `err` (e.g. a rejected where()) and returns err to throw. */
  poison(txId: string, err: DbError, now: number): DbError {
    const tx = this.open.get(txId)
    if (tx && now <= tx.expiresAt && !tx.failure) tx.failure = err
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
      for (const t of tx.touched.values()) this.validate(t)
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
      tx.failure = err
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

  /** Repeatable reads: the first read of a document is remembered and validated on later ones. */
  private read(tx: Transaction, c: string, id: unknown): Doc | null {
    assertValidId(id)
    const key = keyOf(id)
    const tk = `${c}\u0000${key}`
    const pending = tx.writes.get(tk)
    if (pending) return pending.doc
    const seen = tx.touched.get(tk)
    if (seen) {
      this.validate(seen)
      return seen.doc
    }
    const coll = this.store.read(c)
    const t: Touched = {
      c,
      key,
      ver: coll ? coll.versionOf(key) : 0,
      doc: coll?.docs.get(key)?.doc ?? null,
    }
    tx.touched.set(tk, t)
    return t.doc
  }

  private write(tx: Transaction, c: string, id: unknown, doc: Doc | null): void {
    for (const op of this.store.prepareWrite(c)) tx.creates.set(c, op)
    tx.writes.set(`${c}\u0000${keyOf(id)}`, { c, id, doc })
  }

  private validate(t: Touched): void {
    const coll = this.store.has(t.c) ? this.store.read(t.c) : null
    const ver = coll ? coll.versionOf(t.key) : 0
    if (ver !== t.ver) {
      throw new DbError(
        DbErrorCode.TRANSACTION_CONFLICT,
        `transaction conflict: a document in ${t.c} was changed by another writer since this transaction read it`,
      )
    }
  }

  private end(txId: string): void {
    if (this.open.delete(txId)) this.store.releaseTombstones()
  }

  private sweep(now: number): void {
    for (const tx of Array.from(this.open.values())) if (now > tx.expiresAt) this.end(tx.id)
  }
}

function replaceChanged(current: Doc, id: unknown, data: unknown): { doc: Doc; changed: boolean } {
  const doc = replacement(id, data)
  return { doc, changed: !deepEqual(doc, current) }
}
