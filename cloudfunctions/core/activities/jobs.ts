/**
 * 活动's work for the scheduler (every minute): offers not taken passed on, reminders before a
 * session, ended sessions closed, and 暖心助老 visits not logged by the end of their day flagged.
 * Each run picks what is due; re-runs and crashes mid-way change nothing twice. Who must hear of
 * it goes into the session's outbox with the change (messages.ts); the run's fan-out tells them.
 */
import { VISIT_TRANSITIONS } from '../../../src/domain/visit'
import { formatLocal, HOUR_MS } from '../../../src/domain/time'
import { active, getBuilding } from '../community'
import { byIds, type Database } from '../db'
import { derivedId } from '../ids'
import type { VisitDoc } from '../model'
import { closeSession } from './hours'
import { commitSession, sessionNotice } from './messages'
import { releaseSeat } from './seats'
import { loadActivity, sessions, signupMove, signups, visits } from './store'

/** The scheduler: offers not taken in 30 minutes pass to the next person waiting. */
export async function expireOffers(db: Database, at: Date): Promise<number> {
  const _ = db.command
  const res = await signups(db)
    .where({ ...signupMove(db, 'expireOffer').where, offeredUntil: _.lte(at) })
    .limit(100)
    .get()
  let expired = 0
  const expire = signupMove(db, 'expireOffer')
  for (const s of res.data) {
    const gone = await signups(db)
      .where({ _id: s._id, ...expire.where })
      .update({ ...expire.set, offeredUntil: null, updatedAt: at })
    if (gone.updated !== 1) continue
    expired++
    await releaseSeat(db, s.sessionId, s.role, at)
  }
  return expired
}

const REMINDERS = [
  { key: 'day', within: 24 * HOUR_MS, title: '明天有您报名的活动', state: '明日活动' },
  { key: 'hour', within: HOUR_MS, title: '您报名的活动一小时后开始', state: '即将开始' },
] as const

/**
 * The day-before reminder's words: a session made (or signed up for) less than a day ahead may be
 * on the same Beijing day — then it is 今天, not 明天 (issue 18).
 */
function reminderWords(r: (typeof REMINDERS)[number], startAt: Date, at: Date) {
  const sameDay = formatLocal(startAt, 'YYYY-MM-DD') === formatLocal(at, 'YYYY-MM-DD')
  return r.key === 'day' && sameDay ? { title: '今天有您报名的活动', state: '今日活动' } : r
}

/**
 * The scheduler: everyone holding a seat hears the day before and an hour before. The reminder
 * goes into the session's outbox in the same write that marks it sent, and only while it is not
 * (commitSession): a re-run, or two at once, remind nobody twice. Who holds a seat is looked up
 * when it is fanned out (in this same run). Returns the sessions whose reminder was written.
 */
export async function sendReminders(db: Database, at: Date): Promise<number> {
  const _ = db.command
  let reminded = 0
  for (const r of REMINDERS) {
    const mark = `reminded.${r.key}`
    const due = await sessions(db)
      .where({
        startAt: _.and(_.gt(at), _.lte(new Date(at.getTime() + r.within))),
        [mark]: false,
      })
      .limit(100)
      .get()
    for (const s of due.data) {
      const holders = await signups(db)
        .where({ sessionId: s._id, status: _.in(['confirmed', 'offered']) })
        .count()
      const note = `${formatLocal(s.startAt, 'M月D日 HH:mm')}，${s.place}`
      // Nobody to tell: only the mark, no empty entry in the outbox.
      const notices = holders.total
        ? [
            sessionNotice(
              s,
              {
                to: [{ seatsOf: s._id }],
                title: reminderWords(r, new Date(s.startAt), at).title,
                body: `${s.title}：${note}`,
                state: reminderWords(r, new Date(s.startAt), at).state,
                time: new Date(s.startAt),
                note,
              },
              at,
            ),
          ]
        : []
      if (await commitSession(db, s, { [mark]: false }, { [mark]: true }, notices)) reminded++
    }
  }
  return reminded
}

/** The scheduler: sessions that have ended are closed (see closeSession, hours.ts). */
export async function closeEndedSessions(db: Database, at: Date): Promise<number> {
  const _ = db.command
  const res = await sessions(db)
    .where({ closedAt: null, endAt: _.lte(at) })
    .orderBy('endAt', 'asc')
    .limit(100)
    .get()
  for (const s of res.data) await closeSession(db, s, at)
  return res.data.length
}

/**
 * The scheduler: a visit day that has ended with elders not logged — each is recorded as missed
 * and the grid serving the elder's building hears of it. The notices go into the session's outbox
 * in the same write that marks the day checked, and only while it is not: a re-run flags nobody
 * twice, and a run cut short before that write is done again whole (the missed visits' ids derive
 * from session and elder, so they are not recorded twice either).
 */
export async function flagMissedVisits(db: Database, at: Date): Promise<number> {
  const _ = db.command
  const due = await sessions(db)
    .where({ kind: 'elderCare', visitsCheckedAt: null, dayEndAt: _.lte(at) })
    .limit(50)
    .get()
  let missed = 0
  for (const s of due.data) {
    const activity = await loadActivity(db, s.activityId)
    const ids = activity.elderIds ?? []
    const logged = await visits(db).where({ sessionId: s._id }).limit(100).get()
    // Missed ones recorded by a run cut short are flagged again (they were never told).
    const done = new Set(logged.data.filter((v) => v.status !== 'missed').map((v) => v.elderId))
    const todo = ids.filter((id) => !done.has(id))
    // A retired elder (moved away, passed away) is flagged no more.
    const list = active(await byIds(db, 'elders', todo))
    const notices = []
    for (const e of list) {
      await visits(db)
        .add({
          _id: derivedId(s._id, e._id),
          sessionId: s._id,
          activityId: s.activityId,
          elderId: e._id,
          communityId: s.communityId,
          buildingCode: e.buildingCode,
          status: VISIT_TRANSITIONS.miss.to,
          seen: false,
          wellbeing: null,
          needs: '',
          note: '',
          requestId: null,
          by: null,
          at,
        } satisfies VisitDoc)
        .catch(() => undefined)
      missed++
      const building = await getBuilding(db, e.buildingCode)
      const note = `${e.name}（${building.name}${e.room}）${formatLocal(s.startAt, 'M月D日')}未登记探访，请联系确认`
      notices.push(
        sessionNotice(
          s,
          {
            to: [{ grid: building.gridId }],
            title: '助老探访未登记',
            body: note,
            state: '未登记',
            time: at,
            note,
            what: `探访${e.name}`,
            where: building.name,
          },
          at,
        ),
      )
    }
    await commitSession(db, s, { visitsCheckedAt: null }, { visitsCheckedAt: at }, notices)
  }
  return missed
}
