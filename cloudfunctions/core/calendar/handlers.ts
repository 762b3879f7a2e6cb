/**
 * The 节假日调整 actions of the contract (src/domain/contract/calendar.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { calendarActions } from '../../../src/domain/contract/calendar'
import type { HandlersOf } from '../handlers'
import { calendarAdjust, calendarConfirm, calendarRemove, calendarYear } from './actions'

export const calendarHandlers: HandlersOf<typeof calendarActions> = {
  'calendar.year': calendarYear,
  'calendar.adjust': calendarAdjust,
  'calendar.remove': calendarRemove,
  'calendar.confirm': calendarConfirm,
}
