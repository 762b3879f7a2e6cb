/**
 * The 民情日志 actions of the contract (src/domain/contract/fieldlog.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { fieldlogActions } from '../../../src/domain/contract/fieldlog'
import type { HandlersOf } from '../handlers'
import {
  addEntry,
  addHousehold,
  daySummary,
  entryToRequest,
  listEntries,
  listHouseholds,
  monthVisits,
  setPlan,
} from './actions'

export const fieldlogHandlers: HandlersOf<typeof fieldlogActions> = {
  'household.add': addHousehold,
  'household.list': listHouseholds,
  'diary.add': addEntry,
  'diary.list': listEntries,
  'diary.toRequest': entryToRequest,
  'visitPlan.set': setPlan,
  'diary.summary': daySummary,
  'visitPlan.month': monthVisits,
}
