/**
 * 确认导入 at any size, all or nothing as users see it — without a transaction that could outlive
 * CloudBase's 30 s.
 *
 * Why: the import used to write its whole plan in one transaction, one or two round trips per
 * document. A workbook of a large 社区 (1,340 rows) is some 2,700 round trips: at 10 ms each that is
 * 27 s, and CloudBase ends every transaction after 30 s ("Transaction must be committed or aborted
 * within 30 seconds", docs.cloudbase.net/error-code/DATABASE_TRANSACTION_FAIL). Its transactions
 * also take single-document operations only (no where() inside), so nothing bulk can go in one.
 *
 * How, instead:
 *
 * 1. The import's record, imports/<derived from the community and the admin's requestId>, is
 *    written first with the whole plan (status `staging`), and the community is taken for it
 *    (`communities.importing`, a conditional update: one import or undo at a time; another is
 *    refused, in words, until this one is settled).
 * 2. Its new documents go in, ADD_BATCH of one collection at a time, with no transaction: which of
 *    the batch exist is read, the missing are inserted marked `stagedBy: <import id>` — hidden from
 *    every reader (../staging.ts) — and the record counts the batch. Each step is idempotent, so a
 *    retry with the same requestId after a crash resumes at the first batch not counted (a batch
 *    redone finds its documents and skips them). One that exists without the mark is someone
 *    else's: the import is discarded whole.
 * 3. One transaction makes the import visible: its changes to documents that already exist (at
 *    most MAX_IMPORT_UPDATES, one write each; their old values, for the undo, read once after the
 *    transaction started, so that any later change to them conflicts) and the record turning
 *    `applied` — the one write that shows every staged document at once. Its round trips are
 *    bounded by construction (commitRoundTrips ≤ TX_ROUND_TRIPS).
 * 4. The marks are taken off (one multi-document update per collection) and the community given
 *    back. Neither changes what anyone sees; a crash before them is finished by the next import or
 *    undo of the community (settle).
 *
 * An import whose runner went silent (no batch for IMPORT_LEASE_MS) is discarded by the next one:
 * its hidden documents are removed, and nobody ever saw them.
 */
import { AppError } from '../../../src/domain/errors'
import { formatLocal, MINUTE_MS } from '../../../src/domain/time'
import { byId, collection, COLLECTIONS, type Database } from '../db'
import { derivedId } from '../ids'
import type { AppliedWrite, ImportDoc, ImportUpdate } from '../model'
import type { StagedName } from '../staging'

/** CloudBase ends a transaction 30 s after it started (DATABASE_TRANSACTION_FAIL). */
export const CLOUDBASE_TRANSACTION_MS = 30_000
/**
 * The slowest database round trip from a cloud function that transactions here are sized for: ten
 * times the 10 ms of a usual one, for a slow moment of a shared environment.
 */
export const DESIGN_ROUND_TRIP_MS = 100
/** Round trips one transaction may take: half the 30 s at that speed, the other half margin. */
export const TX_ROUND_TRIPS = CLOUDBASE_TRANSACTION_MS / 2 / DESIGN_ROUND_TRIP_MS
/**
 * The last transaction's round trips besides its updates: start, the record read, the old values
 * (one query per collection, up to four, counted one after another though they go at once), the
 * record written, commit.
 */
const COMMIT_OVERHEAD = 8
/** Round trips of the transaction that applies an import with `updates` changes (one write each). */
export function commitRoundTrips(updates: number): number {
  return updates + COMMIT_OVERHEAD
}
/** Changes to existing grids, buildings and people one import may make (new documents: no limit). */
export const MAX_IMPORT_UPDATES = 140
/** New documents written per step: one insert request, far below any request size. */
export const ADD_BATCH = 100
/** An import or undo with no step for this long has stopped: the next one may discard it. */
export const IMPORT_LEASE_MS = 10 * MINUTE_MS
/** Attempts at the last transaction when someone else's write conflicts with it. */
const COMMIT_ATTEMPTS = 3

const STAGED: StagedName[] = ['grids', 'buildings', 'staff']

