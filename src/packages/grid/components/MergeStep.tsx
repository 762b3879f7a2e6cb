import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import type { RequestStepProps } from '../../../components/RequestBody'
import type { ActionOutput } from '../../../domain/contract'
import { OPEN_STATUSES } from '../../../domain/request'
import { formatLocal } from '../../../domain/time'
import { useAction } from '../../../hooks/useAction'

type Target = ActionOutput<'request.mergeTargets'>['items'][number]

/**
 * 合并 (重复诉求): a duplicate that slipped through goes into the open request of the same building
 * it repeats — this one ends 已合并, its reporter follows the other and is told.
 */
export function MergeStep({ request, onDone, onFail }: RequestStepProps) {
  const [targets, setTargets] = useState<Target[] | null>(null)
  // Picked, waiting for 确认合并: what happens is said before it is done.
  const [chosen, setChosen] = useState<Target | null>(null)
  const [busy, perform] = useAction()
  if (!OPEN_STATUSES.includes(request.status) || request.actions.length === 0) return null

  const open = () =>
    perform(() => call('request.mergeTargets', { id: request.id })).then((res) => {
      if (res) setTargets(res.items)
    })
  const merge = async (t: Target) => {
    const done = await perform(() => call('request.merge', { id: request.id, into: t.id }), onFail)
    if (done) {
      setTargets(null)
      setChosen(null)
      onDone(done)
      void Taro.showToast({ title: '已合并', icon: 'success' })
    }
  }

  if (targets === null)
    return (
      <BigButton kind="default" testId="merge-open" loading={busy} onClick={() => void open()}>
        这是重复诉求？合并
      </BigButton>
    )
  return (
    <View className="card" data-testid="merge-step">
      <Text className="card-title">合并到同楼栋的哪条诉求？</Text>
      {targets.length === 0 ? (
        <Text className="muted">本楼栋没有其他正在办理、由您负责的诉求</Text>
      ) : (
        targets.map((t) => (
          <View key={t.id} className="similar-item" data-testid="merge-target">
            <Text className="similar-summary" style={{ display: 'block' }}>
              {t.categoryName}：{t.description}
            </Text>
            <Text className="muted" style={{ display: 'block' }}>
              {t.no} · {t.statusName} · {formatLocal(t.createdAt, 'MM-DD HH:mm')}
              {t.followerCount > 0 ? ` · ${t.followerCount}位邻居跟进` : ''}
            </Text>
            {chosen?.id === t.id ? (
              <>
                <Text className="merge-note" data-testid="merge-confirm">
                  这条诉求将标为“已合并”，提交的居民会收到通知，并跟进 {t.no} 的办理进展。
                </Text>
                <BigButton testId="merge" loading={busy} onClick={() => void merge(t)}>
                  确认合并
                </BigButton>
              </>
            ) : (
              <BigButton kind="default" testId="merge-pick" onClick={() => setChosen(t)}>
                合并到这条
              </BigButton>
            )}
          </View>
        ))
      )}
      <BigButton
        kind="default"
        onClick={() => {
          setTargets(null)
          setChosen(null)
        }}
      >
        取消
      </BigButton>
    </View>
  )
}
