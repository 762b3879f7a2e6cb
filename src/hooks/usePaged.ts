import { useState } from 'react'
import { errorMessage } from '../api/client'
import { useApi } from './useApi'

interface Page {
  items: unknown[]
  nextCursor: string | null
}

/**
 * A list (requests, messages) that grows by “加载更多” (an explicit button: easier for elders than
 * infinite scrolling). Reloading (page shown again, tab changed) starts from the first page.
 */
export function usePaged<P extends Page>(load: (cursor?: string) => Promise<P>, deps: unknown[] = []) {
  const first = useApi(() => load(), deps)
  type Item = P['items'][number]
  const [more, setMore] = useState<{ key: P | undefined; items: Item[]; cursor: string | null }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string>()

  // Pages loaded after the first belong to that first page; a new first page drops them.
  const extra = more && more.key === first.data ? more : undefined
  const cursor = extra ? extra.cursor : (first.data?.nextCursor ?? null)

  async function loadMore() {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await load(cursor)
      setMore({ key: first.data, items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor })
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setLoadingMore(false)
    }
  }

  return {
    ...first,
    items: (first.data ? [...first.data.items, ...(extra?.items ?? [])] : []) as Item[],
    hasMore: !!cursor,
    loadMore,
    loadingMore,
    moreError,
  }
}