export interface StageHooks {
  /** Before each batch (from 0, also for an undo's marks); a throw stands for a crash (tests). */
  beforeBatch?: (index: number) => void
  /** Before the transaction that makes it visible (or, for an undo, hides it). */
  beforeCommit?: () => void
  /** After that transaction, before the marks are taken off and the community given back. */
  afterCommit?: () => void
}

export function importId(communityId: string, requestId: string): string {
  return derivedId('import', communityId, requestId)
}

type Add = NonNullable<ImportDoc['adds']>[number]

/** The adds in batches of one collection each, in the plan's order. */
export function addBatches(adds: Add[]): { collection: string; docs: Record<string, unknown>[] }[] {
  const out: { collection: string; docs: Record<string, unknown>[] }[] = []
  for (const a of adds) {
    const last = out[out.length - 1]
    if (last && last.collection === a.collection && last.docs.length < ADD_BATCH) last.docs.push(a.doc)
    else out.push({ collection: a.collection, docs: [a.doc] })
  }
  return out
}

const CANCELLED = '这次导入已取消，没有写入任何内容；请重新预览后再导入'

function busy(holder: ImportDoc | null, now: Date): AppError {
  if (!holder) return new AppError('CONFLICT', '另一次导入正在进行，请稍后再试')
  const what = holder.status === 'undoing' ? '撤销导入' : '导入'
  const since = new Date(holder.touchedAt ?? holder.at).getTime()
  const minutes = Math.max(1, Math.ceil((since + IMPORT_LEASE_MS - now.getTime()) / MINUTE_MS))
  return new AppError(
    'CONFLICT',
    `${holder.by.name}在${formatLocal(holder.at, 'MM-DD HH:mm')}开始的${what}还没有完成，请等它完成后再操作；如果那次已经中断，${minutes}分钟后可以重新开始`,
  )
}

/** Takes the community for `id` (one import or undo at a time); refused if another holds it. */
export async function take(db: Database, communityId: string, id: string, now: Date): Promise<void> {
  const res = await collection(db, 'communities')
    .where({ _id: communityId, importing: null })
    .update({ importing: id })
  if (res.updated) return
  const holder = (await byId(db, 'communities', communityId))?.importing
  if (holder === id) return
  throw busy(holder ? await byId(db, 'imports', holder) : null, now)
}

async function release(db: Database, communityId: string, id: string): Promise<void> {
  await collection(db, 'communities').where({ _id: communityId, importing: id }).update({ importing: null })
}

/**
 * Whatever holds the community's set-up, settled if it may be: an applied import or a finished
 * undo has its marks taken off (or its hidden documents removed) and lets go; a silent one is
 * discarded (an import) or given up (an undo: nothing of it was visible yet). A live one other
 * than `mine` is the refusal, with who and since when.
 */
export async function settle(db: Database, communityId: string, now: Date, mine?: string): Promise<void> {
  const holderId = (await byId(db, 'communities', communityId))?.importing
  if (!holderId || holderId === mine) return
  const holder = await byId(db, 'imports', holderId)
  if (!holder) {
    await release(db, communityId, holderId)
    return
  }
  const status = holder.status ?? 'applied'
  const silent = now.getTime() - new Date(holder.touchedAt ?? holder.at).getTime() >= IMPORT_LEASE_MS
  if ((status === 'staging' || status === 'undoing') && !silent) throw busy(holder, now)
  if (status === 'staging' || status === 'undoing') {
    await collection(db, 'imports')
      .where({ _id: holder._id, status })
      .update({ status: status === 'staging' ? 'discarded' : 'applied', touchedAt: now })
  }
  await finish(db, holder._id)
}

/**
 * Settles an import as its record now says: an applied one's marks taken off, an undone or
 * discarded one's hidden documents removed, and the community let go. One still under way
 * (staging, undoing) is left as it is. Read afresh, never from what a caller believes.
 */
