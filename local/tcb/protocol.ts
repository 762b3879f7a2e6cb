/**
 * The database actions of @cloudbase/node-sdk's wire protocol: a JSON body with `action`
 * ('database.getDocument', …), the collection, EJSON strings for query/data/order/projection,
 * and flags. Responses mirror what the SDK reads: `{ requestId, data: { list | updated |
 * insertedIds | deleted | total | upsert_id | doc } }`, or `{ requestId, transactionId }`.
 * Errors are `{ code, message }`; the SDK throws those as TcbError.
 *
 * Every response waits until the durable store (SQLite) holds everything the request wrote *or observed*, so no
 * client ever sees state that a crash could take back.
 */
import { randomBytes } from 'node:crypto'
import { encodeWire, parseWire } from './codec'
import { DbError, DbErrorCode, invalidParam, LockedByTransaction, type LockCheck } from './errors'
import * as ops from './operations'
import { countMatches, project, type SortSpec } from './query'
import type { Store } from './store'
import type { TransactionManager } from './transactions'
import { type Doc, isPlainObject } from './values'

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000

export type Body = Record<string, unknown>
export type ActionHandler = (body: Body) => Promise<Body> | Body

export interface ProtocolContext {
  store: Store
  txm: TransactionManager
  waitDurable(seq: number): Promise<void>
  now(): number
  /** Extra actions (e.g. future local answers for openapi calls), keyed by action name. */
  actions?: Record<string, ActionHandler>
  /** update() of a document to the values it has counts it as updated (see reportedUpdated). */
  countUnchanged?: boolean
}

export function requestId(): string {
  return randomBytes(8).toString('hex')
}

/** Handles one request body and returns the response body (never throws). */
export async function handle(ctx: ProtocolContext, body: unknown): Promise<Body> {
  const rid = requestId()
  try {
    if (!isPlainObject(body)) throw invalidParam('request body must be a JSON object')
    const action = body.action
    if (typeof action !== 'string') throw invalidParam('missing action')
    const extra = ctx.actions?.[action]
    if (extra) return { requestId: rid, ...(await extra(body)) }
    const fn = ACTIONS[action]
    if (!fn) {
      throw new DbError(
        DbErrorCode.INVALID_OPERATOR,
        `action ${action} is not supported by the local environment`,
      )
    }
    ctx.txm.sweep(ctx.now())
    const result = await runWaitingForLocks(ctx, fn, body)
    await ctx.waitDurable(ctx.store.seq)
    return { requestId: rid, ...result }
  } catch (e) {
    // A failed operation inside a transaction fails the transaction, as in MongoDB; the
    // transaction manager does this for its own errors, this catches request-decoding ones.
    const txId = isPlainObject(body) ? body.transactionId : undefined
    const action = isPlainObject(body) ? body.action : undefined
    if (e instanceof DbError && typeof txId === 'string' && !TX_CONTROL.has(String(action))) {
      ctx.txm.poison(txId, e, ctx.now())
    }
    // Even a refusal may have been decided on state that is not durable yet.
    await ctx.waitDurable(ctx.store.seq).catch(() => undefined)
    if (e instanceof DbError) return { requestId: rid, code: e.code, message: e.message }
    process.stderr.write(`[local-tcb] internal error: ${(e as Error).stack ?? String(e)}\n`)
    return { requestId: rid, code: DbErrorCode.SYS_ERR, message: (e as Error).message }
  }
}

type Action = (ctx: ProtocolContext, body: Body) => Body

/**
 * Runs an action; a write outside any transaction that meets a transaction's lock waits for that
 * transaction to end and runs again from the start (its targets may have changed meanwhile).
 */
async function runWaitingForLocks(ctx: ProtocolContext, fn: Action, body: Body): Promise<Body> {
  for (;;) {
    try {
      return fn(ctx, body)
    } catch (e) {
      if (!(e instanceof LockedByTransaction)) throw e
      await ctx.txm.released(e.txId)
    }
  }
}

function lockCheck(ctx: ProtocolContext): LockCheck {
  const now = ctx.now()
  return (c, key) => ctx.txm.lockedBy(c, key, now)
}

const TX_CONTROL = new Set([
  'database.startTransaction',
  'database.commitTransaction',
  'database.abortTransaction',
])

