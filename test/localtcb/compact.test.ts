/**
 * The store holds each document packed (codec.ts packDoc: BSON bytes in a string) and decodes it per
 * read (store.ts Documents), so that a large community fits in memory (issue 21). What that must not
 * change: a document reads back exactly as written (every value type the store takes), a reader's
 * copy is its own, the indexes and transactions' snapshots still answer, and a restart keeps it all.
 */
import { ObjectId } from 'bson'
import { emptyDeclaration, parseDeclaration } from '../../config/database'
import { packDoc, unpackDoc } from '../../local/tcb/codec'
import * as ops from '../../local/tcb/operations'
import { startLocalTcb } from '../../local/tcb/server'
import { connectSdk } from '../../local/tcb/sdk'
import { Store } from '../../local/tcb/store'
import { TransactionManager } from '../../local/tcb/transactions'
import { deepEqual } from '../../local/tcb/values'
import { caught, TEST_CONFIG, tempDir, writeConfig } from './helpers'

process.env.SILENCE = 'true'

const AT = new Date('2026-03-01T08:30:00.000Z')

/** One of each kind of value a stored document can hold. */
function sample(id: string): Record<string, unknown> {
  return {
    _id: id,
    title: '楼道灯坏了，请帮忙 💡',
    n: 42,
    neg: -7,
    big: 2 ** 40,
    frac: 0.1 + 0.2,
    yes: true,
    none: null,
    at: AT,
    list: [1, 'two', [3, { four: 4 }], { at: AT }],
    nested: { a: { b: { c: '深' } } },
    'dotted.name': 'kept',
    empty: {},
    emptyList: [],
    oid: new ObjectId('64b7f0c2a1b2c3d4e5f60718'),
    re: /楼道/i,
  }
}

