/**
 * 活动 at scale (issue 5 §5), through the local host over HTTP as a phone calls it: a burst of
 * 1,000 people signing up at the same moment for a session with 30 seats — how fast, and how many
 * seats were given beyond capacity or waitlist tickets handed out twice (both must be 0, read back
 * from the database) — and the 活动 tab with 2,000 upcoming sessions in the community.
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connectApp, type Database, collection } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import { createApi } from '../cloudfunctions/core/router'
import { wxApi } from '../cloudfunctions/core/wx'
import { seedDemo } from '../local/seed'
import { inLocalCloud } from './cloud'
import type { SessionDoc, SignupDoc } from '../cloudfunctions/core/model'
import { startHost } from '../local/host'
import { MAX_SESSIONS_PER_ACTIVITY, type ActivityKind } from '../src/domain/activity'
import type { ActionInput, ActionOutput } from '../src/domain/contract'
import { sessionTimes, type Schedule } from '../src/domain/sessions'
import { local } from '../src/domain/time'
import { int, kib, ms } from './format'
import { ok, post } from './http'
import { progress } from './log'
import { percentile, summarize } from './stats'
import type { Table } from './table'
import { benchClock } from './clock'
import { BUILT_IN_CALENDAR } from '../src/domain/calendar'

export interface ActivitiesOptions {
  /** Burst rounds, a fresh session each. */
  rounds: number
  /** People signing up at once per round. */
  burst: number
  seats: number
  /** Upcoming sessions in the community for the 活动 tab. */
  sessions: number
  /** activity.sessions calls per input. */
  samples: number
  /** The simulated round trip for counting one sign-up's calls. */
  roundTripMs: number
  /** Conditional increments of one document (the hot session). */
  hotWrites: number
}

const ADMIN = 'demo-admin'
const ROLE = 'attendee'
const TAB_WARMUP = 5
/** One of the tab's activities keeps a single seat, so that the caller can be waiting somewhere. */
const SINGLE_SEAT_KIND: ActivityKind = 'elderCare'
const KINDS: ActivityKind[] = ['lecture', 'afterSchool', SINGLE_SEAT_KIND, 'other']
const TITLES: Record<ActivityKind, string> = {
  lecture: '反诈骗大讲堂',
  afterSchool: '四点半课堂',
  elderCare: '暖心助老上门探访',
  other: '社区读书会',
}

/**
 * The host loads the bundled api once per process, and the bundle connects to LOCAL_TCB_URL as it
 * loads: forgotten here, so that it connects to this section's environment even when an earlier
 * section (latency) already started a host of its own.
 */
function forgetBundles(root: string): void {
  const dir = path.join(root, 'dist', 'cloudfunctions') + path.sep
  for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key]
}

const day = (at: Date, plus: number) => local(at).add(plus, 'day').format('YYYY-MM-DD')

/**
 * Residents of 1号楼, written straight to the database: sign-up is for the community's own people,
 * and binding 1,000 of them through me.bindBuilding would be timed as part of nothing.
 */
async function seedResidents(db: Database, ids: string[], at: Date): Promise<void> {
  const users = ids.map((id, i) => ({
    _id: id,
    name: `居民${i + 1}`,
    buildingCode: 'B01',
    createdAt: at,
    updatedAt: at,
  }))
  for (let i = 0; i < users.length; i += 500) await db.collection('users').add(users.slice(i, i + 500))
}

async function firstSession(db: Database, activityId: string, skip = 0): Promise<SessionDoc> {
  const res = await collection(db, 'sessions')
    .where({ activityId })
    .orderBy('startAt', 'asc')
    .skip(skip)
    .limit(1)
    .get()
  const s = res.data?.[0] as SessionDoc | undefined
  if (!s) throw new Error(`no session ${skip} of ${activityId}`)
  return s
}

// ---- 1. the burst ---------------------------------------------------------------------------

