/**
 * 四点半课堂 children: a guardian registers a child once (name, age, grade, allergies) with who may
 * collect them, then signs the child up for sessions. Notifications about the child's place go to
 * the guardian; check-out hands the child only to someone on this list.
 */
import { AppError } from '../../../src/domain/errors'
import type { ActionContext, Caller } from '../context'
import type { Database } from '../db'
import { derivedId } from '../ids'
import type { ChildDoc } from '../model'
import { active, communitiesOf, withoutStreets } from '../community'
import { children, childrenOf } from './store'
import { childView, type ChildView } from './views'

interface Person {
  name: string
  relation: string
  phone: string
}

async function communityOf(db: Database, caller: Caller): Promise<string> {
  const [id] = await withoutStreets(db, await communitiesOf(db, caller))
  if (!id) throw new AppError('FORBIDDEN', '请先扫描楼栋二维码')
  return id
}

export async function registerChild(
  input: {
    requestId: string
    name: string
    age: number
    grade: string
    allergies: string
    notes: string
    guardian: Person
    others: Person[]
  },
  { deps, caller }: ActionContext,
): Promise<ChildView> {
  const { db, now } = deps
  const col = children(db)
  const id = derivedId('child', caller.openid, input.requestId)
  const existing = await col.doc(id).get()
  if (existing.data?.length) return childView(existing.data[0], true)
  const communityId = await communityOf(db, caller)
  const mine = await childrenOf(db, caller.openid)
  const same = mine.find((c) => c.name === input.name)
  if (same?.retired)
    throw new AppError('CONFLICT', `${input.name}的登记已被社区停用，请联系社区恢复`, {
      name: '这个孩子的登记已停用',
    })
  if (same)
    throw new AppError('CONFLICT', `已登记过${input.name}，无需重复登记`, { name: '已登记过这个孩子' })
  const at = now()
  const doc: ChildDoc = {
    _id: id,
    requestId: input.requestId,
    communityId,
    name: input.name,
    age: input.age,
    grade: input.grade,
    allergies: input.allergies,
    notes: input.notes,
    collectors: [
      { id: 'g0', openid: caller.openid, ...input.guardian },
      ...input.others.map((p, i) => ({ id: `g${i + 1}`, openid: null, ...p })),
    ],
    guardianOpenids: [caller.openid],
    createdAt: at,
    updatedAt: at,
  }
  try {
    await col.add(doc)
  } catch (err) {
    const again = await col.doc(id).get()
    if (!again.data?.length) throw err
  }
  return childView(doc, true)
}

export async function listChildren(_input: Record<string, never>, { deps, caller }: ActionContext) {
  // A child the community retired (moved away) is no longer offered for sign-up.
  return { items: active(await childrenOf(deps.db, caller.openid)).map((c) => childView(c, true)) }
}
