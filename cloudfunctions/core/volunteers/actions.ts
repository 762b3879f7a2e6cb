/**
 * Volunteers and 双报到 party members: registration, my hours and points (summed from the
 * ledger, never a stored counter), and the admin's view of party members who have not served
 * this month.
 */
import { leadership } from '../../../src/domain/access'
import type { MyService } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { monthBounds } from '../../../src/domain/metrics'
import { maskPhone } from '../../../src/domain/privacy'
import { local } from '../../../src/domain/time'
import { active, getBuilding, withoutStreets } from '../community'
import type { ActionContext, Caller } from '../context'
import { type Database, collection } from '../db'
import type { MembershipDoc, PointsEntryDoc, VolunteerDoc } from '../model'
import { shownWhere } from '../staging'

const RECORDS = 50

async function communityOf(db: Database, caller: Caller): Promise<string> {
  if (caller.user?.buildingCode) return (await getBuilding(db, caller.user.buildingCode)).communityId
  const [id] = await withoutStreets(
    db,
    caller.memberships.map((m) => m.communityId),
  )
  if (!id) throw new AppError('FORBIDDEN', '请先扫描所住楼栋的二维码，再登记为志愿者')
  return id
}

export async function findVolunteer(db: Database, openid: string): Promise<VolunteerDoc | null> {
  const res = await collection(db, 'volunteers').doc(openid).get()
  return res.data?.[0] ?? null
}

