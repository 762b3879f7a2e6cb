/**
 * 个人信息保护法 for a resident: the consent to the 隐私政策, everything stored about them
 * (导出我的数据), and deleting the account (注销账号) — personal fields erased everywhere, the
 * requests and wishes kept in the 台账 anonymised, and afterwards they are like a new user.
 */
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import {
  DELETED_RESIDENT,
  DELETED_USER,
  maskName,
  maskPhone,
  PRIVACY_VERSION,
  replaceDeep,
} from '../../../src/domain/privacy'
import { isStaff } from '../../../src/domain/access'
import { removeUploadsOf } from './uploads'
import type { ActionContext } from '../context'
import { allWhere, byId, COLLECTIONS, replacing, type Database } from '../db'
import { derivedId } from '../ids'
import type {
  AccessLogDoc,
  CertificateDoc,
  ChildDoc,
  ConsentDoc,
  MembershipDoc,
  MessageDoc,
  PhotoDoc,
  PointsEntryDoc,
  RequestDoc,
  SignupDoc,
  SubscriptionDoc,
  UserDoc,
  VisitDoc,
  VolunteerDoc,
  WishDoc,
} from '../model'

type Doc = { _id: string }

export async function recordConsent(
  input: { version: string },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'me.consent'>> {
  const { db, now } = deps
  if (input.version !== PRIVACY_VERSION) throw new AppError('CONFLICT', '隐私政策已更新，请重新阅读后再同意')
  const at = now()
  const col = db.collection(COLLECTIONS.consents)
  const _ = db.command
  // The same version again changes nothing (a double tap); a new one is added to the history.
  const res = await col
    .where({ _id: caller.openid, version: _.neq(input.version) })
    .update({ version: input.version, at, history: _.push([{ version: input.version, at }]) })
  if (res.updated === 0) {
    const doc: ConsentDoc = {
      _id: caller.openid,
      version: input.version,
      at,
      history: [{ version: input.version, at }],
    }
    await col.add(doc).catch(async (err: unknown) => {
      if (!(await byId<ConsentDoc>(db, COLLECTIONS.consents, caller.openid))) throw err
    })
  }
  const stored = (await byId<ConsentDoc>(db, COLLECTIONS.consents, caller.openid)) as ConsentDoc
  return { version: stored.version, at: new Date(stored.at).toISOString() }
}

// ---- everything about one person ------------------------------------------------------------

interface Footprint {
  user: UserDoc | null
  memberships: MembershipDoc[]
  consent: ConsentDoc | null
  requests: RequestDoc[]
  /** Requests they filed for someone else (an elder seen on a visit). */
  recorded: RequestDoc[]
  wishes: WishDoc[]
  claimed: WishDoc[]
  volunteer: VolunteerDoc | null
  points: PointsEntryDoc[]
  certificates: CertificateDoc[]
  signups: SignupDoc[]
  children: ChildDoc[]
  visits: VisitDoc[]
  messages: MessageDoc[]
  subscriptions: SubscriptionDoc[]
  accessLog: AccessLogDoc[]
}

async function footprint(db: Database, openid: string): Promise<Footprint> {
  const C = COLLECTIONS
  const [user, memberships, consent, requests, recorded, wishes, claimed, volunteer] = await Promise.all([
    byId<UserDoc>(db, C.users, openid),
    allWhere<MembershipDoc>(db, C.memberships, { openid }),
    byId<ConsentDoc>(db, C.consents, openid),
    allWhere<RequestDoc>(db, C.requests, { residentOpenid: openid }),
    allWhere<RequestDoc>(db, C.requests, { 'recordedBy.openid': openid }),
    allWhere<WishDoc>(db, C.wishes, { residentOpenid: openid }),
    allWhere<WishDoc>(db, C.wishes, { 'claim.openid': openid }),
    byId<VolunteerDoc>(db, C.volunteers, openid),
  ])
  const [points, certificates, signups, children, visits, messages, subscriptions, accessLog] =
    await Promise.all([
      allWhere<PointsEntryDoc>(db, C.points, { openid }),
      allWhere<CertificateDoc>(db, C.certificates, { openid }),
      allWhere<SignupDoc>(db, C.signups, { openid }),
      allWhere<ChildDoc>(db, C.children, { guardianOpenids: openid }),
      allWhere<VisitDoc>(db, C.visits, { 'by.openid': openid }),
      allWhere<MessageDoc>(db, C.messages, { openid }),
      allWhere<SubscriptionDoc>(db, C.subscriptions, { openid }),
      allWhere<AccessLogDoc>(db, C.accessLog, { subjectOpenid: openid }),
    ])
  return {
    user,
    memberships,
    consent,
    requests,
    recorded,
    wishes,
    claimed,
    volunteer,
    points,
    certificates,
    signups,
    children,
    visits,
    messages,
    subscriptions,
    accessLog,
  }
}

/** The person's own names and phones: what must not survive them. */
function secretsOf(f: Footprint, openid: string): { names: string[]; phones: string[] } {
  const mine = f.children.flatMap((c) => c.collectors.filter((p) => p.openid === openid))
  const names = [
    f.user?.name,
    f.volunteer?.name,
    ...mine.map((p) => p.name),
    ...f.certificates.map((c) => c.name),
  ]
  const phones = [f.user?.phone, f.volunteer?.phone, ...mine.map((p) => p.phone)]
  const uniq = (xs: (string | undefined)[], min: number) => [
    ...new Set(xs.filter((x): x is string => !!x && Array.from(x).length >= min)),
  ]
  return { names: uniq(names, 2), phones: uniq(phones, 7) }
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null)

/** Other people's names on these documents (handlers, claimants, recorders, collectors). */
function othersNames(f: Footprint, openid: string): string[] {
  const names = new Set<string>()
  for (const d of [...f.requests, ...f.recorded, ...f.wishes, ...f.claimed]) {
    for (const e of d.events) if (e.actorOpenid !== openid) names.add(e.actorName)
    if ('assigneeName' in d && d.assigneeName) names.add(d.assigneeName)
    if (d.recordedBy && d.recordedBy.openid !== openid) names.add(d.recordedBy.name)
    if ('claim' in d && d.claim && d.claim.openid !== openid) names.add(d.claim.name)
  }
  for (const d of [...f.recorded, ...f.claimed]) if (d.residentOpenid !== openid) names.add(d.residentName)
  for (const c of f.children) for (const p of c.collectors) if (p.openid !== openid) names.add(p.name)
  return [...names].filter((n) => Array.from(n).length >= 2)
}

function events(d: RequestDoc | WishDoc, openid: string) {
  return d.events.map((e) => ({
    at: iso(e.at),
    type: e.type,
    by: e.actorOpenid === openid ? '本人' : maskName(e.actorName),
    from: e.from,
    to: e.to,
    note: e.note,
  }))
}

const photos = (p: { fileID: string; stage: string; at: Date }[] | undefined) =>
  (p ?? []).map((x) => ({ fileID: x.fileID, stage: x.stage, at: iso(x.at) }))

function exportData(f: Footprint, openid: string) {
  const u = f.user
  return {
    account: u && {
      openid,
      name: u.name,
      phone: u.phone ?? null,
      building: u.buildingCode ?? null,
      room: u.room ?? null,
      createdAt: iso(u.createdAt),
      updatedAt: iso(u.updatedAt),
    },
    roles: f.memberships.map((m) => ({ role: m.role, communityId: m.communityId, gridId: m.gridId ?? null })),
    privacyConsent: f.consent && {
      version: f.consent.version,
      at: iso(f.consent.at),
      history: f.consent.history.map((h) => ({ version: h.version, at: iso(h.at) })),
    },
    requests: f.requests.map((d) => ({
      no: d.no,
      category: d.category,
      description: d.description,
      building: d.buildingName,
      grid: d.gridName,
      status: d.status,
      createdAt: iso(d.createdAt),
      resolvedAt: iso(d.resolvedAt),
      resolutionNote: d.resolutionNote,
      rating: d.rating,
      ratingComment: d.ratingComment,
      photos: photos(d.photos?.filter((p) => p.by === openid)),
      events: events(d, openid),
    })),
    requestsFiledForOthers: f.recorded.map((d) => ({
      no: d.no,
      description: d.description,
      status: d.status,
      createdAt: iso(d.createdAt),
    })),
    wishes: f.wishes.map((d) => ({
      category: d.category,
      what: d.what,
      why: d.why,
      building: d.buildingName,
      status: d.status,
      createdAt: iso(d.createdAt),
      rejectReason: d.rejectReason,
      claimedBy: d.claim ? maskName(d.claim.name) : null,
      fulfilment: d.fulfilment && { note: d.fulfilment.note, at: iso(d.fulfilment.at) },
      photos: photos(d.photos?.filter((p) => p.by === openid)),
      events: events(d, openid),
    })),
    wishesClaimed: f.claimed.map((d) => ({
      what: d.what,
      grid: d.gridName,
      status: d.status,
      claimedAt: iso(d.claim?.at),
      promisedBy: iso(d.claim?.promisedBy),
      fulfilment: d.fulfilment && { note: d.fulfilment.note, at: iso(d.fulfilment.at) },
    })),
    volunteer: f.volunteer && {
      name: f.volunteer.name,
      phone: f.volunteer.phone,
      skills: f.volunteer.skills,
      availability: f.volunteer.availability,
      idNumber: f.volunteer.idNumber ?? null,
      party: f.volunteer.party,
      createdAt: iso(f.volunteer.createdAt),
    },
    points: f.points.map((e) => ({ at: iso(e.at), reason: e.reason, points: e.points, hours: e.hours })),
    certificates: f.certificates.map((c) => ({
      serial: c._id,
      name: c.name,
      hours: c.hours,
      issuedAt: iso(c.issuedAt),
    })),
    signups: f.signups.map((s) => ({
      sessionId: s.sessionId,
      role: s.role,
      name: s.name,
      status: s.status,
      checkInAt: iso(s.checkInAt),
      checkOutAt: iso(s.checkOutAt),
      hours: s.hours,
      createdAt: iso(s.createdAt),
    })),
    children: f.children.map((c) => ({
      name: c.name,
      age: c.age,
      grade: c.grade,
      allergies: c.allergies,
      notes: c.notes,
      collectors: c.collectors.map((p) =>
        p.openid === openid
          ? { name: p.name, relation: p.relation, phone: p.phone, me: true }
          : { name: maskName(p.name), relation: p.relation, phone: maskPhone(p.phone) ?? '', me: false },
      ),
      createdAt: iso(c.createdAt),
    })),
    visitsLogged: f.visits.map((v) => ({
      sessionId: v.sessionId,
      status: v.status,
      seen: v.seen,
      wellbeing: v.wellbeing,
      needs: v.needs,
      note: v.note,
      at: iso(v.at),
    })),
    messages: f.messages.map((m) => ({
      title: m.title,
      body: m.body,
      subject: m.subject,
      createdAt: iso(m.createdAt),
      read: m.read,
      push: m.push,
    })),
    subscriptions: f.subscriptions.map((s) => ({ template: s.template, grants: s.grants })),
    /** Who saw my whole phone number, as what, on what, when (not who by name). */
    accessLog: f.accessLog.map((a) => ({ by: a.viewerRole, field: a.field, kind: a.kind, at: iso(a.at) })),
  }
}

export async function exportMyData(
  _input: Record<string, never>,
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'me.export'>> {
  const f = await footprint(deps.db, caller.openid)
  const raw = exportData(f, caller.openid)
  // Anyone else named in free text (a note, a message) is masked as well.
  const mine = new Set(secretsOf(f, caller.openid).names)
  const data = replaceDeep(
    raw,
    othersNames(f, caller.openid)
      .filter((n) => !mine.has(n))
      .map((n) => [n, maskName(n)]),
  )
  const counts = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.length : v ? 1 : 0]),
  )
  return { exportedAt: deps.now().toISOString(), counts, data }
}

