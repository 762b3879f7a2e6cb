/**
 * One-time WeChat reminders: the user taps, WeChat asks them, the server counts each grant
 * (platform-facts.md: one message per acceptance). WeChat only asks from a tap, so the template
 * ids are loaded beforehand and nothing is awaited between the tap and the question.
 */
import Taro from '@tarojs/taro'
import type { NotifySettings } from '../domain/contract'
import type { TemplateKey } from '../domain/notify'
import { MODAL_CONFIRM_GREEN } from '../hooks/confirm'
import { call } from './client'

type SubscribeResult = Record<string, 'accept' | 'reject' | 'ban' | 'filter'>

async function ask(templates: NotifySettings['templates']): Promise<SubscribeResult> {
  const ids = templates.map((t) => t.id)
  if (process.env.TARO_ENV === 'weapp') {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] })) as unknown as Record<
      string,
      string
    >
    const results: SubscribeResult = {}
    for (const id of ids) {
      const answer = res[id]
      if (answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter')
        results[id] = answer
    }
    return results
  }
  // The H5 build has no WeChat: the same question, asked the way WeChat's sheet asks it.
  const { confirm } = await Taro.showModal({
    title: '微信提醒（本地演示）',
    content: `允许「暖心网格」发送一次“${templates.map((t) => t.title).join('”“')}”？`,
    confirmText: '允许',
    cancelText: '拒绝',
    confirmColor: MODAL_CONFIRM_GREEN,
  })
  return Object.fromEntries(ids.map((id) => [id, confirm ? 'accept' : 'reject']))
}

/** Asks for one more reminder of each kind in `keys`; returns the grants now held. */
export async function subscribeReminders(
  settings: NotifySettings,
  keys: TemplateKey[],
): Promise<NotifySettings> {
  const results = await ask(settings.templates.filter((t) => keys.includes(t.key)))
  return call('notify.subscribed', { results })
}
