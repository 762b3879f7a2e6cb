/**
 * The request (诉求) lifecycle as data: statuses, a transition table and one function that
 * applies it (domain.md, "Requests"; style.md, "Lifecycles are data").
 */
import { codesOf, transitionTable, userMoves, type TransitionResult as TableResult } from './transitions'

export const REQUEST_STATUSES = {
  assigned: '待接单',
  accepted: '处理中',
  resolved: '待评价',
  closed: '已完结',
  cancelled: '已撤销',
  // 重复诉求 (src/domain/duplicates.ts): the grid joined it to the open request it repeats.
  merged: '已合并',
  /** 转志愿服务 (issue 19, src/domain/volunteer-work.ts): a 微心愿 of it is with the volunteers. */
  volunteering: '已转志愿服务',
} as const

export type RequestStatus = keyof typeof REQUEST_STATUSES
export const REQUEST_STATUS_CODES = codesOf(REQUEST_STATUSES)

/** Statuses in which a request still needs a grid member's work. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['assigned', 'accepted']

/**
 * How the caller stands to one request; computed by the server, never sent by the client.
 * handler: may work it (its grid's member, a leader above, the admin); supervisor: a leader
 * above it or the admin; proxy: for a 代录 request, the supervisor who calls the resident back
 * (回访) and rates or cancels for them; former: acted on it before (handed it up, returned it) and
 * may still read it — no move needs it; system: the scheduler.
 */
export type Relation =
  | 'owner'
  | 'handler'
  | 'assignee'
  | 'supervisor'
  | 'proxy'
  | 'former'
  | 'system'
  /** 吹哨报到: the contact of the unit called in on it, while its task is open. */
  | 'unit'
  /**
   * 重复诉求: a resident of its building who is not its reporter, following it (+1); worked out by
   * the follow use case alone — it lets nobody read the request.
   */
  | 'neighbour'

/**
 * One relation per row. `derived` moves are what a user's move turns into (a rating of 不满意
 * reopens or goes to the community).
 */
