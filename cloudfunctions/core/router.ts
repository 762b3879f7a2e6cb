/**
 * The `api` function's router: identity → action lookup → zod validation → access check →
 * use case → `{ ok, data | error }`. Every action goes through here; the shell only adapts.
 */
import type { z } from 'zod'
import { contract, type ActionName, type ActionOutput, type Contract } from '../../src/domain/contract'
import { BIND_FIRST } from './context'
import { AppError, type ApiResponse } from '../../src/domain/errors'
import { isStaff } from '../../src/domain/access'
import { parseInput } from '../../src/domain/validation'
import { getMe, bindBuilding, lookupBuilding, saveContact } from './me/actions'
import { createActivity, getActivity, getSession, listSessions } from './activities/actions'
import { acceptOffer, cancelSignup, signUp, signUpAll } from './activities/signup'
import { checkIn, checkInCode, checkOut } from './activities/attendance'
import { confirmSession, getRoster } from './activities/hours'
import { listChildren, registerChild } from './activities/children'
import { addElder, listVisits, logVisit } from './activities/elders'
import { exportLedger } from './metrics/ledger'
import { issueCertificate, verifyCertificate } from './volunteers/certificates'
import { confirmParty, getMyService, partyMembers, rankings, registerVolunteer } from './volunteers/actions'
import { createWish, createWishOnBehalf } from './wishes/create'
import { getWish, myWishes, wishInbox, wishWall } from './wishes/lists'
import { claimWish, confirmWish, fulfilWish, releaseWish, reviewWish, withdrawWish } from './wishes/moves'
import { listMessages, notifySettings, readMessages, recordSubscription } from './notify/messages'
import { monthMetrics, monthTrend, overdueList } from './metrics/board'
import { buildingsServed, createOnBehalf, createRequest } from './requests/create'
import { getRequest, inbox, listMine } from './requests/inbox'
import {
  acceptRequest,
  cancelRequest,
  chaseRequest,
  dispatchRequest,
  dispatchTargets,
  escalateRequest,
  rateRequest,
  resolveRequest,
  returnRequest,
} from './requests/moves'
import { acceptInvitation, createInvitation, peekInvitation, revokeInvitation } from './roles/invitations'
import { listRoles, revokeRole } from './roles/actions'
import { lastImportView, undoImport } from './setup/undo'
import {
  applyImport,
  exportSetup,
  previewImport,
  saveBuilding,
  saveGrid,
  savePerson,
  setupTemplate,
} from './setup/actions'
import { buildingPoster, buildingQr, gridPosters, listBuildings } from './buildings/actions'
import { recordUpload } from './uploads/actions'
import { calendarAdjust, calendarConfirm, calendarRemove, calendarYear } from './calendar/actions'
import type { ActionContext, Caller, Deps } from './context'
import { checkActionText } from './content'
import { recordConsent } from './privacy/consent'
import { deleteAccount } from './privacy/erase'
import { exportMyData } from './privacy/export'
import { revealPerson } from './privacy/reveal'
import { releaseRateLimit, takeRateLimit } from './ratelimit'
import { REFUNDED_CODES } from '../../src/domain/ratelimits'
import { collection } from './db'

type Handlers = {
  [A in ActionName]: (input: z.output<Contract[A]['input']>, ctx: ActionContext) => Promise<ActionOutput<A>>
}

