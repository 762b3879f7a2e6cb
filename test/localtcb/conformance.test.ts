/**
 * Conformance with CloudBase's documentation: each test restates what a page of it says — the
 * page is cited above the test — and runs it through the real @cloudbase/node-sdk against the
 * local environment. Chosen for what the app relies on: the query and update commands
 * cloudfunctions/ uses (eq by literal and object, neq, gt/gte/lt/lte, in, nin, and, or, exists,
 * inc, set, remove, push, pull, addToSet; elemMatch besides), transactions, the limits and the
 * error codes. Where CloudBase's pages are silent and the app depends on MongoDB's meaning (null
 * and missing fields), the MongoDB manual is cited: CloudBase's database is MongoDB.
 *
 * Pages: WX = https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database
 * (the SDK reference of WeChat's cloud development, which is CloudBase), CB =
 * https://docs.cloudbase.net, NODE = the node-sdk's own docs and integration tests
 * (https://github.com/TencentCloudBase/node-sdk: docs/database/database.md, test/database/…).
 */
import { caught, type Env, fileEnv, rawCall } from './helpers'

const env = fileEnv()

const items = () => env.db.collection('items')
const cmd = () => env.db.command
/** The ids matching `where` (an object or a command) among the documents of `bucket`, sorted. */
const ids = async (where: object, bucket: string): Promise<string[]> =>
  (
    (
      await items()
        .where(cmd().and([{ bucket }, where]))
        .get()
    ).data as Array<{ _id: string }>
  )
    .map((d) => d._id)
    .sort()
type Tx = Awaited<ReturnType<Env['db']['startTransaction']>>
const one = async (id: string) => (await items().doc(id).get()).data[0] as Record<string, unknown>

