/** The one write of a wish's step (lifecycle.ts): status and holder as read, its 台账 event and outbox in the same update. */
import { WISH_TRANSITIONS, type WishAction, type WishStatus } from '../../../src/domain/wish'
import type { Actor } from '../audit'
import type { Changes, Database } from '../db'
import { commitStep, type Lifecycle } from '../lifecycle'
import type { WishDoc } from '../model'
import { wishOutboxEntries } from '../notify/outbox'

export const WISH_LIFECYCLE: Lifecycle<'wishes', WishAction, WishStatus> = {
  collection: 'wishes',
  transitions: WISH_TRANSITIONS,
  // The holder as read: a claim released and taken by someone else meanwhile is another wish now.
  asRead: (doc) => (doc.claim ? { 'claim.openid': doc.claim.openid } : { claim: null }),
  notices: (after, event, seq, before) => wishOutboxEntries(after, event, seq, before.claim?.openid ?? null),
}

/** Applies one step if the wish is still as read (lifecycle.ts): status and holder in the condition. */
export function commitWish(
  db: Database,
  doc: WishDoc,
  action: WishAction,
  actor: Actor,
  changes: Changes<WishDoc>,
  note: string | null,
  at: Date,
): Promise<boolean> {
  return commitStep(db, WISH_LIFECYCLE, doc, { action, actor, changes, note, at })
}
