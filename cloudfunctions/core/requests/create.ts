/**
 * Creating a request: routing a building to its grid, the document with its clocks and first 台账
 * event, the idempotent insert (by requestId) with its outbox entry, and 代录 for a resident without
 * WeChat.
 */
import { SLA_TIERS, type CategoryCode } from '../../../src/domain/categories'
import { settingOf, type CategorySetting } from '../../../src/domain/category-settings'
import { settingForNewRequest } from '../categories/store'
import { holdsResidentSlot } from '../../../src/domain/patrol'
import { sensitiveNote, sensitivityOf } from '../../../src/domain/sensitive'
import { needsReview, type ContentFinding } from '../../../src/domain/usertext'
import type { RequestSummary } from '../../../src/domain/contract'
import { routeToGrid } from '../../../src/domain/request'
import { canHandle, ledBuildings } from '../../../src/domain/access'
import { formatLocal } from '../../../src/domain/time'
import { addDuration } from '../../../src/domain/workdays'
import { boundResident, type ActionContext } from '../context'
import { active, getBuilding, gridLabel, gridPath, inUse, staffedGrids } from '../community'
import type { Database } from '../db'
import { shownWhere } from '../staging'
import { fanOutNow, REQUEST_OUTBOX } from '../notify/fanout'
import { outboxEntries } from '../notify/outbox'
import { offlineResident } from './onbehalf'
import type { BuildingDoc, GridDoc, PhotoDoc, RequestDoc, RequestEventDoc } from '../model'
import { checkPhotos } from '../photos'
import { type Calendar } from '../../../src/domain/calendar'
import { communityCalendar } from '../calendar/store'
import { requests, requestDocId, findRequest, claimOpenSlot } from './store'
import { toSummary } from './views'
import { actorOf } from '../audit'

export interface NewRequest {
  id: string
  requestId: string
  resident: { openid: string; name: string }
  building: BuildingDoc
  /** The grid it was routed to, with the ids from the community down to it; `homePath` is the
   * building's micro-grid path, whose figures it counts in (defaults to `path`). */
  grid: { id: string; name: string; path: string[]; level: number; homePath?: string[] }
  category: CategoryCode
  /** The category's settings in force now (分类设置), which the request keeps; absent: the built-in table. */
  setting?: CategorySetting
  description: string
  at: Date
  /** 代录: the grid worker who files it for the resident; the first 台账 entry is theirs. */
  recordedBy?: { openid: string; name: string }
  photos?: PhotoDoc[]
  /**
   * What the content check said of its text: `review`, the handler sees it in the first 台账
   * entry; `risky`, it is a sensitive report (src/domain/sensitive.ts), as its category may make it.
   */
  content?: ContentFinding
  /** The community's working days, for the clocks. */
  calendar: Calendar
  /** 巡查发现 (src/domain/patrol.ts): who found it where; `resident` is then PATROL_OWNER. */
  patrol?: { foundBy: { openid: string; name: string }; place: string }
  /** 开放接口 (src/domain/open311.ts): filed through an API key; `resident` is then its channel. */
  channel?: { keyId: string; organisation: string }
}

/**
 * The document of a new request: the category's settings in force now kept on it (name, tier,
 * sensitive, default unit), clocks from that tier, the first 台账 entry.
 */
