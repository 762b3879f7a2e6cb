import { Text, View } from '@tarojs/components'
import type { ActionOutput } from '../../../domain/contract'
import { percent } from './Rates'

type UnitRow = ActionOutput<'metrics.units'>['units'][number]

/** One unit's month (网格绩效's 责任单位, 街道总览's 挂钩部门): called how often, 报到率, 按时办结率. */
export function UnitWork({ u }: { u: UnitRow }) {
  return (
    <View className="contact-row" data-testid="unit-work">
      <View className="contact-who">
        <Text className="contact-name">{u.name}</Text>
        <Text className="muted">
          {u.kindName} · 被吹哨 {u.called} 次{u.open ? ` · 在办 ${u.open}` : ''}
          {u.returned ? ` · 退回 ${u.returned}` : ''}
        </Text>
        <Text className="muted">
          报到率 {percent(u.reportRate)} · 按时办结率 {percent(u.resolveRate)}
        </Text>
      </View>
    </View>
  )
}
