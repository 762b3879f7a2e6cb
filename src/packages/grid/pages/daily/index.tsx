import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { ActionOutput } from '../../../../domain/contract'
import { VISIT_INTERVAL } from '../../../../domain/fieldlog-kinds'
import { formatLocal } from '../../../../domain/time'
import { confirmAction } from '../../../../hooks/confirm'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

type Plan = ActionOutput<'diary.summary'>['plan']

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`

/** 走访计划: every household of the grid every N working days; the leader changes N, asked first. */
function PlanCard({ plan, onSaved }: { plan: Plan; onSaved: () => void }) {
  const [days, setDays] = useState(String(plan.intervalDays))
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()
  async function save() {
    const n = Number(days)
    if (!/^\d+$/.test(days.trim()) || n < VISIT_INTERVAL.min || n > VISIT_INTERVAL.max) {
      setError(`请填写${VISIT_INTERVAL.min}到${VISIT_INTERVAL.max}之间的整数`)
      return
    }
    setError(undefined)
    if (n === plan.intervalDays) return
    const sure = await confirmAction({
      title: `改为每${n}个工作日走访？`,
      content: `${plan.gridName}的每户住户将每${n}个工作日走访一次（现为每${plan.intervalDays}个工作日），今天起按新的间隔计算应走访。`,
      confirm: '确认修改',
      keep: '暂不修改',
      destructive: false,
    })
    if (!sure) return
    const done = await perform(() => call('visitPlan.set', { gridId: plan.gridId, intervalDays: n }))
    if (done) {
      void Taro.showToast({ title: '已修改', icon: 'success' })
      onSaved()
    }
  }
  return (
    <View className="card" data-testid="visit-plan">
      <Text className="card-title">走访计划</Text>
      <Text className="list-item-desc" data-testid="plan-now">
        {plan.gridName}：每户每{plan.intervalDays}个工作日走访一次
        {plan.isDefault ? '（默认，尚未设定）' : ''}
      </Text>
      <TextField
        label="走访间隔（工作日）"
        type="number"
        maxlength={String(VISIT_INTERVAL.max).length}
        value={days}
        onInput={setDays}
        error={error}
        testId="plan-days"
      />
      <BigButton kind="default" loading={busy} onClick={() => void save()} testId="plan-save">
        保存走访间隔
      </BigButton>
      {plan.events.slice(0, 5).map((e) => (
        <Text className="muted" key={e.at} style={{ display: 'block' }}>
          {formatLocal(e.at, 'M月D日 HH:mm')} {e.byName}：{e.from} → {e.to} 个工作日
        </Text>
      ))}
      <Text className="muted" style={{ display: 'block' }}>
        按工作日计算，节假日不算超期。
      </Text>
    </View>
  )
}

/**
 * 网格民情日报 (the grid leader's, and the admin's for each grid): the day's entries per member,
 * open 矛盾纠纷, visits done vs due, who is behind — and the grid's 走访计划. A member who leads no
 * grid is not offered this page; opened anyway, the server says so.
 */
export default function DailyPage() {
  const [gridId, setGridId] = useState<string>()
  const summary = useApi(() => call('diary.summary', { gridId }), [gridId])

  return (
    <Page>
      <StateView {...summary} onRetry={summary.reload}>
        {(s) => (
          <>
            {s.grids.length > 1 ? (
              <Chips
                options={s.grids.map((g) => ({ value: g.id, label: g.name }))}
                value={s.plan.gridId}
                onChange={setGridId}
                look="tab"
              />
            ) : null}
            <View className="card" data-testid="day-totals">
              <Text className="card-title">
                {s.plan.gridName} · {md(s.day)}
              </Text>
              <Text className="list-item-desc">
                今日走访 {s.visitsDone} 户 / 应走访 {s.visitsDue} 户
              </Text>
              <Text className={s.disputesOpen > 0 ? 'deadline' : 'muted'}>
                未化解、未转诉求的矛盾纠纷 {s.disputesOpen} 件
              </Text>
            </View>
            <Text className="section-title">谁落后了</Text>
            {s.behind.length === 0 ? (
              <Text className="muted">没有超期未走访的住户</Text>
            ) : (
              s.behind.map((b) => (
                <View className="card card-alert" key={`${b.gridName}-${b.name}`} data-testid="behind">
                  <Text className="card-title">{b.name}</Text>
                  <Text className="list-item-desc">
                    {b.gridName} · {b.overdue} 户超期未走访
                  </Text>
                </View>
              ))
            )}
            <Text className="section-title">今日汇总（按网格员）</Text>
            {s.members.map((m) => (
              <View className="card" key={`${m.gridName}-${m.name}`} data-testid="member-day">
                <Text className="card-title">
                  {m.name} · {m.gridName}
                </Text>
                <Text className="list-item-desc">
                  走访 {m.visit} · 矛盾纠纷 {m.dispute} · 意见建议 {m.suggestion}
                </Text>
                <Text className={m.overdue > 0 ? 'deadline' : 'muted'}>
                  包户 {m.households} · 今日应访 {m.due} · 超期 {m.overdue}
                </Text>
              </View>
            ))}
            <PlanCard
              key={`${s.plan.gridId}-${s.plan.intervalDays}`}
              plan={s.plan}
              onSaved={summary.reload}
            />
          </>
        )}
      </StateView>
    </Page>
  )
}
