/**
 * 节假日调整 (社区设置): the community admin sees a year's working-day calendar — which days are
 * holidays or 调休 working days, and where that comes from — and corrects it once the State
 * Council publishes the year's notice: a date becomes a holiday or a working day, an adjustment
 * is removed, the year is confirmed as entered. Every change is a settings event (the 台账), and
 * the nightly scheduler run tells the admins 90 days ahead of a year nobody has entered.
 */
import {
  calendarWarning,
  shiftDate,
  yearsNeedingNotice,
  type CalendarDay,
  type YearCoverage,
} from '../../../src/domain/calendar'
import { AppError } from '../../../src/domain/errors'
import { formatLocal } from '../../../src/domain/time'
import { communityCalendar } from './store'
import type { ActionContext } from '../context'
import { allWhere, byId, type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { CalendarDayDoc, MessageDoc } from '../model'
import { recentSettingsEvents, recordSettingsEvent } from '../settings-events'
import { unsent } from '../notify/fanout'
import { actorName } from '../audit'
import { adminCommunity } from '../scopes'

const REFUSAL = '只有社区管理员可以调整节假日'
const COVERAGE_TEXT: Record<YearCoverage, string> = {
  official: '已有国务院办公厅发布的放假安排',
  confirmed: '已由社区管理员按国务院通知录入',
  fallback: '尚无官方放假安排：只按法定节假日和周末计算，不含调休上班日',
}

/** The events this screen lists: the calendar's own, not the other settings'. */
const CALENDAR_EVENTS = ['calendar.set', 'calendar.unset', 'calendar.confirm', 'calendar.unconfirm'] as const

const dayId = (communityId: string, date: string) => `${communityId}:${date}`

/** The days of `year` that are not plain weekdays or weekends, and every adjustment. */
function notableDays(days: CalendarDay[]): CalendarDay[] {
  return days.filter((d) => d.source !== 'weekday' && d.source !== 'weekend')
}

export async function calendarYear(input: { year: number }, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const calendar = await communityCalendar(db, communityId)
  const days: CalendarDay[] = []
  for (let d = `${input.year}-01-01`; d.startsWith(`${input.year}-`); d = shiftDate(d, 1))
    days.push(calendar.day(d))
  const events = await recentSettingsEvents(db, communityId, CALENDAR_EVENTS)
  const coverage = calendar.coverage(input.year)
  return {
    year: input.year,
    coverage,
    coverageText: COVERAGE_TEXT[coverage],
    warning: calendarWarning(calendar, formatLocal(now(), 'YYYY-MM-DD')),
    workdays: days.filter((d) => d.workday).length,
    days: notableDays(days),
    events,
  }
}

/** 设为休息日 / 设为工作日: one adjustment per date; the same again changes nothing. */
export async function calendarAdjust(
  input: { date: string; workday: boolean; note: string },
  ctx: ActionContext,
) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const at = now()
  const id = dayId(communityId, input.date)
  const existing = await byId(db, 'calendarDays', id)
  if (!existing || existing.workday !== input.workday || existing.note !== input.note) {
    const doc: Omit<CalendarDayDoc, '_id'> = {
      communityId,
      date: input.date,
      workday: input.workday,
      note: input.note,
      by: { openid: ctx.caller.openid, name: actorName(ctx.caller) },
      at,
    }
    await collection(db, 'calendarDays').doc(id).set(doc)
    const what = input.workday ? '设为工作日' : '设为休息日'
    await recordSettingsEvent(
      db,
      ctx.caller,
      communityId,
      at,
      'calendar.set',
      input.date,
      input.note ? `${what}：${input.note}` : what,
    )
  }
  return calendarYear({ year: Number(input.date.slice(0, 4)) }, ctx)
}

/** 删除调整: the date goes back to what the built-in calendar says. */
export async function calendarRemove(input: { date: string }, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const res = await collection(db, 'calendarDays').doc(dayId(communityId, input.date)).remove()
  if (Number(res.deleted ?? 0) > 0) {
    await recordSettingsEvent(
      db,
      ctx.caller,
      communityId,
      now(),
      'calendar.unset',
      input.date,
      '删除调整，恢复默认',
    )
  }
  return calendarYear({ year: Number(input.date.slice(0, 4)) }, ctx)
}

/**
 * 确认已录入: the admin says the year's notice is entered (or takes that back). Only for years the
 * built-in data does not have: an official year needs no confirmation.
 */
export async function calendarConfirm(input: { year: number; confirmed: boolean }, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, REFUSAL)
  const calendar = await communityCalendar(db, communityId)
  if (calendar.coverage(input.year) === 'official')
    throw new AppError('CONFLICT', `${input.year}年已有官方放假安排，无需确认`)
  const _ = db.command
  await collection(db, 'communities')
    .doc(communityId)
    .update({ calendarConfirmedYears: input.confirmed ? _.addToSet(input.year) : _.pull(input.year) })
  const was = calendar.coverage(input.year) === 'confirmed'
  if (was !== input.confirmed) {
    await recordSettingsEvent(
      db,
      ctx.caller,
      communityId,
      now(),
      input.confirmed ? 'calendar.confirm' : 'calendar.unconfirm',
      `${input.year}年`,
      input.confirmed ? '确认已按国务院办公厅通知录入放假调休安排' : '撤销确认',
    )
  }
  return calendarYear({ year: input.year }, ctx)
}

/**
 * The scheduler's nightly run: for each community with a year within 90 days whose 调休 nobody
 * has entered, a message to each of its admins — once per admin and year (the id says which) —
 * and a line in the run's report every night until it is done.
 */
/**
 * The one notice not sent through an outbox, on purpose: it follows no event of a document but a
 * standing condition, re-derived every night, and it is for whoever is admin now — an admin named
 * next week must hear of it too, which an entry fanned out once would miss. A derived id per
 * (community, year, admin) keeps it to one message each; delivery is the same queue (deliver.ts).
 */
export async function warnCalendarGaps(db: Database, at: Date): Promise<string[]> {
  const today = formatLocal(at, 'YYYY-MM-DD')
  const communities = await allWhere(db, 'communities', {})
  const out: string[] = []
  for (const community of communities) {
    const calendar = await communityCalendar(db, community._id)
    const years = yearsNeedingNotice(calendar, today)
    if (years.length === 0) continue
    out.push(`${community._id}: ${years.join(', ')}`)
    const admins = await allWhere(db, 'memberships', {
      communityId: community._id,
      role: 'communityAdmin',
    })
    const body = calendarWarning(calendar, today) as string
    for (const year of years) {
      for (const admin of admins) {
        const no = `JR-${year}`
        const message: MessageDoc = {
          _id: derivedId('calendar-warning', community._id, String(year), admin.openid),
          openid: admin.openid,
          communityId: community._id,
          kind: 'task',
          title: `请录入${year}年放假调休安排`,
          body,
          target: 'settings',
          targetId: String(year),
          subject: no,
          fields: {
            no,
            what: `录入${year}年放假调休安排`,
            where: community.name,
            state: '待录入',
            time: at.toISOString(),
            note: '社区设置→节假日调整',
          },
          template: 'task',
          createdAt: at,
          ...unsent(at),
        }
        // Created once: a second night finds it there and leaves it (and its read state) alone.
        const seen = await byId(db, 'messages', message._id)
        if (!seen) {
          const { _id, ...fields } = message
          await collection(db, 'messages').doc(_id).set(fields)
        }
      }
    }
  }
  return out
}
