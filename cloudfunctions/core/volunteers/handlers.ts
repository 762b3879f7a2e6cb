/**
 * The 志愿者 and 双报到 actions of the contract (src/domain/contract/volunteers.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { volunteersActions } from '../../../src/domain/contract/volunteers'
import type { HandlersOf } from '../handlers'
import { confirmParty, getMyService, partyMembers, rankings, registerVolunteer } from './actions'
import { issueCertificate, verifyCertificate } from './certificates'

export const volunteersHandlers: HandlersOf<typeof volunteersActions> = {
  'volunteer.register': registerVolunteer,
  'volunteer.me': getMyService,
  'volunteer.certificate': issueCertificate,
  'certificate.verify': verifyCertificate,
  'volunteer.partyMembers': partyMembers,
  'volunteer.confirmParty': confirmParty,
  'volunteer.rankings': rankings,
}
