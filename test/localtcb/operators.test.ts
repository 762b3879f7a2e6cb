/**
 * Every query and update operator the SDK can emit (that the app is likely to use), end to end
 * through the SDK's serializer, the wire, and the server.
 */
import { caught, type Env, startEnv } from './helpers'
import { wallMs } from '../../src/clock'

let env: Env

const t0 = new Date('2026-01-01T00:00:00.000Z')
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000)

const PEOPLE = [
  {
    _id: 'p1',
    name: 'Alice',
    age: 30,
    tags: ['elder', 'vip'],
    addr: { city: 'Hangzhou', zip: '310000' },
    visits: [
      { day: 1, ok: true },
      { day: 2, ok: false },
    ],
    at: at(1),
  },
  {
    _id: 'p2',
    name: 'bob',
    age: 25,
    tags: ['vip'],
    addr: { city: 'Shanghai', zip: '200000' },
    visits: [{ day: 3, ok: true }],
    at: at(2),
  },
  {
    _id: 'p3',
    name: 'Carol',
    age: 41,
    tags: [],
    addr: { city: 'Hangzhou', zip: '310012' },
    visits: [],
    at: at(3),
    phone: '138',
  },
  {
    _id: 'p4',
    name: 'dave',
    age: 25,
    tags: ['elder'],
    addr: { city: 'Beijing', zip: '100000' },
    at: at(4),
    phone: null,
  },
]

beforeAll(async () => {
  env = await startEnv()
  await env.db.collection('items').add(PEOPLE)
})

afterAll(async () => {
  await env.stop()
})

async function ids(where: object): Promise<string[]> {
  const res = await env.db.collection('items').where(where).get()
  return (res.data as Array<{ _id: string }>).map((d) => d._id).sort()
}

describe('query operators', () => {
  it('eq / neq / gt / gte / lt / lte', async () => {
    const _ = env.db.command
    expect(await ids({ age: _.eq(25) })).toEqual(['p2', 'p4'])
    expect(await ids({ age: _.neq(25) })).toEqual(['p1', 'p3'])
    expect(await ids({ age: _.gt(30) })).toEqual(['p3'])
    expect(await ids({ age: _.gte(30) })).toEqual(['p1', 'p3'])
    expect(await ids({ age: _.lt(30) })).toEqual(['p2', 'p4'])
    expect(await ids({ age: _.lte(25) })).toEqual(['p2', 'p4'])
  })

  it('in / nin', async () => {
    const _ = env.db.command
    expect(await ids({ name: _.in(['Alice', 'dave']) })).toEqual(['p1', 'p4'])
    expect(await ids({ name: _.nin(['Alice', 'dave']) })).toEqual(['p2', 'p3'])
    expect(await ids({ tags: _.in(['vip']) })).toEqual(['p1', 'p2'])
  })

  it('and / or / nor / not, at top level and on a field', async () => {
    const _ = env.db.command
    expect(await ids({ age: _.gt(20).and(_.lt(30)) })).toEqual(['p2', 'p4'])
    expect(await ids(_.and([{ age: 25 }, { name: 'bob' }]))).toEqual(['p2'])
    expect(await ids(_.or([{ age: 41 }, { name: 'bob' }]))).toEqual(['p2', 'p3'])
    expect(await ids({ age: _.lt(26).or(_.gt(40)) })).toEqual(['p2', 'p3', 'p4'])
    expect(await ids(_.nor([{ age: 25 }, { name: 'Alice' }]))).toEqual(['p3'])
    expect(await ids({ age: _.not(_.gt(26)) })).toEqual(['p2', 'p4'])
  })

  it('exists / size / elemMatch / all / mod', async () => {
    const _ = env.db.command
    expect(await ids({ phone: _.exists(true) })).toEqual(['p3', 'p4'])
    expect(await ids({ phone: _.exists(false) })).toEqual(['p1', 'p2'])
    expect(await ids({ tags: _.size(0) })).toEqual(['p3'])
    expect(await ids({ visits: _.elemMatch({ day: _.gte(2), ok: false }) })).toEqual(['p1'])
    expect(await ids({ tags: _.all(['elder', 'vip']) })).toEqual(['p1'])
    // The SDK types mod() without parameters although it reads `arguments`.
    const mod = _.mod as unknown as (divisor: number, remainder: number) => unknown
    expect(await ids({ age: mod(5, 0) })).toEqual(['p1', 'p2', 'p4'])
  })

  it('regular expressions, native and db.RegExp with options', async () => {
    expect(await ids({ name: /^[a-c]/ })).toEqual(['p2'])
    expect(await ids({ name: env.db.RegExp({ regexp: '^[a-c]', options: 'i' }) })).toEqual(['p1', 'p2', 'p3'])
    expect(await ids({ 'addr.zip': /^310/ })).toEqual(['p1', 'p3'])
  })

  it('nested paths, as objects or dotted keys, and array elements', async () => {
    expect(await ids({ addr: { city: 'Hangzhou' } })).toEqual(['p1', 'p3'])
    expect(await ids({ 'addr.city': 'Hangzhou' })).toEqual(['p1', 'p3'])
    expect(await ids({ 'visits.day': 3 })).toEqual(['p2'])
    expect(await ids({ tags: 'elder' })).toEqual(['p1', 'p4'])
    expect(await ids({ phone: null })).toEqual(['p1', 'p2', 'p4'])
  })

  it('dates, including serverDate() in a condition', async () => {
    const _ = env.db.command
    expect(await ids({ at: _.gt(at(2)) })).toEqual(['p3', 'p4'])
    expect(await ids({ at: at(1) })).toEqual(['p1'])
    expect(await ids({ at: _.lt(env.db.serverDate()) })).toEqual(['p1', 'p2', 'p3', 'p4'])
  })

  it('orderBy (several keys), skip, limit', async () => {
    const res = await env.db
      .collection('items')
      .where({})
      .orderBy('age', 'desc')
      .orderBy('name', 'asc')
      .skip(1)
      .limit(2)
      .get()
    expect((res.data as Array<{ _id: string }>).map((d) => d._id)).toEqual(['p1', 'p2'])
  })

  it('field() projections: include, exclude, slice', async () => {
    const inc = await env.db.collection('items').doc('p1').field({ name: true }).get()
    expect(inc.data).toEqual([{ _id: 'p1', name: 'Alice' }])
    const exc = await env.db
      .collection('items')
      .where({ _id: 'p2' })
      .field({ visits: false, addr: false, at: false })
      .get()
    expect(exc.data).toEqual([{ _id: 'p2', name: 'bob', age: 25, tags: ['vip'] }])
    const sl = await env.db
      .collection('items')
      .where({ _id: 'p1' })
      .field({ visits: env.db.command.project.slice(1) })
      .get()
    expect(sl.data[0].visits).toEqual([{ day: 1, ok: true }])
  })

  it('a mixed include/exclude projection is an error', async () => {
    const err = await caught(env.db.collection('items').where({}).field({ name: true, age: false }).get())
    expect(err.code).toBe('INVALID_PARAM')
  })
})

