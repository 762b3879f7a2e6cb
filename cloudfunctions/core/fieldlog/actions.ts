/**
 * 民情日志 and household visits (src/domain/fieldlog.ts): households of the grid, the day's log,
 * an entry turned into a request (代录, linked both ways, once), the visit plan (its changes as
 * events), the leader's daily summary and the board's visits done vs due.
 */
import { isAdminOf, canSupervise, leadership } from '../../../src/domain/access'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import {
  HOUSEHOLD_KINDS,
  LOG_ENTRY_KINDS,
  dueFirst,
  intervalOf,
  standingText,
  visitStanding,
  visitsDueBetween,
  type HouseholdKind,
  type LogEntryKind,
  type VisitStanding,
} from '../../../src/domain/fieldlog'
import { maskPhone } from '../../../src/domain/privacy'
import type { CategoryCode } from '../../../src/domain/categories'
import { formatLocal } from '../../../src/domain/time'
import { shiftDate } from '../../../src/domain/calendar'
import { actorOf } from '../audit'
import { communityGrids, findGrid, getBuilding, gridLabelIn } from '../community'
import type { ActionContext, Caller } from '../context'
import { allWhere, byId, byIds, collection, type Database } from '../db'
import { derivedId } from '../ids'
import type { BuildingDoc, DiaryEntryDoc, GridDoc, HouseholdDoc, VisitPlanDoc } from '../model'
import { fileRequest } from '../requests/create'
import { offlineRecord, servedBuilding } from '../requests/onbehalf'
import { requestDocId } from '../requests/store'
import { toSummary } from '../requests/views'
import { diary, households, nearestPlan, pathIds, PlanBook, servedWhere, visitPlans } from './store'

type HouseholdView = ActionOutput<'household.add'>
type EntryView = ActionOutput<'diary.add'>
type PlanView = ActionOutput<'visitPlan.set'>

const dayOf = (at: Date) => formatLocal(at, 'YYYY-MM-DD')
const NO_ENTRY = () => new AppError('NOT_FOUND', '找不到这条日志，或您无权查看')
const NO_HOUSEHOLD = () => new AppError('NOT_FOUND', '找不到这户住户，或您无权查看')

function householdView(
  h: HouseholdDoc,
  names: { building: string; grid: string },
  standing: VisitStanding,
): HouseholdView {
  return {
    id: h._id,
    buildingCode: h.buildingCode,
    buildingName: names.building,
    gridName: names.grid,
    room: h.room,
    contactName: h.contactName,
    contactPhone: maskPhone(h.contactPhone ?? undefined) ?? null,
    kind: h.consent ? h.kind : null,
    kindName: h.consent && h.kind ? HOUSEHOLD_KINDS[h.kind] : null,
    consentBy: h.consent?.by ?? null,
    lastVisitDay: h.lastVisitDay,
    standing: { ...standing, text: standingText(standing) },
  }
}

/** Views of many households at once: buildings, grids, plans and calendars read once. */
async function householdViews(db: Database, list: HouseholdDoc[], today: string): Promise<HouseholdView[]> {
  if (list.length === 0) return []
  const communities = [...new Set(list.map((h) => h.communityId))]
  const [buildings, grids, book] = await Promise.all([
    byIds(db, 'buildings', [...new Set(list.map((h) => h.buildingCode))]),
    communityGrids(db, communities),
    PlanBook.load(db, pathIds(list.map((h) => ({ path: h.gridPath }))), communities),
  ])
  const buildingName = new Map(buildings.map((b) => [b._id, b.name]))
  const rows = list.map((h) => {
    const grid = grids.get(h.gridId)
    const standing = visitStanding(
      h.lastVisitDay,
      book.interval(h.gridPath),
      book.calendar(h.communityId),
      today,
    )
    return { h, standing, buildingCode: h.buildingCode, room: h.room, grid }
  })
  return dueFirst(rows).map((r) =>
    householdView(
      r.h,
      {
        building: buildingName.get(r.h.buildingCode) ?? r.h.buildingCode,
        grid: r.grid ? gridLabelIn(grids, r.grid) : '',
      },
      r.standing,
    ),
  )
}

