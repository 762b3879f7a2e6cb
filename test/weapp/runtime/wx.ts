/**
 * The `wx` object a phone's logic layer sees: the APIs the build calls, each recorded (name and
 * options, callbacks left out) before it answers. What they answer is what WeChat answers for
 * the same call, as far as a test needs it:
 *
 * - `cloud.callFunction` is an HTTP POST of `data` to the local host's `/fn/<name>` as the phone's
 *   identity (X-Dev-OpenId, as H5 does); `cloud.uploadFile` posts the chosen file's bytes to its
 *   `/storage/upload`; `cloud.downloadFile` / `downloadFile` fetch from it.
 * - navigation (`navigateTo`, `redirectTo`, `switchTab`, `reLaunch`, `navigateBack`) moves the
 *   phone's page stack with WeChat's refusals (a tab page only by switchTab, no page past 10, a
 *   page the app does not have);
 * - `showToast`, `showModal`, `showActionSheet`, `showLoading` are recorded; a modal and an action
 *   sheet take the answers the test queued (a modal without one is confirmed);
 * - storage lives in memory, JSON as WeChat keeps it (a missing key reads '');
 * - privacy-scoped APIs wait for the person's agreement to the privacy guide, as WeChat's own
 *   authorisation does (wx.onNeedPrivacyAuthorization, or WeChat's popup: `privacyAnswer`).
 *
 * An API not here is absent, as an API of a newer base library is on an old one: Taro then
 * answers with its "暂不支持" warning, which the phone records.
 */

/** One recorded call: the API (`showToast`, `cloud.callFunction`…) and its options. */
export interface WxCall {
  api: string
  args: Record<string, unknown>
}

