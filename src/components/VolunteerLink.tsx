import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { RequestDetail } from '../domain/contract'
import { BigButton } from './BigButton'

/**
 * 已转志愿服务 (issue 19): the request's 微心愿 and how far the volunteers are — for the resident and
 * the grid alike; the wish itself one tap away.
 */
export function VolunteerLink({ request }: { request: RequestDetail }) {
  const v = request.volunteer
  if (!v) return null
  const progress =
    v.state === 'serving'
      ? `心愿${v.wishStatusName}${v.claimantName ? `（${v.claimantName}认领）` : ''}`
      : v.stateName
  return (
    <View className="card" data-testid="volunteer-link">
      <Text className="card-title">
        {v.state === 'serving' ? '已转志愿服务' : '志愿服务'}：{v.what}
      </Text>
      <Text style={{ display: 'block' }} data-testid="volunteer-progress">
        {progress}
      </Text>
      {v.state === 'serving' ? (
        <Text className="muted" style={{ display: 'block' }}>
          {v.wishStatus === 'fulfilled'
            ? '志愿者已完成，请确认后这条诉求结案'
            : '志愿者完成、居民确认后，这条诉求结案'}
        </Text>
      ) : null}
      <BigButton
        kind="default"
        testId="volunteer-wish"
        onClick={() => Taro.navigateTo({ url: `/packages/resident/pages/wish/detail?id=${v.wishId}` })}
      >
        查看心愿 {v.wishNo}
      </BigButton>
    </View>
  )
}
