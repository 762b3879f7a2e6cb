import { Text } from '@tarojs/components'
import type { RequestSummary } from '../domain/contract'

/**
 * 重复诉求 on a card or a detail: how many neighbours follow it (+1; a count, never who), or, for
 * a duplicate the grid merged, which request it went into.
 */
export function DuplicateLine({
  request,
}: {
  request: Pick<RequestSummary, 'followerCount' | 'mergedIntoNo' | 'neighbourRatingCount'>
}) {
  if (request.mergedIntoNo)
    return (
      <Text className="muted" style={{ display: 'block' }} data-testid="merged-into">
        已合并到相同诉求 {request.mergedIntoNo}，办理进展会继续通知
      </Text>
    )
  if (request.followerCount === 0) return null
  return (
    <Text className="similar-count" data-testid="follower-count">
      另有{request.followerCount}位邻居也遇到了
      {request.neighbourRatingCount > 0 ? ` · 邻居评价${request.neighbourRatingCount}条` : ''}
    </Text>
  )
}
