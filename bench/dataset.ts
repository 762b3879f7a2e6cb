/**
 * A synthetic community at scale: the demo community's grids and staff (or, with `layout`, that
 * many grids and micro-grids, the demo's among them, each staffed), many more buildings spread
 * over its micro-grids, residents bound to them, a history of requests shaped like the ones
 * createRequest writes and the transitions advance, and 微心愿. Deterministic (seeded, every date
 * from `now`), so every run loads the same data.
 *
 * The history is as the scheduler left it, every minute along the way: nothing in it is due (an
 * open request past its accept clock was taken, one past its resolve clock was resolved, one
 * resolved past the rating window was closed). So a scheduler run over it does only what a bench
 * adds (dueRequests), and its idle run is the cost every minute pays.
 */
import { newRequestDoc as buildRequestDoc } from '../cloudfunctions/core/requests/create'
import { RATING_WINDOW_MS } from '../cloudfunctions/core/requests/jobs'
import { requestDocId } from '../cloudfunctions/core/requests/store'
import { gridLabel } from '../cloudfunctions/core/community'
import { newWishDoc } from '../cloudfunctions/core/wishes/create'
import type {
  BuildingDoc,
  GridDoc,
  MembershipDoc,
  RequestDoc,
  RequestEventDoc,
  UserDoc,
  WishDoc,
} from '../cloudfunctions/core/model'
import { COMMUNITY, DEMO_IDENTITIES, demoGrids, demoMemberships } from '../local/demo'
import type { CategoryCode } from '../src/domain/categories'
import type { WishCategory } from '../src/domain/wish'
import { OPEN_STATUSES, RATINGS, routeToGrid, type Rating, type RequestStatus } from '../src/domain/request'
import { DAY_MS, HOUR_MS } from '../src/domain/time'
import { BUILT_IN_CALENDAR } from '../src/domain/calendar'

export interface DatasetOptions {
  buildings: number
  residentsPerBuilding: number
  /** All residents, spread evenly over the buildings (instead of residentsPerBuilding each). */
  residents?: number
  requests: number
  /** The community's grids: this many (level 2) of `micro` micro-grids each, the demo's first. */
  layout?: { grids: number; micro: number }
  /** 微心愿 over the same span: a third on the wall, the rest done (credited). */
  wishes?: number
  /** createdAt spreads evenly over this many days before `now`. */
  days: number
  now: Date
  seed?: number
}

/** Where a micro-grid's requests go (routeToGrid) and who works them there. */
export interface Route {
  gridId: string
  gridName: string
  gridPath: string[]
  level: number
  handler: { openid: string; name: string }
}

export interface Dataset {
  /** Grids and staff beyond the demo's (seeded separately); empty without `layout`. */
  grids: GridDoc[]
  memberships: MembershipDoc[]
  buildings: BuildingDoc[]
  residents: UserDoc[]
  requests: RequestDoc[]
  wishes: WishDoc[]
  statusCounts: Record<RequestStatus, number>
  /** Open requests whose clock would have run out: taken, resolved or closed instead (see top). */
  settled: number
  days: number
}

/** A resident never holds more open requests than this in the data, so benchmark creates pass the limit of 10. */
const MAX_OPEN_IN_DATA = 5

type Weighted<T> = ReadonlyArray<readonly [T, number]>

/** Young requests are still being worked; old ones are nearly all closed. */
const STATUS_BY_AGE: ReadonlyArray<{ underDays: number; weights: Weighted<RequestStatus> }> = [
  {
    underDays: 2,
    weights: [
      ['assigned', 0.35],
      ['accepted', 0.4],
      ['resolved', 0.15],
      ['closed', 0.05],
      ['cancelled', 0.05],
    ],
  },
  {
    underDays: 14,
    weights: [
      ['assigned', 0.04],
      ['accepted', 0.12],
      ['resolved', 0.22],
      ['closed', 0.57],
      ['cancelled', 0.05],
    ],
  },
  {
    underDays: Infinity,
    weights: [
      ['assigned', 0.003],
      ['accepted', 0.012],
      ['resolved', 0.07],
      ['closed', 0.865],
      ['cancelled', 0.05],
    ],
  },
]

