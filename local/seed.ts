import { COLLECTIONS, type CloudApp } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { wxApi } from '../cloudfunctions/core/wx'
import { createApi } from '../cloudfunctions/core/router'
import { DAY_MS, HOUR_MS, local } from '../src/domain/time'
import {
  COMMUNITY,
  demoBuildings,
  demoGrids,
  demoMemberships,
  demoUnits,
  demoUsers,
  SECOND_COMMUNITY,
  secondBuildings,
  secondGrids,
  STREET,
  streetUnits,
  demoVolunteers,
} from './demo'

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

/**
 * 民情日志 (issue 16, part 4): 刘芳's households in 1号、2号楼 (赵奶奶 visited six days ago — past
 * due when today is a Wednesday or Thursday, as in the tests; 钱大爷 never visited; 孙大妈
 * yesterday; 王大爷 this morning), 陈明's 李大爷 in 3号楼 never visited (so 王建国's 日报 shows him behind), 第一网格's plan
 * set by 王建国 (2, then 3 working days: the tests' rules assume the default 3 there), and 刘芳's
 * log of today with one entry of each kind.
 */
async function seedFieldlog(app: CloudApp, at: Date): Promise<void> {
  let clock = at
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  const run = async <T>(who: string, action: string, input: object, minutesAgo: number): Promise<T> => {
    clock = new Date(at.getTime() - minutesAgo * 60_000)
    const res = await api.handle({ action, input } as never, who)
    if (!res.ok) throw new Error(`seed ${action}: ${res.error.message}`)
    return res.data as T
  }
  const DAY = 24 * 60
  const home = (requestId: string, who: string, input: object) =>
    run<{ id: string }>(who, 'household.add', { requestId, ...input }, 10 * DAY)
  const LIU = 'demo-member-1-1'
  const zhao = await home('demo-seed-household-1', LIU, {
    buildingCode: 'B01',
    room: '2单元301',
    contactName: '赵奶奶',
    contactPhone: '13700001234',
    kind: 'aloneElder',
    consent: { by: '本人', note: '' },
  })
  const wang = await home('demo-seed-household-2', LIU, {
    buildingCode: 'B01',
    room: '3单元502',
    contactName: '王大爷',
    contactPhone: '13812345601',
    kind: 'emptyNest',
    consent: { by: '家属', note: '' },
  })
  await home('demo-seed-household-3', LIU, {
    buildingCode: 'B02',
    room: '1单元101',
    contactName: '钱大爷',
    contactPhone: '13700005678',
  })
  const sun = await home('demo-seed-household-4', LIU, {
    buildingCode: 'B02',
    room: '2单元402',
    contactName: '孙大妈',
  })
  await home('demo-seed-household-5', 'demo-member-1-2', {
    buildingCode: 'B03',
    room: '2单元102',
    contactName: '李大爷',
    contactPhone: '13700002468',
  })
  // Every 2 working days during last month's 大走访, then back to 3 (the rule's default).
  await run('demo-leader-1', 'visitPlan.set', { gridId: 'g-1-1', intervalDays: 2 }, 20 * DAY)
  await run('demo-leader-1', 'visitPlan.set', { gridId: 'g-1-1', intervalDays: 3 }, 8 * DAY)
  const entries: [string, object, number][] = [
    [
      'demo-seed-diary-1',
      {
        kind: 'visit',
        buildingCode: 'B01',
        householdId: zhao.id,
        text: '入户看望赵奶奶，血压有点高，已提醒按时吃药',
      },
      6 * DAY,
    ],
    [
      'demo-seed-diary-2',
      {
        kind: 'visit',
        buildingCode: 'B02',
        householdId: sun.id,
        text: '孙大妈反映楼道声控灯不亮，已转告物业',
      },
      DAY,
    ],
    [
      'demo-seed-diary-3',
      {
        kind: 'visit',
        buildingCode: 'B01',
        householdId: wang.id,
        text: '入户看望王大爷，暖气修好后室温正常，老两口身体都好',
      },
      90,
    ],
    [
      'demo-seed-diary-4',
      {
        kind: 'dispute',
        buildingCode: 'B01',
        settled: true,
        text: '2单元两户为楼道堆放杂物争吵，已当场调解',
      },
      60,
    ],
    [
      'demo-seed-diary-5',
      { kind: 'suggestion', buildingCode: 'B02', text: '居民建议在2号楼前加装两张休息长椅，方便老人歇脚' },
      30,
    ],
  ]
  for (const [requestId, input, minutesAgo] of entries)
    await run(LIU, 'diary.add', { requestId, ...input }, minutesAgo)
}

