/**
 * Reading the contract's zod schemas as data, for the guard tests: which input paths are strings
 * a person writes (not marked NOT_USER_TEXT, not a pattern-checked code), and which fields an
 * input has at all.
 */
import type { z } from 'zod'
import { NOT_USER_TEXT } from '../../src/domain/contract'

interface Def {
  type: string
  checks?: { _zod: { def: { check: string } } }[]
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  options?: z.ZodType[]
  left?: z.ZodType
  right?: z.ZodType
  valueType?: z.ZodType
}

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def

/** The paths of free text in `schema`: `name`, `others[].name`, `skills[]`, `party.branch`. */
export function userTextPaths(schema: z.ZodType, path = '', out = new Set<string>()): Set<string> {
  if (schema.description === NOT_USER_TEXT) return out
  const def = defOf(schema)
  const at = (k: string) => (path ? `${path}.${k}` : k)
  switch (def.type) {
    case 'string':
      // A pattern (phone, date, building code) says what may be typed: not free text.
      if (!(def.checks ?? []).some((c) => c._zod.def.check === 'string_format')) out.add(path)
      break
    case 'object':
      for (const [k, v] of Object.entries(def.shape ?? {})) userTextPaths(v, at(k), out)
      break
    case 'array':
      userTextPaths(def.element as z.ZodType, `${path}[]`, out)
      break
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      userTextPaths(def.innerType as z.ZodType, path, out)
      break
    case 'pipe':
      userTextPaths(def.in as z.ZodType, path, out)
      break
    case 'union':
      for (const o of def.options ?? []) userTextPaths(o, path, out)
      break
    case 'intersection':
      userTextPaths(def.left as z.ZodType, path, out)
      userTextPaths(def.right as z.ZodType, path, out)
      break
    case 'record':
      userTextPaths(def.valueType as z.ZodType, `${path}{}`, out)
      break
  }
  return out
}

/** The top-level field names of an object input (each branch of a union). */
export function inputFields(schema: z.ZodType): Set<string> {
  const def = defOf(schema)
  if (def.type === 'object') return new Set(Object.keys(def.shape ?? {}))
  if (def.type === 'union') return new Set((def.options ?? []).flatMap((o) => [...inputFields(o)]))
  if (def.type === 'pipe') return inputFields(def.in as z.ZodType)
  if (['optional', 'default', 'nullable', 'readonly'].includes(def.type))
    return inputFields(def.innerType as z.ZodType)
  return new Set()
}

/**
 * An object holding `marker(path)` at every path: `others[].name` becomes
 * `{ others: [{ name: '…' }] }`. Enough for a field list to read every text it names.
 */
export function objectAt(paths: Iterable<string>, marker: (path: string) => string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const path of paths) {
    const parts = path.split('.')
    let node: Record<string, unknown> = root
    parts.forEach((raw, i) => {
      const isArray = raw.endsWith('[]')
      const key = isArray ? raw.slice(0, -2) : raw
      const last = i === parts.length - 1
      if (isArray) {
        const list = (node[key] ??= [last ? marker(path) : {}]) as unknown[]
        if (!last) node = list[0] as Record<string, unknown>
      } else if (last) node[key] = marker(path)
      else node = (node[key] ??= {}) as Record<string, unknown>
    })
  }
  return root
}

/** Strings worth trying where a string goes: ids, dates, times, codes and a sentence a person writes. */
const STRING_POOL = [
  '2026-11-26',
  '2026-12-10',
  '2027-01-05',
  '2026-12',
  '09:30',
  '16:30',
  'B01',
  'g-1-1-1',
  'ABCDEFGH',
  '13900001111',
  '注销',
  '楼道的声控灯坏了好几天，晚上看不清台阶',
  '小明',
  '母亲',
]

/**
 * Values `schema` accepts, found by trying: enum options, literals, a few numbers and booleans,
 * `extraStrings` and the pool above for strings, composed for objects and arrays. Enough to build
 * inputs that pass validation and reach the action, where hostile ids and values then go.
 */
export function plausibleValues(
  schema: z.ZodType,
  extraStrings: readonly string[] = [],
  depth = 0,
): unknown[] {
  const def = defOf(schema) as Def & { entries?: Record<string, unknown>; values?: unknown[] }
  const accepted = (xs: unknown[]) => xs.filter((x) => schema.safeParse(x).success)
  if (depth > 4) return []
  switch (def.type) {
    case 'string':
      return accepted([...extraStrings, ...STRING_POOL]).slice(0, 12)
    case 'number':
      return accepted([1, 2, 8, 20, 60, 90, 2026, 2027, 0.5])
    case 'boolean':
      return [true, false]
    case 'enum':
      return Object.values(def.entries ?? {})
    case 'literal':
      return [...(def.values ?? [])]
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return [...plausibleValues(def.innerType as z.ZodType, extraStrings, depth + 1), undefined]
    case 'pipe':
      return accepted(plausibleValues(def.in as z.ZodType, extraStrings, depth + 1))
    case 'union':
      return (def.options ?? []).flatMap((o) => plausibleValues(o, extraStrings, depth + 1))
    case 'array': {
      const items = plausibleValues(def.element as z.ZodType, extraStrings, depth + 1).filter(
        (x) => x !== undefined,
      )
      return accepted([[], items.slice(0, 1), items.slice(0, 2)])
    }
    case 'object': {
      const entries = Object.entries(def.shape ?? {}).map(
        ([k, v]) => [k, plausibleValues(v, extraStrings, depth + 1)] as const,
      )
      if (entries.some(([, vs]) => vs.length === 0)) return []
      const first = Object.fromEntries(entries.map(([k, vs]) => [k, vs[0]]))
      const last = Object.fromEntries(entries.map(([k, vs]) => [k, vs[vs.length - 1]]))
      return accepted([first, last])
    }
    case 'record':
      return [{}]
    default:
      return []
  }
}

/** The fields of an object input and their schemas (each branch of a union, merged). */
export function inputShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(schema)
  if (def.type === 'object') return { ...(def.shape ?? {}) }
  if (def.type === 'union') return Object.assign({}, ...(def.options ?? []).map((o) => inputShape(o)))
  if (def.type === 'pipe') return inputShape(def.in as z.ZodType)
  if (['optional', 'default', 'nullable', 'readonly'].includes(def.type))
    return inputShape(def.innerType as z.ZodType)
  return {}
}
