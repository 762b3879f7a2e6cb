/**
 * The app's main list queries over more documents than the test environment lets a query sort in
 * memory (FULL_SORT_LIMIT, refused there): each must be walked in order by a declared index
 * (cloudbaserc.json), as CloudBase would otherwise sort every match too (issue 21).
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { newRequestDoc } from '../../cloudfunctions/core/requests/create'
import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'
import { FULL_SORT_LIMIT, fileEnv } from '../support/env'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const RESIDENT = 'demo-resident-1'
const STATUSES = ['assigned', 'accepted', 'resolved'] as const
/** More than the limit in each status. */
const MANY = 3 * (FULL_SORT_LIMIT + 100)

/** MANY requests of one resident in 第三网格 1号微网格, a third in each status, oldest first. */
async function storeMany(): Promise<void> {
  const docs: RequestDoc[] = []
  for (let i = 0; i < MANY; i++) {
    const at = new Date(Date.parse('2026-08-01T00:00:00Z') + i * 3600_000)
    const doc = newRequestDoc({
      calendar: BUILT_IN_CALENDAR,
      id: `many${String(i).padStart(4, '0')}`,
      requestId: `many-${i}`,
      resident: { openid: RESIDENT, name: '测试居民' },
      building: {
        _id: 'B09',
        name: '9号楼',
        address: '幸福里小区9号楼',
        communityId: 'c-xingfuli',
        gridId: 'g-1-3-1',
      },
      grid: { id: 'g-1-3-1', name: '第三网格 · 1号微网格', path: ['g-1', 'g-1-3', 'g-1-3-1'], level: 3 },
      category: 'facility',
      description: `第${i + 1}件事`,
      at,
    })
    docs.push({ ...doc, status: STATUSES[i % STATUSES.length] })
  }
  for (let i = 0; i < docs.length; i += 500)
    await env.db.collection(COLLECTIONS.requests).add(docs.slice(i, i + 500))
}

beforeAll(storeMany)

const newestFirst = (items: Array<{ createdAt: string }>) =>
  items.every((x, i) => i === 0 || Date.parse(items[i - 1].createdAt) >= Date.parse(x.createdAt))

test('a sort no index walks is refused above the limit (the check itself can fail)', async () => {
  const res = env.db
    .collection(COLLECTIONS.requests)
    .where({ communityId: 'c-xingfuli' })
    .orderBy('description', 'asc')
    .limit(20)
    .get()
  await expect(res).rejects.toThrow(/sorts \d+ documents in memory/)
  expect(env.fullSorts().map((s) => s.collection)).toEqual(['requests'])
  env.fullSorts().length = 0
})

test.each([
  ['demo-admin', 'done'],
  ['demo-admin', 'accepted'],
  ['demo-admin', 'assigned'],
  ['demo-leader-3', 'done'],
  ['demo-leader-3', 'accepted'],
  ['demo-member-3-1', 'done'],
  ['demo-member-3-1', 'assigned'],
] as const)('request.inbox of %s, tab %s, two pages, without a full sort', async (who, tab) => {
  const first = await env.ok(who, 'request.inbox', { tab, cursor: undefined })
  expect(first.items).toHaveLength(20)
  const second = await env.ok(who, 'request.inbox', { tab, cursor: first.nextCursor ?? undefined })
  expect(second.items).toHaveLength(20)
  expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(40)
  if (tab !== 'assigned') expect(newestFirst([...first.items, ...second.items])).toBe(true)
  expect(env.fullSorts()).toEqual([])
})

test('request.listMine pages newest first without a full sort', async () => {
  const first = await env.ok(RESIDENT, 'request.listMine', { cursor: undefined })
  const second = await env.ok(RESIDENT, 'request.listMine', { cursor: first.nextCursor ?? undefined })
  expect([...first.items, ...second.items].map((i) => i.id).slice(0, 2)).toEqual([
    `many${MANY - 1}`,
    `many${MANY - 2}`,
  ])
  expect(newestFirst([...first.items, ...second.items])).toBe(true)
  expect(env.fullSorts()).toEqual([])
})

test.each(['demo-admin', 'demo-leader-3'])('request.overdue of %s without a full sort', async (who) => {
  const list = await env.ok(who, 'request.overdue', {})
  expect(list.items.length).toBeGreaterThan(0)
  expect(env.fullSorts()).toEqual([])
})
