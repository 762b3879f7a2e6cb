/**
 * Calling the local host's `api` over HTTP, as a phone does. Node's global fetch (undici) keeps
 * connections alive and reuses them (the host keeps them for 30 s), opening as many as there are
 * calls in flight.
 */
import type { ApiResponse } from '../src/domain/errors'

export interface Reply {
  body: ApiResponse<unknown>
  /** Response size. */
  bytes: number
  /** Round trip. */
  ms: number
}

/** One call as `openid`; the answer whether it succeeded or not. */
export async function post(url: string, openid: string, action: string, input: unknown): Promise<Reply> {
  const t0 = performance.now()
  const res = await fetch(`${url}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, input }),
  })
  const text = await res.text()
  const body = JSON.parse(text) as ApiResponse<unknown>
  return { body, bytes: Buffer.byteLength(text), ms: performance.now() - t0 }
}

/** One call that must succeed: its data, size and time. */
export async function ok(
  url: string,
  openid: string,
  action: string,
  input: unknown,
): Promise<{ data: unknown; bytes: number; ms: number }> {
  const r = await post(url, openid, action, input)
  if (!r.body.ok) throw new Error(`${action} as ${openid}: ${r.body.error.code} ${r.body.error.message}`)
  return { data: r.body.data, bytes: r.bytes, ms: r.ms }
}
