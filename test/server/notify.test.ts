/**
 * Notifications through the outbox: the entry is written with the event, fanned out into the
 * 消息 list, delivered as WeChat subscribe messages only against a grant, retried with backoff,
 * and every message ends sent or failed — never dropped, never sent twice. The local environment
 * answers subscribeMessage.send through the real SDK and records what it "sent".
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { BACKOFF_MS, MAX_ATTEMPTS } from '../../cloudfunctions/core/notify/deliver'
import { fanOutRequest } from '../../cloudfunctions/core/notify/fanout'
import type { MessageDoc, RequestDoc, SubscriptionDoc } from '../../cloudfunctions/core/model'
import { createApi } from '../../cloudfunctions/core/router'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput, ActionName, ActionOutput } from '../../src/domain/contract'
import { fitField, templateData } from '../../src/domain/notify'
import { fileEnv, startTestEnv } from '../support/env'
import { bj } from '../support/time'

/** Which recipients' sends the local WeChat refuses, and with what. */
const refuse = new Map<string, number>()
const env = fileEnv({
  at: '2026-12-02T10:00:00+08:00',
  wx: { failWith: (m) => refuse.get(m.touser) ?? null },
})

const MIN = 60_000
let clock = bj('2026-11-24T09:00:00') // a Tuesday

