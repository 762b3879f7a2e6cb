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

export interface WxApi {
  sendSubscribeMessage(msg: SubscribeMessage): Promise<WxResult>
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
  }
}
