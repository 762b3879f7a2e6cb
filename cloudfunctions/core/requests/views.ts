/**
 * What a caller sees of a request: the summary card, the detail with its 台账 (names shown by
 * relation), the 超时 mark and the moves offered to this caller.
 */
import { categoryNameOf } from '../../../src/domain/category-settings'
import type { RequestDetail, RequestSummary } from '../../../src/domain/contract'
import {
  availableActions,
  REQUEST_STATUSES,
  REQUEST_TRANSITIONS,
  type Relation,
  type RequestAction,
} from '../../../src/domain/request'
import { maskPhone } from '../../../src/domain/privacy'
import { contentLabelName } from '../../../src/domain/usertext'
import { formatLocal } from '../../../src/domain/time'
import type { Caller, Deps } from '../context'
import { unitOrgsOf } from '../../../src/domain/street'
import { type Database, collection } from '../db'
import { moveBlocked } from './rules'
import type { RequestDoc, RequestEventDoc } from '../model'
import { photoViews } from '../photos'
import { BUILT_IN_CALENDAR } from '../../../src/domain/calendar'
import { communityCalendar } from '../calendar/store'
import { relationsOf } from './store'
import { volunteerView } from './volunteer-view'
import { UNIT_KINDS, UNIT_TASK_STATES } from '../../../src/domain/units'

const EVENT_TITLES: Record<string, string> = {
  create: '提交诉求',
  accept: '网格员接单',
  rate: '居民评价',
  cancel: '居民撤销',
  merge: '已合并到相同诉求',
}

function eventTitle(doc: RequestDoc, type: RequestEventDoc['type']): string {
  // A 巡查发现 was found, not submitted by a resident.
  if (type === 'create' && doc.source === 'patrol') return '登记巡查发现'
  return EVENT_TITLES[type] ?? REQUEST_TRANSITIONS[type as RequestAction].label
}

export function toSummary(doc: RequestDoc): RequestSummary {
  return {
    id: doc._id,
    no: doc.no,
    category: doc.category,
    categoryName: categoryNameOf(doc),
    description: doc.description,
    status: doc.status,
    statusName: REQUEST_STATUSES[doc.status],
    buildingName: doc.buildingName,
    gridName: doc.gridName,
    level: doc.level,
    assigneeName: doc.assigneeName,
    recordedByName: doc.recordedBy?.name ?? null,
    createdAt: doc.createdAt.toISOString(),
    acceptBy: doc.acceptBy.toISOString(),
    resolveBy: doc.resolveBy.toISOString(),
    overdueMark: overdueMark(doc),
    sensitive: !!doc.sensitive,
    contentLabel: contentLabelName(doc.contentLabel),
    source: doc.source ?? 'resident',
    place: doc.place ?? null,
    foundByName: doc.foundBy?.name ?? null,
    unit: doc.unit
      ? {
          name: doc.unit.unitName,
          kindName: UNIT_KINDS[doc.unit.kind],
          state: doc.unit.state,
          stateName: UNIT_TASK_STATES[doc.unit.state],
          calledByName: doc.unit.calledBy.name,
          acceptBy: doc.unit.acceptBy.toISOString(),
          resolveBy: doc.unit.resolveBy.toISOString(),
        }
      : null,
    followerCount: doc.followers?.length ?? 0,
    mergedIntoNo: doc.mergedInto?.no ?? null,
    neighbourRatingCount: doc.neighbourRatings?.length ?? 0,
  }
}

/** What the 台账 says of the last clock that ran out on it, in a line; null if none did. */
function overdueMark(doc: RequestDoc): string | null {
  const late = [...doc.events].reverse().find((e) => LATE_EVENTS.includes(e.type))
  if (!late) return null
  return `${formatLocal(late.at, 'MM-DD HH:mm')} ${REQUEST_TRANSITIONS[late.type as RequestAction].label}：${late.note ?? ''}`
}

/** Clocks that ran out, and the resident's 催办 of one (the grid sees who is waiting). */
const LATE_EVENTS: string[] = ['acceptTimeout', 'resolveOverdue', 'overdueEscalate', 'urge', 'urgeWaiting']

async function residentOf(
  db: Database,
  doc: RequestDoc,
  relations: Set<Relation>,
): Promise<RequestDetail['resident']> {
  // The unit called in must reach the resident to fix it (a plumber at the door): as the grid does.
  if (!relations.has('handler') && !relations.has('assignee') && !relations.has('unit')) return null
  // 巡查发现: nobody's request; the finder is on the card (foundByName).
  if (doc.source === 'patrol') return null
  const res = await collection(db, 'users').doc(doc.residentOpenid).get()
  const user = res.data?.[0]
  // Masked for everyone: the one who must call back asks for the whole number (person.reveal),
  // which is logged (architecture.md, "Personal data").
  return {
    name: user?.name ?? doc.residentName,
    phone: maskPhone(user?.phone) ?? null,
    room: user?.room ?? null,
    noPhone: !user?.phone && !!user?.noPhone,
  }
}

const CALENDAR_MOVES: RequestAction[] = ['return', 'urge', 'urgeWaiting']

/** The moves this caller may make `at` this moment: the table's, less those a rule would refuse. */
async function offeredActions(
  db: Database,
  doc: RequestDoc,
  relations: Set<Relation>,
  caller: Caller,
  at: Date,
): Promise<RequestAction[]> {
  const actions = availableActions(doc.status, relations)
  // Only the 退回 window and 催办 count working days: the calendar is read when those are in question.
  const calendar = actions.some((a) => CALENDAR_MOVES.includes(a))
    ? await communityCalendar(db, doc.communityId)
    : BUILT_IN_CALENDAR
  // 吹哨 only where the community has units to call in.
  const whistles = actions.some((a) => a === 'whistle' || a === 'whistleWaiting')
  const units = whistles
    ? (
        await collection(db, 'units')
          .where({ communityId: db.command.in(unitOrgsOf(doc)) })
          .count()
      ).total
    : 0
  return actions.filter(
    (a) =>
      !moveBlocked(doc, a, at, caller.openid, calendar) &&
      (units > 0 || (a !== 'whistle' && a !== 'whistleWaiting')),
  )
}

/** The request as this caller may see it, with the buttons that would really work `at` this moment. */
export async function toDetail(
  { db, files }: Pick<Deps, 'db' | 'files'>,
  doc: RequestDoc,
  caller: Caller,
  at: Date,
): Promise<RequestDetail> {
  const relations = relationsOf(doc, caller)
  const photos = photoViews(files, doc, relations)
  return {
    ...toSummary(doc),
    events: doc.events.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      title: eventTitle(doc, e.type),
      actorName: e.actorName,
      from: e.from,
      to: e.to,
      note: e.note,
    })),
    resolutionNote: doc.resolutionNote,
    rating: doc.rating,
    ratingComment: doc.ratingComment,
    resident: await residentOf(db, doc, relations),
    actions: await offeredActions(db, doc, relations, caller, at),
    volunteer: await volunteerView(db, doc),
    reopenCount: doc.reopenCount,
    photos: await photos,
  }
}
