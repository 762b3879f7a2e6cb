/**
 * 双反馈 (腾冲: the result goes back to the resident and to the unit's own organisation): on the
 * nightly run, each 双报到 unit's contacts get last month's record of what the unit did when the
 * community called it in. One message per contact and month, however many nights it runs.
 */
import { UNIT_KINDS } from '../../../src/domain/units'
import { local } from '../../../src/domain/time'
import { allWhere, byId, collection, type Database } from '../db'
import { derivedId } from '../ids'
import type { MessageDoc } from '../model'
import { unsent } from '../notify/fanout'
import { unitRows } from './actions'

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)

/** Sends last month's record to every 双报到 unit's contacts; returns how many messages it made. */
export async function sendUnitFeedback(db: Database, at: Date): Promise<number> {
  const last = local(at).subtract(1, 'month')
  const month = last.format('YYYY-MM')
  const label = `${last.month() + 1}月`
  const units = await allWhere(db, 'units', { partyOrg: true })
  let made = 0
  for (const communityId of [...new Set(units.map((u) => u.communityId))]) {
    const rows = (await unitRows(db, communityId, month, at)).filter((r) => r.partyOrg)
    for (const row of rows) {
      const contacts = await allWhere(db, 'memberships', { communityId, role: 'unitStaff', unitId: row.id })
      const body =
        row.called === 0
          ? `${label}社区没有请${row.name}办理诉求。`
          : `${label}社区吹哨${row.called}次：按时报到${row.reportedOnTime}次（报到率${percent(row.reportRate)}），` +
            `办结${row.resolved}次（按时办结率${percent(row.resolveRate)}），退回${row.returned}次，未办结${row.open}次。`
      for (const c of contacts) {
        const message: MessageDoc = {
          _id: derivedId('unit-feedback', row.id, month, c.openid),
          openid: c.openid,
          communityId,
          kind: 'progress',
          title: `${label}办理情况（双反馈）`,
          body,
          target: 'unit',
          targetId: row.id,
          subject: `${UNIT_KINDS[units.find((u) => u._id === row.id)?.kind ?? 'resident']} · ${row.name}`,
          fields: {
            no: month,
            what: `${label}办理情况`,
            where: row.name,
            state: '月度反馈',
            time: at.toISOString(),
            note: body,
          },
          template: 'progress',
          createdAt: at,
          ...unsent(at),
        }
        if (await byId(db, 'messages', message._id)) continue
        const { _id, ...fields } = message
        await collection(db, 'messages').doc(_id).set(fields)
        made++
      }
    }
  }
  return made
}
