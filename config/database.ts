/**
 * The collection and index declaration of cloudbaserc.json — the same file that is deployed to
 * CloudBase: the local environment indexes exactly what production will have, and the deploy
 * script checks and plans from the same reading. Read by both, owned by neither.
 */
import { existsSync, readFileSync } from 'node:fs'

export interface IndexSpec {
  name: string
  unique: boolean
  fields: string[]
  /** Kept for reporting; equality lookups do not depend on direction. */
  directions: Array<1 | -1>
}

export interface DatabaseDeclaration {
  /** Collection name → its declared secondary indexes (never includes the implicit _id index). */
  collections: Map<string, IndexSpec[]>
  source: string | null
}

/**
 * CloudBase's rule for collection names, as its SDK states it (@cloudbase/database,
 * `Validate.isCollName`: `/^[a-zA-Z0-9]([a-zA-Z0-9-_]){1,32}$/`, 集合名称不合法): a letter or
 * digit first, then letters, digits, `-` and `_`. The SDK's pattern lets 33 characters through;
 * 32 is the cap here (stricter, never looser). A leading `_` or `-` is refused.
 */
export const MAX_COLLECTION_NAME_LENGTH = 32
const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]+$/

/** Why CloudBase would refuse `name` as a collection name, or null when it is fine. */
export function collectionNameProblem(name: string): string | null {
  if (name.length < 2 || name.length > MAX_COLLECTION_NAME_LENGTH)
    return `集合名称不合法: ${JSON.stringify(name)} must be 2 to ${MAX_COLLECTION_NAME_LENGTH} characters`
  if (!COLLECTION_NAME.test(name))
    return `集合名称不合法: ${JSON.stringify(name)} must start with a letter or digit and contain only letters, digits, '-' and '_'`
  return null
}

export function emptyDeclaration(): DatabaseDeclaration {
  return { collections: new Map(), source: null }
}

export function loadDeclaration(path: string): DatabaseDeclaration {
  if (!existsSync(path)) return emptyDeclaration()
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${(e as Error).message}`)
  }
  return parseDeclaration(raw, path)
}

export function parseDeclaration(raw: unknown, source: string): DatabaseDeclaration {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`)
  }
  const collections = new Map<string, IndexSpec[]>()
  const database = (raw as { database?: unknown })?.database
  if (database === undefined) return { collections, source }
  const list = (database as { collections?: unknown })?.collections
  if (list === undefined) return { collections, source }
  if (!Array.isArray(list)) fail('database.collections must be an array')
  for (const [ci, c] of (list as unknown[]).entries()) {
    const name = (c as { name?: unknown })?.name
    if (typeof name !== 'string' || name === '')
      fail(`database.collections[${ci}].name must be a non-empty string`)
    const problem = collectionNameProblem(name as string)
    if (problem) fail(`database.collections[${ci}].name: ${problem}`)
    if (collections.has(name as string)) fail(`collection ${String(name)} is declared twice`)
    const specs: IndexSpec[] = []
    const indexes = (c as { indexes?: unknown }).indexes ?? []
    if (!Array.isArray(indexes)) fail(`collection ${String(name)}: indexes must be an array`)
    for (const [ii, idx] of (indexes as unknown[]).entries()) {
      const at = `collection ${String(name)} index #${ii}`
      const o = idx as { name?: unknown; unique?: unknown; keys?: unknown }
      if (typeof o?.name !== 'string' || o.name === '') fail(`${at}: name must be a non-empty string`)
      if (o.unique !== undefined && typeof o.unique !== 'boolean') fail(`${at}: unique must be a boolean`)
      if (!Array.isArray(o.keys) || o.keys.length === 0) fail(`${at}: keys must be a non-empty array`)
      const fields: string[] = []
      const directions: Array<1 | -1> = []
      for (const k of o.keys as unknown[]) {
        const kn = (k as { name?: unknown })?.name
        const kd = String((k as { direction?: unknown })?.direction ?? '1')
        if (typeof kn !== 'string' || kn === '' || kn.startsWith('$'))
          fail(`${at}: key name must be a field path`)
        if (kd !== '1' && kd !== '-1') fail(`${at}: key direction must be "1" or "-1" (got ${kd})`)
        if (fields.includes(kn as string)) fail(`${at}: field ${String(kn)} appears twice`)
        fields.push(kn as string)
        directions.push(kd === '1' ? 1 : -1)
      }
      if (specs.some((s) => s.name === o.name)) fail(`${at}: duplicate index name ${String(o.name)}`)
      if (o.name === '_id_' || (fields.length === 1 && fields[0] === '_id')) continue
      specs.push({ name: o.name as string, unique: o.unique === true, fields, directions })
    }
    collections.set(name as string, specs)
  }
  return { collections, source }
}