describe('query commands', () => {
  // The goods of NODE docs/database/database.md's 查询指令 examples.
  const B = 'goods'
  beforeAll(async () => {
    await items().add([
      { _id: 'g1', bucket: B, category: 'computer', type: { brand: 'X', memory: 8, cpu: 3.2 }, price: 3000 },
      { _id: 'g2', bucket: B, category: 'computer', type: { brand: 'Y', memory: 16, cpu: 2.4 }, price: 7000 },
      { _id: 'g3', bucket: B, category: 'computer', type: { brand: 'Z', memory: 32, cpu: 2.0 }, price: 9000 },
      { _id: 'g4', bucket: B, category: 'computer', type: { brand: 'Y', memory: 4, cpu: 2.8 }, price: 1500 },
      { _id: 'g5', bucket: B, category: 'phone', type: { brand: 'X', memory: 8 }, price: 2500 },
    ])
  })

  // WX /command/Command.eq.html: "这种写法表示匹配 stat.publishYear == 2018 且 stat.language ==
  // 'zh-CN'" for an object, "这种写法表示 stat 对象等于 { publishYear: 2018, language: 'zh-CN' }" for _.eq.
  it('eq: an object matches field by field, _.eq(object) the whole object', async () => {
    await items().add([
      { _id: 'a1', bucket: 'stat', stat: { publishYear: 2018, language: 'zh-CN' } },
      { _id: 'a2', bucket: 'stat', stat: { publishYear: 2018, language: 'zh-CN', pages: 3 } },
      { _id: 'a3', bucket: 'stat', stat: { publishYear: 2019, language: 'zh-CN' } },
    ])
    const stat = { publishYear: 2018, language: 'zh-CN' }
    expect(await ids({ stat }, 'stat')).toEqual(['a1', 'a2'])
    expect(await ids({ stat: cmd().eq(stat) }, 'stat')).toEqual(['a1'])
    expect(await ids({ _id: cmd().eq('a3') }, 'stat')).toEqual(['a3'])
  })

  // WX /command/Command.neq.html: "表示字段不等于某个值，和 eq 相反"; NODE 查询指令 neq: 品牌不为 X 的计算机.
  it('neq', async () => {
    expect(await ids({ category: 'computer', type: { brand: cmd().neq('X') } }, B)).toEqual([
      'g2',
      'g3',
      'g4',
    ])
  })

  // WX /command/Command.gt.html, Command.gte.html, Command.lt.html, Command.lte.html;
  // NODE 查询指令 gt: 价格大于 2000 的计算机.
  it('gt, gte, lt, lte', async () => {
    const _ = cmd()
    expect(await ids({ category: 'computer', price: _.gt(2000) }, B)).toEqual(['g1', 'g2', 'g3'])
    expect(await ids({ price: _.gte(3000) }, B)).toEqual(['g1', 'g2', 'g3'])
    expect(await ids({ price: _.lt(3000) }, B)).toEqual(['g4', 'g5'])
    expect(await ids({ price: _.lte(3000) }, B)).toEqual(['g1', 'g4', 'g5'])
  })

  // WX /command/Command.in.html, Command.nin.html; NODE 查询指令 in/nin: 内存为 8g 或 16g 的计算机.
  it('in, nin', async () => {
    const _ = cmd()
    expect(await ids({ category: 'computer', type: { memory: _.in([8, 16]) } }, B)).toEqual(['g1', 'g2'])
    expect(await ids({ category: 'computer', type: { memory: _.nin([8, 16]) } }, B)).toEqual(['g3', 'g4'])
  })

  // WX /command/Command.and.html; NODE 查询指令 and: 内存大于 4g 小于 32g, 流式写法 and 前置写法.
  it('and, chained and prefix', async () => {
    const _ = cmd()
    expect(await ids({ category: 'computer', type: { memory: _.gt(4).and(_.lt(32)) } }, B)).toEqual([
      'g1',
      'g2',
    ])
    expect(await ids({ category: 'computer', type: { memory: _.and(_.gt(4), _.lt(32)) } }, B)).toEqual([
      'g1',
      'g2',
    ])
    expect(await ids(_.and([{ category: 'computer' }, { price: _.lt(2000) }]), B)).toEqual(['g4'])
  })

  // WX /command/Command.or.html; NODE 查询指令 or: 价格小于 4000 或在 6000-8000 之间, and 跨字段 "或".
  it('or, on one field and across fields', async () => {
    const _ = cmd()
    expect(await ids({ category: 'computer', price: _.lt(4000).or(_.gt(6000).and(_.lt(8000))) }, B)).toEqual([
      'g1',
      'g2',
      'g4',
    ])
    expect(
      await ids({ category: 'computer', price: _.or(_.lt(4000), _.and(_.gt(6000), _.lt(8000))) }, B),
    ).toEqual(['g1', 'g2', 'g4'])
    expect(await ids(_.or({ type: { memory: _.gt(8) } }, { type: { cpu: 3.2 } }), B)).toEqual([
      'g1',
      'g2',
      'g3',
    ])
    expect(await ids(_.or([{ price: _.lt(2000) }, { price: _.gt(8000) }]), B)).toEqual(['g3', 'g4'])
  })

  // WX /command/Command.exists.html: "判断字段是否存在", 找出存在 tags 字段的记录.
  it('exists', async () => {
    await items().add([
      { _id: 't1', bucket: 'todos', tags: ['cloud'] },
      { _id: 't2', bucket: 'todos' },
      { _id: 't3', bucket: 'todos', tags: null },
    ])
    expect(await ids({ tags: cmd().exists(true) }, 'todos')).toEqual(['t1', 't3'])
    expect(await ids({ tags: cmd().exists(false) }, 'todos')).toEqual(['t2'])
  })

  // The app asks for "no value yet" with _.in([null, …]) and "has a value" with _.neq(null).
  // CloudBase's pages are silent; MongoDB's: "The { item : null } query matches documents that
  // either contain the item field whose value is null or that do not contain the item field"
  // (https://www.mongodb.com/docs/manual/tutorial/query-for-null-fields/), and $ne "includes
  // documents that do not contain the field" (https://www.mongodb.com/docs/manual/reference/operator/query/ne/).
  it('null stands for a missing field too: in([null]), neq(null), eq(null)', async () => {
    await items().add([
      { _id: 'n1', bucket: 'nulls', openid: null },
      { _id: 'n2', bucket: 'nulls' },
      { _id: 'n3', bucket: 'nulls', openid: 'o3' },
      { _id: 'n4', bucket: 'nulls', openid: 'o4' },
    ])
    const _ = cmd()
    expect(await ids({ openid: _.in([null, 'o3']) }, 'nulls')).toEqual(['n1', 'n2', 'n3'])
    expect(await ids({ openid: _.neq(null) }, 'nulls')).toEqual(['n3', 'n4'])
    expect(await ids({ openid: null }, 'nulls')).toEqual(['n1', 'n2'])
    expect(await ids({ openid: _.neq('o3') }, 'nulls')).toEqual(['n1', 'n2', 'n4'])
  })

  // WX /command/Command.elemMatch.html: "要求数组中包含至少一个满足 elemMatch 给定的所有条件的元素";
  // without elemMatch "表示的是 places 数组字段中至少有一个元素的 area 字段大于 100 且 … 至少有一个元素的
  // age 字段小于 2".
  it('elemMatch: one element meets all conditions; without it, each condition any element', async () => {
    await items().add([
      {
        _id: 'p0',
        bucket: 'places',
        places: [
          { type: 'garden', area: 300, age: 1 },
          { type: 'theatre', area: 50, age: 15 },
        ],
      },
      {
        _id: 'p1',
        bucket: 'places',
        places: [
          { type: 'garden', area: 300, age: 5 },
          { type: 'theatre', area: 50, age: 1 },
        ],
      },
    ])
    const _ = cmd()
    expect(await ids({ places: _.elemMatch({ area: _.gt(100), age: _.lt(2) }) }, 'places')).toEqual(['p0'])
    expect(await ids({ places: { area: _.gt(100), age: _.lt(2) } }, 'places')).toEqual(['p0', 'p1'])
  })
})