export const REQUEST_TRANSITIONS = transitionTable<RequestStatus, Relation>()({
  accept: { from: ['assigned'], to: 'accepted', by: ['handler'], kind: 'user', label: '接单' },
  resolve: { from: ['accepted'], to: 'resolved', by: ['assignee'], kind: 'user', label: '办结' },
  rate: { from: ['resolved'], to: 'closed', by: ['owner'], kind: 'user', label: '评价' },
  reopen: { from: ['resolved'], to: 'accepted', by: ['owner'], kind: 'derived', label: '不满意，重办' },
  appeal: { from: ['resolved'], to: 'assigned', by: ['owner'], kind: 'derived', label: '再次不满意，转社区' },
  closeUnsatisfied: {
    from: ['resolved'],
    to: 'closed',
    by: ['owner'],
    kind: 'derived',
    label: '社区办理后仍不满意，结案',
  },
  cancel: { from: ['assigned'], to: 'cancelled', by: ['owner'], kind: 'user', label: '撤销' },
  escalate: { from: ['assigned', 'accepted'], to: 'assigned', by: ['handler'], kind: 'user', label: '上报' },
  return: { from: ['assigned'], to: 'assigned', by: ['handler'], kind: 'user', label: '退回' },
  dispatch: { from: ['assigned'], to: 'assigned', by: ['supervisor'], kind: 'user', label: '转派' },
  // 转交 (issue 18): work someone took on, handed by a leader above (or the admin) to another who may handle it.
  transfer: { from: ['accepted'], to: 'accepted', by: ['supervisor'], kind: 'user', label: '转交' },
  chase: { from: ['accepted'], to: 'accepted', by: ['supervisor'], kind: 'user', label: '催办' },
  // 居民催办 (src/domain/urge.ts): the resident chases their own overdue request, waiting or in progress.
  urge: { from: ['accepted'], to: 'accepted', by: ['owner'], kind: 'user', label: '居民催办' },
  urgeWaiting: { from: ['assigned'], to: 'assigned', by: ['owner'], kind: 'user', label: '居民催办' },
  // 吹哨报到 (src/domain/units.ts): a leader above or the admin calls a unit in; the request is in
  // hand (处理中) from then on, its caller following it; the unit's own moves keep it there until
  // the unit resolves it (待评价) — or hands it back to the caller.
  whistle: {
    from: ['accepted'],
    to: 'accepted',
    by: ['supervisor'],
    kind: 'user',
    label: '吹哨，请责任单位办理',
  },
  whistleWaiting: {
    from: ['assigned'],
    to: 'accepted',
    by: ['supervisor'],
    kind: 'user',
    label: '吹哨，请责任单位办理',
  },
  unitAccept: { from: ['accepted'], to: 'accepted', by: ['unit'], kind: 'user', label: '责任单位报到接单' },
  unitResolve: { from: ['accepted'], to: 'resolved', by: ['unit'], kind: 'user', label: '责任单位办结' },
  unitReturn: { from: ['accepted'], to: 'accepted', by: ['unit'], kind: 'user', label: '责任单位退回' },
  // The caller (or a leader above) takes the task back from a unit that does not come: a reason.
  unitRecall: {
    from: ['accepted'],
    to: 'accepted',
    by: ['supervisor'],
    kind: 'user',
    label: '收回责任单位办理',
  },
  unitAcceptTimeout: {
    from: ['accepted'],
    to: 'accepted',
    by: ['system'],
    kind: 'system',
    label: '责任单位超时未报到',
  },
  unitResolveOverdue: {
    from: ['accepted'],
    to: 'accepted',
    by: ['system'],
    kind: 'system',
    label: '责任单位超期未办结',
  },
  // 街道兜底 (src/domain/street.ts): the street hands it back to the community's level 1 with the
  // reason ("大事不出社区": theirs after all); its clock to take it on is the street's own.
  streetReturn: {
    from: ['assigned', 'accepted'],
    to: 'assigned',
    by: ['handler'],
    kind: 'user',
    label: '街道退回社区办理',
  },
  streetAcceptTimeout: {
    from: ['assigned'],
    to: 'assigned',
    by: ['system'],
    kind: 'system',
    label: '街道超时未受理',
  },
  // 重复诉求 (src/domain/duplicates.ts): a neighbour follows it (+1); the grid merges a duplicate
  // into the request it repeats — the duplicate ends 已合并, the target records what it took in.
  follow: {
    from: ['assigned'],
    to: 'assigned',
    by: ['neighbour'],
    kind: 'derived',
    label: '邻居也遇到了（+1）',
  },
  followAccepted: {
    from: ['accepted'],
    to: 'accepted',
    by: ['neighbour'],
    kind: 'derived',
    label: '邻居也遇到了（+1）',
  },
  // 邻居评价 (src/domain/duplicates.ts): a follower rates the result once, resolved or closed; the
  // status stays — the reporter's rating is the one that closes and grades it.
  neighbourRate: {
    from: ['resolved'],
    to: 'resolved',
    by: ['neighbour'],
    kind: 'derived',
    label: '邻居评价',
  },
  neighbourRateClosed: {
    from: ['closed'],
    to: 'closed',
    by: ['neighbour'],
    kind: 'derived',
    label: '邻居评价',
  },
  merge: {
    from: ['assigned', 'accepted'],
    to: 'merged',
    by: ['handler'],
    kind: 'derived',
    label: '合并为重复诉求',
  },
  absorb: { from: ['assigned'], to: 'assigned', by: ['handler'], kind: 'derived', label: '合并了重复诉求' },
  absorbAccepted: {
    from: ['accepted'],
    to: 'accepted',
    by: ['handler'],
    kind: 'derived',
    label: '合并了重复诉求',
  },
  acceptTimeout: {
    from: ['assigned'],
    to: 'assigned',
    by: ['system'],
    kind: 'system',
    label: '超时未接单，自动上报',
  },
  resolveOverdue: {
    from: ['accepted'],
    to: 'accepted',
    by: ['system'],
    kind: 'system',
    label: '超期未办结，催办',
  },
  overdueEscalate: {
    from: ['accepted'],
    to: 'assigned',
    by: ['system'],
    kind: 'system',
    label: '催办后仍未办结，自动上报',
  },
  // 转志愿服务 (issue 19, src/domain/volunteer-work.ts): a need a neighbour can meet goes to the
  // 心愿墙 as a 微心愿 linked to it; the grid's clocks stand still while volunteers serve. The wish
  // decides what follows: its 确认圆梦 closes the request; released, lapsed or withdrawn, it comes back.
  toWish: {
    from: ['assigned', 'accepted'],
    to: 'volunteering',
    by: ['handler'],
    kind: 'user',
    label: '转志愿服务',
  },
  // The move's second write (its wish) was lost — a crash between the two: the scheduler publishes
  // the wish from what the request holds, and records it (requests/repair.ts).
  toWishFinish: {
    from: ['volunteering'],
    to: 'volunteering',
    by: ['system'],
    kind: 'system',
    label: '补发转志愿服务的心愿',
  },
  volunteerDone: {
    from: ['volunteering'],
    to: 'closed',
    by: ['system'],
    kind: 'derived',
    label: '志愿服务经居民确认，结案',
  },
  volunteerBack: {
    from: ['volunteering'],
    to: 'accepted',
    by: ['system'],
    kind: 'derived',
    label: '志愿者未能完成，退回网格员办理',
  },
  autoClose: {
    from: ['resolved'],
    to: 'closed',
    by: ['system'],
    kind: 'system',
    label: '7天未评价，自动完结',
  },
})

export type RequestAction = keyof typeof REQUEST_TRANSITIONS
export const REQUEST_ACTIONS = Object.keys(REQUEST_TRANSITIONS) as RequestAction[]

