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
import {
  boundValue,
  compareSortValues,
  type FieldRange,
  OrderedIndex,
  type OrderedScan,
  sortRank,
} from './ordered'
import { type Doc, isIndexableScalar, isPlainObject, keyOf, valuesAtPath } from './values'

export type SortSpec = Record<string, 1 | -1>

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
  /** Candidate document keys when an index is used (in the sort's order when `sort` is 'index'). */
  keys: Iterable<string> | null
  /** Upper bound of candidates examined, for explain output. */
  estimate: number
  /**
   * How the answer is ordered: no sort asked, by walking `index` in order (stopping once the page
   * is full), or by sorting every match in memory.
   */
  sort: 'none' | 'index' | 'memory'
  /** Documents sorted in memory, once the query ran (0 unless `sort` is 'memory'). */
  sorted: number
  /** Index entries an ordered walk visited, once the query ran. */
  walked: number
  /** Why no declared index could walk the sort (when `sort` is 'memory'). */
  reason?: string
  /** The walk itself (`sort` 'index'). */
  scan?: OrderedScan
}

/** A query that sorted more documents in memory than the limit allows. */
export interface FullSort {
  collection: string
  query: Doc
  sort: SortSpec
  sorted: number
  reason: string
}

/**
 * In-memory sorts above `max` documents are recorded in `seen` — or refused with an error when
 * `refuse` (tests, via test/support/env.ts): an app list query must be walkable by an index, as
 * CloudBase would otherwise sort every match too.
 */
export interface SortLimit {
  max: number
  refuse: boolean
  seen: FullSort[]
}

/** Above this many equality-prefix combinations ($in × $in) an ordered walk is not attempted. */
const MAX_ORDERED_BLOCKS = 64
/** An ordered walk may visit up to this many times the equality plan's candidates and still win. */
const ORDERED_WALK_FACTOR = 8

export class IndexSet {
  private readonly indexes: SecondaryIndex[]
  private readonly ordered: OrderedIndex[]
  private enabled: boolean
  readonly sortLimit: SortLimit | null
  /** Told of every find's plan once it ran (bench/explain.ts). */
  observer: ((query: Doc, plan: QueryPlan) => void) | null = null

  constructor(specs: IndexSpec[], enabled = true, sortLimit: SortLimit | null = null) {
    this.indexes = specs.map((s) => new SecondaryIndex(s))
    this.ordered = specs.map((s) => new OrderedIndex(s))
    this.enabled = enabled
    this.sortLimit = sortLimit
  }