describe('update commands', () => {
  // WX /command/Command.set.html: an object "只会更新 style.color 为 red … 即不影响 style 中的其他字段";
  // _.set "更新 style 为 { color: 'red', size: 'large' }".
  it('set: a plain object merges into the field, _.set replaces it', async () => {
    await items().add({ _id: 'u-set', style: { color: 'blue', size: 'small', border: 1 } })
    await items()
      .doc('u-set')
      .update({ style: { color: 'red' } })
    expect((await one('u-set')).style).toEqual({ color: 'red', size: 'small', border: 1 })
    await items()
      .doc('u-set')
      .update({ style: cmd().set({ color: 'red', size: 'large' }) })
    expect((await one('u-set')).style).toEqual({ color: 'red', size: 'large' })
  })

  // WX /command/Command.inc.html: "更新操作符，原子操作，用于指示字段自增", "自增量，可正可负", "多个用户同时
  // 写，对数据库来说都是将字段自增，不会有后来者覆写前者的情况".
  it('inc is atomic: concurrent increments all count; a negative one decrements', async () => {
    await items().add({ _id: 'u-inc', count: { favorites: 0 } })
    const _ = cmd()
    await Promise.all(
      Array.from({ length: 20 }, () =>
        items()
          .doc('u-inc')
          .update({ count: { favorites: _.inc(1) } }),
      ),
    )
    await items()
      .doc('u-inc')
      .update({ count: { favorites: _.inc(-5) } })
    expect((await one('u-inc')).count).toEqual({ favorites: 15 })
  })

  // WX /command/Command.remove.html: "更新操作符，用于表示删除某个字段"; NODE 更新指令 remove.
  it('remove deletes the field', async () => {
    await items().add({ _id: 'u-rm', rating: 5, text: 'ok' })
    await items().doc('u-rm').update({ rating: cmd().remove() })
    expect(await one('u-rm')).toEqual({ _id: 'u-rm', text: 'ok' })
  })

  // WX /command/Command.push.html: "往数组添加一个或多个值。或字段原为空，则创建该字段并设数组为传入值";
  // 示例 1 尾部添加, 示例 2 从第二个位置开始插入 (position), 示例 3 排序 (sort); slice "正数 数组只保留前 n 个元素".
  it('push: append, create, position, sort, slice', async () => {
    const _ = cmd()
    await items().add({ _id: 'u-push', tags: ['a'] })
    const push = (v: unknown) =>
      items()
        .doc('u-push')
        .update({ tags: v as never })
    await push(_.push(['mini-program', 'cloud']))
    expect((await one('u-push')).tags).toEqual(['a', 'mini-program', 'cloud'])
    await push(_.push({ each: ['x'], position: 1 }))
    expect((await one('u-push')).tags).toEqual(['a', 'x', 'mini-program', 'cloud'])
    await push(_.push({ each: [], sort: 1 }))
    expect((await one('u-push')).tags).toEqual(['a', 'cloud', 'mini-program', 'x'])
    await push(_.push({ each: ['z'], slice: 2 }))
    expect((await one('u-push')).tags).toEqual(['a', 'cloud'])
    await items()
      .doc('u-push')
      .update({ fresh: _.push(['first']) })
    expect((await one('u-push')).fresh).toEqual(['first'])
  })

  // WX /command/Command.pull.html: "给定一个值或一个查询条件，将数组中所有匹配给定值或查询条件的元素都
  // 移除掉" — 示例 1 常量, 示例 2 _.in, 示例 3 对象数组 with a condition.
  it('pull: by value, by condition, by condition on objects', async () => {
    const _ = cmd()
    await items().add({
      _id: 'u-pull',
      tags: ['database', 'cloud', 'database', 'web', 'mp'],
      places: [
        { type: 'garden', area: 300, age: 1 },
        { type: 'theatre', area: 50, age: 1 },
        { type: 'park', area: 500, age: 8 },
      ],
    })
    await items()
      .doc('u-pull')
      .update({ tags: _.pull('database') })
    expect((await one('u-pull')).tags).toEqual(['cloud', 'web', 'mp'])
    await items()
      .doc('u-pull')
      .update({ tags: _.pull(_.in(['cloud', 'mp'])) })
    expect((await one('u-pull')).tags).toEqual(['web'])
    await items()
      .doc('u-pull')
      .update({ places: _.pull({ area: _.gt(100), age: _.lt(2) }) })
    expect(((await one('u-pull')).places as Array<{ type: string }>).map((p) => p.type)).toEqual([
      'theatre',
      'park',
    ])
  })

  // WX /command/Command.addToSet.html: "给定一个或多个元素，除非数组中已存在该元素，否则添加进数组" —
  // 示例代码 1 添加一个元素, 示例代码 2 添加多个元素 ({ $each: [...] }).
  it('addToSet: one element or several, never twice', async () => {
    const _ = cmd()
    await items().add({ _id: 'u-set2', tags: ['web'] })
    await items()
      .doc('u-set2')
      .update({ tags: _.addToSet('database') })
    await items()
      .doc('u-set2')
      .update({ tags: _.addToSet('database') })
    expect((await one('u-set2')).tags).toEqual(['web', 'database'])
    await items()
      .doc('u-set2')
      .update({ tags: _.addToSet({ $each: ['database', 'cloud'] }) })
    expect((await one('u-set2')).tags).toEqual(['web', 'database', 'cloud'])
  })
})

