import { Text, View } from '@tarojs/components'
import type { RequestSummary } from '../domain/contract'
import { REQUEST_STATUSES, type RequestStatus } from '../domain/request'

/** `label`: the state in other words for who reads it (a neighbour's 已办结 for 待评价). */
export function StatusTag({ status, label }: { status: RequestStatus; label?: string }) {
  return <Text className={`tag tag-${status}`}>{label ?? REQUEST_STATUSES[status]}</Text>
}

/** 治安线索: who sees it, and what the content check found in it — on the card and the detail alike. */
export function SensitiveTag({ request }: { request: Pick<RequestSummary, 'sensitive' | 'contentLabel'> }) {
  if (!request.sensitive) return null
  return (
    <View className="tag-line">
      <Text className="tag tag-sensitive" data-testid="sensitive-tag">
        仅社区工作人员可见{request.contentLabel ? ` · 涉及${request.contentLabel}` : ''}
      </Text>
    </View>
  )
}

/** 巡查发现 (domain/patrol.ts): found on a round, where, by whom — on the card and the detail alike. */
export function PatrolTag({
  request,
}: {
  request: { source: string; place: string | null; foundByName?: string | null }
}) {
  if (request.source !== 'patrol') return null
  return (
    <View className="tag-line">
      <Text className="tag tag-patrol" data-testid="patrol-tag">
        巡查{request.place ? ` · ${request.place}` : ''}
        {request.foundByName ? ` · ${request.foundByName}发现` : ''}
      </Text>
    </View>
  )
}
