/**
 * In-memory secondary indexes for the declared ones. They serve two purposes: enforcing unique
 * constraints, and narrowing a query to a candidate set when its equality / $in conditions cover
 * an index's leading field(s). Candidates are always re-checked by the matcher, so an index only
 * has to be a superset of the true answer, never exact.
 *
 * Each index keeps one hash map per prefix length (for keys [a,b,c]: maps for [a], [a,b],
 * [a,b,c]); that makes "leading keys" lookups direct, at the cost of some memory.
 */
import type { IndexSpec } from '../../config/database'
import { DbError, DbErrorCode } from './errors'
import { type Doc, isIndexableScalar, isPlainObject, keyOf, valuesAtPath } from './values'

/** Above this many key combinations ($in × $in × …) a lookup is not worth it. */
const MAX_LOOKUP_COMBINATIONS = 1024

class SecondaryIndex {
  readonly spec: IndexSpec
  private readonly levels: Array<Map<string, Set<string>>>

  constructor(spec: IndexSpec) {
    this.spec = spec
    this.levels = spec.fields.map(() => new Map())
  }

  /** Per-field key lists of a document; one field may be an array (multikey), not two. */
  private fieldKeys(doc: Doc): string[][] {
    const perField = this.spec.fields.map((f) => {
      const vals = valuesAtPath(doc, f)
      if (vals.length === 0) return ['z']
      return Array.from(new Set(vals.map(keyOf)))
    })
    if (perField.filter((k) => k.length > 1).length > 1) {
      throw new DbError(
        DbErrorCode.REQUEST_FAILED,
        `cannot index parallel arrays in index ${this.spec.name} (${this.spec.fields.join(', ')})`,
      )
    }
    return perField
  }

  add(doc: Doc, docKey: string): void {
    const keys = this.fieldKeys(doc)
    for (let level = 0; level < keys.length; level++) {
      for (const k of combinations(keys, level + 1)) {
        let set = this.levels[level].get(k)
        if (!set) this.levels[level].set(k, (set = new Set()))
        set.add(docKey)
      }
    }
  }

  remove(doc: Doc, docKey: string): void {
    const keys = this.fieldKeys(doc)
    for (let level = 0; level < keys.length; level++) {
      for (const k of combinations(keys, level + 1)) {
        const set = this.levels[level].get(k)
        if (!set) continue
        set.delete(docKey)
        if (set.size === 0) this.levels[level].delete(k)
      }
    }
  }

  /** Throws when another document already holds one of this document's full keys. */
  checkUnique(doc: Doc, docKey: string): void {
    if (!this.spec.unique) return
    const keys = this.fieldKeys(doc)
    const last = this.levels[keys.length - 1]
    for (const k of combinations(keys, keys.length)) {
      const holders = last.get(k)
      if (!holders) continue
      for (const h of holders) {
        if (h !== docKey) {
          throw new DbError(
            DbErrorCode.DUPLICATE_WRITE,
            `duplicate key for unique index ${this.spec.name}: ${describeKey(this.spec.fields, k)}`,
          )
        }
      }
    }
  }

  /** Keys of the map for `level` leading fields, given each field's candidate values. */
  lookup(valueKeys: string[][]): Set<string>[] {
    const map = this.levels[valueKeys.length - 1]
    const out: Set<string>[] = []
    for (const k of combinations(valueKeys, valueKeys.length)) {
      const set = map.get(k)
      if (set) out.push(set)
    }
    return out
  }

  clear(): void {
    for (const m of this.levels) m.clear()
  }
}

function* combinations(keys: string[][], n: number): Generator<string> {
  const idx = new Array<number>(n).fill(0)
  for (;;) {
    const parts: string[] = []
    for (let i = 0; i < n; i++) parts.push(keys[i][idx[i]])
    yield JSON.stringify(parts)
    let i = n - 1
    while (i >= 0) {
      idx[i]++
      if (idx[i] < keys[i].length) break
      idx[i] = 0
      i--
    }
    if (i < 0) return
  }
}

function describeKey(fields: string[], key: string): string {
  const parts = JSON.parse(key) as string[]
  return '{ ' + fields.map((f, i) => `${f}: ${parts[i]}`).join(', ') + ' }'
}

