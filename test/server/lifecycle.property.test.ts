/**
 * Property: for any interleaving of people's actions and scheduler runs, an open request is held
 * by exactly one level with exactly one running clock, its 台账 is one unbroken chain, and the
 * resident's open-request counter matches their open requests.
 */
import fc from 'fast-check'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc, UserDoc } from '../../cloudfunctions/core/model'
import { createApi } from '../../cloudfunctions/core/router'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { OPEN_STATUSES } from '../../src/domain/request'
import { fileEnv } from '../support/env'

const env = fileEnv({ at: '2026-12-02T10:00:00+08:00' })

const STAFF = ['demo-member-1-1', 'demo-member-1-2', 'demo-leader-1', 'demo-admin'] as const
const GRIDS = ['g-1-1-1', 'g-1-1-2', 'g-1-2-1', 'g-1-1'] as const

const step = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), who: fc.constantFrom(...STAFF) }),
  fc.record({ kind: fc.constant('resolve' as const), who: fc.constantFrom(...STAFF) }),
  fc.record({ kind: fc.constant('escalate' as const), who: fc.constantFrom(...STAFF) }),
  fc.record({ kind: fc.constant('return' as const), who: fc.constantFrom(...STAFF) }),
  fc.record({
    kind: fc.constant('dispatch' as const),
    who: fc.constantFrom(...STAFF),
    grid: fc.constantFrom(...GRIDS),
  }),
  fc.record({ kind: fc.constant('chase' as const), who: fc.constantFrom(...STAFF) }),
  fc.record({
    kind: fc.constant('rate' as const),
    rating: fc.constantFrom('satisfied', 'basic', 'unsatisfied'),
  }),
  fc.record({ kind: fc.constant('cancel' as const) }),
  // The clock moves on (minutes to days) and the timer fires.
  fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 12 * 24 * 60 }) }),
)

function checkHeld(doc: RequestDoc): void {
  if (!OPEN_STATUSES.includes(doc.status)) return
  // Exactly one level holds it: the grid it names, at the end of its path.
  expect(doc.gridPath[doc.gridPath.length - 1]).toBe(doc.gridId)
  if (doc.level > 0) expect(doc.gridPath).toHaveLength(doc.level)
  else expect(doc.gridId.startsWith('street-')).toBe(true)
  // Exactly one running clock: waiting → the accept clock and nobody holding it; in progress →
  // one assignee and the resolve clock.
  if (doc.status === 'assigned') {
    expect(doc.assigneeOpenid).toBeNull()
    expect(doc.acceptBy).toBeInstanceOf(Date)
    expect(doc.escalateBy).toBeNull()
  } else {
    expect(doc.assigneeOpenid).not.toBeNull()
    expect(doc.resolveBy).toBeInstanceOf(Date)
  }
}

function checkLedger(doc: RequestDoc): void {
  expect(doc.events[0]).toMatchObject({ type: 'create', from: null, to: 'assigned' })
  for (let i = 1; i < doc.events.length; i++) expect(doc.events[i].from).toBe(doc.events[i - 1].to)
  expect(doc.events[doc.events.length - 1].to).toBe(doc.status)
}

let run = 0

test('any interleaving keeps every open request held by one level with one clock', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
      let now = new Date('2026-11-24T02:00:00Z')
      const api = createApi(env.deps(() => now))
      const resident = `t-prop-${++run}`
      const call = (who: string, action: string, input: object) => api.handle({ action, input }, who)
      await call(resident, 'me.bindBuilding', { buildingCode: 'B01' })
      const created = await call(resident, 'request.create', {
        requestId: `prop-${run}-xxxxxx`,
        category: 'safety',
        description: '楼道里有燃气味，请来看看',
      })
      if (!created.ok) throw new Error(created.error.message)
      const id = (created.data as { id: string }).id

      for (const s of steps) {
        switch (s.kind) {
          case 'tick':
            now = new Date(now.getTime() + s.minutes * 60_000)
            await runScheduler(env.deps(() => now))
            break
          case 'rate':
            await call(resident, 'request.rate', { id, rating: s.rating })
            break
          case 'cancel':
            await call(resident, 'request.cancel', { id })
            break
          case 'resolve':
            await call(s.who, 'request.resolve', { id, note: '已处理' })
            break
          case 'dispatch':
            await call(s.who, 'request.dispatch', { id, gridId: s.grid })
            break
          case 'escalate':
          case 'return':
            await call(s.who, `request.${s.kind}`, { id, reason: '需要上级协调' })
            break
          default:
            await call(s.who, `request.${s.kind}`, { id })
        }
        const doc = (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
        checkHeld(doc)
        checkLedger(doc)
        const user = (await env.db.collection(COLLECTIONS.users).doc(resident).get()).data[0] as UserDoc
        expect(user.openCount ?? 0).toBe(OPEN_STATUSES.includes(doc.status) ? 1 : 0)
      }
    }),
    { numRuns: 40 },
  )
})