  get specs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec)
  }

  add(doc: Doc, docKey: string): void {
    for (const i of this.indexes) i.add(doc, docKey)
    for (const o of this.ordered) o.add(doc, docKey)
  }

  remove(doc: Doc, docKey: string): void {
    for (const i of this.indexes) i.remove(doc, docKey)
    for (const o of this.ordered) o.remove(doc, docKey)
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
    // The equality index has refused parallel arrays by now, so these cannot throw.
    for (const o of this.ordered) o.add(doc, docKey)
  }

  clear(): void {
    for (const i of this.indexes) i.clear()
    for (const o of this.ordered) o.clear()
  }

  /**
   * Builds every ordered index not built yet in one pass over the documents: a first sorted query
   * decodes each (packed) document once, not once per index it weighs.
   */
  buildOrdered(docs: Iterable<[string, { doc: Doc }]>): void {
    const builders = this.ordered.filter((o) => !o.built).map((o) => o.builder())
    if (builders.length === 0) return
    for (const [key, e] of docs) {
      const doc = e.doc
      for (const b of builders) b.add(doc, key)
    }
    for (const b of builders) b.finish()
  }

  /**
   * Picks the narrowest candidate set among _id and the declared indexes whose leading field(s)
   * the query pins down with equality or $in. `docCount` is what a full scan would examine.
   */
  plan(query: Doc, docCount: number): QueryPlan {
    const eq = equalityConstraints(query)
    const idValues = eq.get('_id')
    if (idValues) {
      return unordered({ index: '_id', keys: idValues.map(keyOf), estimate: idValues.length })
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
    if (!best) return unordered({ index: null, keys: null, estimate: docCount })
    const sets = best.sets
    const keys: Iterable<string> = sets.length === 1 ? sets[0] : unionOf(sets)
    return unordered({ index: best.name, keys, estimate: best.size })
  }

  /**
   * A plan for a sorted query: an ordered walk of a declared index whose leading fields the query
   * pins with equality / $in and whose next fields are the sort's (all in the declared directions
   * or all reversed), when it examines at most ORDERED_WALK_FACTOR × what the equality plan would;
   * otherwise the equality plan, sorted in memory, with the reason.
   */
  planSorted(
    query: Doc,
    sort: SortSpec,
    docs: {
      readonly size: number
      get(key: string): { ord: number } | undefined
    } & Iterable<[string, { doc: Doc }]>,
  ): QueryPlan {
    const fallback = this.plan(query, docs.size)
    const memory = (reason: string): QueryPlan => ({ ...fallback, sort: 'memory', reason })
    if (fallback.index === '_id') return memory('_id lookup')
    if (!this.enabled) return memory('indexes off')
    const sortFields = Object.keys(sort)
    if (sortFields.length === 0 || sortFields.some((f) => sort[f] !== 1 && sort[f] !== -1)) {
      return memory('no sort to walk')
    }
    const eq = equalityConstraints(query)
    let best: { o: OrderedIndex; at: number; prefixes: unknown[][]; forward: boolean; size: number } | null =
      null
    let why = `no declared index has the equality fields then ${sortFields.join(', ')}`
    for (let n = 0; n < this.indexes.length; n++) {
      const spec = this.indexes[n].spec
      const at = spec.fields.indexOf(sortFields[0])
      if (at < 0 || at + sortFields.length > spec.fields.length) continue
      const flip = sort[sortFields[0]] * spec.directions[at]
      if (
        !sortFields.every((f, i) => spec.fields[at + i] === f && sort[f] * spec.directions[at + i] === flip)
      ) {
        continue
      }
      const values: unknown[][] = []
      let combos = 1
      for (const f of spec.fields.slice(0, at)) {
        const vals = eq.get(f)
        combos *= vals?.length ?? Infinity
        if (!vals || combos > MAX_ORDERED_BLOCKS) break
        values.push(vals)
      }
      if (values.length < at) {
        why = `${spec.name}: the query does not pin ${spec.fields.slice(0, at).join(', ')} by equality`
        continue
      }
      const size =
        at === 0
          ? docs.size
          : this.indexes[n]
              .lookup(values.map((vs) => Array.from(new Set(vs.map(keyOf)))))
              .reduce((k, set) => k + set.size, 0)
      if (best && size >= best.size) continue
      const o = this.ordered[n]
      if (!o.built) this.buildOrdered(docs)
      if (!o.plainFields(at, at + sortFields.length)) {
        why = `${spec.name}: a document holds an array or object in ${sortFields.join(', ')}`
        continue
      }
      best = { o, at, prefixes: combinationsOf(values), forward: flip === 1, size }
    }
    if (!best) return memory(why)
    if (best.size > ORDERED_WALK_FACTOR * fallback.estimate) {
      return memory(
        `${best.o.spec.name} would walk ${best.size}, ${fallback.index ?? 'a scan'} examines ${fallback.estimate}`,
      )
    }
    const { o, at, prefixes, forward } = best
    const range = rangeOn(query, o.spec.fields[at])
    const scan = o.scan(
      prefixes.map((p) => p.map((v) => boundValue(v) ?? null)),
      range?.range ?? null,
      range?.rank ?? 0,
      forward,
      sortFields.length,
      (key) => docs.get(key)?.ord ?? 0,
    )
    return {
      index: o.spec.name,
      keys: scan.keys,
      estimate: best.size,
      sort: 'index',
      sorted: 0,
      walked: 0,
      scan,
    }
  }
}

function unordered(p: Pick<QueryPlan, 'index' | 'keys' | 'estimate'>): QueryPlan {
  return { ...p, sort: 'none', sorted: 0, walked: 0 }
}

function combinationsOf(values: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]]
  for (const vs of values) out = out.flatMap((p) => vs.map((v) => [...p, v]))
  return out
}