describe('documents', () => {
  // NODE docs/database/database.md update / set: "set 方法在要更新的文档不存在时新增一个文档；而 update
  // 方法什么也不会做，返回 updated 为 0".
  it('update() of a missing document does nothing and reports 0; set() creates it', async () => {
    expect((await items().doc('d-missing').update({ a: 1 })).updated).toBe(0)
    expect((await items().doc('d-missing').get()).data).toEqual([])
    const created = await items().doc('d-missing').set({ a: 1 })
    expect(created).toMatchObject({ updated: 0, upsertedId: 'd-missing' })
    expect(await one('d-missing')).toEqual({ _id: 'd-missing', a: 1 })
  })

  // WX /document/Document.set.html: "updated: 成功更新的记录数量，若指定的 _id 已存在则为 1，否则为 0".
  it('set() of an existing document replaces it and reports 1', async () => {
    await items().add({ _id: 'd-set', a: 1, b: 2 })
    expect((await items().doc('d-set').set({ c: 3 })).updated).toBe(1)
    expect(await one('d-set')).toEqual({ _id: 'd-set', c: 3 })
  })

  // NODE test/database/unit/document.test.ts "API - remove document that not exist": !deleted.
  it('remove() of a missing document deletes nothing', async () => {
    expect((await items().doc('d-none').remove()).deleted).toBe(0)
  })

  // NODE test/database/index.test.ts "Document - doc().option().update()": options({ multiple:
  // false }) updates one, the default (multi) every match; "doc().option().delete()" likewise.
  it('where().update()/remove() act on every match unless options({ multiple: false })', async () => {
    const _ = cmd()
    await items().add([
      { _id: 'm1', bucket: 'multi', testNum: 1 },
      { _id: 'm2', bucket: 'multi', testNum: 1 },
      { _id: 'm3', bucket: 'multi', testNum: 1 },
    ])
    expect(
      (
        await items()
          .where({ bucket: 'multi', testNum: 1 })
          .options({ multiple: false })
          .update({ testNum: _.inc(1) })
      ).updated,
    ).toBe(1)
    expect(
      (
        await items()
          .where({ bucket: 'multi', testNum: _.gt(0) })
          .update({ testNum: _.inc(1) })
      ).updated,
    ).toBe(3)
    expect((await items().where({ bucket: 'multi' }).options({ multiple: false }).remove()).deleted).toBe(1)
    expect((await items().where({ bucket: 'multi' }).remove()).deleted).toBe(2)
  })

  // NODE test/database/index.test.ts "验证findAndModify", "验证findAndModify 更新相同值", "验证findAndModify 更新失败".
  it('updateAndReturn(): the updated document; 1 for the same values; 0 and null for no match', async () => {
    await items().add({ _id: 'fm', bucket: 'fm', a: 1 })
    expect(await items().where({ bucket: 'fm', a: 1 }).updateAndReturn({ a: 2 })).toMatchObject({
      updated: 1,
      doc: { _id: 'fm', a: 2 },
    })
    expect((await items().where({ bucket: 'fm', a: 2 }).updateAndReturn({ a: 2 })).updated).toBe(1)
    expect(await items().where({ bucket: 'fm', a: -1 }).updateAndReturn({ a: 1 })).toMatchObject({
      updated: 0,
      doc: null,
    })
  })

  // NODE test/database/index.test.ts: "验证throwOnCode" expects add({ $_key: 1 }) to answer
  // DATABASE_REQUEST_FAILED; "Document - CRUD" adds { 'key.': '1' } and gets an id.
  it('a $-prefixed field name is refused; a dotted one is stored', async () => {
    expect((await caught(items().add({ $_key: 1 }))).code).toBe('DATABASE_REQUEST_FAILED')
    const res = await items().add({ 'key.': '1' })
    expect(await one(res.id as string)).toEqual({ _id: res.id, 'key.': '1' })
  })
})

