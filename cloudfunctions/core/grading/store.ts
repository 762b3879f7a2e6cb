/** The collections of 流动红旗 · 民主测评 · 整改, and what the board reads of them. */
import { POLL_CHOICES, type PollTally } from '../../../src/domain/grading'
import { allWhere, collection, type Database } from '../db'
import { derivedId } from '../ids'
import type { BuildingDoc, GridDoc, RectificationDoc } from '../model'
import type { OutboxSource } from '../notify/fanout'

export const pollVotes = (db: Database) => collection(db, 'pollVotes')
export const gradings = (db: Database) => collection(db, 'gradings')
export const rectifications = (db: Database) => collection(db, 'rectifications')

/** One household (building + room) one vote a month. */
export const voteId = (communityId: string, month: string, buildingCode: string, room: string) =>
  derivedId('poll', communityId, month, buildingCode, room)
export const gradingId = (communityId: string, month: string) => derivedId('grading', communityId, month)
export const rectifyId = (gridId: string, month: string) => derivedId('rectify', gridId, month)

/** The level-2 grid (网格) a micro-grid or a grid belongs to: whose figures a building counts in. */
export function gridOfLevel2(grids: Map<string, GridDoc>, gridId: string): string | null {
  const g = grids.get(gridId)
  return g ? (g.path.find((id) => grids.get(id)?.level === 2) ?? null) : null
}

/** The month's votes per level-2 grid. */
export async function pollTallies(
  db: Database,
  communityId: string,
  month: string,
): Promise<Map<string, PollTally>> {
  const votes = await allWhere(db, 'pollVotes', { communityId, month })
  const out = new Map<string, PollTally>()
  for (const v of votes) {
    const t = out.get(v.gridId) ?? { votes: 0, satisfied: 0, basic: 0, unsatisfied: 0 }
    t.votes++
    if (v.choice in POLL_CHOICES) t[v.choice]++
    out.set(v.gridId, t)
  }
  return out
}

/** Households (distinct building + room) bound to the buildings of each level-2 grid. */
export async function householdCounts(
  db: Database,
  grids: Map<string, GridDoc>,
  buildings: readonly BuildingDoc[],
): Promise<Map<string, number>> {
  const codes = buildings.map((b) => b._id)
  const level2 = new Map(buildings.map((b) => [b._id, gridOfLevel2(grids, b.gridId)]))
  const seen = new Map<string, Set<string>>()
  const _ = db.command
  // Per 100 buildings (the users' buildingCode index), keyset pages of the two fields it needs.
  for (let i = 0; i < codes.length; i += 100) {
    let after = ''
    for (;;) {
      const where = { buildingCode: _.in(codes.slice(i, i + 100)), room: _.exists(true), _id: _.gt(after) }
      const page = await collection(db, 'users')
        .where(where)
        .orderBy('_id', 'asc')
        .field({ buildingCode: true, room: true })
        .limit(1000)
        .get()
      for (const u of page.data) {
        const g = u.buildingCode && level2.get(u.buildingCode)
        if (!g || !u.room) continue
        const set = seen.get(g) ?? new Set<string>()
        set.add(`${u.buildingCode}/${u.room}`)
        seen.set(g, set)
      }
      if (page.data.length < 1000) break
      after = page.data[page.data.length - 1]._id
    }
  }
  return new Map([...seen].map(([g, s]) => [g, s.size]))
}

export const RECTIFY_OUTBOX: OutboxSource<RectificationDoc> = {
  collection: 'rectifications',
  target: 'rectify',
  subject: (doc) => `${doc.gridName}${Number(doc.month.slice(5))}月`,
  body: (doc, entry) => `${doc.gridName}：${entry.fields.what}`,
}
