/**
 * Where mingo's query semantics differ from MongoDB's (and so from CloudBase, which runs on it),
 * queries are rewritten before mingo sees them, so that every consumer — find, count, the
 * targets of update/remove, the positional `$` of an update, aggregate's $match — agrees.
 *
 * $elemMatch with field conditions (`{ xs: { $elemMatch: { value: { $gt: 0 } } } }`): MongoDB
 * tests each element as a document, so a scalar element never matches ("matches documents that
 * contain an array field with at least one element that matches all the specified query
 * criteria", MongoDB manual, $elemMatch (query); its matcher skips elements that are not
 * objects or arrays). mingo resolves `value` on a scalar to the scalar itself, so `[1, 2, 3]`
 * matched. The rewrite adds "the element is an object or an array" to such conditions.
 * Operator-only conditions (`{ $elemMatch: { $gt: 0 } }`) test the element itself, scalars
 * included, in both; they are left alone.
 */
import { type Doc, isPlainObject } from './values'

export const MINGO_OPTIONS = { scriptEnabled: false }

const LOGICAL = new Set(['$and', '$or', '$nor'])

const IS_DOCUMENT = { $expr: { $in: [{ $type: '$$CURRENT' }, ['object', 'array']] } }

/** The query with MongoDB's meaning under mingo (a copy where anything changed). */
export function strictQuery(query: Doc): Doc {
  let out: Doc | null = null
  for (const [k, v] of Object.entries(query)) {
    const next = LOGICAL.has(k) && Array.isArray(v) ? mapList(v) : k.startsWith('$') ? v : fieldCondition(v)
    if (next !== v) out ??= { ...query }
    if (out) out[k] = next
  }
  return out ?? query
}

function mapList(list: unknown[]): unknown[] {
  let changed = false
  const out = list.map((q) => {
    const next = isPlainObject(q) ? strictQuery(q) : q
    if (next !== q) changed = true
    return next
  })
  return changed ? out : list
}

/** `{ $elemMatch: … , $not: … }` and the like on one field. */
function fieldCondition(cond: unknown): unknown {
  if (!isPlainObject(cond)) return cond
  const keys = Object.keys(cond)
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return cond
  let out: Doc | null = null
  for (const k of keys) {
    const v = cond[k]
    let next = v
    if (k === '$elemMatch' && isPlainObject(v)) next = elemMatch(v)
    else if (k === '$not') next = fieldCondition(v)
    if (next !== v) out ??= { ...cond }
    if (out) out[k] = next
  }
  return out ?? cond
}

function elemMatch(criteria: Doc): Doc {
  const keys = Object.keys(criteria)
  const onElement = keys.length > 0 && keys.every((k) => k.startsWith('$') && !LOGICAL.has(k))
  if (onElement) return fieldCondition(criteria) as Doc
  if (keys.length === 0) return criteria
  return { $and: [strictQuery(criteria), IS_DOCUMENT] }
}
