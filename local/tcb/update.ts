/**
 * Update documents (MongoDB operators) and replacements. mingo applies the operators; the checks
 * here exist because mingo silently skips updates MongoDB refuses ($inc on a string, $push onto
 * a number, a path through a scalar). CloudBase returns an error for those, so we must too —
 * a silent no-op locally would hide a bug that fails in production.
 */
import { update as mingoUpdate } from 'mingo'
import { DbError, DbErrorCode, invalidParam } from './errors'
import { strictQuery } from './matching'
import { type Doc, assertStorableDocument, cloneValue, deepEqual, isPlainObject } from './values'

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$bit',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
])

const NUMERIC = new Set(['$inc', '$mul'])
const ARRAY = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll'])
/** Operators MongoDB lets through (as no-ops) when the path does not lead anywhere. */
const LENIENT = new Set(['$unset', '$pull', '$pullAll', '$pop'])

export type UpdateSpec = Record<string, Doc>

/**
 * With merge=true CloudBase treats the data as an update; the SDK always sends operator form, but
 * raw-mode callers may send plain fields, which mean $set. Mixing both is refused, as MongoDB does.
 */
export function toUpdateSpec(data: unknown): UpdateSpec {
  if (!isPlainObject(data)) throw invalidParam('update data must be an object')
  const keys = Object.keys(data)
  if (keys.length === 0) throw invalidParam('update data is empty')
  const ops = keys.filter((k) => k.startsWith('$'))
  if (ops.length === 0) return { $set: data }
  if (ops.length !== keys.length) throw invalidParam('update data mixes operators and plain fields')
  const spec: UpdateSpec = {}
  for (const op of keys) {
    if (!OPERATORS.has(op))
      throw new DbError(DbErrorCode.INVALID_OPERATOR, `unsupported update operator ${op}`)
    const fields = data[op]
    if (!isPlainObject(fields)) throw invalidParam(`${op} takes an object of field paths`)
    for (const path of Object.keys(fields)) {
      if (path === '_id' || path.startsWith('_id.')) throw invalidParam('不能更新_id的值 (cannot modify _id)')
      if (op === '$rename') {
        const to = fields[path]
        if (typeof to !== 'string' || to === '' || to === '_id' || to.startsWith('_id.') || to === path) {
          throw invalidParam(`$rename of ${path} needs a different, non-_id target path`)
        }
      }
    }
    spec[op] = fields
  }
  if (Object.values(spec).every((f) => Object.keys(f).length === 0))
    throw invalidParam('update data is empty')
  return spec
}

export interface Applied {
  doc: Doc
  changed: boolean
}

/**
 * Applies an update to a copy of `doc`. `condition` is the query that selected the document,
 * which mingo needs to resolve the positional `$` operator.
 */
export function applyUpdate(doc: Doc, spec: UpdateSpec, condition: Doc): Applied {
  checkTypes(doc, spec)
  const next = cloneValue(doc)
  try {
    mingoUpdate(next, spec as never, undefined, strictQuery(condition) as never, { cloneMode: 'deep' })
  } catch (e) {
    throw new DbError(DbErrorCode.REQUEST_FAILED, `update failed: ${(e as Error).message}`)
  }
  if (!deepEqual(next._id, doc._id)) throw invalidParam('不能更新_id的值 (cannot modify _id)')
  assertStorableDocument(next)
  return { doc: next, changed: !deepEqual(next, doc) }
}

/** set(): the whole document is replaced; only _id survives. */
export function replacement(id: unknown, data: unknown): Doc {
  if (!isPlainObject(data)) throw invalidParam('document data must be an object')
  if (Object.keys(data).some((k) => k.startsWith('$'))) {
    throw invalidParam('replacement document must not contain update operators')
  }
  if ('_id' in data && !deepEqual(data._id, id)) throw invalidParam('不能更新_id的值 (cannot modify _id)')
  const { _id: _ignored, ...rest } = data
  const doc: Doc = { _id: id, ...rest }
  assertStorableDocument(doc)
  return doc
}

type Resolved = { kind: 'missing' } | { kind: 'value'; value: unknown } | { kind: 'unknown' }

/**
 * Follows a dotted path the way an update would create it: missing parts are fine, but a
 * part that is a scalar (or a non-numeric step into an array) makes the path not viable.
 */
function resolve(doc: Doc, path: string, op: string): Resolved {
  const parts = path.split('.')
  let cur: unknown = doc
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (part.startsWith('$')) return { kind: 'unknown' }
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) {
        if (LENIENT.has(op)) return { kind: 'missing' }
        throw notViable(op, path, parts.slice(0, i).join('.'))
      }
      const idx = Number(part)
      if (idx >= cur.length) return { kind: 'missing' }
      cur = cur[idx]
    } else if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, part)) return { kind: 'missing' }
      cur = cur[part]
    } else {
      if (LENIENT.has(op)) return { kind: 'missing' }
      throw notViable(op, path, parts.slice(0, i).join('.'))
    }
  }
  return { kind: 'value', value: cur }
}

function notViable(op: string, path: string, at: string): DbError {
  return new DbError(
    DbErrorCode.REQUEST_FAILED,
    `${op}: cannot use the part of path ${path} to traverse the element at ${at} (not an object or array)`,
  )
}

function checkTypes(doc: Doc, spec: UpdateSpec): void {
  for (const [op, fields] of Object.entries(spec)) {
    for (const [path, operand] of Object.entries(fields)) {
      const r = resolve(doc, path, op)
      if (NUMERIC.has(op)) {
        if (typeof operand !== 'number') throw typeError(op, path, 'operand must be a number')
        if (r.kind === 'value' && typeof r.value !== 'number')
          throw typeError(op, path, 'field is not numeric')
      } else if (ARRAY.has(op)) {
        if (r.kind === 'value' && !Array.isArray(r.value)) throw typeError(op, path, 'field is not an array')
        checkArrayOperand(op, path, operand)
      } else if (op === '$bit') {
        if (r.kind === 'value' && !Number.isInteger(r.value))
          throw typeError(op, path, 'field is not an integer')
      } else if (op === '$rename' && r.kind === 'value') {
        resolve(doc, operand as string, op)
      }
    }
  }
}

function checkArrayOperand(op: string, path: string, operand: unknown): void {
  if (op === '$pop' && operand !== 1 && operand !== -1) throw typeError(op, path, 'operand must be 1 or -1')
  if (op === '$pullAll' && !Array.isArray(operand)) throw typeError(op, path, 'operand must be an array')
  if ((op === '$push' || op === '$addToSet') && isPlainObject(operand) && '$each' in operand) {
    if (!Array.isArray(operand.$each)) throw typeError(op, path, '$each must be an array')
    for (const m of ['$position', '$slice'] as const) {
      if (m in operand && !Number.isInteger(operand[m])) throw typeError(op, path, `${m} must be an integer`)
    }
  }
}

function typeError(op: string, path: string, why: string): DbError {
  return new DbError(DbErrorCode.REQUEST_FAILED, `${op} on ${path}: ${why}`)
}
