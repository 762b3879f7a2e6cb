import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useSyncExternalStore } from 'react'

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

/**
 * One value for the whole app: switching it on 我的 must change 首页 at once, and tab pages stay
 * mounted in weapp, so every page subscribes to the same store instead of reading storage once.
 */
const listeners = new Set<() => void>()
let stored: string | undefined

function read(): string {
  if (stored === undefined) stored = Taro.getStorageSync<string>(KEY) || ''
  return stored
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function write(value: string): void {
  Taro.setStorageSync(KEY, value)
  stored = value
  listeners.forEach((l) => l())
}

/** Large-text mode: on when the user switched it on, or when WeChat's font scale is large. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const value = useSyncExternalStore(subscribe, read, read)
  // The font scale can change in WeChat's settings while the app is in the background.
  useDidShow(() => listeners.forEach((l) => l()))
  const on = value === 'on' || (value !== 'off' && systemFontScale() >= SCALE_FOR_ELDER)
  const set = useCallback((next: boolean) => write(next ? 'on' : 'off'), [])
  return [on, set]
}
