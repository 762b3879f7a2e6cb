/**
 * Property: for random histories of requests — created, accepted, resolved, rated, reopened,
 * escalated, merged, cancelled, turned into a 微心愿 and back or done, closed unrated — at named
 * instants across month ends and the year end, with the scheduler's rollups run at random instants
 * between them (FULL_ROLLS_PER_RUN at a time), each month's figures from its rollup and what changed
 * since equal a recompute from the requests' 台账 (gridMonth, grid by grid); and a closed month's
 * rollup itself equals the recompute as of the instant it was taken.
 */
import fc from 'fast-check'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { keyedCalendar } from '../../cloudfunctions/core/calendar/store'
import { collection } from '../../cloudfunctions/core/db'
import { monthFigures, rollCommunity, rollupId } from '../../cloudfunctions/core/metrics/rollup'
import { bySource, emptyGridMonth, gridMonth, withRates, type MetricsRequest } from '../../src/domain/metrics'
import type { RequestStatus } from '../../src/domain/request'
import { fileEnv } from '../support/env'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-15T10:00:00+08:00' })

const MINUTE = 60_000
/** Histories start here and run over 30 November, 31 December (the year end) and 31 January. */
const FROM = bj('2026-11-25T08:00:00').getTime()
const SPAN_MIN = 70 * 24 * 60
const MONTHS = ['2026-11', '2026-12', '2027-01', '2027-02']
const PATHS = [
  ['g-1', 'g-1-1', 'g-1-1-1'],
  ['g-1', 'g-1-1', 'g-1-1-2'],
  ['g-1', 'g-1-2', 'g-1-2-1'],
]
const GRIDS = [...new Set(PATHS.flat())]

/** What may follow each status (src/domain/request.ts), as the 台账 writes it. */
const NEXT: Partial<Record<RequestStatus, Array<[string, RequestStatus]>>> = {
  assigned: [
    ['accept', 'accepted'],
    ['escalate', 'assigned'],
    ['cancel', 'cancelled'],
    ['merge', 'merged'],
    ['toWish', 'volunteering'],
  ],
  accepted: [
    ['resolve', 'resolved'],
    ['escalate', 'assigned'],
    ['toWish', 'volunteering'],
  ],
  resolved: [
    ['rate', 'closed'],
    ['reopen', 'accepted'],
    ['appeal', 'assigned'],
    ['autoClose', 'closed'],
    ['closeUnsatisfied', 'closed'],
  ],
  volunteering: [
    ['volunteerDone', 'closed'],
    ['volunteerBack', 'accepted'],
  ],
}

const history = fc.record({
  requests: fc.array(
    fc.record({
      createdMin: fc.integer({ min: 0, max: SPAN_MIN }),
      tier: fc.constantFrom('urgent' as const, 'ordinary' as const),
      path: fc.nat(PATHS.length - 1),
      patrol: fc.boolean(),
      sensitive: fc.boolean(),
      // Each step: which move of those allowed, and the minutes before it (up to 20 days).
      steps: fc.array(fc.tuple(fc.nat(9), fc.integer({ min: 1, max: 20 * 24 * 60 })), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  rolls: fc.array(fc.integer({ min: 0, max: SPAN_MIN + 30 * 24 * 60 }), { minLength: 1, maxLength: 6 }),
})

type Happening =
  | { at: number; kind: 'create'; doc: RequestDoc }
  | { at: number; kind: 'event'; id: string; type: string; to: RequestStatus }
  | { at: number; kind: 'roll' }

let run = 0
/** Closed months checked against their stored rollup: the property must have met some. */
let finals = 0

test('every month from its rollups and the changes since equals a recompute from the 台账', async () => {
  await fc.assert(
    fc.asyncProperty(history, async ({ requests, rolls }) => {
      const communityId = `c-prop-${++run}`
      const happenings: Happening[] = rolls.map((m) => ({ at: FROM + m * MINUTE, kind: 'roll' as const }))
      requests.forEach((r, i) => {
        const id = `${communityId}-r${i}`
        let at = FROM + r.createdMin * MINUTE
        const doc = {
          _id: id,
          communityId,
          createdAt: new Date(at),
          updatedAt: new Date(at),
          tier: r.tier,
          status: 'assigned',
          homeGridPath: PATHS[r.path],
          sensitive: r.sensitive,
          ...(r.patrol ? { source: 'patrol' } : {}),
          events: [{ type: 'create', at: new Date(at), from: null, to: 'assigned' }],
        } as unknown as RequestDoc
        happenings.push({ at, kind: 'create', doc })
        let status: RequestStatus = 'assigned'
        for (const [pick, gap] of r.steps) {
          const moves: Array<[string, RequestStatus]> | undefined = NEXT[status]
          if (!moves) break
          const [type, to]: [string, RequestStatus] = moves[pick % moves.length]
          at += gap * MINUTE
          happenings.push({ at, kind: 'event', id, type, to })
          status = to
        }
      })
      // Named instants, in order (a roll at the same minute as an event comes after it).
      happenings.sort((a, b) => a.at - b.at || Number(a.kind === 'roll') - Number(b.kind === 'roll'))
      const _ = env.db.command
      for (const h of happenings) {
        if (h.kind === 'create') await collection(env.db, 'requests').add(h.doc)
        else if (h.kind === 'event') {
          const event = { type: h.type, at: new Date(h.at), from: null, to: h.to }
          await collection(env.db, 'requests')
            .doc(h.id)
            .update({ status: h.to, updatedAt: new Date(h.at), events: _.push([event]) })
        } else await rollCommunity(env.db, communityId, new Date(h.at))
      }
      const asOf = new Date(Math.max(...happenings.map((h) => h.at)) + MINUTE)
      const keyed = await keyedCalendar(env.db, communityId)
      const stored = (await collection(env.db, 'requests').where({ communityId }).limit(1000).get()).data
      const all: MetricsRequest[] = stored.map((d) => ({
        createdAt: new Date(d.createdAt),
        tier: d.tier,
        status: d.status,
        homeGridPath: d.sensitive ? d.homeGridPath.slice(0, 1) : d.homeGridPath,
        events: d.events.map((e) => ({ at: new Date(e.at), type: e.type })),
        source: d.source,
      }))
      const { resident, patrol } = bySource(all)
      for (const month of MONTHS) {
        const figures = await monthFigures(env.db, communityId, month, asOf, keyed)
        for (const g of GRIDS) {
          expect({ month, g, m: withRates(figures.resident[g] ?? emptyGridMonth()) }).toEqual({
            month,
            g,
            m: gridMonth(resident, g, month, asOf, keyed.calendar),
          })
          expect(withRates(figures.patrol[g] ?? emptyGridMonth())).toEqual(
            gridMonth(patrol, g, month, asOf, keyed.calendar),
          )
        }
        // A closed month's rollup, as it was stored: the recompute as of the instant it was taken.
        const doc = (await collection(env.db, 'metricsMonthly').doc(rollupId(communityId, month)).get())
          .data[0]
        if (doc?.final) {
          finals++
          const rolledAt = new Date(doc.rolledAt)
          for (const g of GRIDS) {
            expect(withRates(doc.resident[g] ?? emptyGridMonth())).toEqual(
              gridMonth(resident, g, month, rolledAt, keyed.calendar),
            )
          }
        }
      }
    }),
    { numRuns: 25 },
  )
  expect(finals).toBeGreaterThan(0)
}, 180_000)
