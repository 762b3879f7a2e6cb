/**
 * 保存期限, enforced (src/domain/retention.ts): each row with a period, in the nightly hour. Every
 * run takes at most RETENTION_BATCH records per kind, oldest first, so a long backlog (the first
 * night after years of data) is worked off over the hour's runs and the following nights — each
 * record's own conditional write marks it done (`anonymisedAt`, `photosPurgedAt`) or removes it, so
 * a run cut short resumes where it stopped and a second run changes nothing already done.
 *
 * Anonymising removes names, phones, free text and openids, and keeps category, tier, building,
 * grids, dates, status and the 台账's event types and times — what 网格绩效 reads — so its figures
 * are the same after. Updates leave `updatedAt` as it was: the board picks a month's requests by it.
 */
import {
  ANONYMISED_NAME as NAME,
  ANONYMISED_OPENID as OPENID,
  ANONYMISED_TEXT as TEXT,
  RETENTION,
  retentionCutoff,
  SCHEDULED_RETENTION,
  type ScheduledRetentionKind,
} from '../../../src/domain/retention'
import { formatLocal, local } from '../../../src/domain/time'
import type { AuditEvent } from '../audit'
import type { Deps } from '../context'
import { collection, replacing, type CollectionName, type Collections, type Database } from '../db'
import type { PhotoDoc, RequestDoc, UnitTaskDoc, WishDoc } from '../model'

/** Records per kind per run (photos: documents whose files go). */
export const RETENTION_BATCH = 50

/** The retention run works in the nightly hour (03:00–03:59 Beijing), every minute of it. */
export function retentionDue(at: Date): boolean {
  return local(at).hour() === 3
}

export interface RetentionReport {
  /** Records purged or anonymised in this run, per kind (photos: files deleted). */
  counts: Record<ScheduledRetentionKind, number>
  /** Kinds with more due than this run took: the next run goes on. */
  more: ScheduledRetentionKind[]
}

export function emptyRetentionReport(): RetentionReport {
  return {
    counts: Object.fromEntries(SCHEDULED_RETENTION.map((k) => [k, 0])) as RetentionReport['counts'],
    more: [],
  }
}

const ACTOR = { openid: OPENID, name: NAME }
const cutoff = (kind: ScheduledRetentionKind, at: Date) => retentionCutoff(RETENTION[kind].period, at)

interface Swept {
  done: number
  more: boolean
}

/** The oldest batch of what `where` finds, and whether there is more than a batch. */
async function dueBatch<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  orderField: string,
): Promise<{ batch: Collections[K][]; more: boolean }> {
  const due = (
    await collection(db, name)
      .where(where)
      .orderBy(orderField, 'asc')
      .limit(RETENTION_BATCH + 1)
      .get()
  ).data
  return { batch: due.slice(0, RETENTION_BATCH), more: due.length > RETENTION_BATCH }
}

/** Up to a batch of what `where` finds, oldest first; `work` says whether it did one (its count). */
async function sweep<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  orderField: string,
  work: (doc: Collections[K]) => Promise<number>,
): Promise<Swept> {
  const { batch, more } = await dueBatch(db, name, where, orderField)
  let done = 0
  for (const doc of batch) {
    done += await work(doc).catch((err: unknown) => {
      console.error(`[retention] ${name} ${doc._id} left for the next run`, err)
      return 0
    })
  }
  return { done, more }
}

/** The 台账 keeps what happened and when, not who or in which words. */
function scrubEvents<E extends AuditEvent<string, string>>(events: E[]): E[] {
  return events.map((e) =>
    e.actorOpenid === 'system'
      ? { ...e, note: e.note === null ? null : TEXT }
      : { ...e, actorOpenid: OPENID, actorName: NAME, note: e.note === null ? null : TEXT },
  )
}

const scrubTask = (t: UnitTaskDoc): UnitTaskDoc => ({
  ...t,
  calledBy: ACTOR,
  handler: t.handler ? ACTOR : null,
})

