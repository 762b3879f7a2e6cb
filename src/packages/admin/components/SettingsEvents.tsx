import { Text } from '@tarojs/components'
import { formatLocal } from '../../../domain/time'

/** A settings screen's 最近变动: the community's settings 台账 lines (settings-events.ts), newest first. */
export function SettingsEvents({
  events,
  testId,
}: {
  events: { at: string; actorName: string; subject: string; note: string }[]
  testId?: string
}) {
  if (!events.length) return null
  return (
    <>
      <Text className="section-title">最近变动</Text>
      {events.map((e, i) => (
        <Text key={i} className="list-item-desc" style={{ display: 'block' }} data-testid={testId}>
          {formatLocal(e.at, 'MM-DD HH:mm')} {e.actorName}：{e.subject} {e.note}
        </Text>
      ))}
    </>
  )
}