export interface QueryPlan {
  /** '_id', a declared index name, or null for a full scan. */
  index: string | null
  /** Candidate document keys when an index is used. */
  keys: Iterable<string> | null
  /** Upper bound of candidates examined, for explain output. */
  estimate: number
}

export class IndexSet {
  private readonly indexes: SecondaryIndex[]
  private enabled: boolean

  constructor(specs: IndexSpec[], enabled = true) {
    this.indexes = specs.map((s) => new SecondaryIndex(s))
    this.enabled = enabled
  }

  get specs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec)
  }

  add(doc: Doc, docKey: string): void {
    for (const i of this.indexes) i.add(doc, docKey)
  }

  remove(doc: Doc, docKey: string): void {
    for (const i of this.indexes) i.remove(doc, docKey)
  }

  checkUnique(doc: Doc, docKey: string): void {
    for (const i of this.indexes) i.checkUnique(doc, docKey)
  }

  /** Checks and inserts in one step, leaving no partial entries behind when it throws. */
  checkAndAdd(doc: Doc, docKey: string): void {
    this.checkUnique(doc, docKey)
    const done: SecondaryIndex[] = []
    try {
      for (const i of this.indexes) {
        i.add(doc, docKey)
        done.push(i)
      }
    } catch (e) {
      for (const i of done) i.remove(doc, docKey)
      throw e
    }
  }

  clear(): void {
    for (const i of this.indexes) i.clear()
  }

  /**
   * Picks the narrowest candidate set among _id and the declared indexes whose leading field(s)
   * the query pins down with equality or $in. `docCount` is what a full scan would examine.
   */
  plan(query: Doc, docCount: number): QueryPlan {
    const eq = equalityConstraints(query)
    const idValues = eq.get('_id')
    if (idValues) {
      return { index: '_id', keys: idValues.map(keyOf), estimate: idValues.length }
    }
    let best: { name: string; sets: Set<string>[]; size: number } | null = null
    if (this.enabled) {
      for (const index of this.indexes) {
        const valueKeys: string[][] = []
        let combos = 1
        for (const f of index.spec.fields) {
          const vals = eq.get(f)
          if (!vals || combos * vals.length > MAX_LOOKUP_COMBINATIONS) break
          combos *= vals.length
          valueKeys.push(Array.from(new Set(vals.map(keyOf))))
        }
        if (valueKeys.length === 0) continue
        const sets = index.lookup(valueKeys)
        const size = sets.reduce((n, s) => n + s.size, 0)
        if (!best || size < best.size) best = { name: index.spec.name, sets, size }
      }
    }
    if (!best) return { index: null, keys: null, estimate: docCount }
    const sets = best.sets
    const keys: Iterable<string> = sets.length === 1 ? sets[0] : unionOf(sets)
    return { index: best.name, keys, estimate: best.size }
  }
}

function unionOf(sets: Set<string>[]): Set<string> {
  const out = new Set<string>()
  for (const s of sets) for (const k of s) out.add(k)
  return out
}

/**
 * Field → values it must equal (one of), read off the top level of a query and its $and
 * branches. Only conditions every matching document must satisfy are collected; $or, $nor and
 * $not are ignored, which is safe because the result is only used to narrow candidates.
 */
export function equalityConstraints(query: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>()
  const put = (field: string, values: unknown[]) => {
    const prev = out.get(field)
    if (!prev || values.length < prev.length) out.set(field, values)
  }
  const visit = (q: Doc) => {
    for (const [field, cond] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(cond)) {
        for (const sub of cond) if (isPlainObject(sub)) visit(sub)
        continue
      }
      if (field.startsWith('$')) continue
      if (isIndexableScalar(cond)) {
        put(field, [cond])
        continue
      }
      if (!isPlainObject(cond)) continue
      const ops = Object.keys(cond)
      if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) continue
      if ('$eq' in cond && isIndexableScalar(cond.$eq)) {
        put(field, [cond.$eq])
      } else if (Array.isArray(cond.$in) && cond.$in.length > 0 && cond.$in.every(isIndexableScalar)) {
        put(field, cond.$in as unknown[])
      }
    }
  }
  visit(query)
  return out
}
