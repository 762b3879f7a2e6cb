/**
 * 微心愿 at scale: the wall's first page and a deep page with 50,000 wishes stored, and a burst of
 * 200 volunteers claiming 50 wishes at once — how fast, and how many wishes were claimed twice
 * (must be 0). Through the api's router and the real SDK, against the local environment.
 */
import type { Api } from '../cloudfunctions/core/router'
import { connectApp, collection } from '../cloudfunctions/core/db'
import { cloudFiles } from '../cloudfunctions/core/files'
import type { GridDoc, MembershipDoc, WishDoc } from '../cloudfunctions/core/model'
import { createApi } from '../cloudfunctions/core/router'
import { newWishDoc } from '../cloudfunctions/core/wishes/create'
import { wxApi } from '../cloudfunctions/core/wx'
import { demoBuildings, demoGrids } from '../local/demo'
import { seedDemo } from '../local/seed'
import type { ApiResponse } from '../src/domain/errors'
import { local } from '../src/domain/time'
import { int, ms } from './format'
import { inLocalCloud } from './cloud'
import { progress } from './log'
import { summarize } from './stats'
import type { Table } from './table'
import { benchClock } from './clock'

const MIN = 60_000

const BUILDING = demoBuildings()[0]
const GRIDS = new Map(demoGrids().map((g) => [g._id, g]))
const PATH = (GRIDS.get(BUILDING.gridId)?.path ?? []).map((id) => GRIDS.get(id) as GridDoc)

/** A wish as the use case makes it, then moved on in time to `status` (published a while ago). */
function wish(i: number, at: Date, status: WishDoc['status']): WishDoc {
  const waitingSince = new Date(at.getTime() - ((i * 7919) % (60 * 24 * 60)) * MIN)
  const doc = newWishDoc(
    {
      id: `bench-wish-${String(i).padStart(6, '0')}`,
      requestId: `bench-${i}`,
      resident: { openid: `bench-resident-${i % 5000}`, name: '居民' },
      building: BUILDING,
      path: PATH,
      category: 'goods',
      what: '一副助行器',
      why: '老伴腿脚不便，下楼散步需要扶着东西走',
      recordedBy: null,
    },
    'pass',
    [],
    waitingSince,
  )
  // Told long ago: only what the benchmark does makes new messages.
  return {
    ...doc,
    status,
    publishedAt: waitingSince,
    waitingSince,
    outboxPending: false,
    outboxFanned: doc.outboxSeq,
  }
}

async function timed(n: number, run: () => Promise<ApiResponse<unknown>>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    const res = await run()
    if (!res.ok) throw new Error(res.error.message)
    out.push(performance.now() - t)
  }
  return out
}

export async function measureWishes(root: string, stored: number, samples: number): Promise<Table> {
  return inLocalCloud({ root, name: 'wish' }, async ({ tcb }) => {
    const app = connectApp(tcb.url)
    const db = app.database()
    await seedDemo(app, benchClock())
    const at = benchClock()
    const api: Api = createApi({ db, files: cloudFiles(app), wx: wxApi(app), now: () => at })
    progress(`wishes: loading ${int(stored)} wishes (a third on the wall)`)
    const statuses: WishDoc['status'][] = ['published', 'done', 'claimed']
    for (let i = 0; i < stored; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, stored - i) }, (_, j) =>
        wish(i + j, at, statuses[(i + j) % 3]),
      )
      await collection(db, 'wishes').add(batch)
    }

    progress(`wishes: ${samples} × wall first page, ${samples} × page 50`)
    const wall = (cursor?: string) =>
      api.handle({ action: 'wish.wall', input: { cursor } }, 'demo-volunteer-1')
    await timed(20, () => wall())
    const first = summarize(await timed(samples, () => wall()))
    let cursor: string | undefined
    for (let p = 0; p < 49; p++) {
      const res = (await wall(cursor)) as ApiResponse<{ nextCursor: string | null }>
      if (!res.ok || !res.data.nextCursor) break
      cursor = res.data.nextCursor
    }
    const deep = summarize(await timed(samples, () => wall(cursor)))

    // 50 fresh wishes and 200 volunteers, every one claiming at the same moment (4 per wish).
    progress('wishes: 200 volunteers claim 50 wishes at once')
    const burst = Array.from({ length: 50 }, (_, i) => ({
      ...wish(900_000 + i, at, 'published'),
      _id: `burst-${i}`,
    }))
    await collection(db, 'wishes').add(burst)
    const volunteers: MembershipDoc[] = Array.from({ length: 200 }, (_, i) => ({
      _id: `m-bench-vol-${i}`,
      openid: `bench-vol-${i}`,
      role: 'volunteer',
      communityId: 'c-xingfuli',
    }))
    await collection(db, 'memberships').add(volunteers)
    const promisedBy = local(at).add(3, 'day').format('YYYY-MM-DD')
    const t = performance.now()
    const results = await Promise.all(
      volunteers.map((v, i) =>
        api.handle({ action: 'wish.claim', input: { id: `burst-${i % 50}`, promisedBy } }, v.openid),
      ),
    )
    const burstMs = performance.now() - t
    const won = results.filter((r) => r.ok).length
    const after = await collection(db, 'wishes')
      .where({ _id: db.command.in(burst.map((b) => b._id)) })
      .limit(100)
      .get()
    const twice = (after.data as WishDoc[]).filter(
      (w) => w.events.filter((e) => e.type === 'claim').length > 1,
    ).length
    return {
      title: `微心愿 at ${int(stored)} wishes (${int(Math.ceil(stored / 3))} on the wall), through the router and the SDK`,
      head: ['measure', 'n', 'p50 ms', 'p99 ms', 'figure'],
      rows: [
        ['wish.wall, first page (20)', int(first.n), ms(first.p50), ms(first.p99), '—'],
        ['wish.wall, page 50 (keyset cursor)', int(deep.n), ms(deep.p50), ms(deep.p99), '—'],
        [
          '200 volunteers claim 50 wishes at once',
          '200',
          '—',
          '—',
          `${int(won)} claims won, ${int(200 - won)} told 手慢了, ${twice} wishes claimed twice, ${ms(burstMs)} ms (${int(200 / (burstMs / 1000))} claims/s)`,
        ],
      ],
      notes: [
        'the wall: index communityId_status_waitingSince; a claim: one conditional update on status',
        'the local planner narrows candidates by equality only and sorts them in memory: the wall pays for',
        'sorting every published wish of the community (CloudBase walks the index in order)',
      ],
    }
  })
}
