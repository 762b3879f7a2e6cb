/** 导出我的数据: everything stored about me, as I may read it (others' names masked). */
import type { ActionOutput } from '../../../src/domain/contract'
import { maskName, maskPhone, replaceDeep } from '../../../src/domain/privacy'
import { contentLabelName } from '../../../src/domain/usertext'
import type { ActionContext } from '../context'
import type { RequestDoc, WishDoc } from '../model'
import { Footprint, footprint, secretsOf } from './footprint'

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

export function events(d: RequestDoc | WishDoc, openid: string) {
  return d.events.map((e) => ({
    at: iso(e.at),
    type: e.type,
    by: e.actorOpenid === openid ? '本人' : maskName(e.actorName),
    from: e.from,
    to: e.to,
    note: e.note,
  }))
}

export const photos = (p: { fileID: string; stage: string; at: Date }[] | undefined) =>
  (p ?? []).map((x) => ({ fileID: x.fileID, stage: x.stage, at: iso(x.at) }))

/** A person's own part of a request or wish: the photos they took and its 台账 as they may read it. */
const theirs = (d: RequestDoc | WishDoc, openid: string) => ({
  photos: photos(d.photos?.filter((p) => p.by === openid)),
  events: events(d, openid),
})

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
      // 治安线索: handled by the community, and what the content check found in it.
      sensitive: !!d.sensitive,
      contentLabel: contentLabelName(d.contentLabel),
      status: d.status,
      createdAt: iso(d.createdAt),
      resolvedAt: iso(d.resolvedAt),
      resolutionNote: d.resolutionNote,
      rating: d.rating,
      ratingComment: d.ratingComment,
      ...theirs(d, openid),
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
      ...theirs(d, openid),
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
