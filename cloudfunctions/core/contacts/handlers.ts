/**
 * The 网格员公示 actions of the contract (src/domain/contract/contacts.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { contactsActions } from '../../../src/domain/contract/contacts'
import type { HandlersOf } from '../handlers'
import { myGrid, setWorkPhone } from './actions'

export const contactsHandlers: HandlersOf<typeof contactsActions> = {
  'myGrid.get': myGrid,
  'myGrid.setWorkPhone': setWorkPhone,
}
