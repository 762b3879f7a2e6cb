/**
 * WeChat's server APIs (云调用), reached through the CloudBase SDK's `callWxOpenApi`. In CloudBase
 * the platform answers them; locally the CloudBase-compatible environment does (local/openapi.ts),
 * recording what was sent.
 */
import type { CloudApp } from './db'

export interface WxResult {
  errcode: number
  errmsg: string
}

export interface SubscribeMessage {
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
  miniprogram_state: 'developer' | 'trial' | 'formal'
}

/** security.msgSecCheck v2 (platform-facts.md): pass / review / risky. */
export type ContentVerdict = 'pass' | 'review' | 'risky'

/** scene: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export interface ContentCheck {
  content: string
  openid: string
  scene: 1 | 2 | 3 | 4
}

export interface WxApi {
  sendSubscribeMessage(msg: SubscribeMessage): Promise<WxResult>
  checkText(check: ContentCheck): Promise<ContentVerdict>
}

export function wxApi(app: CloudApp): WxApi {
  return {
    async sendSubscribeMessage(msg) {
      const res = await app.callWxOpenApi({
        apiName: 'cgi-bin/message/subscribe/send',
        requestData: msg,
      })
      const result = res.result as Partial<WxResult> | undefined
      return { errcode: Number(result?.errcode ?? -1), errmsg: String(result?.errmsg ?? 'no answer') }
    },
    async checkText({ content, openid, scene }) {
      const res = await app.callWxOpenApi({
        apiName: 'wxa/msg_sec_check',
        requestData: { content, openid, scene, version: 2 },
      })
      const result = res.result as (Partial<WxResult> & { result?: { suggest?: string } }) | undefined
      if (result?.errcode !== 0) throw new Error(`msg_sec_check: ${result?.errcode} ${result?.errmsg}`)
      const suggest = result.result?.suggest
      return suggest === 'pass' || suggest === 'risky' ? suggest : 'review'
    },
  }
}