/** Every ledger entry `where` finds, newest first (a person's year, a community's month). */
export async function ledger(db: Database, where: object): Promise<PointsEntryDoc[]> {
  const out: PointsEntryDoc[] = []
  for (;;) {
    const res = await collection(db, 'points')
      .where(where)
      .orderBy('at', 'desc')
      .skip(out.length)
      .limit(1000)
      .get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

export function ledgerSince(db: Database, openids: string[], since: Date): Promise<PointsEntryDoc[]> {
  if (openids.length === 0) return Promise.resolve([])
  const _ = db.command
  return ledger(db, { openid: _.in(openids), at: _.gte(since) })
}

function sum(entries: PointsEntryDoc[]) {
  return {
    points: entries.reduce((n, e) => n + e.points, 0),
    hours: entries.reduce((n, e) => n + e.hours, 0),
    services: entries.length,
  }
}

async function myService(db: Database, openid: string, at: Date): Promise<MyService> {
  const volunteer = await findVolunteer(db, openid)
  const yearStart = local(at).startOf('year').toDate()
  const monthStart = local(at).startOf('month').toDate()
  const year = await ledgerSince(db, [openid], yearStart)
  const month = year.filter((e) => new Date(e.at) >= monthStart)
  return {
    volunteer: volunteer && {
      name: volunteer.name,
      phone: maskPhone(volunteer.phone) ?? null,
      skills: volunteer.skills,
      availability: volunteer.availability,
      party: volunteer.party,
    },
    month: sum(month),
    year: sum(year),
    servedThisMonth: month.length > 0,
    records: year.slice(0, RECORDS).map((e) => ({
      at: new Date(e.at).toISOString(),
      reason: e.reason,
      points: e.points,
      hours: e.hours,
    })),
  }
}

export function getMyService(_input: Record<string, never>, { deps, caller }: ActionContext) {
  return myService(deps.db, caller.openid, deps.now())
}

/**
 * 登记为志愿者 (again: updates the details). Volunteering starts at once; a 双报到 party member
 * waits for the community admin to confirm the unit and branch.
 */
export async function registerVolunteer(
  input: {
    name: string
    phone: string
    skills: string[]
    availability: string
    idNumber?: string
    party?: { workUnit: string; branch: string }
  },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const at = now()
  const communityId = await communityOf(db, caller)
  const before = await findVolunteer(db, caller.openid)
  const sameParty =
    before?.party &&
    input.party &&
    before.party.workUnit === input.party.workUnit &&
    before.party.branch === input.party.branch
  const doc: Omit<VolunteerDoc, '_id'> = {
    communityId,
    name: input.name,
    phone: input.phone,
    skills: input.skills,
    availability: input.availability,
    idNumber: input.idNumber?.toUpperCase() ?? before?.idNumber ?? null,
    party: input.party ? { ...input.party, status: sameParty ? before.party!.status : 'pending' } : null,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
  }
  await collection(db, 'volunteers').doc(caller.openid).set(doc)
  await addRole(db, caller.openid, 'volunteer', communityId)
  if (!input.party) await removeRole(db, caller.openid, 'partyMember')
  return myService(db, caller.openid, at)
}

async function addRole(db: Database, openid: string, role: MembershipDoc['role'], communityId: string) {
  const m: MembershipDoc = { _id: `m-${role}-${openid}`, openid, role, communityId }
  // Already there (registered before): nothing to do.
  await collection(db, 'memberships')
    .add(m)
    .catch(async (err: unknown) => {
      const there = await collection(db, 'memberships').doc(m._id).get()
      if (!there.data?.length) throw err
    })
}

async function removeRole(db: Database, openid: string, role: MembershipDoc['role']) {
  await collection(db, 'memberships')
    .where({ _id: `m-${role}-${openid}` })
    .remove()
}

function adminOf(caller: Caller): string {
  const admin = caller.memberships.find((m) => m.role === 'communityAdmin')
  if (!admin) throw new AppError('FORBIDDEN', '只有社区管理员可以确认双报到党员')
  return admin.communityId
}

/** 双报到: who waits for confirmation, and who has (not yet) served this month. */
export async function partyMembers(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const _ = db.command
  const communityId = adminOf(caller)
  const res = await collection(db, 'volunteers')
    .where({ communityId, 'party.status': _.in(['pending', 'confirmed']) })
    .limit(1000)
    .get()
  const docs = res.data
  const confirmed = docs.filter((d) => d.party?.status === 'confirmed')
  const month = await ledgerSince(
    db,
    confirmed.map((d) => d._id),
    local(now()).startOf('month').toDate(),
  )
  const hours = new Map<string, number>()
  for (const e of month) hours.set(e.openid, (hours.get(e.openid) ?? 0) + e.hours)
  const view = (d: VolunteerDoc) => ({
    openid: d._id,
    name: d.name,
    workUnit: d.party?.workUnit ?? '',
    branch: d.party?.branch ?? '',
  })
  return {
    pending: docs.filter((d) => d.party?.status === 'pending').map(view),
    members: confirmed
      .map((d) => ({ ...view(d), servedThisMonth: hours.has(d._id), hoursThisMonth: hours.get(d._id) ?? 0 }))
      .sort(
        (a, b) => Number(a.servedThisMonth) - Number(b.servedThisMonth) || a.name.localeCompare(b.name, 'zh'),
      ),
  }
}

export async function confirmParty(
  input: { openid: string; approve: boolean },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const communityId = adminOf(caller)
  const doc = await findVolunteer(db, input.openid)
  if (!doc || doc.communityId !== communityId || !doc.party)
    throw new AppError('NOT_FOUND', '没有找到这位党员的登记')
  const res = await collection(db, 'volunteers')
    .where({ _id: input.openid, 'party.status': 'pending' })
    .update(
      input.approve ? { 'party.status': 'confirmed', updatedAt: now() } : { party: null, updatedAt: now() },
    )
  if (res.updated !== 1) throw new AppError('CONFLICT', '这位党员的登记已处理过了')
  if (input.approve) await addRole(db, input.openid, 'partyMember', communityId)
  return { ok: true }
}

/**
 * 排行: the community's grids for a month by volunteer service hours (from the ledger), each
 * with its three most active volunteers. Leaders and the admin see it.
 */
export async function rankings(input: { month: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  const lead = leadership(caller.memberships)[0]
  if (!lead) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看排行')
  const { start, end } = monthBounds(input.month)
  const [grids, entries] = await Promise.all([
    shownWhere(db, 'grids', { communityId: lead.communityId, level: 2 }).then(active),
    ledger(db, { communityId: lead.communityId, at: _.and(_.gte(start), _.lt(end)) }),
  ])
  const names = new Map<string, string>()
  const ids = [...new Set(entries.map((e) => e.openid))]
  if (ids.length) {
    const vols = await collection(db, 'volunteers')
      .where({ _id: _.in(ids) })
      .limit(1000)
      .get()
    for (const v of vols.data) names.set(v._id, v.name)
  }
  const rows = grids.map((g) => {
    const mine = entries.filter((e) => e.gridId === g._id)
    const perPerson = new Map<string, number>()
    for (const e of mine) perPerson.set(e.openid, (perPerson.get(e.openid) ?? 0) + e.hours)
    return {
      gridId: g._id,
      name: g.name,
      hours: mine.reduce((n, e) => n + e.hours, 0),
      services: mine.length,
      volunteers: perPerson.size,
      top: [...perPerson.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([openid, hours]) => ({ name: names.get(openid) ?? '志愿者', hours })),
    }
  })
  rows.sort((a, b) => b.hours - a.hours || b.services - a.services || a.gridId.localeCompare(b.gridId))
  return { grids: rows }
}
