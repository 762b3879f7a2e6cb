/**
 * The `api` function's router: identity → action lookup → zod validation → access check →
 * use case → `{ ok, data | error }`. Every action goes through here; the shell only adapts.
 */
import { contract, type ActionName, type Contract } from '../../src/domain/contract'
import { AppError, type ApiResponse } from '../../src/domain/errors'
import { isStaff, isWorker, unitsOf } from '../../src/domain/access'
import { parseInput } from '../../src/domain/validation'
import { BIND_FIRST, type ActionContext, type Caller, type Deps } from './context'
import type { HandlersOf } from './handlers'
import { meHandlers } from './me/handlers'
import { requestsHandlers } from './requests/handlers'
import { metricsHandlers } from './metrics/handlers'
import { uploadsHandlers } from './uploads/handlers'
import { calendarHandlers } from './calendar/handlers'
import { wishesHandlers } from './wishes/handlers'
import { volunteersHandlers } from './volunteers/handlers'
import { activitiesHandlers } from './activities/handlers'
import { notifyHandlers } from './notify/handlers'
import { setupHandlers } from './setup/handlers'
import { rolesHandlers } from './roles/handlers'
import { buildingsHandlers } from './buildings/handlers'
import { retireHandlers } from './retire/handlers'
import { privacyHandlers } from './privacy/handlers'
import { gradingHandlers } from './grading/handlers'
import { fieldlogHandlers } from './fieldlog/handlers'
import { contactsHandlers } from './contacts/handlers'
import { unitsHandlers } from './units/handlers'
import { streetHandlers } from './street/handlers'
import { patrolHandlers } from './requests/patrol-handlers'
import { categoriesHandlers } from './categories/handlers'
import { duplicatesHandlers } from './requests/duplicates-handlers'
import { apikeysHandlers } from './apikeys/handlers'
import { volunteerWorkHandlers } from './requests/volunteer-handlers'
import { checkActionText } from './content'
import { releaseRateLimit, takeRateLimit } from './ratelimit'
import { REFUNDED_CODES } from '../../src/domain/ratelimits'
import { collection } from './db'
import { narrowed } from './working'

/** Every action's use case: each feature's table, merged (a missing or extra one does not compile). */
const handlers: HandlersOf<Contract> = {
  ...meHandlers,
  ...requestsHandlers,
  ...metricsHandlers,
  ...uploadsHandlers,
  ...calendarHandlers,
  ...wishesHandlers,
  ...volunteersHandlers,
  ...activitiesHandlers,
  ...notifyHandlers,
  ...setupHandlers,
  ...rolesHandlers,
  ...buildingsHandlers,
  ...retireHandlers,
  ...privacyHandlers,
  ...gradingHandlers,
  ...fieldlogHandlers,
  ...contactsHandlers,
  ...unitsHandlers,
  ...streetHandlers,
  ...patrolHandlers,
  ...categoriesHandlers,
  ...duplicatesHandlers,
  ...apikeysHandlers,
  ...volunteerWorkHandlers,
}

/** Who is calling, as every action sees them: their user document and memberships in the community they work in. */
export async function loadCaller(deps: Deps, openid: string): Promise<Caller> {
  const { db } = deps
  const [user, memberships] = await Promise.all([
    collection(db, 'users').doc(openid).get(),
    collection(db, 'memberships').where({ openid }).limit(100).get(),
  ])
  const doc = user.data[0] ?? null
  return { openid, user: doc, ...narrowed(doc, memberships.data) }
}

function authorize(access: Contract[ActionName]['access'], caller: Caller): void {
  if (access === 'resident' && !caller.user?.buildingCode) {
    throw new AppError('FORBIDDEN', BIND_FIRST)
  }
  // Refused where they work, but theirs in another of their communities: say to switch there.
  const refuse = (message: string, holdsElsewhere: boolean) => {
    throw new AppError('FORBIDDEN', holdsElsewhere ? `${message}，请先在「我的」切换社区` : message)
  }
  if (access === 'staff' && !isStaff(caller.memberships)) {
    refuse('只有网格员可以使用工作台', isStaff(caller.allMemberships))
  }
  if (access === 'unit' && unitsOf(caller.memberships).length === 0) {
    refuse('只有责任单位联系人可以使用', unitsOf(caller.allMemberships).length > 0)
  }
  if (access === 'worker' && !isWorker(caller.memberships)) {
    refuse('只有网格员或楼栋长可以这样做', isWorker(caller.allMemberships))
  }
}

function isActionName(name: unknown): name is ActionName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}

export interface Api {
  /** `event` is exactly what the mini-program passed to callFunction; `openid` comes from the platform. */
  handle(event: unknown, openid: string | null): Promise<ApiResponse<unknown>>
}

export function createApi(deps: Deps, log: (msg: string, err: unknown) => void = console.error): Api {
  return {
    async handle(event, openid) {
      try {
        if (!openid) throw new AppError('UNAUTHENTICATED')
        const body = (event ?? {}) as { action?: unknown; input?: unknown }
        if (!isActionName(body.action)) throw new AppError('INVALID_INPUT', '不支持的操作')
        const name = body.action
        const spec = contract[name]
        const input = parseInput(spec.input, body.input)
        const limit = spec.rateLimit
        const rawKey = (input as { requestId?: unknown }).requestId
        const key = typeof rawKey === 'string' ? rawKey : null
        const charge = limit ? { openid, action: name, limit, at: deps.now(), key } : null
        // Counted only once the caller may call it: at once, beside the caller's lookup, where
        // nobody is refused for who they are ('user'); after the access check everywhere else.
        const early = charge && spec.access === 'user' ? takeRateLimit(deps.db, charge) : null
        const [caller] = await Promise.all([loadCaller(deps, openid), early])
        authorize(spec.access, caller)
        if (charge && !early) await takeRateLimit(deps.db, charge)
        try {
          const contentCheck = await checkActionText(deps.wx, openid, name, input as never)
          const handler = handlers[name] as (input: unknown, ctx: ActionContext) => Promise<unknown>
          const data = await handler(input, { deps, caller, contentCheck })
          return { ok: true, data }
        } catch (err) {
          // Counted is what was done or validly tried: a call refused for its input gives its count back.
          if (
            charge &&
            !charge.limit.countRefusals &&
            err instanceof AppError &&
            REFUNDED_CODES.includes(err.code)
          )
            await releaseRateLimit(deps.db, charge)
          throw err
        }
      } catch (err) {
        if (err instanceof AppError) return { ok: false, error: err.toApiError() }
        // A bug or an outage: log it whole here, never send a stack to the phone.
        log('[api] internal error', err)
        return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }
      }
    },
  }
}