export async function finish(db: Database, id: string): Promise<void> {
  const rec = await byId(db, 'imports', id)
  if (!rec || rec.status === 'staging' || rec.status === 'undoing') return
  const _ = db.command
  const gone = rec.status === 'undone' || rec.status === 'discarded'
  await Promise.all(
    STAGED.map((name) => {
      const marked = collection(db, name).where({ communityId: rec.communityId, stagedBy: rec._id })
      return gone ? marked.remove() : marked.update({ stagedBy: _.remove() })
    }),
  )
  await release(db, rec.communityId, rec._id)
}

/** The community's own import from now on, or the one it had: finishes it if it still holds the community. */
export async function finishIfHolding(db: Database, rec: ImportDoc): Promise<void> {
  const holder = (await byId(db, 'communities', rec.communityId))?.importing
  if (holder === rec._id) await finish(db, rec._id)
}

/** The import written first, with its plan; a second try of the same requestId finds it. */
export async function beginImport(db: Database, doc: ImportDoc): Promise<ImportDoc> {
  try {
    await collection(db, 'imports').add(doc)
    return doc
  } catch (err) {
    const there = await byId(db, 'imports', doc._id)
    if (there) return there
    throw err
  }
}

async function discard(db: Database, rec: ImportDoc, now: Date): Promise<void> {
  await collection(db, 'imports')
    .where({ _id: rec._id, status: 'staging' })
    .update({ status: 'discarded', touchedAt: now })
  await finish(db, rec._id)
}

/** Documents marked by imports that are gone (discarded, undone): leftovers of a runner that woke late. */
async function leftovers(db: Database, docs: { _id: string; stagedBy?: string }[]): Promise<string[]> {
  const _ = db.command
  const marks = [...new Set(docs.map((d) => d.stagedBy).filter((m): m is string => !!m))]
  if (marks.length === 0) return []
  const res = await collection(db, 'imports')
    .where({ _id: _.in(marks) })
    .field({ status: true })
    .get()
  const gone = new Set(
    res.data.filter((i) => i.status === 'discarded' || i.status === 'undone').map((i) => i._id),
  )
  return docs.filter((d) => d.stagedBy && gone.has(d.stagedBy)).map((d) => d._id)
}

/** One batch of new documents in, hidden; nothing twice, nobody else's overwritten. */
async function stageBatch(
  db: Database,
  rec: ImportDoc,
  batch: { collection: string; docs: Record<string, unknown>[] },
  now: Date,
  again = false,
): Promise<void> {
  const _ = db.command
  const col = db.collection(batch.collection)
  const ids = batch.docs.map((d) => d._id as string)
  const found = (
    await col
      .where({ _id: _.in(ids) })
      .field({ stagedBy: true })
      .limit(1000)
      .get()
  ).data as {
    _id: string
    stagedBy?: string
  }[]
  const others = found.filter((d) => d.stagedBy !== rec._id)
  if (others.length) {
    const stale = await leftovers(db, others)
    if (stale.length < others.length) {
      await discard(db, rec, now)
      const taken = others.filter((d) => !stale.includes(d._id)).map((d) => d._id)
      throw new AppError(
        'CONFLICT',
        `导入期间「${taken.slice(0, 3).join('、')}」${taken.length > 3 ? `等${taken.length}项` : ''}已被其他操作添加，${CANCELLED}`,
      )
    }
    await col.where({ _id: _.in(stale) }).remove()
  }
  const mine = new Set(found.filter((d) => d.stagedBy === rec._id).map((d) => d._id))
  const missing = batch.docs.filter((d) => !mine.has(d._id as string))
  if (missing.length === 0) return
  try {
    await col.add(missing.map((d) => ({ ...d, stagedBy: rec._id })))
  } catch (err) {
    // Someone wrote one of them between the read and the insert (or an earlier try half did): look again.
    if (again) throw err
    await stageBatch(db, rec, batch, now, true)
  }
}

const STOPPED = (rec: ImportDoc | null) =>
  rec?.status === 'discarded'
    ? new AppError('CONFLICT', CANCELLED)
    : new AppError('CONFLICT', '这次导入已经结束，请刷新后查看')

/**
 * Writes the import from the first batch not written yet, applies it in one transaction, settles
 * it. The caller holds the community for it.
 */
