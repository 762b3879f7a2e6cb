/**
 * Links a printed QR code carries. A weapp code (wxacode) carries a `scene`; a standard QR code
 * carries the H5 URL of the same page with the same `scene`, which WeChat can also open in the
 * mini-program once "扫普通链接二维码打开小程序" is set up for the URL prefix (it arrives as `q`).
 */

/** URLs of H5 pages (hash router), so a printed QR code opens the same page a weapp code would. */
export function h5Url(base: string, page: string, query: Record<string, string> = {}): string {
  const qs = new URLSearchParams(query).toString()
  return `${base}/#/${page}${qs ? `?${qs}` : ''}`
}

/** The page a session's check-in code opens. */
/** The tab bar's pages, in its order (src/app.config.ts tabBar; the weapp gate holds them equal). */
export const TAB_PAGES = ['pages/index/index', 'pages/activity/index', 'pages/mine/index'] as const

export const CHECKIN_PAGE = 'pages/activity/checkin'

/** A session's check-in scene: names the session, ≤ 32 visible characters (platform-facts.md). */
export function checkInScene(sessionId: string): string {
  return `ci.${sessionId}`
}

/** The session a scanned check-in scene names, or null if it is not one. */
export function sessionFromScene(scene: string | undefined): string | null {
  const m = /^ci\.([A-Za-z0-9_-]{1,29})$/.exec(decodeURIComponent(scene ?? ''))
  return m ? m[1] : null
}

/** The page an invitation's code opens. */
export const INVITE_PAGE = 'pages/invite/index'

/** An invitation's scene: `iv.` and its 8-character code. */
export function inviteScene(code: string): string {
  return `iv.${code}`
}

/** The invitation code a scanned scene names, or null. */
export function inviteFromScene(scene: string | undefined): string | null {
  const m = /^iv\.([A-Z0-9]{8})$/.exec(decodeURIComponent(scene ?? ''))
  return m ? m[1] : null
}

/**
 * The `scene` of how a page was opened: a weapp code's `scene`, or the `scene` inside the URL of a
 * standard QR code (`q`, URL-encoded).
 */
export function sceneOf(params: Record<string, string | undefined>): string | undefined {
  if (params.scene) return decodeURIComponent(params.scene)
  if (params.q) {
    const url = decodeURIComponent(params.q)
    const m = /[?&]scene=([^&#]+)/.exec(url)
    if (m) return decodeURIComponent(m[1])
  }
  return undefined
}

/** The page a building's code opens: "您是否居住在 X？", then binding (src/pages/bind). */
export const BIND_PAGE = 'pages/bind/index'

/** What a scene may hold for wxacode.getUnlimited: ≤ 32 visible characters, no Chinese (platform-facts.md). */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/