// ---- 注销账号 --------------------------------------------------------------------------------

/** What a deleted account's openid becomes in what stays: the same every time (idempotent). */
export function tombstoneOf(openid: string): string {
  return `deleted-${derivedId('deleted', openid)}`
}

/**
 * Rewrites `fields` of `doc` with the replacements, only if the document is still as read (its
 * `updatedAt` and outbox unchanged); re-reads and tries again if a move landed in between.
 */
async function scrubDoc<T extends Doc & { updatedAt?: Date; outboxSeq?: number }>(
  db: Database,
  collection: string,
  doc: T,
  fields: (keyof T & string)[],
  pairs: [string, string][],
  extra: Partial<T> = {},
): Promise<void> {
  let current: T | null = doc
  for (let attempt = 0; current && attempt < 5; attempt++) {
    const picked = Object.fromEntries(fields.filter((k) => k in current!).map((k) => [k, current![k]]))
    const changes = { ...replaceDeep(picked, pairs), ...extra }
    const guard: Record<string, unknown> = { _id: current._id }
    if (current.updatedAt) guard.updatedAt = current.updatedAt
    if (typeof current.outboxSeq === 'number') guard.outboxSeq = current.outboxSeq
    const res = await db.collection(collection).where(guard).update(replacing(db, changes))
    if (res.updated === 1) return
    current = await byId<T>(db, collection, doc._id)
  }
  if (current) throw new AppError('CONFLICT', '有记录正在办理中，请稍后再试')
}

