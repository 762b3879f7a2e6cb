import Taro from '@tarojs/taro'
import type { WishCard as Card } from '../domain/contract'
import { LoadMore, type PagedFoot } from './LoadMore'
import { WishCard } from './WishCard'

/** A paged list of wishes, each opening the wish page. */
export function WishFeed({ paged }: { paged: PagedFoot & { items: Card[] } }) {
  return (
    <>
      {paged.items.map((w) => (
        <WishCard
          key={w.id}
          wish={w}
          onClick={() => Taro.navigateTo({ url: `/packages/resident/pages/wish/detail?id=${w.id}` })}
        />
      ))}
      <LoadMore paged={paged} />
    </>
  )
}
