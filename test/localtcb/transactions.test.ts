/**
 * Transactions: single-document operations, buffered until commit, snapshot-isolated: reads see
 * the database as of the start, writes lock their document, and a write to a document changed
 * since the start (or locked by another transaction) is a conflict at that write.
 */
import { emptyDeclaration } from '../../config/database'
import { Store } from '../../local/tcb/store'
import { TRANSACTION_LIFETIME_MS, TransactionManager } from '../../local/tcb/transactions'
import { caught, type Env, fileEnv, startEnv } from './helpers'

const env = fileEnv()

const coll = () => env.db.collection('items')
type Tx = Awaited<ReturnType<Env['db']['startTransaction']>>
const read = async (id: string) => (await coll().doc(id).get()).data[0]

describe('transactions', () => {
  it('commit applies every buffered write at once', async () => {
    await coll().add({ _id: 'acct-a', balance: 100 })
    await coll().add({ _id: 'acct-b', balance: 0 })
    const tx = await env.db.startTransaction()
    const a = (await tx.collection('items').doc('acct-a').get()).data
    await tx
      .collection('items')
      .doc('acct-a')
      .update({ balance: a.balance - 30 })
    await tx
      .collection('items')
      .doc('acct-b')
      .update({ balance: env.db.command.inc(30) })
    await tx.collection('items').add({ _id: 'ledger-1', amount: 30 })
    // Nothing is visible outside before commit.
    expect((await read('acct-a')).balance).toBe(100)
    expect(await read('ledger-1')).toBeUndefined()
    // Inside, the transaction sees its own writes.
    expect((await tx.collection('items').doc('acct-a').get()).data.balance).toBe(70)
    await tx.commit()
    expect((await read('acct-a')).balance).toBe(70)
    expect((await read('acct-b')).balance).toBe(30)
    expect(await read('ledger-1')).toEqual({ _id: 'ledger-1', amount: 30 })
  })

  it('rollback discards everything', async () => {
    await coll().add({ _id: 'rb', v: 1 })
    const tx = await env.db.startTransaction()
    await tx.collection('items').doc('rb').update({ v: 2 })
    await tx.collection('items').doc('rb').remove()
    await tx.collection('items').doc('rb-new').set({ v: 3 })
    await tx.rollback()
    expect(await read('rb')).toEqual({ _id: 'rb', v: 1 })
    expect(await read('rb-new')).toBeUndefined()
  })

  it('reads are a snapshot: a change committed by someone else after the start does not abort a commit that writes elsewhere', async () => {
    // Snapshot isolation checks writes, not reads (write skew is allowed, as on CloudBase): code
    // that needs what it read to stay true must write the document it read.
    await coll().add({ _id: 'c1', v: 1 })
    const tx = await env.db.startTransaction()
    expect((await tx.collection('items').doc('c1').get()).data.v).toBe(1)
    await coll().doc('c1').update({ v: 99 })
    expect((await tx.collection('items').doc('c1').get()).data.v).toBe(1)
    await tx.collection('items').doc('other').set({ v: 1 })
    await tx.commit()
    expect(await read('other')).toEqual({ _id: 'other', v: 1 })
    expect((await read('c1')).v).toBe(99)
  })

  it('two transactions writing one document: the second write conflicts at once, the first commits', async () => {
    await coll().add({ _id: 'c2', v: 0 })
    const t1 = await env.db.startTransaction()
    const t2 = await env.db.startTransaction()
    await t1
      .collection('items')
      .doc('c2')
      .update({ v: env.db.command.inc(1) })
    // The document carries t1's lock: t2's write fails right there (CloudBase: 其他事务的写入会直接失败).
    const err = await caught(
      t2
        .collection('items')
        .doc('c2')
        .update({ v: env.db.command.inc(10) }),
    )
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    await t1.commit()
    expect((await caught(t2.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect((await read('c2')).v).toBe(1)
  })

  it('an insert racing a transaction that saw the id absent conflicts too', async () => {
    const tx = await env.db.startTransaction()
    expect((await tx.collection('items').doc('c3').get()).data).toBeNull()
    await coll().add({ _id: 'c3', by: 'outside' })
    await coll().doc('c3').remove()
    // Detected at the write already (as MongoDB's WriteConflict is); commit reports it again.
    expect((await caught(tx.collection('items').doc('c3').set({ by: 'tx' }))).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    )
    expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect(await read('c3')).toBeUndefined()
  })

  it('a transaction sees the database as of its start, not newer committed values', async () => {
    await coll().add([
      { _id: 's1', v: 1 },
      { _id: 's2', v: 1 },
    ])
    const tx = await env.db.startTransaction()
    // Nothing read yet: the snapshot is taken at the start, not at the first touch.
    await coll().doc('s1').update({ v: 2 })
    await coll().doc('s2').remove()
    await coll().add({ _id: 's3', v: 1 })
    expect((await tx.collection('items').doc('s1').get()).data).toEqual({ _id: 's1', v: 1 })
    expect((await tx.collection('items').doc('s2').get()).data).toEqual({ _id: 's2', v: 1 })
    expect((await tx.collection('items').doc('s3').get()).data).toBeNull()
    expect(env.server.store.historySize).toBeGreaterThan(0)
    await tx.rollback()
    // The replaced states were kept for the snapshot only.
    expect(env.server.store.openSnapshots).toBe(0)
    expect(env.server.store.historySize).toBe(0)
  })

  it('a write to a document changed after the start is a conflict at that write, even if never read', async () => {
    await coll().add([
      { _id: 'x1', v: 1 },
      { _id: 'y1', v: 1 },
    ])
    const tx = await env.db.startTransaction()
    await tx.collection('items').doc('x1').get()
    await coll().doc('y1').update({ v: 2 })
    const err = await caught(tx.collection('items').doc('y1').update({ v: 3 }))
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect((await read('y1')).v).toBe(2)
  })

  it('a write outside any transaction waits for the transaction holding the document, then lands on top', async () => {
    await coll().add({ _id: 'w0', v: 1, log: [] })
    const tx = await env.db.startTransaction()
    await tx.collection('items').doc('w0').update({ v: 2 })
    let landed = false
    const outside = coll()
      .doc('w0')
      .update({ log: env.db.command.push('outside') })
      .then((r) => {
        landed = true
        return r
      })
    // Give the outside write every chance to overtake: it must not.
    for (let i = 0; i < 5; i++) await coll().doc('w0').get()
    expect(landed).toBe(false)
    expect((await read('w0')).log).toEqual([])
    await tx.commit()
    expect((await outside).updated).toBe(1)
    expect(await read('w0')).toEqual({ _id: 'w0', v: 2, log: ['outside'] })
  })

  it('an add() outside waits for a transaction adding the same _id, then is a duplicate', async () => {
    const tx = await env.db.startTransaction()
    await tx.collection('items').add({ _id: 'w-add', by: 'tx' })
    const outside = caught(coll().add({ _id: 'w-add', by: 'outside' }))
    // Uncommitted, the transaction's document matches no query outside it.
    expect((await coll().where({ by: 'tx' }).update({ seen: true })).updated).toBe(0)
    await tx.commit()
    expect((await outside).code).toBe('DATABASE_DUPLICATE_WRITE')
    expect(await read('w-add')).toEqual({ _id: 'w-add', by: 'tx' })
  })

  it('runTransaction retries on conflict and returns the callback result', async () => {
    await coll().add({ _id: 'rt', n: 0 })
    let attempts = 0
    const result = await env.db.runTransaction(
      async (tx: { collection(name: string): ReturnType<Env['db']['collection']> }) => {
        attempts++
        const { data } = await tx.collection('items').doc('rt').get()
        if (attempts === 1) await coll().doc('rt').update({ n: 100 })
        await tx
          .collection('items')
          .doc('rt')
          .update({ n: data.n + 1 })
        return data.n + 1
      },
    )
    expect(attempts).toBe(2)
    expect(result).toBe(101)
    expect((await read('rt')).n).toBe(101)
  })

  // The node-sdk's own transaction tests (TencentCloudBase/node-sdk test/database/unit/
  // transaction.test.ts): "事务内批量插入 条件查询" adds two documents in a transaction and finds
  // both with where(_.or(…)).get() before the commit; "modifyAndReturnDoc" runs
  // where().updateAndReturn() in one. Both are part of the transaction, on its snapshot.
  it('where().get() reads the snapshot: as of the start, with its own inserts, updates and removes', async () => {
    const _ = env.db.command
    await coll().add([
      { _id: 'q1', g: 'q', n: 1 },
      { _id: 'q2', g: 'q', n: 2 },
      { _id: 'q3', g: 'q', n: 3 },
    ])
    const tx = await env.db.startTransaction()
    const t = tx.collection('items')
    // Committed by others after the start: not seen.
    await coll().add({ _id: 'q4', g: 'q', n: 4 })
    await coll().doc('q3').remove()
    // Its own writes: seen.
    const added = await t.add([
      { _id: 'q5', g: 'q', n: 5 },
      { _id: 'q6', g: 'q', n: 6 },
    ])
    expect(added.ids).toEqual(['q5', 'q6'])
    await t.doc('q1').update({ n: 10 })
    await t.doc('q2').remove()
    const ids = async (q: object) =>
      ((await t.where(q).get()).data as Array<{ _id: string }>).map((d) => d._id)
    expect(await ids({ g: 'q' })).toEqual(['q1', 'q3', 'q5', 'q6'])
    expect(await ids(_.or([{ _id: 'q5' }, { _id: 'q6' }]))).toEqual(['q5', 'q6'])
    expect(await ids({ g: 'q', n: _.gte(5) })).toEqual(['q1', 'q5', 'q6'])
    const page = await t.where({ g: 'q' }).orderBy('n', 'desc').skip(1).limit(2).field({ n: true }).get()
    expect(page.data).toEqual([
      { _id: 'q6', n: 6 },
      { _id: 'q5', n: 5 },
    ])
    // Outside, nothing of it yet.
    expect((await coll().where({ g: 'q' }).get()).data.map((d) => d._id)).toEqual(['q1', 'q2', 'q4'])
    await tx.commit()
    expect((await coll().where({ g: 'q' }).get()).data.map((d) => d._id)).toEqual(['q1', 'q4', 'q5', 'q6'])
  })

  it('where().updateAndReturn() updates the first match of the snapshot, under the transaction', async () => {
    const _ = env.db.command
    await coll().add([
      { _id: 'f1', g: 'f', state: 'open', n: 1 },
      { _id: 'f2', g: 'f', state: 'open', n: 2 },
    ])
    const tx = await env.db.startTransaction()
    const t = tx.collection('items')
    const first = await t.where({ g: 'f', state: 'open' }).updateAndReturn({ state: 'taken', n: _.inc(10) })
    expect(first).toMatchObject({ updated: 1, doc: { _id: 'f1', state: 'taken', n: 11 } })
    const second = await t.where({ g: 'f', state: 'open' }).updateAndReturn({ state: 'taken' })
    expect(second).toMatchObject({ updated: 1, doc: { _id: 'f2', state: 'taken' } })
    expect(await t.where({ g: 'f', state: 'open' }).updateAndReturn({ state: 'taken' })).toMatchObject({
      updated: 0,
      doc: null,
    })
    expect((await t.doc('f1').get()).data).toMatchObject({ state: 'taken', n: 11 })
    expect((await read('f1')).state).toBe('open')
    // Its write locks the document: a write outside waits for the commit.
    const outside = coll().doc('f1').update({ seen: true })
    await tx.commit()
    await outside
    expect(await read('f1')).toEqual({ _id: 'f1', g: 'f', state: 'taken', n: 11, seen: true })
    expect((await read('f2')).state).toBe('taken')
  })

  it('where().updateAndReturn() on a document changed since the start is a conflict', async () => {
    await coll().add({ _id: 'fc', g: 'fc', v: 1 })
    const tx = await env.db.startTransaction()
    await coll().doc('fc').update({ v: 2 })
    const err = await caught(tx.collection('items').where({ g: 'fc' }).updateAndReturn({ v: 3 }))
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect((await read('fc')).v).toBe(2)
  })

  it('where().update()/remove()/count() on a transaction collection throw instead of escaping it', async () => {
    await coll().add({ _id: 'w2', v: 1 })
    const tx = await env.db.startTransaction()
    const _ = env.db.command
    expect(
      (
        await caught(
          tx
            .collection('items')
            .where({ _id: 'w2' })
            .update({ v: _.inc(1) }),
        )
      ).code,
    ).toBe('DATABASE_INVALID_OPERRATOR')
    expect((await caught(tx.collection('items').where({ _id: 'w2' }).remove())).code).toBe(
      'DATABASE_INVALID_OPERRATOR',
    )
    expect((await caught(tx.collection('items').where({ _id: 'w2' }).count())).code).toBe(
      'DATABASE_INVALID_OPERRATOR',
    )
    expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL')
    expect((await read('w2')).v).toBe(1)
  })

  // The SDK's own transaction tests: 事务内插入 含 serverDate 类型文档 报错不支持
  // (TencentCloudBase/node-sdk, test/database/unit/transaction.test.ts).
  it('db.serverDate() inside a transaction is refused (add, update, set) and fails the transaction', async () => {
    await coll().add({ _id: 'sd1', v: 1 })
    const writes = [
      (tx: Tx) => tx.collection('items').add({ _id: 'sd2', at: env.db.serverDate() }),
      (tx: Tx) =>
        tx
          .collection('items')
          .doc('sd1')
          .update({ at: env.db.serverDate({ offset: 1000 }) }),
      (tx: Tx) => tx.collection('items').doc('sd1').set({ at: env.db.serverDate() }),
    ]
    for (const write of writes) {
      const tx = await env.db.startTransaction()
      await tx.collection('items').doc('sd1').update({ v: 2 })
      const err = await caught(write(tx))
      expect(err.code).toBe('INVALID_PARAM')
      expect(err.message).toMatch(/serverDate/)
      expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL')
    }
    expect(await read('sd1')).toEqual({ _id: 'sd1', v: 1 })
    expect(await read('sd2')).toBeUndefined()
    // Outside a transaction it is the server's clock, as ever.
    await coll().doc('sd1').update({ at: env.db.serverDate() })
    expect((await read('sd1')).at).toBeInstanceOf(Date)
  })

  it('no-op writes inside a transaction report as outside: set() 1, update() 0 by default', async () => {
    await coll().add({ _id: 'nop', v: 1 })
    const tx = await env.db.startTransaction()
    expect((await tx.collection('items').doc('nop').update({ v: 1 })).updated).toBe(0)
    expect((await tx.collection('items').doc('nop').set({ v: 1 })).updated).toBe(1)
    expect((await tx.collection('items').doc('nop-new').set({ v: 1 })).updated).toBe(0)
    await tx.commit()
    expect(await read('nop-new')).toEqual({ _id: 'nop-new', v: 1 })
  })

  it('refuses a duplicate insert inside a transaction', async () => {
    await coll().add({ _id: 'd1' })
    const tx = await env.db.startTransaction()
    expect((await caught(tx.collection('items').add({ _id: 'd1' }))).code).toBe('DATABASE_DUPLICATE_WRITE')
    await tx.rollback()
  })

  it('enforces unique indexes at commit', async () => {
    await env.db.collection('users').add({ _id: 'tu1', openid: 'tx-o1' })
    const tx = await env.db.startTransaction()
    await tx.collection('users').add({ _id: 'tu2', openid: 'tx-o1' })
    expect((await caught(tx.commit())).code).toBe('DATABASE_DUPLICATE_WRITE')
    expect((await env.db.collection('users').doc('tu2').get()).data).toEqual([])
  })

  it('an ended transaction cannot be used again', async () => {
    const tx = await env.db.startTransaction()
    await tx.commit()
    expect((await caught(tx.collection('items').doc('x').get())).code).toBe('DATABASE_TRANSACTION_FAIL')
  })
})

describe('the older transaction actions (ids, top-level EJSON results)', () => {
  it('getInTransaction / updateDocInTransaction / deleteDocInTransaction', async () => {
    const { rawCall } = await import('./helpers')
    const url = env.server.url
    await coll().add([
      { _id: 'old-1', v: 1 },
      { _id: 'old-2', v: 2 },
    ])
    const start = await rawCall(url, { action: 'database.startTransaction' })
    const transactionId = start.transactionId as string
    expect(transactionId).toMatch(/^[0-9a-f]{32}$/)
    const got = await rawCall(url, {
      action: 'database.getInTransaction',
      collectionName: 'items',
      transactionId,
      _id: 'old-1',
    })
    expect(JSON.parse(got.data as string)).toEqual({ _id: 'old-1', v: { $numberInt: '1' } })
    const upd = await rawCall(url, {
      action: 'database.updateDocInTransaction',
      collectionName: 'items',
      transactionId,
      _id: 'old-1',
      data: JSON.stringify({ $set: { v: 10 } }),
    })
    expect(upd.updated).toBe('{"$numberInt":"1"}')
    const del = await rawCall(url, {
      action: 'database.deleteDocInTransaction',
      collectionName: 'items',
      transactionId,
      _id: 'old-2',
    })
    expect(del.deleted).toBe('{"$numberInt":"1"}')
    expect((await rawCall(url, { action: 'database.commitTransaction', transactionId })).code).toBeUndefined()
    expect((await read('old-1')).v).toBe(10)
    expect(await read('old-2')).toBeUndefined()
  })
})

describe('lifetime: CloudBase ends a transaction not committed within 30 s', () => {
  it('is 30 s by default, on the clock the requests pass', () => {
    const store = new Store(emptyDeclaration(), { implicitCollections: true })
    const txm = new TransactionManager(store)
    try {
      expect(TRANSACTION_LIFETIME_MS).toBe(30_000)
      const t0 = 1_800_000_000_000
      const early = txm.start(t0)
      txm.insert(early, 'cc', [{ _id: 'a' }], t0 + TRANSACTION_LIFETIME_MS)
      txm.commit(early, t0 + TRANSACTION_LIFETIME_MS)
      const late = txm.start(t0)
      txm.insert(late, 'cc', [{ _id: 'b' }], t0 + 1_000)
      let err: unknown
      try {
        txm.commit(late, t0 + TRANSACTION_LIFETIME_MS + 1)
      } catch (e) {
        err = e
      }
      expect((err as { code?: string }).code).toBe('DATABASE_TRANSACTION_FAIL')
      expect(store.read('cc')?.docs.size).toBe(1)
    } finally {
      txm.close()
    }
  })

  it('through the SDK: past the limit every use answers DATABASE_TRANSACTION_FAIL and its locks are gone', async () => {
    let now = 1_800_000_000_000
    const local = await startEnv({ now: () => now })
    try {
      const items = local.db.collection('items')
      await items.add({ _id: 'life', v: 1 })
      const tx = await local.db.startTransaction()
      await tx.collection('items').doc('life').update({ v: 2 })
      now += TRANSACTION_LIFETIME_MS + 1
      // The lock went with it: a write outside does not wait.
      expect((await items.doc('life').update({ v: 3 })).updated).toBe(1)
      expect((await caught(tx.collection('items').doc('life').get())).code).toBe('DATABASE_TRANSACTION_FAIL')
      expect((await caught(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL')
      expect((await items.doc('life').get()).data[0].v).toBe(3)
      // A shorter lifetime is an option, for tests that need one.
      const quick = await startEnv({ now: () => now, transactionLifetimeMs: 1_000 })
      try {
        const t = await quick.db.startTransaction()
        now += 1_001
        expect((await caught(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL')
      } finally {
        await quick.stop()
      }
    } finally {
      await local.stop()
    }
  })
})
