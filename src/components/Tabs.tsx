import { View } from '@tarojs/components'

/** A row of large tabs (lists in the workbench, 我的心愿 …). */
export function Tabs<K extends string>({
  tabs,
  value,
  onChange,
  testId,
}: {
  tabs: readonly { key: K; label: string }[]
  value: K
  onChange: (key: K) => void
  testId?: string
}) {
  return (
    <View className="tabs" data-testid={testId}>
      {tabs.map((t) => (
        <View
          key={t.key}
          className={`tab ${value === t.key ? 'tab-on' : ''}`}
          onClick={() => onChange(t.key)}
          data-testid={`tab-${t.key}`}
        >
          {t.label}
        </View>
      ))}
    </View>
  )
}
