import { Text, View } from '@tarojs/components'
import { useShareAppMessage } from '@tarojs/taro'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { WishFeed } from '../../../../components/WishFeed'
import { wishWallShare } from '../../../../domain/share'
import { usePaged } from '../../../../hooks/usePaged'

/** 心愿墙: the community's published wishes, longest waiting first. Nothing personal on it. */
export default function WishWallPage() {
  const wall = usePaged((cursor) => call('wish.wall', { cursor }))
  useShareAppMessage(wishWallShare)
  return (
    <Page>
      <View className="card">
        <Text className="card-title">圆梦微心愿</Text>
        <Text className="muted">
          邻里的小心愿，由志愿者和在职党员认领帮忙实现。墙上不显示姓名、电话和住址。
        </Text>
      </View>
      <StateView
        {...wall}
        onRetry={wall.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text className="state-text">心愿墙上暂时没有待认领的心愿</Text>}
      >
        {() => <WishFeed paged={wall} />}
      </StateView>
      <BigButton to="/packages/resident/pages/wish/mine">我的心愿</BigButton>
    </Page>
  )
}
