import { Text, View } from '@tarojs/components'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { StatusTag } from '../../../../components/StatusTag'
import type { NeighbourRequest } from '../../../../domain/contract'
import { formatLocal } from '../../../../domain/time'
import { useApi } from '../../../../hooks/useApi'
import { WorkPhoneCard } from '../../components/WorkPhoneCard'

/** One neighbour's open request as the 楼栋长 sees it: no name, phone or room; read only. */
function NeighbourCard({ item }: { item: NeighbourRequest }) {
  return (
    <View className="list-item" data-testid="neighbour-request">
      <View className="row">
        <Text className="card-title">{item.categoryName}</Text>
        <StatusTag status={item.status} />
      </View>
      <Text className="list-item-desc">{item.description}</Text>
      {item.source === 'patrol' || item.mine ? (
        <View className="tag-line">
          {item.source === 'patrol' ? (
            <Text className="tag tag-patrol">巡查{item.place ? ` · ${item.place}` : ''}</Text>
          ) : null}
          {item.mine ? <Text className="tag">我登记的</Text> : null}
        </View>
      ) : null}
      <Text className="muted">
        {formatLocal(item.createdAt, 'MM-DD HH:mm')} ·{' '}
        {item.assigneeName ? `${item.assigneeName}办理` : item.gridName}
      </Text>
      <Text className={item.overdue ? 'deadline overdue-mark' : 'deadline'}>
        {item.overdue ? '已超时 · ' : ''}
        {item.status === 'assigned' ? '接单时限' : '办结时限'} {formatLocal(item.dueAt, 'MM-DD HH:mm')}
      </Text>
    </View>
  )
}

/**
 * 楼栋长工作台: the open requests of my building (masked, read only), 代录 for a neighbour without
 * WeChat and 巡查发现 in the building. Notices of its requests arrive in 消息.
 */
export default function BuildingLeaderPage() {
  const list = useApi(() => call('building.openRequests', {}))
  return (
    <Page>
      <View className="page-actions">
        <BigButton
          kind="primary"
          to="/packages/grid/pages/record/index?from=building"
          testId="building-record"
        >
          为邻居代录诉求
        </BigButton>
        <BigButton to="/packages/grid/pages/patrol/index?from=building" testId="building-patrol">
          登记巡查发现
        </BigButton>
      </View>
      <StateView {...list} onRetry={list.reload}>
        {(d) => (
          <>
            {d.buildings.map((b) => (
              <View key={b.code}>
                <Text className="section-title">
                  {b.name}正在办理的诉求（{b.items.length}）
                </Text>
                {b.items.length === 0 ? <Text className="muted">本楼暂时没有待办的诉求</Text> : null}
                {b.items.map((item) => (
                  <NeighbourCard key={item.id} item={item} />
                ))}
              </View>
            ))}
            <Text className="muted">
              为保护邻居隐私，这里不显示姓名、电话和门牌号；涉及治安的线索只由社区处理，不在此显示。
            </Text>
          </>
        )}
      </StateView>
      <WorkPhoneCard />
    </Page>
  )
}
