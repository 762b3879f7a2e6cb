/**
 * The 巡查发现 and 楼栋长 actions of the contract (src/domain/contract/patrol.ts) and the use case
 * serving each.
 */
import type { patrolActions } from '../../../src/domain/contract/patrol'
import type { HandlersOf } from '../handlers'
import { buildingOpenRequests } from './neighbours'
import { filePatrol } from './patrol'

export const patrolHandlers: HandlersOf<typeof patrolActions> = {
  'request.patrol': filePatrol,
  'building.openRequests': buildingOpenRequests,
}
