/**
 * The one list of actions (architecture.md, "The contract"): name → input schema, output schema,
 * who may call it, its rate limit and which of its fields are user text — each declared once, in
 * its feature's file here. The typed client (src/api) and the server router both derive from it,
 * so a renamed field breaks the build, not production.
 */
import type { z } from 'zod'
import { meActions } from './me'
import { requestsActions } from './requests'
import { metricsActions } from './metrics'
import { wishesActions } from './wishes'
import { volunteersActions } from './volunteers'
import { activitiesActions } from './activities'
import { activityChangeActions } from './activity-change'
import { childrenActions } from './children'
import { attendanceActions } from './attendance'
import { eldersActions } from './elders'
import { messagesActions } from './messages'
import { setupActions } from './setup'
import { rolesActions } from './roles'
import { buildingsActions } from './buildings'
import { retireActions } from './retire'
import { privacyActions } from './privacy'
import { calendarActions } from './calendar'
import { uploadsActions } from './uploads'
import { gradingActions } from './grading'
import { fieldlogActions } from './fieldlog'
import { contactsActions } from './contacts'
import { unitsActions } from './units'
import { streetActions } from './street'
import { neighbourRequest, patrolActions } from './patrol'
import { organisersActions } from './organisers'
import { categoriesActions, categorySettingsView } from './categories'
import { duplicatesActions, followedRequest, similarRequest } from './duplicates'
import { apikeysActions, apiKeyList } from './apikeys'
import { volunteerWorkActions } from './volunteer-work'

export * from './schemas'
import {
  buildingView,
  calendarYearView,
  importPreview,
  inboxPage,
  inboxTabs,
  invitationView,
  meView,
  messageView,
  metricsMonth,
  myService,
  notifySettings,
  requestDetail,
  requestEventView,
  requestSummary,
  roleList,
  wishCard,
  wishDetail,
} from './schemas'

export const contract = {
  ...meActions,
  ...requestsActions,
  ...metricsActions,
  ...wishesActions,
  ...volunteersActions,
  ...activitiesActions,
  ...activityChangeActions,
  ...childrenActions,
  ...attendanceActions,
  ...eldersActions,
  ...messagesActions,
  ...setupActions,
  ...rolesActions,
  ...buildingsActions,
  ...retireActions,
  ...privacyActions,
  ...calendarActions,
  ...uploadsActions,
  ...gradingActions,
  ...fieldlogActions,
  ...contactsActions,
  ...unitsActions,
  ...streetActions,
  ...patrolActions,
  ...organisersActions,
  ...categoriesActions,
  ...duplicatesActions,
  ...apikeysActions,
  ...volunteerWorkActions,
}

export type Contract = typeof contract
export type CalendarYearView = z.output<typeof calendarYearView>
export type ActionName = keyof Contract
export type ActionInput<A extends ActionName> = z.input<Contract[A]['input']>
export type ActionOutput<A extends ActionName> = z.output<Contract[A]['output']>

export type MeView = z.output<typeof meView>
export type BuildingView = z.output<typeof buildingView>
export type RequestSummary = z.output<typeof requestSummary>
export type RequestDetail = z.output<typeof requestDetail>
export type RequestEventView = z.output<typeof requestEventView>
export type InboxTab = (typeof inboxTabs)[number]
export type InboxPage = z.output<typeof inboxPage>
export type MetricsMonth = z.output<typeof metricsMonth>
export type MessageView = z.output<typeof messageView>
export type WishCard = z.output<typeof wishCard>
export type MyService = z.output<typeof myService>
export type WishDetail = z.output<typeof wishDetail>
export type NotifySettings = z.output<typeof notifySettings>
export type ImportPreview = z.output<typeof importPreview>
export type InvitationView = z.output<typeof invitationView>
export type RoleList = z.output<typeof roleList>
export type { PollView, RectifyView } from './grading'
export type NeighbourRequest = z.output<typeof neighbourRequest>
export type { OrganisersView } from './organisers'
export type CategorySettingsView = z.output<typeof categorySettingsView>
export type SimilarRequest = z.output<typeof similarRequest>
export type FollowedRequest = z.output<typeof followedRequest>
export type ApiKeyList = z.output<typeof apiKeyList>
