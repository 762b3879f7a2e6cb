import { Text, View } from '@tarojs/components'
import { BigButton } from './BigButton'

/** What usePaged gives a list's foot. */
export interface PagedFoot {
  hasMore: boolean
  loadingMore: boolean
  moreError?: string
  loadMore: () => void
}

/** The foot of a list: 加载更多 while there is more, a quiet end marker when there is not. */
export function LoadMore({ paged }: { paged: PagedFoot }) {
  return (
    <View>
      {paged.moreError ? <Text className="field-error">{paged.moreError}</Text> : null}
      {paged.hasMore ? (
        <BigButton kind="default" loading={paged.loadingMore} onClick={paged.loadMore} testId="load-more">
          加载更多
        </BigButton>
      ) : (
        <Text className="muted list-end">没有更多了</Text>
      )}
    </View>
  )
}
