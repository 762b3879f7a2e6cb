/**
 * EJSON in and out. The SDK sends queries, updates and documents as canonical EJSON strings and
 * parses every document we return with EJSON.parse, so this is the one place that decides how
 * wire values become store values (and back).
 */
import { deserialize as bsonDeserialize, EJSON, serialize as bsonSerialize } from 'bson'
import { invalidParam } from './errors'
import { isBsonValue, isPlainObject } from './values'

/** Key of the marker db.serverDate() serialises to; the server substitutes its own clock. */
const SERVER_DATE = '$tcb_server_date'

export interface WireOptions {
  /**
   * The request belongs to a transaction, where CloudBase does not support db.serverDate(): the
   * SDK's own transaction tests say so ("事务内插入 含 serverDate 类型文档 报错不支持",
   * TencentCloudBase/node-sdk test/database/unit/transaction.test.ts). Refused here too.
   */
  inTransaction?: boolean
}

/**
 * Parses a request's EJSON into store values. Relaxed parsing turns numbers into JS numbers,
 * which the matcher compares natively; regexes and server dates get converted afterwards.
 */
export function parseWire(text: unknown, what: string, now: number, opts: WireOptions = {}): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`)
  let parsed: unknown
  try {
    parsed = EJSON.parse(text, { relaxed: true })
  } catch (e) {
    throw invalidParam(`${what} is not valid EJSON: ${(e as Error).message}`)
  }
  return normalize(parsed, { now, what, inTransaction: opts.inTransaction === true })
}

export function encodeWire(value: unknown): string {
  return EJSON.stringify(value as never, { relaxed: false })
}

/** The stored encoding (one row per document in SQLite): relaxed output is compact and round-trips through parseStored. */
export function encodeStored(value: unknown): string {
  return EJSON.stringify(value as never, { relaxed: true })
}

export function parseStored(text: string): unknown {
  // Stored documents never contain the server-date marker ($-prefixed names are refused).
  return normalize(EJSON.parse(text, { relaxed: true }), {
    now: 0,
    what: 'stored value',
    inTransaction: false,
  })
}

/**
 * The in-memory form of a stored document (store.ts): one string instead of an object graph, so a
 * document costs about its bytes and the garbage collector sees one object per document instead of
 * dozens. BSON (which round-trips Date, the BSON classes and key order; `undefined` is dropped, as
 * the persisted EJSON drops it), held as a one-byte (latin1) string of its bytes. V8's own
 * serializer decodes faster but builds its objects in Node's main realm, where jest's
 * `instanceof Date` and plain-object checks fail. js-bson 4 keeps only a regex's i and m flags, so
 * a document with a regex flagged otherwise is held as the persisted EJSON; the first character
 * says which.
 */
export function packDoc(doc: object): string {
  if (bsonSafe(doc)) return 'b' + (bsonSerialize(doc, { ignoreUndefined: true }) as Buffer).toString('latin1')
  return 'e' + encodeStored(doc)
}

/** A fresh copy of a packed document: mutating it never reaches the store. */
export function unpackDoc(packed: string): Record<string, unknown> {
  if (packed.charCodeAt(0) === 98 /* b */) {
    return bsonDeserialize(Buffer.from(packed.slice(1), 'latin1')) as Record<string, unknown>
  }
  return parseStored(packed.slice(1)) as Record<string, unknown>
}

function bsonSafe(v: unknown): boolean {
  if (v instanceof RegExp) return /^[im]*$/.test(v.flags)
  if (Array.isArray(v)) return v.every(bsonSafe)
  if (!isPlainObject(v)) return true
  for (const k in v) if (!bsonSafe(v[k])) return false
  return true
}

interface Normalizing {
  now: number
  what: string
  inTransaction: boolean
}

function normalize(v: unknown, n: Normalizing): unknown {
  if (Array.isArray(v)) return v.map((el) => normalize(el, n))
  if (isBsonValue(v)) return normalizeBson(v, n.what)
  if (!isPlainObject(v)) return v
  const keys = Object.keys(v)
  if (keys.length === 1 && keys[0] === SERVER_DATE) return serverDate(v[SERVER_DATE], n)
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = normalize(v[k], n)
  return out
}

function serverDate(spec: unknown, { now, what, inTransaction }: Normalizing): Date {
  if (inTransaction) {
    throw invalidParam(
      `${what}: db.serverDate() is not supported inside a transaction on CloudBase; pass a Date instead`,
    )
  }
  const offset = isPlainObject(spec) ? spec.offset : undefined
  if (offset !== undefined && (typeof offset !== 'number' || !Number.isFinite(offset))) {
    throw invalidParam(`${what}: serverDate offset must be a finite number`)
  }
  return new Date(now + (offset ?? 0))
}

function normalizeBson(v: { _bsontype: string }, what: string): unknown {
  switch (v._bsontype) {
    case 'BSONRegExp':
      return toRegExp(v as unknown as { pattern: string; options: string }, what)
    case 'Long': {
      // Relaxed parsing only keeps a Long when the value is outside the safe integer range.
      const n = (v as unknown as { toNumber(): number }).toNumber()
      if (!Number.isSafeInteger(n)) throw invalidParam(`${what}: 64-bit integer beyond 2^53 is not supported`)
      return n
    }
    case 'Int32':
    case 'Double':
      return (v as unknown as { valueOf(): number }).valueOf()
    default:
      return v
  }
}

/** MongoDB regex options i, m, s, u map onto JS flags; x (extended) has no JS equivalent. */
function toRegExp(r: { pattern: string; options: string }, what: string): RegExp {
  let flags = ''
  for (const ch of r.options ?? '') {
    if ('imsu'.includes(ch)) {
      if (!flags.includes(ch)) flags += ch
    } else {
      throw invalidParam(`${what}: unsupported regular expression option '${ch}'`)
    }
  }
  try {
    return new RegExp(r.pattern, flags)
  } catch (e) {
    throw invalidParam(`${what}: invalid regular expression: ${(e as Error).message}`)
  }
}
