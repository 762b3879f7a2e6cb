/**
 * The lowest WeChat base library (基础库) each API the app uses needs, as its page in WeChat's API
 * reference says ("基础库 x.y.z 开始支持", https://developers.weixin.qq.com/miniprogram/dev/api/),
 * counting the options the app passes. Only what needs more than the old 1.x libraries is listed.
 * `project.config.json` "libVersion" must be the highest of those the build touches
 * (test/weapp/gate.test.ts); set the same as 基础库最低版本 in 小程序管理后台 → 设置 → 基本设置.
 */
export interface BaseLibraryNeed {
  /** How the build shows it uses this: a member read (`x.chooseMedia`), an `openType: "…"` prop, a `type: "…"` prop. */
  member?: string
  openType?: string
  typeProp?: string
  version: string
  why: string
}

export const BASE_LIBRARY_NEEDS: readonly BaseLibraryNeed[] = [
  {
    member: 'onNeedPrivacyAuthorization',
    version: '2.32.3',
    why: 'WeChat’s privacy authorisation answered by the app',
  },
  {
    openType: 'agreePrivacyAuthorization',
    version: '2.32.3',
    why: 'the agree button of both privacy prompts',
  },
  {
    openType: 'getPhoneNumber',
    version: '2.21.2',
    why: 'the phone-number button giving a code (phonenumber.getPhoneNumber)',
  },
  { member: 'getWindowInfo', version: '2.20.1', why: 'the chart’s pixel ratio' },
  { member: 'getAppBaseInfo', version: '2.20.1', why: 'WeChat’s font scale, for large-text mode' },
  { member: 'createOffscreenCanvas', version: '2.16.1', why: 'type "2d", for the chart' },
  { member: 'openDocument', version: '2.11.0', why: 'showMenu: share or save the workbook or PDF' },
  { member: 'chooseMedia', version: '2.10.0', why: 'photos' },
  { typeProp: '2d', version: '2.9.0', why: '<canvas type="2d">, the chart' },
  { member: 'chooseMessageFile', version: '2.6.0', why: 'extension: ["xlsx"] (the API itself: 2.5.0)' },
  { member: 'requestSubscribeMessage', version: '2.4.4', why: 'one-time subscribe messages' },
  { member: 'cloud', version: '2.2.3', why: 'wx.cloud: callFunction, uploadFile, downloadFile' },
]

/** -1, 0, 1 as `a` is older, the same, newer than `b` ("2.32.3" style). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}
