import { View } from '@tarojs/components'

interface Props<T extends string> {
  options: readonly { value: T; label: string }[]
  /** The chosen one (none yet: undefined). */
  value: T | undefined
  onChange: (value: T) => void
  /** The row's test id. */
  testId?: string
  /** Each chip's test id is this followed by its value (`category-` → `category-repair`). */
  chipTestId?: string
  /** Chips wrap under a question; tabs switch the list below them (Tabs). */
  look?: 'chip' | 'tab'
}

/** A row of large tappable choices, one of them chosen: categories, buildings, filters. */
export function Chips<T extends string>({
  options,
  value,
  onChange,
  testId,
  chipTestId,
  look = 'chip',
}: Props<T>) {
  return (
    <View className={`${look}s`} data-testid={testId}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`${look} ${value === o.value ? `${look}-on` : ''}`}
          onClick={() => onChange(o.value)}
          data-testid={chipTestId ? `${chipTestId}${o.value}` : undefined}
        >
          {o.label}
        </View>
      ))}
    </View>
  )
}
