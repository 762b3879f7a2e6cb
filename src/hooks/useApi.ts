import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../api/client'

export interface Loaded<T> {
  data: T | undefined
  error: string | undefined
  loading: boolean
  reload: () => void
  setData: (data: T) => void
}

/**
 * Loads on mount and again whenever the page is shown (coming back from another page must show
 * fresh state), with the loading and error states every screen needs. When what is loaded
 * changes (another tab, another id) the old data is dropped at once, so nobody taps an item of
 * the previous list.
 */
export function useApi<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<string>()
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const mounted = useRef(false)

  const reload = useCallback(() => {
    const mine = ++seq.current
    setLoading(true)
    load().then(
      (d) => {
        if (mine !== seq.current) return
        setData(d)
        setError(undefined)
        setLoading(false)
      },
      (err: unknown) => {
        if (mine !== seq.current) return
        setError(errorMessage(err))
        setLoading(false)
      },
    )
  }, deps)

  useEffect(() => {
    setData(undefined)
    reload()
  }, [reload])

  useDidShow(() => {
    if (mounted.current) reload()
    mounted.current = true
  })

  return { data, error, loading, reload, setData }
}