type Ranged = { range: FieldRange; rank: number }

/**
 * The values of `field` every matching document lies within, from $gt/$gte/$lt/$lte/$eq on it at
 * the top level, in $and, and in an $or whose every branch bounds it (the paging cursor's
 * `$or: [{ f: $lt x }, { f: x, _id: $lt id }]`); null when nothing bounds it plainly.
 */
export function rangeOn(query: Doc, field: string): Ranged | null {
  let acc: Ranged | null = null
  let conflict = false
  const meet = (r: Ranged | null) => {
    if (!r || conflict) return
    if (!acc) acc = { rank: r.rank, range: { ...r.range } }
    else if (acc.rank !== r.rank) conflict = true
    else acc.range = intersect(acc.range, r.range)
  }
  const visit = (q: Doc) => {
    for (const [k, cond] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(cond)) {
        for (const sub of cond) if (isPlainObject(sub)) visit(sub)
      } else if (k === '$or' && Array.isArray(cond) && cond.length > 0) {
        const branches = cond.map((b) => (isPlainObject(b) ? rangeOn(b, field) : null))
        if (branches.every((b) => b !== null && b.rank === branches[0]?.rank)) {
          meet({ rank: branches[0]!.rank, range: branches.map((b) => b!.range).reduce(hull) })
        }
      } else if (k === field) {
        meet(conditionRange(cond))
      }
    }
  }
  visit(query)
  return conflict ? null : acc
}

function conditionRange(cond: unknown): Ranged | null {
  const direct = boundValue(cond)
  if (direct !== undefined && !isPlainObject(cond)) {
    return {
      rank: sortRank(direct),
      range: { lo: { value: direct, inclusive: true }, hi: { value: direct, inclusive: true } },
    }
  }
  if (!isPlainObject(cond)) return null
  let out: Ranged | null = null
  for (const [op, raw] of Object.entries(cond)) {
    const v = boundValue(raw)
    let r: FieldRange | null = null
    if (op === '$eq' && v !== undefined)
      r = { lo: { value: v, inclusive: true }, hi: { value: v, inclusive: true } }
    else if (op === '$gt' && v !== undefined) r = { lo: { value: v, inclusive: false } }
    else if (op === '$gte' && v !== undefined) r = { lo: { value: v, inclusive: true } }
    else if (op === '$lt' && v !== undefined) r = { hi: { value: v, inclusive: false } }
    else if (op === '$lte' && v !== undefined) r = { hi: { value: v, inclusive: true } }
    if (!r || v === undefined) continue
    const rank = sortRank(v)
    if (out && out.rank !== rank) return null
    out = { rank, range: out ? intersect(out.range, r) : r }
  }
  return out
}

type End = { value: unknown; inclusive: boolean }

function tighter(a: End | undefined, b: End | undefined, low: boolean): End | undefined {
  if (!a) return b
  if (!b) return a
  const c = compareSortValues(a.value as never, b.value as never)
  if (c === 0) return a.inclusive ? b : a
  return (low ? c > 0 : c < 0) ? a : b
}

function looser(a: End | undefined, b: End | undefined, low: boolean): End | undefined {
  if (!a || !b) return undefined
  const c = compareSortValues(a.value as never, b.value as never)
  if (c === 0) return a.inclusive ? a : b
  return (low ? c < 0 : c > 0) ? a : b
}

function intersect(a: FieldRange, b: FieldRange): FieldRange {
  return {
    lo: tighter(a.lo, b.lo, true) as FieldRange['lo'],
    hi: tighter(a.hi, b.hi, false) as FieldRange['hi'],
  }
}

function hull(a: FieldRange, b: FieldRange): FieldRange {
  return {
    lo: looser(a.lo, b.lo, true) as FieldRange['lo'],
    hi: looser(a.hi, b.hi, false) as FieldRange['hi'],
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
      // An $or of one branch is that branch (the app's scopes: `_.or([scope])`).
      if (
        (field === '$and' || (field === '$or' && Array.isArray(cond) && cond.length === 1)) &&
        Array.isArray(cond)
      ) {
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