interface BurstRound {
  calls: number
  wallMs: number
  latency: number[]
  errors: number
  errorSample: string[]
  confirmed: number
  offered: number
  waitlisted: number
  pending: number
  taken: number
  waiting: number
  duplicateTickets: number
  /** The highest confirmed ticket is below the lowest waiting one: seats went by arrival. */
  fifo: boolean
}

async function burstRound(
  url: string,
  db: Database,
  round: number,
  opts: ActivitiesOptions,
  at: Date,
): Promise<BurstRound> {
  const created = (
    await ok(url, ADMIN, 'activity.create', {
      requestId: `bench-burst-${round}-${at.getTime().toString(36)}`,
      kind: 'lecture',
      title: '反诈骗大讲堂',
      description: '社区民警讲解常见诈骗手段',
      place: '社区党群服务中心二楼',
      organiser: '幸福里社区',
      schedule: { from: day(at, 3 + round), time: '09:30', durationMinutes: 90 },
      roles: [{ key: ROLE, name: '听众', capacity: opts.seats, audience: 'anyone' }],
    } satisfies ActionInput<'activity.create'>)
  ).data as ActionOutput<'activity.create'>
  const session = await firstSession(db, created.id)
  const input = { sessionId: session._id, role: ROLE } satisfies ActionInput<'session.signUp'>
  const people = Array.from({ length: opts.burst }, (_, i) => `bench-burst-${round}-${i}`)
  await seedResidents(db, people, at)

  // The SDK's agent opens at most 100 sockets; every call queued behind one still connecting adds
  // a once('connect') listener to it, which node reports as a leak past 10. Harmless; quiet here.
  const maxListeners = EventEmitter.defaultMaxListeners
  EventEmitter.defaultMaxListeners = opts.burst + 10
  const t0 = performance.now()
  const replies = await Promise.all(
    people.map((who) =>
      post(url, who, 'session.signUp', input).catch((err: unknown) => ({
        body: {
          ok: false as const,
          error: { code: 'FETCH', message: err instanceof Error ? err.message : String(err) },
        },
        bytes: 0,
        ms: performance.now() - t0,
      })),
    ),
  )
  const wallMs = performance.now() - t0
  EventEmitter.defaultMaxListeners = maxListeners

  const failed = replies.filter((r) => !r.body.ok)
  const errorSample = [
    ...new Set(failed.map((r) => (r.body.ok ? '' : `${r.body.error.code} ${r.body.error.message}`))),
  ].slice(0, 3)
  const res = await collection(db, 'signups')
    .where({ sessionId: session._id })
    .limit(opts.burst + 100)
    .get()
  const all = res.data as SignupDoc[]
  const byStatus = (s: SignupDoc['status']) => all.filter((x) => x.status === s)
  const waitlisted = byStatus('waitlisted')
  const holding = [...byStatus('confirmed'), ...byStatus('offered')]
  const after = (await collection(db, 'sessions').doc(session._id).get()).data[0] as SessionDoc
  const lowestWaiting = Math.min(...waitlisted.map((x) => x.ticket))
  return {
    calls: opts.burst,
    wallMs,
    latency: replies.map((r) => r.ms),
    errors: failed.length,
    errorSample,
    confirmed: byStatus('confirmed').length,
    offered: byStatus('offered').length,
    waitlisted: waitlisted.length,
    pending: byStatus('pending').length,
    taken: after.roles[ROLE].taken,
    waiting: after.roles[ROLE].waiting,
    duplicateTickets: waitlisted.length - new Set(waitlisted.map((x) => x.ticket)).size,
    fifo: holding.every((x) => x.ticket < lowestWaiting),
  }
}

