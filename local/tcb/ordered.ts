/**
 * Ordered index scans: a declared index kept as a sorted list of its keys (in the declared
 * directions), so that a query whose equality fields are the index's leading fields and whose
 * sort fields come next (all in the declared directions, or all reversed) is answered by walking
 * the list in order and stopping once skip + limit documents matched — as MongoDB, under
 * CloudBase, walks a compound index. Keyset pages (`createdAt: _.lt(x)`, also inside the paging
 * `$or`) start the walk at the bound instead of the block's start.
 *
 * The answer must be the one a full scan + sort gives (query.ts sortEntries, mingo's sort):
 * - values order as mingo orders them: missing = null < numbers < strings < booleans < dates;
 * - equal sort keys come in insertion order (`ord`), in either direction (mingo's sort is stable
 *   and reverses the key order, not the ties);
 * - a field whose value is an array, an object or another BSON value in any document sorts by
 *   rules (min/max element, mingo's cross-type compare) this list does not reproduce, so while one
 *   document holds such a value in a sort field, the index does not serve that sort.
 * The list is built on the first query that can use it, then kept up to date with every write.
 */
import type { IndexSpec } from '../../config/database'
import { type Doc, isPlainObject, keyOf, valuesAtPath } from './values'

/** A value this list cannot order as mingo does; it still groups equal values for equality. */
class Irregular {
  constructor(readonly key: string) {}
}

type SortValue = null | number | string | boolean | Date | Irregular

const RANK_NULL = 2
const RANK_NUMBER = 3
const RANK_STRING = 4
const RANK_BOOLEAN = 9
const RANK_DATE = 10
const RANK_IRREGULAR = 20

/** A value's place among the types mingo's sort orders (MongoDB's order of BSON types). */
export function sortRank(v: SortValue): number {
  if (v === null) return RANK_NULL
  switch (typeof v) {
    case 'number':
      return RANK_NUMBER
    case 'string':
      return RANK_STRING
    case 'boolean':
      return RANK_BOOLEAN
    default:
      return v instanceof Date ? RANK_DATE : RANK_IRREGULAR
  }
}

function cmpPrim(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** mingo's order on the values kept here (util compare, the SORT_ORDER of its types). */
export function compareSortValues(a: SortValue, b: SortValue): number {
  const ra = sortRank(a)
  const rb = sortRank(b)
  if (ra !== rb) return ra - rb
  switch (ra) {
    case RANK_NULL:
      return 0
    case RANK_NUMBER:
    case RANK_STRING:
      return cmpPrim(a as number | string, b as number | string)
    case RANK_BOOLEAN:
      return Number(a) - Number(b)
    case RANK_DATE:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime())
    default:
      return cmpPrim((a as Irregular).key, (b as Irregular).key)
  }
}

/** A value as a sort reads it, when mingo's sort orders it by the simple rules above. */
function plainSortValue(v: unknown): SortValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isNaN(v) ? new Irregular(keyOf(v)) : v === 0 ? 0 : v
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v
  return new Irregular(keyOf(v))
}

/** What a sort on `path` reads from the document: null when missing, Irregular through an array. */
function sortValueAt(doc: Doc, path: string): SortValue {
  let cur: unknown = doc
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) return new Irregular('array')
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return null
    cur = cur[part]
  }
  if (Array.isArray(cur)) return new Irregular('array')
  return plainSortValue(cur)
}

/** Scalars a range or an equality on an index field may be given in (the rest plan no range). */
export function boundValue(v: unknown): SortValue | undefined {
  const s = plainSortValue(v)
  return s === null || s instanceof Irregular ? undefined : s
}

export interface OrderedEntry {
  readonly v: SortValue[]
  readonly key: string
}

const CHUNK = 512

/** A sorted list in chunks (insert and remove cost O(log n + CHUNK), not O(n)). */
class SortedList {
  private chunks: OrderedEntry[][] = []
  constructor(private readonly cmp: (a: OrderedEntry, b: OrderedEntry) => number) {}

  get size(): number {
    let n = 0
    for (const c of this.chunks) n += c.length
    return n
  }

  load(sorted: OrderedEntry[]): void {
    this.chunks = []
    for (let i = 0; i < sorted.length; i += CHUNK) this.chunks.push(sorted.slice(i, i + CHUNK))
  }

