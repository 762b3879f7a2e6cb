/**
 * The database operations outside transactions, on decoded values. Each one reads and commits
 * within a single synchronous call, so no other request can interleave between the match and the
 * write: `where({ _id, status: 'open' }).update(...)` is atomic, as it is on CloudBase.
 */
import { randomBytes } from 'node:crypto'
import { collectionNameProblem } from '../../config/database'
import { Aggregator, ProcessingMode } from 'mingo'
import { DbError, DbErrorCode, invalidParam, LockedByTransaction, type LockCheck } from './errors'
import { MINGO_OPTIONS, strictQuery } from './matching'
import { findEntries, type FindOptions, type FindResult } from './query'
import type { Store, WriteOp } from './store'
import { applyUpdate, replacement, toUpdateSpec } from './update'
import { type Doc, assertStorableDocument, cloneValue, deepEqual, isPlainObject, keyOf } from './values'

const noLocks: LockCheck = () => null

/** CloudBase's auto ids are 32 hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex')
}

export interface InsertResult {
  insertedIds: unknown[]
  seq: number
}

/**
 * All documents or none: a duplicate _id (or unique key) anywhere in the batch rejects the
 * whole batch, which is stricter than MongoDB's ordered insert that keeps the earlier ones.
 */
export function insert(store: Store, c: string, docs: unknown[], locked: LockCheck = noLocks): InsertResult {
  if (docs.length === 0) throw invalidParam('no documents to insert')
  const ops: WriteOp[] = store.prepareWrite(c)
  const coll = store.peek(c)
  const ids: unknown[] = []
  const seen = new Set<string>()
  for (const raw of docs) {
    const doc = prepareInsert(raw)
    const key = keyOf(doc._id)
    waitIfLocked(locked, c, key)
    if (coll.docs.has(key) || seen.has(key)) {
      throw new DbError(DbErrorCode.DUPLICATE_WRITE, `duplicate _id ${String(doc._id)} in collection ${c}`)
    }
    seen.add(key)
    ids.push(doc._id)
    ops.push({ op: 'put', c, doc })
  }
  return { insertedIds: ids, seq: store.commit(ops) }
}

export function prepareInsert(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw invalidParam('document must be an object')
  const doc: Doc = '_id' in raw ? cloneValue(raw) : { _id: newId(), ...cloneValue(raw) }
  assertStorableDocument(doc)
  return doc
}

export interface ModifyRequest {
  query: Doc
  data: unknown
  multi: boolean
  /** true: data is an update (operators); false: data replaces the document. */
  merge: boolean
  upsert: boolean
}

export interface ModifyResult {
  /** Documents the update changed (MongoDB's nModified). What the client is told: protocol.ts. */
  updated: number
  /** Documents the query selected, changed or not (MongoDB's n). */
  matched: number
  upsertId?: unknown
  seq: number
}

export function modify(
  store: Store,
  c: string,
  req: ModifyRequest,
  locked: LockCheck = noLocks,
): ModifyResult {
  const create = store.prepareWrite(c)
  const coll = store.peek(c)
  const spec = req.merge ? toUpdateSpec(req.data) : null
  if (!req.merge && req.multi)
    throw invalidParam('replacing documents requires a single-document (doc) request')
  const targets = findEntries(coll, req.query, req.multi ? {} : { limit: 1 }).entries
  for (const e of targets) waitIfLocked(locked, c, keyOf(e.doc._id))
  const ops: WriteOp[] = []
  let updated = 0
  for (const e of targets) {
    const next = spec ? applyUpdate(e.doc, spec, req.query) : replaceDoc(e.doc, req.data)
    if (!next.changed) continue
    ops.push({ op: 'put', c, doc: next.doc })
    updated++
  }
  if (targets.length === 0 && req.upsert) {
    const id = upsertId(req.query)
    waitIfLocked(locked, c, keyOf(id))
    const doc = spec ? applyUpdate({ _id: id }, spec, req.query).doc : replacement(id, req.data)
    const seq = store.commit([...create, { op: 'put', c, doc }])
    return { updated: 0, matched: 0, upsertId: id, seq }
  }
  const seq = ops.length > 0 ? store.commit([...create, ...ops]) : store.seq
  return { updated, matched: targets.length, seq }
}