function burstTable(rounds: BurstRound[], opts: ActivitiesOptions): Table {
  const over = (n: number) => int(Math.max(0, n - opts.seats))
  return {
    title: `活动 burst: ${int(opts.burst)} session.signUp at once for ${opts.seats} seats, through the host (HTTP → api → local TCB), a fresh session per round`,
    head: [
      'round',
      'wall ms',
      'sign-ups/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'errors',
      'confirmed',
      'waitlisted',
      'overbooked (docs)',
      'overbooked (taken)',
      'dup tickets',
    ],
    rows: rounds.map((r, i) => {
      const sorted = [...r.latency].sort((a, b) => a - b)
      const s = summarize(sorted)
      return [
        String(i + 1),
        int(r.wallMs),
        int(r.calls / (r.wallMs / 1000)),
        ms(s.p50),
        ms(percentile(sorted, 95)),
        ms(s.p99),
        ms(s.max),
        int(r.errors),
        int(r.confirmed + r.offered),
        int(r.waitlisted),
        over(r.confirmed + r.offered),
        over(r.taken),
        int(r.duplicateTickets),
      ]
    }),
    notes: [
      'confirmed / waitlisted / overbooked (docs): the signup documents read back (confirmed + offered vs seats);',
      'overbooked (taken): the session’s roles.attendee.taken vs seats; dup tickets: waitlist tickets held twice',
      'latency per call from the moment all were fired: the last ones include waiting behind the others;',
      'round 1 opens its connections as it goes, later rounds find them open (keep-alive) and all arrive at once',
      `host, api, local TCB and the ${int(opts.burst)} clients share one node process (one event loop), as in npm start;`,
      'the api reaches the local TCB through the SDK’s agent, at most 100 sockets',
      ...rounds.map(
        (r, i) =>
          `round ${i + 1}: session counters taken ${int(r.taken)}, waiting ${int(r.waiting)}; ` +
          `${r.pending} left pending, ${r.offered} offered; seats by arrival order: ${r.fifo ? 'yes' : 'NO'}` +
          (r.errorSample.length ? `; errors: ${r.errorSample.join(' | ')}` : ''),
      ),
    ],
  }
}

// ---- 2. one sign-up's database calls ---------------------------------------------------------

interface CallCount {
  label: string
  status: string
  calls: number
  /** Requests that found none in flight: the round trips one after another. */
  sequential: number
  ms: number
}

/**
 * One sign-up at a time through the api's router, against a local environment answering every
 * request `roundTripMs` late: how many database calls each makes, and how many of them one after
 * another (a request that arrives while none is in flight starts a new round trip; those sent
 * together share one).
 */