  private chunkFor(e: OrderedEntry): number {
    let lo = 0
    let hi = this.chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const c = this.chunks[mid]
      if (this.cmp(c[c.length - 1], e) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private indexIn(chunk: OrderedEntry[], e: OrderedEntry): number {
    let lo = 0
    let hi = chunk.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cmp(chunk[mid], e) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(e: OrderedEntry): void {
    if (this.chunks.length === 0) {
      this.chunks.push([e])
      return
    }
    const ci = this.chunkFor(e)
    const chunk = this.chunks[ci]
    chunk.splice(this.indexIn(chunk, e), 0, e)
    if (chunk.length > 2 * CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(CHUNK))
  }

  remove(e: OrderedEntry): void {
    if (this.chunks.length === 0) return
    const ci = this.chunkFor(e)
    const chunk = this.chunks[ci]
    const i = this.indexIn(chunk, e)
    if (i < chunk.length && chunk[i].key === e.key && this.cmp(chunk[i], e) === 0) chunk.splice(i, 1)
    if (chunk.length === 0) this.chunks.splice(ci, 1)
  }

  /** Position of the first entry for which `after` holds (`after` false, then true, along the list). */
  firstWhere(after: (e: OrderedEntry) => boolean): number {
    // Positions are global (chunk offsets summed); lists are walked a page at a time, so fine.
    let base = 0
    for (const c of this.chunks) {
      if (after(c[c.length - 1])) {
        let lo = 0
        let hi = c.length - 1
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (after(c[mid])) hi = mid
          else lo = mid + 1
        }
        return base + lo
      }
      base += c.length
    }
    return base
  }

  /** Entries from position `from` (inclusive) to `to` (exclusive), forward or backward. */
  *walk(from: number, to: number, forward: boolean): Generator<OrderedEntry> {
    if (from >= to) return
    let ci = 0
    let base = 0
    const start = forward ? from : to - 1
    while (ci < this.chunks.length && base + this.chunks[ci].length <= start) base += this.chunks[ci++].length
    let i = start - base
    let left = to - from
    while (left > 0 && ci >= 0 && ci < this.chunks.length) {
      const c = this.chunks[ci]
      yield c[i]
      left--
      if (forward) {
        if (++i >= c.length) {
          ci++
          i = 0
        }
      } else if (--i < 0) {
        ci--
        if (ci >= 0) i = this.chunks[ci].length - 1
      }
    }
  }
}

/** A bound of a range on one field: a value, or the first/last place of a type's values. */
type Bound = { value: SortValue; inclusive: boolean } | { edge: number; end: boolean }

export interface FieldRange {
  lo?: { value: SortValue; inclusive: boolean }
  hi?: { value: SortValue; inclusive: boolean }
}

function cmpToBound(v: SortValue, b: Bound): number {
  if ('edge' in b) {
    const r = sortRank(v)
    if (r !== b.edge) return r - b.edge
    return b.end ? -1 : 1
  }
  return compareSortValues(v, b.value)
}

export interface OrderedScan {
  /** Candidates in the sort's order (ties in insertion order), each document once. */
  keys: Iterable<string>
  /** Index entries the walk visited so far (for explain): grows as the scan is consumed. */
  visited(): number
}

export class OrderedIndex {
  readonly spec: IndexSpec
  private list: SortedList | null = null
  /** Per field: how many documents hold a value there the list cannot order (arrays, objects…). */
  private irregular: number[]
  private readonly dirs: Array<1 | -1>

  constructor(spec: IndexSpec) {
    this.spec = spec
    this.dirs = spec.fields.map((_f, i) => (spec.directions[i] === -1 ? -1 : 1))
    this.irregular = spec.fields.map(() => 0)
  }

  get built(): boolean {
    return this.list !== null
  }

  private readonly cmp = (a: OrderedEntry, b: OrderedEntry): number => {
    for (let i = 0; i < this.dirs.length; i++) {
      const c = compareSortValues(a.v[i], b.v[i])
      if (c !== 0) return c * this.dirs[i]
    }
    return cmpPrim(a.key, b.key)
  }

  /**
   * One entry per key combination, as the equality index has (a multikey field contributes one per
   * distinct element); `irregularFields` says which fields a sort could not read plainly.
   */
  private entriesOf(doc: Doc, key: string): { entries: OrderedEntry[]; irregular: boolean[] } {
    const irregular: boolean[] = []
    const perField = this.spec.fields.map((f, i) => {
      const plain = sortValueAt(doc, f)
      irregular[i] = plain instanceof Irregular
      if (!irregular[i]) return [plain]
      const vals = valuesAtPath(doc, f)
      if (vals.length === 0) return [null]
      const seen = new Map<string, SortValue>()
      for (const v of vals) seen.set(keyOf(v), plainSortValue(v))
      return Array.from(seen.values())
    })
    const entries: OrderedEntry[] = []
    const combine = (i: number, acc: SortValue[]) => {
      if (i === perField.length) {
        entries.push({ v: acc.slice(), key })
        return
      }
      for (const v of perField[i]) {
        acc.push(v)
        combine(i + 1, acc)
        acc.pop()
      }
    }
    combine(0, [])
    return { entries, irregular }
  }

  add(doc: Doc, key: string): void {
    if (!this.list) return
    const { entries, irregular } = this.entriesOf(doc, key)
    irregular.forEach((x, i) => x && this.irregular[i]++)
    for (const e of entries) this.list.insert(e)
  }

  remove(doc: Doc, key: string): void {
    if (!this.list) return
    const { entries, irregular } = this.entriesOf(doc, key)
    irregular.forEach((x, i) => x && this.irregular[i]--)
    for (const e of entries) this.list.remove(e)
  }

  /** Builds the list from the collection's documents (first use). */
  build(docs: Iterable<[string, { doc: Doc }]>): void {
    const b = this.builder()
    for (const [key, e] of docs) b.add(e.doc, key)
    b.finish()
  }

  /**
   * The same in steps, so that one pass over the documents (each decoded once) can feed every
   * ordered index of a collection: add each document, then finish.
   */
  builder(): { add(doc: Doc, key: string): void; finish(): void } {
    const all: OrderedEntry[] = []
    const irregularCounts = this.spec.fields.map(() => 0)
    return {
      add: (doc, key) => {
        const { entries, irregular } = this.entriesOf(doc, key)
        irregular.forEach((x, i) => x && irregularCounts[i]++)
        for (const en of entries) all.push(en)
      },
      finish: () => {
        all.sort(this.cmp)
        this.irregular = irregularCounts
        this.list = new SortedList(this.cmp)
        this.list.load(all)
      },
    }
  }

  clear(): void {
    this.list = null
    this.irregular = this.spec.fields.map(() => 0)
  }

  /** Whether fields [from, to) are plain in every document (a sort on them can be walked). */
  plainFields(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.irregular[i] > 0) return false
    return true
  }

  /**
   * Walks the blocks of the given equality prefixes (one per combination of their values), on field
   * `at` = prefixes' length in `range`, in index order (`forward`) or reversed, merged by the `sortLen`
   * fields from `at` on; equal keys come in insertion order and a document only once.
   */
  scan(
    prefixes: SortValue[][],
    range: FieldRange | null,
    rangeRank: number,
    forward: boolean,
    sortLen: number,
    ordOf: (key: string) => number,
  ): OrderedScan {
    const list = this.list
    if (!list) throw new Error(`ordered index ${this.spec.name} not built`)
    const at = prefixes[0]?.length ?? 0
    const dir = this.dirs[at]
    const cmpPrefix = (e: OrderedEntry, p: SortValue[]) => {
      for (let i = 0; i < p.length; i++) {
        const c = compareSortValues(e.v[i], p[i])
        if (c !== 0) return c * this.dirs[i]
      }
      return 0
    }
    // The range in the list's order: for a descending field its high end comes first.
    let start: Bound | null = null
    let end: Bound | null = null
    if (range) {
      const lo: Bound = range.lo ?? { edge: rangeRank, end: false }
      const hi: Bound = range.hi ?? { edge: rangeRank, end: true }
      start = dir === 1 ? lo : hi
      end = dir === 1 ? hi : lo
    }
    const inOrder = (v: SortValue, b: Bound) => cmpToBound(v, b) * dir
    const cursors = prefixes.map((p) => {
      const from = list.firstWhere((e) => {
        const c = cmpPrefix(e, p)
        if (c !== 0 || !start) return c >= 0
        const x = inOrder(e.v[at], start)
        return 'edge' in start || start.inclusive ? x >= 0 : x > 0
      })
      const to = list.firstWhere((e) => {
        const c = cmpPrefix(e, p)
        if (c !== 0 || !end) return c > 0
        const x = inOrder(e.v[at], end)
        return 'edge' in end || end.inclusive ? x > 0 : x >= 0
      })
      return list.walk(from, to, forward)
    })
    let visited = 0
    const sortCmp = (a: OrderedEntry, b: OrderedEntry) => {
      for (let i = at; i < at + sortLen; i++) {
        const c = compareSortValues(a.v[i], b.v[i]) * this.dirs[i]
        if (c !== 0) return forward ? c : -c
      }
      return 0
    }
    function* keys(): Generator<string> {
      const heads: Array<OrderedEntry | undefined> = cursors.map((c) => c.next().value ?? undefined)
      const nextOf = (): OrderedEntry | undefined => {
        let best = -1
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i]
          if (h && (best < 0 || sortCmp(h, heads[best] as OrderedEntry) < 0)) best = i
        }
        if (best < 0) return undefined
        const out = heads[best]
        heads[best] = cursors[best].next().value ?? undefined
        visited++
        return out
      }
      let pending = nextOf()
      while (pending) {
        // A run of equal sort keys, handed out in insertion order.
        const run: OrderedEntry[] = [pending]
        let next = nextOf()
        while (next && sortCmp(next, pending) === 0) {
          run.push(next)
          next = nextOf()
        }
        if (run.length > 1) run.sort((a, b) => ordOf(a.key) - ordOf(b.key))
        let last = ''
        for (const e of run) {
          if (e.key === last) continue
          last = e.key
          yield e.key
        }
        pending = next
      }
    }
    return { keys: keys(), visited: () => visited }
  }
}
