import { Text, View } from '@tarojs/components'
import './Rates.scss'

/** The four rates of a month (网格绩效, 街道总览), in the order the board reads them out. */
export type RateKey = 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'onTimeRate'

export const RATES: { key: RateKey; label: string }[] = [
  { key: 'responseRate', label: '响应率' },
  { key: 'resolutionRate', label: '解决率' },
  { key: 'satisfactionRate', label: '满意率' },
  { key: 'onTimeRate', label: '按时办结率' },
]

/** A rate as the board writes it: a whole percent, or — when nothing was there to count. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** The four rates as bars with their figures: a grid's month, or a community's on the street's board. */
export function RateList({ row }: { row: Record<RateKey, number | null> }) {
  return (
    <View>
      {RATES.map((r) => (
        <View className="rate" key={r.key}>
          <Text className="rate-label">{r.label}</Text>
          <View className="rate-track">
            <View className="rate-fill" style={{ width: `${Math.round((row[r.key] ?? 0) * 100)}%` }} />
          </View>
          <Text className="rate-value">{percent(row[r.key])}</Text>
        </View>
      ))}
    </View>
  )
}