/** Deletes the files of `photos` and their upload records; the number of files. */
async function removePhotos(
  deps: Pick<Deps, 'db' | 'files'>,
  photos: PhotoDoc[] | undefined,
): Promise<number> {
  const ids = (photos ?? []).map((p) => p.fileID)
  if (ids.length === 0) return 0
  await deps.files.remove(ids)
  await collection(deps.db, 'uploads')
    .where({ fileID: deps.db.command.in(ids) })
    .remove()
  return ids.length
}

/** Requests and wishes that ended before `before`: closed or cancelled; done, rejected or withdrawn. */
function endedBefore(db: Database, name: 'requests' | 'wishes', before: Date): object {
  const _ = db.command
  return name === 'requests'
    ? _.or([
        { status: 'closed', closedAt: _.lt(before) },
        // 已合并 (重复诉求): ended when the grid joined it to the one it repeated.
        { status: _.in(['cancelled', 'merged']), updatedAt: _.lt(before) },
      ])
    : _.or([
        { status: 'done', doneAt: _.lt(before) },
        { status: _.in(['rejected', 'withdrawn']), updatedAt: _.lt(before) },
      ])
}

function anonymisedRequest(d: RequestDoc, at: Date): Partial<RequestDoc> {
  return {
    residentOpenid: OPENID,
    residentName: NAME,
    description: TEXT,
    ratingComment: d.ratingComment === null ? null : TEXT,
    resolutionNote: d.resolutionNote === null ? null : TEXT,
    assigneeOpenid: d.assigneeOpenid === null ? null : OPENID,
    assigneeName: d.assigneeName === null ? null : NAME,
    recordedBy: d.recordedBy ? ACTOR : null,
    events: scrubEvents(d.events),
    outbox: [],
    photos: [],
    ...(d.place !== undefined ? { place: TEXT } : {}),
    ...(d.foundBy ? { foundBy: ACTOR } : {}),
    ...(d.unit ? { unit: scrubTask(d.unit) } : {}),
    ...(d.unitHistory ? { unitHistory: d.unitHistory.map(scrubTask) } : {}),
    ...(d.transferredFrom ? { transferredFrom: null } : {}),
    // 重复诉求: who followed it is who lives there — gone with the rest.
    ...(d.followers ? { followers: d.followers.map(() => OPENID) } : {}),
    ...(d.neighbourRatings
      ? { neighbourRatings: d.neighbourRatings.map((r) => ({ ...r, openid: OPENID })) }
      : {}),
    anonymisedAt: at,
  }
}

function anonymisedWish(d: WishDoc, at: Date): Partial<WishDoc> {
  return {
    residentOpenid: OPENID,
    residentName: NAME,
    what: TEXT,
    why: TEXT,
    claim: d.claim ? { ...d.claim, openid: OPENID, name: NAME } : null,
    fulfilment: d.fulfilment ? { ...d.fulfilment, note: TEXT } : null,
    rejectReason: d.rejectReason === null ? null : TEXT,
    recordedBy: d.recordedBy ? ACTOR : null,
    events: scrubEvents(d.events),
    outbox: [],
    photos: [],
    anonymisedAt: at,
  }
}

/** Anonymises a request or wish that ended past its period (photos with it), unless it moved meanwhile. */
async function anonymiseHolder(
  deps: Pick<Deps, 'db' | 'files'>,
  name: 'requests' | 'wishes',
  at: Date,
): Promise<Swept> {
  const { db } = deps
  const _ = db.command
  const kind = name
  const where = _.and([
    endedBefore(db, name, cutoff(kind, at)),
    { anonymisedAt: _.exists(false), outboxPending: false },
  ])
  return sweep(db, name, where, 'updatedAt', async (doc) => {
    await removePhotos(deps, doc.photos)
    const changes =
      name === 'requests' ? anonymisedRequest(doc as RequestDoc, at) : anonymisedWish(doc as WishDoc, at)
    const res = await collection(db, name)
      .where({ _id: doc._id, updatedAt: doc.updatedAt, anonymisedAt: _.exists(false) })
      .update(replacing(db, changes))
    return res.updated
  })
}

