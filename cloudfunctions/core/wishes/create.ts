/** 许个微心愿, and 代录 for a resident without WeChat: reviewed by the grid before it is public. */
import { type WishCategory } from '../../../src/domain/wish'
import type { WishDetail } from '../../../src/domain/contract'
import { needsReview, type ContentFinding } from '../../../src/domain/usertext'
import { auditEvent } from '../audit'
import { getBuilding, gridLabel, gridPath } from '../community'
import { boundResident, type ActionContext, type Caller, type Deps } from '../context'
import { derivedId } from '../ids'
import type { BuildingDoc, GridDoc, PhotoDoc, WishDoc } from '../model'
import { offlineResident, type OnBehalfOf } from '../requests/onbehalf'
import { checkPhotos } from '../photos'
import { fanOutNow } from '../notify/fanout'
import { wishOutboxEntries } from '../notify/outbox'
import { WISH_OUTBOX, findWish, wishes } from './store'
import { actorOf } from '../audit'
import { toDetail } from './views'

export interface NewWish {
  id: string
  requestId: string
  resident: { openid: string; name: string }
  building: BuildingDoc
  path: GridDoc[]
  category: WishCategory
  what: string
  why: string
  photos?: string[]
  /** The claimant may see the resident's phone (else the grid member's). */
  shareContact?: boolean
  /** 代录: the grid worker who files it; the first 台账 entry is theirs. */
  recordedBy: { openid: string; name: string } | null
  /** What the router's content check said of what and why (public text: risky never gets here). */
  contentCheck?: ContentFinding
  /** Writes that belong with the wish (the offline resident), run only once every check passed. */
  beforeInsert?: () => Promise<void>
}

/** A new wish as stored: waiting for review, its first 台账 entry and who must hear of it. */
export function newWishDoc(
  w: NewWish,
  verdict: WishDoc['contentCheck'],
  photos: PhotoDoc[],
  at: Date,
): WishDoc {
  const doc: WishDoc = {
    _id: w.id,
    requestId: w.requestId,
    communityId: w.building.communityId,
    residentOpenid: w.resident.openid,
    residentName: w.resident.name,
    buildingCode: w.building._id,
    buildingName: w.building.name,
    gridId: w.building.gridId,
    gridPath: w.path.map((g) => g._id),
    gridName: gridLabel(w.path),
    category: w.category,
    what: w.what,
    why: w.why,
    shareContact: w.shareContact ?? false,
    contentCheck: verdict,
    status: 'reviewing',
    recordedBy: w.recordedBy,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    waitingSince: null,
    claim: null,
    fulfilment: null,
    photos,
    rejectReason: null,
    doneAt: null,
    credited: false,
    events: [],
    outbox: [],
    outboxSeq: 0,
    outboxFanned: 0,
    outboxPending: false,
  }
  const actor = w.recordedBy
    ? { openid: w.recordedBy.openid, name: `${w.recordedBy.name}（代${w.resident.name}录入）` }
    : w.resident
  const notes = [w.recordedBy ? '网格员代录' : null, verdict === 'review' ? '内容待人工审核' : null].filter(
    Boolean,
  )
  const event = auditEvent(at, 'create' as const, actor, null, 'reviewing' as const, notes.join('；') || null)
  const outbox = wishOutboxEntries(doc, event, 0, null)
  return { ...doc, events: [event], outbox, outboxSeq: outbox.length, outboxPending: outbox.length > 0 }
}

/** Checks the photos (the router checked the text), then stores the wish; nothing written if refused. */
async function insertWish(deps: Deps, caller: Caller, w: NewWish): Promise<WishDetail> {
  const { db, now } = deps
  const existing = await findWish(db, w.id)
  if (existing) return toDetail(deps, existing, caller, now())
  const at = now()
  const photos = await checkPhotos(deps, caller.openid, w.photos, 'post', at)
  const doc = newWishDoc(w, needsReview(w.contentCheck) ? 'review' : 'pass', photos, at)
  await w.beforeInsert?.()
  try {
    await wishes(db).add(doc)
  } catch (err) {
    const first = await findWish(db, w.id)
    if (first) return toDetail(deps, first, caller, at)
    throw err
  }
  await fanOutNow(db, WISH_OUTBOX, doc, at)
  return toDetail(deps, doc, caller, at)
}

export async function createWish(
  input: {
    requestId: string
    category: WishCategory
    what: string
    why: string
    photos?: string[]
    shareContact?: boolean
  },
  { deps, caller, contentCheck }: ActionContext,
): Promise<WishDetail> {
  const user = boundResident(caller)
  const building = await getBuilding(deps.db, user.buildingCode)
  return insertWish(deps, caller, {
    ...input,
    id: derivedId('wish', caller.openid, input.requestId),
    resident: { openid: caller.openid, name: user.name },
    building,
    path: await gridPath(deps.db, building.gridId),
    recordedBy: null,
    contentCheck,
  })
}

/** 代录: a grid worker posts a wish for a resident of a building they serve (an elder without a phone). */
export async function createWishOnBehalf(
  input: OnBehalfOf & {
    requestId: string
    category: WishCategory
    what: string
    why: string
    photos?: string[]
    shareContact?: boolean
  },
  { deps, caller, contentCheck }: ActionContext,
): Promise<WishDetail> {
  const id = derivedId('wish', caller.openid, input.requestId)
  // Reads and checks only; the resident's record is written by insertWish once all checks pass
  // (a retry is answered there from the stored wish).
  const { building, path, residentId, save } = await offlineResident(deps.db, caller, input, deps.now())
  return insertWish(deps, caller, {
    ...input,
    id,
    resident: { openid: residentId, name: input.residentName },
    building,
    path,
    recordedBy: actorOf(caller),
    beforeInsert: save,
    contentCheck,
  })
}
