import tcb from '@cloudbase/node-sdk'
import { wallMs } from '../../src/clock'
import type * as M from './model'

export type CloudApp = ReturnType<typeof tcb.init>
export type Database = ReturnType<CloudApp['database']>

/** Collection names, one place. */
export const COLLECTIONS = {
  communities: 'communities',
  grids: 'grids',
  buildings: 'buildings',
  users: 'users',
  memberships: 'memberships',
  requests: 'requests',
  messages: 'messages',
  subscriptions: 'subscriptions',
  wishes: 'wishes',
  points: 'points',
  volunteers: 'volunteers',
  certificates: 'certificates',
  activities: 'activities',
  sessions: 'sessions',
  signups: 'signups',
  children: 'children',
  elders: 'elders',
  visits: 'visits',
  households: 'households',
  diary: 'diary',
  visitPlans: 'visitPlans',
  staff: 'staff',
  invitations: 'invitations',
  roleEvents: 'roleEvents',
  rateLimits: 'rate_limits',
  consents: 'consents',
  accessLog: 'access_log',
  calendarDays: 'calendarDays',
  settingsEvents: 'settingsEvents',
  uploads: 'uploads',
  imports: 'imports',
  documents: 'documents',
  pollVotes: 'pollVotes',
  gradings: 'gradings',
  rectifications: 'rectifications',
  units: 'units',
  streets: 'streets',
  apiKeys: 'apiKeys',
  apiLog: 'apiLog',
  metricsMonthly: 'metricsMonthly',
} as const

/**
 * In CloudBase the function runs inside its environment and finds its own credentials.
 * Everywhere else (npm start, tests, benchmarks) LOCAL_TCB_URL points the same SDK at the local
 * CloudBase-compatible environment on loopback; its credentials are placeholders it ignores.
 */
export function connectApp(serviceUrl = process.env.LOCAL_TCB_URL): CloudApp {
  if (!serviceUrl) return tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  // Without it the SDK probes a metadata host on every call (~48 ms each, platform-facts.md).
  process.env.TENCENTCLOUD = 'true'
  return tcb.init({ env: 'local', serviceUrl, secretId: 'local', secretKey: 'local', timeout: 15000 })
}

/** What each collection holds: the one link between a collection's name and its document type. */
export interface Collections {
  communities: M.CommunityDoc
  grids: M.GridDoc
  buildings: M.BuildingDoc
  users: M.UserDoc
  memberships: M.MembershipDoc
  requests: M.RequestDoc
  messages: M.MessageDoc
  subscriptions: M.SubscriptionDoc
  wishes: M.WishDoc
  points: M.PointsEntryDoc
  volunteers: M.VolunteerDoc
  certificates: M.CertificateDoc
  activities: M.ActivityDoc
  sessions: M.SessionDoc
  signups: M.SignupDoc
  children: M.ChildDoc
  elders: M.ElderDoc
  visits: M.VisitDoc
  households: M.HouseholdDoc
  diary: M.DiaryEntryDoc
  visitPlans: M.VisitPlanDoc
  staff: M.StaffDoc
  invitations: M.InvitationDoc
  roleEvents: M.RoleEventDoc
  rateLimits: M.RateLimitDoc
  consents: M.ConsentDoc
  accessLog: M.AccessLogDoc
  calendarDays: M.CalendarDayDoc
  settingsEvents: M.SettingsEventDoc
  uploads: M.UploadDoc
  imports: M.ImportDoc
  documents: M.DocumentDoc
  pollVotes: M.PollVoteDoc
  gradings: M.GradingDoc
  rectifications: M.RectificationDoc
  units: M.UnitDoc
  streets: M.StreetDoc
  apiKeys: M.ApiKeyDoc
  apiLog: M.ApiLogDoc
  metricsMonthly: M.MetricsMonthlyDoc
}
export type CollectionName = keyof typeof COLLECTIONS
/** The collections whose documents keep an outbox (requests, wishes, sessions). */
export type OutboxCollection = {
  [K in CollectionName]: Collections[K] extends M.OutboxHolder ? K : never
}[CollectionName]
/** A collection in COLLECTIONS without a document type (or the reverse) does not compile. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _everyCollectionTyped: Exact<CollectionName, keyof Collections> = true
void _everyCollectionTyped

/** An update command of the SDK (_.push, _.inc, _.set, _.remove). */
export type UpdateCommand = ReturnType<Database['command']['inc']>
/** An update of a document's own fields, each a value or a command. */
export type Changes<D> = { [K in keyof D]?: D[K] | UpdateCommand }

