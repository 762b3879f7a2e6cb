/** 撤销导入: the latest import taken back whole, within 72 hours, until what it added is in use. */
import { AppError } from '../../../src/domain/errors'
import { HOUR_MS } from '../../../src/domain/time'
import type { ActionContext } from '../context'
import { byId, COLLECTIONS, replacing, type CollectionName, type Database, collection } from '../db'
import type { AppliedWrite, ImportDoc } from '../model'
import { adminCommunity } from '../scopes'
import { addBatches, finish, isConflict, MAX_IMPORT_UPDATES, settle, take, type StageHooks } from './stage'

/** How long an import can be taken back: a mistake is found the same day, not next month. */
export const UNDO_IMPORT_HOURS = 72

/**
 * The community's latest import, if it is not undone yet: only the latest may be taken back. Imports
 * that never became visible (staging, discarded) are passed over; one being undone is still the latest.
 */
async function lastImport(db: Database, communityId: string): Promise<ImportDoc | null> {
  const res = await collection(db, 'imports')
    .where({ communityId })
    .orderBy('at', 'desc')
    .limit(10)
    .field({ status: true, undoneAt: true })
    .get()
  const last = res.data.find((i) => i.status !== 'staging' && i.status !== 'discarded')
  if (!last || last.undoneAt || last.status === 'undone') return null
  return byId(db, 'imports', last._id)
}

/** 上次导入: what can still be taken back (the latest import not undone, within 72 hours). */
export async function lastImportView(_input: object, ctx: ActionContext) {
  const communityId = adminCommunity(ctx.caller)
  const last = await lastImport(ctx.deps.db, communityId)
  const at = ctx.deps.now()
  if (!last || at.getTime() - new Date(last.at).getTime() > UNDO_IMPORT_HOURS * HOUR_MS) return { last: null }
  return {
    last: {
      at: new Date(last.at).toISOString(),
      byName: last.by.name,
      changes: last.writes.length,
      added: last.writes.filter((w) => w.kind === 'add').length,
    },
  }
}

/**
 * 撤销导入: takes the latest import back, whole — what it added is removed, what it changed gets
 * its old values. Refused, with the reason, once what it added is in use (a resident bound to an
 * added building, a request there, a role taken on an added line or grid).
 *
 * Whole as users see it, at any size, the way the import went in (stage.ts): what it added is
 * marked with the import's id in batches (still shown: the import is `undoing`), then one
 * transaction restores what it changed and turns the record `undone`, which hides every marked
 * document at once; they are removed afterwards. A stopped undo is taken up again by the next one.
 */
export async function undoImport(_input: object, ctx: ActionContext, hooks: StageHooks = {}) {
  const communityId = adminCommunity(ctx.caller)
  const { db, now } = ctx.deps
  const _ = db.command
  const at = now()
  const last = await lastImport(db, communityId)
  // Whatever else has the community in hand is settled (or refuses); an undo of this one that stopped is ours.
  await settle(db, communityId, at, last?._id)
  if (!last || at.getTime() - new Date(last.at).getTime() > UNDO_IMPORT_HOURS * HOUR_MS)
    throw new AppError('CONFLICT', `没有可以撤销的导入（只能撤销${UNDO_IMPORT_HOURS}小时内最近的一次）`)
  const added = (collection: string) =>
    last.writes.filter((w) => w.kind === 'add' && w.collection === collection).map((w) => w.id)
  const buildings = added(COLLECTIONS.buildings)
  const grids = added(COLLECTIONS.grids)
  const staff = added(COLLECTIONS.staff)
  // What already depends on the import, each with the words the admin reads; asked at once.
  const uses: [boolean, CollectionName, object, string][] = [
    [buildings.length > 0, 'users', { buildingCode: _.in(buildings) }, '已有居民绑定了导入的楼栋'],
    [buildings.length > 0, 'requests', { buildingCode: _.in(buildings) }, '导入的楼栋已有诉求'],
    [grids.length > 0, 'memberships', { gridId: _.in(grids) }, '已有人在导入的网格担任角色'],
    [staff.length > 0, 'staff', { _id: _.in(staff), openid: _.neq(null) }, '导入的人员已接受邀请'],
  ]
  const inUse = (
    await Promise.all(
      uses.map(async ([asked, name, where, words]) =>
        asked && (await collection(db, name).where(where).count()).total > 0 ? words : null,
      ),
    )
  ).filter((w): w is string => w !== null)
  if (inUse.length)
    throw new AppError('CONFLICT', `这次导入的内容已在使用（${inUse.join('；')}），不能整体撤销；请逐条修改`)
  const updates = last.writes.filter((w) => w.kind === 'update')
  if (updates.length > MAX_IMPORT_UPDATES)
    throw new AppError(
      'CONFLICT',
      `这次导入修改了${updates.length}条已有内容，一次最多能撤销${MAX_IMPORT_UPDATES}条，不能整体撤销；请逐条修改`,
    )
  await take(db, communityId, last._id, at)
  await collection(db, 'imports').doc(last._id).update({ status: 'undoing', touchedAt: at })
  try {
    const adds = last.writes.filter((w) => w.kind === 'add')
    const batches = addBatches(adds.map((w) => ({ collection: w.collection, doc: { _id: w.id } })))
    for (const [i, b] of batches.entries()) {
      hooks.beforeBatch?.(i)
      await db
        .collection(b.collection)
        .where({ _id: _.in(b.docs.map((d) => d._id)) })
        .update({ stagedBy: last._id })
    }
    hooks.beforeCommit?.()
    await hideAndRestore(db, last, updates, at)
  } catch (err) {
    // Nothing of it was visible yet: the import stays as it was (a crash instead is given up by the next one).
    if (err instanceof AppError || isConflict(err)) {
      await collection(db, 'imports')
        .where({ _id: last._id, status: 'undoing' })
        .update({ status: 'applied' })
      await finish(db, last._id)
      if (err instanceof AppError) throw err
      throw new AppError('CONFLICT', '撤销期间数据有变化，请稍后再试')
    }
    throw err
  }
  hooks.afterCommit?.()
  await finish(db, last._id)
  return { undone: last.writes.length, at: at.toISOString() }
}

/** The undo's one transaction: the old values back, the record `undone` (which hides what it added). */
async function hideAndRestore(db: Database, last: ImportDoc, updates: AppliedWrite[], at: Date) {
  const tx = await db.startTransaction()
  try {
    const record = (await tx.collection(COLLECTIONS.imports).doc(last._id).get()).data as ImportDoc | null
    if (record?.status !== 'undoing')
      throw new AppError('CONFLICT', `没有可以撤销的导入（只能撤销${UNDO_IMPORT_HOURS}小时内最近的一次）`)
    for (const w of updates)
      await tx
        .collection(w.collection)
        .doc(w.id)
        .update(replacing(db, w.before ?? {}))
    await tx
      .collection(COLLECTIONS.imports)
      .doc(last._id)
      .update({ status: 'undone', undoneAt: at, touchedAt: at })
    await tx.commit()
  } catch (err) {
    await tx.rollback().catch(() => undefined)
    throw err
  }
}
