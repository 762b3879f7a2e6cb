/**
 * The 诉求 actions of the contract (src/domain/contract/requests.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { requestsActions } from '../../../src/domain/contract/requests'
import type { HandlersOf } from '../handlers'
import { transferRequest, transferTargets } from './handover'
import { overdueList } from '../metrics/board'
import { buildingsServed, createOnBehalf, createRequest } from './create'
import { getRequest, inbox, listMine } from './inbox'
import {
  acceptRequest,
  cancelRequest,
  chaseRequest,
  urgeRequest,
  dispatchRequest,
  dispatchTargets,
  escalateRequest,
  rateRequest,
  resolveRequest,
  returnRequest,
} from './moves'

export const requestsHandlers: HandlersOf<typeof requestsActions> = {
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
  'request.overdue': overdueList,
  'request.dispatchTargets': dispatchTargets,
  'request.transfer': transferRequest,
  'request.transferTargets': transferTargets,
  'request.chase': chaseRequest,
  'request.urge': urgeRequest,
}