describe('update operators', () => {
  const coll = () => env.db.collection('items')
  const doc = async (id: string) => (await coll().doc(id).get()).data[0]

  beforeEach(async () => {
    await coll()
      .doc('u')
      .set({ n: 10, s: 'x', arr: [1, 2, 3], tags: ['a'], o: { p: 1, q: 2 }, old: 'rename-me' })
  })

  it('set (whole value), inc, mul, remove, min, max, rename', async () => {
    const _ = env.db.command
    await coll()
      .doc('u')
      .update({ o: _.set({ only: true }), n: _.inc(5), s: _.remove(), old: _.rename('renamed') })
    expect(await doc('u')).toEqual({
      _id: 'u',
      n: 15,
      arr: [1, 2, 3],
      tags: ['a'],
      o: { only: true },
      renamed: 'rename-me',
    })
    await coll()
      .doc('u')
      .update({ n: _.mul(2) })
    expect((await doc('u')).n).toBe(30)
    expect(
      (
        await coll()
          .doc('u')
          .update({ n: _.min(40) })
      ).updated,
    ).toBe(0)
    expect(
      (
        await coll()
          .doc('u')
          .update({ n: _.min(7) })
      ).updated,
    ).toBe(1)
    expect(
      (
        await coll()
          .doc('u')
          .update({ n: _.max(9) })
      ).updated,
    ).toBe(1)
    expect((await doc('u')).n).toBe(9)
  })

  it('push: one value, several, with each/position/slice/sort', async () => {
    const _ = env.db.command
    await coll()
      .doc('u')
      .update({ arr: _.push(4) })
    expect((await doc('u')).arr).toEqual([1, 2, 3, 4])
    await coll()
      .doc('u')
      .update({ arr: _.push([5, 6]) })
    expect((await doc('u')).arr).toEqual([1, 2, 3, 4, 5, 6])
    await coll()
      .doc('u')
      .update({ arr: _.push({ each: [0], position: 0, slice: 4 }) })
    expect((await doc('u')).arr).toEqual([0, 1, 2, 3])
    await coll()
      .doc('u')
      .update({ arr: _.push({ each: [9], sort: -1, slice: 2 }) })
    expect((await doc('u')).arr).toEqual([9, 3])
    await coll()
      .doc('u')
      .update({ fresh: _.push('first') })
    expect((await doc('u')).fresh).toEqual(['first'])
  })

  it('pull (value and condition), pullAll, addToSet, pop, shift, unshift', async () => {
    const _ = env.db.command
    await coll()
      .doc('u')
      .update({ arr: _.pull(2) })
    expect((await doc('u')).arr).toEqual([1, 3])
    await coll()
      .doc('u')
      .update({ arr: _.push([4, 5, 6]) })
    await coll()
      .doc('u')
      .update({ arr: _.pull(_.gt(4)) })
    expect((await doc('u')).arr).toEqual([1, 3, 4])
    await coll()
      .doc('u')
      .update({ arr: _.pullAll([1, 4]) })
    expect((await doc('u')).arr).toEqual([3])
    expect(
      (
        await coll()
          .doc('u')
          .update({ tags: _.addToSet('a') })
      ).updated,
    ).toBe(0)
    await coll()
      .doc('u')
      .update({ tags: _.addToSet({ $each: ['b', 'a', 'c'] }) })
    expect((await doc('u')).tags).toEqual(['a', 'b', 'c'])
    await coll().doc('u').update({ tags: _.pop() })
    expect((await doc('u')).tags).toEqual(['a', 'b'])
    await coll().doc('u').update({ tags: _.shift() })
    expect((await doc('u')).tags).toEqual(['b'])
    await coll()
      .doc('u')
      .update({ tags: _.unshift(['y', 'z']) })
    expect((await doc('u')).tags).toEqual(['y', 'z', 'b'])
  })

  it('serverDate() and Date values in updates', async () => {
    const before = wallMs()
    await coll()
      .doc('u')
      .update({ updatedAt: env.db.serverDate(), due: at(48) })
    const d = await doc('u')
    expect(d.updatedAt.getTime()).toBeGreaterThanOrEqual(before)
    expect(d.due).toEqual(at(48))
  })

  it('refuses updates MongoDB refuses instead of silently skipping them', async () => {
    const _ = env.db.command
    expect(
      (
        await caught(
          coll()
            .doc('u')
            .update({ s: _.inc(1) }),
        )
      ).code,
    ).toBe('DATABASE_REQUEST_FAILED')
    expect(
      (
        await caught(
          coll()
            .doc('u')
            .update({ n: _.push(1) }),
        )
      ).code,
    ).toBe('DATABASE_REQUEST_FAILED')
    expect((await caught(coll().doc('u').update({ 'n.deep': 1 }))).code).toBe('DATABASE_REQUEST_FAILED')
    expect((await doc('u')).n).toBe(10)
  })
})