/** 登记住户: by the grid serving the building; the 六清楚 kind only with consent (the schema says so). */
export async function addHousehold(
  input: {
    requestId: string
    buildingCode: string
    room: string
    contactName: string
    contactPhone?: string
    kind?: HouseholdKind
    consent?: { by: string; note: string }
  },
  { deps, caller }: ActionContext,
): Promise<HouseholdView> {
  const { db, now } = deps
  const { building, path } = await servedBuilding(db, caller, input.buildingCode, '只能登记您负责楼栋的住户')
  const id = derivedId('household', caller.openid, input.requestId)
  const at = now()
  const doc: HouseholdDoc = {
    _id: id,
    requestId: input.requestId,
    communityId: building.communityId,
    buildingCode: building._id,
    gridId: building.gridId,
    gridPath: path.map((g) => g._id),
    room: input.room,
    contactName: input.contactName,
    contactPhone: input.contactPhone ?? null,
    kind: input.consent ? (input.kind ?? null) : null,
    consent: input.consent ? { ...input.consent, at, recordedBy: caller.openid } : null,
    lastVisitDay: null,
    previousVisitDay: null,
    createdBy: caller.openid,
    createdAt: at,
  }
  const first = await byId(db, 'households', id)
  if (!first) await households(db).add(doc)
  const [view] = await householdViews(db, [first ?? doc], dayOf(at))
  return view
}

/** The households of every grid the caller serves, today's due visits first. */
export async function listHouseholds(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const today = dayOf(now())
  const where = servedWhere(db, caller)
  const list = where ? await allWhere(db, 'households', where) : []
  const own = caller.memberships.find((m) => m.gridId)
  const grid = own?.gridId ? await findGrid(db, own.gridId) : null
  const plans = grid ? await byIds(db, 'visitPlans', grid.path) : []
  const intervalDays = intervalOf(grid ? nearestPlan(new Map(plans.map((p) => [p._id, p])), grid.path) : null)
  return { today, intervalDays, households: await householdViews(db, list, today) }
}

// ---- the log -------------------------------------------------------------------------------

async function entryViews(db: Database, list: DiaryEntryDoc[]): Promise<EntryView[]> {
  const _ = db.command
  const linked = list.map((e) => e.linkedRequestId).filter((x): x is string => !!x)
  const [buildings, homes, requests] = await Promise.all([
    byIds(db, 'buildings', [...new Set(list.map((e) => e.buildingCode))]),
    byIds(
      db,
      'households',
      list.map((e) => e.householdId).filter((x): x is string => !!x),
    ),
    linked.length
      ? collection(db, 'requests')
          .where({ _id: _.in(linked) })
          .field({ _id: true, no: true })
          .limit(1000)
          .get()
      : Promise.resolve({ data: [] as { _id: string; no: string }[] }),
  ])
  const building = new Map(buildings.map((b) => [b._id, b.name]))
  const home = new Map(homes.map((h) => [h._id, h]))
  const no = new Map((requests.data as { _id: string; no: string }[]).map((r) => [r._id, r.no]))
  return list.map((e) => {
    const h = e.householdId ? home.get(e.householdId) : undefined
    return {
      id: e._id,
      kind: e.kind,
      kindName: LOG_ENTRY_KINDS[e.kind],
      text: e.text,
      day: e.day,
      at: new Date(e.at).toISOString(),
      buildingCode: e.buildingCode,
      buildingName: building.get(e.buildingCode) ?? e.buildingCode,
      householdId: e.householdId,
      householdLabel: h ? `${h.room}（${h.contactName}）` : null,
      byName: e.byName,
      settled: e.settled,
      requestId: e.linkedRequestId,
      requestNo: e.linkedRequestId ? (no.get(e.linkedRequestId) ?? null) : null,
    }
  })
}

/** A 走访 marks the household visited today: a conditional write on what was read (never twice a day). */
async function markVisited(db: Database, householdId: string, day: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const h = await byId(db, 'households', householdId)
    if (!h || h.lastVisitDay === day || (h.lastVisitDay && h.lastVisitDay > day)) return
    const res = await households(db)
      .where({ _id: householdId, lastVisitDay: h.lastVisitDay })
      .update({ lastVisitDay: day, previousVisitDay: h.lastVisitDay })
    if (res.updated === 1) return
  }
  throw new AppError('CONFLICT', '这户的走访记录正在更新，请稍后再试')
}