/** A query whose results are documents of one type. Updates take commands and dotted paths. */
export interface Query<D> {
  where(query: object): Query<D>
  orderBy(field: string, direction: 'asc' | 'desc'): Query<D>
  limit(n: number): Query<D>
  skip(n: number): Query<D>
  /** A projection: only the named fields are read. */
  field<F extends keyof D>(projection: Partial<Record<F, true>>): Query<Pick<D, F | ('_id' & keyof D)>>
  get(): Promise<{ data: D[] }>
  count(): Promise<{ total: number }>
  update(changes: object): Promise<{ updated: number }>
  remove(): Promise<{ deleted: number }>
  /** Updates the one document found and returns it as it is after (null: none matched). */
  updateAndReturn(changes: object): Promise<{ updated: number; doc: D | null }>
}
export interface DocRef<D> {
  get(): Promise<{ data: D[] }>
  set(doc: object): Promise<unknown>
  update(changes: object): Promise<{ updated: number }>
  remove(): Promise<{ deleted: number }>
}
export interface Collection<D> extends Query<D> {
  doc(id: string): DocRef<D>
  /** One document, or up to 1000 at once. */
  add(doc: D | D[]): Promise<{ id?: string; ids?: string[] }>
}

/**
 * The typed door to a collection: `collection(db, 'requests')` reads RequestDoc, so actions need
 * no casts. The SDK types every document as `any`; this is the one place that says what they are.
 */
export function collection<K extends CollectionName>(db: Database, name: K): Collection<Collections[K]> {
  return db.collection(COLLECTIONS[name]) as unknown as Collection<Collections[K]>
}

/** One document by its id, or null. */
export async function byId<K extends CollectionName>(
  db: Database,
  name: K,
  id: string,
): Promise<Collections[K] | null> {
  return (await collection(db, name).doc(id).get()).data?.[0] ?? null
}

/** A document this code just wrote or found: its absence is a bug, not a user's mistake. */
export async function existing<K extends CollectionName>(
  db: Database,
  name: K,
  id: string,
): Promise<Collections[K]> {
  const doc = await byId(db, name, id)
  if (!doc) throw new Error(`${name}/${id} vanished`)
  return doc
}

/**
 * The documents with these ids (missing ones are absent; order not kept), asked for 100 ids at a
 * time and the pages at once — a get without a limit answers at most 100.
 */
export async function byIds<K extends CollectionName>(
  db: Database,
  name: K,
  ids: readonly string[],
): Promise<Collections[K][]> {
  const unique = [...new Set(ids)]
  const pages: string[][] = []
  for (let i = 0; i < unique.length; i += 100) pages.push(unique.slice(i, i + 100))
  const found = await Promise.all(
    pages.map(
      async (page) =>
        (
          await collection(db, name)
            .where({ _id: db.command.in(page) })
            .limit(page.length)
            .get()
        ).data,
    ),
  )
  return found.flat()
}

/** Every document `where` finds, in pages of 1000 (the server's limit). */
export async function allWhere<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
): Promise<Collections[K][]> {
  const out: Collections[K][] = []
  for (;;) {
    const res = await collection(db, name).where(where).skip(out.length).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

/**
 * An update's changes, safe for nested objects: the SDK turns a nested object into dotted paths
 * (claim.openid …), which cannot go into a field that is null; `_.set` replaces the whole value.
 */
export function replacing(db: Database, changes: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([k, v]) => [
      k,
      // Only plain objects: dates, arrays and update commands (_.push …) pass as they are.
      v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype ? db.command.set(v) : v,
    ]),
  )
}

/**
 * The functions' clock. In CloudBase it is the system clock. On the local environment a developer
 * (or an end-to-end test) may move it forward — `POST /dev/clock` on the host — to see what happens
 * on the day of an activity; the offset is only read where LOCAL_TCB_URL says we are local.
 */
export function serverNow(): Date {
  const offset = process.env.LOCAL_TCB_URL ? Number(process.env.LOCAL_CLOCK_OFFSET_MS || 0) : 0
  return new Date(wallMs() + offset)
}
