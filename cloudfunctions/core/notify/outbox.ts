/**
 * The outbox: who must hear about a request's event, decided when the event is written and
 * appended in the same write (issue: "goes into an outbox in the same write as the event"). The
 * scheduler later turns each entry into messages (fanout.ts) and delivers them (deliver.ts).
 */
import type { NoticeKind } from '../../../src/domain/notify'
import type { Database } from '../db'
import type { Audience, OutboxEntry, RequestDoc, RequestEventDoc } from '../model'

/** Moves that hand the request to a grid: whoever works there must hear of it. */
const TO_GRID: Partial<Record<RequestEventDoc['type'], string>> = {
  create: '新诉求待接单',
  escalate: '下级上报的诉求',
  return: '下级退回的诉求，请重新分派',
  dispatch: '上级转派的诉求',
  acceptTimeout: '超时未接单，已上报至本级',
  overdueEscalate: '催办后仍未办结，已上报至本级',
  appeal: '居民再次不满意，转社区办理',
}

/**
 * The notices for one event, given the request as it is after the event. Empty when nobody
 * needs telling (a rating, an auto-close, a cancel before anyone took it).
 */
export function noticesFor(after: RequestDoc, event: RequestEventDoc): Omit<OutboxEntry, 'seq'>[] {
  const base = (
    kind: NoticeKind,
    to: Audience[],
    title: string,
    state: string,
    time: Date,
    note: string,
  ) => ({
    at: event.at,
    kind,
    to,
    exceptOpenid: event.actorOpenid,
    title,
    fields: {
      no: after.no,
      // Fitted to the template's length when it is sent; the 消息 list shows it whole.
      what: after.description,
      where: after.buildingName,
      state,
      time: time.toISOString(),
      note,
    },
  })
  const toGrid = TO_GRID[event.type]
  if (toGrid) {
    return [base('task', [{ grid: after.gridId }], toGrid, '待接单', after.acceptBy, event.note ?? toGrid)]
  }
  switch (event.type) {
    case 'reopen':
      return [
        base(
          'task',
          after.assigneeOpenid ? [{ user: after.assigneeOpenid }] : [{ grid: after.gridId }],
          '居民不满意，请重新办理',
          '重办',
          after.resolveBy,
          event.note ?? '居民不满意',
        ),
      ]
    case 'chase':
    case 'resolveOverdue': {
      const to: Audience[] = [{ leaderAbove: after.gridId }]
      if (after.assigneeOpenid) to.unshift({ user: after.assigneeOpenid })
      const title = event.type === 'chase' ? '上级催办' : '已超过办结时限'
      return [base('chase', to, title, '催办', after.resolveBy, event.note ?? title)]
    }
    case 'accept':
      return [
        base(
          'progress',
          [{ user: after.residentOpenid }],
          '您的诉求已有网格员接单',
          '已接单',
          event.at,
          `${after.assigneeName ?? '网格员'}正在办理`,
        ),
      ]
    case 'resolve':
      return [
        base(
          'progress',
          [{ user: after.residentOpenid }],
          '您的诉求已办结，请评价',
          '已办结',
          event.at,
          after.resolutionNote ?? '请评价办理结果',
        ),
      ]
    default:
      return []
  }
}

/** Numbered entries for one event, starting after what the request already holds. */
export function outboxEntries(after: RequestDoc, event: RequestEventDoc, seq: number): OutboxEntry[] {
  return noticesFor(after, event).map((n, i) => ({ ...n, seq: seq + i }))
}

/** The fields of an update that appends `entries` to the outbox (nothing if there are none). */
export function outboxAppend(db: Database, entries: OutboxEntry[]): Record<string, unknown> {
  if (entries.length === 0) return {}
  const _ = db.command
  return { outbox: _.push(entries), outboxSeq: _.inc(entries.length), outboxPending: true }
}