/**
 * Last month, graded (流动红旗 · 民主测评 · 整改, issue 16 part 6): 第二网格 先进 with the flag — five
 * requests in 5号/6号楼 taken within the hour, resolved the next day, rated 满意, and four
 * households' 民主测评 (三户满意、周先生基本满意) —; 第一网格 后进 — five in 3号/4号楼, three resolved
 * days late (按时办结率 40%) —, whose 整改 is open for 王建国; 第三网格 with nothing, 样本不足. All of
 * last month's requests are closed: nothing of it shows in this month's work. The admin graded it
 * on the 2nd of this month at 09:00 (or at `at`, if that is earlier).
 */
const GRADED_MONTH_REQUESTS: {
  by: string
  buildingCode: string
  room: string
  member: string
  description: string
  /** Resolved this many days after it was filed (the 一般 tier's deadline is 7 days). */
  resolvedAfterDays: number
  comment?: string
}[] = [
  ...['1单元301', '2单元602', '1单元1101'].map((room, i) => ({
    by: `demo-seed-b05-${i + 1}`,
    buildingCode: 'B05',
    room,
    member: 'demo-member-2-1',
    description: [
      '单元门口的路灯不亮了，晚上进出看不清',
      '楼道扶手松动，老人上下楼不安全',
      '电梯按钮失灵，按了没有反应',
    ][i],
    resolvedAfterDays: 1,
    comment: i === 0 ? '杨雪梅当天就来看了，第二天就修好了' : undefined,
  })),
  ...['3单元202', '1单元502'].map((room, i) => ({
    by: `demo-seed-b06-${i + 1}`,
    buildingCode: 'B06',
    room,
    member: 'demo-member-2-1',
    description: ['小区健身器材的螺丝掉了，孩子玩很危险', '楼前的井盖缺了一块，怕有人踩空'][i],
    resolvedAfterDays: 1,
  })),
  ...['2单元401', '1单元1202', '3单元601'].map((room, i) => ({
    by: `demo-seed-b03-${i + 1}`,
    buildingCode: 'B03',
    room,
    member: 'demo-member-1-2',
    description: ['楼顶水箱漏水，顶楼墙面都湿了', '单元门禁坏了，门一直关不上', '楼道里的消防栓玻璃碎了'][i],
    resolvedAfterDays: i === 0 ? 1 : 9,
  })),
  ...['1单元102', '2单元302'].map((room, i) => ({
    by: `demo-seed-b04-${i + 1}`,
    buildingCode: 'B04',
    room,
    member: 'demo-member-1-2',
    description: ['地下室积水很深，自行车推不出来', '楼下空调外机滴水，正好滴在单元门口'][i],
    resolvedAfterDays: i === 0 ? 1 : 10,
  })),
]

/** Last month's 民主测评: who, and what they answered. */
const GRADED_MONTH_VOTES: { by: string; choice: 'satisfied' | 'basic' | 'unsatisfied'; comment?: string }[] =
  [
    { by: 'demo-seed-b05-1', choice: 'satisfied', comment: '网格员很负责，有事找她都能解决' },
    { by: 'demo-seed-b05-2', choice: 'satisfied' },
    { by: 'demo-seed-b06-1', choice: 'satisfied' },
    { by: 'demo-resident-3', choice: 'basic' },
    { by: 'demo-seed-b03-2', choice: 'unsatisfied', comment: '门禁报修拖了一个多星期' },
    { by: 'demo-resident-1', choice: 'basic' },
  ]

