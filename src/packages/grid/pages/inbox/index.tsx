import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { BigButton } from '../../../../components/BigButton'
import { CommunitySwitcher } from '../../../../components/CommunitySwitcher'
import { ReminderCard } from '../../../../components/ReminderCard'
import { RequestFeed } from '../../../../components/RequestFeed'
import { Tabs } from '../../../../components/Tabs'
import { StateView } from '../../../../components/StateView'
import type { InboxTab } from '../../../../domain/contract'
import { useApi } from '../../../../hooks/useApi'
import { usePaged } from '../../../../hooks/usePaged'
import { WorkPhoneCard } from '../../components/WorkPhoneCard'

const TABS: { key: InboxTab; label: string; empty: string }[] = [
  { key: 'assigned', label: '待接单', empty: '没有待接单的诉求' },
  { key: 'accepted', label: '处理中', empty: '没有正在处理的诉求' },
  // What this grid let slip (the clock ran out and it went up), wherever it is now.
  { key: 'slipped', label: '超时', empty: '没有超时上报的诉求' },
  { key: 'done', label: '已办结', empty: '还没有办结的诉求' },
]

/** The street's queue (街道兜底): what it holds; 超时 is what waited past the street's own clock. */
const STREET_EMPTY: Partial<Record<InboxTab, string>> = {
  assigned: '街道没有待受理的诉求',
  slipped: '没有超时未受理的诉求',
}

/** The grid's own screens: a 街道管理员 has no grid, households or wishes to work (the server refuses them). */
function GridTools() {
  return (
    <>
      <BigButton to="/packages/grid/pages/record/index">代录诉求（为没有手机的居民登记）</BigButton>
      <BigButton to="/packages/grid/pages/diary/index" testId="diary">
        民情日志（今日走访 · 矛盾纠纷 · 意见建议）
      </BigButton>
      <BigButton to="/packages/grid/pages/patrol/index" testId="patrol-new">
        登记巡查发现
      </BigButton>
      <BigButton to="/packages/grid/pages/wishes/index">微心愿审核与确认</BigButton>
    </>
  )
}

/**
 * 工作台: the requests of the grids this worker serves; for a 街道管理员 (街道工作台), what the
 * street holds — handed up past its communities — and none of the grid's own tools.
 */
export default function InboxPage() {
  const [tab, setTab] = useState<InboxTab>('assigned')
  const inbox = usePaged((cursor) => call('request.inbox', { tab, cursor }), [tab])
  const me = useApi(() => call('me.get', {}))
  const counts = inbox.data?.counts
  const street = me.data?.roles.includes('streetAdmin') ?? false
  useEffect(() => {
    if (street) void Taro.setNavigationBarTitle({ title: '街道工作台' })
  }, [street])

  return (
    <Page>
      {me.data ? (
        <CommunitySwitcher
          me={me.data}
          onSwitched={() => void Taro.redirectTo({ url: '/packages/grid/pages/inbox/index' })}
        />
      ) : null}
      {street ? (
        <View className="card" data-testid="street-queue">
          <Text className="card-title">街道兜底</Text>
          <Text className="muted">
            社区上报或超时未办的诉求到了街道：请受理，或吹哨请挂钩部门办理；属于社区的，写明原因退回社区。
          </Text>
        </View>
      ) : me.data ? (
        <GridTools />
      ) : null}
      <Tabs
        tabs={TABS.map((t) => {
          const label = street && t.key === 'assigned' ? '待受理' : t.label
          return { key: t.key, label: counts && t.key !== 'done' ? `${label} ${counts[t.key]}` : label }
        })}
        value={tab}
        onChange={setTab}
        testId="inbox-tabs"
      />
      <StateView
        {...inbox}
        onRetry={inbox.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text>{(street && STREET_EMPTY[tab]) || TABS.find((t) => t.key === tab)?.empty}</Text>}
      >
        {() => <RequestFeed paged={inbox} detailPage="/packages/grid/pages/detail/index" showPlace />}
      </StateView>
      <ReminderCard template="task" why="有新诉求派到您的网格、被上报或催办时，用微信提醒您。" />
      <WorkPhoneCard />
    </Page>
  )
}
