/**
 * The 台账 of a community's settings (节假日调整, 分类设置): one event per change — who, when, what
 * it was about and what changed — and the latest of them, for the settings screens.
 */
import type { Caller } from './context'
import { collection, type Database } from './db'
import { derivedId } from './ids'
import type { SettingsEventDoc } from './model'
import { actorOf } from './audit'

export async function recordSettingsEvent(
  db: Database,
  caller: Caller,
  communityId: string,
  at: Date,
  type: SettingsEventDoc['type'],
  subject: string,
  note: string,
): Promise<void> {
  const event: Omit<SettingsEventDoc, '_id'> = {
    communityId,
    at,
    type,
    actor: actorOf(caller, '管理员'),
    subject,
    note,
  }
  // Two changes of one thing in the same instant (a clock held still) are two events.
  await collection(db, 'settingsEvents')
    .doc(derivedId('settings-event', communityId, type, subject, note, String(at.getTime())))
    .set(event)
}

/** The community's latest settings events of `types`, newest first, as a screen shows them. */
export async function recentSettingsEvents(
  db: Database,
  communityId: string,
  types?: readonly SettingsEventDoc['type'][],
  limit = 20,
) {
  const _ = db.command
  const events = await collection(db, 'settingsEvents')
    .where({ communityId, ...(types ? { type: _.in([...types]) } : {}) })
    .orderBy('at', 'desc')
    .limit(limit)
    .get()
  return events.data.map((e) => ({
    at: new Date(e.at).toISOString(),
    actorName: e.actor.name,
    subject: e.subject,
    note: e.note,
  }))
}
