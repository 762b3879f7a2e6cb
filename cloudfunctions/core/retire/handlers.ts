/**
 * The 停用与恢复 · 更正编号 actions of the contract (src/domain/contract/retire.ts) and the use case
 * serving each: the compiler checks that every action has one, and only those.
 */
import type { retireActions } from '../../../src/domain/contract/retire'
import type { HandlersOf } from '../handlers'
import { correctCode, retireApply, retireList, retireRestore } from './actions'

export const retireHandlers: HandlersOf<typeof retireActions> = {
  'retire.list': retireList,
  'retire.apply': retireApply,
  'retire.restore': retireRestore,
  'building.correctCode': correctCode,
}
