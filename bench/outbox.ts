/**
 * The outbox: how fast queued subscribe messages go out through the SDK to the local WeChat
 * openapi, and how long from `request.create` to the grid member's message recorded as sent when
 * the scheduler runs right after (in CloudBase the timer adds up to a minute of waiting on top).
 */
import { connectApp, collection } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import type { MessageDoc, SubscriptionDoc } from '../cloudfunctions/core/model'
import { Delivery, subscriptionId } from '../cloudfunctions/core/notify/deliver'
import { unsent } from '../cloudfunctions/core/notify/fanout'
import { createApi } from '../cloudfunctions/core/router'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { wxApi } from '../cloudfunctions/core/wx'
import { seedDemo } from '../local/seed'
import { int, ms } from './format'
import { inLocalCloud } from './cloud'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'
import { benchClock } from './clock'

const MEMBER = 'demo-member-1-1'

export async function measureOutbox(root: string, queued: number, samples: number): Promise<Table> {
  return inLocalCloud({ root, name: 'outbox' }, async ({ tcb, wx: localWx }) => {
    const app = connectApp(tcb.url)
    const db = app.database()
    const wx = wxApi(app)
    await seedDemo(app, benchClock())
    const grant: SubscriptionDoc = {
      _id: subscriptionId(MEMBER, 'task'),
      openid: MEMBER,
      template: 'task',
      grants: 1_000_000,
      updatedAt: benchClock(),
    }
    await collection(db, 'subscriptions').add(grant)

    // 1. Throughput: a backlog of due messages, one delivery run.
    progress(`outbox: delivering ${int(queued)} queued messages`)
    const at = benchClock()
    const backlog: MessageDoc[] = Array.from({ length: queued }, (_, i) => ({
      _id: `bench-msg-${String(i).padStart(7, '0')}`,
      openid: MEMBER,
      communityId: 'c-xingfuli',
      kind: 'task',
      title: '新诉求待接单',
      body: '1号楼：楼道灯坏了',
      target: 'request',
      targetId: `bench-req-${i}`,
      subject: `261122-B${String(i).padStart(5, '0')}`,
      fields: {
        no: `261122-B${String(i).padStart(5, '0')}`,
        what: '3单元楼道的声控灯坏了一个星期，晚上老人上下楼看不见',
        where: '1号楼',
        state: '待接单',
        time: at.toISOString(),
        note: '新诉求待接单',
      },
      template: 'task',
      createdAt: at,
      ...unsent(at),
    }))
    for (let i = 0; i < backlog.length; i += 1000) {
      await collection(db, 'messages').add(backlog.slice(i, i + 1000))
    }
    let t = performance.now()
    const run = await new Delivery(db, wx).run(at)
    const deliverMs = performance.now() - t

    // 2. create → sent, one request at a time, the scheduler run right after each.
    progress(`outbox: ${samples} × request.create → scheduler → sent`)
    let now = benchClock()
    const api = createApi({ db, files: cloudFiles(app), wx, now: () => now })
    const total: number[] = []
    const create: number[] = []
    for (let i = 0; i < samples; i++) {
      const who = `bench-outbox-${i}`
      await api.handle({ action: 'me.bindBuilding', input: { buildingCode: 'B01' } }, who)
      const before = localWx.sent.length
      now = benchClock()
      t = performance.now()
      const res = await api.handle(
        {
          action: 'request.create',
          input: {
            requestId: `bench-outbox-${i}-x`,
            category: 'facility',
            description: '楼道的灯坏了好几天',
          },
        },
        who,
      )
      const created = performance.now()
      if (!res.ok) throw new Error(`create: ${res.error.message}`)
      await runScheduler({ db, wx, files: cloudFiles(app), now: () => now })
      if (localWx.sent.length !== before + 1) throw new Error('the member’s message was not sent')
      total.push(performance.now() - t)
      create.push(created - t)
    }
    const s = summarize(total)
    const c = summarize(create)
    return {
      title: `outbox: WeChat subscribe messages through the SDK to the local openapi (one process)`,
      head: ['measure', 'n', 'p50 ms', 'p99 ms', 'figure'],
      rows: [
        [
          'delivery run, backlog of due messages',
          int(queued),
          '—',
          '—',
          `${int(run.sent / (deliverMs / 1000))} messages/s (${int(run.sent)} sent in ${ms(deliverMs)} ms)`,
        ],
        ['request.create (outbox entry + fan-out to 消息)', int(c.n), ms(c.p50), ms(c.p99), '—'],
        ['request.create → member’s message sent', int(s.n), ms(s.p50), ms(s.p99), `max ${ms(s.max)} ms`],
      ],
      notes: [
        'each send: claim (conditional update), take a grant, wx.api via the SDK, mark sent: 4 writes',
        'create → sent runs the scheduler at once; in CloudBase the minute timer adds 0–60 s of waiting',
      ],
    }
  })
}
