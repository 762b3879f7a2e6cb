/**
 * The `api` function's feature slices: each names its part of the contract (src/domain/contract/
 * <feature>.ts, the one list of what actions exist) and its table of use cases, both imported on
 * the first call of one of its actions. A cold start evaluates neither: no zod schema is built, no
 * use case's module (nor exceljs, pdf-lib, fonts) is read until a call needs it; a resident's
 * request.create loads the 诉求 slice alone (issue 21; scripts/build-functions.ts keeps the bundle's
 * lazy imports lazy). `servesEveryAction` fails to compile if an action of the contract has no
 * slice, or a slice serves one the contract does not declare; each table is typed by its actions.
 */
import type { z } from 'zod'
import type { ActionName } from '../../src/domain/contract'
import type { HandlersOf } from './handlers'

type Declared = Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>

export interface Slice<T extends Declared = Declared> {
  /** A name for the bench's breakdown. */
  name: string
  actions: () => Promise<T>
  handlers: () => Promise<HandlersOf<T>>
}

function slice<T extends Declared>(
  name: string,
  actions: () => Promise<T>,
  handlers: () => Promise<HandlersOf<T>>,
): Slice<T> {
  return { name, actions, handlers }
}

export const SLICES = [
  slice(
    'me',
    async () => (await import('../../src/domain/contract/me')).meActions,
    async () => (await import('./me/handlers')).meHandlers,
  ),
  slice(
    'requests',
    async () => (await import('../../src/domain/contract/requests')).requestsActions,
    async () => (await import('./requests/handlers')).requestsHandlers,
  ),
  slice(
    'metrics',
    async () => (await import('../../src/domain/contract/metrics')).metricsActions,
    async () => (await import('./metrics/handlers')).metricsHandlers,
  ),
  slice(
    'uploads',
    async () => (await import('../../src/domain/contract/uploads')).uploadsActions,
    async () => (await import('./uploads/handlers')).uploadsHandlers,
  ),
  slice(
    'calendar',
    async () => (await import('../../src/domain/contract/calendar')).calendarActions,
    async () => (await import('./calendar/handlers')).calendarHandlers,
  ),
  slice(
    'wishes',
    async () => (await import('../../src/domain/contract/wishes')).wishesActions,
    async () => (await import('./wishes/handlers')).wishesHandlers,
  ),
  slice(
    'volunteers',
    async () => (await import('../../src/domain/contract/volunteers')).volunteersActions,
    async () => (await import('./volunteers/handlers')).volunteersHandlers,
  ),
  slice(
    'activities',
    async () => ({
      ...(await import('../../src/domain/contract/activities')).activitiesActions,
      ...(await import('../../src/domain/contract/activity-change')).activityChangeActions,
      ...(await import('../../src/domain/contract/attendance')).attendanceActions,
      ...(await import('../../src/domain/contract/children')).childrenActions,
      ...(await import('../../src/domain/contract/elders')).eldersActions,
      ...(await import('../../src/domain/contract/organisers')).organisersActions,
    }),
    async () => (await import('./activities/handlers')).activitiesHandlers,
  ),
  slice(
    'notify',
    async () => (await import('../../src/domain/contract/messages')).messagesActions,
    async () => (await import('./notify/handlers')).notifyHandlers,
  ),
  slice(
    'setup',
    async () => (await import('../../src/domain/contract/setup')).setupActions,
    async () => (await import('./setup/handlers')).setupHandlers,
  ),
  slice(
    'roles',
    async () => (await import('../../src/domain/contract/roles')).rolesActions,
    async () => (await import('./roles/handlers')).rolesHandlers,
  ),
  slice(
    'buildings',
    async () => (await import('../../src/domain/contract/buildings')).buildingsActions,
    async () => (await import('./buildings/handlers')).buildingsHandlers,
  ),
  slice(
    'retire',
    async () => (await import('../../src/domain/contract/retire')).retireActions,
    async () => (await import('./retire/handlers')).retireHandlers,
  ),
  slice(
    'privacy',
    async () => (await import('../../src/domain/contract/privacy')).privacyActions,
    async () => (await import('./privacy/handlers')).privacyHandlers,
  ),
  slice(
    'grading',
    async () => (await import('../../src/domain/contract/grading')).gradingActions,
    async () => (await import('./grading/handlers')).gradingHandlers,
  ),
  slice(
    'fieldlog',
    async () => (await import('../../src/domain/contract/fieldlog')).fieldlogActions,
    async () => (await import('./fieldlog/handlers')).fieldlogHandlers,
  ),
  slice(
    'contacts',
    async () => (await import('../../src/domain/contract/contacts')).contactsActions,
    async () => (await import('./contacts/handlers')).contactsHandlers,
  ),
  slice(
    'units',
    async () => (await import('../../src/domain/contract/units')).unitsActions,
    async () => (await import('./units/handlers')).unitsHandlers,
  ),
  slice(
    'street',
    async () => (await import('../../src/domain/contract/street')).streetActions,
    async () => (await import('./street/handlers')).streetHandlers,
  ),
  slice(
    'patrol',
    async () => (await import('../../src/domain/contract/patrol')).patrolActions,
    async () => (await import('./requests/patrol-handlers')).patrolHandlers,
  ),
  slice(
    'categories',
    async () => (await import('../../src/domain/contract/categories')).categoriesActions,
    async () => (await import('./categories/handlers')).categoriesHandlers,
  ),
  slice(
    'duplicates',
    async () => (await import('../../src/domain/contract/duplicates')).duplicatesActions,
    async () => (await import('./requests/duplicates-handlers')).duplicatesHandlers,
  ),
  slice(
    'apikeys',
    async () => (await import('../../src/domain/contract/apikeys')).apikeysActions,
    async () => (await import('./apikeys/handlers')).apikeysHandlers,
  ),
  slice(
    'volunteerWork',
    async () => (await import('../../src/domain/contract/volunteer-work')).volunteerWorkActions,
    async () => (await import('./requests/volunteer-handlers')).volunteerWorkHandlers,
  ),
] as const

type Served = (typeof SLICES)[number] extends infer S ? (S extends Slice<infer T> ? keyof T : never) : never
/** Every action of the contract has a slice, and no slice serves one the contract lacks. */
const servesEveryAction: [ActionName] extends [Served]
  ? [Served] extends [ActionName]
    ? true
    : never
  : never = true
void servesEveryAction

/**
 * Which slice (its place in SLICES) serves each action, read from the slices' own parts of the
 * contract — every one imported, so: at build time (written into the bundle) or once from source.
 * An action two slices declare is refused.
 */
export async function sliceIndex(): Promise<Record<string, number>> {
  const index: Record<string, number> = {}
  const parts = await Promise.all(SLICES.map((s) => s.actions()))
  parts.forEach((actions, i) => {
    for (const name of Object.keys(actions)) {
      if (name in index)
        throw new Error(`${name}: served by ${SLICES[index[name]].name} and ${SLICES[i].name}`)
      index[name] = i
    }
  })
  return index
}