/** What the wx object needs from the phone it belongs to. */
export interface WxHost {
  hostUrl: string
  openid: string | null
  calls: WxCall[]
  storage: Map<string, string>
  /** A logic-realm copy of a JSON value. */
  toLogic<T>(value: T): T
  /** A host copy of a logic-realm value (functions dropped). */
  toHost(value: unknown): Record<string, unknown>
  /** A logic-realm Promise. */
  promise<T>(run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T>
  /** Counts `work` as the phone being busy until it ends (the harness waits for quiet). */
  track<T>(work: Promise<T>): Promise<T>
  navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
  modalAnswers: boolean[]
  actionSheetAnswers: (number | null)[]
  /** Files the person will pick at the next chooseMedia / chooseImage / chooseMessageFile. */
  chooseQueue: { path: string; bytes: Buffer; type?: string }[][]
  files: Map<string, Buffer>
  scanAnswers: { result: string; path?: string }[]
  privacy: { agreed: boolean; answer: 'agree' | 'disagree'; listeners: ((resolve: unknown) => void)[] }
  subscribeAnswer: 'accept' | 'reject'
  listeners: Map<string, ((...a: unknown[]) => void)[]>
  /** `#id` / `.class` selectors answered from the current page's tree (null when absent). */
  selectorExists(selector: string): boolean
  currentRoute(): string | null
  systemInfo: Record<string, unknown>
  nextTempPath(ext: string): string
}

type Options = Record<string, unknown> & {
  success?: (res: unknown) => void
  fail?: (res: unknown) => void
  complete?: (res: unknown) => void
}

/** WeChat's privacy-scoped APIs among those this app may call (the privacy guide must list them). */
export const PRIVACY_APIS = new Set([
  'chooseImage',
  'chooseMedia',
  'chooseMessageFile',
  'setClipboardData',
  'getClipboardData',
  'saveImageToPhotosAlbum',
  'getLocation',
  'chooseLocation',
  'chooseAddress',
  'getWeRunData',
  'startRecord',
  'getUserProfile',
])

const ok = (api: string) => `${api}:ok`

export function makeWx(p: WxHost): Record<string, unknown> {
  /**
   * An async API: recorded, run; answers through success/fail/complete, or (none given) a
   * Promise, as base library ≥ 2.10.2 does.
   */
  const asyncApi =
    (api: string, run: (o: Options) => Promise<Record<string, unknown>> | Record<string, unknown>) =>
    (options: Options = {}) => {
      p.calls.push({ api, args: p.toHost(options) })
      // Waiting for the person to answer a privacy prompt is not the phone being busy.
      const work = (async () => {
        const asks = PRIVACY_APIS.has(api.split('.').pop()!) || api === 'requirePrivacyAuthorize'
        if (asks && !p.privacy.agreed) await askPrivacy(api)
        return p.track((async () => run(options))())
      })()
      const settled = work.then(
        (res) => {
          const r = p.toLogic({ errMsg: ok(api), ...res })
          options.success?.(r)
          options.complete?.(r)
          return r
        },
        (err: unknown) => {
          const r = p.toLogic({ errMsg: `${api}:fail ${err instanceof Error ? err.message : String(err)}` })
          options.fail?.(r)
          options.complete?.(r)
          throw r
        },
      )
      if (options.success || options.fail || options.complete) {
        settled.catch(() => {})
        return undefined
      }
      return p.promise((resolve, reject) => settled.then(resolve, reject))
    }

  const syncApi =
    <A extends unknown[], R>(api: string, run: (...a: A) => R) =>
    (...a: A): R => {
      p.calls.push({ api, args: p.toHost(a.length === 1 && typeof a[0] === 'object' ? a[0] : { args: a }) })
      return run(...a)
    }

  const listen = (event: string) => (fn: (...a: unknown[]) => void) => {
    p.calls.push({ api: `on${event}`, args: {} })
    const list = p.listeners.get(event) ?? []
    list.push(fn)
    p.listeners.set(event, list)
  }
  const unlisten = (event: string) => (fn?: (...a: unknown[]) => void) => {
    const list = p.listeners.get(event) ?? []
    p.listeners.set(event, fn ? list.filter((f) => f !== fn) : [])
  }

  async function askPrivacy(api: string): Promise<void> {
    const listeners = p.privacy.listeners
    let answer: 'agree' | 'disagree'
    if (listeners.length) {
      // The app's own prompt: WeChat hands it `resolve`, and the call waits for it.
      answer = await new Promise<'agree' | 'disagree'>((resolve) => {
        // exposureAuthorization only says the prompt is on screen; agree or disagree answers it.
        const done = (r: { event?: string } = {}) => {
          if (r.event !== 'exposureAuthorization') resolve(r.event === 'agree' ? 'agree' : 'disagree')
        }
        for (const l of listeners) l(done)
      })
    } else {
      p.calls.push({ api: 'privacyPopup', args: { api, answer: p.privacy.answer } })
      answer = p.privacy.answer
    }
    if (answer !== 'agree') throw new Error('privacy permission is not authorized')
    p.privacy.agreed = true
  }

  const get = async (url: string): Promise<Buffer> => {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`statusCode ${res.status}`)
    return Buffer.from(await res.arrayBuffer())
  }

  const choose = (api: string, shape: (f: { path: string; bytes: Buffer; type?: string }) => object) =>
    asyncApi(api, () => {
      const picked = p.chooseQueue.shift()
      if (!picked) throw new Error('cancel')
      for (const f of picked) p.files.set(f.path, f.bytes)
      return {
        tempFilePaths: picked.map((f) => f.path),
        tempFiles: picked.map(shape),
        type: 'image',
      }
    })

