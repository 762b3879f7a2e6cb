/**
 * WeChat's own privacy authorisation (weapp, base library ≥ 2.32.3). Before the first call of a
 * privacy interface (src/domain/wechat-privacy.ts) by someone who has not agreed to the app's 隐私
 * 保护指引 with WeChat, WeChat holds the call and fires `onNeedPrivacyAuthorization`. The app
 * listens once (installWeChatPrivacy, from app.ts) and answers with its own prompt — the
 * WeChatPrivacyDialog every Page carries — so a person sees one clear question in the app's words
 * rather than WeChat's generic pop-up; calls that arrive while it is open wait for the same answer.
 * 同意并继续 (an `open-type="agreePrivacyAuthorization"` button) lets them all go on; 不同意 makes
 * them fail with "privacy permission is not authorized", which withPrivacy turns into a Chinese
 * message instead of an uncaught error. The app's own first-use prompt (PrivacyPrompt) agrees
 * with WeChat through the same kind of button, so whoever agreed there is not asked again.
 */
import Taro from '@tarojs/taro'
import { PRIVACY_AGREE_BUTTON_ID, privacyUseOf } from '../domain/wechat-privacy'

export { PRIVACY_AGREE_BUTTON_ID }

type Answer = { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }
type Resolve = (answer: Answer) => void

export interface PrivacyAsk {
  /** What the person was about to do: 选择照片, 复制内容 … */
  use: string
}

let waiting: Resolve[] = []
let asking: PrivacyAsk | null = null
let installed = false
const listeners = new Set<() => void>()

const changed = () => listeners.forEach((l) => l())

/** The API name WeChat gives as referrer ("setClipboardData", "wx.chooseMedia" …), bare. */
function apiOf(referrer: unknown): string | undefined {
  return typeof referrer === 'string' ? referrer.replace(/^wx\./, '').replace(/\W.*$/, '') : undefined
}

/** Listens to onNeedPrivacyAuthorization, once for the app's life (app.ts, weapp only). */
export function installWeChatPrivacy(): void {
  if (installed || process.env.TARO_ENV !== 'weapp') return
  // Older base libraries have no such API (and no such check): nothing to answer there.
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  installed = true
  Taro.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    waiting.push(resolve)
    // The prompt is (or is now) on screen: WeChat asks to be told so before the answer.
    resolve({ event: 'exposureAuthorization' })
    if (asking) return
    asking = { use: privacyUseOf(apiOf(eventInfo?.referrer)) }
    changed()
  })
}

/** What the dialog should ask now, or null. */
export function currentPrivacyAsk(): PrivacyAsk | null {
  return asking
}

export function onPrivacyAskChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/**
 * The person's answer, for every call waiting. `buttonId`: the agreePrivacyAuthorization button
 * they tapped (the dialog's, or PrivacyPrompt's).
 */
export function answerWeChatPrivacy(agree: boolean, buttonId = PRIVACY_AGREE_BUTTON_ID): void {
  const all = waiting
  waiting = []
  asking = null
  for (const resolve of all) resolve(agree ? { event: 'agree', buttonId } : { event: 'disagree' })
  changed()
}

function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err) return String((err as { errMsg: unknown }).errMsg)
  return err instanceof Error ? err.message : String(err)
}

/**
 * WeChat refusing a privacy interface the person did not agree to (errno 104). Not "api scope is
 * not declared in the privacy agreement": that is the deployment's privacy declaration missing
 * a kind (README → Deploy; the gate checks it), and stays an error.
 */
export function isPrivacyRefusal(err: unknown): boolean {
  const errno =
    err && typeof err === 'object' && 'errno' in err ? (err as { errno: unknown }).errno : undefined
  return errno === 104 || /privacy permission is not authorized/i.test(errMsgOf(err))
}

/** The person closed a picker without choosing ("chooseMedia:fail cancel"). */
export function isCancel(err: unknown): boolean {
  return /:fail cancel|^cancel$/i.test(errMsgOf(err))
}

/** Says, in Chinese, why `api` did nothing: the person did not agree. */
export function privacyRefused(api: string): Promise<unknown> {
  return Taro.showToast({
    title: `未同意隐私保护指引，暂时无法${privacyUseOf(api)}`,
    icon: 'none',
    duration: 3000,
  })
}

/**
 * Runs a call of the privacy interface `api`: what it gives, or undefined when the person
 * refused (told why, in Chinese) or cancelled. Any other failure is thrown as before.
 */
export async function withPrivacy<T>(api: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (err) {
    if (isPrivacyRefusal(err)) {
      await privacyRefused(api)
      return undefined
    }
    if (isCancel(err)) return undefined
    throw err
  }
}

/** Copies `data` (weapp: wx.setClipboardData, a privacy interface); says so if it could not. */
export async function copyText(data: string): Promise<void> {
  try {
    await withPrivacy('setClipboardData', () => Taro.setClipboardData({ data }))
  } catch {
    await Taro.showToast({ title: '没有复制成功，请再试一次', icon: 'none' })
  }
}
