/**
 * 转志愿服务 (issue 19, src/domain/volunteer-work.ts): whoever handles a request turns it — or the
 * part a neighbour can do, in their own words — into a 微心愿, published on the wall at once and
 * linked both ways. Two writes (CloudBase transactions are single-document): the request first,
 * holding all the wish needs (`volunteer`, pending), then the wish. Idempotent by the client's
 * requestId: the wish's id is derived from it, so a retry finds the request already pointing at it
 * and publishes the wish once; a crash between the two is finished by the scheduler (repair.ts).
 */
import type { WishDetail } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { needsReview } from '../../../src/domain/usertext'
import type { WishCategory } from '../../../src/domain/wish'
import { actorName, actorOf, auditEvent, type Actor } from '../audit'
import { getBuilding, gridPath } from '../community'
import type { ActionContext } from '../context'
import type { Database } from '../db'
import { derivedId } from '../ids'
import type { RequestDoc, WishDoc } from '../model'
import { newWishDoc } from '../wishes/create'
import { findWish, wishes } from '../wishes/store'
import { move } from './moves'
import { findRequest, loadVisible, relationsOf, requests } from './store'
import { toDetail as wishDetailOf } from '../wishes/views'

interface ToWishInput {
  id: string
  requestId: string
  category: WishCategory
  what: string
  why: string
}

export async function requestToWish(input: ToWishInput, ctx: ActionContext): Promise<WishDetail> {
  const { deps, caller } = ctx
  const { db } = deps
  const wishId = derivedId('wish', caller.openid, input.requestId)
  const seen = await loadVisible(db, input.id, caller)
  const supervises = relationsOf(seen, caller).has('supervisor')
  if (seen.volunteer?.wishId !== wishId) {
    await move(ctx, input.id, (doc) => ({
      action: 'toWish',
      note: `转为微心愿：${input.what}`,
      check: () => {
        // In hand: the one who took it on decides, or a leader above them.
        if (doc.status === 'accepted' && doc.assigneeOpenid !== caller.openid && !supervises)
          throw new AppError(
            'FORBIDDEN',
            `${doc.assigneeName ?? '其他网格员'}已接单，只有接单人或上级可以转志愿服务`,
          )
      },
      changes: (d, at) => ({
        volunteer: {
          wishId,
          what: input.what,
          state: 'serving',
          at,
          by: actorOf(caller),
          category: input.category,
          why: input.why,
          review: needsReview(ctx.contentCheck),
          pending: true,
        },
        // Waiting still: whoever turns it is the one it comes back to.
        ...(d.assigneeOpenid
          ? {}
          : { assigneeOpenid: caller.openid, assigneeName: actorName(caller), acceptedAt: at }),
      }),
    }))
  }
  const doc = await findRequest(db, input.id)
  // Another wish of it (this caller's other requestId, or someone else's first): that one stands.
  if (!doc?.volunteer || doc.volunteer.wishId !== wishId)
    throw new AppError('CONFLICT', '这条诉求已转志愿服务，请刷新后查看')
  const { wish } = await publishWish(db, doc, { ...input, review: needsReview(ctx.contentCheck) })
  await settled(db, doc)
  return wishDetailOf(deps, wish, caller, deps.now())
}

/** What the wish is made of: as the member wrote it (stored with the request for the scheduler). */
export interface WishSpec {
  category: WishCategory
  what: string
  why: string
  review: boolean
}

/** The link once its wish is on the wall: not pending, without the words kept for it (see settled). */
export function settledLink(v: NonNullable<RequestDoc['volunteer']>): NonNullable<RequestDoc['volunteer']> {
  const link = { ...v, pending: false }
  delete link.why
  return link
}

/**
 * The request's wish is on the wall: the move is whole (nothing for the scheduler to finish), and
 * the words kept for it go — the wish holds them now, under its own 保存期限.
 */
export async function settled(db: Database, doc: RequestDoc): Promise<void> {
  const _ = db.command
  await requests(db)
    .where({ _id: doc._id, 'volunteer.wishId': doc.volunteer!.wishId, 'volunteer.pending': true })
    .update({ 'volunteer.pending': false, 'volunteer.why': _.remove() })
}

/**
 * The wish of `doc` (which points at it), published at once — the one who turned it is the grid
 * that reviews — once: a second call finds it. `created`: this call wrote it.
 */
export async function publishWish(
  db: Database,
  doc: RequestDoc,
  spec: WishSpec,
): Promise<{ wish: WishDoc; created: boolean }> {
  const v = doc.volunteer!
  const stored = await findWish(db, v.wishId)
  if (stored) return { wish: stored, created: false }
  const at = v.at
  const building = await getBuilding(db, doc.buildingCode)
  const base = newWishDoc(
    {
      id: v.wishId,
      requestId: `request:${doc._id}`,
      resident: { openid: doc.residentOpenid, name: doc.residentName },
      building,
      path: await gridPath(db, building.gridId),
      category: spec.category,
      what: spec.what,
      why: spec.why,
      recordedBy: null,
    },
    spec.review ? 'review' : 'pass',
    [],
    at,
  )
  const actor: Actor = v.by
  const wish: WishDoc = {
    ...base,
    status: 'published',
    publishedAt: at,
    waitingSince: at,
    fromRequest: { id: doc._id, no: doc.no },
    events: [
      auditEvent(at, 'create' as const, actor, null, 'reviewing' as const, `由诉求${doc.no}转为志愿服务`),
      auditEvent(at, 'publish' as const, actor, 'reviewing' as const, 'published' as const, null),
    ],
    // The resident heard of it with the request's 已转志愿服务; nobody else need be told.
    outbox: [],
    outboxSeq: 0,
    outboxPending: false,
  }
  try {
    await wishes(db).add(wish)
    return { wish, created: true }
  } catch (err) {
    const first = await findWish(db, v.wishId)
    if (!first) throw err
    return { wish: first, created: false }
  }
}
