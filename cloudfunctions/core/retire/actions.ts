/**
 * 停用与恢复 · 更正编号 (issue 18, part 3; src/domain/retire.ts). Only the community's admin: a
 * retirement changes what the whole community counts — the board's denominators, the 民主测评's
 * households, the visit rotas of every 助老 team, the posters on the doors — and the roles
 * (src/domain/roles.ts) give no 网格长 a say over another grid's counts or over children, whom
 * guardians register community-wide. Each step is a conditional update of the thing itself
 * (retired ⇔ `retired` is set) and an event in the community's settings 台账.
 *
 * What depends on it decides whether it may go: a building with open requests, a grid with
 * members, buildings or grids in use under it, or open requests held there are refused in words;
 * an elder simply leaves the visit lists and the end-of-day flags; a child's future places are
 * given back as the organiser's 代为取消 would (the seat reaches the waitlist), the guardian told.
 */
import { RETIRE_KINDS, codeCorrectionNote, type RetireKind } from '../../../src/domain/retire'
import { SIGNUP_TRANSITIONS } from '../../../src/domain/signup'
import { OPEN_STATUSES } from '../../../src/domain/request'
import { AppError } from '../../../src/domain/errors'
import { actorOf } from '../audit'
import { recentSettingsEvents, recordSettingsEvent } from '../settings-events'
import { active, codeOf, communityGrids, findBuilding, gridLabelIn } from '../community'
import type { ActionContext } from '../context'
import { allWhere, byId, byIds, collection, type Database } from '../db'
import type { BuildingDoc, ChildDoc, ElderDoc, GridDoc, RetiredDoc, SettingsEventDoc } from '../model'
import { adminCommunity } from '../scopes'
import { shownWhere } from '../staging'
import { tell } from '../activities/excuse'
import { vacate } from '../activities/seats'
import { loadSession, signupMove, signups } from '../activities/store'
import { retiredView } from './views'

const REFUSAL = '只有社区管理员可以停用、恢复或更正编号'
const EVENT_TYPES: SettingsEventDoc['type'][] = ['retire', 'restore', 'building.correctCode']

type Retirable = GridDoc | BuildingDoc | ElderDoc | ChildDoc
type Target = { kind: RetireKind; doc: Retirable; collection: 'grids' | 'buildings' | 'elders' | 'children' }

const COLLECTION_OF = { grid: 'grids', building: 'buildings', elder: 'elders', child: 'children' } as const

/** The thing, in the admin's community; NOT_FOUND otherwise (another community's is not theirs to see). */
async function target(db: Database, communityId: string, kind: RetireKind, id: string): Promise<Target> {
  const doc =
    kind === 'building'
      ? await findBuilding(db, id)
      : kind === 'grid'
        ? await byId(db, 'grids', id)
        : await byId(db, COLLECTION_OF[kind], id)
  if (!doc || doc.communityId !== communityId)
    throw new AppError('NOT_FOUND', `没有找到这个${RETIRE_KINDS[kind]}`)
  return { kind, doc, collection: COLLECTION_OF[kind] }
}

function itemOf(t: Target, grids: Map<string, GridDoc>, buildingNames = new Map<string, string>()) {
  const { kind, doc } = t
  const gridName = (gridId: string) => {
    const g = grids.get(gridId)
    return g ? gridLabelIn(grids, g) : ''
  }
  const detail =
    kind === 'grid'
      ? gridName(doc._id)
      : kind === 'building'
        ? gridName((doc as BuildingDoc).gridId)
        : kind === 'elder'
          ? `${buildingNames.get((doc as ElderDoc).buildingCode) ?? (doc as ElderDoc).buildingCode}${(doc as ElderDoc).room}`
          : `${(doc as ChildDoc).grade} · ${(doc as ChildDoc).age}岁`
  return {
    kind,
    id: doc._id,
    name: doc.name,
    detail,
    code: kind === 'building' ? codeOf(doc as BuildingDoc) : null,
    retired: retiredView(doc.retired),
  }
}

const subjectOf = (t: Target) => `${RETIRE_KINDS[t.kind]}「${t.doc.name}」`

