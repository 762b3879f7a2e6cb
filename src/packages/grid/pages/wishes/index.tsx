import { Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { Tabs } from '../../../../components/Tabs'
import { StateView } from '../../../../components/StateView'
import { WishFeed } from '../../../../components/WishFeed'
import { UNCLAIMED_HIGHLIGHT_DAYS } from '../../../../domain/wish'
import { usePaged } from '../../../../hooks/usePaged'

const TABS = [
  { key: 'reviewing', label: '待审核', empty: '没有待审核的心愿' },
  { key: 'fulfilled', label: '待确认', empty: '没有等待确认的心愿' },
  { key: 'stale', label: `久未认领`, empty: `没有超过${UNCLAIMED_HIGHLIGHT_DAYS}天无人认领的心愿` },
] as const
type Tab = (typeof TABS)[number]['key']

/** The grid's wish work: review before the wall, confirm for residents, and what has waited too long. */
export default function GridWishesPage() {
  const initial = useRouter().params.tab
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.key === initial) ? (initial as Tab) : 'reviewing')
  const list = usePaged((cursor) => call('wish.inbox', { tab, cursor }), [tab])
  return (
    <Page>
      <BigButton to="/packages/grid/pages/record/index?kind=wish">代录心愿（为没有手机的居民登记）</BigButton>
      <Tabs tabs={TABS} value={tab} onChange={setTab} />
      {tab === 'stale' ? (
        <Text className="muted">
          在心愿墙上等待超过{UNCLAIMED_HIGHLIGHT_DAYS}天仍无人认领，请联系志愿者或党员帮忙。
        </Text>
      ) : null}
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text>{TABS.find((t) => t.key === tab)?.empty}</Text>}
      >
        {() => <WishFeed paged={list} />}
      </StateView>
    </Page>
  )
}
