/**
 * Conditional updates under concurrency, unique indexes, and index-backed queries.
 */
import { caught, fileEnv } from './helpers'

const env = fileEnv()

describe('conditional updates', () => {
  it('two concurrent claims of one open request: exactly one wins', async () => {
    for (let round = 0; round < 20; round++) {
      const id = `claim-${round}`
      await env.db.collection('requests').add({ _id: id, gridId: 'g', status: 'open' })
      const claim = (who: string) =>
        env.db.collection('requests').where({ _id: id, status: 'open' }).update({ status: 'taken', by: who })
      const [a, b] = await Promise.all([claim('a'), claim('b')])
      expect([a.updated, b.updated].sort()).toEqual([0, 1])
      const [doc] = (await env.db.collection('requests').doc(id).get()).data
      expect(doc.status).toBe('taken')
      expect(doc.by).toBe(a.updated === 1 ? 'a' : 'b')
    }
  })

  it('capacity: concurrent sign-ups never exceed seats', async () => {
    const _ = env.db.command
    await env.db.collection('items').add({ _id: 'event', capacity: 5, seatsTaken: 0 })
    const signUp = () =>
      env.db
        .collection('items')
        .where({ _id: 'event', seatsTaken: _.lt(5) })
        .update({ seatsTaken: _.inc(1) })
    const results = await Promise.all(Array.from({ length: 12 }, signUp))
    expect(results.filter((r) => r.updated === 1)).toHaveLength(5)
    expect((await env.db.collection('items').doc('event').get()).data[0].seatsTaken).toBe(5)
  })
})

describe('unique indexes', () => {
  it('rejects a duplicate on insert, on update, and within one batch', async () => {
    const users = env.db.collection('users')
    await users.add({ _id: 'u1', openid: 'o-1' })
    await users.add({ _id: 'u2', openid: 'o-2' })
    expect((await caught(users.add({ _id: 'u3', openid: 'o-1' }))).code).toBe('DATABASE_DUPLICATE_WRITE')
    expect((await caught(users.doc('u2').update({ openid: 'o-1' }))).code).toBe('DATABASE_DUPLICATE_WRITE')
    expect((await users.doc('u2').get()).data[0].openid).toBe('o-2')
    const batch = await caught(
      users.add([
        { _id: 'u4', openid: 'o-4' },
        { _id: 'u5', openid: 'o-4' },
      ]),
    )
    expect(batch.code).toBe('DATABASE_DUPLICATE_WRITE')
    expect((await users.where({ openid: 'o-4' }).count()).total).toBe(0)
  })

  it('a multi-document update that would break uniqueness changes nothing', async () => {
    const users = env.db.collection('users')
    await users.add([
      { _id: 'm1', openid: 'm-1', team: 'x' },
      { _id: 'm2', openid: 'm-2', team: 'x' },
    ])
    expect((await caught(users.where({ team: 'x' }).update({ openid: 'same' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    )
    expect((await users.doc('m1').get()).data[0].openid).toBe('m-1')
    expect((await users.doc('m2').get()).data[0].openid).toBe('m-2')
  })

  it('a missing field counts as null, as in MongoDB: only one document may lack it', async () => {
    const users = env.db.collection('users')
    await users.add({ _id: 'n1' })
    expect((await caught(users.add({ _id: 'n2' }))).code).toBe('DATABASE_DUPLICATE_WRITE')
  })
})

describe('index-backed queries', () => {
  beforeAll(async () => {
    const docs = []
    for (let i = 0; i < 600; i++) {
      docs.push({
        _id: `q${i}`,
        gridId: `g${i % 6}`,
        status: ['open', 'taken', 'done'][i % 3],
        residentOpenid: `r${i % 20}`,
        createdAt: new Date(1_700_000_000_000 + i * 1000),
      })
    }
    await env.db.collection('requests').add(docs)
  })

  it('answers equality on leading keys from the index, with the same result as a scan', async () => {
    const coll = env.server.store.read('requests')
    expect(coll).not.toBeNull()
    const plan = coll!.indexes.plan({ gridId: 'g1', status: 'taken' }, coll!.docs.size)
    expect(plan.index).toBe('gridId_status_createdAt')
    expect(plan.estimate).toBeLessThan(coll!.docs.size / 5)
    const res = await env.db
      .collection('requests')
      .where({ gridId: 'g1', status: 'taken' })
      .orderBy('createdAt', 'desc')
      .limit(20)
      .get()
    const all = await env.db.collection('requests').where({}).limit(1000).get()
    const expected = (all.data as Array<{ _id: string; gridId: string; status: string; createdAt: Date }>)
      .filter((d) => d.gridId === 'g1' && d.status === 'taken')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 20)
      .map((d) => d._id)
    expect((res.data as Array<{ _id: string }>).map((d) => d._id)).toEqual(expected)
  })

  it('uses $in on a leading key and counts correctly', async () => {
    const _ = env.db.command
    const coll = env.server.store.read('requests')!
    const query = { residentOpenid: 'r3', status: _.in(['open', 'taken']) }
    expect(
      coll.indexes.plan({ residentOpenid: 'r3', status: { $in: ['open', 'taken'] } }, coll.docs.size).index,
    ).toBe('residentOpenid_status')
    const total = (await env.db.collection('requests').where(query).count()).total
    const all = await env.db.collection('requests').where({ residentOpenid: 'r3' }).limit(1000).get()
    expect(total).toBe((all.data as Array<{ status: string }>).filter((d) => d.status !== 'done').length)
  })

  it('keeps the index right through updates and removals', async () => {
    await env.db.collection('requests').where({ _id: 'q1' }).update({ gridId: 'moved' })
    expect(
      (await env.db.collection('requests').where({ gridId: 'moved', status: 'taken' }).count()).total,
    ).toBe(1)
    await env.db.collection('requests').doc('q1').remove()
    expect((await env.db.collection('requests').where({ gridId: 'moved' }).count()).total).toBe(0)
  })
})
