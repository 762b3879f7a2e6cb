import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BigButton } from '../../components/BigButton'
import { Page } from '../../components/Page'

/**
 * Where an unknown address lands (an old QR code, a mistyped link): says so instead of leaving
 * the previous screen up as if nothing happened (app.ts, onPageNotFound).
 */
export default function NotFoundPage() {
  return (
    <Page>
      <View className="state" data-testid="not-found">
        <Text className="card-title">这个页面不存在</Text>
        <Text className="state-text">可能是二维码或链接已经过期。请回到首页，或重新扫描楼栋二维码。</Text>
      </View>
      <BigButton onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>回到首页</BigButton>
    </Page>
  )
}
