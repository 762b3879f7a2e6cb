import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { TextField } from '../../../../components/TextField'
import { Page } from '../../../../components/Page'
import { ReminderCard } from '../../../../components/ReminderCard'
import { RequestBody, type RequestStepProps } from '../../../../components/RequestBody'
import { StateView } from '../../../../components/StateView'
import type { RequestDetail } from '../../../../domain/contract'
import { COMMENT_MAX_CHARS, type Rating } from '../../../../domain/request'
import { RATING_MISSING, RatingChips } from '../../../../components/RatingChips'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { confirmAction } from '../../../../hooks/confirm'

function RateStep({ request, onDone, onFail }: RequestStepProps) {
  const [rating, setRating] = useState<Rating>()
  const [ratingError, setRatingError] = useState<string>()
  const [comment, setComment] = useState('')
  const [busy, perform] = useAction()
  return (
    <View className="card" data-testid="rate-step">
      <Text className="card-title">办得怎么样？请您评价</Text>
      <RatingChips
        value={rating}
        error={ratingError}
        onChange={(r) => {
          setRating(r)
          setRatingError(undefined)
        }}
      />
      <TextField
        multiline
        title="还想说点什么（选填）"
        label="评价留言（选填）"
        maxlength={COMMENT_MAX_CHARS}
        value={comment}
        placeholder="说说网格员办得好的地方，或者还有什么不满意"
        onInput={setComment}
      />
      <View className="page-actions">
        <BigButton
          testId="rate-submit"
          loading={busy}
          onClick={async () => {
            if (!rating) {
              setRatingError(RATING_MISSING)
              return
            }
            const done = await perform(
              () => call('request.rate', { id: request.id, rating, comment: comment.trim() || undefined }),
              onFail,
            )
            if (done) onDone(done)
          }}
        >
          提交评价
        </BigButton>
      </View>
    </View>
  )
}

export default function RequestDetailPage() {
  const { id = '', created } = useRouter().params
  const detail = useApi(async () => {
    try {
      return await call('request.get', { id })
    } catch (err) {
      // A follower's notice opens this page too: theirs is the neighbour's view (我关注的).
      if (err instanceof ApiCallError && err.code === 'NOT_FOUND') {
        const followed = await call('request.followedGet', { id }).catch(() => null)
        if (followed) void Taro.redirectTo({ url: `/packages/resident/pages/request/followed?id=${id}` })
      }
      throw err
    }
  }, [id])
  const [busy, perform] = useAction()

  async function cancel(request: RequestDetail) {
    const ok = await confirmAction({
      title: '撤销诉求？',
      content: '撤销后网格员不再处理这条诉求。',
      confirm: '撤销诉求',
      keep: '不撤销了',
    })
    if (!ok) return
    const done = await perform(() => call('request.cancel', { id: request.id }), detail.reload)
    if (done) detail.setData(done)
  }

  async function urge(request: RequestDetail) {
    const ok = await confirmAction({
      title: '催办？',
      content: '会提醒负责的网格员和网格长尽快办理。每个工作日可以催办一次。',
      confirm: '催办',
      keep: '暂不催办',
    })
    if (!ok) return
    const done = await perform(() => call('request.urge', { id: request.id }), detail.reload)
    if (!done) return
    detail.setData(done)
    void Taro.showToast({ title: '已催办', icon: 'success' })
  }

  return (
    <Page>
      <StateView {...detail} onRetry={detail.reload}>
        {(r) => (
          <>
            {created && r.status === 'assigned' ? (
              <View className="card" data-testid="created-banner">
                <Text className="card-title">已提交，已送达{r.gridName}</Text>
                <Text className="muted">网格员接单后，这里会显示办理进度。</Text>
              </View>
            ) : null}
            {created && r.status === 'assigned' ? (
              <ReminderCard template="progress" why="网格员接单、办结时，用微信通知您。" />
            ) : null}
            {r.actions.includes('rate') ? (
              <RateStep request={r} onDone={detail.setData} onFail={detail.reload} />
            ) : null}
            {r.actions.includes('urge') || r.actions.includes('urgeWaiting') ? (
              <View className="card" data-testid="urge-card">
                <Text className="card-title">
                  {r.status === 'assigned' ? '超过时限还没人接单' : '超过时限还没办好'}
                </Text>
                <Text className="muted">可以催一催，负责的网格员和网格长会马上收到提醒。</Text>
                <BigButton testId="urge" loading={busy} onClick={() => urge(r)}>
                  催办
                </BigButton>
              </View>
            ) : null}
            <RequestBody request={r} />
            {r.actions.includes('cancel') ? (
              <BigButton kind="default" loading={busy} onClick={() => cancel(r)}>
                撤销诉求
              </BigButton>
            ) : null}
          </>
        )}
      </StateView>
    </Page>
  )
}
