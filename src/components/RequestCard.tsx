import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { RequestSummary } from '../domain/contract'
import { formatLocal } from '../domain/time'
import { DuplicateLine } from './DuplicateLine'
import { PatrolTag, SensitiveTag, StatusTag } from './StatusTag'

/** One request in a list; `showPlace` for grid workers, who need the building; `children` below it. */
export function RequestCard({
  item,
  onClick,
  showPlace,
  children,
}: {
  item: RequestSummary
  onClick: () => void
  showPlace?: boolean
  children?: ReactNode
}) {
  return (
    <View className="list-item" onClick={onClick} data-testid="request-card">
      <View className="row">
        <Text className="card-title">{item.categoryName}</Text>
        <StatusTag status={item.status} />
      </View>
      <Text className="list-item-desc">{item.description}</Text>
      <SensitiveTag request={item} />
      <PatrolTag request={item} />
      <DuplicateLine request={item} />
      <Text className="muted">
        {showPlace ? `${item.buildingName} · ` : ''}
        {formatLocal(item.createdAt, 'MM-DD HH:mm')}
        {item.assigneeName ? ` · ${item.assigneeName}办理` : ''}
        {item.recordedByName ? ` · ${item.recordedByName}代录` : ''}
      </Text>
      {item.overdueMark ? (
        <Text className="deadline overdue-mark" data-testid="overdue-mark">
          超时 · {item.overdueMark}
        </Text>
      ) : null}
      {item.unit ? (
        <Text className="muted" style={{ display: 'block' }} data-testid="unit-line">
          由 {item.unit.name} 办理 · {item.unit.stateName}
        </Text>
      ) : null}
      {showPlace && item.status === 'assigned' ? (
        <Text className="deadline">请在 {formatLocal(item.acceptBy, 'MM-DD HH:mm')} 前接单</Text>
      ) : null}
      {showPlace && item.overdueMark && item.status !== 'resolved' ? (
        <Text className="muted" style={{ display: 'block' }}>
          现在：{item.gridName}
          {item.assigneeName ? `（${item.assigneeName}）` : '（待接单）'}
        </Text>
      ) : null}
      {children}
    </View>
  )
}
