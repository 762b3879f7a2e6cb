/**
 * The request (诉求) lifecycle as data: statuses, a transition table and one function that
 * applies it (domain.md, "Requests"; style.md, "Lifecycles are data").
 * Escalation, return, chase and reopen arrive with the SLA issue; the table grows, the code not.
 */

export const REQUEST_STATUSES = {
  assigned: '待接单',
  accepted: '处理中',
  resolved: '待评价',
  closed: '已完结',
  cancelled: '已撤销',
} as const

export type RequestStatus = keyof typeof REQUEST_STATUSES
export const REQUEST_STATUS_CODES = Object.keys(REQUEST_STATUSES) as [RequestStatus, ...RequestStatus[]]

/** Statuses in which a request still needs a grid member's work. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['assigned', 'accepted']
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['closed', 'cancelled']

/** How the caller stands to one request; computed by the server, never sent by the client. */
export type Relation = 'owner' | 'handler' | 'assignee'

export const REQUEST_TRANSITIONS = {
  accept: { from: ['assigned'], to: 'accepted', by: 'handler', label: '接单' },
  resolve: { from: ['accepted'], to: 'resolved', by: 'assignee', label: '办结' },
  rate: { from: ['resolved'], to: 'closed', by: 'owner', label: '评价' },
  cancel: { from: ['assigned'], to: 'cancelled', by: 'owner', label: '撤销' },
} as const satisfies Record<
  string,
  { from: readonly RequestStatus[]; to: RequestStatus; by: Relation; label: string }
>

export type RequestAction = keyof typeof REQUEST_TRANSITIONS
export const REQUEST_ACTIONS = Object.keys(REQUEST_TRANSITIONS) as RequestAction[]

export type TransitionResult =
  | { ok: true; from: RequestStatus; to: RequestStatus }
  | { ok: false; reason: 'forbidden' | 'conflict'; message: string }

const FORBIDDEN_MESSAGES: Record<Relation, string> = {
  owner: '只有提交人本人可以这样做',
  handler: '只有负责该楼栋的网格员可以接单',
  assignee: '只有接单的网格员可以办结',
}

const CONFLICT_MESSAGES: Record<RequestAction, string> = {
  accept: '这条诉求已被接单或已撤销',
  resolve: '这条诉求当前不能办结',
  rate: '这条诉求当前不能评价',
  cancel: '已被接单的诉求不能撤销，如有变化请联系网格员',
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
  if (rule.by !== 'owner' && relations.has('owner')) {
    return { ok: false, reason: 'forbidden', message: '不能办理自己提交的诉求，请由其他网格员接单' }
  }
  if (!relations.has(rule.by)) return { ok: false, reason: 'forbidden', message: FORBIDDEN_MESSAGES[rule.by] }
  if (!(rule.from as readonly RequestStatus[]).includes(status)) {
    return { ok: false, reason: 'conflict', message: CONFLICT_MESSAGES[action] }
  }
  return { ok: true, from: status, to: rule.to }
}

/** The actions this caller could take now; drives which buttons a screen shows. */
export function availableActions(status: RequestStatus, relations: ReadonlySet<Relation>): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => transition(status, a, relations).ok)
}

export const RATINGS = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
} as const
export type Rating = keyof typeof RATINGS
export const RATING_CODES = Object.keys(RATINGS) as [Rating, ...Rating[]]

export const DESCRIPTION_MIN_CHARS = 5
export const DESCRIPTION_MAX_CHARS = 500
export const MAX_OPEN_REQUESTS_PER_RESIDENT = 10

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

/** 138****5678: enough to recognise, not enough to call. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return undefined
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}
