/**
 * The 吹哨报到 actions of the contract (src/domain/contract/units.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { unitsActions } from '../../../src/domain/contract/units'
import type { HandlersOf } from '../handlers'
import { listUnits, saveUnit, unitInbox, unitsMonth, whistleTargets } from './actions'
import { unitAccept, unitRecall, unitResolve, unitReturn, whistleRequest } from './moves'

export const unitsHandlers: HandlersOf<typeof unitsActions> = {
  'metrics.units': unitsMonth,
  'unit.list': listUnits,
  'unit.save': saveUnit,
  'request.whistleTargets': whistleTargets,
  'request.whistle': whistleRequest,
  'unit.inbox': unitInbox,
  'request.unitAccept': unitAccept,
  'request.unitResolve': unitResolve,
  'request.unitReturn': unitReturn,
  'request.unitRecall': unitRecall,
}
