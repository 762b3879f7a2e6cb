/**
 * The deployable `open311` function: Open311 GeoReport v2 (cloudfunctions/core/open311) behind
 * CloudBase's HTTP access service (云接入, path /open311/v2, scripts/cloudbase-config.ts). It is
 * called by HTTP only, never from the mini-program: the event is the HTTP request, integrated.
 */
import { connectApp, serverNow } from '../core/db'
import { cloudFiles } from '../core/files'
import { wxApi } from '../core/wx'
import { createOpen311 } from '../core/open311/service'

const app = connectApp()
const open311 = createOpen311({ db: app.database(), files: cloudFiles(app), wx: wxApi(app), now: serverNow })

/** What CloudBase's HTTP access service hands an integrated function. */
interface HttpEvent {
  path?: string
  httpMethod?: string
  headers?: Record<string, string | undefined>
  queryStringParameters?: Record<string, string | undefined>
  body?: string
  isBase64Encoded?: boolean
}

export async function main(event: HttpEvent) {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  )
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '')
  const query: Record<string, string> = {}
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {}))
    if (typeof v === 'string') query[k] = v
  const res = await open311.handle({
    method: event.httpMethod ?? 'GET',
    path: event.path ?? '/',
    query,
    body,
    contentType: headers['content-type'] ?? '',
  })
  return {
    statusCode: res.status,
    headers: {
      'content-type': res.contentType,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    },
    body: res.body,
    isBase64Encoded: false,
  }
}
