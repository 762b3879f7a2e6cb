/**
 * 居民催办 (issue 16): a resident may chase their own request once it is past its clock — not
 * accepted by `acceptBy`, or not resolved by `resolveBy` — and then once per working day, so a
 * worried neighbour is heard without flooding the grid on a holiday weekend.
 */
import type { Calendar } from './calendar'
import type { RequestStatus } from './request'
import { formatLocal, local } from './time'
import { nthWorkdayAfter } from './workdays'

export interface UrgeState {
  status: RequestStatus
  acceptBy: Date
  resolveBy: Date
  /** When the resident last chased it (the latest urge in its 台账), if ever. */
  lastUrgeAt: Date | null
}

/** The first day (YYYY-MM-DD) a resident who chased on `last` may chase again: the next working day. */
export function nextUrgeDay(last: Date, calendar: Calendar): string {
  return nthWorkdayAfter(calendar, local(last).format('YYYY-MM-DD'), 1)
}

/** Why the resident may not chase it `at` this moment; null if they may. */
export function urgeRefusal(doc: UrgeState, at: Date, calendar: Calendar): string | null {
  if (doc.status !== 'assigned' && doc.status !== 'accepted') return '只有还没办结的诉求可以催办'
  const due = doc.status === 'assigned' ? doc.acceptBy : doc.resolveBy
  if (at <= due) {
    const what = doc.status === 'assigned' ? '接单' : '办结'
    return `还没到${what}时限（${formatLocal(due, 'MM-DD HH:mm')}），到期未${what}再催办`
  }
  if (doc.lastUrgeAt) {
    const next = nextUrgeDay(doc.lastUrgeAt, calendar)
    if (local(at).format('YYYY-MM-DD') < next)
      return `您已催办过，每个工作日可催办一次，${next.slice(5)}起可再次催办`
  }
  return null
}