describe('limits', () => {
  beforeAll(async () => {
    // NODE test/database/unit/query.limit.test.ts adds 1001 documents in one add().
    const res = await items().add(Array.from({ length: 1001 }, (_, i) => ({ bucket: 'lim', i })))
    expect(res.ids).toHaveLength(1001)
  })

  // WX /collection/Collection.limit.html: "limit … 在云函数端默认及最大上限为 1000"; NODE
  // test/database/unit/query.limit.test.ts: limit(1000) → 1000, limit(1001) → 1000, limit(101) →
  // 101, none → 100 (the node-sdk sends 100 when no limit is given).
  it('limit: up to 1000 per get, 100 when not given', async () => {
    const page = async (n?: number) =>
      (
        await (
          n === undefined ? items().where({ bucket: 'lim' }) : items().where({ bucket: 'lim' }).limit(n)
        ).get()
      ).data.length
    expect(await page(1000)).toBe(1000)
    expect(await page(1001)).toBe(1000)
    expect(await page(101)).toBe(101)
    expect(await page()).toBe(100)
    // Past the SDK, on the wire: what it would never send is refused.
    for (const limit of [0, 1001, 2.5]) {
      const raw = await rawCall(env.server.url, {
        action: 'database.getDocument',
        collectionName: 'items',
        queryType: 'WHERE',
        query: JSON.stringify({ bucket: 'lim' }),
        limit,
      })
      expect({ limit, code: raw.code }).toEqual({ limit, code: 'INVALID_PARAM' })
    }
  })

  // "单条记录大小受底层 BSON 限制，不超过 16mb" — the WeChat cloud team,
  // https://developers.weixin.qq.com/community/develop/doc/000c6015024a20c1d6eb9af1756000.
  it('a document is at most 16 MB', async () => {
    expect((await caught(items().add({ blob: 'x'.repeat(16 * 1024 * 1024) }))).code).toBe(
      'DATABASE_REQUEST_FAILED',
    )
  })
})

