import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { LoadMore } from '../../components/LoadMore'
import { Page } from '../../components/Page'
import { RequestCard } from '../../components/RequestCard'
import { StateView } from '../../components/StateView'
import { usePaged } from '../../hooks/usePaged'

export default function MyRequestsPage() {
  const list = usePaged((cursor) => call('request.listMine', { cursor }))
  return (
    <Page>
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <>
            <Text className="state-text">您还没有反映过诉求</Text>
            <BigButton onClick={() => Taro.navigateTo({ url: '/pages/request/new' })}>我要反映</BigButton>
          </>
        }
      >
        {() => (
          <>
            {list.items.map((item) => (
              <RequestCard
                key={item.id}
                item={item}
                onClick={() => Taro.navigateTo({ url: `/pages/request/detail?id=${item.id}` })}
              />
            ))}
            <LoadMore
              hasMore={list.hasMore}
              loading={list.loadingMore}
              error={list.moreError}
              onMore={list.loadMore}
            />
          </>
        )}
      </StateView>
    </Page>
  )
}
