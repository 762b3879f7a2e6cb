/** @jsxImportSource @antv/f2 */
// F2's own JSX (not React's): this file only describes the chart; TrendChart.tsx draws it.
import { Axis, Chart, Legend, Line, Point } from '@antv/f2'

export interface TrendSeries {
  name: string
  /** One per month, in percent (0–100); null = no figure that month (drawn as a gap). */
  values: (number | null)[]
}

export interface TrendChartProps {
  /** The x-axis labels, oldest first, e.g. ['6月', '7月', …]. */
  months: string[]
  series: TrendSeries[]
}

/** Distinct at a glance and ≥ 4.5:1 on white; the first is the app's primary red. */
const COLORS = ['#b3261e', '#1f5fbf', '#1e7d34', '#8a4b00']

/**
 * Sizes are 'NNpx' at the 750-wide design, like our SCSS; TrendChart pins F2's px2hd to px / 2.
 * Plain numbers are not converted (CSS px).
 */
export function trendChartSpec({ months, series }: TrendChartProps, elder: boolean) {
  const data = series.flatMap((s) =>
    months.map((month, i) => ({ month, series: s.name, value: s.values[i] ?? null })),
  )
  // CSS px 16, 20 in elder mode; month labels stay 16: six of '10月' at 20 px touch on a 375 phone.
  const label = elder ? '40px' : '32px'
  const monthLabel = '32px'
  return (
    <Chart
      data={data}
      scale={{
        month: { type: 'cat', values: months, range: [0.07, 0.93] },
        value: { min: 0, max: 100, tickCount: 5 },
      }}
    >
      <Legend
        position="top"
        marker="line"
        nameStyle={{ fontSize: label, fill: '#1f1f1f' }}
        itemStyle={{ paddingBottom: '12px' }}
      />
      <Axis field="month" style={{ label: { fontSize: monthLabel, fill: '#1f1f1f' }, labelOffset: '16px' }} />
      <Axis
        field="value"
        formatter={(v) => `${v}%`}
        style={{ label: { fontSize: label, fill: '#4a4a4a' }, grid: { stroke: '#d9d9d9' } }}
      />
      <Line
        x="month"
        y="value"
        color={{ field: 'series', range: COLORS }}
        style={{ lineWidth: '6px' }}
        connectNulls={false}
      />
      <Point x="month" y="value" color={{ field: 'series', range: COLORS }} size="10px" />
    </Chart>
  )
}
