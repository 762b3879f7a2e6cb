import { Picker, Text, View } from '@tarojs/components'
import { formatLocal, local } from '../domain/time'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

function Stepper({
  label,
  dir,
  onClick,
  testId,
}: {
  label: string
  dir: 'prev' | 'next'
  onClick: () => void
  testId: string
}) {
  return (
    <View
      className="picker-step"
      ariaRole="button"
      ariaLabel={label}
      onClick={onClick}
      data-testid={`${testId}-${dir}`}
    >
      {dir === 'prev' ? '‹' : '›'}
    </View>
  )
}

/**
 * A date chosen, not typed: WeChat's date picker on tapping the day, and ‹ › a day either way
 * beside it (an elder moves to "后天" in two taps). `value` is YYYY-MM-DD (Beijing).
 */
export function DateField({
  label,
  value,
  onChange,
  start,
  end,
  error,
  testId,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  start?: string
  end?: string
  error?: string
  testId: string
}) {
  const day = local(`${value}T12:00:00+08:00`)
  const shift = (n: number) => {
    const next = day.add(n, 'day').format('YYYY-MM-DD')
    if ((start && next < start) || (end && next > end)) return
    onChange(next)
  }
  return (
    <>
      <Text className="section-title">{label}</Text>
      <View className="picker-field" data-testid={testId} data-value={value}>
        <Stepper label="前一天" dir="prev" onClick={() => shift(-1)} testId={testId} />
        <Picker
          mode="date"
          value={value}
          start={start}
          end={end}
          onChange={(e) => onChange(String(e.detail.value))}
        >
          <Text className="picker-value">
            {formatLocal(`${value}T12:00:00+08:00`, 'YYYY年M月D日')}（周{WEEKDAYS[day.day()]}）
          </Text>
        </Picker>
        <Stepper label="后一天" dir="next" onClick={() => shift(1)} testId={testId} />
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
    </>
  )
}

/** A time chosen, not typed: the picker, and ‹ › half an hour either way. `value` is HH:mm. */
export function TimeField({
  label,
  value,
  onChange,
  error,
  testId,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  testId: string
}) {
  const shift = (minutes: number) => {
    const [h, m] = value.split(':').map(Number)
    const t = Math.min(23 * 60 + 30, Math.max(0, h * 60 + m + minutes))
    onChange(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`)
  }
  return (
    <>
      <Text className="section-title">{label}</Text>
      <View className="picker-field" data-testid={testId} data-value={value}>
        <Stepper label="早半小时" dir="prev" onClick={() => shift(-30)} testId={testId} />
        <Picker mode="time" value={value} onChange={(e) => onChange(String(e.detail.value))}>
          <Text className="picker-value">{value}</Text>
        </Picker>
        <Stepper label="晚半小时" dir="next" onClick={() => shift(30)} testId={testId} />
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
    </>
  )
}

/**
 * A number chosen, not typed: ‹ › one `step` either way within `min`…`max` (an elder sets 1.5
 * 小时 in a tap or two, and cannot enter what the contract refuses). Shown as `value` + `unit`.
 */
export function AmountField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  unit,
  error,
  testId,
}: {
  label: string
  value: number
  onChange: (v: number) => void
  min: number
  max: number
  step: number
  unit: string
  error?: string
  testId: string
}) {
  const shift = (n: number) => onChange(Math.min(max, Math.max(min, value + n * step)))
  return (
    <>
      <Text className="section-title">{label}</Text>
      <View className="picker-field" data-testid={testId} data-value={value}>
        <Stepper label={`少${step}${unit}`} dir="prev" onClick={() => shift(-1)} testId={testId} />
        <Text className="picker-value">
          {value} {unit}
        </Text>
        <Stepper label={`多${step}${unit}`} dir="next" onClick={() => shift(1)} testId={testId} />
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
    </>
  )
}
