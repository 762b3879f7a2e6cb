/** 撤销导入: the latest import taken back whole, within 72 hours, until what it added is in use. */
import { AppError } from '../../../src/domain/errors'
import { HOUR_MS } from '../../../src/domain/time'
import type { ActionContext } from '../context'
import { COLLECTIONS, replacing, type Database, collection } from '../db'
import type { ImportDoc } from '../model'
import { adminCommunity } from '../scopes'

/** How long an import can be taken back: a mistake is found the same day, not next month. */
export const UNDO_IMPORT_HOURS = 72

/** The community's latest import, if it is not undone yet: only the latest may be taken back. */
async function lastImport(db: Database, communityId: string): Promise<ImportDoc | null> {
  const res = await collection(db, 'imports').where({ communityId }).orderBy('at', 'desc').limit(1).get()
  const last = res.data[0]
  return last && !last.undoneAt ? last : null
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
 * its old values — in one transaction. Refused, with the reason, once what it added is in use (a
 * resident bound to an added building, a request there, a role taken on an added line or grid).
 */
export async function undoImport(_input: object, ctx: ActionContext) {
  const communityId = adminCommunity(ctx.caller)
  const { db, now } = ctx.deps
  const _ = db.command
  const at = now()
  const last = await lastImport(db, communityId)
  if (!last || at.getTime() - new Date(last.at).getTime() > UNDO_IMPORT_HOURS * HOUR_MS)
    throw new AppError('CONFLICT', `没有可以撤销的导入（只能撤销${UNDO_IMPORT_HOURS}小时内最近的一次）`)
  const added = (collection: string) =>
    last.writes.filter((w) => w.kind === 'add' && w.collection === collection).map((w) => w.id)
  const buildings = added(COLLECTIONS.buildings)
  const grids = added(COLLECTIONS.grids)
  const staff = added(COLLECTIONS.staff)
  const inUse: string[] = []
  if (buildings.length) {
    if (
      (
        await collection(db, 'users')
          .where({ buildingCode: _.in(buildings) })
          .count()
      ).total
    )
      inUse.push('已有居民绑定了导入的楼栋')
    if (
      (
        await collection(db, 'requests')
          .where({ buildingCode: _.in(buildings) })
          .count()
      ).total
    )
      inUse.push('导入的楼栋已有诉求')
  }
  if (
    grids.length &&
    (
      await collection(db, 'memberships')
        .where({ gridId: _.in(grids) })
        .count()
    ).total
  )
    inUse.push('已有人在导入的网格担任角色')
  if (
    staff.length &&
    (
      await collection(db, 'staff')
        .where({ _id: _.in(staff), openid: _.neq(null) })
        .count()
    ).total
  )
    inUse.push('导入的人员已接受邀请')
  if (inUse.length)
    throw new AppError('CONFLICT', `这次导入的内容已在使用（${inUse.join('；')}），不能整体撤销；请逐条修改`)
  const tx = await db.startTransaction()
  try {
    // Backwards: a grid added before its buildings goes after them.
    for (const w of [...last.writes].reverse()) {
      const ref = tx.collection(w.collection).doc(w.id)
      if (w.kind === 'add') await ref.remove()
      else await ref.update(replacing(db, w.before ?? {}))
    }
    await tx.collection(COLLECTIONS.imports).doc(last._id).update({ undoneAt: at })
    await tx.commit()
  } catch (err) {
    await tx.rollback().catch(() => undefined)
    if (/conflict|WriteConflict|transaction/i.test(String((err as Error).message)))
      throw new AppError('CONFLICT', '撤销期间数据有变化，请稍后再试')
    throw err
  }
  return { undone: last.writes.length, at: at.toISOString() }
}
