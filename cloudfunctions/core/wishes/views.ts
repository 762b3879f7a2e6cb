/** A wish as each person may see it: the wall's card without anything personal, the detail with the steps they can take. */
import { maskPhone } from '../../../src/domain/privacy'
import { DAY_MS, local } from '../../../src/domain/time'
import {
  availableWishActions,
  WISH_CATEGORIES,
  WISH_STATUSES,
  WISH_TRANSITIONS,
  type WishAction,
  type WishRelation,
} from '../../../src/domain/wish'
import type { WishCard, WishDetail } from '../../../src/domain/contract'
import { SYSTEM_ACTOR } from '../audit'
import type { Caller, Deps } from '../context'
import { collection } from '../db'
import type { WishDoc, WishEventDoc } from '../model'
import { photoLinks } from '../photos'
import { relationsOf } from './store'
import { holdsClaim, wishContact } from './contact'

const EVENT_TITLES: Record<string, string> = { create: '许愿' }

/** Who did it, for someone not involved in the wish: a part, not a name. */
const ACTOR_PARTS: Record<string, string> = {
  create: '许愿居民',
  publish: '网格员',
  reject: '网格员',
  withdraw: '许愿居民',
  claim: '志愿者',
  release: '志愿者',
  fulfil: '志愿者',
}

/**
 * Names stay with the people of the wish: the resident, their grid staff and the one who claimed
 * it see who did what; anyone else reading the wall sees the part each played (许愿居民, 网格员,
 * 志愿者) — neither the resident's name nor the volunteer's or the member's.
 */
function eventActor(doc: WishDoc, e: WishEventDoc, relations: Set<WishRelation>): string {
  if (relations.has('owner') || relations.has('steward') || relations.has('claimant')) return e.actorName
  if (e.actorOpenid === doc.residentOpenid) return '许愿居民'
  if (e.actorOpenid === SYSTEM_ACTOR.openid) return e.actorName
  return ACTOR_PARTS[e.type] ?? '社区工作人员'
}

function daysWaiting(doc: WishDoc, at: Date): number | null {
  if (!doc.waitingSince) return null
  return Math.max(0, Math.floor((at.getTime() - new Date(doc.waitingSince).getTime()) / DAY_MS))
}

export function toCard(doc: WishDoc, at: Date): WishCard {
  return {
    id: doc._id,
    category: doc.category,
    categoryName: WISH_CATEGORIES[doc.category].name,
    what: doc.what,
    why: doc.why,
    gridName: doc.gridName,
    status: doc.status,
    statusName: WISH_STATUSES[doc.status],
    daysWaiting: doc.status === 'published' ? daysWaiting(doc, at) : null,
  }
}

export async function toDetail(
  { db, files }: Pick<Deps, 'db' | 'files'>,
  doc: WishDoc,
  caller: Caller,
  at: Date,
): Promise<WishDetail> {
  const relations = relationsOf(doc, caller)
  const close = relations.has('owner') || relations.has('steward')
  let claim: WishDetail['claim'] = null
  if (doc.claim && (close || relations.has('claimant'))) {
    const res = await collection(db, 'users').doc(doc.claim.openid).get()
    const user = res.data?.[0]
    claim = {
      name: doc.claim.name,
      phone: maskPhone(user?.phone) ?? null,
      promisedBy: local(doc.claim.promisedBy).subtract(1, 'day').format('YYYY-MM-DD'),
    }
  }
  let resident: WishDetail['resident'] = null
  if (relations.has('steward')) {
    const res = await collection(db, 'users').doc(doc.residentOpenid).get()
    const user = res.data?.[0]
    resident = { name: doc.residentName, building: doc.buildingName, room: user?.room ?? null }
  }
  // The claimant is told whom they will reach (the number itself: person.reveal, logged).
  const found = holdsClaim(doc, caller.openid) ? await wishContact(db, doc) : null
  return {
    ...toCard(doc, at),
    events: doc.events.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      title: EVENT_TITLES[e.type] ?? WISH_TRANSITIONS[e.type as WishAction].label,
      actorName: eventActor(doc, e, relations),
      note: e.note,
    })),
    claim,
    resident,
    contentCheck: relations.has('steward') ? doc.contentCheck : null,
    rejectReason: close ? doc.rejectReason : null,
    fulfilmentNote: doc.fulfilment?.note ?? null,
    fulfilmentHours: doc.fulfilment?.hours ?? null,
    contact: found ? { who: found.who, name: found.name } : null,
    shareContact: close ? (doc.shareContact ?? false) : null,
    actions: availableWishActions(doc.status, relations),
    fromRequest: doc.fromRequest ? { no: doc.fromRequest.no, id: close ? doc.fromRequest.id : null } : null,
    mine: relations.has('owner'),
    photos: close || relations.has('claimant') ? await photoLinks(files, doc.photos) : [],
  }
}
