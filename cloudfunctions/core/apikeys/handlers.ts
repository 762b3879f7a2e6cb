/**
 * The 开放接口 actions of the contract (src/domain/contract/apikeys.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { apikeysActions } from '../../../src/domain/contract/apikeys'
import type { HandlersOf } from '../handlers'
import { issueKey, listKeys, revokeKey } from './actions'

export const apikeysHandlers: HandlersOf<typeof apikeysActions> = {
  'apikey.issue': issueKey,
  'apikey.list': listKeys,
  'apikey.revoke': revokeKey,
}