export async function addEntry(
  input: {
    requestId: string
    kind: LogEntryKind
    text: string
    buildingCode: string
    householdId?: string
    settled: boolean
  },
  { deps, caller, contentCheck }: ActionContext,
): Promise<EntryView> {
  const { db, now } = deps
  const { building, path } = await servedBuilding(
    db,
    caller,
    input.buildingCode,
    '只能为您负责的楼栋记民情日志',
  )
  const home = input.householdId ? await byId(db, 'households', input.householdId) : null
  if (input.householdId && !home) throw NO_HOUSEHOLD()
  if (home && home.buildingCode !== building._id)
    throw new AppError('INVALID_INPUT', '这户不在所选楼栋', { householdId: '这户不在所选楼栋' })
  const id = derivedId('diary', caller.openid, input.requestId)
  const first = await byId(db, 'diary', id)
  if (first) return (await entryViews(db, [first]))[0]
  const at = now()
  const by = actorOf(caller)
  const doc: DiaryEntryDoc = {
    _id: id,
    requestId: input.requestId,
    communityId: building.communityId,
    buildingCode: building._id,
    gridId: building.gridId,
    gridPath: path.map((g) => g._id),
    householdId: home?._id ?? null,
    kind: input.kind,
    text: input.text,
    content: contentCheck ? { verdict: contentCheck.verdict, label: contentCheck.label } : null,
    settled: input.kind === 'dispute' && input.settled,
    day: dayOf(at),
    at,
    byOpenid: by.openid,
    byName: by.name,
    linkedRequestId: null,
  }
  try {
    await diary(db).add(doc)
  } catch (err) {
    // The same requestId raced in twice: the first insert won.
    const raced = await byId(db, 'diary', id)
    if (!raced) throw err
    return (await entryViews(db, [raced]))[0]
  }
  if (doc.kind === 'visit' && home) await markVisited(db, home._id, doc.day)
  return (await entryViews(db, [doc]))[0]
}

