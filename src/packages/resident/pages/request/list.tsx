import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { RequestFeed } from '../../../../components/RequestFeed'
import { StateView } from '../../../../components/StateView'
import { usePaged } from '../../../../hooks/usePaged'

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
            <BigButton onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/request/new' })}>
              我要反映
            </BigButton>
          </>
        }
      >
        {() => <RequestFeed paged={list} detailPage="/packages/resident/pages/request/detail" />}
      </StateView>
    </Page>
  )
}
