/**
 * WeChat's server APIs (云调用), reached through the CloudBase SDK's `callWxOpenApi`. In CloudBase
 * the platform answers them; locally the CloudBase-compatible environment does (local/openapi.ts),
 * recording what was sent.
 */
import type { ContentVerdict } from '../../src/domain/usertext'
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

/**
 * security.msgSecCheck v2's answer (platform-facts.md): `result.suggest` and `result.label`
 * (src/domain/usertext.ts CONTENT_LABELS; null if WeChat sent none).
 */
export interface ContentAnswer {
  suggest: ContentVerdict
  label: number | null
}

/** scene: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export interface ContentCheck {
  content: string
  openid: string
  scene: 1 | 2 | 3 | 4
}

/** wxacode.getUnlimited (platform-facts.md): a mini-program code that opens `page` with `scene`. */
export interface UnlimitedQr {
  /** ≤ 32 visible characters of SCENE_PATTERN; the page reads it as `decodeURIComponent(scene)`. */
  scene: string
  /** A page of the published mini-program, without a leading '/'. */
  page: string
  /** Pixels, 280–1280. */
  width: number
  /** false lets a code be made before `page` is published (trial and develop versions). */
  checkPath: boolean
  envVersion: 'release' | 'trial' | 'develop'
}

export interface WxApi {
  sendSubscribeMessage(msg: SubscribeMessage): Promise<WxResult>
  checkText(check: ContentCheck): Promise<ContentAnswer>
  /** The code's image: PNG or JPEG bytes (WeChat answers JPEG unless the code is transparent). */
  getUnlimitedQr(req: UnlimitedQr): Promise<Buffer>
  /**
   * phonenumber.getPhoneNumber: the number behind the one-time `code` that WeChat's
   * `<button open-type="getPhoneNumber">` gave the page; null if WeChat refuses the code.
   */
  getPhoneNumber(code: string): Promise<string | null>
}

/** The image types a code may come back as, by their first bytes. */
export function imageType(bytes: Uint8Array): 'png' | 'jpg' | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'png'
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  return null
}

/**
 * The image inside `wx.api`'s answer. The SDK's `callWxOpenApi` (wx.api) carries `responseData`
 * as a JSON string and hands back, unparsed, whatever is not JSON: for an image that is the bytes
 * as text, base64 (as the local environment sends them) or byte-per-character. Either is accepted
 * only if it decodes to an image; an `{ errcode, errmsg }` object is WeChat refusing.
 */
export function imageFromResult(result: unknown): Buffer {
  if (typeof result === 'string') {
    for (const bytes of [Buffer.from(result, 'base64'), Buffer.from(result, 'latin1')])
      if (imageType(bytes)) return bytes
    throw new Error('getwxacodeunlimit: the answer is not an image')
  }
  const r = result as Partial<WxResult> | undefined
  throw new Error(`getwxacodeunlimit: ${r?.errcode ?? 'no answer'} ${r?.errmsg ?? ''}`.trim())
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
      const result = res.result as
        | (Partial<WxResult> & { result?: { suggest?: string; label?: unknown } })
        | undefined
      if (result?.errcode !== 0) throw new Error(`msg_sec_check: ${result?.errcode} ${result?.errmsg}`)
      const { suggest, label } = result.result ?? {}
      return {
        // Anything but a clear pass or risky is for a person to look at.
        suggest: suggest === 'pass' || suggest === 'risky' ? suggest : 'review',
        label: typeof label === 'number' && Number.isInteger(label) ? label : null,
      }
    },
    async getUnlimitedQr({ scene, page, width, checkPath, envVersion }) {
      const res = await app.callWxOpenApi({
        apiName: 'wxa/getwxacodeunlimit',
        requestData: { scene, page, width, check_path: checkPath, env_version: envVersion },
      })
      return imageFromResult(res.result)
    },
    async getPhoneNumber(code) {
      const res = await app.callWxOpenApi({
        apiName: 'wxa/business/getuserphonenumber',
        requestData: { code },
      })
      const result = res.result as
        | (Partial<WxResult> & { phone_info?: { purePhoneNumber?: string } })
        | undefined
      if (result?.errcode !== 0) return null
      return result.phone_info?.purePhoneNumber ?? null
    },
  }
}

/**
 * What a building's stored code is: a mini-program code in CloudBase; on the local environment a
 * standard QR code of the same page's H5 link (local/openapi.ts answers getwxacodeunlimit with one),
 * so a phone on the LAN can try it.
 */
export function codeKind(): 'wxacode' | 'url' {
  return process.env.LOCAL_TCB_URL ? 'url' : 'wxacode'
}
