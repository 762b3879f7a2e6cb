/**
 * The request clocks, run by the scheduler: 超时未接单 and 催办后未办结 go one level up, 办结超时 is
 * chased, an unrated result closes after 7 days; nightly, the open-request counters are re-derived.
 */
import { OPEN_STATUSES } from '../../../src/domain/request'
import { DAY_MS } from '../../../src/domain/time'
import { addWorkingDays } from '../../../src/domain/workdays'
import { SYSTEM_ACTOR } from '../audit'
import { CalendarCache } from '../calendar/store'
import type { Deps } from '../context'
import { type Database, collection } from '../db'
import { drain } from '../drain'
import type { RequestDoc } from '../model'
import { closePatrol } from './patrol'
import { commitTransition } from './commit'
import { repairHalfDone, type RepairReport } from './repair'
import { placementAbove, reassignment, STREET_LEVEL, type Placement } from './placement'
import { requests } from './store'

const BATCH = 100
/** A resolved request nobody rated is closed as unrated after this (domain.md, "Closing"). */
export const RATING_WINDOW_MS = 7 * DAY_MS
/** Still open this many working days after the chase → escalate (domain.md, "Requests"). */
export const WORKING_DAYS_AFTER_CHASE = 5

export interface RequestJobsReport {
  acceptTimeouts: number
  chased: number
  /** 吹哨报到: units that missed their clock to report in or to resolve, their caller told. */
  unitsLate: number
  /** 街道兜底 not taken on within the street's clock: its admins and the community's told, once. */
  streetLate: number
  overdueEscalations: number
  autoClosed: number
  /** Two-step moves cut short between their writes, finished (repair.ts). */
  halfDone: RepairReport
}

/**
 * The open-request counter is written just after a request's transition (CloudBase transactions
 * are single-document); a crash between the two leaves it off by one. Once a night it is
 * re-derived from the requests themselves, for every resident who has a count.
 */
export async function reconcileOpenCounts(db: Database): Promise<number> {
  const _ = db.command
  let fixed = 0
  let after = ''
  for (;;) {
    const res = await collection(db, 'users')
      .where({ _id: _.gt(after), openCount: _.gt(0) })
      .orderBy('_id', 'asc')
      .limit(BATCH)
      .get()
    const users = res.data
    for (const u of users) {
      const open = await requests(db)
        .where({ residentOpenid: u._id, status: _.in([...OPEN_STATUSES]) })
        .count()
      if (open.total !== u.openCount) {
        // Only if nobody changed it meanwhile; otherwise tomorrow night will look again.
        const res2 = await collection(db, 'users')
          .where({ _id: u._id, openCount: u.openCount })
          .update({ openCount: open.total })
        fixed += res2.updated
      }
    }
    if (users.length < BATCH) return fixed
    after = users[users.length - 1]._id
  }
}

type Rule = (doc: RequestDoc, at: Date) => Promise<boolean>

/** Runs `rule` over every request `where` finds due (see drain). */
function sweep(
  deps: Deps,
  where: object,
  orderField: keyof RequestDoc,
  rule: Rule,
  at: Date,
): Promise<number> {
  return drain(deps.db, 'requests', where, orderField, (doc) => rule(doc, at))
}

