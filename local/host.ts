/**
 * The local host behind `npm start` and the end-to-end tests: the local CloudBase-compatible
 * database, the bundled cloud functions over HTTP, and the H5 build, on one loopback port.
 *
 *   POST /fn/<name>   body = the `data` a mini-program passes to callFunction;
 *                     X-Dev-OpenId = who is calling, handed to the function via its context
 *   GET  /healthz     200 once ready
 *   GET  /dev/identities   the demo identities (for the H5-only "choose who you are" page)
 *   GET  /dev/wx/sent      the subscribe messages the local WeChat openapi was asked to send
 *   GET|POST /dev/clock    the functions' clock ({ offsetMs } or { at }), to try what happens on the day
 *   POST /storage/upload   the H5 stand-in for Taro.cloud.uploadFile (one photo or workbook, raw bytes)
 *   GET  /cos/<path>       stored photos, by signed expiring link (local/storage.ts)
 *   GET|POST /open311/v2/… the open311 function, as CloudBase's HTTP access service calls it
 *   GET  /*           the H5 build (dist/h5)
 */
import { readBody } from './http'
import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { startLocalCloud } from './cloud'
import { installTransactionGuard } from './tcb/sdk'
import { connectApp, serverNow, type CloudApp } from '../cloudfunctions/core/db'
import { wallMs } from '../src/clock'
import { UPLOAD_QUOTAS } from '../src/domain/photos'
import { formatLocal } from '../src/domain/time'
import { functionsClockOffsetMs, setFunctionsClock } from './clock'
import { seedDemo } from './seed'
import { DEMO_IDENTITIES } from './demo'
import { platformContext, type FunctionMain } from './platform'
import { FUNCTIONS } from '../scripts/build-functions'
import { OPEN311_BASE_PATH } from '../src/domain/open311'
import type { LocalWx, LocalWxOptions } from './openapi'

const ROOT = path.resolve(__dirname, '..')
const MAX_BODY_BYTES = 1024 * 1024
const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export interface HostOptions {
  port?: number
  host?: string
  dataDir?: string
  /** Wipe the data directory and seed the demo community again. */
  reset?: boolean
  /** Seed the demo community when the database has none (default true). */
  seed?: boolean
  staticDir?: string
  functionsDir?: string
  quiet?: boolean
  /** Run the scheduler function like its timer trigger does; 0 = never (tests drive it themselves). */
  schedulerIntervalMs?: number
  /** The local WeChat openapi (share of failing sends, forced answers); see local/openapi.ts. */
  wx?: LocalWxOptions
  /**
   * What the functions' clock reads at start (tests name their dates); it runs on from there.
   * Absent: the clock as it was (the wall clock, or where /dev/clock last moved it).
   */
  at?: Date
}

export interface Host {
  url: string
  port: number
  tcbUrl: string
  /** What the local WeChat openapi was asked to send. */
  wx: LocalWx
  dataDir: string
  close(): Promise<void>
}

function loadFunctions(dir: string): Record<string, FunctionMain> {
  const fns: Record<string, FunctionMain> = {}
  for (const name of FUNCTIONS) {
    const file = path.join(dir, name, 'index.js')
    if (!existsSync(file)) throw new Error(`云函数 ${name} 尚未打包：请先运行 npm run build:functions`)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    fns[name] = (require(file) as { main: FunctionMain }).main
  }
  return fns
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

function serveStatic(dir: string, urlPath: string, res: http.ServerResponse): void {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    // A malformed % escape (`/%E0%A4%A`) is the client's mistake, not the host's.
    return sendJson(res, 400, { error: '路径编码不正确 / malformed URL encoding' })
  }
  const clean = path.normalize(decoded).replace(/^(\.\.[/\\])+/, '')
  let file = path.join(dir, clean)
  if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory())
    file = path.join(dir, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('H5 尚未构建：请运行 npm run build:h5')
    return
  }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' })
  createReadStream(file).pipe(res)
}

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
const UPLOAD_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  // 社区设置's import workbook.
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
}

/**
 * The H5 build's stand-in for `Taro.cloud.uploadFile`: the bytes of one photo, stored with the
 * SDK's own uploadFile under `photos/<openid>/`, as CloudBase storage files a weapp upload under
 * its user. Answers `{ fileID }`. What may be attached is decided later by the api (type, size, owner).
 */