export async function deleteAccount(
  _input: { confirm: string },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'me.delete'>> {
  const { db } = deps
  const C = COLLECTIONS
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
    await scrubDoc(db, C.requests, d, [...common, 'description', 'ratingComment'], erase(DELETED_RESIDENT), {
      ...theirs,
      photos: photosOf(d),
    })
  for (const d of f.wishes)
    await scrubDoc(db, C.wishes, d, [...common, 'what', 'why'], erase(DELETED_RESIDENT), {
      ...theirs,
      photos: photosOf(d),
    })
  for (const d of f.recorded)
    await scrubDoc(db, C.requests, d, ['recordedBy', 'events', 'outbox'], erase(DELETED_USER))
  for (const d of f.claimed)
    await scrubDoc(db, C.wishes, d, ['claim', 'events', 'outbox', 'fulfilment'], erase(DELETED_USER), {
      photos: photosOf(d),
    })
  // Notices others received about those: their copies say the same without the name.
  const targets = [...f.requests, ...f.recorded, ...f.wishes, ...f.claimed].map((d) => d._id)
  if (targets.length) {
    const told = await allWhere<MessageDoc>(db, C.messages, {
      targetId: _.in(targets),
      openid: _.neq(openid),
    })
    for (const m of told) {
      const clean = replaceDeep({ title: m.title, body: m.body, fields: m.fields }, erase(DELETED_USER))
      if (JSON.stringify(clean) !== JSON.stringify({ title: m.title, body: m.body, fields: m.fields }))
        await db.collection(C.messages).doc(m._id).update(replacing(db, clean))
    }
  }
  for (const v of f.visits)
    await db
      .collection(C.visits)
      .doc(v._id)
      .update(replacing(db, { by: { openid: tomb, name: DELETED_USER } }))
  for (const s of f.signups) {
    const changes: Partial<SignupDoc> = { openid: tomb, name: DELETED_USER }
    if (s.collectedBy) changes.collectedBy = { name: DELETED_USER, relation: s.collectedBy.relation }
    await db.collection(C.signups).doc(s._id).update(replacing(db, changes))
  }
  // Children they alone look after go; others keep them, without this guardian.
  for (const c of f.children) {
    if (c.guardianOpenids.every((g) => g === openid)) await db.collection(C.children).doc(c._id).remove()
    else
      await scrubDoc(db, C.children, c, [], [], {
        collectors: c.collectors.filter((p) => p.openid !== openid),
        guardianOpenids: c.guardianOpenids.filter((g) => g !== openid),
      })
  }
  // Hours stay counted for their grid, under nobody's name.
  await db.collection(C.points).where({ openid }).update({ openid: tomb })
  await db.collection(C.accessLog).where({ subjectOpenid: openid }).update({ subjectOpenid: tomb })
  // A former grid worker: the roles' 台账 keeps what happened, not who.
  const gone = { openid: tomb, name: DELETED_USER }
  await db
    .collection(C.roleEvents)
    .where({ 'subject.openid': openid })
    .update(replacing(db, { subject: gone }))
  await db
    .collection(C.roleEvents)
    .where({ 'actor.openid': openid })
    .update(replacing(db, { actor: gone }))
  // The invitation they took named them, and so did its 邀请 entry in the roles' 台账.
  const used = await allWhere<{ _id: string }>(db, C.invitations, { usedBy: openid })
  if (used.length) {
    const ids = used.map((u) => u._id)
    await db
      .collection(C.roleEvents)
      .where({ invitationId: _.in(ids) })
      .update(replacing(db, { subject: gone, note: '' }))
    await db.collection(C.invitations).where({ usedBy: openid }).update({ usedBy: tomb, name: DELETED_USER })
  }
  // A roster line they had taken (a 楼栋长 may leave): the community adds them again if need be.
  await db.collection(C.staff).where({ openid }).remove()
  for (const name of [C.certificates, C.messages, C.subscriptions, C.rateLimits, C.memberships] as const)
    await db.collection(name).where({ openid }).remove()
  await db.collection(C.consents).where({ _id: openid }).remove()
  // Last, so a retry after a failure still knows the names to erase.
  await db.collection(C.volunteers).where({ _id: openid }).remove()
  await db.collection(C.users).where({ _id: openid }).remove()
  return { deleted: true }
}
