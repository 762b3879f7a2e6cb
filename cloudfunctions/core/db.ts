import tcb from '@cloudbase/node-sdk'
import { wallMs } from '../../src/clock'

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

/** One document by its id, or null. */
export async function byId<T>(db: Database, collection: string, id: string): Promise<T | null> {
  return ((await db.collection(collection).doc(id).get()).data?.[0] as T | undefined) ?? null
}

/** Every document `where` finds, in pages of 1000 (the server's limit). */
export async function allWhere<T>(db: Database, collection: string, where: object): Promise<T[]> {
  const out: T[] = []
  for (;;) {
    const res = await db.collection(collection).where(where).skip(out.length).limit(1000).get()
    out.push(...(res.data as T[]))
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