async function seedGradedMonth(app: CloudApp, at: Date): Promise<void> {
  const thisMonth = local(at).startOf('month')
  const last = thisMonth.subtract(1, 'month')
  let clock = last.toDate()
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  const ok = async (what: string, by: string, action: string, input: object) => {
    const res = await api.handle({ action, input }, by)
    if (!res.ok) throw new Error(`seed graded month, ${what}: ${res.error.message}`)
    return res.data as { id: string }
  }
  // The neighbours who filed them, bound as the bind page would bind them (the community document
  // the api would read is written last of all: see seedDemo).
  const users = app.database().collection(COLLECTIONS.users)
  for (const r of GRADED_MONTH_REQUESTS) {
    const { name } = demoBuildings().find((b) => b._id === r.buildingCode) as { name: string }
    await users.doc(r.by).set({
      name: `${name}居民`,
      buildingCode: r.buildingCode,
      room: r.room,
      createdAt: clock,
      updatedAt: clock,
    })
  }
  // From the 12th (after 国庆 in October), one a day: each taken at once.
  for (const [i, r] of GRADED_MONTH_REQUESTS.entries()) {
    const filed = last.date(12 + (i % 5)).hour(8 + Math.floor(i / 5))
    clock = filed.toDate()
    const { id } = await ok(r.by, r.by, 'request.create', {
      requestId: `demo-seed-graded-${String(i + 1).padStart(2, '0')}`,
      category: 'facility',
      description: r.description,
    })
    clock = filed.add(1, 'hour').toDate()
    await ok(r.by, r.member, 'request.accept', { id })
    clock = filed.add(r.resolvedAfterDays, 'day').add(6, 'hour').toDate()
    await ok(r.by, r.member, 'request.resolve', { id, note: '已联系物业上门维修，现已恢复正常。' })
    clock = filed
      .add(r.resolvedAfterDays + 1, 'day')
      .add(2, 'hour')
      .toDate()
    await ok(r.by, r.by, 'request.rate', { id, rating: 'satisfied', comment: r.comment })
  }
  // 民主测评 on the 28th (every month has one).
  for (const [i, v] of GRADED_MONTH_VOTES.entries()) {
    clock = last
      .date(28)
      .hour(9 + i)
      .toDate()
    await ok(v.by, v.by, 'poll.vote', {
      requestId: `demo-seed-poll-${i + 1}`,
      choice: v.choice,
      comment: v.comment,
    })
  }
  const second = thisMonth.date(2).hour(9).toDate()
  clock = second < at ? second : at
  await ok('评定', 'demo-admin', 'grade.confirm', { month: last.format('YYYY-MM') })
}

/** A neighbour who files one of the seeded requests (B06 → 6号楼居民); returns their openid. */
async function seedNeighbour(app: CloudApp, openid: string, buildingCode: string, room: string, at: Date) {
  const name = `${Number(buildingCode.slice(1))}号楼居民`
  await app
    .database()
    .collection(COLLECTIONS.users)
    .doc(openid)
    .set({ name, buildingCode, room, createdAt: at, updatedAt: at })
  return openid
}

/**
 * 吹哨报到 (issue 17): a 6号楼 neighbour's broken stairwell window this morning, which 张丽
 * (第二网格) called 幸福里物业 in on an hour later; it waits for 孙经理 to report in.
 */
async function seedWhistle(app: CloudApp, at: Date): Promise<void> {
  let clock = new Date(at.getTime() - 2 * HOUR_MS)
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  const neighbour = await seedNeighbour(app, 'demo-seed-b06-unit', 'B06', '2单元501', clock)
  const created = await api.handle(
    {
      action: 'request.create',
      input: {
        requestId: 'demo-seed-whistle-1',
        category: 'facility',
        description: '2单元五楼楼道的窗户玻璃裂了，风一吹就响，怕掉下来伤到人。',
      },
    },
    neighbour,
  )
  if (!created.ok) throw new Error(`seed whistle: ${created.error.message}`)
  clock = new Date(clock.getTime() + HOUR_MS)
  const called = await api.handle(
    {
      action: 'request.whistle',
      input: { id: (created.data as { id: string }).id, unitId: 'u-wuye', note: '楼道门窗归物业维修' },
    },
    'demo-leader-2',
  )
  if (!called.ok && called.error.code !== 'CONFLICT') throw new Error(`seed whistle: ${called.error.message}`)
}

