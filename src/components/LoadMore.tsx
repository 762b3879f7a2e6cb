import { Text, View } from '@tarojs/components'
import { BigButton } from './BigButton'

/** The foot of a list: 加载更多 while there is more, a quiet end marker when there is not. */
export function LoadMore({
  hasMore,
  loading,
  error,
  onMore,
}: {
  hasMore: boolean
  loading: boolean
  error?: string
  onMore: () => void
}) {
  return (
    <View>
      {error ? <Text className="field-error">{error}</Text> : null}
      {hasMore ? (
        <BigButton kind="default" loading={loading} onClick={onMore} testId="load-more">
          加载更多
        </BigButton>
      ) : (
        <Text className="muted list-end">没有更多了</Text>
      )}
    </View>
  )
}