const CATEGORY_WEIGHTS: Weighted<CategoryCode> = [
  ['facility', 0.3],
  ['environment', 0.25],
  ['utility', 0.15],
  ['help', 0.1],
  ['dispute', 0.08],
  ['safety', 0.05],
  ['other', 0.07],
]

const DESCRIPTIONS: Record<CategoryCode, string[]> = {
  safety: ['楼道里有很重的燃气味，请尽快来看看', '外墙瓷砖松动，下面常有人走，担心掉下来'],
  utility: ['家里从早上开始停水，到现在还没来', '暖气一直不热，屋里只有十几度'],
  environment: ['单元门口垃圾堆了好几天没人清运', '楼道里堆满了杂物，老人上下楼不方便'],
  facility: ['楼道灯坏了很久了，晚上很黑', '单元门的门禁坏了，谁都能进来'],
  dispute: ['楼上漏水把我家天花板泡坏了，协商不成', '有人长期占用消防通道停车'],
  help: ['独居老人行动不便，想请人帮忙买药', '家里老人需要去医院复查，没人陪同'],
  // Never drawn (not in CATEGORY_WEIGHTS): 治安线索 go to the community, not the grids benched here.
  security: ['地下车库常有陌生人聚集，形迹可疑'],
  other: ['小区里能不能多装几把长椅', '想了解社区老年食堂的开放时间'],
}

const RESOLUTIONS = ['已联系物业处理完毕', '已现场查看并修复', '已协调双方达成一致', '已转相关部门并回访']
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'
const TITLES = ['大爷', '阿姨', '先生', '女士', '奶奶', '师傅']

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(rnd: () => number, weights: Weighted<T>): T {
  let x = rnd() * weights.reduce((n, [, w]) => n + w, 0)
  for (const [value, w] of weights) {
    x -= w
    if (x < 0) return value
  }
  return weights[weights.length - 1][0]
}

const between = (rnd: () => number, lo: number, hi: number) => lo + rnd() * (hi - lo)

/**
 * The demo community grown to `layout`: its grids and micro-grids first, then new ones up to
 * `grids` × `micro`, each new micro-grid with a 网格员 and each new grid with a 网格长.
 */
function grownCommunity(layout: { grids: number; micro: number }): {
  grids: GridDoc[]
  memberships: MembershipDoc[]
} {
  const demo = new Set(demoGrids().map((g) => g._id))
  const grids: GridDoc[] = []
  const memberships: MembershipDoc[] = []
  const staff = (openid: string, role: 'gridLeader' | 'gridMember', gridId: string) =>
    memberships.push({ _id: `m-${openid}`, openid, role, communityId: COMMUNITY._id, gridId })
  for (let g = 1; g <= layout.grids; g++) {
    const gid = `g-1-${g}`
    if (!demo.has(gid)) {
      grids.push({
        _id: gid,
        communityId: COMMUNITY._id,
        level: 2,
        name: `第${g}网格`,
        parentId: 'g-1',
        path: ['g-1', gid],
      })
      staff(`bench-leader-${g}`, 'gridLeader', gid)
    }
    for (let m = 1; m <= layout.micro; m++) {
      const mid = `${gid}-${m}`
      if (demo.has(mid)) continue
      grids.push({
        _id: mid,
        communityId: COMMUNITY._id,
        level: 3,
        name: `${m}号微网格`,
        parentId: gid,
        path: ['g-1', gid, mid],
      })
      staff(`bench-member-${g}-${m}`, 'gridMember', mid)
    }
  }
  return { grids, memberships }
}

