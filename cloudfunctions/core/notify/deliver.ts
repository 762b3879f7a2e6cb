/**
 * Delivery of WeChat subscribe messages from the `messages` queue, with retries and backoff.
 * Every message ends `sent` or `failed` with its reason; none is sent twice:
 * - a message is claimed (`pending → sending`, with a lease) by one conditional write before the
 *   call, so two runs cannot both send it;
 * - a send interrupted by a crash leaves it `sending` past its lease; whether WeChat got it is then
 *   unknown, so it is marked failed rather than risk a second copy (it stays in the 消息 list);
 * - a one-time grant is taken before the first attempt, kept across retries and given back when
 *   the message never went out.
 */
import { noticePage, templateData, type TemplateKey } from '../../../src/domain/notify'
import { MINUTE_MS } from '../../../src/domain/time'
import { type Database, collection } from '../db'
import { drain } from '../drain'
import type { MessageDoc } from '../model'
import type { WxApi, WxResult } from '../wx'

export const MAX_ATTEMPTS = 5
/** Waits before attempts 2, 3, 4, 5. */
export const BACKOFF_MS = [1, 2, 4, 8].map((m) => m * MINUTE_MS)
/** A send that has not finished after this is taken as interrupted. */
export const LEASE_MS = 2 * MINUTE_MS

export interface DeliveryReport {
  sent: number
  failed: number
  retrying: number
}

export interface DeliveryConfig {
  /** WeChat template id per template (WX_TPL_TASK / WX_TPL_PROGRESS in CloudBase). */
  templateIds: Record<TemplateKey, string>
  /** developer / trial / formal: which version of the mini-program a tap opens. */
  state: 'developer' | 'trial' | 'formal'
}

export function deliveryConfig(env = process.env): DeliveryConfig {
  return {
    templateIds: { task: env.WX_TPL_TASK || 'local-task', progress: env.WX_TPL_PROGRESS || 'local-progress' },
    state:
      env.WX_MINIPROGRAM_STATE === 'developer' || env.WX_MINIPROGRAM_STATE === 'trial'
        ? env.WX_MINIPROGRAM_STATE
        : 'formal',
  }
}

/** WeChat's answers that no retry can change (platform-facts.md and the API's error list). */
const PERMANENT: Record<number, string> = {
  43101: '用户拒收或订阅次数已用完（43101）',
  47003: '模板参数不符合要求（47003）',
  40003: '接收人 openid 无效（40003）',
  40037: '模板 id 无效（40037）',
  41030: '跳转页面不存在（41030）',
}

export function subscriptionId(openid: string, template: TemplateKey): string {
  return `${openid}|${template}`
}

export class Delivery {
  constructor(
    private db: Database,
    private wx: WxApi,
    private config: DeliveryConfig = deliveryConfig(),
  ) {}

  private messages() {
    return collection(this.db, 'messages')
  }

  private async finish(m: MessageDoc, changes: Partial<MessageDoc>): Promise<void> {
    await this.messages()
      .where({ _id: m._id, push: 'sending' })
      .update({ ...changes, leaseUntil: null })
  }

  private async takeGrant(m: MessageDoc): Promise<boolean> {
    const _ = this.db.command
    const res = await collection(this.db, 'subscriptions')
      .where({ _id: subscriptionId(m.openid, m.template), grants: _.gt(0) })
      .update({ grants: _.inc(-1) })
    return res.updated === 1
  }

  private async giveBackGrant(m: MessageDoc): Promise<void> {
    const _ = this.db.command
    await collection(this.db, 'subscriptions')
      .where({ _id: subscriptionId(m.openid, m.template) })
      .update({ grants: _.inc(1) })
  }

  private send(m: MessageDoc): Promise<WxResult> {
    return this.wx.sendSubscribeMessage({
      touser: m.openid,
      template_id: this.config.templateIds[m.template],
      page: `${noticePage(m.target, m.kind)}?id=${m.targetId}`,
      data: templateData(m.template, m.fields),
      miniprogram_state: this.config.state,
    })
  }

  /** One message, one attempt. Returns how it ended this time. */
  async deliverOne(m: MessageDoc, at: Date): Promise<keyof DeliveryReport | null> {
    const _ = this.db.command
    const claimed = await this.messages()
      .where({ _id: m._id, push: 'pending', attempts: m.attempts })
      .update({ push: 'sending', attempts: _.inc(1), leaseUntil: new Date(at.getTime() + LEASE_MS) })
    if (claimed.updated !== 1) return null
    const attempt = m.attempts + 1

    if (!m.grantHeld) {
      if (!(await this.takeGrant(m))) {
        await this.finish(m, { push: 'failed', reason: '对方未订阅微信提醒，仅在消息列表中可见' })
        return 'failed'
      }
      await this.messages().where({ _id: m._id, push: 'sending' }).update({ grantHeld: true })
    }

    let result: WxResult
    try {
      result = await this.send(m)
    } catch (err) {
      result = { errcode: -1, errmsg: (err as Error).message || String(err) }
    }

    if (result.errcode === 0) {
      await this.finish(m, { push: 'sent', sentAt: at, grantHeld: false, reason: null })
      return 'sent'
    }
    const permanent = PERMANENT[result.errcode]
    if (permanent || attempt >= MAX_ATTEMPTS) {
      // 43101: WeChat holds no grant, whatever our count says; anything else never used it.
      if (result.errcode === 43101) {
        await collection(this.db, 'subscriptions')
          .doc(subscriptionId(m.openid, m.template))
          .update({ grants: 0 })
      } else {
        await this.giveBackGrant(m)
      }
      const reason = permanent ?? `重试${MAX_ATTEMPTS}次仍失败：${result.errcode} ${result.errmsg}`
      await this.finish(m, { push: 'failed', reason, grantHeld: false })
      return 'failed'
    }
    await this.finish(m, {
      push: 'pending',
      grantHeld: true,
      reason: `第${attempt}次发送失败：${result.errcode} ${result.errmsg}`,
      nextAttemptAt: new Date(at.getTime() + BACKOFF_MS[attempt - 1]),
    })
    return 'retrying'
  }

  /** Sends whatever is due `at`, and settles sends that were interrupted. */
  async run(at: Date): Promise<DeliveryReport> {
    const _ = this.db.command
    const report: DeliveryReport = { sent: 0, failed: 0, retrying: 0 }

    const stale = await this.messages()
      .where({ push: 'sending', leaseUntil: _.lte(at) })
      .update({ push: 'failed', leaseUntil: null, reason: '发送中断，结果未知；为避免重复提醒，不再重发' })
    report.failed += stale.updated

    await drain(
      this.db,
      'messages',
      { push: 'pending', nextAttemptAt: _.lte(at) },
      'nextAttemptAt',
      async (m) => {
        const outcome = await this.deliverOne(m, at)
        if (outcome) report[outcome]++
        // Retrying ones are due later; ones another run took are not looked at again now.
        return outcome === 'sent' || outcome === 'failed'
      },
    )
    return report
  }
}