export function newRequestDoc(r: NewRequest): RequestDoc {
  const setting = r.setting ?? settingOf(undefined, r.category)
  const tier = SLA_TIERS[setting.tier]
  const sensitivity = sensitivityOf(setting, r.content)
  if (sensitivity.sensitive && r.grid.level !== 1)
    throw new Error(
      'a sensitive request goes to the community level: route it with routeForBuilding(…, true)',
    )
  const doc: RequestDoc = {
    _id: r.id,
    no: `${formatLocal(r.at, 'YYMMDD')}-${r.id.slice(0, 6).toUpperCase()}`,
    requestId: r.requestId,
    residentOpenid: r.resident.openid,
    residentName: r.resident.name,
    communityId: r.building.communityId,
    buildingCode: r.building._id,
    buildingName: r.building.name,
    gridId: r.grid.id,
    gridName: r.grid.name,
    gridPath: r.grid.path,
    homeGridPath: r.grid.homePath ?? r.grid.path,
    level: r.grid.level,
    category: setting.code,
    tier: setting.tier,
    categoryName: setting.name,
    defaultUnitId: setting.defaultUnitId,
    description: r.description,
    status: 'assigned',
    assigneeOpenid: null,
    assigneeName: null,
    createdAt: r.at,
    updatedAt: r.at,
    assignedAt: r.at,
    acceptBy: addDuration(r.at, tier.acceptWithin, r.calendar),
    resolveBy: addDuration(r.at, tier.resolveWithin, r.calendar),
    escalateBy: null,
    reopenCount: 0,
    recordedBy: r.recordedBy ?? null,
    ...sensitivity,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolutionNote: null,
    rating: null,
    ratingComment: null,
    photos: r.photos ?? [],
    ...(r.patrol ? { source: 'patrol' as const, place: r.patrol.place, foundBy: r.patrol.foundBy } : {}),
    ...(r.channel ? { source: 'open311' as const, channel: r.channel } : {}),
    events: [],
    outbox: [],
    outboxSeq: 0,
    outboxFanned: 0,
    outboxPending: false,
  }
  const event: RequestEventDoc = {
    at: r.at,
    type: 'create',
    actorOpenid: r.patrol?.foundBy.openid ?? r.recordedBy?.openid ?? r.resident.openid,
    actorName: r.patrol
      ? `${r.patrol.foundBy.name}（巡查发现）`
      : r.recordedBy
        ? `${r.recordedBy.name}（代${r.resident.name}录入）`
        : r.resident.name,
    from: null,
    to: 'assigned',
    note: [
      r.patrol ? `巡查发现：${r.patrol.place}` : null,
      r.channel ? `经开放接口由${r.channel.organisation}提交` : null,
      sensitiveNote(sensitivity, setting.name),
      `已分派至${r.grid.name}`,
      needsReview(r.content) ? '内容待人工审核' : null,
    ]
      .filter(Boolean)
      .join('；'),
  }
  const outbox = outboxEntries(doc, event, 0)
  return { ...doc, events: [event], outbox, outboxSeq: outbox.length, outboxPending: outbox.length > 0 }
}

/**
 * Where a request from `building` goes now: its micro-grid, or the first staffed level above; a
 * sensitive one straight to the community (level 1), which always answers.
 */
export async function routeForBuilding(
  db: Database,
  building: Pick<BuildingDoc, 'gridId'>,
  sensitive = false,
): Promise<NewRequest['grid']> {
  const path = await gridPath(db, building.gridId)
  if (sensitive) {
    const [community] = path
    return {
      id: community._id,
      name: community.name,
      path: [community._id],
      level: community.level,
      homePath: path.map((g) => g._id),
    }
  }
  const staffed = await staffedGrids(
    db,
    path.map((g) => g._id),
  )
  const grid = routeToGrid(
    path.map((g) => ({ ...g, id: g._id })),
    staffed,
  )
  const assignedPath = path.slice(0, path.findIndex((g) => g._id === grid._id) + 1)
  return {
    id: grid._id,
    name: gridLabel(assignedPath) || grid.name,
    path: assignedPath.map((g) => g._id),
    level: grid.level,
    homePath: path.map((g) => g._id),
  }
}

/** A new request's id, its instant and the caller's photos, checked before any write. */
interface Fresh {
  id: string
  at: Date
  photos: PhotoDoc[]
}

/**
 * A create, idempotent by its requestId: the same requestId answers what it made the first time
 * (a lost answer, a double tap) without running `make` again.
 */
export function creating<I extends { requestId: string; photos?: string[] }>(
  make: (input: I, ctx: ActionContext, fresh: Fresh) => Promise<RequestSummary>,
): (input: I, ctx: ActionContext) => Promise<RequestSummary> {
  return async (input, ctx) => {
    const { deps, caller } = ctx
    const id = requestDocId(caller.openid, input.requestId)
    const existing = await findRequest(deps.db, id)
    if (existing) return toSummary(existing)
    const at = deps.now()
    const photos = await checkPhotos(deps, caller.openid, input.photos, 'post', at)
    return make(input, ctx, { id, at, photos })
  }
}

export const createRequest = creating(async function createRequest(
  input: { requestId: string; category: CategoryCode; description: string; photos?: string[] },
  { deps, caller, contentCheck },
  { id, at, photos },
) {
  const { db } = deps

  const user = boundResident(caller)
  return fileRequest(db, {
    id,
    requestId: input.requestId,
    resident: { openid: caller.openid, name: user.name },
    building: await getBuilding(db, user.buildingCode),
    category: input.category,
    description: input.description,
    at,
    photos,
    content: contentCheck,
  })
})