export type TransitionResult = TableResult<RequestStatus>

const FORBIDDEN_MESSAGES: Record<Relation, string> = {
  owner: '只有提交人本人可以这样做',
  handler: '只有负责该楼栋的网格员可以这样做',
  assignee: '只有接单的网格员可以办结',
  supervisor: '只有上级网格长或社区管理员可以这样做',
  proxy: '只有上级网格长或社区管理员可以代居民操作',
  former: '您已不再负责这条诉求',
  system: '这一步由系统自动完成',
  unit: '只有被请来办理的责任单位可以这样做',
  neighbour: '只有同楼栋的其他居民可以跟进',
}

const CONFLICT_MESSAGES: Partial<Record<RequestAction, string>> = {
  accept: '这条诉求已被接单或已撤销',
  resolve: '这条诉求当前不能办结',
  rate: '这条诉求当前不能评价',
  cancel: '已被接单的诉求不能撤销，如有变化请联系网格员',
  return: '只有待接单的诉求可以退回',
  dispatch: '只有待接单的诉求可以转派',
  chase: '只有处理中的诉求可以催办',
  urge: '只有还没办结的诉求可以催办',
  urgeWaiting: '只有还没办结的诉求可以催办',
  toWish: '只有待接单或处理中的诉求可以转志愿服务',
}

/**
 * Applies the table: who may do it, and from which status. Pure; the server makes it atomic.
 * Nobody handles their own request: a grid worker who files one as a resident leaves it to a
 * colleague, or they could accept, resolve and rate it themselves and inflate the grid's numbers.
 */
export function transition(
  status: RequestStatus,
  action: RequestAction,
  relations: ReadonlySet<Relation>,
): TransitionResult {
  const rule = REQUEST_TRANSITIONS[action]
  const [by] = rule.by
  if (by !== 'owner' && relations.has('owner')) {
    return { ok: false, reason: 'forbidden', message: '不能办理自己提交的诉求，请由其他网格员接单' }
  }
  // A 代录 resident has no phone of their own: their supervisor stands in for the owner's moves.
  const allowed = relations.has(by) || (by === 'owner' && relations.has('proxy'))
  if (!allowed) return { ok: false, reason: 'forbidden', message: FORBIDDEN_MESSAGES[by] }
  if (!(rule.from as readonly RequestStatus[]).includes(status)) {
    return {
      ok: false,
      reason: 'conflict',
      message: CONFLICT_MESSAGES[action] ?? '这条诉求的状态已变化，请刷新后再试',
    }
  }
  return { ok: true, from: status, to: rule.to }
}

/** The buttons this caller has now. */
export const availableActions = userMoves(REQUEST_TRANSITIONS, transition)

/**
 * What a rating does (domain.md, "Closing"): satisfied or basically → closed; the first
 * 不满意 → reopened (重办) for the same handler; a second → to the community (level 1); a third
 * closes it as unsatisfied (no endless loop).
 */
export function ratingOutcome(
  rating: Rating,
  reopenCount: number,
): 'rate' | 'reopen' | 'appeal' | 'closeUnsatisfied' {
  if (rating !== 'unsatisfied') return 'rate'
  if (reopenCount === 0) return 'reopen'
  // Once the community itself has redone it, a further 不满意 closes it as unsatisfied, on the record.
  return reopenCount === 1 ? 'appeal' : 'closeUnsatisfied'
}

export const RATINGS = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
} as const
export type Rating = keyof typeof RATINGS
export const RATING_CODES = codesOf(RATINGS)

export const DESCRIPTION_MIN_CHARS = 5
export const DESCRIPTION_MAX_CHARS = 500
export const MAX_OPEN_REQUESTS_PER_RESIDENT = 10
/** Why it goes up, back or is withdrawn (上报, 退回, 撤销). */
export const REASON_MIN_CHARS = 2
export const REASON_MAX_CHARS = 200
/** 办理情况 when resolving. */
export const RESOLVE_NOTE_MIN_CHARS = 2
export const RESOLVE_NOTE_MAX_CHARS = 300
/** The resident's words with a rating. */
export const COMMENT_MAX_CHARS = 200

/** Characters as a person counts them: an emoji is one, not two UTF-16 units. */
export function charCount(text: string): number {
  return Array.from(text).length
}

/**
 * Picks the grid a new request goes to: the building's micro-grid (level 3) if anyone serves
 * it, else its grid (level 2), else the community (level 1), which always answers
 * (domain.md: "No member at a level → go up a level at once").
 * `path` runs from level 1 down to the building's micro-grid.
 */
export function routeToGrid<G extends { id: string; level: number }>(
  path: readonly G[],
  staffed: ReadonlySet<string>,
): G {
  for (let i = path.length - 1; i > 0; i--) {
    if (staffed.has(path[i].id)) return path[i]
  }
  return path[0]
}