const ACTIONS: Record<string, Action> = {
  'database.getDocument': (ctx, b) => {
    const c = collectionName(b)
    const now = ctx.now()
    const projection = optionalObject(b, b.projection, 'projection', now)
    if (typeof b.transactionId === 'string' && b.transactionId !== '') {
      // The SDK-side transaction guard (sdk.ts) reports where().update()/remove()/count() this way.
      if (typeof b.localtcbIntent === 'string') throw escapes(ctx, b, `where().${b.localtcbIntent}()`)
      if (b.queryType === 'WHERE') {
        // where().get() in a transaction reads its snapshot (transactions.ts find).
        const opts = {
          limit: parseLimit(b.limit),
          skip: parseOffset(b.offset),
          sort: parseOrder(b, b.order, now),
        }
        const docs = ctx.txm.find(b.transactionId, c, optionalQuery(b, now), opts, now)
        return { data: { list: project(docs, projection).map(encodeWire) } }
      }
      const id = txDocId(ctx, b, 'get()')
      const doc = ctx.txm.get(b.transactionId, c, id, now)
      return { data: { list: project(doc ? [doc] : [], projection).map(encodeWire) } }
    }
    const query = optionalQuery(b, now)
    const limit = parseLimit(b.limit)
    const skip = parseOffset(b.offset)
    const sort = parseOrder(b, b.order, now)
    const { entries } = ops.find(ctx.store, c, query, { limit, skip, sort })
    const docs = project(
      entries.map((e) => e.doc),
      projection,
    )
    return { data: { list: docs.map(encodeWire) } }
  },

  'database.calculateDocument': (ctx, b) => {
    rejectInTransaction(ctx, b, 'count()')
    const c = collectionName(b)
    const query = optionalQuery(b, ctx.now())
    const coll = ctx.store.read(c)
    return { data: { total: countMatches(coll, query) } }
  },

  'database.insertDocument': (ctx, b) => {
    const c = collectionName(b)
    const now = ctx.now()
    const raw = Array.isArray(b.data) ? b.data : [b.data]
    const docs = raw.map((d, i) => decode(b, d, `data[${i}]`, now))
    if (typeof b.transactionId === 'string' && b.transactionId !== '') {
      return { data: { insertedIds: ctx.txm.insert(b.transactionId, c, docs, now) } }
    }
    return { data: { insertedIds: ops.insert(ctx.store, c, docs, lockCheck(ctx)).insertedIds } }
  },

  'database.modifyDocument': (ctx, b) => {
    const c = collectionName(b)
    const now = ctx.now()
    const data = decode(b, b.data, 'data', now)
    const merge = flag(b.merge, 'merge', true)
    const upsert = flag(b.upsert, 'upsert', false)
    const multi = flag(b.multi, 'multi', false)
    if (typeof b.transactionId === 'string' && b.transactionId !== '') {
      const id = txDocId(ctx, b, 'update()/set()')
      const r = ctx.txm.modify(b.transactionId, c, id, data, merge, upsert, now)
      return {
        data: {
          updated: reportedUpdated(ctx, merge, r),
          ...(r.upsertId !== undefined ? { upsert_id: r.upsertId } : {}),
        },
      }
    }
    const query = requiredQuery(b, now, 'update')
    const r = ops.modify(ctx.store, c, { query, data, multi, merge, upsert }, lockCheck(ctx))
    return {
      data: {
        updated: reportedUpdated(ctx, merge, r),
        matched: r.matched,
        ...(r.upsertId !== undefined ? { upsert_id: r.upsertId } : {}),
      },
    }
  },

  'database.removeDocument': (ctx, b) => {
    const c = collectionName(b)
    const now = ctx.now()
    if (typeof b.transactionId === 'string' && b.transactionId !== '') {
      const id = txDocId(ctx, b, 'remove()')
      return { data: { deleted: ctx.txm.remove(b.transactionId, c, id, now) } }
    }
    const query = requiredQuery(b, now, 'remove')
    const multi = flag(b.multi, 'multi', false)
    return { data: { deleted: ops.remove(ctx.store, c, query, multi, lockCheck(ctx)).deleted } }
  },

  'database.modifyAndReturnDoc': (ctx, b) => {
    const c = collectionName(b)
    const now = ctx.now()
    const query = requiredQuery(b, now, 'updateAndReturn')
    const data = decode(b, b.data, 'data', now)
    const r =
      typeof b.transactionId === 'string' && b.transactionId !== ''
        ? ctx.txm.findAndModify(b.transactionId, c, query, data, now)
        : ops.findAndModify(ctx.store, c, query, data, lockCheck(ctx))
    return { data: { updated: r.updated, doc: r.doc ? encodeWire(r.doc) : null } }
  },

  'database.aggregateDocuments': (ctx, b) => {
    rejectInTransaction(ctx, b, 'aggregate()')
    const c = collectionName(b)
    const now = ctx.now()
    if (!Array.isArray(b.stages)) throw invalidParam('stages must be an array')
    const pipeline = b.stages.map((s, i): Doc => {
      const st = s as { stageKey?: unknown; stageValue?: unknown }
      if (typeof st?.stageKey !== 'string' || !st.stageKey.startsWith('$'))
        throw invalidParam(`stage ${i}: bad stageKey`)
      return { [st.stageKey]: decode(b, st.stageValue, `stage ${st.stageKey}`, now) }
    })
    return { data: { list: ops.aggregate(ctx.store, c, pipeline).map(encodeWire) } }
  },

  'database.addCollection': (ctx, b) => {
    ops.createCollection(ctx.store, collectionName(b))
    return { data: {} }
  },

  'database.startTransaction': (ctx) => ({ transactionId: ctx.txm.start(ctx.now()) }),

  'database.commitTransaction': (ctx, b) => {
    ctx.txm.commit(transactionId(b), ctx.now())
    return {}
  },

  'database.abortTransaction': (ctx, b) => {
    ctx.txm.abort(transactionId(b), ctx.now())
    return {}
  },

  // The older transaction API (still in @cloudbase/database's transaction.ts): ids instead of
  // queries, and results at the top level as EJSON strings.
  'database.getInTransaction': (ctx, b) => {
    const doc = ctx.txm.get(transactionId(b), collectionName(b), legacyId(b), ctx.now())
    return { data: encodeWire(doc) }
  },

  'database.updateDocInTransaction': (ctx, b) => {
    const now = ctx.now()
    const upsert = flag(b.upsert, 'upsert', false)
    const data = decode(b, b.data, 'data', now)
    const r = ctx.txm.modify(transactionId(b), collectionName(b), legacyId(b), data, !upsert, upsert, now)
    return {
      updated: encodeWire(reportedUpdated(ctx, !upsert, r)),
      ...(r.upsertId !== undefined ? { upserted: JSON.stringify([{ _id: r.upsertId }]) } : {}),
    }
  },

  'database.deleteDocInTransaction': (ctx, b) => {
    const deleted = ctx.txm.remove(transactionId(b), collectionName(b), legacyId(b), ctx.now())
    return { deleted: encodeWire(deleted) }
  },
}

