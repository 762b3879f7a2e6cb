/**
 * Ordered index scans (local/tcb/ordered.ts) must give the answer a full scan + in-memory sort
 * gives — same documents, same order, ties in insertion order — for any data, any query the
 * planner may walk an index for, any sort, skip and limit, and after writes, deletions and commits
 * of transactions while snapshots are open.
 */
import fc from 'fast-check'
import { parseDeclaration } from '../../config/database'
import * as ops from '../../local/tcb/operations'
import { IndexSet } from '../../local/tcb/indexes'
import { Store } from '../../local/tcb/store'
import { TransactionManager } from '../../local/tcb/transactions'
import type { Doc } from '../../local/tcb/values'

const declaration = parseDeclaration(
  {
    database: {
      collections: [
        {
          name: 'cc',
          indexes: [
            {
              name: 'g_s_t_id',
              keys: [
                { name: 'g', direction: '1' },
                { name: 's', direction: '1' },
                { name: 't', direction: '-1' },
                { name: '_id', direction: '-1' },
              ],
            },
            {
              name: 'tags_t',
              keys: [
                { name: 'tags', direction: '1' },
                { name: 't', direction: '1' },
              ],
            },
            {
              name: 'o.p_n',
              keys: [
                { name: 'o.p', direction: '1' },
                { name: 'n', direction: '-1' },
              ],
            },
          ],
        },
      ],
    },
  },
  'test',
)

const dates = [0, 1000, 2000, 3000].map((t) => new Date(t))
const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'z', '1', ''),
  fc.constantFrom(1, 2, 1.5, -1, 0),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...dates),
)
const group = fc.constantFrom('g1', 'g2', 'g3')
const doc = fc.record(
  {
    g: fc.oneof({ weight: 5, arbitrary: group }, { weight: 1, arbitrary: scalar }),
    s: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('open', 'done') }, { weight: 1, arbitrary: scalar }),
    t: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...dates) }, { weight: 2, arbitrary: scalar }),
    n: scalar,
    tags: fc.oneof(fc.array(group, { maxLength: 3 }), group),
    o: fc.oneof(fc.record({ p: group }), scalar),
  },
  { requiredKeys: [] },
)
/** Sometimes a document holds an array where a sort reads (the index then must not walk it). */
const oddDoc = fc.oneof(
  { weight: 9, arbitrary: doc },
  { weight: 1, arbitrary: fc.record({ t: fc.array(scalar, { maxLength: 2 }) }) },
)

const eqOf = (f: string, vals: fc.Arbitrary<unknown>) =>
  fc.oneof(
    vals.map((v) => ({ [f]: v })),
    fc.array(vals, { minLength: 1, maxLength: 3 }).map((vs) => ({ [f]: { $in: vs } })),
  )
const rangeOp = fc.constantFrom('$lt', '$lte', '$gt', '$gte')
const cursor = fc
  .tuple(fc.constantFrom(...dates), fc.integer({ min: 0, max: 30 }), rangeOp)
  .map(([at, i, op]) => ({
    $or: [
      { t: { [op]: at } },
      { t: at, _id: { [op === '$lt' || op === '$lte' ? '$lt' : '$gt']: `d${String(i).padStart(2, '0')}` } },
    ],
  }))
const tRange = fc.oneof(
  fc.tuple(rangeOp, fc.oneof(fc.constantFrom(...dates), scalar)).map(([op, v]) => ({ t: { [op]: v } })),
  cursor,
)
const parts = fc.array(
  fc.oneof(
    eqOf('g', fc.oneof(group, scalar)),
    eqOf('s', fc.constantFrom('open', 'done', 1)),
    eqOf('tags', group),
    eqOf('o.p', group),
    tRange,
    fc.constant({ n: { $ne: 2 } }),
  ),
  { maxLength: 4 },
)
const query = parts.map((ps): Doc => (ps.length === 1 ? ps[0] : { $and: ps.length ? ps : [{}] }))
const sort = fc.constantFrom<Record<string, 1 | -1>>(
  { t: -1, _id: -1 },
  { t: 1, _id: 1 },
  { t: -1 },
  { t: 1 },
  { s: 1, t: -1 },
  { s: -1, t: 1, _id: 1 },
  { n: -1 },
  { n: 1 },
  { t: 1, _id: -1 },
  { _id: -1 },
)
const page = fc.record(
  { skip: fc.integer({ min: 0, max: 5 }), limit: fc.integer({ min: 1, max: 8 }) },
  { requiredKeys: [] },
)

function build(docs: object[], useIndexes: boolean): Store {
  const store = new Store(declaration, { useIndexes })
  if (docs.length > 0)
    ops.insert(
      store,
      'cc',
      docs.map((d, i) => ({ _id: `d${String(i).padStart(2, '0')}`, ...d })),
    )
  return store
}

