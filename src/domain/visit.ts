/**
 * The 暖心助老 visit as data (domain.md, "Activities": elder-care teams): each elder on a team's list
 * is due once per visit day; a volunteer on that day's rota (or the organiser) logs the visit from
 * the start until the day ends, or the scheduler records it as missed when the day is over and
 * tells the building's grid (cloudfunctions/core/activities/elders.ts, jobs.ts flagMissedVisits).
 * The shape follows request.ts and wish.ts.
 *
 * `due` is not stored: it is the elder on the list with no visit document for the day yet. Both
 * moves create the document, so a visit is written once (its id derives from session and elder).
 * The 民情日志 round of issue 16 will bring household visits of its own.
 */
import { tableCheck, transitionTable } from './transitions'

export const VISIT_STATUSES = {
  due: '待探访',
  logged: '已探访',
  missed: '未探访',
} as const
export type VisitStatus = keyof typeof VISIT_STATUSES
export const VISIT_INITIAL: readonly VisitStatus[] = ['due']

/** rota: a volunteer confirmed for the visit day, or its organiser; system: the scheduler. */
export type VisitRelation = 'rota' | 'system'
export const VISIT_RELATIONS: Record<VisitRelation, string> = {
  rota: '当天的探访志愿者或组织者',
  system: '系统',
}

export const VISIT_TRANSITIONS = transitionTable<VisitStatus, VisitRelation>()({
  log: { from: ['due'], to: 'logged', by: ['rota'], kind: 'user', label: '登记探访' },
  miss: {
    from: ['due'],
    to: 'missed',
    by: ['system'],
    kind: 'system',
    label: '当天结束仍未登记，记为未探访并告知网格',
  },
})

export type VisitAction = keyof typeof VISIT_TRANSITIONS

const FORBIDDEN: Record<VisitAction, string> = {
  log: '只有本次探访的志愿者和组织者可以登记探访',
  miss: '这一步由系统在当天结束时完成',
}

const CONFLICT: Record<VisitAction, string> = {
  log: '这次探访已经登记过了',
  miss: '这次探访已经登记过了',
}

/** May someone standing in `relations` take `action` from `status`? (transitions.ts tableCheck) */
export const visitTransition = tableCheck<VisitAction, VisitStatus, VisitRelation>(VISIT_TRANSITIONS, {
  forbidden: FORBIDDEN,
  conflict: CONFLICT,
})
