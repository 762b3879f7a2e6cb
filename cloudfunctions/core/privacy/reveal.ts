/**
 * 查看完整号码: everywhere a phone is shown masked, those who need the whole number (to call) ask
 * for it here — the assignee handling a request, the community admin, a session's organiser at a
 * child's check-out — and every answer is written to the access log first (who saw whose number,
 * as what, on what, when). Anyone else is refused and nothing is logged.
 */
import { randomBytes } from 'node:crypto'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import type { RevealKind } from '../../../src/domain/privacy'
import { isAdminOf } from '../../../src/domain/access'
import type { ActionContext, Caller } from '../context'
import { allWhere, byId, byIds, type Database, collection } from '../db'
import type { AccessLogDoc } from '../model'
import { runsOnTheDay } from '../activities/access'
import { servedWhere } from '../fieldlog/store'
import { loadVisible, relationsOf } from '../requests/store'
import { holdsClaim, wishContact } from '../wishes/contact'

type Revealed = ActionOutput<'person.reveal'>

interface Found {
  /** Whose number (for the log). */
  subject: string
  name: string
  phone: string | undefined
  /** The caller's standing that allows it, or null: refused. */
  as: string | null
  /** Why refused, where the general words do not fit. */
  refused?: string
}

const NOT_FOUND = () => new AppError('NOT_FOUND', '找不到这条记录，或您无权查看')

async function requestResident(db: Database, caller: Caller, id: string): Promise<Found> {
  const doc = await loadVisible(db, id, caller)
  const r = relationsOf(doc, caller)
  const user = await byId(db, 'users', doc.residentOpenid)
  // The one calling back while handling it (a unit called in, once it has reported in); a leader
  // calling a 代录 resident back; the admin.
  const as =
    r.has('assignee') && r.has('handler') && doc.status === 'accepted'
      ? 'assignee'
      : r.has('unit') && doc.unit?.state === 'accepted'
        ? 'unit'
        : r.has('proxy')
          ? 'proxy'
          : isAdminOf(caller.memberships, doc.communityId)
            ? 'communityAdmin'
            : null
  return { subject: doc.residentOpenid, name: user?.name ?? doc.residentName, phone: user?.phone, as }
}

async function wishClaimant(db: Database, caller: Caller, id: string): Promise<Found> {
  const doc = await byId(db, 'wishes', id)
  if (!doc?.claim) throw NOT_FOUND()
  const [volunteer, user] = await Promise.all([
    byId(db, 'volunteers', doc.claim.openid),
    byId(db, 'users', doc.claim.openid),
  ])
  const as =
    doc.residentOpenid === caller.openid
      ? 'resident'
      : caller.memberships.some((m) => m.role === 'gridMember' && m.gridId === doc.gridId)
        ? 'gridMember'
        : isAdminOf(caller.memberships, doc.communityId)
          ? 'communityAdmin'
          : null
  return { subject: doc.claim.openid, name: doc.claim.name, phone: volunteer?.phone ?? user?.phone, as }
}

/** The hand-off: the claimant, while the claim lasts, calls the resident or the grid (wishes/contact.ts). */
async function wishContactOf(db: Database, caller: Caller, id: string): Promise<Found> {
  const doc = await byId(db, 'wishes', id)
  if (!doc) throw NOT_FOUND()
  const refused = '只有正在认领这个心愿的志愿者可以查看联系电话'
  if (!holdsClaim(doc, caller.openid)) return { subject: '', name: '', phone: undefined, as: null, refused }
  const contact = await wishContact(db, doc)
  if (!contact?.phone) throw new AppError('NOT_FOUND', '网格员还没有公示电话，请到社区居委会联系')
  return { subject: contact.subject, name: contact.name, phone: contact.phone, as: 'claimant' }
}

async function childCollector(
  db: Database,
  caller: Caller,
  id: string,
  collectorId: string | undefined,
): Promise<Found> {
  const child = await byId(db, 'children', id)
  const who = child?.collectors.find((p) => p.id === collectorId)
  if (!child || !who) throw NOT_FOUND()
  let as: string | null = child.guardianOpenids.includes(caller.openid)
    ? 'guardian'
    : isAdminOf(caller.memberships, child.communityId)
      ? 'communityAdmin'
      : null
  if (!as) {
    // The organiser (or a co-organiser) of a session the child is signed up for: hands the child over.
    const signups = await collection(db, 'signups').where({ childId: child._id }).limit(100).get()
    const ids = [...new Set(signups.data.map((s) => s.sessionId))]
    const sessions = await byIds(db, 'sessions', ids)
    if (sessions.some((s) => runsOnTheDay(caller, s))) as = 'organiser'
  }
  return { subject: who.openid ?? `${child._id}:${who.id}`, name: who.name, phone: who.phone, as }
}

async function volunteer(db: Database, caller: Caller, id: string): Promise<Found> {
  const doc = await byId(db, 'volunteers', id)
  if (!doc) throw NOT_FOUND()
  return {
    subject: id,
    name: doc.name,
    phone: doc.phone,
    as: isAdminOf(caller.memberships, doc.communityId) ? 'communityAdmin' : null,
  }
}

/** 民情日志: a household's contact, for whoever the grid serving its building is (as for its entries). */
async function householdContact(db: Database, caller: Caller, id: string): Promise<Found> {
  const where = servedWhere(db, caller)
  const [doc] = where ? await allWhere(db, 'households', db.command.and([{ _id: id }, where])) : []
  if (!doc) throw NOT_FOUND()
  return {
    subject: `household:${doc._id}`,
    name: doc.contactName,
    phone: doc.contactPhone ?? undefined,
    as: isAdminOf(caller.memberships, doc.communityId) ? 'communityAdmin' : 'gridStaff',
  }
}

export async function revealPerson(
  input: { kind: RevealKind; id: string; collectorId?: string },
  { deps, caller }: ActionContext,
): Promise<Revealed> {
  const { db, now } = deps
  const found =
    input.kind === 'requestResident'
      ? await requestResident(db, caller, input.id)
      : input.kind === 'wishClaimant'
        ? await wishClaimant(db, caller, input.id)
        : input.kind === 'wishContact'
          ? await wishContactOf(db, caller, input.id)
          : input.kind === 'childCollector'
            ? await childCollector(db, caller, input.id, input.collectorId)
            : input.kind === 'household'
              ? await householdContact(db, caller, input.id)
              : await volunteer(db, caller, input.id)
  if (!found.as)
    throw new AppError('FORBIDDEN', found.refused ?? '只有负责办理的工作人员和社区管理员可以查看完整号码')
  if (!found.phone) throw new AppError('NOT_FOUND', '没有登记电话号码')
  const at = now()
  const entry: AccessLogDoc = {
    _id: `${at.getTime()}-${randomBytes(6).toString('hex')}`,
    viewerOpenid: caller.openid,
    viewerRole: found.as,
    subjectOpenid: found.subject,
    field: 'phone',
    kind: input.kind,
    targetId: input.id,
    at,
  }
  // Logged before it is shown: no log, no number.
  await collection(db, 'accessLog').add(entry)
  return { name: found.name, phone: found.phone }
}