/** Photos of requests and wishes that ended past the photos' period: files, records and entries. */
async function purgePhotos(deps: Pick<Deps, 'db' | 'files'>, at: Date): Promise<Swept> {
  const { db } = deps
  const _ = db.command
  const before = cutoff('photos', at)
  let done = 0
  let more = false
  for (const name of ['requests', 'wishes'] as const) {
    const where = _.and([endedBefore(db, name, before), { photosPurgedAt: _.exists(false) }])
    const swept = await sweep(db, name, where, 'updatedAt', async (doc) => {
      const files = await removePhotos(deps, doc.photos)
      const res = await collection(db, name)
        .where({ _id: doc._id, photosPurgedAt: _.exists(false) })
        .update({ photos: [], photosPurgedAt: at })
      return res.updated ? files : 0
    })
    done += swept.done
    more ||= swept.more
  }
  return { done, more }
}

/** Removes what `where` finds, a batch at a time (by id, so nothing written meanwhile goes with it). */
async function removeWhere<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  orderField: string,
): Promise<Swept> {
  const { batch, more } = await dueBatch(db, name, where, orderField)
  if (batch.length === 0) return { done: 0, more: false }
  const res = await collection(db, name)
    .where({ _id: db.command.in(batch.map((d) => d._id)) })
    .remove()
  return { done: Number(res.deleted ?? 0), more }
}

/** Updates what `where` finds with `changes(doc)`, each guarded by `anonymisedAt` not yet set. */
function anonymiseWhere<K extends CollectionName>(
  db: Database,
  name: K,
  where: object,
  orderField: string,
  changes: (doc: Collections[K]) => object,
): Promise<Swept> {
  const _ = db.command
  const guard = { anonymisedAt: _.exists(false) }
  return sweep(db, name, _.and([where, guard]), orderField, async (doc) => {
    const res = await collection(db, name)
      .where({ _id: doc._id, ...guard })
      .update(replacing(db, changes(doc)))
    return res.updated
  })
}

/**
 * Children and elders: due when neither registered nor active (a sign-up, a visit) since the
 * cutoff. One still active gets its latest activity noted (`activeAt`), which keeps it out of the
 * query until that too is past the period.
 */
async function purgeInactive(
  db: Database,
  name: 'children' | 'elders',
  before: Date,
  latest: (id: string) => Promise<Date | null>,
  purge: (id: string) => Promise<void>,
): Promise<Swept> {
  const _ = db.command
  const registered = name === 'children' ? 'updatedAt' : 'createdAt'
  const where = _.or([{ activeAt: _.lt(before) }, { activeAt: _.exists(false), [registered]: _.lt(before) }])
  return sweep(db, name, where, registered, async (doc) => {
    const last = await latest(doc._id)
    if (last && last >= before) {
      await collection(db, name).doc(doc._id).update({ activeAt: last })
      return 0
    }
    await purge(doc._id)
    await collection(db, name).doc(doc._id).remove()
    return 1
  })
}

async function latestOf(
  db: Database,
  name: 'signups' | 'visits',
  where: object,
  field: 'createdAt' | 'at',
): Promise<Date | null> {
  const res = await collection(db, name).where(where).orderBy(field, 'desc').limit(1).get()
  const doc = res.data[0] as unknown as Record<string, Date> | undefined
  return doc ? new Date(doc[field]) : null
}