async function measureCalls(root: string, roundTripMs: number): Promise<Table> {
  let calls = 0
  let waves = 0
  let inFlight = 0
  let latency = 0
  return inLocalCloud(
    {
      root,
      name: 'signup-calls',
      tcb: {
        latencyMs: roundTripMs,
        delay: (wait) => {
          calls++
          if (inFlight === 0) waves++
          inFlight++
          const done = () => {
            inFlight--
          }
          if (latency === 0) {
            done()
            return Promise.resolve()
          }
          return new Promise<void>((ok) =>
            setTimeout(() => {
              done()
              ok()
            }, wait),
          )
        },
      },
    },
    async ({ tcb }) => {
      progress(`activities: one sign-up at a time at a ${roundTripMs} ms round trip`)
      const app = connectApp(tcb.url)
      const db = app.database()
      const at = benchClock()
      await seedDemo(app, at)
      const api = createApi({ db, files: cloudFiles(app), wx: wxApi(app), now: benchClock })
      const call = async (who: string, action: string, input: object) => {
        const res = await api.handle({ action, input }, who)
        if (!res.ok) throw new Error(`${action} as ${who}: ${res.error.code} ${res.error.message}`)
        return res.data
      }
      const created = (await call(ADMIN, 'activity.create', {
        requestId: 'bench-calls-1',
        kind: 'lecture',
        title: '反诈骗大讲堂',
        description: '社区民警讲解常见诈骗手段',
        place: '社区党群服务中心二楼',
        organiser: '幸福里社区',
        schedule: { from: day(at, 3), time: '09:30', durationMinutes: 90 },
        roles: [{ key: ROLE, name: '听众', capacity: 2, audience: 'anyone' }],
      } satisfies ActionInput<'activity.create'>)) as ActionOutput<'activity.create'>
      const session = await firstSession(db, created.id)
      const residents = ['bench-calls-1', 'bench-calls-2', 'bench-calls-3']
      await seedResidents(db, residents, at)
      latency = roundTripMs
      const input = { sessionId: session._id, role: ROLE } satisfies ActionInput<'session.signUp'>
      const counted = async (label: string, who: string): Promise<CallCount> => {
        const [c0, w0, t0] = [calls, waves, performance.now()]
        const view = (await call(who, 'session.signUp', input)) as ActionOutput<'session.signUp'>
        return {
          label,
          status: view.mine?.status ?? '—',
          calls: calls - c0,
          sequential: waves - w0,
          ms: performance.now() - t0,
        }
      }
      const rows = [
        await counted('a resident, a seat free', residents[0]),
        await counted('a volunteer (a member there), a seat free', 'demo-volunteer-2'),
        await counted('a resident, full: onto the waitlist', residents[1]),
        await counted('the same resident again (already waiting)', residents[1]),
        await counted('a resident, full, a second one waiting', residents[2]),
      ]
      return {
        title: `One session.signUp at a time through the api's router, every database request answered ${roundTripMs} ms late`,
        head: ['case', 'status', 'database calls', 'one after another', 'ms'],
        rows: rows.map((r) => [r.label, r.status, int(r.calls), int(r.sequential), ms(r.ms)]),
        notes: [
          'database calls: every request the local environment answered during the call (the router\u2019s caller',
          'lookup and rate limit included); one after another: those that found none in flight, i.e. the round trips',
          `the call waits for, each ${roundTripMs} ms here (ms ≈ that × the round trip, the rest is work)`,
          'each person is new in the rate limit\u2019s hour (as in a burst)',
        ],
      }
    },
  )
}

// ---- 3. writes to one document ------------------------------------------------------------------

/**
 * How fast the local database takes conditional increments of one document — the hot session of a
 * burst — against the same writes spread over several documents, `inFlight` at a time through the
 * SDK (no router, no HTTP host in between).
 */
async function measureHotDocument(root: string, writes: number, inFlight: number): Promise<Table> {
  return inLocalCloud({ root, name: 'hot-doc' }, async ({ tcb }) => {
    progress(`activities: ${int(writes)} conditional increments of one document, ${inFlight} in flight`)
    const db = connectApp(tcb.url).database()
    const _ = db.command
    const col = db.collection('sessions')
    const run = async (docs: number) => {
      const ids = Array.from({ length: docs }, (_x, i) => `hot-${docs}-${i}`)
      await col.add(ids.map((id) => ({ _id: id, taken: 0, capacity: writes })))
      let next = 0
      let refused = 0
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < writes) {
            const id = ids[next++ % docs]
            const res = await col.where({ _id: id, taken: _.lt(writes) }).updateAndReturn({ taken: _.inc(1) })
            if (!res.doc) refused++
          }
        }),
      )
      const wall = performance.now() - t0
      const stored = await col.where({ _id: _.in(ids) }).get()
      const total = (stored.data as { taken: number }[]).reduce((a, d) => a + d.taken, 0)
      return [int(docs), int(writes), int(wall), int(writes / (wall / 1000)), int(total), int(refused)]
    }
    return {
      title: `Conditional increments (where taken < cap, updateAndReturn inc 1) through the SDK, ${inFlight} in flight`,
      head: ['documents', 'writes', 'wall ms', 'writes/s', 'counted', 'refused'],
      rows: [await run(1), await run(8)],
      notes: [
        'the local engine applies each write to its in-memory store one at a time and answers once SQLite holds it;',
        'one document or eight makes no difference here: no per-document lock, the cost is per request',
        'CloudBase (MongoDB underneath) serialises writes to one document: see README 报名高峰 for its figures',
      ],
    }
  })
}

// ---- 4. the 活动 tab ------------------------------------------------------------------------

