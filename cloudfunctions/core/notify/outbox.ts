/**
 * The outbox: who must hear about a request's, a wish's or a session's event, decided when the
 * event is written and appended in the same write (issue: "goes into an outbox in the same write
 * as the event"). The scheduler later turns each entry into messages (fanout.ts) and delivers them
 * (deliver.ts).
 */
import { categoryNameOf } from '../../../src/domain/category-settings'
import { similarSummary } from '../../../src/domain/duplicates'
import { heldByStreet } from '../../../src/domain/street'
import type { NoticeFields, NoticeKind } from '../../../src/domain/notify'
import { collection, type Database, type OutboxCollection } from '../db'
import type {
  Audience,
  OutboxEntry,
  OutboxHolder,
  RequestDoc,
  UnitTaskDoc,
  RequestEventDoc,
  WishDoc,
  WishEventDoc,
} from '../model'

/** Moves that hand the request to a grid: whoever works there must hear of it. */
const TO_GRID: Partial<Record<RequestEventDoc['type'], string>> = {
  create: '新诉求待接单',
  escalate: '下级上报的诉求',
  return: '下级退回的诉求，请重新分派',
  dispatch: '上级转派的诉求',
  acceptTimeout: '超时未接单，已上报至本级',
  overdueEscalate: '催办后仍未办结，已上报至本级',
  appeal: '居民再次不满意，转社区办理',
  streetReturn: '街道退回的诉求，请社区办理',
}

/**
 * The notices for one event, given the request as it is after the event. Empty when nobody
 * needs telling (a rating, an auto-close, a cancel before anyone took it).
 */
/** One notice about `event`: never sent to whoever took the step. */
function entryFor(
  event: { at: Date; actorOpenid: string },
  kind: NoticeKind,
  to: Audience[],
  title: string,
  fields: NoticeFields,
): Omit<OutboxEntry, 'seq'> {
  return { at: event.at, kind, to, exceptOpenid: event.actorOpenid, title, fields }
}

/**
 * What the building's 楼栋长 hear of its requests (issue 16): a new one, one gone up (上报 by its
 * grid, or because a clock ran out), one resolved — never a sensitive report, which their building's grid does not see
 * either. The line names no resident: the category, the building, the state.
 */
const TO_BUILDING_LEADERS: Partial<Record<RequestEventDoc['type'], { title: string; state: string }>> = {
  create: { title: '楼里有新诉求', state: '待接单' },
  escalate: { title: '楼里的诉求已上报', state: '已上报' },
  acceptTimeout: { title: '楼里的诉求超时未接单，已上报', state: '已上报' },
  overdueEscalate: { title: '楼里的诉求超期未办结，已上报', state: '已上报' },
  resolve: { title: '楼里的诉求已办结', state: '已办结' },
  unitResolve: { title: '楼里的诉求已办结', state: '已办结' },
}

function buildingLeaderNotices(after: RequestDoc, event: RequestEventDoc): Omit<OutboxEntry, 'seq'>[] {
  const notice = TO_BUILDING_LEADERS[event.type]
  if (!notice || after.sensitive || !after.buildingCode) return []
  return [
    entryFor(event, 'progress', [{ buildingLeadersOf: after.buildingCode }], notice.title, {
      no: after.no,
      what: categoryNameOf(after),
      where: after.buildingName,
      state: notice.state,
      time: event.at.toISOString(),
      note: notice.title,
    }),
  ]
}

/** Who must hear of the request's event: its grid, its resident (or finder), its 楼栋长. */
export function noticesFor(after: RequestDoc, event: RequestEventDoc): Omit<OutboxEntry, 'seq'>[] {
  return [...gridAndResidentNotices(after, event), ...buildingLeaderNotices(after, event)]
}