/** The nightly retention run: every scheduled row of the table, each bounded. */
export async function runRetention(deps: Pick<Deps, 'db' | 'files'>, at: Date): Promise<RetentionReport> {
  const { db } = deps
  const _ = db.command
  const jobs: Record<ScheduledRetentionKind, () => Promise<Swept>> = {
    requests: () => anonymiseHolder(deps, 'requests', at),
    photos: () => purgePhotos(deps, at),
    wishes: () => anonymiseHolder(deps, 'wishes', at),
    children: () =>
      purgeInactive(
        db,
        'children',
        cutoff('children', at),
        (id) => latestOf(db, 'signups', { childId: id }, 'createdAt'),
        // The seats stay counted; whose child held them does not.
        async (id) => {
          await collection(db, 'signups')
            .where({ childId: id })
            .update(replacing(db, { name: NAME, collectedBy: null }))
        },
      ),
    signups: () =>
      anonymiseWhere(db, 'signups', { createdAt: _.lt(cutoff('signups', at)) }, 'createdAt', (s) => ({
        openid: OPENID,
        name: NAME,
        collectedBy: s.collectedBy ? { name: NAME, relation: s.collectedBy.relation } : null,
        ...(s.excuse ? { excuse: { ...s.excuse, reason: TEXT } } : {}),
        anonymisedAt: at,
      })),
    elders: () =>
      purgeInactive(
        db,
        'elders',
        cutoff('elders', at),
        (id) => latestOf(db, 'visits', { elderId: id }, 'at'),
        async (id) => {
          await collection(db, 'visits').where({ elderId: id }).remove()
          await collection(db, 'activities')
            .where({ elderIds: id })
            .update({ elderIds: _.pull(id) })
        },
      ),
    visits: () => removeWhere(db, 'visits', { at: _.lt(cutoff('visits', at)) }, 'at'),
    households: async () => {
      const before = cutoff('households', at)
      const where = _.or([
        { lastVisitDay: _.lt(formatLocal(before, 'YYYY-MM-DD')) },
        { lastVisitDay: null, createdAt: _.lt(before) },
      ])
      return sweep(db, 'households', where, 'createdAt', async (h) => {
        await collection(db, 'diary').where({ householdId: h._id }).update({ householdId: null })
        return Number((await collection(db, 'households').doc(h._id).remove()).deleted ?? 0)
      })
    },
    diary: () =>
      anonymiseWhere(db, 'diary', { at: _.lt(cutoff('diary', at)) }, 'at', () => ({
        text: TEXT,
        byName: NAME,
        byOpenid: OPENID,
        anonymisedAt: at,
      })),
    accessLog: () => removeWhere(db, 'accessLog', { at: _.lt(cutoff('accessLog', at)) }, 'at'),
    messages: async () => {
      const before = cutoff('messages', at)
      const removed = await removeWhere(db, 'messages', { createdAt: _.lt(before) }, 'createdAt')
      // A session's own copy of its notices (an elder's name in a missed visit's) goes with them.
      const cleared = await sweep(
        db,
        'sessions',
        { endAt: _.lt(before), outboxPending: false, noticesClearedAt: _.exists(false) },
        'endAt',
        async (s) => {
          const res = await collection(db, 'sessions')
            .where({ _id: s._id, outboxPending: false, noticesClearedAt: _.exists(false) })
            .update({ outbox: [], noticesClearedAt: at })
          // Counted only where there was something to clear.
          return s.outbox.length > 0 ? res.updated : 0
        },
      )
      return { done: removed.done + cleared.done, more: removed.more || cleared.more }
    },
    pollVotes: () =>
      anonymiseWhere(db, 'pollVotes', { at: _.lt(cutoff('pollVotes', at)) }, 'at', () => ({
        openid: OPENID,
        room: '',
        comment: null,
        anonymisedAt: at,
      })),
    invitations: () =>
      anonymiseWhere(db, 'invitations', { expiresAt: _.lt(cutoff('invitations', at)) }, 'expiresAt', () => ({
        name: NAME,
        anonymisedAt: at,
      })),
    roleEvents: () =>
      anonymiseWhere(db, 'roleEvents', { at: _.lt(cutoff('roleEvents', at)) }, 'at', () => ({
        actor: ACTOR,
        subject: ACTOR,
        note: '',
        anonymisedAt: at,
      })),
    // A roster line nobody holds (revoked, or never taken) and unchanged for the period.
    staff: () =>
      removeWhere(db, 'staff', { openid: null, updatedAt: _.lt(cutoff('staff', at)) }, 'updatedAt'),
    imports: () =>
      anonymiseWhere(db, 'imports', { at: _.lt(cutoff('imports', at)) }, 'at', () => ({
        adds: [],
        updates: [],
        writes: [],
        anonymisedAt: at,
      })),
  }
  const report = emptyRetentionReport()
  for (const kind of SCHEDULED_RETENTION) {
    const { done, more } = await jobs[kind]()
    report.counts[kind] = done
    if (more) report.more.push(kind)
  }
  return report
}
