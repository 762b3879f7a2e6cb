/**
 * The timer's cost at scale: 100,000 open requests of which 1% are past their accept clock.
 * One run moves the due ones up a level; a second run in the same minute finds nothing to do —
 * that is the scan cost every minute pays.
 */
import { newRequestDoc, routeForBuilding } from '../cloudfunctions/core/requests/create'
import { connectApp, collection } from '../cloudfunctions/core/db'
import type { RequestDoc } from '../cloudfunctions/core/model'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { wxApi } from '../cloudfunctions/core/wx'
import { demoBuildings } from '../local/demo'
import { cloudFiles } from '../cloudfunctions/core/files'
import { seedDemo } from '../local/seed'
import { CATEGORIES } from '../src/domain/categories'
import { int, ms } from './format'
import { inLocalCloud } from './cloud'
import { progress } from './log'
import type { Table } from './table'
import { benchClock } from './clock'
import { BUILT_IN_CALENDAR } from '../src/domain/calendar'

const MIN = 60_000
/** Sensitive ones go to the community, not the grids whose timers are benched here. */
const GRID_CATEGORIES = CATEGORIES.filter((c) => !c.sensitive).map((c) => c.code)

export async function measureScheduler(root: string, open: number, dueShare: number): Promise<Table> {
  return inLocalCloud({ root, name: 'sched' }, async ({ tcb }) => {
    const app = connectApp(tcb.url)
    const db = app.database()
    const wx = wxApi(app)
    await seedDemo(app, benchClock())
    const now = benchClock()
    const buildings = demoBuildings()
    const routes = await Promise.all(buildings.map((b) => routeForBuilding(db, b)))
    const due = Math.round(open * dueShare)
    progress(`scheduler: loading ${int(open)} open requests, ${int(due)} due`)
    const docs: RequestDoc[] = []
    for (let i = 0; i < open; i++) {
      const b = i % buildings.length
      const createdAt = new Date(now.getTime() - ((i * 7919) % (3 * 24 * 60)) * MIN)
      const doc = newRequestDoc({
        calendar: BUILT_IN_CALENDAR,
        id: `sched${String(i).padStart(7, '0')}`,
        requestId: `sched-${i}`,
        resident: { openid: `bench-sched-${i % 5000}`, name: '居民' },
        building: buildings[b],
        grid: routes[b],
        category: GRID_CATEGORIES[i % GRID_CATEGORIES.length],
        description: '基准测试用的诉求',
        at: createdAt,
      })
      // Every 100th is past its accept clock; half of the rest are in progress and not yet late.
      if (i % Math.round(1 / dueShare) === 0) doc.acceptBy = new Date(now.getTime() - MIN)
      else {
        doc.acceptBy = new Date(now.getTime() + 24 * 60 * MIN)
        if (i % 2 === 1) {
          doc.status = 'accepted'
          doc.assigneeOpenid = 'demo-member-1-1'
          doc.assigneeName = '刘芳'
          doc.resolveBy = new Date(now.getTime() + 24 * 60 * MIN)
        }
      }
      // Told long ago: only what this run does makes new messages.
      doc.outboxPending = false
      doc.outboxFanned = doc.outboxSeq
      docs.push(doc)
    }
    for (let i = 0; i < docs.length; i += 1000) {
      await collection(db, 'requests').add(docs.slice(i, i + 1000))
    }
    progress('scheduler: first run (moves the due ones)')
    let t = performance.now()
    const first = await runScheduler({ db, wx, files: cloudFiles(app), now: () => now })
    const firstMs = performance.now() - t
    progress('scheduler: second run, same minute (nothing due)')
    t = performance.now()
    const second = await runScheduler({ db, wx, files: cloudFiles(app), now: () => now })
    const secondMs = performance.now() - t
    return {
      title: `scheduler at ${int(open)} open requests, ${int(due)} past their accept clock (local TCB, one process)`,
      head: ['run', 'escalated', 'chased', 'closed', 'ms', 'ms per due item'],
      rows: [
        [
          'first (due ones move up)',
          int(first.acceptTimeouts),
          int(first.chased),
          int(first.autoClosed),
          ms(firstMs),
          ms(firstMs / Math.max(1, first.acceptTimeouts)),
        ],
        [
          'second, same minute',
          int(second.acceptTimeouts),
          int(second.chased),
          int(second.autoClosed),
          ms(secondMs),
          '—',
        ],
      ],
      notes: [
        'each move: find due (index status_acceptBy), read the grid above, one conditional update with the event',
        'the first run also fans each escalation out to the grid above (消息) and settles its WeChat delivery',
        'the second run is the cost every minute pays when nothing is due',
      ],
    }
  })
}
