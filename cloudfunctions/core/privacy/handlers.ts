/**
 * The 个人信息 (consent, export, erasure, whole numbers) actions of the contract (src/domain/contract/privacy.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { privacyActions } from '../../../src/domain/contract/privacy'
import type { HandlersOf } from '../handlers'
import { recordConsent } from './consent'
import { deleteAccount } from './erase'
import { exportMyData } from './export'
import { revealPerson } from './reveal'

export const privacyHandlers: HandlersOf<typeof privacyActions> = {
  'me.consent': recordConsent,
  'me.export': exportMyData,
  'me.delete': deleteAccount,
  'person.reveal': revealPerson,
}
