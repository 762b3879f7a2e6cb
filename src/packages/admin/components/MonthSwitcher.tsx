import { Text, View } from '@tarojs/components'
import { wallClock } from '../../../clock'
import { local } from '../../../domain/time'

/** This month, as the board opens on it. */
export const thisMonth = () => local(wallClock()).format('YYYY-MM')

/** ‹ 上月 · 2026年12月 · 下月 › (no month after this one): the board's and the street's. */
export function MonthSwitcher({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const shift = (n: number) => onChange(local(`${month}-01T00:00:00+08:00`).add(n, 'month').format('YYYY-MM'))
  return (
    <View className="row">
      <Text className="link" onClick={() => shift(-1)}>
        ‹ 上月
      </Text>
      <Text className="card-title" data-testid="board-month">
        {month.replace('-', '年')}月
      </Text>
      {month < thisMonth() ? (
        <Text className="link" onClick={() => shift(1)}>
          下月 ›
        </Text>
      ) : (
        <Text className="link muted"> </Text>
      )}
    </View>
  )
}
