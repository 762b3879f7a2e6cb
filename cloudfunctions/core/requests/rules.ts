/**
 * Rules a move must pass beyond the transition table, in one place: the server refuses with the
 * reason, and the request screen does not offer a button that would only be refused.
 */
import type { RequestAction } from '../../../src/domain/request'
import type { Calendar } from '../../../src/domain/calendar'
import { addWorkingDays } from '../../../src/domain/workdays'
import type { RequestDoc } from '../model'
import { STREET_LEVEL, heldByStreet } from '../../../src/domain/street'
import { urgeRefusal } from '../../../src/domain/urge'
import { recallRefusal, unitMoveRefusal } from '../../../src/domain/units'

/** The resident's last 催办 of it, from its 台账. */
export function lastUrgeAt(doc: RequestDoc): Date | null {
  const last = [...doc.events].reverse().find((e) => e.type === 'urge' || e.type === 'urgeWaiting')
  return last ? new Date(last.at) : null
}

/** A unit called in has the request now (待报到 or 办理中). */
function unitHolds(doc: RequestDoc): boolean {
  return !!doc.unit && (doc.unit.state === 'called' || doc.unit.state === 'accepted')
}

export function moveBlocked(
  doc: RequestDoc,
  action: RequestAction,
  at: Date,
  by: string,
  calendar: Calendar,
): string | null {
  switch (action) {
    case 'return':
      if (doc.level <= 1) return '社区一级不能退回，请直接转派或处理'
      if (at > addWorkingDays(doc.assignedAt, 1, calendar))
        return '分派已超过1个工作日，不能退回；请上报或处理'
      return null
    case 'escalate':
      if (doc.level <= STREET_LEVEL) return '已到街道兜底，不能再上报'
      // A unit called in holds it: it goes back (退回) or is taken back (收回) first.
      if (unitHolds(doc)) return `已请${doc.unit?.unitName}办理，请等它办结、退回，或先收回`
      // Once someone has taken it on, it is theirs to hand up.
      if (doc.status === 'accepted' && doc.assigneeOpenid !== by)
        return `${doc.assigneeName ?? '其他网格员'}已接单，只有接单人可以上报`
      return null
    case 'dispatch':
      // 治安线索: only the community level sees it, so below it nobody could take it.
      return doc.sensitive ? '涉及治安线索的诉求由社区办理，不能转派到网格' : null
    case 'cancel':
      // Waiting again after an escalation is not "before acceptance": work was done on it.
      return doc.events.some((e) => e.type === 'accept')
        ? '已被接单的诉求不能撤销，如有变化请联系网格员'
        : null
    case 'urge':
    case 'urgeWaiting':
      // The resident themself: a 代录's supervisor has 催办 of their own (chase).
      if (doc.residentOpenid !== by) return '只有提交人本人可以催办'
      return urgeRefusal({ ...doc, lastUrgeAt: lastUrgeAt(doc) }, at, calendar)
    case 'chase':
      // 催办 is of someone else: who holds it does not chase themself.
      return doc.assigneeOpenid === by ? '这条诉求由您办理，无需催办自己' : null
    case 'resolve':
      // The unit called in resolves it (or hands it back first): not both.
      if (unitHolds(doc)) return `已请${doc.unit?.unitName}办理，由它办结；不归它办的，它会退回`
      return null
    case 'whistle':
    case 'whistleWaiting':
      if (doc.unit && (doc.unit.state === 'called' || doc.unit.state === 'accepted'))
        return `已请${doc.unit.unitName}办理，请等它办结或退回`
      return null
    case 'unitAccept':
    case 'unitResolve':
    case 'unitReturn':
      return unitMoveRefusal(doc.unit?.state, action)
    case 'unitRecall':
      return recallRefusal(doc.unit?.state)
    case 'toWish':
      // 转志愿服务 (src/domain/volunteer-work.ts): a resident's need, out on the public wall.
      if (doc.source === 'patrol') return '巡查发现的问题没有求助的居民，不能转志愿服务'
      if (doc.sensitive) return '涉及治安线索的诉求不能上心愿墙'
      if (heldByStreet(doc)) return '街道兜底的诉求请街道办理，不能转志愿服务'
      if (unitHolds(doc)) return `已请${doc.unit?.unitName}办理，请等它办结、退回，或先收回`
      return null
    case 'streetReturn':
      if (!heldByStreet(doc)) return '只有到了街道兜底的诉求可以退回社区'
      if (unitHolds(doc)) return `已请${doc.unit?.unitName}办理，请等它办结、退回，或先收回`
      return null
    default:
      return null
  }
}
