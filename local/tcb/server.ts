/**
 * The local CloudBase-compatible database environment: an HTTP endpoint on loopback that
 * @cloudbase/node-sdk talks to when initialised with `serviceUrl` (see sdk.ts), backed by the
 * embedded store, persisted under a data dir.
 *
 * The SDK posts every call to `<serviceUrl>?env=…&seqId=…` and treats any non-200 status as a
 * transport failure, so database errors travel as 200 responses with a `code`.
 */
import { readBody } from '../http'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { type DatabaseDeclaration, emptyDeclaration, loadDeclaration } from '../../config/database'
import { Persistence, type LoadReport } from './persistence'
import { type ActionHandler, handle, type ProtocolContext, requestId } from './protocol'
import { Store } from './store'
import { TransactionManager } from './transactions'
import { wallMs } from '../../src/clock'

export interface LocalTcbOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** Default: process.env.DATA_DIR || '.data', relative to the working directory. */
  dataDir?: string
  /** Default: ./cloudbaserc.json. A missing file means no declared collections or indexes. */
  indexConfigPath?: string
  /** Keep everything in memory: no data dir, nothing survives close(). */
  inMemory?: boolean
  /** Default true. false still writes each commit before acknowledging (survives kill -9). */
  fsync?: boolean
  /** Let the first write create a collection (CloudBase does not). Default false. */
  implicitCollections?: boolean
  /**
   * update() that leaves a matched document as it was reports it as updated (true) or not (false,
   * default: MongoDB's nModified). CloudBase's documentation does not say which; code that reads
   * `updated` should be right under both (protocol.ts reportedUpdated).
   */
  countUnchanged?: boolean
  /** false answers every query with a full scan (benchmarks). Default true. */
  useIndexes?: boolean
  /**
   * Queries sorting more than this many documents in memory are recorded (`store.fullSorts`), and
   * refused when `refuseFullSorts` (the test environment: test/support/env.ts).
   */
  fullSortLimit?: number
  refuseFullSorts?: boolean
  /** Transaction lifetime; default TRANSACTION_LIFETIME_MS (30 s, as on CloudBase). */
  transactionLifetimeMs?: number
  /**
   * The clock the server reads, in ms (serverDate, transaction expiry); default the wall clock.
   * Tests pass their own to move time on without waiting for it.
   */
  now?: () => number
  /**
   * A simulated network: every request is answered `latencyMs` late (benchmarks at production round
   * trips). `delay` waits it out, a timer by default; a test may pass one that moves its own `now` on
   * instead, so that transactions age by the simulated round trips and no test waits on the wall.
   */
  latencyMs?: number
  delay?: (ms: number) => Promise<void>
  /** Additional actions answered by this server, e.g. local stand-ins for openapi calls. */
  actions?: Record<string, ActionHandler>
  /** Other HTTP answered by this server (storage's PUT/GET); true when it handled the request. */
  http?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>
  log?: (msg: string) => void
}

export interface LocalTcb {
  url: string
  port: number
  store: Store
  /** null when inMemory. */
  persistence: Persistence | null
  loadReport: LoadReport | null
  close(): Promise<void>
}

/** Request bodies above this are refused; CloudBase caps documents at 16 MB anyway. */
const MAX_BODY_BYTES = 32 * 1024 * 1024

export async function startLocalTcb(opts: LocalTcbOptions = {}): Promise<LocalTcb> {
  const declaration: DatabaseDeclaration =
    opts.indexConfigPath === undefined
      ? loadDeclaration(resolve('cloudbaserc.json'))
      : opts.indexConfigPath === ''
        ? emptyDeclaration()
        : loadDeclaration(resolve(opts.indexConfigPath))
  const store = new Store(declaration, {
    implicitCollections: opts.implicitCollections,
    useIndexes: opts.useIndexes,
    fullSortLimit: opts.fullSortLimit,
    refuseFullSorts: opts.refuseFullSorts,
  })
  const persistence = opts.inMemory
    ? null
    : await Persistence.open(store, {
        dir: opts.dataDir ?? (process.env.DATA_DIR || '.data'),
        fsync: opts.fsync,
        log: opts.log,
      })
  const now = opts.now ?? wallMs
  const txm = new TransactionManager(store, { lifetimeMs: opts.transactionLifetimeMs, now })
  const ctx: ProtocolContext = {
    store,
    txm,
    waitDurable: persistence ? (seq) => persistence.waitDurable(seq) : () => Promise.resolve(),
    now,
    actions: opts.actions,
    countUnchanged: opts.countUnchanged === true,
  }

  const latencyMs = opts.latencyMs ?? 0
  const delay = opts.delay ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)))
  const server = http.createServer((req, res) => {
    void (async () => {
      if (latencyMs > 0) await delay(latencyMs)
      if (opts.http && (await opts.http(req, res))) return
      await serve(ctx, req, res)
    })().catch((err: unknown) => {
      opts.log?.(`[local-tcb] ${String(err)}`)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  // The SDK keeps connections alive; shorter server timeouts would race its reuse of sockets.
  server.keepAliveTimeout = 65_000
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail)
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        server.off('error', fail)
        ok()
      })
    })
  } catch (e) {
    txm.close()
    await persistence?.close()
    throw e
  }
  const addr = server.address() as AddressInfo
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  let closing: Promise<void> | null = null
  return {
    url: `http://${host}:${addr.port}/`,
    port: addr.port,
    store,
    persistence,
    loadReport: persistence?.report ?? null,
    close() {
      closing ??= (async () => {
        // Keep-alive sockets outlive their request by keepAliveTimeout (65 s): one still answering
        // when close() is called would hold it open that long, so idle ones are closed as they appear.
        const sweep = setInterval(() => server.closeIdleConnections(), 20)
        await new Promise<void>((ok) => {
          server.close(() => ok())
          server.closeIdleConnections()
        })
        clearInterval(sweep)
        txm.close()
        await persistence?.close()
      })()
      return closing
    },
  }
}

async function serve(
  ctx: ProtocolContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    })
    res.end(text)
  }
  if (req.method !== 'POST') {
    send(405, { requestId: requestId(), code: 'INVALID_PARAM', message: 'POST a JSON body with an action' })
    return
  }
  let body: unknown
  try {
    body = JSON.parse(await readBody(req, MAX_BODY_BYTES))
  } catch (e) {
    send(200, {
      requestId: requestId(),
      code: 'INVALID_PARAM',
      message: `bad request body: ${(e as Error).message}`,
    })
    return
  }
  send(200, await handle(ctx, body))
}
