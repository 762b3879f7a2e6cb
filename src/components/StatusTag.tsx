import { Text } from '@tarojs/components'
import { REQUEST_STATUSES, type RequestStatus } from '../domain/request'

export function StatusTag({ status }: { status: RequestStatus }) {
  return <Text className={`tag tag-${status}`}>{REQUEST_STATUSES[status]}</Text>
}
