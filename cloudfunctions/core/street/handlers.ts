/**
 * The street's actions of the contract (src/domain/contract/street.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { streetActions } from '../../../src/domain/contract/street'
import type { HandlersOf } from '../handlers'
import { streetReturn } from '../requests/moves'
import { streetBoard } from './board'

export const streetHandlers: HandlersOf<typeof streetActions> = {
  'street.board': streetBoard,
  'request.streetReturn': streetReturn,
}