interface TabCase {
  label: string
  latency: number[]
  items: number
  mine: number
  bytes: number
}

/** The `to` day that gives exactly `count` sessions from `from` on (working days only). */
function toFor(schedule: Schedule, count: number, at: Date): string {
  const times = sessionTimes({ ...schedule, to: day(at, 3 * 366) }, BUILT_IN_CALENDAR).filter(
    (t) => t.startAt > at,
  )
  const last = times[Math.min(count, times.length) - 1]
  return local(last.startAt).format('YYYY-MM-DD')
}

async function seedTab(
  url: string,
  db: Database,
  opts: ActivitiesOptions,
  at: Date,
): Promise<{
  ms: number
  activities: string[]
  perKind: Map<ActivityKind, number>
  first: string
  last: string
}> {
  // At least one activity of each kind; sessions shared out evenly, never over the cap on one.
  const count = Math.max(KINDS.length, Math.ceil(opts.sessions / MAX_SESSIONS_PER_ACTIVITY))
  const activities: string[] = []
  const perKind = new Map<ActivityKind, number>()
  const t0 = performance.now()
  for (let a = 0; a < count; a++) {
    const kind = KINDS[a % KINDS.length]
    const want = Math.floor(opts.sessions / count) + (a < opts.sessions % count ? 1 : 0)
    const base = {
      from: day(at, 1),
      time: `${String(8 + (a % 12)).padStart(2, '0')}:30`,
      durationMinutes: 90,
    }
    const schedule: Schedule = { ...base, to: toFor(base, want, at) }
    const res = (
      await ok(url, ADMIN, 'activity.create', {
        requestId: `bench-tab-${a}-${at.getTime().toString(36)}`,
        kind,
        title: TITLES[kind],
        description: '基准测试用的活动',
        place: '社区党群服务中心',
        organiser: '幸福里社区',
        schedule,
        roles: [
          {
            key: ROLE,
            name: '居民',
            capacity: kind === SINGLE_SEAT_KIND ? 1 : opts.seats,
            audience: 'anyone',
          },
        ],
      } satisfies ActionInput<'activity.create'>)
    ).data as ActionOutput<'activity.create'>
    if (res.sessions !== want) throw new Error(`activity ${a}: ${res.sessions} sessions, wanted ${want}`)
    activities.push(res.id)
    perKind.set(kind, (perKind.get(kind) ?? 0) + res.sessions)
  }
  const createMs = performance.now() - t0
  const total = await collection(db, 'sessions').where({ communityId: 'c-xingfuli' }).count()
  if (total.total !== opts.sessions)
    throw new Error(`${total.total} sessions stored, wanted ${opts.sessions}`)
  const span = await collection(db, 'sessions').orderBy('startAt', 'desc').limit(1).get()
  return {
    ms: createMs,
    activities,
    perKind,
    first: day(at, 1),
    last: local((span.data[0] as SessionDoc).startAt).format('YYYY-MM-DD'),
  }
}

async function tabCase(
  url: string,
  openid: string,
  label: string,
  input: ActionInput<'activity.sessions'>,
  samples: number,
): Promise<TabCase> {
  const call = () => ok(url, openid, 'activity.sessions', input)
  for (let i = 0; i < TAB_WARMUP; i++) await call()
  const replies = []
  for (let i = 0; i < samples; i++) replies.push(await call())
  const last = replies[replies.length - 1]
  const page = last.data as ActionOutput<'activity.sessions'>
  return {
    label,
    latency: replies.map((r) => r.ms),
    items: page.items.length,
    mine: page.items.filter((x) => x.mine).length,
    bytes: last.bytes,
  }
}

