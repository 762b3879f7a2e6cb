/**
 * Fan-out: each outbox entry of a request, a wish or a session becomes one message per recipient
 * in `messages` — the in-app 消息 list everybody has, and the queue of WeChat subscribe messages.
 * Message ids derive from (holder, entry, recipient), so running it twice, or after a crash half
 * way, creates nothing twice; the holder's outbox is marked done only if nothing was appended
 * meanwhile.
 */
import { SIGNUP_TRANSITIONS } from '../../../src/domain/signup'
import { templateOf, type NoticeTarget } from '../../../src/domain/notify'
import { byId, collection, type Database, type OutboxCollection } from '../db'
import { streetGridId } from '../requests/placement'
import { derivedId } from '../ids'
import { findGrid } from '../community'
import type { Audience, GridDoc, MessageDoc, OutboxEntry, OutboxHolder, RequestDoc } from '../model'

/** Who `audience` is, today. Lookups are shared within one run. */
export class AudienceResolver {
  private cache = new Map<string, Promise<string[]>>()

  constructor(private db: Database) {}

  private memo(key: string, load: () => Promise<string[]>): Promise<string[]> {
    let hit = this.cache.get(key)
    if (!hit) {
      hit = load()
      this.cache.set(key, hit)
      hit.catch(() => this.cache.delete(key))
    }
    return hit
  }

  private async holders(where: object): Promise<string[]> {
    const res = await collection(this.db, 'memberships').where(where).limit(1000).get()
    return [...new Set(res.data.map((m) => m.openid))]
  }

  private admins(communityId: string) {
    return this.memo(`admins/${communityId}`, () => this.holders({ communityId, role: 'communityAdmin' }))
  }

  private async grid(id: string): Promise<GridDoc | null> {
    return findGrid(this.db, id)
  }

  /** The grid's members and leader; at the community level and the street, the admins too. */
  private gridHolders(communityId: string, gridId: string) {
    return this.memo(`grid/${gridId}`, async () => {
      const _ = this.db.command
      const grid = await this.grid(gridId)
      // 街道兜底 of a registered street: the street's admins (src/domain/street.ts).
      if (!grid && gridId === streetGridId(communityId)) {
        const community = await byId(this.db, 'communities', communityId)
        if (community?.streetId) return this.holders({ communityId: community.streetId, role: 'streetAdmin' })
      }
      const people = grid ? await this.holders({ gridId, role: _.in(['gridMember', 'gridLeader']) }) : []
      // Nobody at a grid (or the street backstop): the community admins must still hear of it.
      if (!grid || grid.level === 1 || people.length === 0) {
        return [...new Set([...people, ...(await this.admins(communityId))])]
      }
      return people
    })
  }

  /** The nearest leader above the grid: a micro-grid's member answers to the grid leader. */
  private leaderAbove(communityId: string, gridId: string) {
    return this.memo(`above/${gridId}`, async () => {
      const grid = await this.grid(gridId)
      const above = grid ? grid.path.slice(0, -1).reverse() : []
      for (const id of above) {
        const leaders = await this.holders({ gridId: id, role: 'gridLeader' })
        if (leaders.length) return leaders
      }
      return this.admins(communityId)
    })
  }

  /** The 楼栋长 of the building, as they are when the notice goes out. */
  private buildingLeaders(communityId: string, buildingCode: string) {
    return this.memo(`building/${buildingCode}`, () =>
      this.holders({ communityId, buildingCode, role: 'buildingLeader' }),
    )
  }

  /** Who holds a seat in the session now; a guardian holding places for two children is one. */
  /** Those the table lets check in (confirmed or offered): the places that hold a seat. */
  private seatHolders(sessionId: string) {
    return this.memo(`seats/${sessionId}`, async () => {
      const _ = this.db.command
      const res = await collection(this.db, 'signups')
        .where({ sessionId, status: _.in([...SIGNUP_TRANSITIONS.checkIn.from]) })
        .field({ openid: true })
        .limit(1000)
        .get()
      return [...new Set(res.data.map((s) => s.openid))]
    })
  }

  /** Everyone with a place (or about to have one): seat holders, offers, the waitlist, a sign-up under way. */
  private placeHolders(sessionId: string) {
    return this.memo(`places/${sessionId}`, async () => {
      const _ = this.db.command
      const res = await collection(this.db, 'signups')
        .where({ sessionId, status: _.in([...SIGNUP_TRANSITIONS.checkIn.from, 'waitlisted', 'pending']) })
        .field({ openid: true })
        .limit(1000)
        .get()
      return [...new Set(res.data.map((s) => s.openid))]
    })
  }

