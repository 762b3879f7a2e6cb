/**
 * Index-backed answers must equal full-scan answers, for any data and any query the planner
 * might pick an index for (equality, $in, $and, arrays, nested paths, mixed types).
 */
import fc from 'fast-check'
import { parseDeclaration } from '../../config/database'
import * as ops from '../../local/tcb/operations'
import { countMatches } from '../../local/tcb/query'
import { Store } from '../../local/tcb/store'

const declaration = parseDeclaration(
  {
    database: {
      collections: [
        {
          name: 'cc',
          indexes: [
            {
              name: 'a_b',
              keys: [
                { name: 'a', direction: '1' },
                { name: 'b', direction: '-1' },
              ],
            },
            { name: 'tags', keys: [{ name: 'tags', direction: '1' }] },
            { name: 'nested', keys: [{ name: 'o.p', direction: '1' }] },
          ],
        },
      ],
    },
  },
  'test',
)

const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'z', '1'),
  fc.constantFrom(1, 2, 1.5),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(new Date(0), new Date(1000)),
)

const doc = fc.record(
  {
    a: scalar,
    b: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })),
    tags: fc.array(scalar, { maxLength: 3 }),
    o: fc.oneof(fc.record({ p: scalar }), fc.array(fc.record({ p: scalar }), { maxLength: 2 }), scalar),
  },
  { requiredKeys: [] },
)

const cond = fc.oneof(
  scalar,
  fc.record({ $in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
  fc.record({ $eq: scalar }),
)
const field = fc.constantFrom('a', 'b', 'tags', 'o.p')
const query = fc.oneof(
  fc.dictionary(field, cond, { maxKeys: 3 }),
  fc.dictionary(field, cond, { maxKeys: 2 }).map((q) => ({ $and: [q, { a: { $ne: 'never' } }] })),
)

function build(docs: object[], useIndexes: boolean): Store {
  const store = new Store(declaration, { useIndexes })
  if (docs.length > 0)
    ops.insert(
      store,
      'cc',
      docs.map((d, i) => ({ _id: `d${i}`, ...d })),
    )
  return store
}

it('index-backed find and count equal a full scan', () => {
  fc.assert(
    fc.property(fc.array(doc, { maxLength: 40 }), query, (docs, q) => {
      const indexed = build(docs, true)
      const scanned = build(docs, false)
      const ids = (s: Store) => ops.find(s, 'cc', q, {}).entries.map((e) => e.doc._id)
      expect(ids(indexed)).toEqual(ids(scanned))
      expect(countMatches(indexed.read('cc'), q)).toBe(countMatches(scanned.read('cc'), q))
    }),
    { numRuns: 400 },
  )
})

it('stays equal after updates and removals move documents between keys', () => {
  fc.assert(
    fc.property(fc.array(doc, { minLength: 1, maxLength: 30 }), doc, query, (docs, replacement, q) => {
      const stores = [build(docs, true), build(docs, false)]
      for (const s of stores) {
        ops.modify(s, 'cc', {
          query: { _id: 'd0' },
          data: replacement,
          multi: false,
          merge: false,
          upsert: false,
        })
        ops.remove(s, 'cc', { _id: `d${docs.length - 1}` }, false)
      }
      const [a, b] = stores.map((s) => ops.find(s, 'cc', q, {}).entries.map((e) => e.doc._id))
      expect(a).toEqual(b)
    }),
    { numRuns: 300 },
  )
})
