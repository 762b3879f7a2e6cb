/**
 * Writes a small plan — one row of 逐条添加或修改, a handful of documents — in one database
 * transaction: all of it or none. A document someone else created or changed meanwhile makes the
 * commit fail (snapshot isolation), and the admin tries again. A whole workbook does not go this
 * way: its transaction could outlive CloudBase's 30 s; stage.ts writes it in batches instead.
 */
import { AppError } from '../../../src/domain/errors'
import type { Database } from '../db'
import type { AppliedWrite } from '../model'
import type { PlannedWrite } from './plan'

export interface ApplyHooks {
  /** Called before each write, in order; a throw here stands for a crash half-way (tests). */
  beforeWrite?: (index: number, write: PlannedWrite) => void
}

type Transaction = Awaited<ReturnType<Database['startTransaction']>>

export async function applyWrites(
  db: Database,
  writes: PlannedWrite[],
  hooks: ApplyHooks = {},
): Promise<AppliedWrite[]> {
  if (writes.length === 0) return []
  const applied: AppliedWrite[] = []
  const tx: Transaction = await db.startTransaction()
  try {
    for (const [i, w] of writes.entries()) {
      hooks.beforeWrite?.(i, w)
      const ref = tx.collection(w.collection).doc(w.id)
      if (w.kind === 'update' && w.changes) {
        const current = ((await ref.get()).data ?? {}) as Record<string, unknown>
        const before = Object.fromEntries(Object.keys(w.changes).map((k) => [k, current[k] ?? null]))
        await ref.update(w.changes)
        applied.push({ collection: w.collection, id: w.id, kind: 'update', before })
        continue
      }
      const existing = await ref.get()
      if (existing.data) throw new AppError('CONFLICT', '导入期间数据有变化，请重新预览后再导入')
      const { _id: _ignored, ...fields } = w.doc
      await ref.set(fields)
      applied.push({ collection: w.collection, id: w.id, kind: 'add' })
    }
    await tx.commit()
    return applied
  } catch (err) {
    await tx.rollback().catch(() => undefined)
    if (err instanceof AppError) throw err
    if (/conflict|WriteConflict|transaction/i.test(String((err as Error).message)))
      throw new AppError('CONFLICT', '导入期间数据有变化，请重新预览后再导入')
    throw err
  }
}
