/** 微心愿's documents: the collection, its outbox, who stands where to a wish, and finding one visible to the caller. */
import { AppError } from '../../../src/domain/errors'
import { canHandle, isVolunteerOf } from '../../../src/domain/access'
import { type WishRelation } from '../../../src/domain/wish'
import { communitiesOf } from '../community'
import type { Caller } from '../context'
import { type Database, collection } from '../db'
import type { WishDoc } from '../model'
import { type OutboxSource } from '../notify/fanout'
import { wishNo } from '../notify/outbox'

export function wishes(db: Database) {
  return collection(db, 'wishes')
}

/**
 * How a wish's notices read in 消息: its number, and "第二网格 · 1号微网格：一台收音机" — or the
 * entry's own line (the member's claim notice names who claimed it).
 */
export const WISH_OUTBOX: OutboxSource<WishDoc> = {
  collection: 'wishes',
  target: 'wish',
  subject: (doc) => wishNo(doc),
  body: (doc, entry) => entry.body ?? `${doc.gridName}：${doc.what}`,
}

const PUBLIC_STATUSES = ['published', 'claimed', 'fulfilled', 'done'] as const

export function relationsOf(doc: WishDoc, caller: Caller): Set<WishRelation> {
  const r = new Set<WishRelation>()
  if (doc.residentOpenid === caller.openid) r.add('owner')
  if (canHandle(caller.memberships, doc)) r.add('steward')
  const volunteer = isVolunteerOf(caller.memberships, doc.communityId)
  if (volunteer && doc.residentOpenid !== caller.openid) r.add('volunteer')
  if (doc.claim?.openid === caller.openid) r.add('claimant')
  return r
}

export async function findWish(db: Database, id: string): Promise<WishDoc | undefined> {
  return (await wishes(db).doc(id).get()).data?.[0]
}

/** Public once on the wall; before that (and if rejected or withdrawn) only for the resident and their grid. */
export async function loadVisible(db: Database, id: string, caller: Caller): Promise<WishDoc> {
  const doc = await findWish(db, id)
  const relations = doc ? relationsOf(doc, caller) : new Set<WishRelation>()
  // On the wall it is public — to the people of its community, as the wall itself is.
  const open =
    doc &&
    (PUBLIC_STATUSES as readonly string[]).includes(doc.status) &&
    (relations.has('claimant') || (await communitiesOf(db, caller)).includes(doc.communityId))
  if (!doc || (!open && !relations.has('owner') && !relations.has('steward')))
    throw new AppError('NOT_FOUND', '找不到这个心愿，或您无权查看')
  return doc
}