export async function listEntries(input: { day?: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const day = input.day ?? dayOf(now())
  const list = await allWhere(db, 'diary', { byOpenid: caller.openid, day })
  list.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
  return { day, entries: await entryViews(db, list) }
}

/** The entry's household (or the building as a whole) as an offline resident of its building. */
function residentOf(
  db: Database,
  entry: DiaryEntryDoc,
  home: HouseholdDoc | null,
  building: BuildingDoc,
  at: Date,
) {
  return home
    ? offlineRecord(
        db,
        building,
        { residentName: home.contactName, residentPhone: home.contactPhone ?? undefined, room: home.room },
        at,
      )
    : offlineRecord(db, building, { residentName: `${building.name}居民（民情日志）` }, at)
}

/**
 * 转为诉求: the entry becomes a request for its building's grid, filed as 代录 by whoever taps, for
 * the household (or the building). Its id derives from the entry, so two taps — or two people —
 * file one request; the content check's finding on the entry goes with it (a report of 毒品 goes
 * to the community, src/domain/sensitive.ts).
 */
export async function entryToRequest(
  input: { id: string; category: CategoryCode },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'diary.toRequest'>> {
  const { db, now } = deps
  const entry = await byId(db, 'diary', input.id)
  if (!entry) throw NO_ENTRY()
  const where = servedWhere(db, caller)
  const mine = where ? await allWhere(db, 'diary', db.command.and([{ _id: entry._id }, where])) : []
  if (mine.length === 0) throw NO_ENTRY()
  const building = await getBuilding(db, entry.buildingCode)
  await servedBuilding(db, caller, building._id, '只能处理您负责楼栋的日志')
  const at = now()
  const home = entry.householdId ? await byId(db, 'households', entry.householdId) : null
  const requestId = `diary-${entry._id}`
  const id = requestDocId(entry.byOpenid, requestId)
  let summary
  const filed = entry.linkedRequestId
    ? await collection(db, 'requests').doc(entry.linkedRequestId).get()
    : null
  if (filed?.data?.[0]) {
    summary = toSummary(filed.data[0])
  } else {
    const { residentId, save } = residentOf(db, entry, home, building, at)
    await save()
    summary = await fileRequest(db, {
      id,
      requestId,
      resident: { openid: residentId, name: home?.contactName ?? `${building.name}居民` },
      building,
      category: input.category,
      description: `民情日志（${formatLocal(entry.at, 'M月D日')}，${LOG_ENTRY_KINDS[entry.kind]}）：${entry.text}`,
      at,
      recordedBy: actorOf(caller),
      content: entry.content ?? undefined,
    })
    await diary(db).where({ _id: entry._id, linkedRequestId: null }).update({ linkedRequestId: summary.id })
  }
  const after = (await byId(db, 'diary', entry._id)) ?? entry
  return { entry: (await entryViews(db, [after]))[0], request: summary }
}

// ---- the plan, the summary, the board ------------------------------------------------------

async function planView(db: Database, grid: GridDoc, grids: Map<string, GridDoc>): Promise<PlanView> {
  const plans = await byIds(db, 'visitPlans', grid.path)
  const plan = nearestPlan(new Map(plans.map((p) => [p._id, p])), grid.path)
  return {
    gridId: grid._id,
    gridName: gridLabelIn(grids, grid),
    intervalDays: intervalOf(plan),
    isDefault: !plan,
    events: (plan?.events ?? [])
      .map((e) => ({ at: new Date(e.at).toISOString(), byName: e.by.name, from: e.from, to: e.to }))
      .reverse(),
  }
}

const LEAD_ONLY = '只有网格长和社区管理员可以设置走访计划'

/** 走访计划: the grid's leader (or one above) or the admin sets N; each change is an event. */
export async function setPlan(
  input: { gridId: string; intervalDays: number },
  { deps, caller }: ActionContext,
): Promise<PlanView> {
  const { db, now } = deps
  const grid = await findGrid(db, input.gridId)
  if (!grid) throw new AppError('NOT_FOUND', '找不到这个网格')
  if (
    !canSupervise(caller.memberships, {
      communityId: grid.communityId,
      gridId: grid._id,
      gridPath: grid.path,
    })
  )
    throw new AppError('FORBIDDEN', LEAD_ONLY)
  const _ = db.command
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await byId(db, 'visitPlans', grid._id)
    const from = current?.intervalDays ?? intervalOf(null)
    if (current && from === input.intervalDays) break
    const event = { at: now(), by: actorOf(caller), from, to: input.intervalDays }
    if (current) {
      const res = await visitPlans(db)
        .where({ _id: grid._id, intervalDays: current.intervalDays })
        .update({ intervalDays: input.intervalDays, events: _.push([event]) })
      if (res.updated === 1) break
    } else {
      const doc: VisitPlanDoc = {
        _id: grid._id,
        communityId: grid.communityId,
        intervalDays: input.intervalDays,
        events: [event],
      }
      const added = await visitPlans(db)
        .add(doc)
        .then(() => true)
        .catch(() => false)
      if (added) break
    }
  }
  return planView(db, grid, await communityGrids(db, grid.communityId))
}

/** The grids whose summary the caller may read: a leader's own, every second-level grid for the admin. */
async function ledGrids(
  db: Database,
  caller: Caller,
): Promise<{ grids: Map<string, GridDoc>; led: GridDoc[] }> {
  const leads = leadership(caller.memberships)
  const grids = await communityGrids(db, [...new Set(leads.map((m) => m.communityId))])
  const led = [...grids.values()]
    .filter((g) =>
      leads.some((m) =>
        m.role === 'communityAdmin' ? g.communityId === m.communityId && g.level === 2 : g._id === m.gridId,
      ),
    )
    .sort((a, b) => a._id.localeCompare(b._id))
  return { grids, led }
}

/** Where a household stood at the start of `day`: from the visit before that day. */
function standingOn(h: HouseholdDoc, day: string, book: PlanBook): VisitStanding {
  const before = h.lastVisitDay === day ? h.previousVisitDay : h.lastVisitDay
  return visitStanding(before, book.interval(h.gridPath), book.calendar(h.communityId), day)
}

/** 网格日报: entries per member, 矛盾纠纷 open, visits done vs due, who is behind. */
export async function daySummary(
  input: { gridId?: string; day?: string },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'diary.summary'>> {
  const { db, now } = deps
  const { grids, led } = await ledGrids(db, caller)
  const grid = input.gridId ? led.find((g) => g._id === input.gridId) : led[0]
  if (!grid) throw new AppError('FORBIDDEN', '只能查看您负责网格的民情日报')
  const day = input.day ?? dayOf(now())
  const _ = db.command
  const below = [...grids.values()].filter((g) => g.path.includes(grid._id))
  const [homes, entries, open, members] = await Promise.all([
    allWhere(db, 'households', { gridPath: grid._id }),
    allWhere(db, 'diary', { gridPath: grid._id, day }),
    collection(db, 'diary')
      .where({ gridPath: grid._id, kind: 'dispute', settled: false, linkedRequestId: null })
      .count(),
    allWhere(db, 'memberships', {
      gridId: _.in(below.map((g) => g._id)),
      role: _.in(['gridMember', 'gridLeader']),
    }),
  ])
  const [users, book] = await Promise.all([
    byIds(db, 'users', [...new Set(members.map((m) => m.openid))]),
    PlanBook.load(db, pathIds(below), [grid.communityId]),
  ])
  const name = new Map(users.map((u) => [u._id, u.name]))
  const standing = new Map(homes.map((h) => [h._id, standingOn(h, day, book)]))
  const visitedToday = (h: HouseholdDoc) => h.lastVisitDay === day || h.previousVisitDay === day
  const rows = members
    .sort((a, b) => (a.gridId ?? '').localeCompare(b.gridId ?? ''))
    .map((m) => {
      const theirs = homes.filter((h) => h.gridId === m.gridId)
      const due = theirs.filter((h) => standing.get(h._id)!.due)
      const mine = entries.filter((e) => e.byOpenid === m.openid)
      const count = (k: LogEntryKind) => mine.filter((e) => e.kind === k).length
      const g = grids.get(m.gridId ?? '')
      return {
        name: name.get(m.openid) ?? '网格员',
        gridName: g ? gridLabelIn(grids, g) : '',
        visit: count('visit'),
        dispute: count('dispute'),
        suggestion: count('suggestion'),
        households: theirs.length,
        due: due.length,
        overdue: due.filter((h) => !visitedToday(h) && standing.get(h._id)!.overdueDays > 0).length,
      }
    })
  return {
    day,
    plan: await planView(db, grid, grids),
    grids: led.map((g) => ({ id: g._id, name: gridLabelIn(grids, g) })),
    members: rows,
    disputesOpen: open.total,
    visitsDone: homes.filter(visitedToday).length,
    visitsDue: homes.filter((h) => standing.get(h._id)!.due).length,
    behind: rows
      .filter((r) => r.overdue > 0)
      .map((r) => ({ name: r.name, gridName: r.gridName, overdue: r.overdue })),
  }
}

/** 网格绩效: per second-level grid, the month's visits done (one per household a day) vs due. */
export async function monthVisits(input: { month: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const { grids, led } = await ledGrids(db, caller)
  if (!led.length && !isAdminOf(caller.memberships, caller.memberships[0]?.communityId ?? ''))
    throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看走访统计')
  const first = `${input.month}-01`
  const next = shiftDate(first, 32).slice(0, 7)
  const last = shiftDate(`${next}-01`, -1)
  const today = dayOf(now())
  const until = last < today ? last : today
  const _ = db.command
  const out = []
  for (const grid of led) {
    const [homes, visits] = await Promise.all([
      allWhere(db, 'households', { gridPath: grid._id }),
      allWhere(db, 'diary', { gridPath: grid._id, kind: 'visit', day: _.gte(first).and(_.lte(last)) }),
    ])
    const book = await PlanBook.load(
      db,
      pathIds([...grids.values()].filter((g) => g.path.includes(grid._id))),
      [grid.communityId],
    )
    const due = homes.reduce((sum, h) => {
      const since = dayOf(h.createdAt)
      return (
        sum +
        visitsDueBetween(
          book.calendar(h.communityId),
          since > first ? since : first,
          until,
          book.interval(h.gridPath),
        )
      )
    }, 0)
    const done = new Set(visits.filter((v) => v.householdId).map((v) => `${v.householdId}:${v.day}`)).size
    out.push({ gridId: grid._id, gridName: gridLabelIn(grids, grid), households: homes.length, done, due })
  }
  return { month: input.month, grids: out }
}