describe('packed documents in the store', () => {
  it('packing round-trips every value type, and a regex flag BSON cannot carry falls back to EJSON', () => {
    const doc = sample('p1')
    const back = unpackDoc(packDoc(doc))
    expect(deepEqual(back, doc)).toBe(true)
    expect(back.at).toBeInstanceOf(Date)
    expect((back.oid as ObjectId).toHexString()).toBe('64b7f0c2a1b2c3d4e5f60718')
    expect(Object.keys(back)).toEqual(Object.keys(doc))
    const dotAll = { _id: 'p2', re: /a.b/su }
    expect(packDoc(dotAll)[0]).toBe('e')
    expect((unpackDoc(packDoc(dotAll)).re as RegExp).flags).toBe('su')
    expect(packDoc(doc)[0]).toBe('b')
  })

  it('a read equals what was written, and each reader gets its own copy', () => {
    const store = new Store(emptyDeclaration(), { implicitCollections: true })
    const written = sample('d1')
    ops.insert(store, 'items', [written])
    // The writer's object is not the store's: changing it afterwards changes nothing stored.
    written.title = 'changed by the writer'
    ;(written.list as unknown[]).push('extra')
    const entry = store.read('items')!.get('d1')!
    expect(deepEqual(entry.doc, sample('d1'))).toBe(true)
    // Stable per Entry (the sort keys entries by their document), fresh per read.
    expect(entry.doc).toBe(entry.doc)
    const found = ops.find(store, 'items', { _id: 'd1' }, {}).entries[0].doc
    expect(found).not.toBe(entry.doc)
    found.title = 'changed by a reader'
    ;(found.nested as { a: { b: { c: string } } }).a.b.c = 'shallow'
    ;(found.list as unknown[]).length = 0
    ;(found.at as Date).setTime(0)
    expect(deepEqual(store.read('items')!.get('d1')!.doc, sample('d1'))).toBe(true)
  })

  it('indexes, unique checks, sorting and updates work over packed documents', () => {
    const declaration = parseDeclaration(TEST_CONFIG, 'test')
    const store = new Store(declaration)
    const day = (d: number) => new Date(Date.UTC(2026, 2, d))
    ops.insert(
      store,
      'requests',
      [1, 2, 3, 4, 5].map((d) => ({
        _id: `r${d}`,
        gridId: 'g1',
        status: d % 2 ? 'open' : 'done',
        createdAt: day(d),
      })),
    )
    const r = ops.find(
      store,
      'requests',
      { gridId: 'g1', status: 'open' },
      { sort: { createdAt: -1 }, limit: 2 },
    )
    expect(r.plan.index).toBe('gridId_status_createdAt')
    expect(r.entries.map((e) => e.doc._id)).toEqual(['r5', 'r3'])
    ops.modify(store, 'requests', {
      query: { _id: 'r5' },
      data: { status: 'done' },
      merge: true,
      multi: false,
      upsert: false,
    })
    expect(
      ops.find(store, 'requests', { gridId: 'g1', status: 'open' }, {}).entries.map((e) => e.doc._id),
    ).toEqual(['r1', 'r3'])
    ops.insert(store, 'users', [{ _id: 'u1', openid: 'o-1' }])
    expect(() => ops.insert(store, 'users', [{ _id: 'u2', openid: 'o-1' }])).toThrow(/duplicate key/)
    expect(store.read('users')!.docs.size).toBe(1)
  })

  it('a transaction still reads its snapshot after a later commit replaced the document', () => {
    const store = new Store(emptyDeclaration(), { implicitCollections: true })
    const txm = new TransactionManager(store)
    try {
      const t0 = Date.UTC(2026, 2, 1)
      ops.insert(store, 'items', [{ _id: 'h1', v: 1, at: AT }])
      const tx = txm.start(t0)
      ops.modify(store, 'items', {
        query: { _id: 'h1' },
        data: { v: 2 },
        merge: true,
        multi: false,
        upsert: false,
      })
      ops.remove(store, 'items', { _id: 'h1' }, false)
      expect(store.read('items')!.get('h1')).toBeUndefined()
      const seen = txm.get(tx, 'items', 'h1', t0 + 1)
      expect(seen).toEqual({ _id: 'h1', v: 1, at: AT })
      expect(txm.find(tx, 'items', { v: 1 }, {}, t0 + 1)).toEqual([{ _id: 'h1', v: 1, at: AT }])
      txm.abort(tx, t0 + 2)
      expect(store.historySize).toBe(0)
    } finally {
      txm.close()
    }
  })

  it('a restart keeps every document, value for value, with its indexes and natural order', async () => {
    const dir = tempDir()
    const configPath = writeConfig(dir)
    const dataDir = `${dir}/data`
    const first = await startLocalTcb({ port: 0, dataDir, indexConfigPath: configPath })
    const docs = [sample('k3'), sample('k1'), sample('k2')]
    ops.insert(first.store, 'items', docs)
    const db1 = connectSdk(first.url).database()
    await db1.collection('users').add({ _id: 'u1', openid: 'o-1', name: '王阿姨' })
    await db1.collection('requests').add({ _id: 'q1', gridId: 'g1', status: 'open', createdAt: AT })
    await first.close()

    const second = await startLocalTcb({ port: 0, dataDir, indexConfigPath: configPath })
    try {
      expect(second.loadReport!.docs).toBe(5)
      const items = second.store.read('items')!
      expect(ops.find(second.store, 'items', {}, {}).entries.map((e) => e.doc._id)).toEqual([
        'k3',
        'k1',
        'k2',
      ])
      for (const d of docs) expect(deepEqual(items.get(d._id)!.doc, d)).toBe(true)
      const db2 = connectSdk(second.url).database()
      const got = await db2.collection('requests').where({ gridId: 'g1', status: 'open' }).get()
      expect(got.data).toEqual([{ _id: 'q1', gridId: 'g1', status: 'open', createdAt: AT }])
      expect(ops.find(second.store, 'requests', { gridId: 'g1', status: 'open' }, {}).plan.index).toBe(
        'gridId_status_createdAt',
      )
      expect((await caught(db2.collection('users').add({ openid: 'o-1' }))).code).toBe(
        'DATABASE_DUPLICATE_WRITE',
      )
    } finally {
      await second.close()
    }
  })
})