function gridAndResidentNotices(after: RequestDoc, event: RequestEventDoc): Omit<OutboxEntry, 'seq'>[] {
  const base = (kind: NoticeKind, to: Audience[], title: string, state: string, time: Date, note: string) =>
    entryFor(event, kind, to, title, {
      no: after.no,
      // Fitted to the template's length when it is sent; the 消息 list shows it whole.
      what: after.description,
      where: after.buildingName,
      state,
      time: time.toISOString(),
      note,
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
    case 'transfer': {
      // 转交: the one who takes it over has work to do; the one who held it, that it is no longer theirs.
      const was = after.transferredFrom
      return [
        base(
          'task',
          after.assigneeOpenid ? [{ user: after.assigneeOpenid }] : [],
          '转交给您的诉求',
          '处理中',
          after.resolveBy,
          event.note ?? '转交给您办理',
        ),
        ...(was
          ? [
              base(
                'progress',
                [{ user: was.openid }],
                '您接单的诉求已转交',
                '已转交',
                event.at,
                event.note ?? '已转交',
              ),
            ]
          : []),
      ]
    }
    case 'chase':
    case 'resolveOverdue': {
      // Nobody is above the street: its late 兜底 goes to its own admins.
      const to: Audience[] = [heldByStreet(after) ? { grid: after.gridId } : { leaderAbove: after.gridId }]
      if (after.assigneeOpenid) to.unshift({ user: after.assigneeOpenid })
      const title = event.type === 'chase' ? '上级催办' : '已超过办结时限'
      return [base('chase', to, title, '催办', after.resolveBy, event.note ?? title)]
    }
    case 'urge':
    case 'urgeWaiting': {
      // 居民催办: whoever holds it (or the grid, if nobody has taken it yet) and the leader above.
      const to: Audience[] = [
        after.assigneeOpenid ? { user: after.assigneeOpenid } : { grid: after.gridId },
        { leaderAbove: after.gridId },
      ]
      const due = event.type === 'urge' ? after.resolveBy : after.acceptBy
      return [base('chase', to, '居民催办', '居民催办', due, event.note ?? '居民催办')]
    }
    case 'whistle':
    case 'whistleWaiting':
    case 'unitAccept':
    case 'unitResolve':
    case 'unitReturn':
    case 'unitRecall':
    case 'unitAcceptTimeout':
    case 'unitResolveOverdue':
      // 吹哨报到: each of the unit's moves is about its task (always there once it was called in).
      return after.unit ? unitNotices(after, after.unit, event, base) : []
    case 'streetAcceptTimeout':
      // The street's people, and the community's admins above whom it went (leaderAbove of the street).
      return [
        base(
          'chase',
          [{ grid: after.gridId }, { leaderAbove: after.gridId }],
          '街道兜底超时未受理',
          '催办',
          after.acceptBy,
          event.note ?? '街道兜底超时未受理',
        ),
      ]
    // 转志愿服务 (src/domain/volunteer-work.ts): the resident hears volunteers will help; the one who
    // turned it, when it comes back to them or the resident confirmed the volunteer's work.
    case 'toWish':
      return [
        base(
          'progress',
          [{ user: reporterOf(after) }],
          '您的诉求已转志愿服务',
          '已转志愿服务',
          event.at,
          event.note ?? '将由志愿者帮忙办理',
        ),
      ]
    case 'volunteerBack':
      return [
        base(
          'task',
          after.assigneeOpenid ? [{ user: after.assigneeOpenid }] : [{ grid: after.gridId }],
          '志愿服务未完成，诉求退回您办理',
          '处理中',
          after.resolveBy,
          event.note ?? '志愿者未能完成',
        ),
      ]
    case 'volunteerDone':
      return [
        base(
          'progress',
          after.assigneeOpenid ? [{ user: after.assigneeOpenid }] : [{ grid: after.gridId }],
          '志愿服务已完成，诉求已结案',
          '已完结',
          event.at,
          event.note ?? '居民已确认',
        ),
      ]
    case 'accept':
      return [
        base(
          'progress',
          [{ user: reporterOf(after) }],
          '您的诉求已有网格员接单',
          '已接单',
          event.at,
          `${after.assigneeName ?? '网格员'}正在办理`,
        ),
        ...followerNotices(after, event, '您跟进的诉求已有网格员接单', '已接单', '网格员正在办理'),
      ]
    case 'resolve':
      return [
        base(
          'progress',
          [{ user: reporterOf(after) }],
          after.source === 'patrol' ? '您发现的问题已办结' : '您的诉求已办结，请评价',
          '已办结',
          event.at,
          after.resolutionNote ?? '请评价办理结果',
        ),
        ...followerNotices(after, event, '您跟进的诉求已办结', '已办结', '网格员已办结，如仍有问题请再反映'),
      ]
    case 'merge':
      // 重复诉求: its reporter now follows the one it repeated, and hears of it from there.
      return [
        base(
          'progress',
          [{ user: reporterOf(after) }],
          '您的诉求已与相同诉求合并',
          '已合并',
          event.at,
          event.note ?? '办理进展会继续通知您',
        ),
        // Its followers move with it (duplicates.ts movingPeople): told where, without who.
        ...followerNotices(
          after,
          event,
          '您跟进的诉求已与相同诉求合并',
          '已合并',
          `已合并到${after.mergedInto?.no ?? '相同诉求'}，办理进展会继续通知您`,
        ),
      ]
    default:
      return []
  }
}

/** Who hears of a request's progress: its resident, or for a 巡查发现 whoever found it. */
export function reporterOf(doc: Pick<RequestDoc, 'foundBy' | 'residentOpenid'>): string {
  return doc.foundBy?.openid ?? doc.residentOpenid
}

/**
 * 重复诉求: the neighbours who follow it (+1) hear of its 接单 and 办结 — as neighbours: the start of
 * its words (as the form showed them), no name, no 办理情况 that may name the reporter's door.
 */
function followerNotices(
  after: RequestDoc,
  event: RequestEventDoc,
  title: string,
  state: string,
  note: string,
): Omit<OutboxEntry, 'seq'>[] {
  const reporter = reporterOf(after)
  const to = [...new Set(after.followers ?? [])].filter((f) => f !== reporter).map((user) => ({ user }))
  if (to.length === 0) return []
  return [
    entryFor(event, 'progress', to, title, {
      no: after.no,
      what: similarSummary(after.description),
      where: after.buildingName,
      state,
      time: event.at.toISOString(),
      note,
    }),
  ]
}

/** Numbered entries for one event, starting after what the request already holds. */
export function outboxEntries(after: RequestDoc, event: RequestEventDoc, seq: number): OutboxEntry[] {
  return noticesFor(after, event).map((n, i) => ({ ...n, seq: seq + i }))
}

/** A wish's short number for people: 心愿 + the first 6 of its id. */
export function wishNo(doc: Pick<WishDoc, '_id'>): string {
  return `XY-${doc._id.slice(0, 6).toUpperCase()}`
}

/**
 * Who hears of a wish's step: the grid member reviews and confirms, and hears who claimed it (to
 * connect them); the resident hears it was published, claimed, done; the claimant hears when a
 * claim lapses. The wish's "where" is its grid
 * (volunteers never learn the building).
 */
export function wishNoticesFor(
  after: WishDoc,
  event: WishEventDoc,
  claimant: string | null,
): Omit<OutboxEntry, 'seq'>[] {
  const notice = (kind: NoticeKind, to: Audience[], title: string, state: string, note: string) =>
    entryFor(event, kind, to, title, {
      no: wishNo(after),
      what: after.what,
      where: after.gridName,
      state,
      time: event.at.toISOString(),
      note,
    })
  const resident: Audience[] = [{ user: after.residentOpenid }]
  const steward: Audience[] = [{ grid: after.gridId }]
  switch (event.type) {
    case 'create':
      return [notice('task', steward, '新心愿待审核', '待审核', event.note ?? '请审核后发布到心愿墙')]
    case 'publish':
      return [notice('progress', resident, '您的心愿已上墙', '已上墙', '等待志愿者认领')]
    case 'reject':
      return [notice('progress', resident, '您的心愿未通过审核', '未通过', event.note ?? '请联系网格员')]
    case 'claim': {
      // The grid member connects them (the hand-off): told who claimed it and by when.
      const who = after.claim?.name ?? '志愿者'
      return [
        notice('progress', resident, '您的心愿已被认领', '已认领', `${who}：${event.note ?? ''}`),
        {
          ...notice('task', steward, '心愿已被认领，请帮忙对接', '已认领', `${who}认领，${event.note ?? ''}`),
          // The line in 消息 says who, not only which wish.
          body: `${who}认领了“${after.what}”，${event.note ?? ''}`,
        },
      ]
    }
    case 'fulfil':
      return [
        notice('progress', [...resident, ...steward], '心愿已完成，请确认', '待确认', event.note ?? '请确认'),
      ]
    case 'lapse':
    case 'release':
      return [
        ...(claimant && event.type === 'lapse'
          ? [
              notice(
                'progress',
                [{ user: claimant }],
                '认领已逾期，心愿已重新上墙',
                '已逾期',
                '感谢您的关心，欢迎再次认领',
              ),
            ]
          : []),
        notice('progress', resident, '心愿重新等待认领', '待认领', event.note ?? '认领人未能完成'),
      ]
    case 'confirm':
      return claimant
        ? [
            notice(
              'progress',
              [{ user: claimant }],
              '心愿已圆梦，服务已记入时长',
              '已圆梦',
              '感谢您的志愿服务',
            ),
          ]
        : []
    default:
      return []
  }
}

export function wishOutboxEntries(
  after: WishDoc,
  event: WishEventDoc,
  seq: number,
  claimant: string | null,
): OutboxEntry[] {
  return wishNoticesFor(after, event, claimant).map((n, i) => ({ ...n, seq: seq + i }))
}

/** The fields of an update that appends `entries` to the outbox (nothing if there are none). */
export function outboxAppend(db: Database, entries: OutboxEntry[]): Record<string, unknown> {
  if (entries.length === 0) return {}
  const _ = db.command
  return { outbox: _.push(entries), outboxSeq: _.inc(entries.length), outboxPending: true }
}

/**
 * A change a job makes once (a session's reminder sent, its close, its visits checked) and the
 * notices it owes, in one write: only while `marker` (the state the job saw) still holds, so a
 * second run, or two at once, append nothing twice; and only if no other append came between
 * (outboxSeq), so no two entries share a number — then it reads the document again and retries.
 * Returns whether this call made the change (false: somebody else had). A document from before
 * it kept an outbox gets one.
 */
export async function commitOnce(
  db: Database,
  name: OutboxCollection,
  doc: Pick<OutboxHolder, '_id'> & Partial<OutboxHolder>,
  marker: Record<string, unknown>,
  changes: Record<string, unknown>,
  notices: Omit<OutboxEntry, 'seq'>[],
): Promise<boolean> {
  const _ = db.command
  let current: typeof doc | undefined = doc
  // Each retry follows someone else's append; endless ones would be a bug, not contention.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (!current) return false
    const seq = current.outboxSeq ?? 0
    const res = await collection(db, name)
      .where({ ...marker, _id: doc._id, outboxSeq: current.outboxSeq ?? _.exists(false) })
      .update({
        ...changes,
        ...outboxAppend(
          db,
          notices.map((n, i) => ({ ...n, seq: seq + i })),
        ),
        ...(current.outboxFanned === undefined ? { outboxFanned: 0 } : {}),
      })
    if (res.updated === 1) return true
    const again = await collection(db, name)
      .where({ ...marker, _id: doc._id })
      .limit(1)
      .get()
    current = again.data[0]
  }
  throw new Error(`[outbox] ${name}/${doc._id}: the change kept failing`)
}

