/**
 * The 楼栋二维码与海报 actions of the contract (src/domain/contract/buildings.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { buildingsActions } from '../../../src/domain/contract/buildings'
import type { HandlersOf } from '../handlers'
import { buildingPoster, buildingQr, gridPosters, listBuildings } from './actions'

export const buildingsHandlers: HandlersOf<typeof buildingsActions> = {
  'building.list': listBuildings,
  'building.qr': buildingQr,
  'building.poster': buildingPoster,
  'grid.posters': gridPosters,
}