const ids = (s: Store, q: Doc, opts: object) => ops.find(s, 'cc', q, opts).entries.map((e) => e.doc._id)

it('an ordered walk gives what a full scan + sort gives, and is used', () => {
  let walked = 0
  fc.assert(
    fc.property(fc.array(oddDoc, { maxLength: 30 }), query, sort, page, (docs, q, s, p) => {
      const indexed = build(docs, true)
      const opts = { sort: s, ...p }
      expect(ids(indexed, q, opts)).toEqual(ids(build(docs, false), q, opts))
      if (ops.find(indexed, 'cc', q, opts).plan.sort === 'index') walked++
    }),
    { numRuns: 1500 },
  )
  // The property would hold trivially if the planner never walked an index.
  expect(walked).toBeGreaterThan(100)
})

it('stays equal across writes, deletions and transactions, with snapshots open', () => {
  const write = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), i: fc.integer({ min: 0, max: 25 }), doc }),
    fc.record({ kind: fc.constant('del' as const), i: fc.integer({ min: 0, max: 25 }) }),
    fc.record({
      kind: fc.constant('tx' as const),
      i: fc.integer({ min: 0, max: 25 }),
      doc,
      commit: fc.boolean(),
    }),
  )
  fc.assert(
    fc.property(
      fc.array(doc, { maxLength: 20 }),
      fc.array(write, { maxLength: 12 }),
      query,
      sort,
      page,
      (docs, writes, q, s, p) => {
        const opts = { sort: s, ...p }
        const sides = [build(docs, true), build(docs, false)].map((st) => ({
          st,
          txm: new TransactionManager(st),
          held: st.holdSnapshot(),
          open: [] as string[],
        }))
        // Built before the writes, so they go through the index's updates, not its first build.
        ops.find(sides[0].st, 'cc', q, opts)
        for (const w of writes) {
          const id = `d${String(w.i).padStart(2, '0')}`
          for (const { st, txm, open } of sides) {
            if (w.kind === 'put') {
              ops.modify(st, 'cc', {
                query: { _id: id },
                data: w.doc,
                multi: false,
                merge: false,
                upsert: true,
              })
            } else if (w.kind === 'del') {
              ops.remove(st, 'cc', { _id: id }, false)
            } else {
              const tx = txm.start(0)
              try {
                txm.modify(tx, 'cc', id, w.doc, false, true, 0)
              } catch {
                // Another open transaction holds the document: same on both sides.
                txm.abort(tx, 0)
                continue
              }
              if (w.commit) txm.commit(tx, 0)
              else open.push(tx)
            }
          }
        }
        // Snapshots open, uncommitted writes buffered: neither is seen outside.
        expect(ids(sides[0].st, q, opts)).toEqual(ids(sides[1].st, q, opts))
        for (const { st, txm, held, open } of sides) {
          for (const tx of open) {
            try {
              txm.commit(tx, 0)
            } catch {
              // A document it wrote changed outside since it started: a conflict on both sides.
            }
          }
          st.releaseSnapshot(held)
          txm.close()
        }
        expect(ids(sides[0].st, q, opts)).toEqual(ids(sides[1].st, q, opts))
      },
    ),
    { numRuns: 500 },
  )
})

test('a first sorted query builds every ordered index of the collection in one pass: each document read once', () => {
  const specs = declaration.collections.get('cc') ?? []
  expect(specs.length).toBeGreaterThan(1)
  const set = new IndexSet(specs)
  let reads = 0
  const stored = Array.from({ length: 50 }, (_, i): [string, { ord: number; doc: Doc }] => {
    const d: Doc = {
      _id: `d${i}`,
      g: `g${i % 3}`,
      s: 'open',
      t: new Date(i * 1000),
      tags: ['g1'],
      o: { p: 'g2' },
      n: i,
    }
    set.add(d, `d${i}`)
    return [
      `d${i}`,
      {
        ord: i,
        get doc() {
          reads++
          return d
        },
      },
    ]
  })
  const docs = {
    size: stored.length,
    get: (k: string) => stored.find(([key]) => key === k)?.[1],
    [Symbol.iterator]: () => stored[Symbol.iterator](),
  }
  const first = set.planSorted({ g: 'g1', s: 'open' }, { t: -1, _id: -1 }, docs)
  expect(first.sort).toBe('index')
  expect(reads).toBe(stored.length)
  // The other indexes were built in the same pass: their first walks read nothing more.
  expect(set.planSorted({ tags: 'g1' }, { t: 1 }, docs).sort).toBe('index')
  expect(set.planSorted({ 'o.p': 'g2' }, { n: -1 }, docs).sort).toBe('index')
  expect(reads).toBe(stored.length)
})
