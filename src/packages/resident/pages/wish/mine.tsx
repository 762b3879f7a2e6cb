import { Text } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { Tabs } from '../../../../components/Tabs'
import { StateView } from '../../../../components/StateView'
import { WishFeed } from '../../../../components/WishFeed'
import { usePaged } from '../../../../hooks/usePaged'

const TABS = [
  { key: 'posted', label: '我许的心愿', empty: '还没有许过心愿' },
  { key: 'claimed', label: '我认领的', empty: '还没有认领过心愿' },
] as const

export default function MyWishesPage() {
  const [role, setRole] = useState<'posted' | 'claimed'>('posted')
  const list = usePaged((cursor) => call('wish.listMine', { role, cursor }), [role])
  return (
    <Page>
      <Tabs tabs={TABS} value={role} onChange={setRole} />
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text className="state-text">{TABS.find((t) => t.key === role)?.empty}</Text>}
      >
        {() => <WishFeed paged={list} />}
      </StateView>
    </Page>
  )
}
