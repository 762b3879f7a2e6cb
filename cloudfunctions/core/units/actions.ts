/**
 * 责任单位 (issue 17, part 1): the units a community registers — 物业 for its buildings, utilities,
 * the police, 驻区单位, 网格责任单位 — what each handles, and the list a unit's contact works from.
 * Their contacts are invited like staff (invite.create with role unitStaff and the unit).
 */
import type { z } from 'zod'
import type { unitView } from '../../../src/domain/contract/units'
import { STAFF_ROLES } from '../../../src/domain/roles'
import { streetsOf, unitsOf } from '../../../src/domain/access'
import { unitOrgsOf } from '../../../src/domain/street'
import { AppError } from '../../../src/domain/errors'
import { UNIT_KINDS, unitCovers, unitMonthFigures, type UnitTaskFacts } from '../../../src/domain/units'
import { monthBounds } from '../../../src/domain/metrics'
import type { ActionContext, Caller } from '../context'
import { adminCommunity, leadCommunity } from '../scopes'
import { byId, collection, existing, type Database } from '../db'
import { insertOnce } from '../roles/store'
import { derivedId } from '../ids'
import type { UnitDoc } from '../model'
import { communityGrids } from '../community'
import { loadVisible, requests } from '../requests/store'
import { toSummary } from '../requests/views'

type UnitView = z.output<typeof unitView>

/** The community whose units a staff member sees (the first where they are staff). */
function staffCommunity(caller: Caller): string {
  const m = caller.memberships.find((x) => STAFF_ROLES.includes(x.role))
  if (!m) throw new AppError('FORBIDDEN', '只有网格员可以使用工作台')
  return m.communityId
}

async function membersOf(db: Database, unitIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (!unitIds.length) return counts
  const _ = db.command
  const res = await collection(db, 'memberships')
    .where({ role: 'unitStaff', unitId: _.in(unitIds) })
    .limit(1000)
    .get()
  for (const m of res.data) counts.set(m.unitId ?? '', (counts.get(m.unitId ?? '') ?? 0) + 1)
  return counts
}

function toView(u: UnitDoc, members: number): UnitView {
  return {
    id: u._id,
    kind: u.kind,
    kindName: UNIT_KINDS[u.kind],
    name: u.name,
    categories: u.categories,
    buildingCodes: u.buildingCodes,
    gridIds: u.gridIds,
    contactName: u.contactName,
    contactPhone: u.contactPhone,
    partyOrg: u.partyOrg,
    members,
  }
}

export async function communityUnits(db: Database, communityId: string): Promise<UnitDoc[]> {
  const res = await collection(db, 'units').where({ communityId }).limit(200).get()
  return res.data.sort((a, b) => a.name.localeCompare(b.name, 'zh'))
}

export async function listUnits(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const units = await communityUnits(deps.db, staffCommunity(caller))
  const members = await membersOf(
    deps.db,
    units.map((u) => u._id),
  )
  return { units: units.map((u) => toView(u, members.get(u._id) ?? 0)) }
}

type UnitInput = { requestId: string; id?: string } & Pick<
  UnitDoc,
  'kind' | 'name' | 'categories' | 'buildingCodes' | 'gridIds' | 'contactName' | 'contactPhone' | 'partyOrg'
>

/** Where the caller registers units: the admin's community, or a 街道管理员's street (挂钩部门). */
function unitOrg(caller: Caller): { id: string; street: boolean } {
  const [street] = streetsOf(caller.memberships)
  if (street) return { id: street, street: true }
  return { id: adminCommunity(caller, '只有社区管理员可以登记责任单位'), street: false }
}

/** Registers a unit (idempotent by requestId) or corrects one of the admin's community (or street). */
export async function saveUnit(input: UnitInput, { deps, caller }: ActionContext): Promise<UnitView> {
  const { db, now } = deps
  const org = unitOrg(caller)
  const communityId = org.id
  const at = now()
  // A street's 挂钩部门 serves whatever the street holds: no buildings or grids of its own.
  if (org.street && (input.buildingCodes.length || input.gridIds.length))
    throw new AppError('INVALID_INPUT', '街道挂钩部门负责全街道，不按楼栋或网格划分', {
      buildingCodes: '街道挂钩部门不选楼栋',
    })
  // What it covers must be the community's own buildings and grids.
  const [grids, buildings] = await Promise.all([
    communityGrids(db, communityId),
    collection(db, 'buildings').where({ communityId }).limit(1000).get(),
  ])
  const known = new Set(buildings.data.map((b) => b._id))
  const strange = input.buildingCodes.find((c) => !known.has(c))
  if (strange)
    throw new AppError('INVALID_INPUT', `本社区没有楼栋 ${strange}`, { buildingCodes: '请选择本社区的楼栋' })
  if (input.gridIds.some((g) => !grids.has(g)))
    throw new AppError('INVALID_INPUT', '请选择本社区的网格', { gridIds: '请选择本社区的网格' })
  const fields = {
    kind: input.kind,
    name: input.name,
    categories: [...new Set(input.categories)],
    buildingCodes: [...new Set(input.buildingCodes)].sort(),
    gridIds: [...new Set(input.gridIds)],
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    partyOrg: input.partyOrg,
  }
  if (input.id) {
    const unit = await byId(db, 'units', input.id)
    if (!unit || unit.communityId !== communityId) throw new AppError('NOT_FOUND', '没有找到这个责任单位')
    await collection(db, 'units')
      .doc(unit._id)
      .update({ ...fields, updatedAt: at })
    const saved = { ...unit, ...fields, updatedAt: at }
    return toView(saved, (await membersOf(db, [unit._id])).get(unit._id) ?? 0)
  }
  const doc: UnitDoc = {
    _id: derivedId('unit', communityId, caller.openid, input.requestId),
    requestId: input.requestId,
    communityId,
    ...fields,
    createdAt: at,
    updatedAt: at,
  }
  const { _id, ...rest } = doc
  // A retry (same requestId) answers with what the first call made.
  if (!(await insertOnce(db, 'units', _id, rest))) {
    const first = await existing(db, 'units', _id)
    return toView(first, (await membersOf(db, [_id])).get(_id) ?? 0)
  }
  return toView(doc, 0)
}

