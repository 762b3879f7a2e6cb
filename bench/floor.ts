/**
 * "The floor": every call an action makes to CloudBase (database and WeChat openapi), issued
 * straight through the SDK with nothing around them — no HTTP host, no router, no validation, no
 * response shaping. Host time over floor time is what everything else costs.
 *
 * The calls are not written out by hand here (a copy drifts from the action: it once skipped 11
 * of request.create's 18): one real request through the host is recorded at the SDK's request
 * layer (recordCalls), and the floor replays exactly those requests (replayCalls), in the same
 * waves — calls the action had in flight together go out together.
 */
import { createRequire } from 'node:module'
import { type Database, collection } from '../cloudfunctions/core/db'
import { derivedId } from '../cloudfunctions/core/ids'
import type { MembershipDoc } from '../cloudfunctions/core/model'

/** What @cloudbase/node-sdk hands its one request function (utils/tcbapirequester). */
interface SdkArgs {
  config: unknown
  params: { action: string } & Record<string, unknown>
  method?: string
  headers?: Record<string, string>
  opts?: Record<string, unknown>
}

/** Every SDK call to CloudBase (database.*, wx.api, storage) goes through this one function. */
const sdk = createRequire(__filename)('@cloudbase/node-sdk/dist/utils/tcbapirequester') as {
  request(args: SdkArgs): Promise<unknown>
}

export interface RecordedCall {
  /** The SDK's action, e.g. database.queryDocument, wx.api. */
  action: string
  collection: string | null
  /** params as sent, JSON (what the replay substitutes in). */
  params: string
  args: SdkArgs
  start: number
  end: number
}

/** The SDK calls made in this process while `run` runs (nothing else may call meanwhile). */
export async function recordCalls(run: () => Promise<unknown>): Promise<RecordedCall[]> {
  const original = sdk.request
  const calls: RecordedCall[] = []
  sdk.request = async (args: SdkArgs) => {
    const call: RecordedCall = {
      action: args.params.action,
      collection: typeof args.params.collectionName === 'string' ? args.params.collectionName : null,
      params: JSON.stringify(args.params),
      args,
      start: performance.now(),
      end: Number.NaN,
    }
    calls.push(call)
    try {
      return await original(args)
    } finally {
      call.end = performance.now()
    }
  }
  try {
    await run()
  } finally {
    sdk.request = original
  }
  return calls
}

/**
 * The recorded calls in waves: a call issued while every call of the current wave was still in
 * flight ran concurrently with them (Promise.all in the action); one issued after any of them
 * answered may have waited for it, so it starts the next wave.
 */
export function waves(calls: RecordedCall[]): RecordedCall[][] {
  const out: RecordedCall[][] = []
  let firstEnd = -Infinity
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    const wave = out[out.length - 1]
    if (wave && c.start < firstEnd) {
      wave.push(c)
      firstEnd = Math.min(firstEnd, c.end)
    } else {
      out.push([c])
      firstEnd = c.end
    }
  }
  return out
}

/** A replayable request: its waves and the strings each replay swaps (ids that must be fresh). */
export interface Replay {
  waves: RecordedCall[][]
  calls: number
}

export function replayOf(calls: RecordedCall[]): Replay {
  return { waves: waves(calls), calls: calls.length }
}

/** What derivedId makes (cloudfunctions/core/ids.ts): the request's, its messages', its rate window's. */
const DERIVED_ID = /\b[0-9a-f]{24}\b/g

/**
 * Sends the recorded requests again through the SDK's request function, wave by wave, against
 * `db`'s environment (the recorded one, or another local TCB with the same documents). With
 * `fresh`, every derived id in the params is swapped for one derived from it and `fresh` (the
 * same one everywhere it occurs, so a write and its later read still meet): a replayed create
 * inserts new documents instead of meeting the recorded ones. `swap` then replaces plain strings
 * (another resident's openid, another requestId).
 */
export async function replayCalls(
  db: Database,
  replay: Replay,
  swap: ReadonlyArray<readonly [string, string]> = [],
  fresh?: string,
): Promise<void> {
  // The database's config minus its own two keys is what the SDK sends every request with.
  const {
    instance: _i,
    database: _d,
    ...config
  } = (db as unknown as { config: Record<string, unknown> }).config
  for (const wave of replay.waves) {
    await Promise.all(
      wave.map((c) => {
        let params = fresh ? c.params.replace(DERIVED_ID, (id) => derivedId(id, fresh)) : c.params
        for (const [from, to] of swap) params = params.replaceAll(from, to)
        return sdk.request({
          ...c.args,
          config,
          opts: {},
          params: JSON.parse(params) as SdkArgs['params'],
        })
      }),
    )
  }
}

/** What a recording made, for the notes: "18 calls in 9 waves: database.queryDocument ×9, …". */
export function describeCalls(replay: Replay): string {
  const counts = new Map<string, number>()
  for (const c of replay.waves.flat()) {
    const key = c.collection ? `${c.action} ${c.collection}` : c.action
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const parts = [...counts].map(([k, n]) => `${k} ×${n}`)
  return `${replay.calls} calls in ${replay.waves.length} waves (${parts.join(', ')})`
}

/** router.loadCaller: who is calling, before any action runs (the memberships for the inboxes). */
export async function callerLookup(db: Database, openid: string): Promise<MembershipDoc[]> {
  const [, memberships] = await Promise.all([
    collection(db, 'users').doc(openid).get(),
    collection(db, 'memberships').where({ openid }).limit(100).get(),
  ])
  return memberships.data as MembershipDoc[]
}