/**
 * What `updated` says of a write whose documents matched but did not all change.
 *
 * - set() (merge=false) counts the document if it existed: "updated: 成功更新的记录数量，若指定的
 *   _id 已存在则为 1，否则为 0" (Document.set, developers.weixin.qq.com/miniprogram/dev/wxcloud/
 *   reference-sdk-api/database/document/Document.set.html), changed or not.
 * - update() (doc or where) is documented only as 成功更新的记录数量 (Document.update,
 *   Collection.update); what a no-op reports is not written down. By default the count is of
 *   documents changed (MongoDB's nModified, which CloudBase runs on); `countUnchanged` counts
 *   every match instead, so the app can be tested under both answers.
 * - updateAndReturn() counts the match: operations.ts findAndModify.
 */
function reportedUpdated(
  ctx: ProtocolContext,
  merge: boolean,
  r: { updated: number; matched: number },
): number {
  if (!merge || ctx.countUnchanged) return r.matched
  return r.updated
}

function inTransaction(b: Body): boolean {
  return typeof b.transactionId === 'string' && b.transactionId !== ''
}

/** A request's EJSON field as store values; inside a transaction db.serverDate() is refused (codec.ts). */
function decode(b: Body, text: unknown, what: string, now: number): unknown {
  return parseWire(text, what, now, { inTransaction: inTransaction(b) })
}

function collectionName(b: Body): string {
  const c = b.collectionName
  if (typeof c !== 'string' || c === '') throw invalidParam('collectionName is required')
  return c
}

function transactionId(b: Body): string {
  if (typeof b.transactionId !== 'string' || b.transactionId === '')
    throw invalidParam('transactionId is required')
  return b.transactionId
}

function legacyId(b: Body): unknown {
  if (b._id === undefined) throw invalidParam('_id is required')
  return b._id
}

function flag(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') throw invalidParam(`${name} must be a boolean`)
  return v
}

function optionalQuery(b: Body, now: number): Doc {
  if (b.query === undefined || b.query === '') return {}
  const q = decode(b, b.query, 'query', now)
  if (!isPlainObject(q)) throw invalidParam('query must be an object')
  return q
}