/** Each micro-grid's route, computed by the app's own routing rule over the staff. */
export function demoRoutes(
  extra: { grids: GridDoc[]; memberships: MembershipDoc[] } = { grids: [], memberships: [] },
): Map<string, Route> {
  const grids = [...demoGrids(), ...extra.grids]
  const byId = new Map(grids.map((g) => [g._id, g]))
  const memberships = [...demoMemberships(), ...extra.memberships]
  const staffed = new Set(
    memberships.filter((m) => m.role === 'gridMember' || m.role === 'gridLeader').map((m) => m.gridId ?? ''),
  )
  const nameOf = (openid: string) =>
    DEMO_IDENTITIES.find((d) => d.openid === openid)?.name ?? `网格员${openid.replace(/^bench-\w+-/, '')}`
  const routes = new Map<string, Route>()
  for (const micro of grids.filter((g) => g.level === 3)) {
    const path = micro.path.map((id) => byId.get(id) as GridDoc)
    const grid = routeToGrid(
      path.map((g) => ({ ...g, id: g._id })),
      staffed,
    )
    const assigned = path.slice(0, path.findIndex((g) => g._id === grid._id) + 1)
    const worker =
      memberships.find((m) => m.role === 'gridMember' && m.gridId === grid._id) ??
      memberships.find((m) => m.role === 'gridLeader' && m.gridId === grid._id) ??
      memberships.find((m) => m.role === 'communityAdmin')
    const openid = worker?.openid ?? 'demo-admin'
    routes.set(micro._id, {
      gridId: grid._id,
      gridName: gridLabel(assigned) || grid.name,
      gridPath: assigned.map((g) => g._id),
      level: grid.level,
      handler: { openid, name: nameOf(openid) },
    })
  }
  return routes
}

export interface NewRequest {
  resident: UserDoc
  building: BuildingDoc
  route: Route
  requestId: string
  category: CategoryCode
  description: string
  at: Date
}

/** The document createRequest inserts: the app's own builder, fed with generated data. */
export function newRequestDoc(r: NewRequest): RequestDoc {
  return buildRequestDoc({
    calendar: BUILT_IN_CALENDAR,
    id: requestDocId(r.resident._id, r.requestId),
    requestId: r.requestId,
    resident: { openid: r.resident._id, name: r.resident.name },
    building: r.building,
    grid: { id: r.route.gridId, name: r.route.gridName, path: r.route.gridPath, level: r.route.level },
    category: r.category,
    description: r.description,
    at: r.at,
  })
}

/** Walks a new request along the lifecycle to `status`, every step at a plausible time before `now`. */
function advance(doc: RequestDoc, status: RequestStatus, route: Route, now: number, rnd: () => number): void {
  const step = (at: number, event: Omit<RequestEventDoc, 'at'>) => {
    doc.events.push({ at: new Date(at), ...event })
    doc.updatedAt = new Date(at)
    doc.status = event.to
  }
  const created = doc.createdAt.getTime()
  if (status === 'cancelled') {
    const at = created + Math.min((now - created) * between(rnd, 0.01, 0.1), DAY_MS)
    doc.closedAt = new Date(at)
    step(at, {
      type: 'cancel',
      actorOpenid: doc.residentOpenid,
      actorName: doc.residentName,
      from: 'assigned',
      to: 'cancelled',
      note: null,
    })
    return
  }
  if (status === 'assigned') return
  const accepted = created + Math.min((now - created) * between(rnd, 0.02, 0.2), 2 * DAY_MS)
  doc.acceptedAt = new Date(accepted)
  doc.assigneeOpenid = route.handler.openid
  doc.assigneeName = route.handler.name
  step(accepted, {
    type: 'accept',
    actorOpenid: route.handler.openid,
    actorName: route.handler.name,
    from: 'assigned',
    to: 'accepted',
    note: null,
  })
  if (status === 'accepted') return
  const resolved = accepted + Math.min((now - accepted) * between(rnd, 0.1, 0.5), 7 * DAY_MS)
  const note = RESOLUTIONS[Math.floor(rnd() * RESOLUTIONS.length)]
  doc.resolvedAt = new Date(resolved)
  doc.resolutionNote = note
  step(resolved, {
    type: 'resolve',
    actorOpenid: route.handler.openid,
    actorName: route.handler.name,
    from: 'accepted',
    to: 'resolved',
    note,
  })
  if (status === 'resolved') return
  const closed = resolved + Math.min((now - resolved) * between(rnd, 0.1, 0.5), 3 * DAY_MS)
  const rating = pick<Rating>(rnd, [
    ['satisfied', 0.8],
    ['basic', 0.15],
    ['unsatisfied', 0.05],
  ])
  const comment = rnd() < 0.1 ? '处理得很及时，谢谢网格员' : null
  doc.closedAt = new Date(closed)
  doc.rating = rating
  doc.ratingComment = comment
  step(closed, {
    type: 'rate',
    actorOpenid: doc.residentOpenid,
    actorName: doc.residentName,
    from: 'resolved',
    to: 'closed',
    note: comment ? `${RATINGS[rating]}：${comment}` : RATINGS[rating],
  })
}

