import Taro from '@tarojs/taro'
import type { RequestSummary } from '../domain/contract'
import { LoadMore, type PagedFoot } from './LoadMore'
import { RequestCard } from './RequestCard'

interface Paged extends PagedFoot {
  items: RequestSummary[]
}

/** A paged list of requests (usePaged) as cards, each opening `detailPage`, with 加载更多 at the foot. */
export function RequestFeed({
  paged,
  detailPage,
  showPlace,
}: {
  paged: Paged
  detailPage: string
  showPlace?: boolean
}) {
  return (
    <>
      {paged.items.map((item) => (
        <RequestCard
          key={item.id}
          item={item}
          showPlace={showPlace}
          onClick={() => Taro.navigateTo({ url: `${detailPage}?id=${item.id}` })}
        />
      ))}
      <LoadMore paged={paged} />
    </>
  )
}
