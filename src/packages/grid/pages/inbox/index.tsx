import { Text } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { BigButton } from '../../../../components/BigButton'
import { WorkingCommunity } from '../../../../components/CommunitySwitcher'
import { ReminderCard } from '../../../../components/ReminderCard'
import { RequestFeed } from '../../../../components/RequestFeed'
import { Tabs } from '../../../../components/Tabs'
import { StateView } from '../../../../components/StateView'
import type { InboxTab } from '../../../../domain/contract'
import { usePaged } from '../../../../hooks/usePaged'
import { WorkPhoneCard } from '../../components/WorkPhoneCard'

const TABS: { key: InboxTab; label: string; empty: string }[] = [
  { key: 'assigned', label: '待接单', empty: '没有待接单的诉求' },
  { key: 'accepted', label: '处理中', empty: '没有正在处理的诉求' },
  // What this grid let slip (the clock ran out and it went up), wherever it is now.
  { key: 'slipped', label: '超时', empty: '没有超时上报的诉求' },
  { key: 'done', label: '已办结', empty: '还没有办结的诉求' },
]

/** 工作台: the requests of the grids this worker serves. */
export default function InboxPage() {
  const [tab, setTab] = useState<InboxTab>('assigned')
  const inbox = usePaged((cursor) => call('request.inbox', { tab, cursor }), [tab])
  const counts = inbox.data?.counts

  return (
    <Page>
      <WorkingCommunity reopen="/packages/grid/pages/inbox/index" />
      <BigButton to="/packages/grid/pages/record/index">代录诉求（为没有手机的居民登记）</BigButton>
      <BigButton to="/packages/grid/pages/diary/index" testId="diary">
        民情日志（今日走访 · 矛盾纠纷 · 意见建议）
      </BigButton>
      <BigButton to="/packages/grid/pages/patrol/index" testId="patrol-new">
        登记巡查发现
      </BigButton>
      <BigButton to="/packages/grid/pages/wishes/index">微心愿审核与确认</BigButton>
      <Tabs
        tabs={TABS.map((t) => ({
          key: t.key,
          label: counts && t.key !== 'done' ? `${t.label} ${counts[t.key]}` : t.label,
        }))}
        value={tab}
        onChange={setTab}
        testId="inbox-tabs"
      />
      <StateView
        {...inbox}
        onRetry={inbox.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text>{TABS.find((t) => t.key === tab)?.empty}</Text>}
      >
        {() => <RequestFeed paged={inbox} detailPage="/packages/grid/pages/detail/index" showPlace />}
      </StateView>
      <ReminderCard template="task" why="有新诉求派到您的网格、被上报或催办时，用微信提醒您。" />
      <WorkPhoneCard />
    </Page>
  )
}