describe('transactions', () => {
  // CB /database/transaction (事务中的数据操作: get, add, delete, update, set) and
  // WX guide /miniprogram/dev/wxcloud/guide/database/transaction.html 快照隔离: "事务期间，读操作返回的是
  // 对象的快照" and "写操作会：1. 改变快照，保证接下来的读的一致性"; NODE transaction.test.ts "读快照".
  it('reads are the snapshot, writes change it, nothing shows outside before commit', async () => {
    await items().add({ _id: 'x-snap', category: 'Web' })
    const tx = await env.db.startTransaction()
    await tx.collection('items').doc('x-snap').update({ category: 'update in transaction' })
    expect((await one('x-snap')).category).toBe('Web')
    expect((await tx.collection('items').doc('x-snap').get()).data).toEqual({
      _id: 'x-snap',
      category: 'update in transaction',
    })
    await tx.commit()
    expect((await one('x-snap')).category).toBe('update in transaction')
  })

  // NODE transaction.test.ts "get不存在的文档，返回null".
  it('doc().get() of a missing document inside a transaction is null', async () => {
    const tx = await env.db.startTransaction()
    expect((await tx.collection('items').doc('x-nothing').get()).data).toBeNull()
    await tx.rollback()
  })

  // WX guide 快照隔离 3: "如果对象上存在事务锁，那么：1. 其他事务的写入会直接失败；2. 普通的更新操作会被阻塞，
  // 直到事务锁释放或者超时". The failure is DATABASE_TRANSACTION_CONFLICT (NODE "读偏": "[ResourceUnavailable.
  // TransactionConflict] Transaction is conflict, maybe resource operated by others").
  it('a locked document: another transaction fails at once, a plain update waits', async () => {
    await items().add({ _id: 'x-lock', n: 0 })
    const _ = cmd()
    const t1 = await env.db.startTransaction()
    const t2 = await env.db.startTransaction()
    await t1
      .collection('items')
      .doc('x-lock')
      .update({ n: _.inc(1) })
    expect(
      (
        await caught(
          t2
            .collection('items')
            .doc('x-lock')
            .update({ n: _.inc(10) }),
        )
      ).code,
    ).toBe('DATABASE_TRANSACTION_CONFLICT')
    const plain = items()
      .doc('x-lock')
      .update({ n: _.inc(100) })
    await t1.commit()
    await plain
    expect((await one('x-lock')).n).toBe(101)
    await t2.rollback().catch(() => undefined)
  })

  // NODE transaction.test.ts "读偏": "外部已经修改了数据，事务内修改应该失败" with DATABASE_TRANSACTION_CONFLICT.
  it('writing a document someone changed since the start is a conflict', async () => {
    await items().add({ _id: 'x-skew', category: 'Web' })
    const tx = await env.db.startTransaction()
    await tx.collection('items').doc('x-skew').get()
    await items().doc('x-skew').set({ category: 'wwwwwwwwwwwwwwwww' })
    expect((await tx.collection('items').doc('x-skew').get()).data).toEqual({
      _id: 'x-skew',
      category: 'Web',
    })
    expect(
      (
        await caught(
          tx.collection('items').doc('x-skew').update({ category: 'transactiontransactiontransaction' }),
        )
      ).code,
    ).toBe('DATABASE_TRANSACTION_CONFLICT')
  })

  // NODE transaction.test.ts "事务回滚" and "delete doc and abort": after rollback the document is as before.
  it('rollback discards the writes', async () => {
    await items().add({ _id: 'x-rb', v: 1 })
    const tx = await env.db.startTransaction()
    expect((await tx.collection('items').doc('x-rb').delete()).deleted).toBe(1)
    expect((await tx.collection('items').doc('x-rb').get()).data).toBeNull()
    await tx.rollback()
    expect(await one('x-rb')).toEqual({ _id: 'x-rb', v: 1 })
  })

  // NODE transaction.test.ts "事务提交后, 不能进行其它操作": DATABASE_TRANSACTION_FAIL ("Transaction does not
  // exist on the server, transaction must be commit or abort in 30 seconds").
  it('after commit the transaction is gone', async () => {
    const tx = await env.db.startTransaction()
    await tx.commit()
    expect((await caught(tx.collection('items').doc('x-after').set({ category: 'Node.js' }))).code).toBe(
      'DATABASE_TRANSACTION_FAIL',
    )
  })

  // WX /Database.runTransaction.html: "resolve 的结果为 callback 事务执行函数的返回值 … 如果事务执行函数中
  // 调用了 transaction.rollback，则传入 rollback 函数的值会作为 runTransaction 返回的 Promise reject 的值";
  // "只有事务冲突时会重试". NODE "runTransaction with customResult", "rollback within runTransaction".
  it('runTransaction: returns the callback result, rejects with the rollback reason, retries conflicts', async () => {
    await items().add({ _id: 'x-run', v: 0 })
    const _ = cmd()
    expect(
      await env.db.runTransaction(async (t: Tx) => {
        await t
          .collection('items')
          .doc('x-run')
          .update({ v: _.inc(1) })
        return 'luke'
      }),
    ).toBe('luke')
    await expect(
      env.db.runTransaction(async (t: Tx) => {
        await t.collection('items').doc('x-run').get()
        await t.rollback('luke')
      }),
    ).rejects.toBe('luke')
    let attempts = 0
    await env.db.runTransaction(async (t: Tx) => {
      attempts++
      await t.collection('items').doc('x-run').get()
      if (attempts === 1) await items().doc('x-run').update({ v: 10 })
      await t
        .collection('items')
        .doc('x-run')
        .update({ v: _.inc(1) })
    })
    expect(attempts).toBe(2)
    expect((await one('x-run')).v).toBe(11)
  })

  // NODE transaction.test.ts "事务内批量插入 条件查询" (where(_.or(…)).get() finds the two documents the
  // transaction added) and "modifyAndReturnDoc" (where().updateAndReturn() inside one).
  it('where().get() and where().updateAndReturn() are part of the transaction', async () => {
    const _ = cmd()
    const tx = await env.db.startTransaction()
    const added = await tx.collection('items').add([
      { bucket: 'x-batch', name: 'a' },
      { bucket: 'x-batch', name: 'b' },
    ])
    expect(added.ids).toHaveLength(2)
    const found = await tx
      .collection('items')
      .where(
        _.or([
          { bucket: 'x-batch', name: 'a' },
          { bucket: 'x-batch', name: 'b' },
        ]),
      )
      .get()
    expect(found.data).toHaveLength(2)
    const changed = await tx
      .collection('items')
      .where({ bucket: 'x-batch', name: 'a' })
      .updateAndReturn({ name: 'web' })
    expect(changed.doc).toMatchObject({ name: 'web' })
    expect(await ids({}, 'x-batch')).toEqual([])
    await tx.commit()
    expect(
      ((await items().where({ bucket: 'x-batch' }).get()).data as Array<{ name: string }>)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['b', 'web'])
  })
})

