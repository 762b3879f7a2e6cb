/**
 * Pointing the real @cloudbase/node-sdk at the local environment, for tests and tools.
 *
 * Also: a guard for the one transaction misuse the server cannot see. The SDK's
 * `transaction.collection(c).where(…).update()/.remove()/.count()` sends no transactionId at all
 * (doc() operations, add(), where().get() and where().updateAndReturn() carry it, and are part of
 * the transaction), so on CloudBase those silently run outside the transaction. The guard makes
 * them throw in this process instead.
 */
import tcb from '@cloudbase/node-sdk'

export type CloudApp = ReturnType<typeof tcb.init>

export interface ConnectOptions {
  /** Install installTransactionGuard() (default true). */
  guardTransactions?: boolean
  timeout?: number
}

/**
 * The exact incantation:
 *   process.env.TENCENTCLOUD = 'true'   // else the SDK probes a metadata host on every call
 *   tcb.init({ env: 'local', serviceUrl: url, secretId: 'local', secretKey: 'local', timeout: 15000 })
 */
export function connectSdk(url: string, opts: ConnectOptions = {}): CloudApp {
  process.env.TENCENTCLOUD = 'true'
  if (opts.guardTransactions !== false) installTransactionGuard()
  return tcb.init({
    env: 'local',
    serviceUrl: url,
    secretId: 'local',
    secretKey: 'local',
    timeout: opts.timeout ?? 15000,
  })
}

/** The Query methods whose requests carry no transactionId; get/updateAndReturn do carry it. */
const GUARDED = ['update', 'remove', 'count'] as const
const MARK = Symbol.for('local-tcb.transaction-guard')

interface GuardedQuery {
  _transactionId?: string
  _coll: string
  _fieldFilters?: string
  _request: { send(action: string, params: Record<string, unknown>): Promise<{ code?: string }> }
}

/**
 * Makes where()-style calls on a transaction's collection fail instead of escaping the
 * transaction. The call is reported to the server as a read inside the transaction marked with
 * `localtcbIntent`, which the server refuses and which marks the transaction failed — so a caller
 * that swallows the error still cannot commit. Process-wide and idempotent; production code never
 * calls it, so on CloudBase the behaviour stays the platform's own.
 */
export function installTransactionGuard(): void {
  // The same module instance the SDK uses, wherever npm put it.
  const sdkDir = require.resolve('@cloudbase/node-sdk')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const database = require(require.resolve('@cloudbase/database', { paths: [sdkDir] })) as {
    Query: { prototype: Record<string | symbol, unknown> }
  }
  const proto = database.Query.prototype
  if (proto[MARK]) return
  proto[MARK] = true
  for (const name of GUARDED) {
    const original = proto[name]
    if (typeof original !== 'function') continue
    proto[name] = async function guarded(this: GuardedQuery, ...args: unknown[]) {
      if (!this._transactionId) return (original as (...a: unknown[]) => unknown).apply(this, args)
      // Throws the server's refusal (the SDK turns error bodies into exceptions).
      await this._request.send('database.getDocument', {
        collectionName: this._coll,
        transactionId: this._transactionId,
        queryType: 'WHERE',
        query: this._fieldFilters || '{}',
        limit: 1,
        localtcbIntent: name,
      })
      throw Object.assign(new Error(`where().${name}() is not part of the transaction on CloudBase`), {
        code: 'DATABASE_INVALID_OPERRATOR',
      })
    }
  }
}