/**
 * The units that could take this request: its category's default unit as the community had it when
 * the request was filed (分类设置, the request's snapshot) first, then those covering its category
 * and building.
 */
export async function whistleTargets(input: { id: string }, { deps, caller }: ActionContext) {
  const doc = await loadVisible(deps.db, input.id, caller)
  // At the street: its 挂钩部门 first among equals, then the community's own units.
  const units = (await Promise.all(unitOrgsOf(doc).map((o) => communityUnits(deps.db, o)))).flat()
  const rows = units.map((u) => ({
    id: u._id,
    name: u.name,
    kindName: UNIT_KINDS[u.kind],
    covers: u._id === doc.defaultUnitId || unitCovers(u, doc.category, doc.buildingCode),
  }))
  const rank = (r: (typeof rows)[number]) => (r.id === doc.defaultUnitId ? 0 : r.covers ? 1 : 2)
  // A stable sort: the units' own order within each rank.
  return { units: [...rows].sort((a, b) => rank(a) - rank(b)) }
}

/** 网格绩效's 责任单位: each unit's month (tasks it was called to then), for leaders and the admin. */
export async function unitsMonth(input: { month: string }, { deps, caller }: ActionContext) {
  const communityId = leadCommunity(caller.memberships)
  if (!communityId) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看绩效')
  return { month: input.month, units: await unitRows(deps.db, communityId, input.month, deps.now()) }
}

/**
 * Each of the community's units (or, `street`, a street's 挂钩部门) with its figures for `month`,
 * as known at `asOf`. A street's units are called only to what the street holds: its requests.
 */
export async function unitRows(db: Database, communityId: string, month: string, asOf: Date, street = false) {
  const _ = db.command
  const { start, end } = monthBounds(month)
  const tasks: UnitTaskFacts[] = []
  const of = street ? { streetId: communityId } : { communityId }
  // Every request a unit was called to that could hold a call of the month — made before its end,
  // touched since its start (a call-in writes the request) — a page at a time by _id.
  for (let after = ''; ; ) {
    const page = (
      await requests(db)
        .where({
          ...of,
          'unit.unitId': _.exists(true),
          createdAt: _.lt(end),
          updatedAt: _.gte(start),
          _id: _.gt(after),
        })
        .orderBy('_id', 'asc')
        .limit(100)
        .get()
    ).data
    for (const doc of page) tasks.push(...(doc.unitHistory ?? []), ...(doc.unit ? [doc.unit] : []))
    if (page.length < 100) break
    after = page[page.length - 1]._id
  }
  const units = await communityUnits(db, communityId)
  return units.map((u) => ({
    id: u._id,
    name: u.name,
    kindName: UNIT_KINDS[u.kind],
    partyOrg: u.partyOrg,
    ...unitMonthFigures(
      tasks.filter((t) => t.unitId === u._id),
      start,
      end,
      asOf,
    ),
  }))
}

/** A unit contact's list: what their units were called to (open: not yet resolved or returned). */
export async function unitInbox(input: { tab: 'open' | 'done' }, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const ids = unitsOf(caller.memberships)
  const units = (await Promise.all(ids.map((id) => byId(db, 'units', id)))).filter((u): u is UnitDoc => !!u)
  const states = input.tab === 'open' ? ['called', 'accepted'] : ['resolved', 'returned', 'recalled']
  const res = await requests(db)
    .where({ 'unit.unitId': _.in(ids), 'unit.state': _.in(states) })
    .orderBy('unit.calledAt', input.tab === 'open' ? 'asc' : 'desc')
    .limit(100)
    .get()
  return { unitNames: units.map((u) => u.name), items: res.data.map(toSummary) }
}