export function buildingCode(n: number): string {
  return `B${String(n).padStart(4, '0')}`
}

const WISHES: ReadonlyArray<{ category: WishCategory; what: string; why: string }> = [
  { category: 'goods', what: '一副助行器', why: '老伴腿脚不便，下楼散步需要扶着东西走' },
  { category: 'goods', what: '一台二手电风扇', why: '家里的风扇坏了，夏天屋里太热' },
]

export function makeDataset(opts: DatasetOptions): Dataset {
  const rnd = prng(opts.seed ?? 20260101)
  const extra = opts.layout ? grownCommunity(opts.layout) : { grids: [], memberships: [] }
  const routes = demoRoutes(extra)
  const micro = [...routes.keys()]
  const now = opts.now.getTime()
  const userSince = new Date(now - (opts.days + 30) * DAY_MS)

  const buildings: BuildingDoc[] = Array.from({ length: opts.buildings }, (_, i) => ({
    _id: buildingCode(i + 1),
    name: `${i + 1}号楼`,
    address: `幸福里小区${i + 1}号楼`,
    communityId: COMMUNITY._id,
    gridId: micro[i % micro.length],
  }))

  const residents: UserDoc[] = []
  /** Where each building's residents start in `residents`, and how many it has. */
  const living: Array<{ from: number; n: number }> = []
  const total = opts.residents ?? opts.residentsPerBuilding * buildings.length
  for (const [bi, b] of buildings.entries()) {
    const n = Math.floor(total / buildings.length) + (bi < total % buildings.length ? 1 : 0)
    living.push({ from: residents.length, n })
    for (let j = 0; j < n; j++) {
      const n = residents.length
      residents.push({
        _id: `bench-${b._id}-${String(j + 1).padStart(2, '0')}`,
        name: `${SURNAMES[n % SURNAMES.length]}${TITLES[Math.floor(n / SURNAMES.length) % TITLES.length]}`,
        phone: `138${String(n).padStart(8, '0')}`,
        buildingCode: b._id,
        room: `${1 + (j % 4)}单元${1 + (Math.floor(j / 4) % 18)}0${1 + (j % 2)}`,
        createdAt: userSince,
        updatedAt: userSince,
      })
    }
  }

  const statusCounts: Record<RequestStatus, number> = {
    assigned: 0,
    accepted: 0,
    resolved: 0,
    closed: 0,
    cancelled: 0,
    merged: 0,
    volunteering: 0,
  }
  let settled = 0
  const openByResident = new Map<string, number>()
  const requests: RequestDoc[] = []
  const span = opts.days * DAY_MS
  const stepMs = span / opts.requests
  for (let k = 0; k < opts.requests; k++) {
    // In time order, as they would have been inserted.
    const at = new Date(Math.floor(now - span + (k + rnd()) * stepMs))
    const bi = Math.floor(rnd() * buildings.length)
    const building = buildings[bi]
    const home = living[bi]
    const resident = residents[home.from + Math.floor(rnd() * home.n)]
    const route = routes.get(building.gridId) as Route
    const category = pick(rnd, CATEGORY_WEIGHTS)
    const pool = DESCRIPTIONS[category]
    const make = () =>
      newRequestDoc({
        resident,
        building,
        route,
        requestId: `bench-${String(k).padStart(7, '0')}`,
        category,
        description: pool[Math.floor(rnd() * pool.length)],
        at,
      })
    let doc = make()
    const ageDays = (now - at.getTime()) / DAY_MS
    const band = STATUS_BY_AGE.find((s) => ageDays < s.underDays) ?? STATUS_BY_AGE[STATUS_BY_AGE.length - 1]
    let status = pick(rnd, band.weights)
    // Lifecycle steps need room before now; a request minutes old can only be waiting.
    if (now - at.getTime() < HOUR_MS) status = 'assigned'
    // As the scheduler left it: no clock has run out on what is still open.
    const picked = status
    if (status === 'assigned' && doc.acceptBy.getTime() <= now) status = 'accepted'
    if (status === 'accepted' && doc.resolveBy.getTime() <= now) status = 'resolved'
    const open = openByResident.get(resident._id) ?? 0
    if (OPEN_STATUSES.includes(status)) {
      if (open >= MAX_OPEN_IN_DATA) status = 'closed'
      else openByResident.set(resident._id, open + 1)
    }
    advance(doc, status, route, now, rnd)
    if (doc.status === 'resolved' && (doc.resolvedAt?.getTime() ?? now) <= now - RATING_WINDOW_MS) {
      doc = make()
      advance(doc, 'closed', route, now, rnd)
    }
    if (doc.status !== picked) settled++
    // Told long ago: only what a bench does makes new messages.
    doc.outboxPending = false
    doc.outboxFanned = doc.outboxSeq
    statusCounts[doc.status]++
    requests.push(doc)
  }
  const wishes = makeWishes(opts.wishes ?? 0, { buildings, residents, living, extra, now, span, rnd })
  return { ...extra, buildings, residents, requests, wishes, statusCounts, settled, days: opts.days }
}

