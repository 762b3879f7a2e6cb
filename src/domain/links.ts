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
export const INVITE_PAGE = 'packages/resident/pages/invite/index'

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

/**
 * Pages that left the main package for subpackages (issue 21: the main package is what every
 * start downloads), by their old address → their new one. A notice sent, a card shared or an
 * invitation code printed before the move still names the old address; the app sends it on
 * (src/app.ts, pageNotFoundUrl).
 */
export const MOVED_PAGES: Readonly<Record<string, string>> = {
  'pages/request/new': 'packages/resident/pages/request/new',
  'pages/request/list': 'packages/resident/pages/request/list',
  'pages/request/detail': 'packages/resident/pages/request/detail',
  'pages/request/followed': 'packages/resident/pages/request/followed',
  'pages/activity/detail': 'packages/resident/pages/activity/detail',
  'pages/activity/child': 'packages/resident/pages/activity/child',
  'pages/messages/index': 'packages/resident/pages/messages/index',
  'pages/wish/wall': 'packages/resident/pages/wish/wall',
  'pages/wish/new': 'packages/resident/pages/wish/new',
  'pages/wish/detail': 'packages/resident/pages/wish/detail',
  'pages/wish/mine': 'packages/resident/pages/wish/mine',
  'pages/invite/index': 'packages/resident/pages/invite/index',
  'pages/privacy/index': 'packages/resident/pages/privacy/index',
  'pages/privacy/data': 'packages/resident/pages/privacy/data',
  'pages/poll/index': 'packages/resident/pages/poll/index',
  'pages/volunteer/index': 'packages/volunteer/pages/service/index',
  'pages/volunteer/register': 'packages/volunteer/pages/register/index',
  'pages/volunteer/verify': 'packages/volunteer/pages/verify/index',
}

/** The page that says 这个页面不存在. */
export const NOT_FOUND_PAGE = 'pages/notfound/index'

/**
 * Where an address that is no page goes (WeChat's onPageNotFound, and H5's router): a moved page's
 * new address with the same query, else 这个页面不存在. H5 gives the path with a leading slash and
 * a query with valueless keys of its own; both are dropped.
 */
export function pageNotFoundUrl(path: string, query: Record<string, unknown> = {}): string {
  const moved = MOVED_PAGES[path.replace(/^\/+/, '')]
  if (!moved) return `/${NOT_FOUND_PAGE}`
  const qs = Object.entries(query)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return `/${moved}${qs ? `?${qs}` : ''}`
}