type Base = (
  kind: NoticeKind,
  to: Audience[],
  title: string,
  state: string,
  time: Date,
  note: string,
) => Omit<OutboxEntry, 'seq'>

/** 吹哨报到 (src/domain/units.ts): who hears of a move on the unit's task — the unit, its caller, the resident. */
function unitNotices(
  after: RequestDoc,
  unit: UnitTaskDoc,
  event: RequestEventDoc,
  base: Base,
): Omit<OutboxEntry, 'seq'>[] {
  switch (event.type) {
    case 'whistle':
    case 'whistleWaiting': {
      return [
        base(
          'task',
          [{ unitStaffOf: unit.unitId }],
          '社区吹哨：请报到办理',
          '待报到',
          unit.acceptBy,
          event.note ?? '请尽快报到办理',
        ),
        base(
          'progress',
          [{ user: reporterOf(after) }],
          '您的诉求已请责任单位办理',
          '处理中',
          event.at,
          `${unit.unitName}将负责办理`,
        ),
      ]
    }
    case 'unitAccept': {
      const note = `${unit.unitName}已报到，正在办理`
      return [
        base('progress', [{ user: reporterOf(after) }], '责任单位已接单', '处理中', event.at, note),
        base('progress', [{ user: unit.calledBy.openid }], '责任单位已报到', '办理中', unit.resolveBy, note),
      ]
    }
    case 'unitResolve': {
      const note = after.resolutionNote
      return [
        base(
          'progress',
          [{ user: reporterOf(after) }],
          '您的诉求已办结，请评价',
          '已办结',
          event.at,
          note ?? '请评价办理结果',
        ),
        base(
          'progress',
          [{ user: unit.calledBy.openid }],
          '责任单位已办结',
          '已办结',
          event.at,
          note ?? '已办结',
        ),
      ]
    }
    case 'unitReturn': {
      return [
        base(
          'task',
          [{ user: unit.calledBy.openid }],
          '责任单位退回，请另行安排',
          '处理中',
          after.resolveBy,
          event.note ?? '责任单位退回',
        ),
      ]
    }
    case 'unitRecall': {
      return [
        base(
          'task',
          [{ unitStaffOf: unit.unitId }],
          '社区已收回，无需再办理',
          '已收回',
          event.at,
          event.note ?? '社区已收回',
        ),
      ]
    }
    case 'unitAcceptTimeout':
    case 'unitResolveOverdue': {
      const late = event.type === 'unitAcceptTimeout'
      return [
        base(
          'chase',
          [{ user: unit.calledBy.openid }, { leaderAbove: after.gridId }, { unitStaffOf: unit.unitId }],
          late ? '责任单位超时未报到' : '责任单位超期未办结',
          '催办',
          late ? unit.acceptBy : unit.resolveBy,
          `${unit.unitName}${late ? '未在时限内报到' : '未在时限内办结'}`,
        ),
      ]
    }
    default:
      return []
  }
}
