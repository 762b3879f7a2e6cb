/**
 * 街道总览 (issue 17, part 3): the street's month across its communities — each one's four rates
 * (as its own board computes them, from the 台账), what fell through to the street and how the
 * street is keeping up with it, and every unit's work: the street's 挂钩部门 and the communities'.
 */
import type { z } from 'zod'
import type { streetActions } from '../../../src/domain/contract/street'
import { streetsOf } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { monthBounds } from '../../../src/domain/metrics'
import { OPEN_STATUSES } from '../../../src/domain/request'
import { STREET_LEVEL } from '../../../src/domain/street'
import { keyedCalendar } from '../calendar/store'
import type { ActionContext, Caller } from '../context'
import { byId, collection, type Database } from '../db'
import { gridOf } from '../metrics/board'
import { monthFigures } from '../metrics/rollup'
import type { CommunityDoc, StreetDoc } from '../model'
import { requests } from '../requests/store'
import { shownWhere } from '../staging'
import { unitRows } from '../units/actions'

type Board = z.output<(typeof streetActions)['street.board']['output']>

export const NOT_STREET = '只有街道管理员可以查看街道总览'

/** The street the caller works in as its 街道管理员, or FORBIDDEN. */
export async function callerStreet(db: Database, caller: Caller): Promise<StreetDoc> {
  const [id] = streetsOf(caller.memberships)
  const street = id ? await byId(db, 'streets', id) : undefined
  if (!street) {
    const elsewhere = streetsOf(caller.allMemberships).length > 0
    throw new AppError('FORBIDDEN', elsewhere ? `${NOT_STREET}，请先在「我的」切换到街道` : NOT_STREET)
  }
  return street
}

export async function streetCommunities(db: Database, streetId: string): Promise<CommunityDoc[]> {
  const res = await collection(db, 'communities').where({ streetId }).limit(100).get()
  return res.data.sort((a, b) => a.name.localeCompare(b.name, 'zh'))
}

/** One community's row: its level-1 grid's month, and its requests' passage through the street. */
async function communityRow(db: Database, c: CommunityDoc, streetId: string, month: string, asOf: Date) {
  const { start, end } = monthBounds(month)
  const [counts, roots, fallen] = await Promise.all([
    keyedCalendar(db, c._id).then((keyed) => monthFigures(db, c._id, month, asOf, keyed)),
    shownWhere(db, 'grids', { communityId: c._id, level: 1 }),
    requests(db)
      .where({ communityId: c._id, streetId })
      .field({ streetArrivals: true, level: true, status: true, streetLate: true })
      .limit(1000)
      .get(),
  ])
  const root = roots[0]
  const m = gridOf(counts.resident, root?._id ?? `${c._id}-1`)
  const held = fallen.data.filter((d) => d.level <= STREET_LEVEL && OPEN_STATUSES.includes(d.status))
  return {
    id: c._id,
    name: c.name,
    received: m.received,
    responseRate: m.responseRate,
    resolutionRate: m.resolutionRate,
    satisfactionRate: m.satisfactionRate,
    onTimeRate: m.onTimeRate,
    openOverdue: m.openOverdue,
    merged: m.merged,
    toVolunteers: m.toVolunteers,
    volunteerSolved: m.volunteerSolved,
    toStreet: fallen.data
      .flatMap((d) => d.streetArrivals ?? [])
      .filter((at) => new Date(at) >= start && new Date(at) < end).length,
    streetOpen: held.length,
    streetLate: held.filter((d) => d.streetLate).length,
  }
}

export async function streetBoard(input: { month: string }, { deps, caller }: ActionContext): Promise<Board> {
  const { db, now } = deps
  const street = await callerStreet(db, caller)
  const asOf = now()
  const { start, end } = monthBounds(input.month)
  if (start > asOf) throw new AppError('INVALID_INPUT', '这个月还没有到')
  const communities = await streetCommunities(db, street._id)
  const rows = await Promise.all(communities.map((c) => communityRow(db, c, street._id, input.month, asOf)))
  const units = await Promise.all([
    unitRows(db, street._id, input.month, asOf, true).then((r) =>
      r.map((u) => ({ ...u, orgName: street.name })),
    ),
    ...communities.map((c) =>
      unitRows(db, c._id, input.month, asOf).then((r) => r.map((u) => ({ ...u, orgName: c.name }))),
    ),
  ])
  return {
    streetName: street.name,
    month: input.month,
    asOf: (asOf < end ? asOf : end).toISOString(),
    communities: rows,
    units: units.flat(),
  }
}