export async function runImport(
  db: Database,
  rec: ImportDoc,
  now: () => Date,
  hooks: StageHooks = {},
): Promise<ImportDoc> {
  const batches = addBatches(rec.adds ?? [])
  for (let i = rec.staged ?? 0; i < batches.length; i++) {
    hooks.beforeBatch?.(i)
    await stageBatch(db, rec, batches[i], now())
    const counted = await collection(db, 'imports')
      .where({ _id: rec._id, status: 'staging' })
      .update({ staged: i + 1, touchedAt: now() })
    if (!counted.updated) {
      // A twin of this call (a double tap) counted it already, or the import was taken off.
      const there = await byId(db, 'imports', rec._id)
      if (there?.status !== 'staging') throw STOPPED(there)
    }
  }
  hooks.beforeCommit?.()
  const applied = await commit(db, rec, now)
  hooks.afterCommit?.()
  await finish(db, rec._id)
  return applied
}

class TargetGone extends Error {}

export function isConflict(err: unknown): boolean {
  return (
    !(err instanceof AppError) && /conflict|WriteConflict|transaction/i.test(String((err as Error)?.message))
  )
}

async function commit(db: Database, rec: ImportDoc, now: () => Date): Promise<ImportDoc> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(db, rec, now)
    } catch (err) {
      if (err instanceof TargetGone) {
        await discard(db, rec, now())
        throw new AppError('CONFLICT', `导入期间要修改的「${err.message}」已被删除，${CANCELLED}`)
      }
      if (!isConflict(err)) throw err
      if (attempt >= COMMIT_ATTEMPTS)
        throw new AppError(
          'CONFLICT',
          '导入时有人同时在修改网格、楼栋或人员，这次导入还没有生效；请稍后再点一次「确认导入」完成它（已写入的不会重复）',
        )
    }
  }
}

/** The current values of the fields the updates change, by `${collection}/${id}`. */
async function currentValues(db: Database, updates: ImportUpdate[]) {
  const _ = db.command
  const byCollection = new Map<string, string[]>()
  for (const u of updates) byCollection.set(u.collection, [...(byCollection.get(u.collection) ?? []), u.id])
  const found = await Promise.all(
    [...byCollection].map(async ([c, ids]) => {
      const res = await db
        .collection(c)
        .where({ _id: _.in(ids) })
        .limit(1000)
        .get()
      return (res.data as Record<string, unknown>[]).map((d) => [`${c}/${String(d._id)}`, d] as const)
    }),
  )
  return new Map(found.flat())
}

/** The one transaction: the changes to existing documents, and the record turning `applied`. */
async function commitOnce(db: Database, rec: ImportDoc, now: () => Date): Promise<ImportDoc> {
  const updates = rec.updates ?? []
  const tx = await db.startTransaction()
  try {
    const record = (await tx.collection(COLLECTIONS.imports).doc(rec._id).get()).data as ImportDoc | null
    if (record?.status !== 'staging') {
      await tx.rollback().catch(() => undefined)
      if (record && record.status !== 'discarded') return record
      throw STOPPED(record)
    }
    // Read after the transaction started: a change to one of them from here on conflicts with it.
    const current = await currentValues(db, updates)
    const writes: AppliedWrite[] = (rec.adds ?? []).map((a) => ({
      collection: a.collection,
      id: a.doc._id as string,
      kind: 'add',
    }))
    for (const u of updates) {
      const doc = current.get(`${u.collection}/${u.id}`)
      if (!doc) throw new TargetGone(u.id)
      await tx.collection(u.collection).doc(u.id).update(u.changes)
      const before = Object.fromEntries(Object.keys(u.changes).map((k) => [k, doc[k] ?? null]))
      writes.push({ collection: u.collection, id: u.id, kind: 'update', before })
    }
    const at = now()
    const done = { status: 'applied' as const, writes, appliedAt: at, touchedAt: at }
    await tx.collection(COLLECTIONS.imports).doc(rec._id).update(done)
    await tx.commit()
    return { ...record, ...done }
  } catch (err) {
    await tx.rollback().catch(() => undefined)
    throw err
  }
}
