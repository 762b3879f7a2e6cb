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