/** Why `t` may not be retired now, in words; null when nothing depends on it. */
async function whyNot(db: Database, t: Target): Promise<string | null> {
  const _ = db.command
  const open = (where: object) =>
    collection(db, 'requests')
      .where({ ...where, status: _.in([...OPEN_STATUSES]) })
      .limit(5)
      .get()
      .then((r) => r.data)
  if (t.kind === 'building') {
    const requests = await open({ buildingCode: t.doc._id })
    if (requests.length)
      return `${t.doc.name}还有未办结的诉求（${requests.map((r) => r.no).join('、')}），请先办结或转派后再停用`
  }
  if (t.kind === 'grid') {
    const grid = t.doc as GridDoc
    if (grid.level === 1) return '社区本身不能停用'
    const members = await collection(db, 'memberships')
      .where({ gridId: grid._id, role: _.in(['gridMember', 'gridLeader']) })
      .limit(5)
      .get()
    if (members.data.length) return `${grid.name}还有网格员或网格长，请先在人员与角色中撤销或调整后再停用`
    const buildings = active(await shownWhere(db, 'buildings', { gridId: grid._id }))
    if (buildings.length)
      return `${grid.name}下还有${buildings.length}栋在用的楼栋（${buildings
        .slice(0, 3)
        .map((b) => b.name)
        .join('、')}），请先停用或调整到其他网格`
    const below = active(await shownWhere(db, 'grids', { parentId: grid._id }))
    if (below.length)
      return `${grid.name}下还有在用的网格（${below.map((g) => g.name).join('、')}），请先停用它们`
    const requests = await open({ gridId: grid._id })
    if (requests.length)
      return `${grid.name}还有未办结的诉求（${requests.map((r) => r.no).join('、')}），请先办结或转派后再停用`
  }
  return null
}

/** A child's places in sessions still to come, given back as 代为取消 would: the seat goes to whoever waits. */
async function releaseFuturePlaces(db: Database, child: ChildDoc, reason: string, at: Date): Promise<number> {
  const _ = db.command
  const move = signupMove(db, 'release')
  const held = await allWhere(db, 'signups', {
    childId: child._id,
    status: _.in([...SIGNUP_TRANSITIONS.release.from]),
  })
  let released = 0
  for (const s of held) {
    const session = await loadSession(db, s.sessionId)
    if (new Date(session.startAt) <= at) continue
    const res = await signups(db)
      .where({ _id: s._id, status: s.status })
      .update({ ...move.set, offeredUntil: null, excuse: { reason, at }, updatedAt: at })
    if (res.updated !== 1) continue
    await vacate(db, session._id, s, at)
    await tell(
      db,
      session,
      s.openid,
      `${child.name}的报名已取消`,
      '已取消',
      `${child.name}的登记已停用：${reason}`,
      at,
    )
    released++
  }
  return released
}

export async function retireApply(
  input: { kind: RetireKind; id: string; reason: string },
  ctx: ActionContext,
) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const t = await target(db, communityId, input.kind, input.id)
  if (t.doc.retired) throw new AppError('CONFLICT', `${t.doc.name}已经停用了`)
  const refusal = await whyNot(db, t)
  if (refusal) throw new AppError('CONFLICT', refusal)
  const at = now()
  const retired: RetiredDoc = { at, by: actorOf(ctx.caller, '管理员'), reason: input.reason }
  const res = await collection(db, t.collection)
    .where({ _id: t.doc._id, retired: db.command.exists(false) })
    .update({ retired })
  if (res.updated !== 1) throw new AppError('CONFLICT', `${t.doc.name}已经停用了`)
  let note = input.reason
  if (t.kind === 'child') {
    const released = await releaseFuturePlaces(db, t.doc as ChildDoc, input.reason, at)
    if (released) note = `${input.reason}（已取消${released}场未开始活动的报名）`
  }
  await recordSettingsEvent(ctx.deps.db, ctx.caller, communityId, at, 'retire', subjectOf(t), `停用：${note}`)
  const done = { ...t, doc: { ...t.doc, retired } }
  return { item: itemOf(done, await communityGrids(db, communityId)), note }
}

