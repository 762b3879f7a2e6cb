/**
 * A community's working-day calendar (src/domain/calendar.ts): the built-in layers plus the
 * community's own 节假日调整, read from the database where a clock needs it.
 */
import { createCalendar, type Calendar, type CalendarAdjustment } from '../../../src/domain/calendar'
import { allWhere, byId, type Database } from '../db'

export async function communityCalendar(db: Database, communityId: string): Promise<Calendar> {
  return (await keyedCalendar(db, communityId)).calendar
}

/**
 * The calendar with a key of what it was made from (the 节假日调整 and the confirmed years): the
 * same key, the same working days — what a 网格绩效 rollup checks before it is reused.
 */
export async function keyedCalendar(
  db: Database,
  communityId: string,
): Promise<{ calendar: Calendar; key: string }> {
  const [community, days] = await Promise.all([
    byId(db, 'communities', communityId),
    allWhere(db, 'calendarDays', { communityId }),
  ])
  const adjustments: CalendarAdjustment[] = days.map((d) => ({
    date: d.date,
    workday: d.workday,
    note: d.note,
  }))
  const confirmedYears = community?.calendarConfirmedYears ?? []
  const key = JSON.stringify([
    adjustments.map((a) => `${a.date}${a.workday ? '+' : '-'}`).sort(),
    [...confirmedYears].sort(),
  ])
  return { calendar: createCalendar({ adjustments, confirmedYears }), key }
}

/** One lookup per community for a run over many documents (the scheduler). */
export class CalendarCache {
  private readonly calendars = new Map<string, Promise<Calendar>>()

  constructor(private readonly db: Database) {}

  of(communityId: string): Promise<Calendar> {
    let hit = this.calendars.get(communityId)
    if (!hit) {
      hit = communityCalendar(this.db, communityId)
      this.calendars.set(communityId, hit)
      // A failed read is not remembered: the next document tries again.
      hit.catch(() => this.calendars.delete(communityId))
    }
    return hit
  }
}