function api() {
  const a = createApi(env.deps(() => clock))
  return {
    async ok<A extends ActionName>(openid: string, action: A, input: ActionInput<A>) {
      const res = await a.handle({ action, input }, openid)
      if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`)
      return res.data as ActionOutput<A>
    },
    call<A extends ActionName>(openid: string, action: A, input: ActionInput<A>) {
      return a.handle({ action, input }, openid)
    },
  }
}
const schedule = () => runScheduler(env.deps(() => clock))

let seq = 0
async function post(
  building: string,
  openid = `t-ntf-${++seq}`,
  description = '楼道灯坏了一个星期，晚上看不见台阶',
) {
  await env.ok(openid, 'me.bindBuilding', { buildingCode: building })
  const r = await api().ok(openid, 'request.create', {
    requestId: `ntf-${++seq}-xxxxxx`,
    category: 'facility',
    description,
  })
  return { who: openid, id: r.id }
}

async function messagesOf(requestId: string): Promise<MessageDoc[]> {
  const res = await env.db.collection(COLLECTIONS.messages).where({ targetId: requestId }).limit(1000).get()
  return res.data as MessageDoc[]
}
async function stored(id: string): Promise<RequestDoc> {
  return (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
}
async function grants(openid: string, template = 'task'): Promise<number> {
  const res = await env.db.collection(COLLECTIONS.subscriptions).doc(`${openid}|${template}`).get()
  return (res.data?.[0] as SubscriptionDoc | undefined)?.grants ?? 0
}
async function subscribe(openid: string, times: number, template = 'local-task') {
  for (let i = 0; i < times; i++)
    await api().ok(openid, 'notify.subscribed', { results: { [template]: 'accept' } })
}

describe('the outbox is written with the event and fanned out into the 消息 list', () => {
  test('a new request: the entry is in the same document, the micro-grid member gets a message at once', async () => {
    const { who, id } = await post('B01') // 刘芳's micro-grid
    const doc = await stored(id)
    // The grid's task, and 1号楼's 楼栋长 hears of it (the category, no words of the resident's).
    expect(doc.outbox).toHaveLength(2)
    expect(doc.outbox[0]).toMatchObject({
      seq: 0,
      kind: 'task',
      to: [{ grid: 'g-1-1-1' }],
      exceptOpenid: who,
    })
    expect(doc.outbox[1]).toMatchObject({
      seq: 1,
      kind: 'progress',
      to: [{ buildingLeadersOf: 'B01' }],
      title: '楼里有新诉求',
    })
    expect(doc).toMatchObject({ outboxSeq: 2, outboxFanned: 2, outboxPending: false })

    const msgs = await messagesOf(id)
    expect(msgs.map((m) => m.openid).sort()).toEqual(['demo-building-leader-1', 'demo-member-1-1'])
    expect(msgs.find((m) => m.openid === 'demo-member-1-1')).toMatchObject({
      kind: 'task',
      title: '新诉求待接单',
      push: 'pending',
      read: false,
    })

    const list = await api().ok('demo-member-1-1', 'message.list', {})
    expect(list.items.find((m) => m.targetId === id)).toMatchObject({ title: '新诉求待接单', read: false })
    expect(list.unread).toBeGreaterThanOrEqual(1)
    // The resident is not told about their own request.
    expect((await api().ok(who, 'message.list', {})).items).toHaveLength(0)
  })

  test('accepted and resolved reach the resident; a 催办 reaches the assignee, not the leader who chased', async () => {
    const { who, id } = await post('B01')
    await api().ok('demo-member-1-1', 'request.accept', { id })
    await api().ok('demo-leader-1', 'request.chase', { id, note: '居民着急，今天处理' })
    await api().ok('demo-member-1-1', 'request.resolve', { id, note: '已更换灯泡' })
    const msgs = await messagesOf(id)
    const to = (openid: string) => msgs.filter((m) => m.openid === openid).map((m) => m.title)
    expect(to(who)).toEqual(expect.arrayContaining(['您的诉求已有网格员接单', '您的诉求已办结，请评价']))
    expect(to('demo-member-1-1')).toEqual(expect.arrayContaining(['新诉求待接单', '上级催办']))
    expect(to('demo-leader-1')).toEqual([])
    const doc = await stored(id)
    // 新诉求 and 办结 also to 1号楼's 楼栋长.
    expect(doc.outbox.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5])
    expect(to('demo-building-leader-1')).toEqual(['楼里有新诉求', '楼里的诉求已办结'])
  })

  test('an escalation by the clock tells the grid above; the system chase tells the assignee and their leader', async () => {
    const t0 = clock
    const { id } = await post('B03') // 陈明's micro-grid; 设施: accept within 1 working day
    clock = new Date(t0.getTime() + 3 * 24 * 60 * MIN)
    await schedule()
    let msgs = await messagesOf(id)
    expect((await stored(id)).gridId).toBe('g-1-1')
    expect(msgs.filter((m) => m.openid === 'demo-leader-1').map((m) => m.title)).toContain(
      '超时未接单，已上报至本级',
    )
    await api().ok('demo-leader-1', 'request.dispatch', { id, gridId: 'g-1-1-2' })
    await api().ok('demo-member-1-2', 'request.accept', { id })
    clock = new Date(clock.getTime() + 10 * 24 * 60 * MIN)
    expect((await schedule()).chased).toBeGreaterThanOrEqual(1)
    msgs = await messagesOf(id)
    const chase = msgs.filter((m) => m.title === '已超过办结时限').map((m) => m.openid)
    expect(chase.sort()).toEqual(['demo-leader-1', 'demo-member-1-2'])
    clock = t0
  })

  test('fanning out again (a crash before the outbox was marked done) creates nothing twice', async () => {
    const { id } = await post('B02')
    const before = await messagesOf(id)
    await env.db.collection(COLLECTIONS.requests).doc(id).update({ outboxPending: true, outboxFanned: 0 })
    const again = await fanOutRequest(env.db, await stored(id), clock)
    expect(again).toEqual({ created: 0, done: true })
    await schedule()
    expect(await messagesOf(id)).toHaveLength(before.length)
  })
})

describe('delivery: only against a grant, retried with backoff, every message ends sent or failed', () => {
  test('without a grant the message stays in the list and is marked failed with the reason', async () => {
    const { id, who } = await post('B05') // 杨雪梅
    await schedule()
    const [m] = await messagesOf(id)
    expect(m).toMatchObject({ push: 'failed', reason: '对方未订阅微信提醒，仅在消息列表中可见' })
    expect(env.localWx.sent.filter((s) => s.page.endsWith(id))).toHaveLength(0)
    const view = (await api().ok('demo-member-2-1', 'message.list', {})).items.find((x) => x.targetId === id)
    expect(view?.pushText).toBe('未能发送微信提醒：对方未订阅微信提醒，仅在消息列表中可见')
    // The resident who posted it hears the news, not how it was delivered.
    await api().ok('demo-member-2-1', 'request.accept', { id })
    await schedule()
    const mine = (await api().ok(who, 'message.list', {})).items
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((m) => m.pushText === null)).toBe(true)
  })

  test('with grants: one grant per message, fields fitted to the template, a second run sends nothing', async () => {
    await subscribe('demo-member-2-1', 2)
    expect((await api().ok('demo-member-2-1', 'notify.settings', {})).grants.task).toBe(2)
    const long = '六号楼三单元门口的路灯坏了好几天了晚上老人出门很不安全希望尽快修好谢谢'
    const { id } = await post('B05', undefined, long)
    const report = await schedule()
    expect(report.delivery.sent).toBeGreaterThanOrEqual(1)
    const [m] = await messagesOf(id)
    expect(m).toMatchObject({ push: 'sent', grantHeld: false })
    expect(await grants('demo-member-2-1')).toBe(1)

    const sends = env.localWx.sent.filter((s) => s.page === `packages/grid/pages/detail/index?id=${id}`)
    expect(sends).toHaveLength(1)
    expect(sends[0]).toMatchObject({ touser: 'demo-member-2-1', template_id: 'local-task' })
    expect(Array.from(sends[0].data.thing2.value)).toHaveLength(20)
    expect(sends[0].data.thing2.value.endsWith('…')).toBe(true)
    expect(sends[0].data).toEqual(templateData('task', m.fields))

    const again = await schedule()
    expect(again.delivery).toEqual({ sent: 0, failed: 0, retrying: 0 })
    expect(env.localWx.sent.filter((s) => s.page.endsWith(id))).toHaveLength(1)
  })

  test('a refused grant (43101) fails at once and clears the count; bad data (47003) fails and gives the grant back', async () => {
    await subscribe('demo-member-2-2', 3)
    refuse.set('demo-member-2-2', 43101)
    const a = await post('B07') // 黄志强
    await schedule()
    expect((await messagesOf(a.id))[0]).toMatchObject({
      push: 'failed',
      reason: '用户拒收或订阅次数已用完（43101）',
    })
    expect(await grants('demo-member-2-2')).toBe(0)

    await subscribe('demo-member-2-2', 1)
    refuse.set('demo-member-2-2', 47003)
    const b = await post('B07')
    await schedule()
    expect((await messagesOf(b.id))[0]).toMatchObject({
      push: 'failed',
      reason: '模板参数不符合要求（47003）',
    })
    expect(await grants('demo-member-2-2')).toBe(1)
    refuse.delete('demo-member-2-2')
  })

  test('transient errors retry with backoff; after the last attempt it fails and the grant comes back', async () => {
    await subscribe('demo-member-3-1', 1)
    refuse.set('demo-member-3-1', -1)
    const t0 = clock
    const { id } = await post('B09') // 周婷
    await schedule()
    let [m] = await messagesOf(id)
    expect(m).toMatchObject({ push: 'pending', attempts: 1, grantHeld: true })
    expect(m.nextAttemptAt.getTime()).toBe(t0.getTime() + BACKOFF_MS[0])
    expect(await grants('demo-member-3-1')).toBe(0)
    // Not due yet: nothing happens.
    clock = new Date(t0.getTime() + BACKOFF_MS[0] - 1000)
    await schedule()
    expect((await messagesOf(id))[0].attempts).toBe(1)
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      clock = new Date((await messagesOf(id))[0].nextAttemptAt.getTime())
      await schedule()
    }
    ;[m] = await messagesOf(id)
    expect(m.attempts).toBe(MAX_ATTEMPTS)
    expect(m).toMatchObject({ push: 'failed', grantHeld: false })
    expect(m.reason).toContain(`重试${MAX_ATTEMPTS}次仍失败`)
    expect(await grants('demo-member-3-1')).toBe(1)
    refuse.delete('demo-member-3-1')
    clock = t0
  })

  test('a send interrupted by a crash is not sent again: it ends failed, visibly', async () => {
    await subscribe('demo-member-3-1', 1)
    const { id } = await post('B10')
    const [m] = await messagesOf(id)
    // As if a run claimed it and died before WeChat answered.
    await env.db
      .collection(COLLECTIONS.messages)
      .doc(m._id)
      .update({ push: 'sending', attempts: 1, grantHeld: true, leaseUntil: new Date(clock.getTime() - 1) })
    await schedule()
    const [after] = await messagesOf(id)
    expect(after).toMatchObject({ push: 'failed', reason: '发送中断，结果未知；为避免重复提醒，不再重发' })
    expect(env.localWx.sent.filter((s) => s.page.endsWith(id))).toHaveLength(0)
  })

  test('a share of sends failing: every message ends sent or failed, and no message is sent twice', async () => {
    // Its own environment: the local WeChat fails 40 % of sends (seeded, so the run is repeatable).
    let state = 7
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647
    const flaky = await startTestEnv({ at: '2026-12-02T10:00:00+08:00', wx: { failRate: 0.4, random } })
    try {
      const t = bj('2026-11-24T09:00:00')
      let now = t
      const a = createApi(flaky.deps(() => now))
      const call = async <A extends ActionName>(openid: string, action: A, input: ActionInput<A>) => {
        const res = await a.handle({ action, input }, openid)
        if (!res.ok) throw new Error(`${action}: ${res.error.message}`)
        return res.data as ActionOutput<A>
      }
      const members = ['demo-member-1-1', 'demo-member-1-2', 'demo-member-2-1', 'demo-member-2-2']
      for (const m of members) {
        for (let i = 0; i < 10; i++)
          await call(m, 'notify.subscribed', { results: { 'local-task': 'accept' } })
      }
      const ids: string[] = []
      for (let i = 0; i < 32; i++) {
        const who = `t-flaky-${i}`
        await call(who, 'me.bindBuilding', { buildingCode: ['B01', 'B03', 'B05', 'B07'][i % 4] })
        ids.push(
          (
            await call(who, 'request.create', {
              requestId: `flaky-${i}-xxxx`,
              category: 'facility',
              description: '小区门口的垃圾三天没人清运了',
            })
          ).id,
        )
      }
      for (let run = 0; run < 12; run++) {
        await runScheduler(flaky.deps(() => now))
        now = new Date(now.getTime() + 10 * MIN)
      }
      const res = await flaky.db
        .collection(COLLECTIONS.messages)
        .where({ targetId: flaky.db.command.in(ids) })
        .limit(1000)
        .get()
      const msgs = res.data as MessageDoc[]
      // 32 to the grids, and 8 to 1号楼's 楼栋长 (every fourth request is in B01).
      expect(msgs).toHaveLength(40)
      expect(msgs.every((m) => m.push === 'sent' || (m.push === 'failed' && !!m.reason))).toBe(true)
      const sent = msgs.filter((m) => m.push === 'sent')
      const failures = flaky.localWx.answers.filter((x) => x.errcode !== 0).length
      expect(failures).toBeGreaterThan(0) // the failure injection really happened
      expect(sent.length).toBeGreaterThan(0)
      // Every sent message reached WeChat exactly once, and nothing else did.
      const keys = flaky.localWx.sent
        .filter((s) => ids.some((id) => s.page.endsWith(id)))
        .map((s) => `${s.touser} ${s.page}`)
      expect(new Set(keys).size).toBe(keys.length)
      expect(keys).toHaveLength(sent.length)
      // Grants used = messages sent; every other grant is still there.
      let left = 0
      for (const m of members) {
        const g = await flaky.db.collection(COLLECTIONS.subscriptions).doc(`${m}|task`).get()
        left += (g.data[0] as SubscriptionDoc).grants
      }
      const seededSent = flaky.localWx.sent.length - keys.length
      expect(left).toBe(members.length * 10 - sent.length - seededSent)
    } finally {
      await flaky.close()
    }
  })
})

describe('bad input and other people’s messages', () => {
  test('nobody reads or marks someone else’s messages', async () => {
    const { id } = await post('B01')
    const [m] = await messagesOf(id)
    const res = await api().ok('demo-member-2-1', 'message.read', { ids: [m._id] })
    expect(typeof res.unread).toBe('number')
    expect((await messagesOf(id))[0].read).toBe(false)
    const other = await api().ok('demo-member-2-1', 'message.list', {})
    expect(other.items.some((x) => x.id === m._id)).toBe(false)
    const mine = await api().ok('demo-member-1-1', 'message.read', { ids: [m._id] })
    expect((await messagesOf(id))[0].read).toBe(true)
    expect(mine.unread).toBe((await api().ok('demo-member-1-1', 'message.list', {})).unread)
  })

  test('subscribe results are checked; unknown templates and refusals grant nothing', async () => {
    const bad = await api().call('t-ntf-bad', 'notify.subscribed', {
      results: { 'local-task': 'yes' as never },
    })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '订阅结果不正确' } })
    const many = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`t${i}`, 'accept' as const]))
    const tooMany = await api().call('t-ntf-bad', 'notify.subscribed', { results: many })
    expect(tooMany).toMatchObject({ ok: false, error: { message: '一次最多订阅5个模板' } })
    const res = await api().ok('t-ntf-bad', 'notify.subscribed', {
      results: { 'local-task': 'reject', 'someone-elses-template': 'accept' },
    })
    expect(res.grants).toEqual({ task: 0, progress: 0 })
    expect(await env.count(COLLECTIONS.subscriptions)).toBeGreaterThan(0)
    expect(await grants('t-ntf-bad')).toBe(0)
  })

  test('without an identity nothing is listed', async () => {
    const res = await env.raw(null, { action: 'message.list', input: {} })
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})

describe('fitting a value to a subscribe-message keyword', () => {
  test.each([
    ['thing', '一二三四五六七八九十一二三四五六七八九十一', '一二三四五六七八九十一二三四五六七八九…'],
    ['thing', '短', '短'],
    ['phrase', '已办结 ok', '已办结'],
    ['phrase', '不满意重新办理', '不满意重新'],
    ['character_string', '261124-AB12CD 工单', '261124-AB12CD'],
  ] as const)('%s %s', (type, value, expected) => {
    expect(fitField(type, value)).toBe(expected)
  })
  test('time is Beijing time', () => {
    expect(fitField('time', '2026-11-24T01:30:00.000Z')).toBe('2026年11月24日 09:30')
  })
})
