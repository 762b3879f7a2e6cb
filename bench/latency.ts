/**
 * Latency of whole requests through the local host (HTTP → function → database) beside the
 * floor (the same database calls alone, floor.ts). Host and floor samples alternate, and which
 * goes first alternates too, so drift over the run (JIT, GC, the collection growing by the
 * creates themselves) lands on both alike.
 */
import type { Database } from '../cloudfunctions/core/db'
import type { UserDoc } from '../cloudfunctions/core/model'
import type { InboxPage } from '../src/domain/contract'
import { callerLookup, describeCalls, recordCalls, replayCalls, replayOf, type Replay } from './floor'
import { int, ms, ratio } from './format'
import { ok } from './http'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'
import { wallMs } from '../src/clock'

const DESCRIPTION = '楼道灯坏了很久了，晚上很黑'

/** One recorded host request of each kind measured: what the floor replays. */
export interface Floors {
  create: { replay: Replay; openid: string; requestId: string }
  inboxes: Map<string, Replay>
}

/**
 * Records, through the host, one request.create as `resident` and one 待接单 inbox per staff
 * member: every SDK call each made, router included (floor.ts).
 */
export async function recordFloors(
  hostUrl: string,
  resident: UserDoc,
  inboxes: ReadonlyArray<{ openid: string }>,
): Promise<Floors> {
  const requestId = `bench-rec-${wallMs().toString(36)}`
  const create = await recordCalls(() =>
    callApi(hostUrl, resident._id, 'request.create', {
      requestId,
      category: 'facility',
      description: DESCRIPTION,
    }),
  )
  const recorded = new Map<string, Replay>()
  for (const who of inboxes) {
    const calls = await recordCalls(() => callApi(hostUrl, who.openid, 'request.inbox', { tab: 'assigned' }))
    recorded.set(who.openid, replayOf(calls))
  }
  return { create: { replay: replayOf(create), openid: resident._id, requestId }, inboxes: recorded }
}

/** The recorded create again as `resident` with `requestId`: the ids swapped, so it inserts anew. */
export function createFloor(
  db: Database,
  floors: Floors,
  resident: UserDoc,
  requestId: string,
): Promise<void> {
  const { replay, openid, requestId: recordedId } = floors.create
  return replayCalls(
    db,
    replay,
    [
      [recordedId, requestId],
      [openid, resident._id],
    ],
    `${resident._id}\u0000${requestId}`,
  )
}

export interface LatencyOptions {
  hostUrl: string
  db: Database
  samples: number
  warmup: number
  /** Residents for the host's creates and, disjoint, for the floor's: one create each. */
  hostResidents: UserDoc[]
  floorResidents: UserDoc[]
  /** Staff whose inbox is measured, with a label for the table. */
  inboxes: Array<{ label: string; openid: string }>
  floors: Floors
}

export interface LatencyCase {
  label: string
  host: number[] | null
  floor: number[]
  /** What the host answered last, for the notes (e.g. inbox counts). */
  detail: string
}

/** What the host answered (see http.ts). */
async function callApi(url: string, openid: string, action: string, input: unknown): Promise<unknown> {
  return (await ok(url, openid, action, input)).data
}

const MIN_WARMUP = 3
const WARMUP_BUDGET_MS = 2000

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

async function paired(
  label: string,
  opts: LatencyOptions,
  host: (i: number) => Promise<unknown>,
  floor: (i: number) => Promise<unknown>,
): Promise<{ host: number[]; floor: number[] }> {
  const out = { host: [] as number[], floor: [] as number[] }
  // Warm-up is for the JIT and caches, which a few slow calls warm as well as many fast ones.
  const warmUntil = performance.now() + WARMUP_BUDGET_MS
  let warm = 0
  while (warm < opts.warmup && (warm < MIN_WARMUP || performance.now() < warmUntil)) {
    await host(warm)
    await floor(warm)
    warm++
  }
  const total = warm + opts.samples
  for (let i = warm; i < total; i++) {
    let h: number
    let f: number
    if (i % 2 === 0) {
      h = await timed(() => host(i))
      f = await timed(() => floor(i))
    } else {
      f = await timed(() => floor(i))
      h = await timed(() => host(i))
    }
    out.host.push(h)
    out.floor.push(f)
    if ((i - warm + 1) % 100 === 0) progress(`  ${label}: ${i - warm + 1}/${opts.samples}`)
  }
  return out
}

