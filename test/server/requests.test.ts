import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const WANG = 'demo-resident-1' // 1号楼 → 第一网格 · 1号微网格 (刘芳)
const WU = 'demo-resident-4' // 12号楼 → 3-2 微网格, no member
const LIU = 'demo-member-1-1'
const CHEN = 'demo-member-1-2' // sibling micro-grid
const YANG = 'demo-member-2-1' // another grid
const LEADER1 = 'demo-leader-1'
const LEADER3 = 'demo-leader-3'
const ADMIN = 'demo-admin'

let seq = 0
const rid = () => `test-req-${++seq}-xxxxxx`

/** A new WeChat user who scanned the code of `building` (each resident may have 10 open requests). */
async function resident(building = 'B01'): Promise<string> {
  const openid = `t-resident-${++seq}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

async function post(openid?: string, description = '楼道里的声控灯坏了，晚上很黑') {
  const who = openid ?? (await resident())
  return env.ok(who, 'request.create', { requestId: rid(), category: 'facility', description })
}

describe('request.create routes to the grid that serves the building', () => {
  test('a staffed micro-grid gets it, with clocks from the category tier', async () => {
    const r = await post(WANG)
    expect(r.status).toBe('assigned')
    expect(r.level).toBe(3)
    expect(r.gridName).toBe('第一网格 · 1号微网格')
    expect(r.buildingName).toBe('1号楼')
    // 设施报修 is ordinary: accept within 1 working day, resolve within 7 days.
    const created = Date.parse(r.createdAt)
    expect(Date.parse(r.resolveBy) - created).toBe(7 * 24 * 3600 * 1000)
    expect(Date.parse(r.acceptBy)).toBeGreaterThan(created)
    const stored = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
    expect(stored.gridId).toBe('g-1-1-1')
    expect(stored.events).toHaveLength(1)
    expect(stored.events[0]).toMatchObject({ type: 'create', from: null, to: 'assigned', actorOpenid: WANG })
  })

  test('an urgent category gets the 30-minute accept clock', async () => {
    const r = await env.ok(WANG, 'request.create', {
      requestId: rid(),
      category: 'safety',
      description: '单元门口闻到很浓的燃气味',
    })
    expect(Date.parse(r.acceptBy) - Date.parse(r.createdAt)).toBe(30 * 60 * 1000)
    expect(Date.parse(r.resolveBy) - Date.parse(r.createdAt)).toBe(2 * 3600 * 1000)
  })

  test('a micro-grid without a member sends it one level up at once', async () => {
    const r = await post(WU, '家里水管漏水，楼下邻居说渗到他家了')
    expect(r.level).toBe(2)
    expect(r.gridName).toBe('第三网格')
    const inbox = await env.ok(LEADER3, 'request.inbox', { tab: 'assigned' })
    expect(inbox.items.map((i) => i.id)).toContain(r.id)
  })
})

describe('who sees and who accepts', () => {
  test('the micro-grid member, the grid leader and the admin see it; others do not', async () => {
    const r = await post()
    for (const who of [LIU, LEADER1, ADMIN]) {
      const inbox = await env.ok(who, 'request.inbox', { tab: 'assigned' })
      expect(inbox.items.map((i) => i.id)).toContain(r.id)
      expect(inbox.counts.assigned).toBeGreaterThanOrEqual(1)
    }
    for (const who of [CHEN, YANG, LEADER3]) {
      const inbox = await env.ok(who, 'request.inbox', { tab: 'assigned' })
      expect(inbox.items.map((i) => i.id)).not.toContain(r.id)
      const get = await env.call(who, 'request.get', { id: r.id })
      expect(get).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      const accept = await env.call(who, 'request.accept', { id: r.id })
      expect(accept).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    const stored = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
    expect(stored.status).toBe('assigned')
  })

  test('a resident cannot use the workbench or accept, even their own request', async () => {
    const r = await post(WANG)
    expect(await env.call(WANG, 'request.accept', { id: r.id })).toMatchObject(refusal('FORBIDDEN'))
    expect(await env.call(WANG, 'request.inbox', { tab: 'assigned' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/网格员/) },
    })
  })

  test('the handler sees the masked phone; the assignee too, and reveals the whole number (logged)', async () => {
    const r = await post(WANG)
    const before = await env.ok(LEADER1, 'request.get', { id: r.id })
    expect(before.resident).toEqual({
      name: '王大爷',
      phone: '138****5601',
      room: '3单元502',
      noPhone: false,
    })
    // 转志愿服务 (issue 19) is offered while it waits, beside taking it on.
    expect(before.actions).toEqual(['accept', 'escalate', 'return', 'dispatch', 'toWish'])
    const mine = await env.ok(WANG, 'request.get', { id: r.id })
    expect(mine.resident).toBeNull()
    expect(mine.actions).toEqual(['cancel'])
    const accepted = await env.ok(LIU, 'request.accept', { id: r.id })
    expect(accepted.resident?.phone).toBe('138****5601')
    const whole = await env.ok(LIU, 'person.reveal', { kind: 'requestResident', id: r.id })
    expect(whole.phone).toBe('13812345601')
    const leaderView = await env.ok(LEADER1, 'request.get', { id: r.id })
    expect(leaderView.resident?.phone).toBe('138****5601')
  })

  test('two members accepting at once: exactly one wins, the other gets CONFLICT', async () => {
    const r = await post()
    const [a, b] = await Promise.all([
      env.call(LIU, 'request.accept', { id: r.id }),
      env.call(LEADER1, 'request.accept', { id: r.id }),
    ])
    const results = [a, b]
    expect(results.filter((x) => x.ok)).toHaveLength(1)
    const loser = results.find((x) => !x.ok)
    expect(loser).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/接单/) },
    })
    const stored = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
    expect(stored.events.filter((e) => e.type === 'accept')).toHaveLength(1)
  })

  test('many accepts at once on many requests never double-assign', async () => {
    const posted = await Promise.all([1, 2, 3, 4, 5].map(() => post()))
    const attempts = posted.flatMap((r) =>
      [LIU, LEADER1, ADMIN].map((who) => env.call(who, 'request.accept', { id: r.id })),
    )
    const results = await Promise.all(attempts)
    expect(results.filter((x) => x.ok)).toHaveLength(posted.length)
    expect(results.filter((x) => !x.ok && x.error.code === 'CONFLICT')).toHaveLength(posted.length * 2)
  })
})

describe('retries, races and conflicts of interest', () => {
  test('a retried accept by the same member answers with the request, not an error', async () => {
    const r = await post()
    const first = await env.ok(LIU, 'request.accept', { id: r.id })
    const again = await env.ok(LIU, 'request.accept', { id: r.id })
    expect(again.status).toBe('accepted')
    expect(again.events).toHaveLength(first.events.length)
  })

  test('accepting what the resident just cancelled says so', async () => {
    const me = await resident()
    const r = await post(me)
    await env.ok(me, 'request.cancel', { id: r.id })
    expect(await env.call(LIU, 'request.accept', { id: r.id })).toMatchObject(
      refusal('CONFLICT', '这条诉求已被接单或已撤销'),
    )
  })

  test('a grid member cannot handle a request they filed as a resident', async () => {
    await env.ok(LIU, 'me.bindBuilding', { buildingCode: 'B02' })
    const r = await post(LIU, '我自己家楼下的井盖松动了')
    const own = await env.call(LIU, 'request.accept', { id: r.id })
    expect(own).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('自己') },
    })
    expect((await env.ok(LIU, 'request.get', { id: r.id })).actions).toEqual(['cancel'])
    expect((await env.ok(LEADER1, 'request.accept', { id: r.id })).assigneeName).toBe('王建国')
  })

  test('the assignee reveals the whole phone only while handling it', async () => {
    const r = await post(WANG)
    await env.ok(LIU, 'request.accept', { id: r.id })
    expect((await env.ok(LIU, 'request.get', { id: r.id })).resident?.phone).toBe('138****5601')
    const whole = await env.ok(LIU, 'person.reveal', { kind: 'requestResident', id: r.id })
    expect(whole.phone).toBe('13812345601')
    const resolved = await env.ok(LIU, 'request.resolve', { id: r.id, note: '已处理完毕' })
    expect(resolved.resident?.phone).toBe('138****5601')
    expect(await env.call(LIU, 'person.reveal', { kind: 'requestResident', id: r.id })).toMatchObject(
      refusal('FORBIDDEN'),
    )
  })

  test('moving to another building without a room clears the old room', async () => {
    const who = `t-mover-${++seq}`
    await env.ok(who, 'me.bindBuilding', { buildingCode: 'B01', room: '3单元502' })
    const moved = await env.ok(who, 'me.bindBuilding', { buildingCode: 'B07' })
    expect(moved.room).toBeNull()
    expect((await env.ok(who, 'me.get', {})).room).toBeNull()
    const withRoom = await env.ok(who, 'me.bindBuilding', { buildingCode: 'B07', room: '1单元101' })
    expect(withRoom.room).toBe('1单元101')
  })
})

describe('the whole loop', () => {
  test('create → accept → resolve → rate, each an audit event, then nothing more', async () => {
    const me = await resident()
    const r = await post(me, '3单元门禁坏了，老人进出不方便')
    await env.ok(LIU, 'request.accept', { id: r.id })
    expect(await env.call(LEADER1, 'request.resolve', { id: r.id, note: '已修好' })).toMatchObject(
      refusal('FORBIDDEN'),
    )
    const resolved = await env.ok(LIU, 'request.resolve', {
      id: r.id,
      note: '  已联系物业更换门禁电源，恢复正常  ',
    })
    expect(resolved.status).toBe('resolved')
    expect(resolved.resolutionNote).toBe('已联系物业更换门禁电源，恢复正常')
    const mine = await env.ok(me, 'request.get', { id: r.id })
    expect(mine.actions).toEqual(['rate'])
    const closed = await env.ok(me, 'request.rate', {
      id: r.id,
      rating: 'satisfied',
      comment: '小刘来得很快',
    })
    expect(closed.status).toBe('closed')
    expect(closed.events.map((e) => [e.type, e.from, e.to])).toEqual([
      ['create', null, 'assigned'],
      ['accept', 'assigned', 'accepted'],
      ['resolve', 'accepted', 'resolved'],
      ['rate', 'resolved', 'closed'],
    ])
    expect(closed.events[1].actorName).toBe('刘芳')
    expect(closed.events[3].note).toBe('满意：小刘来得很快')
    expect(await env.call(me, 'request.rate', { id: r.id, rating: 'basic' })).toMatchObject(
      refusal('CONFLICT'),
    )
    const done = await env.ok(LIU, 'request.inbox', { tab: 'done' })
    expect(done.items.map((i) => i.id)).toContain(r.id)
  })

  test('the resident can cancel before acceptance, not after', async () => {
    const me = await resident()
    const a = await post(me)
    const cancelled = await env.ok(me, 'request.cancel', { id: a.id, reason: '已自行解决' })
    expect(cancelled.status).toBe('cancelled')
    expect(await env.call(LIU, 'request.accept', { id: a.id })).toMatchObject(refusal('CONFLICT'))
    const b = await post(me)
    await env.ok(LIU, 'request.accept', { id: b.id })
    expect(await env.call(me, 'request.cancel', { id: b.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/不能撤销/) },
    })
    expect(await env.call('demo-resident-2', 'request.cancel', { id: b.id })).toMatchObject(
      refusal('NOT_FOUND'),
    )
  })

  test('listMine shows only the caller’s own requests, newest first', async () => {
    const a = await post('demo-resident-2', '小区东门的垃圾桶满了没人清')
    const b = await post('demo-resident-2', '楼下有人长期占用消防通道停车')
    const mine = await env.ok('demo-resident-2', 'request.listMine', {})
    expect(mine.items.map((i) => i.id).slice(0, 2)).toEqual([b.id, a.id])
    const wang = await env.ok(WANG, 'request.listMine', {})
    expect(wang.items.map((i) => i.id)).not.toContain(a.id)
  })
})

describe('idempotency and limits', () => {
  test('repeating request.create with the same requestId returns the first request', async () => {
    const me = await resident()
    const before = await env.count(COLLECTIONS.requests)
    const input = { requestId: rid(), category: 'environment' as const, description: '楼道里堆满了纸箱杂物' }
    const [a, b] = await Promise.all([
      env.ok(me, 'request.create', input),
      env.ok(me, 'request.create', input),
    ])
    const c = await env.ok(me, 'request.create', { ...input, description: '换了描述也一样' })
    expect(b.id).toBe(a.id)
    expect(c.id).toBe(a.id)
    expect(c.description).toBe('楼道里堆满了纸箱杂物')
    expect(await env.count(COLLECTIONS.requests)).toBe(before + 1)
  })

  test('the same requestId from another resident is a different request', async () => {
    const requestId = rid()
    const a = await env.ok(await resident(), 'request.create', {
      requestId,
      category: 'other',
      description: '想咨询一下老年卡办理',
    })
    const b = await env.ok(await resident(), 'request.create', {
      requestId,
      category: 'other',
      description: '想咨询一下老年卡办理',
    })
    expect(a.id).not.toBe(b.id)
  })

  test('the limit holds against 20 parallel submissions, and a cancel frees a place', async () => {
    const who = await resident()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.call(who, 'request.create', {
          requestId: rid(),
          category: 'other',
          description: `同时提交的第${i + 1}件事`,
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(10)
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(10)
    const mine = await env.ok(who, 'request.listMine', {})
    expect(mine.items).toHaveLength(10)
    await env.ok(who, 'request.cancel', { id: mine.items[0].id })
    await env.ok(who, 'request.create', {
      requestId: rid(),
      category: 'other',
      description: '撤销一条后再提交',
    })
    expect(
      await env.call(who, 'request.create', {
        requestId: rid(),
        category: 'other',
        description: '又满了十条',
      }),
    ).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
  })

  test('at most 10 open requests per resident', async () => {
    const who = 'demo-resident-3'
    for (let i = 0; i < 10; i++) await post(who, `第${i + 1}件需要处理的事情`)
    const before = await env.count(COLLECTIONS.requests)
    const res = await env.call(who, 'request.create', {
      requestId: rid(),
      category: 'other',
      description: '第十一件事情',
    })
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/10条/) },
    })
    expect(await env.count(COLLECTIONS.requests)).toBe(before)
  })
})
