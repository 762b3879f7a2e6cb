import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'

const KEY = 'elderMode'
/** WeChat's own font setting above this means the user asked for bigger text: follow it. */
const SCALE_FOR_ELDER = 1.15

function systemFontScale(): number {
  try {
    const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number } | undefined
    return info?.fontSizeScaleFactor ?? 1
  } catch {
    return 1
  }
}

/** Large-text mode: on when the user switched it on, or when WeChat's font scale is large. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [stored, setStored] = useState<string>(() => Taro.getStorageSync<string>(KEY) || '')
  const on = stored === 'on' || (stored !== 'off' && systemFontScale() >= SCALE_FOR_ELDER)
  const set = useCallback((next: boolean) => {
    const value = next ? 'on' : 'off'
    Taro.setStorageSync(KEY, value)
    setStored(value)
  }, [])
  return [on, set]
}
