import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'

/**
 * The frame every privacy question is asked in — the app's own consent (PrivacyPrompt) and
 * WeChat's authorisation (WeChatPrivacyDialog): what it is for, the policy a tap away, then the
 * buttons the caller gives.
 */
export function PrivacyDialog({
  testId,
  text,
  children,
}: PropsWithChildren<{ testId: string; text: string }>) {
  return (
    <View className="privacy-mask" data-testid={testId}>
      <View className="card privacy-dialog">
        <Text className="card-title">个人信息保护提示</Text>
        <Text style={{ display: 'block' }}>{text}</Text>
        <Text
          className="link"
          style={{ display: 'block', margin: '16rpx 0' }}
          onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/privacy/index' })}
        >
          阅读《暖心网格隐私政策》
        </Text>
        {children}
      </View>
    </View>
  )
}