describe('aggregate', () => {
  it('match / group / sort / project, as statistics screens use them', async () => {
    const $ = env.db.command.aggregate
    const res = await env.db
      .collection('items')
      .aggregate()
      .match({ _id: env.db.command.in(['p1', 'p2', 'p3', 'p4']) })
      .group({ _id: '$addr.city', people: $.sum(1), avgAge: $.avg('$age') })
      .sort({ people: -1, _id: 1 })
      .end()
    expect(res.data).toEqual([
      { _id: 'Hangzhou', people: 2, avgAge: 35.5 },
      { _id: 'Beijing', people: 1, avgAge: 25 },
      { _id: 'Shanghai', people: 1, avgAge: 25 },
    ])
  })
})

describe('$elemMatch: field conditions match embedded documents only, never scalar elements', () => {
  // MongoDB: "{ <field>: { $elemMatch: { <query1>, … } } }" with field names tests each element
  // as a document; a scalar has no fields. Operator-only conditions test the element itself.
  const coll = () => env.db.collection('items')

  beforeAll(async () => {
    await coll().add([
      { _id: 'em-scalars', kind: 'em', xs: [1, 2, 3] },
      { _id: 'em-docs', kind: 'em', xs: [{ value: 1 }, { value: -1 }] },
      { _id: 'em-mixed', kind: 'em', xs: [5, { value: -5 }] },
    ])
  })

  const ids = async (cond: object) =>
    (
      (
        await coll()
          .where({ kind: 'em', ...cond })
          .get()
      ).data as Array<{ _id: string }>
    )
      .map((d) => d._id)
      .sort()

  it('get and count', async () => {
    const _ = env.db.command
    expect(await ids({ xs: _.elemMatch({ value: _.gt(0) }) })).toEqual(['em-docs'])
    expect(await ids({ xs: _.elemMatch({ value: _.neq(5) }) })).toEqual(['em-docs', 'em-mixed'])
    expect(
      (
        await coll()
          .where({ kind: 'em', xs: _.elemMatch({ value: _.gt(0) }) })
          .count()
      ).total,
    ).toBe(1)
    // Operator-only conditions do look at scalars.
    expect(await ids({ xs: _.elemMatch(_.gt(2)) })).toEqual(['em-mixed', 'em-scalars'])
  })

  it('inside $or, and in an aggregate $match', async () => {
    const _ = env.db.command
    expect(await ids({ xs: _.or(_.elemMatch({ value: _.gt(0) }), _.size(0)) })).toEqual(['em-docs'])
    const res = await coll()
      .aggregate()
      .match({ kind: 'em', xs: _.elemMatch({ value: _.gt(0) }) })
      .end()
    expect((res.data as Array<{ _id: string }>).map((d) => d._id)).toEqual(['em-docs'])
  })

  it('update and remove', async () => {
    const _ = env.db.command
    const upd = await coll()
      .where({ kind: 'em', xs: _.elemMatch({ value: _.gt(0) }) })
      .update({ hit: true })
    expect(upd.updated).toBe(1)
    expect(await ids({ hit: true })).toEqual(['em-docs'])
    const del = await coll()
      .where({ kind: 'em', xs: _.elemMatch({ value: _.lt(0) }) })
      .remove()
    expect(del.deleted).toBe(2)
    expect(await ids({})).toEqual(['em-scalars'])
  })
})
