import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call, errorMessage } from '../api/client'
import type { CategoryCode } from '../domain/categories'
import type { SimilarRequest } from '../domain/contract'
import { FOLLOWED_MESSAGE } from '../domain/duplicates'
import { BigButton } from './BigButton'
import { StatusTag } from './StatusTag'

/**
 * 重复诉求 on the form (issue 19, part 2): once a category is chosen, the open requests of the
 * resident's own building in it from the last days — 我也遇到了 follows one (+1) instead of filing
 * again; 仍要提交 puts the list away and the form goes on. Never who reported.
 */
/** How many follow it, the caller among them said as such ("您和另外2位邻居"). */
function followersLine(i: SimilarRequest): string {
  const others = i.followerCount - (i.following ? 1 : 0)
  if (others <= 0) return ''
  return i.following ? ` · 您和另外${others}位邻居也遇到了` : ` · ${others}位邻居也遇到了`
}

export function SimilarRequests({ category }: { category: CategoryCode | undefined }) {
  const [items, setItems] = useState<SimilarRequest[]>([])
  const [dismissed, setDismissed] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string>()

  useEffect(() => {
    setItems([])
    setDismissed(false)
    setError(undefined)
    if (!category) return
    let live = true
    call('request.similar', { category }).then(
      (res) => live && setItems(res.items),
      // A list that cannot load is no reason to stop someone reporting: the form goes on.
      () => live && setItems([]),
    )
    return () => {
      live = false
    }
  }, [category])

  async function follow(id: string) {
    setBusy(id)
    setError(undefined)
    try {
      const { item } = await call('request.follow', { id })
      setItems((all) => all.map((i) => (i.id === id ? item : i)))
      void Taro.showToast({ title: '已跟进', icon: 'success' })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(null)
    }
  }

  if (!category || items.length === 0 || dismissed) return null
  const followed = items.some((i) => i.following)
  return (
    <View className="card similar-card" data-testid="similar">
      <Text className="card-title">已有邻居反映</Text>
      <Text className="muted">如果是同一件事，点“我也遇到了”，不用再提交，办理进展会通知您。</Text>
      {items.map((i) => (
        <View key={i.id} className="similar-item" data-testid="similar-item">
          <View className="row">
            <Text className="similar-summary">{i.summary}</Text>
            <StatusTag status={i.status} />
          </View>
          <Text className="muted" style={{ display: 'block' }}>
            {i.age}反映
            {followersLine(i)}
          </Text>
          {i.following ? (
            <Text className="similar-followed" data-testid="similar-followed">
              ✓ {FOLLOWED_MESSAGE}
            </Text>
          ) : (
            <BigButton testId="follow" loading={busy === i.id} onClick={() => void follow(i.id)}>
              我也遇到了
            </BigButton>
          )}
        </View>
      ))}
      {error ? <Text className="field-error">{error}</Text> : null}
      {followed ? (
        <BigButton kind="default" testId="similar-done" onClick={() => void Taro.navigateBack()}>
          好的，返回
        </BigButton>
      ) : null}
      <BigButton kind="default" testId="submit-anyway" onClick={() => setDismissed(true)}>
        不是同一件事，仍要提交
      </BigButton>
    </View>
  )
}
