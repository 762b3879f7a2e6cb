/**
 * The 我的 (the caller, binding, contact) actions of the contract (src/domain/contract/me.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { meActions } from '../../../src/domain/contract/me'
import type { HandlersOf } from '../handlers'
import { bindBuilding, chooseCommunity, getMe, lookupBuilding, saveContact } from './actions'

export const meHandlers: HandlersOf<typeof meActions> = {
  'me.get': getMe,
  'me.chooseCommunity': chooseCommunity,
  'building.lookup': lookupBuilding,
  'me.bindBuilding': bindBuilding,
  'me.contact': saveContact,
}
