import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { WorkingCommunity } from '../../../../components/CommunitySwitcher'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import type { ActionOutput } from '../../../../domain/contract'
import { useApi } from '../../../../hooks/useApi'
import { MonthSwitcher, thisMonth } from '../../components/MonthSwitcher'
import { RateList } from '../../components/Rates'
import { UnitWork } from '../../components/UnitWork'

type Board = ActionOutput<'street.board'>
type CommunityRow = Board['communities'][number]

/** One community's month as the street reads it: its four rates (已合并 and 志愿服务 apart), then what fell to the street. */
function CommunityCard({ c }: { c: CommunityRow }) {
  return (
    <View className={`card${c.streetLate ? ' card-alert' : ''}`} data-testid="street-community">
      <Text className="card-title">{c.name}</Text>
      <Text className="muted" style={{ display: 'block' }}>
        {`受理 ${c.received} 件${c.openOverdue ? ` · 超时未结 ${c.openOverdue} 件` : ''}`}
      </Text>
      {c.merged || c.toVolunteers || c.volunteerSolved ? (
        <View data-testid="street-apart">
          <Text className="muted" style={{ display: 'block' }}>
            {`已合并 ${c.merged} 件（不计入受理）`}
          </Text>
          <Text className="muted" style={{ display: 'block' }}>
            {`转志愿服务 ${c.toVolunteers} 件 · 志愿服务解决 ${c.volunteerSolved} 件`}
          </Text>
        </View>
      ) : null}
      <RateList row={c} />
      <Text style={{ display: 'block' }} data-testid="street-fallen">
        {`上报街道 ${c.toStreet} 件 · 街道在办 ${c.streetOpen} 件`}
      </Text>
      {c.streetLate ? (
        <Text className="deadline" data-testid="street-late">
          {`超时未受理 ${c.streetLate} 件`}
        </Text>
      ) : null}
    </View>
  )
}

/** The units' work, the street's 挂钩部门 first, each organisation's under its own name. */
function UnitsByOrg({ units, streetName }: { units: Board['units']; streetName: string }) {
  if (units.length === 0) return null
  const orgs = [...new Set([streetName, ...units.map((u) => u.orgName)])]
  return (
    <>
      <Text className="section-title">挂钩部门与责任单位（吹哨报到）</Text>
      {orgs.map((org) => {
        const rows = units.filter((u) => u.orgName === org)
        if (rows.length === 0) return null
        return (
          <View className="card" key={org} data-testid="street-unit-orgs">
            <Text className="card-title">{org === streetName ? `${org}挂钩部门` : `${org}责任单位`}</Text>
            {rows.map((u) => (
              <UnitWork key={u.id} u={u} />
            ))}
          </View>
        )
      })}
    </>
  )
}

/**
 * 街道总览 (issue 17, part 3): for the 街道管理员, each community's month — 受理, the four rates, what
 * fell through to the street and how the street keeps up with it — and the units' work.
 */
export default function StreetBoardPage() {
  const [month, setMonth] = useState(thisMonth)
  const board = useApi(() => call('street.board', { month }), [month])

  return (
    <Page>
      <WorkingCommunity reopen="/packages/admin/pages/street/index" />
      <MonthSwitcher month={month} onChange={setMonth} />
      <StateView {...board} onRetry={board.reload}>
        {(b) => (
          <>
            <Text className="section-title">{b.streetName}各社区</Text>
            {b.communities.length === 0 ? (
              <Text className="muted">街道下还没有登记社区</Text>
            ) : (
              b.communities.map((c) => <CommunityCard key={c.id} c={c} />)
            )}
            <UnitsByOrg units={b.units} streetName={b.streetName} />
          </>
        )}
      </StateView>
      <BigButton to="/packages/grid/pages/inbox/index">街道工作台（街道在办的诉求）</BigButton>
      <BigButton kind="default" onClick={() => Taro.navigateBack()}>
        返回
      </BigButton>
    </Page>
  )
}
