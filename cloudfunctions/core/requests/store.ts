/**
 * The requests collection: reading one the caller may see, the caller's relations to it, and the
 * resident's open-request counter (claimed before a create, released when a request closes).
 */
import { AppError } from '../../../src/domain/errors'
import { MAX_OPEN_REQUESTS_PER_RESIDENT, type Relation } from '../../../src/domain/request'
import { canHandle, canSupervise, isStaffOf, streetsOf, unitsOf } from '../../../src/domain/access'
import { heldByStreet } from '../../../src/domain/street'
import type { Caller } from '../context'
import { getCommunity } from '../community'
import { type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { RequestDoc } from '../model'

export function requests(db: Database) {
  return collection(db, 'requests')
}

/** The same resident and requestId always name the same document: creates are idempotent. */
export function requestDocId(openid: string, requestId: string): string {
  return derivedId(openid, requestId)
}

export function relationsOf(doc: RequestDoc, caller: Caller): Set<Relation> {
  const relations = new Set<Relation>()
  if (doc.residentOpenid === caller.openid) relations.add('owner')
  // 代录: a leader above (or the admin) calls the resident back and rates for them — not the
  // worker who recorded it, who may well be the one handling it.
  if (doc.recordedBy && canSupervise(caller.memberships, doc)) relations.add('proxy')
  if (canHandle(caller.memberships, doc)) relations.add('handler')
  if (canSupervise(caller.memberships, doc)) relations.add('supervisor')
  // 吹哨报到: the unit called in works it while its task is open, and may read it after.
  if (doc.unit && unitsOf(caller.memberships).includes(doc.unit.unitId)) {
    relations.add(doc.unit.state === 'called' || doc.unit.state === 'accepted' ? 'unit' : 'former')
  }
  // What a worker did on it counts only while they are still staff of its community: a revoked
  // member no longer sees the resident, the photos or a 办结 button on what they once accepted.
  // 街道兜底: while the street holds it, its 街道管理员 works it as the community's staff would —
  // the one who took it on (受理) settles it (办结).
  const streetStaff =
    heldByStreet(doc) && !!doc.streetId && streetsOf(caller.memberships).includes(doc.streetId)
  if (!isStaffOf(caller.memberships, doc.communityId) && !streetStaff) return relations
  // A worker who handed it up or back can still follow what became of it (read only); so can the
  // one who filed a sensitive report for a resident (代录), which their grid no longer sees.
  if (doc.events.some((e) => e.actorOpenid === caller.openid && e.type !== 'create')) relations.add('former')
  if (doc.sensitive && doc.recordedBy?.openid === caller.openid) relations.add('former')
  if (doc.assigneeOpenid === caller.openid) relations.add('assignee')
  return relations
}

export async function findRequest(db: Database, id: string): Promise<RequestDoc | undefined> {
  return (await requests(db).doc(id).get()).data?.[0]
}

/** A request the caller may see: its resident or someone who may handle it. Others get NOT_FOUND. */
export async function loadVisible(db: Database, id: string, caller: Caller): Promise<RequestDoc> {
  const doc = await findRequest(db, id)
  if (doc && relationsOf(doc, caller).size === 0 && doc.communityId !== caller.communityId) {
    // Theirs in another of their communities (a notice from there): say where to switch.
    const there = caller.allMemberships.filter((m) => m.communityId === doc.communityId)
    if (relationsOf(doc, { ...caller, memberships: there }).size > 0) {
      const name = (await getCommunity(db, doc.communityId)).name
      throw new AppError('NOT_FOUND', `这条诉求属于${name}，请先在「我的」切换到${name}`)
    }
  }
  if (!doc || relationsOf(doc, caller).size === 0)
    throw new AppError('NOT_FOUND', '找不到这条诉求，或您无权查看')
  return doc
}

/**
 * At most MAX_OPEN_REQUESTS_PER_RESIDENT requests waiting or in progress per resident, enforced
 * with a counter on the user claimed by an atomic conditional update (a count-then-insert lets
 * parallel submissions through). Released when a request leaves the open statuses.
 */
export async function claimOpenSlot(db: Database, openid: string): Promise<void> {
  const _ = db.command
  const res = await collection(db, 'users')
    .where(
      _.and([
        { _id: openid },
        _.or([{ openCount: _.lt(MAX_OPEN_REQUESTS_PER_RESIDENT) }, { openCount: _.exists(false) }]),
      ]),
    )
    .update({ openCount: _.inc(1) })
  if (res.updated !== 1) {
    throw new AppError(
      'RATE_LIMITED',
      `您已有${MAX_OPEN_REQUESTS_PER_RESIDENT}条诉求正在办理，请等办结后再提交新的，或联系网格员`,
    )
  }
}

export async function releaseOpenSlot(db: Database, openid: string): Promise<void> {
  const _ = db.command
  await collection(db, 'users')
    .where({ _id: openid, openCount: _.gt(0) })
    .update({ openCount: _.inc(-1) })
}