async function measureTab(url: string, db: Database, opts: ActivitiesOptions, at: Date): Promise<Table> {
  progress(`activities: ${int(opts.sessions)} upcoming sessions through activity.create`)
  const seeded = await seedTab(url, db, opts, at)

  // A resident of 1号楼 holding a few seats among the first sessions, and waiting for one.
  const me = 'bench-act-resident'
  await seedResidents(db, [me, 'bench-act-neighbour'], at)
  const signUp = async (who: string, activity: number, skip: number) => {
    const s = await firstSession(db, seeded.activities[activity], skip)
    return (await ok(url, who, 'session.signUp', { sessionId: s._id, role: ROLE }))
      .data as ActionOutput<'session.signUp'>
  }
  const held = [
    await signUp(me, 0, 0),
    await signUp(me, 1, 0),
    await signUp(me, 1, 2),
    await signUp(me, 3, 1),
  ]
  const single = KINDS.indexOf(SINGLE_SEAT_KIND)
  await signUp('bench-act-neighbour', single, 0)
  const waiting = await signUp(me, single, 0)
  if (held.some((v) => v.mine?.status !== 'confirmed') || waiting.mine?.status !== 'waitlisted')
    throw new Error('the caller’s sign-ups did not come out as expected')

  progress(`activities: ${opts.samples} × activity.sessions per input`)
  const cases = [
    await tabCase(url, me, 'activity.sessions {}', {}, opts.samples),
    await tabCase(
      url,
      me,
      "activity.sessions { kind: 'afterSchool' }",
      { kind: 'afterSchool' },
      opts.samples,
    ),
    await tabCase(
      url,
      me,
      `activity.sessions { kind: '${SINGLE_SEAT_KIND}' } (one waitlisted)`,
      { kind: SINGLE_SEAT_KIND },
      opts.samples,
    ),
  ]
  const perKind = [...seeded.perKind].map(([k, n]) => `${k} ${int(n)}`)
  return {
    title: `活动 tab with ${int(opts.sessions)} upcoming sessions in the community, through the host, as a resident of 1号楼`,
    head: ['call', 'n', 'p50 ms', 'p99 ms', 'max ms', 'items', 'mine', 'response KiB'],
    rows: cases.map((c) => {
      const s = summarize(c.latency)
      return [c.label, int(s.n), ms(s.p50), ms(s.p99), ms(s.max), int(c.items), int(c.mine), kib(c.bytes)]
    }),
    notes: [
      `${TAB_WARMUP} warm-up calls per input first; one call at a time; items / mine / KiB: the last answer`,
      `seeded with ${seeded.activities.length} × activity.create over HTTP (≤ ${MAX_SESSIONS_PER_ACTIVITY} sessions each, every working day ${seeded.first} … ${seeded.last}): ${int(seeded.ms)} ms in all`,
      `sessions per kind: ${perKind.join(', ')}`,
      `the caller holds 4 seats among the first sessions and waits (position ${waiting.mine?.position ?? '?'}) for one ${SINGLE_SEAT_KIND} seat`,
      'index communityId_startAt; the local planner narrows by communityId only and sorts the rest in memory',
    ],
  }
}

async function measureOnHost(root: string, opts: ActivitiesOptions): Promise<Table[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nxwg-bench-act-'))
  progress('activities: starting the local host')
  forgetBundles(root)
  const host = await startHost({ port: 0, dataDir, quiet: true, at: benchClock() })
  try {
    const db = connectApp(host.tcbUrl).database()
    const at = benchClock()
    const tab = await measureTab(host.url, db, opts, at)
    const rounds: BurstRound[] = []
    for (let r = 0; r < opts.rounds; r++) {
      progress(
        `activities: burst ${r + 1}/${opts.rounds}, ${int(opts.burst)} sign-ups for ${opts.seats} seats`,
      )
      rounds.push(await burstRound(host.url, db, r, opts, at))
    }
    return [burstTable(rounds, opts), tab]
  } finally {
    progress('activities: closing the host')
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function measureActivities(root: string, opts: ActivitiesOptions): Promise<Table[]> {
  const [burst, tab] = await measureOnHost(root, opts)
  return [
    burst,
    await measureCalls(root, opts.roundTripMs),
    await measureHotDocument(root, opts.hotWrites, 100),
    tab,
  ]
}