/**
 * 街道兜底: 3号楼's complaint about builders' rubble outside the east gate, filed four days ago;
 * the micro-grid, 第一网格 and the community each handed it up (物业 says it is not theirs), so
 * it waits at 暖阳街道 for 马晓燕 to take on. Run after the community is written (it reads it).
 */
async function seedStreetRequest(app: CloudApp, at: Date): Promise<void> {
  let clock = new Date(at.getTime() - 4 * DAY_MS)
  const api = createApi({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: () => clock })
  const neighbour = await seedNeighbour(app, 'demo-seed-b03-street', 'B03', '1单元201', clock)
  const step = async (who: string, action: string, input: object) => {
    const res = await api.handle({ action, input }, who)
    if (!res.ok && res.error.code !== 'CONFLICT')
      throw new Error(`seed street: ${action}: ${res.error.message}`)
    return res
  }
  const created = await step(neighbour, 'request.create', {
    requestId: 'demo-seed-street-1',
    category: 'environment',
    description: '小区东门外的空地堆了很多建筑垃圾，已经一个多月了，物业说不归他们管，一刮风灰很大。',
  })
  if (!created.ok) return
  const id = (created.data as { id: string }).id
  for (const [who, reason] of [
    ['demo-leader-1', '东门外空地不在小区红线内，物业无权清运，请社区协调'],
    ['demo-leader-1', '网格内协调不了，需社区联系城管和施工方'],
    ['demo-admin', '涉及城管执法和施工单位，社区无执法权，请街道协调'],
  ]) {
    clock = new Date(clock.getTime() + DAY_MS)
    await step(who, 'request.escalate', { id, reason })
  }
}

export interface SeedOptions {
  /**
   * Last month graded, with its 民主测评 and a 后进 grid's open 整改 (seedGradedMonth): for `npm
   * start` and the screens. The server tests make their own months.
   */
  gradedMonth?: boolean
  /**
   * 吹哨报到's units (物业, 供电), 物业's contact 孙经理 and a request called in to 物业 (seedWhistle):
   * for `npm start` and the screens. The server tests register their own units.
   */
  units?: boolean
  /**
   * 街道 (issue 17, part 3): 暖阳街道 above 幸福里 and a second community, 春风社区, with its admin,
   * the street's admin 马晓燕 and its 挂钩部门; a 3号楼 request that went up to the street
   * (seedStreetRequest). For `npm start` and the screens; the server tests make their own.
   */
  street?: boolean
}

/** Seeds the demo community once; returns false when a community is already there. */
export async function seedDemo(app: CloudApp, at: Date, opts: SeedOptions = {}): Promise<boolean> {
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
  if (opts.units)
    batches.push(
      [COLLECTIONS.units, demoUnits(at)],
      [COLLECTIONS.users, demoUsers(at, 'units')],
      [COLLECTIONS.memberships, demoMemberships('units')],
    )
  if (opts.street) {
    const { _id: streetId, ...street } = STREET
    await db
      .collection(COLLECTIONS.streets)
      .doc(streetId)
      .set({ ...street, createdAt: at })
    batches.push(
      [COLLECTIONS.communities, [SECOND_COMMUNITY]],
      [COLLECTIONS.grids, secondGrids()],
      [COLLECTIONS.buildings, secondBuildings()],
      [COLLECTIONS.users, demoUsers(at, 'street')],
      [COLLECTIONS.memberships, demoMemberships('street')],
      [COLLECTIONS.units, streetUnits(at)],
    )
  }
  for (const [name, docs] of batches) {
    for (const { _id, ...fields } of docs) await db.collection(name).doc(_id).set(fields)
  }
  await seedRequests(app, at)
  await seedPatrol(app, at)
  await seedFieldlog(app, at)
  if (opts.gradedMonth) await seedGradedMonth(app, at)
  if (opts.units) await seedWhistle(app, at)
  // Last, so that an interrupted seed is redone (set() overwrites, creates are idempotent).
  const { _id, ...community } = COMMUNITY
  await db
    .collection(COLLECTIONS.communities)
    .doc(_id)
    .set(opts.street ? { ...community, streetId: STREET._id } : community)
  if (opts.street) await seedStreetRequest(app, at)
  return true
}
