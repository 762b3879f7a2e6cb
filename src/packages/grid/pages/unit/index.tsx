import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { RequestCard } from '../../../../components/RequestCard'
import { StateView } from '../../../../components/StateView'
import { Tabs } from '../../../../components/Tabs'
import type { RequestSummary } from '../../../../domain/contract'
import { formatLocal } from '../../../../domain/time'
import { useApi } from '../../../../hooks/useApi'

type Tab = 'open' | 'done'

const TABS: { key: Tab; label: string; empty: string }[] = [
  { key: 'open', label: '待办理', empty: '社区暂时没有请本单位办理的诉求' },
  { key: 'done', label: '已办结 · 已退回', empty: '还没有办结或退回的诉求' },
]

/** Where the unit's task on it stands, and its clock: what the contact must do next, and by when. */
function TaskLine({ item }: { item: RequestSummary }) {
  const unit = item.unit
  if (!unit) return null
  const at = (iso: string) => formatLocal(iso, 'MM-DD HH:mm')
  return (
    <Text className="deadline" style={{ display: 'block' }} data-testid="unit-task-line">
      {unit.calledByName}吹哨
      {unit.state === 'called' ? ` · 请在 ${at(unit.acceptBy)} 前报到` : ''}
      {unit.state === 'accepted' ? ` · 请在 ${at(unit.resolveBy)} 前办结` : ''}
    </Text>
  )
}

/**
 * 责任单位工作台 (吹哨报到, issue 17): what the community called this unit in on — to report in
 * (报到接单), resolve with a note and photos, or hand back with a reason, each on the request's
 * page — and what it has done.
 */
export default function UnitInboxPage() {
  const [tab, setTab] = useState<Tab>('open')
  const inbox = useApi(() => call('unit.inbox', { tab }), [tab])

  return (
    <Page>
      {inbox.data ? (
        <View className="card" data-testid="unit-names">
          <Text className="card-title">{inbox.data.unitNames.join('、') || '责任单位'}</Text>
          <Text className="muted">社区吹哨，单位报到：请按时限报到接单、办结。</Text>
        </View>
      ) : null}
      <Tabs tabs={TABS} value={tab} onChange={setTab} testId="unit-tabs" />
      <StateView
        {...inbox}
        onRetry={inbox.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text>{TABS.find((t) => t.key === tab)?.empty}</Text>}
      >
        {(d) => (
          <>
            {d.items.map((item) => (
              <RequestCard
                key={item.id}
                item={item}
                showPlace
                onClick={() => Taro.navigateTo({ url: `/packages/grid/pages/detail/index?id=${item.id}` })}
              >
                <TaskLine item={item} />
              </RequestCard>
            ))}
          </>
        )}
      </StateView>
    </Page>
  )
}