describe('error codes', () => {
  // CB /en/error-code/basic/DATABASE_COLLECTION_NOT_EXIST: "The database collection being operated does not exist."
  it('DATABASE_COLLECTION_NOT_EXIST', async () => {
    expect((await caught(env.db.collection('never-made').get())).code).toBe('DATABASE_COLLECTION_NOT_EXIST')
  })

  // CB /en/error-code/DATABASE_DUPLICATE_WRITE: "index key duplicate, for example inserting data with same _id".
  it('DATABASE_DUPLICATE_WRITE', async () => {
    await items().add({ _id: 'e-dup' })
    expect((await caught(items().add({ _id: 'e-dup' }))).code).toBe('DATABASE_DUPLICATE_WRITE')
  })

  // NODE test/database/index.test.ts "验证 无 query update": collection.update() without where →
  // INVALID_PARAM.
  it('INVALID_PARAM for an update without where()', async () => {
    expect((await caught(items().update({ a: 1 }))).code).toBe('INVALID_PARAM')
  })

  // WX /command/Command.inc.html is a numeric operator; CloudBase passes MongoDB's refusal of $inc on a
  // string on as DATABASE_REQUEST_FAILED (as it does the $-field refusal above).
  it('DATABASE_REQUEST_FAILED for an update MongoDB refuses', async () => {
    await items().add({ _id: 'e-inc', name: 'text' })
    expect(
      (
        await caught(
          items()
            .doc('e-inc')
            .update({ name: cmd().inc(1) }),
        )
      ).code,
    ).toBe('DATABASE_REQUEST_FAILED')
  })
})
