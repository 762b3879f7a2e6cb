/**
 * The 重复诉求 actions of the contract (src/domain/contract/duplicates.ts) and the use case serving each.
 */
import type { duplicatesActions } from '../../../src/domain/contract/duplicates'
import type { HandlersOf } from '../handlers'
import { followRequest, mergeRequest, mergeTargets, similarRequests } from './duplicates'
import { followedGet, followedList, neighbourRate } from './followers'

export const duplicatesHandlers: HandlersOf<typeof duplicatesActions> = {
  'request.similar': similarRequests,
  'request.follow': followRequest,
  'request.mergeTargets': mergeTargets,
  'request.merge': mergeRequest,
  'request.followed': followedList,
  'request.followedGet': followedGet,
  'request.neighbourRate': neighbourRate,
}