function replaceDoc(prev: Doc, data: unknown): { doc: Doc; changed: boolean } {
  const doc = replacement(prev._id, data)
  return { doc, changed: !deepEqual(doc, prev) }
}

/** Upserts come from doc(id).set(); the id is the only thing the query can contribute. */
function upsertId(query: Doc): unknown {
  const keys = Object.keys(query)
  const id = query._id
  if (keys.length !== 1 || id === undefined || isPlainObject(id) || Array.isArray(id)) {
    throw invalidParam('upsert needs a query of the form { _id: <id> }')
  }
  return id
}

export interface RemoveResult {
  deleted: number
  seq: number
}

export function remove(
  store: Store,
  c: string,
  query: Doc,
  multi: boolean,
  locked: LockCheck = noLocks,
): RemoveResult {
  const coll = store.read(c)
  const targets = findEntries(coll, query, multi ? {} : { limit: 1 }).entries
  for (const e of targets) waitIfLocked(locked, c, keyOf(e.doc._id))
  const ops: WriteOp[] = targets.map((e) => ({ op: 'del', c, id: e.doc._id }))
  return { deleted: targets.length, seq: ops.length > 0 ? store.commit(ops) : store.seq }
}

export function find(store: Store, c: string, query: Doc, opts: FindOptions): FindResult {
  return findEntries(store.read(c), query, opts)
}

export interface FindAndModifyResult {
  updated: number
  doc: Doc | null
  seq: number
}

/**
 * updateAndReturn(): the first match in natural order, returned as it is after the update.
 * `updated` is 1 whenever a document matched, changed or not: the SDK's own test "验证findAndModify
 * 更新相同值" expects 1 for an update to the values already there (TencentCloudBase/node-sdk,
 * test/database/index.test.ts).
 */
export function findAndModify(
  store: Store,
  c: string,
  query: Doc,
  data: unknown,
  locked: LockCheck = noLocks,
): FindAndModifyResult {
  const spec = toUpdateSpec(data)
  const create = store.prepareWrite(c)
  const coll = store.peek(c)
  const [target] = findEntries(coll, query, { limit: 1 }).entries
  if (!target) return { updated: 0, doc: null, seq: store.seq }
  waitIfLocked(locked, c, keyOf(target.doc._id))
  const next = applyUpdate(target.doc, spec, query)
  if (!next.changed) return { updated: 1, doc: target.doc, seq: store.seq }
  const seq = store.commit([...create, { op: 'put', c, doc: next.doc }])
  return { updated: 1, doc: next.doc, seq }
}

/**
 * A write outside any transaction to a document an open transaction has written waits until
 * that transaction ends (CloudBase: 普通的更新操作会被阻塞，直到事务锁释放或者超时; MongoDB: "the
 * write waits until the transaction ends"). The protocol layer waits and runs the request again.
 */
function waitIfLocked(locked: LockCheck, c: string, docKey: string): void {
  const holder = locked(c, docKey)
  if (holder) throw new LockedByTransaction(holder)
}

export function createCollection(store: Store, c: string): number {
  const problem = collectionNameProblem(c)
  if (problem) throw invalidParam(problem)
  if (store.has(c)) {
    throw new DbError(DbErrorCode.COLLECTION_ALREADY_EXIST, `collection ${c} already exists`)
  }
  return store.commit([{ op: 'create', c }])
}

export function aggregate(store: Store, c: string, stages: Doc[]): Doc[] {
  const pipeline = stages.map((s) => (isPlainObject(s.$match) ? { ...s, $match: strictQuery(s.$match) } : s))
  const coll = store.read(c)
  const source = coll ? Array.from(coll.docs.values(), (e) => e.doc) : []
  try {
    const agg = new Aggregator(pipeline, {
      ...MINGO_OPTIONS,
      // Stages like $addFields would otherwise write into the stored documents.
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver: (name: string) => {
        const other = store.read(name)
        return other ? Array.from(other.docs.values(), (e) => cloneValue(e.doc)) : []
      },
    })
    return agg.run(source) as Doc[]
  } catch (e) {
    if (e instanceof DbError) throw e
    throw new DbError(DbErrorCode.REQUEST_FAILED, `aggregate failed: ${(e as Error).message}`)
  }
}
