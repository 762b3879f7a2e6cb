import { Text, View } from '@tarojs/components'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { useAction } from '../../../../hooks/useAction'
import { local } from '../../../../domain/time'
import { useApi } from '../../../../hooks/useApi'
import { wallClock } from '../../../../clock'

/** 双报到: confirm new registrations; see who has not served yet this month (≥ 1 a month). */
export default function PartyMembersPage() {
  const list = useApi(() => call('volunteer.partyMembers', {}))
  const month = local(wallClock()).format('YYYY-MM')
  const ranking = useApi(() => call('volunteer.rankings', { month }), [month])
  const [busy, perform] = useAction()
  const decide = async (openid: string, approve: boolean) => {
    if (await perform(() => call('volunteer.confirmParty', { openid, approve }), list.reload)) list.reload()
  }
  return (
    <Page>
      <StateView {...list} onRetry={list.reload}>
        {(d) => (
          <>
            <Text className="section-title">待确认的登记（{d.pending.length}）</Text>
            {d.pending.map((p) => (
              <View className="card" key={p.openid} data-testid="party-pending">
                <Text className="card-title">{p.name}</Text>
                <Text className="muted" style={{ display: 'block' }}>
                  {p.workUnit} · {p.branch}
                </Text>
                <BigButton loading={busy} onClick={() => decide(p.openid, true)}>
                  确认双报到
                </BigButton>
                <BigButton kind="default" loading={busy} onClick={() => decide(p.openid, false)}>
                  信息有误，退回
                </BigButton>
              </View>
            ))}
            <Text className="section-title">
              本月尚未服务（{d.members.filter((m) => !m.servedThisMonth).length} / {d.members.length}）
            </Text>
            {d.members.map((m) => (
              <View className="list-item" key={m.openid}>
                <View className="row">
                  <Text className="card-title">{m.name}</Text>
                  <Text className={m.servedThisMonth ? 'muted' : 'deadline'}>
                    {m.servedThisMonth ? `本月 ${m.hoursThisMonth} 小时` : '本月尚未服务'}
                  </Text>
                </View>
                <Text className="muted">
                  {m.workUnit} · {m.branch}
                </Text>
              </View>
            ))}
          </>
        )}
      </StateView>
      <Text className="section-title">本月各网格志愿服务排行</Text>
      <StateView {...ranking} onRetry={ranking.reload}>
        {(r) =>
          r.grids.map((g, i) => (
            <View className="list-item" key={g.gridId} data-testid="grid-ranking">
              <View className="row">
                <Text className="card-title">
                  {i + 1}. {g.name}
                </Text>
                <Text className="muted">
                  {g.hours} 小时 · {g.services} 次
                </Text>
              </View>
              <Text className="muted">
                {g.top.length
                  ? g.top.map((t) => `${t.name} ${t.hours}小时`).join('、')
                  : '本月还没有服务记录'}
              </Text>
            </View>
          ))
        }
      </StateView>
    </Page>
  )
}
