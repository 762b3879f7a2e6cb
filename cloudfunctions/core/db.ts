import tcb from '@cloudbase/node-sdk'

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
