/**
 * The 微心愿 actions of the contract (src/domain/contract/wishes.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { wishesActions } from '../../../src/domain/contract/wishes'
import type { HandlersOf } from '../handlers'
import { createWish, createWishOnBehalf } from './create'
import { getWish, myWishes, wishInbox, wishWall } from './lists'
import { claimWish, confirmWish, fulfilWish, releaseWish, reviewWish, withdrawWish } from './moves'

export const wishesHandlers: HandlersOf<typeof wishesActions> = {
  'wish.create': createWish,
  'wish.createOnBehalf': createWishOnBehalf,
  'wish.wall': wishWall,
  'wish.listMine': myWishes,
  'wish.inbox': wishInbox,
  'wish.get': getWish,
  'wish.review': reviewWish,
  'wish.claim': claimWish,
  'wish.release': releaseWish,
  'wish.withdraw': withdrawWish,
  'wish.fulfil': fulfilWish,
  'wish.confirm': confirmWish,
}