const handlers: Handlers = {
  'me.get': getMe,
  'building.lookup': lookupBuilding,
  'me.bindBuilding': bindBuilding,
  'request.create': createRequest,
  'request.createOnBehalf': createOnBehalf,
  'building.listServed': buildingsServed,
  'request.listMine': listMine,
  'request.get': getRequest,
  'request.inbox': inbox,
  'request.accept': acceptRequest,
  'request.resolve': resolveRequest,
  'request.rate': rateRequest,
  'request.cancel': cancelRequest,
  'request.escalate': escalateRequest,
  'request.return': returnRequest,
  'request.dispatch': dispatchRequest,
  'metrics.month': monthMetrics,
  'upload.record': recordUpload,
  'me.contact': saveContact,
  'calendar.year': calendarYear,
  'calendar.adjust': calendarAdjust,
  'calendar.remove': calendarRemove,
  'calendar.confirm': calendarConfirm,
  'metrics.trend': monthTrend,
  'metrics.exportLedger': exportLedger,
  'request.overdue': overdueList,
  'request.dispatchTargets': dispatchTargets,
  'request.chase': chaseRequest,
  'wish.create': createWish,
  'wish.createOnBehalf': createWishOnBehalf,
  'wish.wall': wishWall,
  'wish.listMine': myWishes,
  'wish.inbox': wishInbox,
  'wish.get': getWish,
  'wish.review': reviewWish,
  'wish.claim': claimWish,
  'wish.release': releaseWish,
  'wish.withdraw': withdrawWish,
  'wish.fulfil': fulfilWish,
  'wish.confirm': confirmWish,
  'volunteer.register': registerVolunteer,
  'volunteer.me': getMyService,
  'volunteer.certificate': issueCertificate,
  'certificate.verify': verifyCertificate,
  'volunteer.partyMembers': partyMembers,
  'volunteer.confirmParty': confirmParty,
  'volunteer.rankings': rankings,
  'activity.create': createActivity,
  'activity.sessions': listSessions,
  'session.signUp': signUp,
  'activity.signUpAll': signUpAll,
  'session.cancel': cancelSignup,
  'session.acceptOffer': acceptOffer,
  'activity.get': getActivity,
  'session.get': getSession,
  'child.register': registerChild,
  'child.list': listChildren,
  'session.roster': getRoster,
  'session.checkIn': checkIn,
  'session.checkOut': checkOut,
  'session.confirm': confirmSession,
  'session.checkInCode': checkInCode,
  'elder.add': addElder,
  'visit.list': listVisits,
  'visit.log': logVisit,
  'message.list': listMessages,
  'message.read': readMessages,
  'notify.settings': notifySettings,
  'notify.subscribed': recordSubscription,
  'setup.template': setupTemplate,
  'setup.export': exportSetup,
  'setup.preview': previewImport,
  'setup.apply': applyImport,
  'setup.lastImport': lastImportView,
  'setup.undo': undoImport,
  'setup.saveGrid': saveGrid,
  'setup.saveBuilding': saveBuilding,
  'setup.savePerson': savePerson,
  'invite.create': createInvitation,
  'invite.peek': peekInvitation,
  'invite.accept': acceptInvitation,
  'invite.revoke': revokeInvitation,
  'role.list': listRoles,
  'role.revoke': revokeRole,
  'building.list': listBuildings,
  'building.qr': buildingQr,
  'building.poster': buildingPoster,
  'grid.posters': gridPosters,
  'me.consent': recordConsent,
  'me.export': exportMyData,
  'me.delete': deleteAccount,
  'person.reveal': revealPerson,
}

async function loadCaller(deps: Deps, openid: string): Promise<Caller> {
  const { db } = deps
  const [user, memberships] = await Promise.all([
    collection(db, 'users').doc(openid).get(),
    collection(db, 'memberships').where({ openid }).limit(100).get(),
  ])
  return {
    openid,
    user: user.data[0] ?? null,
    memberships: memberships.data,
  }
}

function authorize(access: Contract[ActionName]['access'], caller: Caller): void {
  if (access === 'resident' && !caller.user?.buildingCode) {
    throw new AppError('FORBIDDEN', BIND_FIRST)
  }
  if (access === 'staff' && !isStaff(caller.memberships)) {
    throw new AppError('FORBIDDEN', '只有网格员可以使用工作台')
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
        const caller = await loadCaller(deps, openid)
        authorize(spec.access, caller)
        const limit = spec.rateLimit
        const rawKey = (input as { requestId?: unknown }).requestId
        const key = typeof rawKey === 'string' ? rawKey : null
        const at = deps.now()
        if (limit) await takeRateLimit(deps.db, openid, name, limit, at, key)
        try {
          const contentCheck = await checkActionText(deps.wx, openid, name, input as never)
          const handler = handlers[name] as (input: unknown, ctx: ActionContext) => Promise<unknown>
          const data = await handler(input, { deps, caller, contentCheck })
          return { ok: true, data }
        } catch (err) {
          // Counted is what was done or validly tried: a call refused for its input gives its count back.
          if (limit && !limit.countRefusals && err instanceof AppError && REFUNDED_CODES.includes(err.code))
            await releaseRateLimit(deps.db, openid, name, limit, at, key)
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
