/**
 * The `api` function's router: identity → action lookup → zod validation → access check →
 * use case → `{ ok, data | error }`. Every action goes through here; the shell only adapts.
 */
import type { ActionName, Contract } from '../../src/domain/contract'
import { AppError, type ApiResponse } from '../../src/domain/errors'
import { isStaff, isWorker, unitsOf } from '../../src/domain/access'
import { BIND_FIRST, type ActionContext, type Caller, type Deps } from './context'
import { SLICES, sliceIndex } from './slices'
import { checkActionText } from './content'
import { releaseRateLimit, takeRateLimit } from './ratelimit'
import { REFUNDED_CODES } from '../../src/domain/ratelimits'
import { collection } from './db'
import { narrowed } from './working'

/** Written by scripts/build-functions.ts into the bundle: sliceIndex(), computed at build time. */
declare const __API_SLICE_INDEX__: Record<string, number> | undefined

type Handler = (input: unknown, ctx: ActionContext) => Promise<unknown>
interface LoadedSlice {
  actions: Record<string, Contract[ActionName]>
  handlers: Record<string, Handler>
  parseInput: typeof import('../../src/domain/validation').parseInput
}

let index: Promise<ReadonlyMap<string, number>> | null = null
/** Which slice serves each action: in the bundle, known without loading any; from source, read once. */
function actionIndex(): Promise<ReadonlyMap<string, number>> {
  index ??= (
    typeof __API_SLICE_INDEX__ !== 'undefined' ? Promise.resolve(__API_SLICE_INDEX__) : sliceIndex()
  ).then((record) => new Map(Object.entries(record)))
  return index
}

const loaded = new Map<number, Promise<LoadedSlice>>()
/** A slice's part of the contract and its use cases, imported on its first call (a failed import is tried again). */
function loadSlice(at: number): Promise<LoadedSlice> {
  let slice = loaded.get(at)
  if (!slice) {
    const s = SLICES[at]
    slice = Promise.all([s.actions(), s.handlers(), import('../../src/domain/validation')]).then(
      ([actions, handlers, validation]) => ({
        actions: actions as unknown as LoadedSlice['actions'],
        handlers: handlers as unknown as LoadedSlice['handlers'],
        parseInput: validation.parseInput,
      }),
    )
    slice.catch(() => loaded.delete(at))
    loaded.set(at, slice)
  }
  return slice
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
        const at = typeof body.action === 'string' ? (await actionIndex()).get(body.action) : undefined
        if (at === undefined) throw new AppError('INVALID_INPUT', '不支持的操作')
        const name = body.action as ActionName
        const slice = await loadSlice(at)
        const spec = slice.actions[name]
        const input = slice.parseInput(spec.input, body.input)
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
          const contentCheck = await checkActionText(deps.wx, openid, spec, input as never)
          const data = await slice.handlers[name](input, { deps, caller, contentCheck })
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