/**
 * What one person may put in storage through this host in a day: the largest quota the api gives
 * (UPLOAD_QUOTAS.staff). The api's upload.record keeps each person's own quota and deletes what
 * is over it; this stops a script filling the disk with uploads it never records.
 */
class HostUploadQuota {
  private readonly used = new Map<string, { day: string; files: number; bytes: number }>()

  take(openid: string, bytes: number, day: string): boolean {
    const mine = this.used.get(openid)
    const today = mine && mine.day === day ? mine : { day, files: 0, bytes: 0 }
    if (today.files + 1 > UPLOAD_QUOTAS.staff.files || today.bytes + bytes > UPLOAD_QUOTAS.staff.bytes)
      return false
    this.used.set(openid, { day, files: today.files + 1, bytes: today.bytes + bytes })
    return true
  }
}

async function uploadForH5(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  app: CloudApp,
  quota: HostUploadQuota,
) {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' })
  const header = req.headers['x-dev-openid']
  const openid = typeof header === 'string' && OPENID_PATTERN.test(header) ? header : null
  if (!openid) return sendJson(res, 401, { error: '请先登录' })
  const ext = UPLOAD_TYPES[String(req.headers['content-type'] ?? '').split(';')[0]] ?? 'bin'
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_UPLOAD_BYTES) return sendJson(res, 413, { error: '文件太大' })
    chunks.push(chunk)
  }
  if (!quota.take(openid, size, formatLocal(serverNow(), 'YYYY-MM-DD')))
    return sendJson(res, 429, { error: '今天上传的文件已达上限，请明天再试' })
  const cloudPath = `photos/${openid}/${wallMs().toString(36)}${randomBytes(6).toString('hex')}.${ext}`
  const { fileID } = await app.uploadFile({ cloudPath, fileContent: Buffer.concat(chunks) })
  return sendJson(res, 200, { fileID })
}

/**
 * An HTTP-triggered function, as CloudBase's HTTP access service calls one (集成请求): the request
 * as an event (path, method, headers, query, body), the answer's statusCode, headers and body sent on.
 */
async function serveHttpFunction(
  main: FunctionMain,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) {
  let body: string
  try {
    body = await readBody(req, MAX_BODY_BYTES)
  } catch {
    return sendJson(res, 413, [{ code: 413, description: '请求体太大 / body too large' }])
  }
  const event = {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    ),
    queryStringParameters: Object.fromEntries(url.searchParams),
    body,
    isBase64Encoded: false,
  }
  const answer = (await main(event, platformContext('open311', null))) as {
    statusCode: number
    headers: Record<string, string>
    body: string
  }
  res.writeHead(answer.statusCode, answer.headers)
  res.end(answer.body)
}

