import { Switch, Text, View } from '@tarojs/components'

/** A setting as a card: what it is, one line on why, and a large switch. */
export function SwitchCard({
  title,
  hint,
  checked,
  onChange,
  testId,
}: {
  title: string
  hint: string
  checked: boolean
  onChange: (on: boolean) => void
  testId?: string
}) {
  return (
    <View className="card row">
      <View>
        <Text className="card-title">{title}</Text>
        <Text className="muted">{hint}</Text>
      </View>
      <Switch
        checked={checked}
        color="#b3261e"
        // The title beside it is its name for a screen reader too.
        ariaLabel={title}
        nativeProps={{ 'aria-label': title }}
        onChange={(e) => onChange(e.detail.value)}
        data-testid={testId}
      />
    </View>
  )
}