  async resolve(communityId: string, to: Audience[]): Promise<string[]> {
    const lists = await Promise.all(
      to.map((a) =>
        'user' in a
          ? Promise.resolve([a.user])
          : 'grid' in a
            ? this.gridHolders(communityId, a.grid)
            : 'leaderAbove' in a
              ? this.leaderAbove(communityId, a.leaderAbove)
              : 'buildingLeadersOf' in a
                ? this.buildingLeaders(communityId, a.buildingLeadersOf)
                : 'unitStaffOf' in a
                  ? this.memo(`unit/${a.unitStaffOf}`, () =>
                      // A unit is its community's or its street's (挂钩部门): its id names it alone.
                      this.holders({ unitId: a.unitStaffOf, role: 'unitStaff' }),
                    )
                  : 'placesOf' in a
                    ? this.placeHolders(a.placesOf)
                    : this.seatHolders(a.seatsOf),
      ),
    )
    return [...new Set(lists.flat())]
  }
}

/** How the messages of one kind of outbox holder read: what they are about and their one line. */
export interface OutboxSource<D extends OutboxHolder> {
  collection: OutboxCollection
  target: NoticeTarget
  subject(doc: D): string
  body(doc: D, entry: OutboxEntry): string
}

export const REQUEST_OUTBOX: OutboxSource<RequestDoc> = {
  collection: 'requests',
  target: 'request',
  subject: (doc) => doc.no,
  body: (doc, entry) => `${doc.buildingName}：${entry.fields.what}`,
}

function messagesFor<D extends OutboxHolder>(
  source: OutboxSource<D>,
  doc: D,
  entry: OutboxEntry,
  recipients: string[],
  at: Date,
): MessageDoc[] {
  return recipients
    .filter((openid) => openid !== entry.exceptOpenid)
    .map((openid) => ({
      _id: derivedId(doc._id, String(entry.seq), openid),
      openid,
      communityId: doc.communityId,
      kind: entry.kind,
      title: entry.title,
      body: source.body(doc, entry),
      target: source.target,
      targetId: doc._id,
      subject: source.subject(doc),
      fields: entry.fields,
      template: templateOf(entry.kind),
      createdAt: new Date(entry.at),
      ...unsent(at),
    }))
}

/** A new message's delivery state: unread, its WeChat reminder due `at`. */
export function unsent(at: Date) {
  return {
    read: false,
    push: 'pending' as const,
    attempts: 0,
    nextAttemptAt: at,
    leaseUntil: null,
    grantHeld: false,
    reason: null,
    sentAt: null,
  }
}

/** Adds the messages not there yet; a duplicate (another run got there first) is fine. */
export async function insertMissing(db: Database, messages: MessageDoc[]): Promise<number> {
  if (messages.length === 0) return 0
  const _ = db.command
  const col = collection(db, 'messages')
  const existing = await col
    .where({ _id: _.in(messages.map((m) => m._id)) })
    .field({ _id: true })
    .limit(1000)
    .get()
  const have = new Set(existing.data.map((m) => m._id))
  let added = 0
  for (const m of messages) {
    if (have.has(m._id)) continue
    try {
      await col.add(m)
      added++
    } catch (err) {
      const again = await col.doc(m._id).get()
      if (!again.data?.length) throw err
    }
  }
  return added
}

/**
 * One document's pending outbox entries → messages. `done` is false when entries were appended
 * meanwhile (they wait for the next run).
 */
export async function fanOut<D extends OutboxHolder>(
  db: Database,
  source: OutboxSource<D>,
  doc: D,
  at: Date,
  audiences = new AudienceResolver(db),
): Promise<{ created: number; done: boolean }> {
  let created = 0
  for (const entry of doc.outbox.filter((e) => e.seq >= doc.outboxFanned)) {
    const recipients = await audiences.resolve(doc.communityId, entry.to)
    created += await insertMissing(db, messagesFor(source, doc, entry, recipients, at))
  }
  // Done only as far as what was read; entries appended meanwhile keep it pending.
  const res = await collection(db, source.collection)
    .where({ _id: doc._id, outboxSeq: doc.outboxSeq, outboxPending: true })
    .update({ outboxPending: false, outboxFanned: doc.outboxSeq })
  return { created, done: res.updated === 1 }
}

export function fanOutRequest(db: Database, doc: RequestDoc, at: Date, audiences?: AudienceResolver) {
  return fanOut(db, REQUEST_OUTBOX, doc, at, audiences)
}

/** Right after a move, so the 消息 list shows it at once; the scheduler picks up whatever this misses. */
export async function fanOutNow<D extends OutboxHolder>(
  db: Database,
  source: OutboxSource<D>,
  doc: D,
  at: Date,
): Promise<void> {
  if (!doc.outboxPending) return
  try {
    await fanOut(db, source, doc, at)
  } catch (err) {
    console.error(`[outbox] fan-out of ${doc._id} left to the scheduler`, err)
  }
}