  const cloud = {
    init: syncApi('cloud.init', () => undefined),
    callFunction: asyncApi('cloud.callFunction', async (o) => {
      const res = await fetch(`${p.hostUrl}/fn/${String(o.name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(p.openid ? { 'x-dev-openid': p.openid } : {}) },
        body: JSON.stringify(p.toHost(o.data ?? {})),
      })
      if (res.status !== 200) throw new Error(`request:fail status ${res.status}`)
      return { result: (await res.json()) as unknown, requestID: 'local' }
    }),
    uploadFile: asyncApi('cloud.uploadFile', async (o) => {
      const bytes = p.files.get(String(o.filePath))
      if (!bytes) throw new Error(`no such file ${String(o.filePath)}`)
      const ext = /\.(\w+)$/.exec(String(o.cloudPath ?? o.filePath))?.[1]?.toLowerCase() ?? 'bin'
      const type =
        ext === 'png'
          ? 'image/png'
          : ext === 'webp'
            ? 'image/webp'
            : ext === 'xlsx'
              ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
              : 'image/jpeg'
      // The local host files an upload under the caller's folder, as the storage rule does.
      const res = await fetch(`${p.hostUrl}/storage/upload`, {
        method: 'POST',
        headers: { 'content-type': type, ...(p.openid ? { 'x-dev-openid': p.openid } : {}) },
        body: new Uint8Array(bytes),
      })
      if (!res.ok) throw new Error(`upload ${res.status}`)
      const { fileID } = (await res.json()) as { fileID: string }
      return { fileID, statusCode: 200 }
    }),
    downloadFile: asyncApi('cloud.downloadFile', async (o) => {
      const url = String(o.fileID).startsWith('http')
        ? String(o.fileID)
        : `${p.hostUrl}/cos/${String(o.fileID)}`
      const path = p.nextTempPath('bin')
      p.files.set(path, await get(url))
      return { tempFilePath: path, statusCode: 200 }
    }),
    getTempFileURL: asyncApi('cloud.getTempFileURL', (o) => ({
      fileList: ((o.fileList as string[]) ?? []).map((fileID) => ({
        fileID,
        tempFileURL: fileID,
        status: 0,
      })),
    })),
  }

  const navigation = (kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch') =>
    asyncApi(kind, async (o) => {
      await p.navigate(kind, String(o.url ?? ''))
      return {}
    })

  const storageGet = (key: string): unknown => {
    const v = p.storage.get(key)
    return v === undefined ? '' : p.toLogic(JSON.parse(v) as unknown)
  }

  const rect = (id: string) => ({
    id,
    dataset: {},
    left: 0,
    right: 0,
    top: 0,
    bottom: 0,
    width: 0,
    height: 0,
    scrollLeft: 0,
    scrollTop: 0,
    scrollWidth: 0,
    scrollHeight: 0,
  })
  const selectorQuery = () => {
    const asked: { selector: string; all: boolean; cb?: (r: unknown) => void }[] = []
    const nodesRef = (selector: string, all: boolean) => {
      const field = (cb?: (r: unknown) => void) => {
        asked.push({ selector, all, cb })
        return query
      }
      return {
        boundingClientRect: field,
        scrollOffset: field,
        fields: (_f: unknown, cb?: (r: unknown) => void) => field(cb),
        node: field,
        context: field,
      }
    }
    const query = {
      in: () => query,
      select: (s: string) => nodesRef(s, false),
      selectAll: (s: string) => nodesRef(s, true),
      selectViewport: () => nodesRef('viewport', false),
      exec: (cb?: (r: unknown) => void) => {
        p.calls.push({ api: 'createSelectorQuery.exec', args: { selectors: asked.map((a) => a.selector) } })
        void p.track(
          Promise.resolve().then(() => {
            // Layout is not computed here: a present node measures 0 × 0.
            const results = asked.map((a) => {
              const present = a.selector === 'viewport' || p.selectorExists(a.selector)
              const r = present ? rect(a.selector.replace(/^#/, '')) : null
              return a.all ? (present ? [r] : []) : r
            })
            const logic = p.toLogic(results)
            asked.forEach((a, i) => a.cb?.((logic as unknown[])[i]))
            cb?.(logic)
          }),
        )
        return query
      },
    }
    return query
  }

  const wx: Record<string, unknown> = {
    cloud,
    // ——— navigation ———
    navigateTo: navigation('navigateTo'),
    redirectTo: navigation('redirectTo'),
    switchTab: navigation('switchTab'),
    reLaunch: navigation('reLaunch'),
    navigateBack: asyncApi('navigateBack', async (o) => {
      await p.navigateBack(Number(o.delta ?? 1))
      return {}
    }),
    // ——— what the person is shown ———
    showToast: asyncApi('showToast', () => ({})),
    hideToast: asyncApi('hideToast', () => ({})),
    showLoading: asyncApi('showLoading', () => ({})),
    hideLoading: asyncApi('hideLoading', () => ({})),
    showModal: asyncApi('showModal', (o) => {
      const confirm = p.modalAnswers.length ? p.modalAnswers.shift()! : true
      return { confirm, cancel: !confirm, ...(o.editable ? { content: '' } : {}) }
    }),
    showActionSheet: asyncApi('showActionSheet', () => {
      const tapIndex = p.actionSheetAnswers.shift()
      if (tapIndex === undefined || tapIndex === null) throw new Error('cancel')
      return { tapIndex }
    }),
    // Calls whose effect is on the screen's chrome or the phone itself: recorded, answered ok.
    ...Object.fromEntries(
      [
        'setNavigationBarTitle',
        'setNavigationBarColor',
        'showNavigationBarLoading',
        'hideNavigationBarLoading',
        'startPullDownRefresh',
        'stopPullDownRefresh',
        'pageScrollTo',
        'showShareMenu',
        'hideShareMenu',
        'hideHomeButton',
        'setBackgroundColor',
        'setBackgroundTextStyle',
        'vibrateShort',
      ].map((api) => [api, asyncApi(api, () => ({}))]),
    ),
    // ——— storage ———
    setStorageSync: syncApi('setStorageSync', (key: string, data: unknown) => {
      p.storage.set(key, JSON.stringify(p.toHost({ v: data }).v ?? null))
    }),
    getStorageSync: (key: string) => storageGet(key),
    removeStorageSync: syncApi('removeStorageSync', (key: string) => void p.storage.delete(key)),
    clearStorageSync: syncApi('clearStorageSync', () => p.storage.clear()),
    getStorageInfoSync: () => p.toLogic({ keys: [...p.storage.keys()], currentSize: 0, limitSize: 10240 }),
    setStorage: asyncApi('setStorage', (o) => {
      p.storage.set(String(o.key), JSON.stringify(p.toHost({ v: o.data }).v ?? null))
      return {}
    }),
    getStorage: asyncApi('getStorage', (o) => {
      if (!p.storage.has(String(o.key))) throw new Error('data not found')
      return { data: storageGet(String(o.key)) }
    }),
    removeStorage: asyncApi('removeStorage', (o) => {
      p.storage.delete(String(o.key))
      return {}
    }),
    clearStorage: asyncApi('clearStorage', () => {
      p.storage.clear()
      return {}
    }),
    // ——— the phone ———
    getSystemInfoSync: () => p.toLogic(p.systemInfo),
    getSystemInfo: asyncApi('getSystemInfo', () => p.systemInfo),
    getWindowInfo: () => p.toLogic(p.systemInfo),
    getDeviceInfo: () => p.toLogic(p.systemInfo),
    getAppBaseInfo: () => p.toLogic(p.systemInfo),
    getSystemSetting: () => p.toLogic({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true }),
    getAppAuthorizeSetting: () =>
      p.toLogic({ albumAuthorized: 'authorized', cameraAuthorized: 'authorized' }),
    getMenuButtonBoundingClientRect: () =>
      p.toLogic({ width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 }),
    getAccountInfoSync: () =>
      p.toLogic({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => p.toLogic({ path: p.currentRoute() ?? '', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => p.toLogic({ path: p.currentRoute() ?? '', query: {}, scene: 1001 }),
    canIUse: () => true,
    getUpdateManager: () => ({
      onCheckForUpdate: () => {},
      onUpdateReady: () => {},
      onUpdateFailed: () => {},
      applyUpdate: () => {},
    }),
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: 'wifi' })),
    nextTick: (fn: () => void) => void p.track(Promise.resolve().then(fn)),
    createSelectorQuery: selectorQuery,
    createIntersectionObserver: () => {
      const o = {
        relativeTo: () => o,
        relativeToViewport: () => o,
        observe: () => {},
        disconnect: () => {},
      }
      return o
    },
    reportAnalytics: () => {},
    reportEvent: () => {},
    // ——— app events ———
    onAppShow: listen('AppShow'),
    offAppShow: unlisten('AppShow'),
    onAppHide: listen('AppHide'),
    offAppHide: unlisten('AppHide'),
    onError: listen('Error'),
    offError: unlisten('Error'),
    onUnhandledRejection: listen('UnhandledRejection'),
    offUnhandledRejection: unlisten('UnhandledRejection'),
    onPageNotFound: listen('PageNotFound'),
    offPageNotFound: unlisten('PageNotFound'),
    onNetworkStatusChange: listen('NetworkStatusChange'),
    offNetworkStatusChange: unlisten('NetworkStatusChange'),
    onWindowResize: listen('WindowResize'),
    offWindowResize: unlisten('WindowResize'),
    onThemeChange: listen('ThemeChange'),
    offThemeChange: unlisten('ThemeChange'),
    onMemoryWarning: listen('MemoryWarning'),
    onKeyboardHeightChange: listen('KeyboardHeightChange'),
    offKeyboardHeightChange: unlisten('KeyboardHeightChange'),
    // ——— privacy and permissions ———
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({
      needAuthorization: !p.privacy.agreed,
      privacyContractName: '《暖心网格小程序隐私保护指引》',
    })),
    // Answered once the person agreed (asyncApi asks first, as for a privacy-scoped API).
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', () => ({})),
    onNeedPrivacyAuthorization: (fn: (resolve: unknown) => void) => {
      p.calls.push({ api: 'onNeedPrivacyAuthorization', args: {} })
      p.privacy.listeners.push(fn)
    },
    openPrivacyContract: asyncApi('openPrivacyContract', () => ({})),
    getSetting: asyncApi('getSetting', () => ({ authSetting: {} })),
    openSetting: asyncApi('openSetting', () => ({ authSetting: {} })),
    authorize: asyncApi('authorize', () => ({})),
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => {
      const answers: Record<string, string> = {}
      for (const id of (o.tmplIds as string[]) ?? []) answers[id] = p.subscribeAnswer
      return answers
    }),
    login: asyncApi('login', () => ({ code: 'local-login-code' })),
    // ——— files, media, documents ———
    chooseMedia: choose('chooseMedia', (f) => ({
      tempFilePath: f.path,
      size: f.bytes.length,
      fileType: 'image',
    })),
    chooseImage: choose('chooseImage', (f) => ({ path: f.path, size: f.bytes.length })),
    chooseMessageFile: choose('chooseMessageFile', (f) => ({
      path: f.path,
      size: f.bytes.length,
      name: f.path.split('/').pop(),
      type: 'file',
    })),
    compressImage: asyncApi('compressImage', (o) => ({ tempFilePath: o.src })),
    getImageInfo: asyncApi('getImageInfo', (o) => ({ width: 0, height: 0, path: o.src, type: 'jpeg' })),
    previewImage: asyncApi('previewImage', () => ({})),
    saveImageToPhotosAlbum: asyncApi('saveImageToPhotosAlbum', () => ({})),
    downloadFile: asyncApi('downloadFile', async (o) => {
      const path = p.nextTempPath('bin')
      p.files.set(path, await get(String(o.url)))
      return { tempFilePath: path, statusCode: 200 }
    }),
    openDocument: asyncApi('openDocument', (o) => {
      if (!p.files.has(String(o.filePath))) throw new Error(`no such file ${String(o.filePath)}`)
      return {}
    }),
    scanCode: asyncApi('scanCode', () => {
      const answer = p.scanAnswers.shift()
      if (!answer) throw new Error('cancel')
      return { ...answer, scanType: answer.path ? 'WX_CODE' : 'QR_CODE', charSet: 'utf-8' }
    }),
    setClipboardData: asyncApi('setClipboardData', () => ({})),
    getClipboardData: asyncApi('getClipboardData', () => ({ data: '' })),
    makePhoneCall: asyncApi('makePhoneCall', () => ({})),
    getFileSystemManager: () => ({
      readFileSync: (path: string, encoding?: string) => {
        const b = p.files.get(path)
        if (!b) throw new Error(`readFileSync:fail no such file ${path}`)
        return encoding ? b.toString(encoding as BufferEncoding) : p.toLogic(Array.from(b))
      },
    }),
  }
  return wx
}