/** 微心愿 as the use case makes them, published at even steps over the span; a third still waiting. */
function makeWishes(
  n: number,
  c: {
    buildings: BuildingDoc[]
    residents: UserDoc[]
    living: Array<{ from: number; n: number }>
    extra: { grids: GridDoc[] }
    now: number
    span: number
    rnd: () => number
  },
): WishDoc[] {
  const grids = new Map([...demoGrids(), ...c.extra.grids].map((g) => [g._id, g]))
  // Waiting, or done and credited long ago (a claimed one would need its volunteer's claim).
  const statuses: WishDoc['status'][] = ['published', 'done', 'done']
  return Array.from({ length: n }, (_, i) => {
    const bi = Math.floor(c.rnd() * c.buildings.length)
    const building = c.buildings[bi]
    const resident = c.residents[c.living[bi].from + Math.floor(c.rnd() * c.living[bi].n)]
    const at = new Date(Math.floor(c.now - c.span + ((i + c.rnd()) * c.span) / n))
    const w = WISHES[i % WISHES.length]
    const doc = newWishDoc(
      {
        id: `bench-wish-${String(i).padStart(6, '0')}`,
        requestId: `bench-wish-${i}`,
        resident: { openid: resident._id, name: resident.name },
        building,
        path: (grids.get(building.gridId)?.path ?? []).map((id) => grids.get(id) as GridDoc),
        category: w.category,
        what: w.what,
        why: w.why,
        recordedBy: null,
      },
      'pass',
      [],
      at,
    )
    // Told long ago: only what a bench does makes new messages.
    return {
      ...doc,
      status: statuses[i % 3],
      credited: statuses[i % 3] === 'done',
      publishedAt: at,
      waitingSince: at,
      outboxPending: false,
      outboxFanned: doc.outboxSeq,
    }
  })
}

/**
 * `n` open requests past their accept clock (a minute ago), filed in the dataset's buildings by
 * residents of their own, told long ago: what a scheduler run then has to move up a level.
 */
export function dueRequests(data: Dataset, n: number, now: Date): RequestDoc[] {
  const routes = demoRoutes(data)
  return Array.from({ length: n }, (_, i) => {
    const building = data.buildings[(i * 7919) % data.buildings.length]
    const doc = newRequestDoc({
      resident: { ...data.residents[0], _id: `bench-due-${i}`, name: '居民' },
      building,
      route: routes.get(building.gridId) as Route,
      requestId: `bench-due-${i}`,
      category: 'facility',
      description: DESCRIPTIONS.facility[0],
      at: new Date(now.getTime() - DAY_MS),
    })
    doc.acceptBy = new Date(now.getTime() - 60_000)
    doc.outboxPending = false
    doc.outboxFanned = doc.outboxSeq
    return doc
  })
}
