/**
 * 注销账号: personal fields erased everywhere, files deleted, the requests and wishes kept in the
 * 台账 anonymised (已注销居民); afterwards the person is like a new user.
 */
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { DELETED_RESIDENT, DELETED_USER, replaceDeep } from '../../../src/domain/privacy'
import { isStaff } from '../../../src/domain/access'
import { removeUploadsOf } from '../uploads/actions'
import { removeDocumentsOf } from '../documents'
import type { ActionContext } from '../context'
import { allWhere, byId, collection, replacing, type Collections, type Database } from '../db'
import { derivedId } from '../ids'
import type { PhotoDoc, SignupDoc } from '../model'
import { footprint, secretsOf } from './footprint'

// ---- 注销账号 --------------------------------------------------------------------------------

/** What a deleted account's openid becomes in what stays: the same every time (idempotent). */
export function tombstoneOf(openid: string): string {
  return `deleted-${derivedId('deleted', openid)}`
}

/**
 * Rewrites `fields` of `doc` with the replacements, only if the document is still as read (its
 * `updatedAt` and outbox unchanged); re-reads and tries again if a move landed in between.
 */
async function scrubDoc<K extends 'requests' | 'wishes' | 'children'>(
  db: Database,
  name: K,
  doc: Collections[K],
  fields: (keyof Collections[K] & string)[],
  pairs: [string, string][],
  extra: Partial<Collections[K]> = {},
): Promise<void> {
  let current: Collections[K] | null = doc
  for (let attempt = 0; current && attempt < 5; attempt++) {
    const picked = Object.fromEntries(fields.filter((k) => k in current!).map((k) => [k, current![k]]))
    const changes = { ...replaceDeep(picked, pairs), ...extra }
    const guard: Record<string, unknown> = { _id: current._id }
    if (current.updatedAt) guard.updatedAt = current.updatedAt
    if ('outboxSeq' in current) guard.outboxSeq = current.outboxSeq
    const res = await collection(db, name).where(guard).update(replacing(db, changes))
    if (res.updated === 1) return
    current = await byId(db, name, doc._id)
  }
  if (current) throw new AppError('CONFLICT', '有记录正在办理中，请稍后再试')
}

export async function deleteAccount(
  _input: { confirm: string },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'me.delete'>> {
  const { db } = deps
  const _ = db.command
  const openid = caller.openid
  if (isStaff(caller.memberships))
    throw new AppError('FORBIDDEN', '网格工作人员的账号由社区管理员解除职务后才能注销，请联系社区')
  const f = await footprint(db, openid)
  const tomb = tombstoneOf(openid)
  const { names, phones } = secretsOf(f, openid)
  // Their photos go: the files (every upload they recorded, attached or not) and the entries on
  // requests and wishes that stay in the 台账 — a photo of someone's home is theirs, not evidence.
  await removeUploadsOf(deps, openid)
  // And the documents made for them that are still to be purged (their certificate, an export).
  await removeDocumentsOf(deps, openid)
  const photosOf = (d: { photos?: PhotoDoc[] }) => (d.photos ?? []).filter((p) => p.by !== openid)
  const erase = (as: string): [string, string][] => [
    ...names.map((n): [string, string] => [n, as]),
    ...phones.map((p): [string, string] => [p, '（已删除）']),
    [openid, tomb],
  ]

  // What stays in the 台账, anonymised: their requests and wishes, what they did on others'.
  const theirs = { residentName: DELETED_RESIDENT }
  const common = ['residentOpenid', 'events', 'outbox'] as const
  for (const d of f.requests)
    await scrubDoc(db, 'requests', d, [...common, 'description', 'ratingComment'], erase(DELETED_RESIDENT), {
      ...theirs,
      photos: photosOf(d),
    })
  for (const d of f.wishes)
    await scrubDoc(db, 'wishes', d, [...common, 'what', 'why'], erase(DELETED_RESIDENT), {
      ...theirs,
      photos: photosOf(d),
    })
  for (const d of f.recorded)
    await scrubDoc(db, 'requests', d, ['recordedBy', 'events', 'outbox'], erase(DELETED_USER))
  for (const d of f.claimed)
    await scrubDoc(db, 'wishes', d, ['claim', 'events', 'outbox', 'fulfilment'], erase(DELETED_USER), {
      photos: photosOf(d),
    })
  // Notices others received about those: their copies say the same without the name.
  const targets = [...f.requests, ...f.recorded, ...f.wishes, ...f.claimed].map((d) => d._id)
  if (targets.length) {
    const told = await allWhere(db, 'messages', {
      targetId: _.in(targets),
      openid: _.neq(openid),
    })
    for (const m of told) {
      const clean = replaceDeep({ title: m.title, body: m.body, fields: m.fields }, erase(DELETED_USER))
      if (JSON.stringify(clean) !== JSON.stringify({ title: m.title, body: m.body, fields: m.fields }))
        await collection(db, 'messages').doc(m._id).update(replacing(db, clean))
    }
  }
  for (const v of f.visits)
    await collection(db, 'visits')
      .doc(v._id)
      .update(replacing(db, { by: { openid: tomb, name: DELETED_USER } }))
  for (const s of f.signups) {
    const changes: Partial<SignupDoc> = { openid: tomb, name: DELETED_USER }
    if (s.collectedBy) changes.collectedBy = { name: DELETED_USER, relation: s.collectedBy.relation }
    await collection(db, 'signups').doc(s._id).update(replacing(db, changes))
  }
  // Children they alone look after go; others keep them, without this guardian.
  for (const c of f.children) {
    if (c.guardianOpenids.every((g) => g === openid)) await collection(db, 'children').doc(c._id).remove()
    else
      await scrubDoc(db, 'children', c, [], [], {
        collectors: c.collectors.filter((p) => p.openid !== openid),
        guardianOpenids: c.guardianOpenids.filter((g) => g !== openid),
      })
  }
  // Hours stay counted for their grid, under nobody's name.
  await collection(db, 'points').where({ openid }).update({ openid: tomb })
  await collection(db, 'accessLog').where({ subjectOpenid: openid }).update({ subjectOpenid: tomb })
  // A former grid worker: the roles' 台账 keeps what happened, not who.
  const gone = { openid: tomb, name: DELETED_USER }
  await collection(db, 'roleEvents')
    .where({ 'subject.openid': openid })
    .update(replacing(db, { subject: gone }))
  await collection(db, 'roleEvents')
    .where({ 'actor.openid': openid })
    .update(replacing(db, { actor: gone }))
  // The invitation they took named them, and so did its 邀请 entry in the roles' 台账.
  const used = await allWhere(db, 'invitations', { usedBy: openid })
  if (used.length) {
    const ids = used.map((u) => u._id)
    await collection(db, 'roleEvents')
      .where({ invitationId: _.in(ids) })
      .update(replacing(db, { subject: gone, note: '' }))
    await collection(db, 'invitations').where({ usedBy: openid }).update({ usedBy: tomb, name: DELETED_USER })
  }
  // A roster line they had taken (a 楼栋长 may leave): the community adds them again if need be.
  await collection(db, 'staff').where({ openid }).remove()
  for (const name of ['certificates', 'messages', 'subscriptions', 'rateLimits', 'memberships'] as const)
    await collection(db, name).where({ openid }).remove()
  await collection(db, 'consents').where({ _id: openid }).remove()
  // Last, so a retry after a failure still knows the names to erase.
  await collection(db, 'volunteers').where({ _id: openid }).remove()
  await collection(db, 'users').where({ _id: openid }).remove()
  return { deleted: true }
}
