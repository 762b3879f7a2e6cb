import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useElderMode } from '../hooks/useElderMode'
import { WeChatPrivacyDialog } from './WeChatPrivacyDialog'

/**
 * Every screen's root: applies large-text mode (user switch or WeChat's font scale), and on weapp
 * carries the answer to WeChat's privacy authorisation wherever it is asked for — except on the
 * 隐私政策 itself, which the dialog links to (`privacyDialog={false}`: read it, then come back).
 */
export function Page({
  children,
  className,
  privacyDialog = true,
}: PropsWithChildren<{ className?: string; privacyDialog?: boolean }>) {
  const [elder] = useElderMode()
  return (
    <View className={['page', elder ? 'elder' : '', className ?? ''].join(' ').trim()}>
      {children}
      {process.env.TARO_ENV === 'weapp' && privacyDialog ? <WeChatPrivacyDialog /> : null}
    </View>
  )
}
