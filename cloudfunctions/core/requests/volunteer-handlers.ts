/**
 * The 转志愿服务 actions of the contract (src/domain/contract/volunteer-work.ts) and the use case
 * serving each: the compiler checks that every action has one, and only those.
 */
import type { volunteerWorkActions } from '../../../src/domain/contract/volunteer-work'
import type { HandlersOf } from '../handlers'
import { requestToWish } from './to-wish'

export const volunteerWorkHandlers: HandlersOf<typeof volunteerWorkActions> = {
  'request.toWish': requestToWish,
}