export async function runRequestJobs(deps: Deps, at: Date): Promise<RequestJobsReport> {
  const { db } = deps
  const _ = db.command
  const calendars = new CalendarCache(db)
  // Where a grid's requests go up to is the same for all of them: look it up once per run.
  const aboveCache = new Map<string, Promise<Placement | null>>()
  const above = (doc: RequestDoc) => {
    const key = `${doc.communityId}/${doc.level}/${doc.gridPath.join('/')}`
    let hit = aboveCache.get(key)
    if (!hit) {
      hit = placementAbove(db, doc)
      aboveCache.set(key, hit)
      // A failed lookup is not remembered: it must not take other requests down with it.
      hit.catch(() => aboveCache.delete(key))
    }
    return hit
  }

  // Not accepted in time → one level up, the accept clock starts again there.
  const acceptTimeouts = await sweep(
    deps,
    { status: 'assigned', level: _.gt(STREET_LEVEL), acceptBy: _.lte(at) },
    'acceptBy',
    async (doc, now) => {
      const to = await above(doc)
      if (!to) return false
      const note = `${doc.gridName}未在时限内接单，上报至${to.gridName}`
      const calendar = await calendars.of(doc.communityId)
      const changes = reassignment(doc, to, now, calendar)
      return commitTransition(db, doc, 'acceptTimeout', SYSTEM_ACTOR, changes, note, now, {
        acceptBy: doc.acceptBy,
      })
    },
    at,
  )

  // 街道兜底 (src/domain/street.ts) nobody at the street took on in time: there is no level above to
  // send it to, so the street's admins and the community's hear of it — once per arrival.
  const streetLate = await drain(
    db,
    'requests',
    {
      status: 'assigned',
      level: STREET_LEVEL,
      streetId: _.exists(true),
      acceptBy: _.lte(at),
      streetLate: _.neq(true),
    },
    '_id',
    (doc) =>
      commitTransition(
        db,
        doc,
        'streetAcceptTimeout',
        SYSTEM_ACTOR,
        { streetLate: true },
        `${doc.gridName.replace('（兜底）', '')}未在时限内受理，请尽快安排`,
        at,
        { acceptBy: doc.acceptBy },
      ),
  )

  // Not resolved in time → chase the assignee and their leader; escalation follows if it stays open.
  const chased = await sweep(
    deps,
    { status: 'accepted', resolveBy: _.lte(at), escalateBy: null },
    'resolveBy',
    async (doc, now) => {
      const escalateBy = addWorkingDays(now, WORKING_DAYS_AFTER_CHASE, await calendars.of(doc.communityId))
      const note = `已超过办结时限，请${doc.assigneeName ?? '网格员'}尽快办结`
      return commitTransition(db, doc, 'resolveOverdue', SYSTEM_ACTOR, { escalateBy }, note, now, {
        escalateBy: null,
        resolveBy: doc.resolveBy,
      })
    },
    at,
  )

  const overdueEscalations = await sweep(
    deps,
    { status: 'accepted', level: _.gt(STREET_LEVEL), escalateBy: _.lte(at) },
    'escalateBy',
    async (doc, now) => {
      const to = await above(doc)
      if (!to) return false
      const note = `催办后${WORKING_DAYS_AFTER_CHASE}个工作日仍未办结，上报至${to.gridName}`
      return commitTransition(
        db,
        doc,
        'overdueEscalate',
        SYSTEM_ACTOR,
        reassignment(doc, to, now, await calendars.of(doc.communityId)),
        note,
        now,
        {
          escalateBy: doc.escalateBy,
        },
      )
    },
    at,
  )

  // 吹哨报到: a unit that has not reported in, or not resolved, in time — its caller and the leader
  // above hear of it, once per clock (the grid's own clocks go on as before).
  let unitsLate = 0
  for (const [state, clock, flag, action] of [
    ['called', 'unit.acceptBy', 'unit.acceptLate', 'unitAcceptTimeout'],
    ['accepted', 'unit.resolveBy', 'unit.resolveLate', 'unitResolveOverdue'],
  ] as const) {
    unitsLate += await drain(
      db,
      'requests',
      { status: 'accepted', 'unit.state': state, [clock]: _.lte(at), [flag]: _.neq(true) },
      '_id',
      async (doc) => {
        if (!doc.unit) return false
        const late = action === 'unitAcceptTimeout' ? { acceptLate: true } : { resolveLate: true }
        const note = `${doc.unit.unitName}${action === 'unitAcceptTimeout' ? '未在时限内报到' : '未在时限内办结'}，请${doc.unit.calledBy.name}跟进`
        return commitTransition(db, doc, action, SYSTEM_ACTOR, { unit: { ...doc.unit, ...late } }, note, at, {
          'unit.state': state,
        })
      },
    )
  }

  // 巡查发现 resolved but not closed (its 办结's close was lost): nobody rates it, close it now.
  const patrolClosed = await sweep(
    deps,
    { status: 'resolved', source: 'patrol', resolvedAt: _.lte(at) },
    'resolvedAt',
    (doc, now) => closePatrol(db, doc, now),
    at,
  )

  // Resolved but not rated for 7 days → closed as unrated (never counted as satisfied).
  const autoClosed = await sweep(
    deps,
    { status: 'resolved', resolvedAt: _.lte(new Date(at.getTime() - RATING_WINDOW_MS)) },
    'resolvedAt',
    async (doc, now) => {
      return commitTransition(db, doc, 'autoClose', SYSTEM_ACTOR, { closedAt: now }, '居民7天内未评价', now, {
        resolvedAt: doc.resolvedAt,
      })
    },
    at,
  )

  // 合并 / 转志愿服务 cut short between their two writes: finished, each with its event.
  const halfDone = await repairHalfDone(db, at)

  return {
    acceptTimeouts,
    chased,
    unitsLate,
    streetLate,
    overdueEscalations,
    autoClosed: autoClosed + patrolClosed,
    halfDone,
  }
}