/**
 * Writes need an explicit where(): the SDK lets collection.update()/remove() go out without a
 * query, which would touch every document. CloudBase refuses those; so do we.
 */
function requiredQuery(b: Body, now: number, what: string): Doc {
  if (b.query === undefined || b.query === '') {
    throw invalidParam(`${what} needs a where() condition; refusing to touch the whole collection`)
  }
  return optionalQuery(b, now)
}

function optionalObject(b: Body, v: unknown, what: string, now: number): Doc | undefined {
  if (v === undefined) return undefined
  const o = decode(b, v, what, now)
  if (!isPlainObject(o)) throw invalidParam(`${what} must be an object`)
  return o
}

/** CloudBase's documented cap; the SDK clamps .limit() to 1000 itself, raw callers get an error. */
function parseLimit(v: unknown): number {
  if (v === undefined || v === null) return DEFAULT_LIMIT
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_LIMIT) {
    throw invalidParam(`limit must be an integer from 1 to ${MAX_LIMIT} (got ${JSON.stringify(v)})`)
  }
  return v
}

function parseOffset(v: unknown): number {
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalidParam(`offset must be a non-negative integer (got ${JSON.stringify(v)})`)
  }
  return v
}

/**
 * orderBy() sends an EJSON object { field: 1 | -1 } in call order; older SDKs sent an array of
 * { field, direction: 'asc' | 'desc' }. Both are accepted.
 */
function parseOrder(b: Body, v: unknown, now: number): SortSpec | undefined {
  if (v === undefined || v === null || v === '') return undefined
  const o = typeof v === 'string' ? decode(b, v, 'order', now) : v
  const spec: SortSpec = {}
  const dir = (d: unknown, field: string): 1 | -1 => {
    if (d === 1 || d === 'asc') return 1
    if (d === -1 || d === 'desc') return -1
    throw invalidParam(`order direction for ${field} must be asc/desc or 1/-1`)
  }
  if (Array.isArray(o)) {
    for (const item of o) {
      const { field, direction } = (item ?? {}) as { field?: unknown; direction?: unknown }
      if (typeof field !== 'string' || field === '') throw invalidParam('order items need a field')
      spec[field] = dir(direction, field)
    }
  } else if (isPlainObject(o)) {
    for (const [field, d] of Object.entries(o)) spec[field] = dir(d, field)
  } else {
    throw invalidParam('order must be an object or an array')
  }
  return Object.keys(spec).length > 0 ? spec : undefined
}

/**
 * where().update()/remove()/count() on a transaction's collection: the SDK sends them without the
 * transaction id, so on CloudBase they run outside it. The guard (sdk.ts) reports them here;
 * refused, and the transaction fails.
 */
function escapes(ctx: ProtocolContext, b: Body, what: string): DbError {
  return ctx.txm.poison(
    b.transactionId as string,
    new DbError(
      DbErrorCode.INVALID_OPERATOR,
      `${what} on a transaction's collection is not part of the transaction: the SDK sends it ` +
        'without the transaction id, so CloudBase runs it outside. Use doc(id).update/remove, or ' +
        'where().get() / updateAndReturn(), which are part of it',
    ),
    ctx.now(),
  )
}

/**
 * doc(id) operations inside a transaction address one document by _id. A raw request with a
 * where() query for update/remove (the SDK never sends one with a transaction id) is refused and
 * poisons the transaction instead of silently running outside it.
 */
function txDocId(ctx: ProtocolContext, b: Body, what: string): unknown {
  const txId = b.transactionId as string
  const now = ctx.now()
  const refuse = () =>
    ctx.txm.poison(
      txId,
      new DbError(
        DbErrorCode.INVALID_OPERATOR,
        `${what} inside a transaction must address one document by _id; where().get() and ` +
          "updateAndReturn() are the transaction's queries. Use doc(id).get/set/update/remove and add()",
      ),
      now,
    )
  if (b.queryType === 'WHERE' || b.multi === true) throw refuse()
  const q = decode(b, b.query, 'query', now)
  if (
    !isPlainObject(q) ||
    Object.keys(q).length !== 1 ||
    !('_id' in q) ||
    isPlainObject(q._id) ||
    Array.isArray(q._id)
  ) {
    throw refuse()
  }
  return q._id
}

function rejectInTransaction(ctx: ProtocolContext, b: Body, what: string): void {
  if (typeof b.transactionId !== 'string' || b.transactionId === '') return
  throw ctx.txm.poison(
    b.transactionId,
    new DbError(DbErrorCode.INVALID_OPERATOR, `${what} is not supported in a transaction`),
    ctx.now(),
  )
}
