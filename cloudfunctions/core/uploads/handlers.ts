/**
 * The uploads actions of the contract (src/domain/contract/uploads.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { uploadsActions } from '../../../src/domain/contract/uploads'
import type { HandlersOf } from '../handlers'
import { recordUpload } from './actions'

export const uploadsHandlers: HandlersOf<typeof uploadsActions> = {
  'upload.record': recordUpload,
}
