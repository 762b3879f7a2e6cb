import { COLLECTIONS, type CloudApp } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { wxApi } from '../cloudfunctions/core/wx'
import { createApi } from '../cloudfunctions/core/router'
import { HOUR_MS } from '../src/domain/time'
import { COMMUNITY, demoBuildings, demoGrids, demoMemberships, demoUsers, demoVolunteers } from './demo'

/**
 * A few requests in every state, made through the real use cases (not inserted by hand), so a
 * first look at the workbench or the admin view is not empty — one a sensitive report (治安线索).
 * Fixed requestIds keep it idempotent.
 */
const DEMO_REQUESTS: {
  requestId: string
  by: string
  category: 'facility' | 'environment' | 'dispute' | 'help' | 'utility' | 'other'
  description: string
  hoursAgo: number
  steps: { action: 'request.accept' | 'request.resolve' | 'request.rate'; by: string; input?: object }[]
}[] = [
  {
    requestId: 'demo-seed-0001',
    by: 'demo-resident-1',
    category: 'facility',
    description: '3单元楼道的声控灯坏了好几天，晚上上下楼看不清，怕摔跤。',
    hoursAgo: 3,
    steps: [],
  },
  {
    requestId: 'demo-seed-0002',
    by: 'demo-resident-2',
    category: 'environment',
    description: '楼下绿化带里堆了很多装修垃圾，已经一个多星期没人清运了。',
    hoursAgo: 26,
    steps: [{ action: 'request.accept', by: 'demo-member-1-2' }],
  },
  {
    requestId: 'demo-seed-0003',
    by: 'demo-resident-3',
    category: 'dispute',
    description: '楼上邻居家卫生间漏水，渗到我家天花板，沟通了两次没有结果，希望网格员帮忙协调。',
    hoursAgo: 70,
    steps: [
      { action: 'request.accept', by: 'demo-member-2-2' },
      {
        action: 'request.resolve',
        by: 'demo-member-2-2',
        input: { note: '已约双方到社区调解室面谈，楼上住户同意本周内请师傅维修防水层，费用由其承担。' },
      },
    ],
  },
  {
    requestId: 'demo-seed-0004',
    by: 'demo-resident-4',
    category: 'help',
    description: '我一个人住，腿脚不方便，下周要去医院复查，想问问社区能不能帮忙找人陪同。',
    hoursAgo: 5,
    steps: [],
  },
  {
    requestId: 'demo-seed-0005',
    by: 'demo-resident-1',
    category: 'utility',
    description: '家里暖气片不热，室温只有十四五度，老伴有点感冒了。',
    hoursAgo: 120,
    steps: [
      { action: 'request.accept', by: 'demo-member-1-1' },
      {
        action: 'request.resolve',
        by: 'demo-member-1-1',
        input: { note: '已联系热力公司上门排气，暖气恢复正常，室温20度。' },
      },
      {
        action: 'request.rate',
        by: 'demo-resident-1',
        input: { rating: 'satisfied', comment: '小刘跑前跑后，很及时，谢谢！' },
      },
    ],
  },
  {
    // 治安线索: its words are the content check's, so it goes straight to the community (李秀兰),
    // labelled 违法犯罪 — 陈明 and 王建国, who serve 3号楼, never see it.
    requestId: 'demo-seed-0006',
    by: 'demo-resident-2',
    category: 'other',
    description: '地下车库最近晚上总有几个人聚在角落，好像在卖毒品，孩子放学要经过那里，很担心。',
    hoursAgo: 1,
    steps: [],
  },
]

async function seedRequests(app: CloudApp, at: Date): Promise<void> {
  let clock = at
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  for (const r of DEMO_REQUESTS) {
    clock = new Date(at.getTime() - r.hoursAgo * HOUR_MS)
    const created = await api.handle(
      {
        action: 'request.create',
        input: { requestId: r.requestId, category: r.category, description: r.description },
      },
      r.by,
    )
    if (!created.ok) throw new Error(`seed ${r.requestId}: ${created.error.message}`)
    const id = (created.data as { id: string }).id
    for (const step of r.steps) {
      clock = new Date(clock.getTime() + 2 * HOUR_MS)
      const res = await api.handle({ action: step.action, input: { id, ...step.input } }, step.by)
      if (!res.ok && res.error.code !== 'CONFLICT')
        throw new Error(`seed ${r.requestId}: ${res.error.message}`)
    }
  }
}

/**
 * 巡查发现 in progress (issue 16): 刘芳 found fire-door clutter in 1号楼 on her round this morning
 * and took it; 1号楼's 楼栋长 赵桂兰 sees it in her list.
 */
async function seedPatrol(app: CloudApp, at: Date): Promise<void> {
  let clock = new Date(at.getTime() - 2 * HOUR_MS)
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  const found = await api.handle(
    {
      action: 'request.patrol',
      input: {
        requestId: 'demo-seed-patrol-1',
        buildingCode: 'B01',
        place: '2单元一楼楼道',
        category: 'environment',
        description: '楼道里堆了纸箱和旧自行车，堵住了消防通道，需要联系住户清理。',
      },
    },
    'demo-member-1-1',
  )
  if (!found.ok) throw new Error(`seed patrol: ${found.error.message}`)
  clock = new Date(clock.getTime() + 10 * 60_000)
  const taken = await api.handle(
    { action: 'request.accept', input: { id: (found.data as { id: string }).id } },
    'demo-member-1-1',
  )
  if (!taken.ok && taken.error.code !== 'CONFLICT') throw new Error(`seed patrol: ${taken.error.message}`)
}

/** Seeds the demo community once; returns false when a community is already there. */
export async function seedDemo(app: CloudApp, at: Date): Promise<boolean> {
  const db = app.database()
  const existing = await db.collection(COLLECTIONS.communities).doc(COMMUNITY._id).get()
  if (existing.data?.length) return false
  const batches: [string, { _id: string }[]][] = [
    [COLLECTIONS.grids, demoGrids()],
    [COLLECTIONS.buildings, demoBuildings()],
    [COLLECTIONS.users, demoUsers(at)],
    [COLLECTIONS.memberships, demoMemberships()],
    [COLLECTIONS.volunteers, demoVolunteers(at)],
  ]
  for (const [name, docs] of batches) {
    for (const { _id, ...fields } of docs) await db.collection(name).doc(_id).set(fields)
  }
  await seedRequests(app, at)
  await seedPatrol(app, at)
  // Last, so that an interrupted seed is redone (set() overwrites, creates are idempotent).
  const { _id, ...community } = COMMUNITY
  await db.collection(COLLECTIONS.communities).doc(_id).set(community)
  return true
}
