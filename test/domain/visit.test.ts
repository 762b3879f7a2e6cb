/**
 * The 暖心助老 visit table against the code (cloudfunctions/core/activities/elders.ts logVisit,
 * jobs.ts flagMissedVisits): both moves create the visit once; nothing leaves logged or missed.
 * Refusals of every other move: test/domain/lifecycles.test.ts.
 */
import { VISIT_STATUSES, VISIT_TRANSITIONS, visitTransition, type VisitStatus } from '../../src/domain/visit'

test('a volunteer on the rota logs a due visit; the scheduler records a due one as missed', () => {
  expect(visitTransition('due', 'log', new Set(['rota']))).toEqual({ ok: true, from: 'due', to: 'logged' })
  expect(visitTransition('due', 'miss', new Set(['system']))).toEqual({ ok: true, from: 'due', to: 'missed' })
})

test('a visit is written once: logging again or after the day is missed is refused in Chinese', () => {
  for (const status of ['logged', 'missed'] as VisitStatus[]) {
    expect(visitTransition(status, 'log', new Set(['rota']))).toMatchObject({
      ok: false,
      reason: 'conflict',
      message: '这次探访已经登记过了',
    })
  }
  expect(visitTransition('due', 'log', new Set(['system']))).toMatchObject({ ok: false, reason: 'forbidden' })
  expect(visitTransition('due', 'miss', new Set(['rota']))).toMatchObject({ ok: false, reason: 'forbidden' })
})

test('the statuses the code stores are the table’s end statuses', () => {
  const stored: VisitStatus[] = ['logged', 'missed'] // VisitDoc['status'] in cloudfunctions/core/model.ts
  expect(Object.values(VISIT_TRANSITIONS).map((t) => t.to)).toEqual(stored)
  expect(Object.keys(VISIT_STATUSES)).toEqual(['due', ...stored])
})
