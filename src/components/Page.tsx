import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useElderMode } from '../hooks/useElderMode'

/** Every screen's root: applies large-text mode (user switch or WeChat's font scale). */
export function Page({ children, className }: PropsWithChildren<{ className?: string }>) {
  const [elder] = useElderMode()
  return <View className={['page', elder ? 'elder' : '', className ?? ''].join(' ').trim()}>{children}</View>
}