/**
 * Files a new request with the community's settings for its category in force now (分类设置: a
 * disabled one refused when `chosen` by a person), routed as they say (a sensitive one to the
 * community), its clocks on the community's working days, inserted with its outbox (insertNew).
 */
export async function fileRequest(
  db: Database,
  r: Omit<NewRequest, 'grid' | 'calendar' | 'setting'>,
  chosen = true,
): Promise<RequestSummary> {
  inUse(r.building)
  const setting = await settingForNewRequest(db, r.building.communityId, r.category, chosen)
  const [grid, calendar] = await Promise.all([
    routeForBuilding(db, r.building, sensitivityOf(setting, r.content).sensitive),
    communityCalendar(db, r.building.communityId),
  ])
  return insertNew(db, newRequestDoc({ ...r, setting, grid, calendar }))
}

/**
 * Inserts a new request, idempotent by `_id`, then claims its resident's open slot. In that order:
 * parallel retries of one requestId meet at the insert, and only the copy that inserted claims a
 * slot, so a retry answers with the first result instead of "您已有10条诉求" (the others never
 * claimed one). Over the limit, the insert is taken back. Nobody hears of it before the slot is
 * held: the outbox is marked pending only then.
 */
export async function insertNew(db: Database, doc: RequestDoc): Promise<RequestSummary> {
  try {
    await requests(db).add({ ...doc, outboxPending: false })
  } catch (err) {
    // The same requestId raced in twice: the first insert won, answer with it.
    const first = await findRequest(db, doc._id)
    if (first) return toSummary(first)
    throw err
  }
  try {
    // 巡查发现 and 开放接口 are nobody's requests: no resident's limit counts them.
    if (holdsResidentSlot(doc.source)) await claimOpenSlot(db, doc.residentOpenid)
  } catch (err) {
    await requests(db).doc(doc._id).remove()
    throw err
  }
  if (doc.outboxPending) await requests(db).doc(doc._id).update({ outboxPending: true })
  await fanOutNow(db, REQUEST_OUTBOX, doc, doc.createdAt)
  return toSummary(doc)
}

/**
 * 代录: a grid worker files a request for a resident without a phone (domain.md). The resident
 * gets an offline record of their own (their limit, their phone for the handler); a leader above
 * stands in for them after a callback (rates, may cancel), so nobody rates their own work.
 */
export const createOnBehalf = creating(async function createOnBehalf(
  input: {
    requestId: string
    buildingCode: string
    residentName: string
    residentPhone?: string
    room?: string
    category: CategoryCode
    description: string
    photos?: string[]
  },
  { deps, caller, contentCheck },
  // The photos are taken by the worker on the resident's behalf: their own uploads.
  { id, at, photos },
) {
  const { db } = deps
  // A 楼栋长 may 代录 for a neighbour in their own building.
  const { building, residentId, save } = await offlineResident(db, caller, input, at, true)
  await save()

  return fileRequest(db, {
    id,
    requestId: input.requestId,
    resident: { openid: residentId, name: input.residentName },
    building,
    category: input.category,
    description: input.description,
    at,
    recordedBy: actorOf(caller),
    photos,
    content: contentCheck,
  })
})

/** The buildings a grid worker serves: where they may 代录. */
export async function buildingsServed(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const communities = [...new Set(caller.memberships.map((m) => m.communityId))]
  const grids = await shownWhere(db, 'grids', { communityId: _.in(communities) })
  const served = active(grids).filter((g) =>
    canHandle(caller.memberships, { communityId: g.communityId, gridId: g._id, gridPath: g.path }),
  )
  // A 楼栋长: their own building(s), besides any grid they serve.
  const led = ledBuildings(caller.memberships).map((b) => b.buildingCode)
  const [inGrids, ledHere] = await Promise.all([
    shownWhere(db, 'buildings', { gridId: _.in(served.map((g) => g._id)) }),
    shownWhere(db, 'buildings', { _id: _.in(led), communityId: _.in(communities) }),
  ])
  // A retired building is no longer a place to file in (a picker keeps it out).
  const buildings = [...new Map(active([...inGrids, ...ledHere]).map((b) => [b._id, b])).values()]
  const byId = new Map(grids.map((g) => [g._id, g]))
  return {
    buildings: buildings
      .sort((a, b) => a._id.localeCompare(b._id))
      .map((b) => ({
        code: b._id,
        name: b.name,
        gridName: gridLabel(
          (byId.get(b.gridId)?.path ?? []).map((id) => byId.get(id)).filter((g): g is GridDoc => !!g),
        ),
      })),
  }
}