export async function retireRestore(input: { kind: RetireKind; id: string }, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const t = await target(db, communityId, input.kind, input.id)
  if (!t.doc.retired) throw new AppError('CONFLICT', `${t.doc.name}没有停用，无需恢复`)
  const parentId =
    t.kind === 'grid'
      ? (t.doc as GridDoc).parentId
      : t.kind === 'building'
        ? (t.doc as BuildingDoc).gridId
        : null
  const parent = parentId ? await byId(db, 'grids', parentId) : null
  if (parent?.retired) throw new AppError('CONFLICT', `所属的${parent.name}已停用，请先恢复${parent.name}`)
  const _ = db.command
  const res = await collection(db, t.collection)
    .where({ _id: t.doc._id, retired: _.exists(true) })
    .update({ retired: _.remove() })
  if (res.updated !== 1) throw new AppError('CONFLICT', `${t.doc.name}没有停用，无需恢复`)
  const at = now()
  const note = t.kind === 'child' ? '恢复（已取消的报名不会自动恢复，请重新报名）' : '恢复'
  await recordSettingsEvent(ctx.deps.db, ctx.caller, communityId, at, 'restore', subjectOf(t), note)
  const done = { ...t, doc: { ...t.doc, retired: undefined } }
  return { item: itemOf(done, await communityGrids(db, communityId)), note }
}

/** 更正编号: the new code is printed from now on; the old one (and any before) still finds the building. */
export async function correctCode(
  input: { code: string; newCode: string; reason: string },
  ctx: ActionContext,
) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const t = await target(db, communityId, 'building', input.code)
  const building = t.doc as BuildingDoc
  const from = codeOf(building)
  if (input.newCode === from) throw new AppError('CONFLICT', `${building.name}的编码已经是${from}`)
  // Any building's id or corrected code, hidden ones of an import under way too: a code names one building.
  const [taken, takenAsCode] = await Promise.all([
    byIds(db, 'buildings', [input.newCode]),
    collection(db, 'buildings').where({ codes: input.newCode }).limit(1).get(),
  ])
  const other = [...taken, ...takenAsCode.data].find((b) => b._id !== building._id)
  if (other)
    throw new AppError('CONFLICT', `编码${input.newCode}已被「${other.name}」使用，请换一个`, {
      newCode: '这个编码已有楼栋使用',
    })
  const _ = db.command
  const res = await collection(db, 'buildings')
    .where({ _id: building._id, code: building.code ?? _.exists(false) })
    .update({ code: input.newCode, codes: _.addToSet(input.newCode) })
  if (res.updated !== 1) throw new AppError('CONFLICT', '楼栋编码刚被更改过，请刷新后再试')
  const note = codeCorrectionNote(from, input.newCode, input.reason)
  await recordSettingsEvent(
    ctx.deps.db,
    ctx.caller,
    communityId,
    now(),
    'building.correctCode',
    `楼栋「${building.name}」`,
    note,
  )
  const done = { ...t, doc: { ...building, code: input.newCode } }
  return { item: itemOf(done, await communityGrids(db, communityId)), note }
}

/** What the admin may retire or restore, retired ones included, and the latest such changes. */
export async function retireList(_input: Record<string, never>, ctx: ActionContext) {
  const { db } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const [grids, buildings, elders, children, events] = await Promise.all([
    communityGrids(db, communityId),
    shownWhere(db, 'buildings', { communityId }),
    allWhere(db, 'elders', { communityId }),
    allWhere(db, 'children', { communityId }),
    recentSettingsEvents(db, communityId, EVENT_TYPES),
  ])
  const names = new Map(buildings.map((b) => [b._id, b.name]))
  const of = (kind: RetireKind, docs: Retirable[]) =>
    docs.map((doc) => itemOf({ kind, doc, collection: COLLECTION_OF[kind] }, grids, names))
  const gridList = [...grids.values()]
    .filter((g) => g.level > 1)
    .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')))
  return {
    items: [
      ...of('grid', gridList),
      ...of(
        'building',
        buildings.sort((a, b) => codeOf(a).localeCompare(codeOf(b))),
      ),
      ...of(
        'elder',
        elders.sort((a, b) => a.buildingCode.localeCompare(b.buildingCode)),
      ),
      ...of(
        'child',
        children.sort((a, b) => a.name.localeCompare(b.name)),
      ),
    ],
    events,
  }
}
