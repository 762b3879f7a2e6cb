import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { RATING_MISSING, RatingChips } from '../../../../components/RatingChips'
import { StateView } from '../../../../components/StateView'
import { StatusTag } from '../../../../components/StatusTag'
import { Timeline } from '../../../../components/Timeline'
import type { FollowedRequest } from '../../../../domain/contract'
import { neighbourStatusName } from '../../../../domain/duplicates'
import { RATING_CODES, RATINGS, type Rating } from '../../../../domain/request'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

/**
 * 我关注的 (issue 19): the neighbours' requests the resident follows (我也遇到了), as a neighbour may
 * see them — what, where (the building), how far; never who reported, the room, a photo or the
 * 办理情况. Opened with an id (from the list or a notice): its steps, and 邻居评价 once it is done.
 */
export default function FollowedPage() {
  const { id } = useRouter().params
  return <Page>{id ? <FollowedOne id={id} /> : <FollowedList />}</Page>
}

function FollowedList() {
  const list = useApi(() => call('request.followed', {}))
  return (
    <StateView
      {...list}
      onRetry={list.reload}
      isEmpty={(d) => d.items.length === 0}
      empty={
        <Text className="state-text">
          您还没有关注邻居反映的诉求。提交诉求时点“我也遇到了”，就会出现在这里。
        </Text>
      }
    >
      {(d) => (
        <>
          {d.items.map((r) => (
            <View
              key={r.id}
              className="card"
              data-testid="followed-item"
              onClick={() =>
                void Taro.navigateTo({ url: `/packages/resident/pages/request/followed?id=${r.id}` })
              }
            >
              <Head r={r} />
              {r.canRate ? <Text className="similar-followed">已办结，请您也评价一下</Text> : null}
            </View>
          ))}
        </>
      )}
    </StateView>
  )
}

function Head({ r }: { r: FollowedRequest }) {
  return (
    <>
      <View className="row">
        <Text className="card-title">{r.categoryName}</Text>
        <StatusTag status={r.status} label={neighbourStatusName(r.status)} />
      </View>
      <Text className="list-item-desc">{r.summary}</Text>
      <Text className="muted" style={{ display: 'block' }}>
        {r.buildingName} · {formatLocal(r.createdAt, 'MM-DD')}反映 · {r.followerCount}位邻居关注
      </Text>
    </>
  )
}

function ratingsLine(r: FollowedRequest): string {
  const total = RATING_CODES.reduce((n, c) => n + r.neighbourRatings[c], 0)
  if (total === 0) return '还没有邻居评价'
  const parts = RATING_CODES.filter((c) => r.neighbourRatings[c] > 0).map(
    (c) => `${RATINGS[c]}${r.neighbourRatings[c]}`,
  )
  return `邻居评价${total}条：${parts.join(' · ')}`
}

function FollowedOne({ id }: { id: string }) {
  const view = useApi(() => call('request.followedGet', { id }), [id])
  return (
    <StateView {...view} onRetry={view.reload}>
      {(r) => (
        <>
          <View className="card" data-testid="followed-view">
            <Head r={r} />
            <Text className="muted" style={{ display: 'block' }}>
              工单号 {r.no} · 为保护邻居隐私，这里不显示反映人和办理细节
            </Text>
          </View>
          {r.canRate ? <NeighbourRate id={r.id} onDone={view.setData} onFail={view.reload} /> : null}
          <View className="card" data-testid="neighbour-ratings">
            <Text className="card-title">邻居评价</Text>
            {r.myRating ? <Text className="similar-followed">您的评价：{RATINGS[r.myRating]}</Text> : null}
            <Text className="muted" style={{ display: 'block' }}>
              {ratingsLine(r)}
            </Text>
          </View>
          <Text className="section-title">办理进度</Text>
          <View className="card">
            <Timeline events={r.steps} />
          </View>
        </>
      )}
    </StateView>
  )
}

function NeighbourRate({
  id,
  onDone,
  onFail,
}: {
  id: string
  onDone: (r: FollowedRequest) => void
  onFail: () => void
}) {
  const [rating, setRating] = useState<Rating>()
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()
  return (
    <View className="card" data-testid="neighbour-rate">
      <Text className="card-title">您觉得办得怎么样？</Text>
      <Text className="muted" style={{ display: 'block' }}>
        每位邻居可以评价一次，网格员会看到；结案以反映人的评价为准。
      </Text>
      <RatingChips
        value={rating}
        error={error}
        onChange={(r) => {
          setRating(r)
          setError(undefined)
        }}
      />
      <View className="page-actions">
        <BigButton
          testId="neighbour-rate-submit"
          loading={busy}
          onClick={async () => {
            if (!rating) {
              setError(RATING_MISSING)
              return
            }
            const done = await perform(() => call('request.neighbourRate', { id, rating }), onFail)
            if (!done) return
            onDone(done)
            void Taro.showToast({ title: '已评价', icon: 'success' })
          }}
        >
          提交评价
        </BigButton>
      </View>
    </View>
  )
}
