/**
 * CRUD through the real @cloudbase/node-sdk against the local environment.
 */
import { caught, type Env, fileEnv, rawCall, startEnv } from './helpers'
import { wallMs } from '../../src/clock'

const env = fileEnv()

describe('insert', () => {
  it('assigns a 32-hex _id when none is given', async () => {
    const res = await env.db.collection('items').add({ name: 'a' })
    expect(res.id).toMatch(/^[0-9a-f]{32}$/)
    const got = await env.db
      .collection('items')
      .doc(res.id as string)
      .get()
    expect(got.data).toEqual([{ _id: res.id, name: 'a' }])
  })

  it('keeps given ids and inserts many at once', async () => {
    const res = await env.db.collection('items').add([
      { _id: 'm1', n: 1 },
      { _id: 'm2', n: 2 },
    ])
    expect(res.ids).toEqual(['m1', 'm2'])
    expect(
      (
        await env.db
          .collection('items')
          .where({ _id: env.db.command.in(['m1', 'm2']) })
          .count()
      ).total,
    ).toBe(2)
  })

  it('rejects a duplicate _id and inserts nothing of that batch', async () => {
    await env.db.collection('items').add({ _id: 'dup1', v: 1 })
    const err = await caught(env.db.collection('items').add({ _id: 'dup1', v: 2 }))
    expect(err.code).toBe('DATABASE_DUPLICATE_WRITE')
    const batch = await caught(
      env.db.collection('items').add([
        { _id: 'dup-new', v: 1 },
        { _id: 'dup1', v: 3 },
      ]),
    )
    expect(batch.code).toBe('DATABASE_DUPLICATE_WRITE')
    expect((await env.db.collection('items').doc('dup-new').get()).data).toEqual([])
    expect((await env.db.collection('items').doc('dup1').get()).data).toEqual([{ _id: 'dup1', v: 1 }])
  })

  // The node-sdk's own tests (TencentCloudBase/node-sdk test/database/index.test.ts): "验证throwOnCode"
  // expects add({ $_key: 1 }) to answer DATABASE_REQUEST_FAILED; "Document - CRUD" adds
  // { 'key.': '1' } and gets an id.
  it('refuses $-prefixed field names, anywhere in the document', async () => {
    expect((await caught(env.db.collection('items').add({ $_key: 1 }))).code).toBe('DATABASE_REQUEST_FAILED')
    expect((await caught(env.db.collection('items').add({ o: { $x: 1 } }))).code).toBe(
      'DATABASE_REQUEST_FAILED',
    )
  })

  it('stores dotted field names, which a path does not reach (a.b is b inside a)', async () => {
    const items = env.db.collection('items')
    await items.add({ _id: 'dotted', 'key.': '1', 'a.b': 2, o: { 'p.q': 3 } })
    expect((await items.doc('dotted').get()).data).toEqual([
      { _id: 'dotted', 'key.': '1', 'a.b': 2, o: { 'p.q': 3 } },
    ])
    expect((await items.where({ _id: 'dotted', 'a.b': 2 }).get()).data).toEqual([])
    await items.doc('dotted').update({ 'a.b': 5 })
    expect((await items.doc('dotted').get()).data[0]).toEqual({
      _id: 'dotted',
      'key.': '1',
      'a.b': 2,
      o: { 'p.q': 3 },
      a: { b: 5 },
    })
    expect((await items.where({ 'a.b': 5 }).get()).data.map((d) => d._id)).toEqual(['dotted'])
  })

  it('round-trips dates, nested objects, arrays, booleans and null', async () => {
    const when = new Date('2026-03-01T08:00:00.000Z')
    const doc = { _id: 'types', when, nested: { a: [1, { b: 'x' }] }, ok: true, none: null, f: 1.5 }
    await env.db.collection('items').add(doc)
    const [got] = (await env.db.collection('items').doc('types').get()).data
    expect(got).toEqual(doc)
    expect(got.when).toBeInstanceOf(Date)
  })

  it('stores serverDate() as the server clock', async () => {
    const before = wallMs()
    await env.db
      .collection('items')
      .add({ _id: 'sd', at: env.db.serverDate(), later: env.db.serverDate({ offset: 60_000 }) })
    const [got] = (await env.db.collection('items').doc('sd').get()).data
    expect(got.at).toBeInstanceOf(Date)
    expect(got.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(got.at.getTime()).toBeLessThanOrEqual(wallMs())
    expect(got.later.getTime() - got.at.getTime()).toBe(60_000)
  })
})

describe('update, set, remove', () => {
  it('doc().update() merges nested objects into dot paths', async () => {
    await env.db.collection('items').add({ _id: 'u1', o: { p: 1, q: 2 }, keep: true })
    const res = await env.db
      .collection('items')
      .doc('u1')
      .update({ o: { p: 9 } })
    expect(res.updated).toBe(1)
    expect((await env.db.collection('items').doc('u1').get()).data[0]).toEqual({
      _id: 'u1',
      o: { p: 9, q: 2 },
      keep: true,
    })
  })

  // CloudBase documents update()'s `updated` as 成功更新的记录数量 and says nothing of an update to
  // the values already there; the default is MongoDB's nModified (0), countUnchanged gives 1.
  it('update() to the values already there counts 0 by default', async () => {
    await env.db.collection('items').add({ _id: 'u2', v: 1 })
    expect((await env.db.collection('items').doc('u2').update({ v: 1 })).updated).toBe(0)
    expect((await env.db.collection('items').doc('u2').update({ v: 2 })).updated).toBe(1)
    expect((await env.db.collection('items').doc('missing').update({ v: 2 })).updated).toBe(0)
  })

  // Document.set: "updated: 成功更新的记录数量，若指定的 _id 已存在则为 1，否则为 0"
  // (developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/document/Document.set.html).
  it('set() of an existing document counts 1 even when nothing changes', async () => {
    await env.db.collection('items').doc('u3').set({ v: 1 })
    const same = await env.db.collection('items').doc('u3').set({ v: 1 })
    expect(same.updated).toBe(1)
    expect(same.upsertedId).toBeUndefined()
  })

  // The SDK's own test "验证findAndModify 更新相同值" (TencentCloudBase/node-sdk,
  // test/database/index.test.ts) expects updated === 1.
  it('updateAndReturn() to the values already there counts 1 and returns the document', async () => {
    await env.db.collection('items').add({ _id: 'u4', a: 1 })
    const res = await env.db.collection('items').where({ _id: 'u4', a: 1 }).updateAndReturn({ a: 1 })
    expect(res).toMatchObject({ updated: 1, doc: { _id: 'u4', a: 1 } })
  })

  it('where().update() updates every match and reports the number changed', async () => {
    await env.db.collection('items').add([
      { _id: 'w1', group: 'w', v: 1 },
      { _id: 'w2', group: 'w', v: 2 },
      { _id: 'w3', group: 'w', v: 2 },
    ])
    const res = await env.db.collection('items').where({ group: 'w' }).update({ v: 2 })
    expect(res.updated).toBe(1)
    const all = await env.db
      .collection('items')
      .where({ group: 'w' })
      .update({ v: env.db.command.inc(1) })
    expect(all.updated).toBe(3)
  })

  it('refuses an update or remove without where()', async () => {
    expect((await caught(env.db.collection('items').update({ x: 1 }))).code).toBe('INVALID_PARAM')
    expect((await caught(env.db.collection('items').remove())).code).toBe('INVALID_PARAM')
  })

  it('set() replaces a document, or creates it', async () => {
    const created = await env.db.collection('items').doc('s1').set({ a: 1, b: 2 })
    expect(created.upsertedId).toBe('s1')
    expect(created.updated).toBe(0)
    const replaced = await env.db.collection('items').doc('s1').set({ c: 3 })
    expect(replaced.updated).toBe(1)
    expect((await env.db.collection('items').doc('s1').get()).data).toEqual([{ _id: 's1', c: 3 }])
  })

  it('remove() by doc and by where()', async () => {
    await env.db.collection('items').add([
      { _id: 'r1', kind: 'gone' },
      { _id: 'r2', kind: 'gone' },
      { _id: 'r3', kind: 'gone' },
    ])
    expect((await env.db.collection('items').doc('r1').remove()).deleted).toBe(1)
    expect((await env.db.collection('items').doc('r1').remove()).deleted).toBe(0)
    expect((await env.db.collection('items').where({ kind: 'gone' }).remove()).deleted).toBe(2)
  })

  it('updateAndReturn() returns the updated document', async () => {
    await env.db.collection('items').add({ _id: 'ur1', state: 'a', n: 1 })
    const res = await env.db
      .collection('items')
      .where({ _id: 'ur1', state: 'a' })
      .updateAndReturn({ state: 'b', n: env.db.command.inc(1) })
    expect(res.updated).toBe(1)
    expect(res.doc).toEqual({ _id: 'ur1', state: 'b', n: 2 })
    const none = await env.db
      .collection('items')
      .where({ _id: 'ur1', state: 'a' })
      .updateAndReturn({ state: 'c' })
    expect(none.updated).toBe(0)
    expect(none.doc).toBeNull()
  })
})

describe('countUnchanged: update() counts what it matched', () => {
  let counting: Env
  beforeAll(async () => {
    counting = await startEnv({ countUnchanged: true })
  })
  afterAll(() => counting.stop())

  it('doc().update() and where().update() count a matched document left as it was', async () => {
    const items = counting.db.collection('items')
    await items.add([
      { _id: 'n1', g: 'n', v: 1 },
      { _id: 'n2', g: 'n', v: 2 },
    ])
    expect((await items.doc('n1').update({ v: 1 })).updated).toBe(1)
    expect((await items.where({ g: 'n' }).update({ v: 2 })).updated).toBe(2)
    expect((await items.doc('missing').update({ v: 1 })).updated).toBe(0)
    expect((await items.where({ g: 'none' }).update({ v: 1 })).updated).toBe(0)
    const tx = await counting.db.startTransaction()
    expect((await tx.collection('items').doc('n1').update({ v: 2 })).updated).toBe(1)
    await tx.commit()
  })
})

describe('collections', () => {
  it('refuses collections nobody created, like CloudBase', async () => {
    expect((await caught(env.db.collection('undeclared').get())).code).toBe('DATABASE_COLLECTION_NOT_EXIST')
    expect((await caught(env.db.collection('undeclared').add({ a: 1 }))).code).toBe(
      'DATABASE_COLLECTION_NOT_EXIST',
    )
  })

  it('createCollection() makes one; creating it again fails', async () => {
    await env.db.createCollection('made_here')
    await env.db.collection('made_here').add({ _id: 'x' })
    expect((await env.db.collection('made_here').count()).total).toBe(1)
    const again = (await env.db.createCollection('made_here').catch((e: unknown) => e)) as { code?: string }
    expect(again.code).toBe('DATABASE_COLLECTION_ALREADY_EXIST')
  })

  // CloudBase's SDK states the rule (@cloudbase/database Validate.isCollName,
  // /^[a-zA-Z0-9]([a-zA-Z0-9-_]){1,32}$/): a letter or digit first, then letters, digits, - and _.
  it('refuses collection names CloudBase refuses: a leading _ or -, other characters, over 32', async () => {
    for (const bad of ['_private', '-dash', 'has space', '点赞', 'a', 'x'.repeat(33)]) {
      const res = await rawCall(env.server.url, { action: 'database.addCollection', collectionName: bad })
      expect({ bad, code: res.code }).toEqual({ bad, code: 'INVALID_PARAM' })
      expect(String(res.message)).toMatch(/集合名称不合法/)
    }
    await env.db.createCollection('x'.repeat(32))
    await env.db.createCollection('9lives_and-more')
  })
})

describe('document size', () => {
  // MongoDB's BSON limit, which CloudBase keeps (单条记录大小受底层 BSON 限制，不超过 16mb:
  // developers.weixin.qq.com/community/develop/doc/000c6015024a20c1d6eb9af1756000).
  const MB = 1024 * 1024

  it('refuses a document over 16 MB, and one an update would grow past it', async () => {
    const big = await caught(env.db.collection('items').add({ _id: 'huge', blob: 'x'.repeat(16 * MB) }))
    expect(big.code).toBe('DATABASE_REQUEST_FAILED')
    expect(big.message).toMatch(/too large/)
    expect((await env.db.collection('items').doc('huge').get()).data).toEqual([])

    await env.db.collection('items').add({ _id: 'grows', parts: ['y'.repeat(9 * MB)] })
    const grown = await caught(
      env.db
        .collection('items')
        .doc('grows')
        .update({ parts: env.db.command.push(['z'.repeat(8 * MB)]) }),
    )
    expect(grown.code).toBe('DATABASE_REQUEST_FAILED')
    const kept = (await env.db.collection('items').doc('grows').get()).data[0] as { parts: string[] }
    expect(kept.parts).toHaveLength(1)
    expect(
      (
        await caught(
          env.db
            .collection('items')
            .doc('grows')
            .set({ blob: 'w'.repeat(17 * MB) }),
        )
      ).code,
    ).toBe('DATABASE_REQUEST_FAILED')
  })

  it('takes one just under the limit', async () => {
    await env.db.collection('items').add({ _id: 'almost', blob: 'x'.repeat(16 * MB - 100) })
    const got = (await env.db.collection('items').doc('almost').get()).data[0] as { blob: string }
    expect(got.blob).toHaveLength(16 * MB - 100)
    await env.db.collection('items').doc('almost').remove()
  })
})

describe('limits', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1100 }, (_, i) => ({
      _id: `lim-${String(i).padStart(4, '0')}`,
      bucket: 'lim',
      i,
    }))
    await env.db.collection('items').add(docs)
  })

  it('returns 100 documents by default', async () => {
    expect((await env.db.collection('items').where({ bucket: 'lim' }).get()).data).toHaveLength(100)
  })

  it('refuses a limit above 1000 on the wire', async () => {
    const res = await rawCall(env.server.url, {
      action: 'database.getDocument',
      collectionName: 'items',
      queryType: 'WHERE',
      limit: 1001,
    })
    expect(res.code).toBe('INVALID_PARAM')
    expect(String(res.message)).toMatch(/limit/)
  })

  it('the SDK itself clamps .limit(1500) to 1000 before sending', async () => {
    const res = await env.db.collection('items').where({ bucket: 'lim' }).limit(1500).get()
    expect(res.data).toHaveLength(1000)
  })

  it('counts without a limit', async () => {
    expect((await env.db.collection('items').where({ bucket: 'lim' }).count()).total).toBe(1100)
  })
})
