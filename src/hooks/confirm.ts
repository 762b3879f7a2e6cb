import Taro from '@tarojs/taro'
import { errorMessage } from '../api/client'

/** A modal's confirm text colour, 7 : 1 on white (the default green is 2.3 : 1, below 4.5 : 1). */
export const MODAL_CONFIRM_GREEN = '#1b6e0f'

/** WeChat cuts a modal's button text after 4 characters (wx.showModal confirmText / cancelText). */
export const MODAL_BUTTON_MAX_CHARS = 4

/**
 * Asks before something that cannot be taken back, with both buttons naming what they do
 * ("取消报名" / "不取消了"): a plain 取消 / 确定 pair is a double negative to an elder asked
 * "取消报名？", who taps 取消 and keeps the seat by mistake — or the other way round.
 */
export async function confirmAction(o: {
  title: string
  content: string
  /** What the red button does: 取消报名, 撤销角色 … (≤ 4 characters). */
  confirm: string
  /** What the other one does: 不取消了, 暂不撤销 … (≤ 4 characters). */
  keep: string
  destructive?: boolean
}): Promise<boolean> {
  for (const text of [o.confirm, o.keep]) {
    if ([...text].length > MODAL_BUTTON_MAX_CHARS)
      throw new Error(`modal button "${text}" is longer than ${MODAL_BUTTON_MAX_CHARS} characters`)
  }
  const res = await Taro.showModal({
    title: o.title,
    content: o.content,
    confirmText: o.confirm,
    cancelText: o.keep,
    // Red for what cannot be undone, else a dark green: both ≥ 4.5 : 1 (the default green is not).
    confirmColor: o.destructive === false ? MODAL_CONFIRM_GREEN : '#b3261e',
  })
  return res.confirm
}

/** A refusal (someone was first, it changed meanwhile…) as a dialog a person can read, one 确定. */
export async function showRefusal(err: unknown): Promise<void> {
  await Taro.showModal({
    title: '没有成功',
    content: errorMessage(err),
    showCancel: false,
    confirmColor: MODAL_CONFIRM_GREEN,
  })
}