export async function measureLatency(opts: LatencyOptions): Promise<LatencyCase[]> {
  const need = opts.warmup + opts.samples
  if (opts.hostResidents.length < need || opts.floorResidents.length < need)
    throw new Error(`need ${need} residents per side for distinct creates`)
  const cases: LatencyCase[] = []
  const tag = wallMs().toString(36)

  progress('latency: request.create')
  let lastCreate: unknown = null
  const create = await paired(
    'request.create',
    opts,
    async (i) => {
      lastCreate = await callApi(opts.hostUrl, opts.hostResidents[i]._id, 'request.create', {
        requestId: `bench-h-${tag}-${i}`,
        category: 'facility',
        description: DESCRIPTION,
      })
    },
    (i) => createFloor(opts.db, opts.floors, opts.floorResidents[i], `bench-f-${tag}-${i}`),
  )
  const routed = lastCreate as { gridName?: string; status?: string } | null
  cases.push({
    label: 'request.create (distinct residents)',
    ...create,
    detail: `last one: ${routed?.status ?? '?'} → ${routed?.gridName ?? '?'}; floor: ${describeCalls(opts.floors.create.replay)}`,
  })

  for (const who of opts.inboxes) {
    progress(`latency: request.inbox as ${who.openid}`)
    const replay = opts.floors.inboxes.get(who.openid)
    if (!replay) throw new Error(`no recorded inbox for ${who.openid}`)
    let counts: unknown = null
    const r = await paired(
      `inbox ${who.openid}`,
      opts,
      async () => {
        const page = (await callApi(opts.hostUrl, who.openid, 'request.inbox', { tab: 'assigned' })) as {
          counts: unknown
        }
        counts = page.counts
      },
      () => replayCalls(opts.db, replay),
    )
    const c = counts as InboxPage['counts']
    cases.push({
      label: `request.inbox assigned, ${who.label}`,
      ...r,
      detail: `counts: assigned ${int(c.assigned)}, accepted ${int(c.accepted)}; floor: ${describeCalls(replay)}`,
    })
  }

  progress('latency: router caller lookup alone')
  const lookup: number[] = []
  for (let i = 0; i < need; i++) {
    const t = await timed(() => callerLookup(opts.db, opts.inboxes[i % opts.inboxes.length].openid))
    if (i >= opts.warmup) lookup.push(t)
  }
  cases.push({
    label: 'router caller lookup (users get ‖ memberships where)',
    host: null,
    floor: lookup,
    detail: '',
  })
  return cases
}

export function latencyTable(
  cases: LatencyCase[],
  opts: { samples: number; warmup: number; docs: number },
): Table {
  return {
    title: `latency at ${int(opts.docs)} requests: host (HTTP → api → local TCB) vs floor (same db calls, SDK only), ms`,
    head: ['case', 'host p50', 'host p99', 'floor p50', 'floor p99', 'host/floor p50', 'host/floor p99'],
    rows: cases.map((c) => {
      const f = summarize(c.floor)
      if (!c.host) return [c.label, '—', '—', ms(f.p50), ms(f.p99), '—', '—']
      const h = summarize(c.host)
      return [c.label, ms(h.p50), ms(h.p99), ms(f.p50), ms(f.p99), ratio(h.p50, f.p50), ratio(h.p99, f.p99)]
    }),
    notes: [
      `${opts.samples} samples per column after ${opts.warmup} warm-up pairs (fewer, ≥ ${MIN_WARMUP}, where they take over ${WARMUP_BUDGET_MS / 1000} s); host and floor alternate`,
      "floor = every SDK call (database and WeChat) one such host request made, recorded at the SDK and replayed through it in the same waves — the router's caller lookup included (alone: last row)",
      'host, function, local TCB and this client share one node process (one event loop), as in npm start',
      ...cases.filter((c) => c.detail).map((c) => `${c.label}: ${c.detail}`),
    ],
  }
}