export async function startHost(opts: HostOptions = {}): Promise<Host> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? path.join(ROOT, '.data'))
  if (opts.reset) rmSync(dataDir, { recursive: true, force: true })
  const { tcb, wx, storage } = await startLocalCloud({ dataDir, root: ROOT, wx: opts.wx })
  // The bundled functions read this when loaded, exactly as they read their environment in CloudBase.
  process.env.LOCAL_TCB_URL = tcb.url
  process.env.TENCENTCLOUD = 'true'
  // CloudBase would silently run a where().update() outside a transaction; locally it fails loudly.
  installTransactionGuard()
  if (opts.at) setFunctionsClock(opts.at)
  const app = connectApp(tcb.url)
  // A host that fails to start closes the database it opened: a red run must end.
  let functions: Record<string, FunctionMain>
  try {
    if (opts.seed !== false)
      await seedDemo(app, serverNow(), { gradedMonth: true, units: true, street: true })
    functions = loadFunctions(opts.functionsDir ?? path.join(ROOT, 'dist/cloudfunctions'))
  } catch (err) {
    await tcb.close()
    throw err
  }
  const staticDir = path.resolve(opts.staticDir ?? path.join(ROOT, 'dist/h5'))

  const uploadQuota = new HostUploadQuota()
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true })
      if (url.pathname === '/dev/identities' && req.method === 'GET')
        return sendJson(res, 200, DEMO_IDENTITIES)
      // What WeChat would have delivered as subscribe messages, newest first.
      if (url.pathname === '/dev/wx/sent' && req.method === 'GET')
        return sendJson(res, 200, wx.sent.slice(-100).reverse())
      // The functions' clock, moved to try what happens on the day (see serverNow): by an offset
      // from the wall clock ({ offsetMs }) or to an instant ({ at }), from which it runs on.
      if (url.pathname === '/dev/clock') {
        if (req.method === 'POST') {
          let body: { offsetMs?: unknown; at?: unknown }
          try {
            body = JSON.parse(await readBody(req, 1024)) as typeof body
            if (!body || typeof body !== 'object') throw new Error('not an object')
          } catch {
            return sendJson(res, 400, {
              error: '请求体应为 JSON：{ offsetMs } 或 { at } / body must be JSON',
            })
          }
          const at = typeof body.at === 'string' ? new Date(body.at) : null
          if (at && !Number.isNaN(at.getTime())) setFunctionsClock(at)
          else if (typeof body.offsetMs === 'number' && Number.isFinite(body.offsetMs))
            process.env.LOCAL_CLOCK_OFFSET_MS = String(body.offsetMs)
          else return sendJson(res, 400, { error: '{ offsetMs: milliseconds } or { at: ISO 8601 instant }' })
        }
        return sendJson(res, 200, { offsetMs: functionsClockOffsetMs(), now: serverNow().toISOString() })
      }
      // Photos: signed links point here, so a phone on the LAN can load them too.
      if (url.pathname.startsWith('/cos/') && (req.method === 'GET' || req.method === 'HEAD')) {
        await storage.serve(req, res)
        return
      }
      if (url.pathname === '/storage/upload') return await uploadForH5(req, res, app, uploadQuota)
      if (url.pathname.startsWith(`${OPEN311_BASE_PATH}/`))
        return await serveHttpFunction(functions.open311, req, res, url)
      const fn = /^\/fn\/([A-Za-z0-9_-]+)$/.exec(url.pathname)
      if (fn) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' })
        const main = functions[fn[1]]
        if (!main) return sendJson(res, 404, { error: `no function ${fn[1]}` })
        const header = req.headers['x-dev-openid']
        const openid = typeof header === 'string' && OPENID_PATTERN.test(header) ? header : null
        let event: unknown
        try {
          const body = await readBody(req, MAX_BODY_BYTES)
          event = body ? JSON.parse(body) : {}
        } catch {
          return sendJson(res, 400, {
            ok: false,
            error: { code: 'INVALID_INPUT', message: '请求格式不正确' },
          })
        }
        return sendJson(res, 200, await main(event, platformContext(fn[1], openid)))
      }
      if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(staticDir, url.pathname, res)
      sendJson(res, 404, { error: 'not found' })
    } catch (err) {
      if (!opts.quiet) console.error('[host]', err)
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } })
    }
  })
  server.keepAliveTimeout = 30_000
  // CloudBase fires the scheduler's timer every minute with a timer event and no user; so do we.
  const interval = opts.schedulerIntervalMs ?? 0
  let tick: NodeJS.Timeout | undefined
  if (interval > 0) {
    tick = setInterval(() => {
      const event = { Type: 'Timer', TriggerName: 'everyMinute', Time: serverNow().toISOString() }
      functions.scheduler(event, platformContext('scheduler', null)).catch((err) => {
        if (!opts.quiet) console.error('[scheduler]', err)
      })
    }, interval)
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => resolve())
  }).catch(async (err: unknown) => {
    // The port is taken (or refused): nothing may stay open behind the error.
    if (tick) clearInterval(tick)
    await tcb.close()
    throw err
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = !opts.host || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host
  // Signed photo links point at this host (the H5 page shows them from its own origin, see PhotoGrid).
  storage.setUrls({ download: `http://${shownHost}:${port}/` })
  // Printed codes (activity check-in) point at the H5 build here, unless told otherwise.
  process.env.PUBLIC_H5_URL ??= `http://${shownHost}:${port}`
  return {
    url: `http://${shownHost}:${port}`,
    port,
    tcbUrl: tcb.url,
    wx,
    dataDir,
    async close() {
      if (tick) clearInterval(tick)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await tcb.close()
    },
  }
}
