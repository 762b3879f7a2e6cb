/**
 * The 活动 (sessions, sign-ups, children, check-in, hours, 暖心助老) actions of the contract (src/domain/contract/activities.ts, attendance.ts, children.ts, elders.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { activitiesActions } from '../../../src/domain/contract/activities'
import type { activityChangeActions } from '../../../src/domain/contract/activity-change'
import type { attendanceActions } from '../../../src/domain/contract/attendance'
import type { childrenActions } from '../../../src/domain/contract/children'
import type { eldersActions } from '../../../src/domain/contract/elders'
import type { organisersActions } from '../../../src/domain/contract/organisers'
import type { HandlersOf } from '../handlers'
import { createActivity, getActivity, getSession, listSessions } from './actions'
import { callOffActivity, callOffSession, editActivity, editSession } from './change'
import { checkIn, checkInCode, checkOut } from './attendance'
import { listChildren, registerChild } from './children'
import { addElder, listVisits, logVisit } from './elders'
import { confirmSession, getRoster } from './hours'
import { excuseAbsence, liftLock, releaseSignup } from './excuse'
import { addOrganiser, listOrganisers, removeOrganiser } from './organisers'
import { acceptOffer, cancelSignup, signUp, signUpAll } from './signup'

export const activitiesHandlers: HandlersOf<
  typeof activitiesActions &
    typeof activityChangeActions &
    typeof attendanceActions &
    typeof childrenActions &
    typeof eldersActions &
    typeof organisersActions
> = {
  'activity.create': createActivity,
  'activity.sessions': listSessions,
  'session.signUp': signUp,
  'activity.signUpAll': signUpAll,
  'session.cancel': cancelSignup,
  'session.acceptOffer': acceptOffer,
  'activity.get': getActivity,
  'session.get': getSession,
  'activity.edit': editActivity,
  'session.edit': editSession,
  'session.callOff': callOffSession,
  'activity.callOff': callOffActivity,
  'child.register': registerChild,
  'child.list': listChildren,
  'session.roster': getRoster,
  'session.checkIn': checkIn,
  'session.release': releaseSignup,
  'session.excuse': excuseAbsence,
  'session.liftLock': liftLock,
  'session.checkOut': checkOut,
  'session.confirm': confirmSession,
  'session.checkInCode': checkInCode,
  'elder.add': addElder,
  'visit.list': listVisits,
  'visit.log': logVisit,
  'activity.organisers': listOrganisers,
  'activity.addOrganiser': addOrganiser,
  'activity.removeOrganiser': removeOrganiser,
}
