/**
 * Document values as the store holds them: plain objects and arrays of JSON scalars, Date, RegExp
 * and the odd BSON value (ObjectId, Decimal128) that EJSON hands us. These helpers define what
 * "the same value" means for change detection and index keys, so both agree with the matcher.
 */
import { calculateObjectSize, EJSON } from 'bson'
import { DbError, DbErrorCode, invalidParam } from './errors'

export type Doc = Record<string, unknown>

interface BsonValue {
  _bsontype: string
}

export function isBsonValue(v: unknown): v is BsonValue {
  return typeof v === 'object' && v !== null && typeof (v as { _bsontype?: unknown })._bsontype === 'string'
}

export function isPlainObject(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * Stored documents are never mutated in place (readers and open transactions may hold them), so
 * every write works on a copy. structuredClone would strip BSON classes of their prototypes.
 */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as unknown as T
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T
  if (isPlainObject(v)) {
    const out: Doc = {}
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k])
    return out as T
  }
  // RegExp and BSON values are treated as immutable.
  return v
}

/**
 * Equality used to decide whether an update modified a document. Key order counts, as it does for
 * MongoDB's nModified, which compares the stored bytes.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  }
  if (a instanceof RegExp || b instanceof RegExp) {
    return a instanceof RegExp && b instanceof RegExp && a.source === b.source && a.flags === b.flags
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (isBsonValue(a) || isBsonValue(b)) {
    if (!isBsonValue(a) || !isBsonValue(b) || a._bsontype !== b._bsontype) return false
    return EJSON.stringify(a as never, { relaxed: false }) === EJSON.stringify(b as never, { relaxed: false })
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    if (ka.length !== kb.length) return false
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !deepEqual(a[ka[i]], b[kb[i]])) return false
    }
    return true
  }
  return false
}

/**
 * Whether an equality value can be looked up in an index. Anything else (null, arrays, objects,
 * regexes) falls back to a scan, because their match semantics are broader than key equality.
 */
export function isIndexableScalar(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (v instanceof Date) return !Number.isNaN(v.getTime())
  return isBsonValue(v) && (v._bsontype === 'ObjectID' || v._bsontype === 'ObjectId')
}

/**
 * One string per distinct value under the matcher's equality: 1 and 1.0 are one key, "1" and 1
 * are two, Dates compare by instant.
 */
export function keyOf(v: unknown): string {
  if (v === null || v === undefined) return 'z'
  switch (typeof v) {
    case 'string':
      return 's:' + v
    case 'number':
      return 'n:' + String(v === 0 ? 0 : v)
    case 'boolean':
      return v ? 'b:1' : 'b:0'
    default:
      break
  }
  if (v instanceof Date) return 'd:' + String(v.getTime())
  if (isBsonValue(v) && (v._bsontype === 'ObjectID' || v._bsontype === 'ObjectId')) {
    return 'o:' + (v as unknown as { toHexString(): string }).toHexString()
  }
  return 'x:' + EJSON.stringify(v as never, { relaxed: false })
}

/**
 * All values a dotted path reaches, descending through arrays the way MongoDB field paths do.
 * It errs on the side of returning more: extra index candidates are filtered out by the matcher,
 * missing ones would make indexed and unindexed queries disagree.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = path.split('.')
  let current: unknown[] = [doc]
  for (const part of parts) {
    const next: unknown[] = []
    for (const v of current) collectChild(v, part, next)
    current = next
    if (current.length === 0) return []
  }
  const out: unknown[] = []
  for (const v of current) {
    if (Array.isArray(v)) flattenInto(v, out)
    else out.push(v)
  }
  return out
}

function collectChild(v: unknown, part: string, out: unknown[]): void {
  if (Array.isArray(v)) {
    if (/^\d+$/.test(part) && Number(part) < v.length) out.push(v[Number(part)])
    for (const el of v) collectChild(el, part, out)
    return
  }
  if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, part)) out.push(v[part])
}

function flattenInto(arr: unknown[], out: unknown[]): void {
  for (const el of arr) {
    if (Array.isArray(el)) flattenInto(el, out)
    else out.push(el)
  }
}

/** The _id forms doc(id) and add() can produce. */
export function assertValidId(id: unknown): void {
  if (typeof id === 'string') {
    if (id.length === 0) throw invalidParam('_id must not be an empty string')
    return
  }
  if (typeof id === 'number' && Number.isFinite(id)) return
  if (isBsonValue(id) && (id._bsontype === 'ObjectID' || id._bsontype === 'ObjectId')) return
  throw invalidParam('_id must be a non-empty string, a finite number or an ObjectId')
}

/**
 * Field names CloudBase refuses: `$`-prefixed ones, which collide with operators — the SDK's own
 * test "验证throwOnCode" expects `add({ $_key: 1 })` to fail with DATABASE_REQUEST_FAILED
 * (TencentCloudBase/node-sdk, test/database/index.test.ts) — and empty ones (kept refused; no
 * source says CloudBase takes them). Dotted names are stored: the same SDK tests add
 * `{ 'key.': '1' }` and expect an id. As in MongoDB, such a field is not reachable by a query or
 * update path (`a.b` means field b of field a).
 */
export function assertStorableDocument(doc: Doc): void {
  assertValidId(doc._id)
  checkFields(doc, '')
  assertDocumentSize(doc)
}

/**
 * A document's BSON size may not exceed 16 MB (MongoDB's BSON document size limit, 16777216
 * bytes); CloudBase stores documents in MongoDB and keeps the limit ("单条记录大小受底层 BSON 限制，
 * 不超过 16mb", the WeChat cloud team on developers.weixin.qq.com/community/develop/doc/
 * 000c6015024a20c1d6eb9af1756000). Checked on every write, so an update that grows a document
 * past it ($push) is refused like an insert; MongoDB's errors pass through CloudBase as
 * DATABASE_REQUEST_FAILED.
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

export function assertDocumentSize(doc: Doc): void {
  const size = calculateObjectSize(doc as never)
  if (size > MAX_DOCUMENT_BYTES) {
    throw new DbError(
      DbErrorCode.REQUEST_FAILED,
      `document too large: ${size} bytes as BSON, the limit is ${MAX_DOCUMENT_BYTES} (16 MB)`,
    )
  }
}

function checkFields(v: unknown, at: string): void {
  if (Array.isArray(v)) {
    v.forEach((el, i) => checkFields(el, `${at}.${i}`))
    return
  }
  if (!isPlainObject(v)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return
    if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) throw invalidParam(`invalid date at ${at.slice(1) || '(root)'}`)
      return
    }
    if (v instanceof RegExp || isBsonValue(v)) return
    throw invalidParam(`unsupported value at ${at.slice(1) || '(root)'}`)
  }
  for (const key of Object.keys(v)) {
    const where = at ? `${at.slice(1)}.${key}` : key
    if (key.startsWith('$'))
      throw new DbError(DbErrorCode.REQUEST_FAILED, `field name must not start with '$': ${where}`)
    if (key.length === 0) throw invalidParam(`empty field name under ${at.slice(1) || '(root)'}`)
    checkFields(v[key], `${at}.${key}`)
  }
}
