/**
 * 转志愿服务 (issue 19, src/domain/volunteer-work.ts): whoever handles a request turns it — or the
 * part a neighbour can do, in their own words — into a 微心愿, published on the wall at once and
 * linked both ways. Idempotent by the client's requestId: the wish's id is derived from it, and a
 * retry (or a crash between the two writes) finds the request already pointing at it.
 */
import type { WishDetail } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { needsReview } from '../../../src/domain/usertext'
import type { WishCategory } from '../../../src/domain/wish'
import { actorName, actorOf, auditEvent } from '../audit'
import { getBuilding, gridPath } from '../community'
import type { ActionContext } from '../context'
import { derivedId } from '../ids'
import type { RequestDoc, WishDoc } from '../model'
import { newWishDoc } from '../wishes/create'
import { findWish, wishes } from '../wishes/store'
import { move } from './moves'
import { findRequest, loadVisible, relationsOf } from './store'
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
        volunteer: { wishId, what: input.what, state: 'serving', at, by: actorOf(caller) },
        // Waiting still: whoever turns it is the one it comes back to.
        ...(d.assigneeOpenid
          ? {}
          : { assigneeOpenid: caller.openid, assigneeName: actorName(caller), acceptedAt: at }),
      }),
    }))
  }
  const doc = await findRequest(db, input.id)
  // Another wish of it (this caller's other requestId, or someone else's first): that one stands.
  if (!doc || doc.volunteer?.wishId !== wishId)
    throw new AppError('CONFLICT', '这条诉求已转志愿服务，请刷新后查看')
  const wish = await publishWish(ctx, doc, wishId, input)
  return wishDetailOf(deps, wish, caller, deps.now())
}

/** The wish of `doc`, published at once (the one who turned it is the grid that reviews); once. */
async function publishWish(
  { deps, caller, contentCheck }: ActionContext,
  doc: RequestDoc,
  wishId: string,
  input: ToWishInput,
): Promise<WishDoc> {
  const { db } = deps
  const stored = await findWish(db, wishId)
  if (stored) return stored
  const at = doc.volunteer?.at ?? deps.now()
  const building = await getBuilding(db, doc.buildingCode)
  const base = newWishDoc(
    {
      id: wishId,
      requestId: `request:${doc._id}`,
      resident: { openid: doc.residentOpenid, name: doc.residentName },
      building,
      path: await gridPath(db, building.gridId),
      category: input.category,
      what: input.what,
      why: input.why,
      recordedBy: null,
    },
    needsReview(contentCheck) ? 'review' : 'pass',
    [],
    at,
  )
  const actor = actorOf(caller)
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
    return wish
  } catch (err) {
    const first = await findWish(db, wishId)
    if (!first) throw err
    return first
  }
}
