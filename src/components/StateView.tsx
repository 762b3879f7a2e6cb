import { Text, View } from '@tarojs/components'
import { Loading } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css'
import type { ReactNode } from 'react'
import { BigButton } from './BigButton'

interface Props<T> {
  loading: boolean
  error?: string
  data: T | undefined
  onRetry: () => void
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  /** What to offer instead of 重试 when retrying cannot help (a wrong QR code). */
  errorActions?: ReactNode
  children: (data: T) => ReactNode
}

/** Loading, error (with 重试) and empty states, the same on every screen. */
export function StateView<T>({
  loading,
  error,
  data,
  onRetry,
  isEmpty,
  empty,
  errorActions,
  children,
}: Props<T>) {
  if (data === undefined && loading) {
    return (
      <View className="state">
        <Loading>正在加载…</Loading>
      </View>
    )
  }
  if (data === undefined || (error && !loading)) {
    return (
      <View className="state">
        <Text className="state-text">{error ?? '加载失败'}</Text>
        {errorActions ?? (
          <BigButton kind="default" onClick={onRetry}>
            重试
          </BigButton>
        )}
      </View>
    )
  }
  if (isEmpty?.(data)) return <View className="state">{empty}</View>
  return <>{children(data)}</>
}
