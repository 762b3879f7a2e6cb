import { Text, View } from '@tarojs/components'
import { call } from '../api/client'
import { subscribeReminders } from '../api/subscribe'
import type { TemplateKey } from '../domain/notify'
import { useAction } from '../hooks/useAction'
import { useApi } from '../hooks/useApi'
import { BigButton } from './BigButton'

/**
 * “微信提醒”: how many one-time reminders WeChat will still let us send, and the tap that asks for
 * one more. Shown where it makes sense (after posting, in the workbench); the 消息 list has
 * everything either way.
 */
export function ReminderCard({ template, why }: { template: TemplateKey; why: string }) {
  const settings = useApi(() => call('notify.settings', {}))
  const [busy, perform] = useAction()
  if (!settings.data) return null
  const left = settings.data.grants[template]
  const current = settings.data

  return (
    <View className="card" data-testid="reminder-card">
      <Text className="card-title">微信提醒</Text>
      <Text className="muted" style={{ display: 'block' }}>
        {why}
      </Text>
      <Text className="muted" style={{ display: 'block' }} data-testid="reminder-left">
        {left > 0 ? `还可提醒您 ${left} 次（每次允许可收到一条）` : '尚未开启：只能在“消息”里查看'}
      </Text>
      <BigButton
        kind={left > 0 ? 'default' : 'primary'}
        loading={busy}
        testId="reminder-subscribe"
        onClick={() => {
          void perform(async () => settings.setData(await subscribeReminders(current, [template])))
        }}
      >
        {left > 0 ? '再开启一次提醒' : '开启微信提醒'}
      </BigButton>
    </View>
  )
}
