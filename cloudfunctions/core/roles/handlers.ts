/**
 * The 人员与角色 (invitations, roles) actions of the contract (src/domain/contract/roles.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { rolesActions } from '../../../src/domain/contract/roles'
import type { HandlersOf } from '../handlers'
import { listRoles, revokeRole } from './actions'
import { workOf } from './handover'
import { acceptInvitation, createInvitation, peekInvitation, revokeInvitation } from './invitations'

export const rolesHandlers: HandlersOf<typeof rolesActions> = {
  'invite.create': createInvitation,
  'invite.peek': peekInvitation,
  'invite.accept': acceptInvitation,
  'invite.revoke': revokeInvitation,
  'role.list': listRoles,
  'role.revoke': revokeRole,
  'role.workOf': workOf,
}
