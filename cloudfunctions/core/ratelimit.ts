/**
 * Per-user rate limits (src/domain/ratelimits.ts), counted atomically: one document per (person,
 * action, window), taken with a conditional `_.inc` that only matches while the count is under the
 * limit — parallel calls can never all slip through, and an over-the-limit call writes nothing else.
 * A replay of the same requestId (a lost answer, a double tap) finds its key already there and
 * passes without counting; the action itself answers it idempotently.
 */
import { AppError } from '../../src/domain/errors'
import { rateLimitedMessage, rateWindow, type RateLimit } from '../../src/domain/ratelimits'
import { type Database, collection } from './db'
import { derivedId } from './ids'
import type { RateLimitDoc } from './model'

/** One document per (person, action, window). */
function windowId(openid: string, action: string, start: Date): string {
  return derivedId('rate', openid, action, start.toISOString())
}

/** One call counted against one limit: who, which action, when, and its requestId (replays pass). */
export interface RateCharge {
  openid: string
  action: string
  limit: RateLimit
  at: Date
  key: string | null
}

export async function takeRateLimit(db: Database, charge: RateCharge): Promise<void> {
  const { openid, action, limit, at, key } = charge
  const _ = db.command
  const col = collection(db, 'rateLimits')
  const { start, end } = rateWindow(limit, at)
  const id = windowId(openid, action, start)
  const fresh: RateLimitDoc = {
    _id: id,
    openid,
    action,
    windowStart: start,
    expiresAt: end,
    count: 1,
    keys: key ? [key] : [],
  }
  // The window's first call creates its document: one write (a burst is many people's first call).
  // The id is the window's, so a second create fails and the call counts against the document.
  const created = await col.add(fresh).then(
    () => null,
    (err: unknown) => err,
  )
  if (created === null) return
  // Two rounds: the count may move between our update and our read.
  for (let round = 0; round < 2; round++) {
    const res = await col
      .where({ _id: id, count: _.lt(limit.max), ...(key ? { keys: _.nin([key]) } : {}) })
      .update({ count: _.inc(1), ...(key ? { keys: _.push([key]) } : {}) })
    if (res.updated === 1) return
    const doc = (await col.doc(id).get()).data?.[0]
    // Not created and not there: the create failed for another reason (an outage).
    if (!doc) throw created
    if (key && doc.keys.includes(key)) return
    if (doc.count >= limit.max) break
  }
  throw new AppError('RATE_LIMITED', rateLimitedMessage(limit, at))
}

/** Gives back what takeRateLimit counted for a call that was refused (the same window: `at`). */
export async function releaseRateLimit(db: Database, charge: RateCharge): Promise<void> {
  const { openid, action, limit, at, key } = charge
  const _ = db.command
  const id = windowId(openid, action, rateWindow(limit, at).start)
  await collection(db, 'rateLimits')
    .where({ _id: id, count: _.gt(0) })
    .update({ count: _.inc(-1), ...(key ? { keys: _.pull(key) } : {}) })
}
