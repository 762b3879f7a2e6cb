import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { newRequestDoc } from '../../cloudfunctions/core/requests/create'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const ZHOU = 'demo-member-3-1' // 第三网格 1号微网格 (B09, B10)

/**
 * Requests filed on a rest day all fall due at the end of the same working day, so the inbox
 * must page correctly through ties of its sort key. Stored directly: the shape is what matters.
 */
async function storeTied(count: number, acceptBy: Date): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const id = `tie${String(i).padStart(3, '0')}`
    const at = new Date(acceptBy.getTime() - 3600_000 - i * 1000)
    const doc: RequestDoc = {
      ...newRequestDoc({
        calendar: BUILT_IN_CALENDAR,
        id,
        requestId: `tied-${i}`,
        resident: { openid: `t-tied-${i}`, name: '测试居民' },
        building: {
          _id: 'B09',
          name: '9号楼',
          address: '幸福里小区9号楼',
          communityId: 'c-xingfuli',
          gridId: 'g-1-3-1',
        },
        grid: { id: 'g-1-3-1', name: '第三网格 · 1号微网格', path: ['g-1', 'g-1-3', 'g-1-3-1'], level: 3 },
        category: 'facility',
        description: `国庆假期里报的第${i + 1}件事`,
        at,
      }),
      acceptBy,
    }
    await env.db.collection(COLLECTIONS.requests).add(doc)
    ids.push(id)
  }
  return ids
}

test('待接单 pages through ties of the deadline without repeats or gaps, most urgent first', async () => {
  const tied = await storeTied(45, new Date('2026-10-08T15:59:59.999Z'))
  const seen: string[] = []
  const deadlines: number[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await env.ok(ZHOU, 'request.inbox', { tab: 'assigned', cursor })
    seen.push(...page.items.map((i) => i.id))
    deadlines.push(...page.items.map((i) => Date.parse(i.acceptBy)))
    cursor = page.nextCursor ?? undefined
    pages++
    expect(page.counts.assigned).toBeGreaterThanOrEqual(45)
  } while (cursor && pages < 10)
  expect(pages).toBe(3)
  expect(new Set(seen).size).toBe(seen.length)
  expect(seen).toEqual(expect.arrayContaining(tied))
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b))
})

test('my requests page newest first, 20 at a time', async () => {
  const who = 't-pager'
  await env.ok(who, 'me.bindBuilding', { buildingCode: 'B09' })
  for (let i = 0; i < 25; i++) {
    const r = await env.ok(who, 'request.create', {
      requestId: `pager-${i}-xxxx`,
      category: 'other',
      description: `第${i + 1}件小事`,
    })
    if (i < 20) await env.ok(who, 'request.cancel', { id: r.id })
  }
  const first = await env.ok(who, 'request.listMine', {})
  expect(first.items).toHaveLength(20)
  expect(first.items[0].description).toBe('第25件小事')
  const second = await env.ok(who, 'request.listMine', { cursor: first.nextCursor ?? undefined })
  expect(second.items.map((i) => i.description)).toEqual([
    '第5件小事',
    '第4件小事',
    '第3件小事',
    '第2件小事',
    '第1件小事',
  ])
  expect(second.nextCursor).toBeNull()
})

test('a forged cursor is INVALID_INPUT', async () => {
  expect(
    await env.raw(ZHOU, { action: 'request.inbox', input: { tab: 'assigned', cursor: '{"$gt":""}' } }),
  ).toMatchObject(refusal('INVALID_INPUT'))
})
