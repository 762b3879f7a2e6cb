import { Chips } from './Chips'

/** A row of large tabs (lists in the workbench, 我的心愿 …): each tab's test id is `tab-<key>`. */
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
    <Chips
      look="tab"
      options={tabs.map((t) => ({ value: t.key, label: t.label }))}
      value={value}
      onChange={onChange}
      testId={testId}
      chipTestId="tab-"
    />
  )
}
