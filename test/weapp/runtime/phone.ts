/**
 * One person's phone running dist/weapp: WeChat's logic layer (a `vm` realm with the build's JS,
 * `wx`, App/Page/Component, timers, no window/document/fetch), the page stack and its lifecycle
 * (onLoad → onShow → first render → onReady; onHide/onUnload as navigation leaves a page), and
 * each page's view (its .wxml through `wcc`, see view.ts) rendered again on every setData.
 *
 * A test reads the screen (`text()`, `sees()`) and acts as a person does: `tap(text)` is a touch
 * on the innermost element showing that text, delivered as WeChat delivers it — touchstart,
 * touchend, tap, each bubbling up through every element that binds it (stopping at a catch) to
 * the handler of the page or component that owns the element (Taro's `eh`, which hands it to
 * React). `fill(label, value)` types into the box under a heading. After each step the phone
 * runs until it is quiet: no call to the host in flight, no short timer pending, no setData
 * unanswered.
 */
import path from 'node:path'
import vm from 'node:vm'
import { readFileSync, readdirSync } from 'node:fs'
import { View, elements, outline, shown, textOf, withText, type ComponentUse, type WxNode } from './view'
import { makeWx, type WxCall, type WxHost } from './wx'

export type { WxCall } from './wx'
export type { WxNode } from './view'

interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text: string }[] }
}

/** The build, read once: its JS sources, app.json and the compiled view. */
export interface Weapp {
  root: string
  app: AppJson
  pages: string[]
  tabs: string[]
  sources: Map<string, string>
  view: View
}

export function loadWeapp(root: string): Weapp {
  const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson
  const pages = [
    ...app.pages,
    ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`)),
  ]
  const sources = new Map<string, string>()
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const file = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    sources.set(file, readFileSync(path.join(root, file), 'utf8'))
  }
  return {
    root,
    app,
    pages,
    tabs: (app.tabBar?.list ?? []).map((t) => t.pagePath),
    sources,
    view: new View(root),
  }
}

type Logic = Record<string, unknown>
type Handler = (this: unknown, ...a: unknown[]) => unknown

/** A page on the phone's stack. */
export interface PageRecord {
  route: string
  query: Record<string, string>
  instance: Logic
  tree: WxNode | null
  components: Map<string, { instance: Logic; data: Record<string, unknown> }>
  state: 'shown' | 'hidden' | 'unloaded'
}

export interface PhoneOptions {
  weapp: Weapp
  hostUrl: string
  /** Who WeChat says this person is (X-Dev-OpenId at the local host); null: no openid. */
  openid: string | null
  /** The phone's clock in ms (the harness gives the functions' clock). */
  nowMs: () => number
  /** Timers of at most this delay keep the phone busy (default 1000 ms); longer ones do not. */
  busyTimerMs?: number
}

const BUBBLING = new Set([
  'touchstart',
  'touchmove',
  'touchcancel',
  'touchend',
  'tap',
  'longpress',
  'longtap',
  'transitionend',
  'animationstart',
  'animationiteration',
  'animationend',
])

/** An error or value of either realm as a log line (the phone's objects fail `instanceof` here). */
function describe(x: unknown): string {
  if (typeof x === 'object' && x !== null) {
    if ('errMsg' in x) return String(x.errMsg)
    if ('stack' in x && x.stack) return String(x.stack)
    try {
      return JSON.stringify(x)
    } catch {
      return String(x)
    }
  }
  return String(x)
}

function parseUrl(url: string, from: string | null): { route: string; query: Record<string, string> } {
  const [pathPart, search = ''] = url.split('?')
  let route = pathPart
  if (!route.startsWith('/')) route = path.posix.join(path.posix.dirname(from ?? ''), route)
  route = route.replace(/^\/+/, '')
  const query: Record<string, string> = {}
  // WeChat hands a page its query values as they were written in the URL (not decoded).
  for (const pair of search.split('&').filter(Boolean)) {
    const i = pair.indexOf('=')
    query[i < 0 ? pair : pair.slice(0, i)] = i < 0 ? '' : pair.slice(i + 1)
  }
  return { route, query }
}

/** `root.cn.[0].cn[2].v` → ['root', 'cn', 0, 'cn', 2, 'v'] (WeChat's setData path syntax). */
function pathKeys(key: string): (string | number)[] {
  const keys: (string | number)[] = []
  for (const m of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return keys
}

export class Phone implements WxHost {
  readonly calls: WxCall[] = []
  readonly storage = new Map<string, string>()
  /** Errors seen in the logic layer: console.error, exceptions from handlers and timers. */
  readonly errors: string[] = []
  /** console.warn of the logic layer (Taro's "暂不支持" for an API WeChat lacks lands here). */
  readonly warnings: string[] = []
  readonly stack: PageRecord[] = []
  modalAnswers: boolean[] = []
  actionSheetAnswers: (number | null)[] = []
  chooseQueue: { path: string; bytes: Buffer; type?: string }[][] = []
  readonly files = new Map<string, Buffer>()
  scanAnswers: { result: string; path?: string }[] = []
  privacy = {
    agreed: false,
    answer: 'agree' as 'agree' | 'disagree',
    listeners: [] as ((resolve: unknown) => void)[],
  }
  subscribeAnswer: 'accept' | 'reject' = 'accept'
  readonly listeners = new Map<string, ((...a: unknown[]) => void)[]>()
  /** The code getPhoneNumber's button hands back (the local host reads 13900001111 from it). */
  phoneNumberCode = 'local-phone-13900001111'
  readonly systemInfo = {
    brand: 'devtools',
    model: 'iPhone 12',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 763,
    statusBarHeight: 47,
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'ios',
    SDKVersion: '3.5.0',
    fontSizeSetting: 16,
    theme: 'light',
    enableDebug: false,
    benchmarkLevel: 1,
    host: { env: 'WeChat' },
  }
  readonly hostUrl: string
  readonly openid: string | null

  private readonly weapp: Weapp
  private readonly ctx: vm.Context
  private readonly json: JSON
  private readonly LogicPromise: PromiseConstructor
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageConfigs = new Map<string, Logic>()
  private readonly componentConfigs = new Map<string, Logic>()
  private defining: string | null = null
  private app: Logic | null = null
  private readonly tabPages = new Map<string, PageRecord>()
  private busy = 0
  private readonly timers = new Map<ReturnType<typeof setTimeout>, boolean>()
  private readonly intervals = new Set<ReturnType<typeof setInterval>>()
  private wake: (() => void)[] = []
  private temp = 0
  private readonly busyTimerMs: number
  private closed = false

  constructor(opts: PhoneOptions) {
    this.weapp = opts.weapp
    this.hostUrl = opts.hostUrl
    this.openid = opts.openid
    this.busyTimerMs = opts.busyTimerMs ?? 1000
    const say =
      (into: string[] | null) =>
      (...a: unknown[]) => {
        if (into) into.push(a.map(describe).join(' '))
      }
    const sandbox: Record<string, unknown> = {
      console: {
        log: say(null),
        info: say(null),
        debug: say(null),
        warn: say(this.warnings),
        error: say(this.errors),
        group: () => {},
        groupEnd: () => {},
        time: () => {},
        timeEnd: () => {},
      },
      setTimeout: (fn: Handler, ms?: number, ...a: unknown[]) => this.setTimer(fn, ms ?? 0, a),
      clearTimeout: (id: ReturnType<typeof setTimeout>) => this.clearTimer(id),
      setInterval: (fn: Handler, ms?: number, ...a: unknown[]) => {
        const id = setInterval(() => this.guard('setInterval', () => fn(...a)), ms)
        this.intervals.add(id)
        return id
      },
      clearInterval: (id: ReturnType<typeof setInterval>) => {
        clearInterval(id)
        this.intervals.delete(id)
      },
      App: (config: Logic) => {
        this.app = config
      },
      Page: (config: Logic) => {
        if (!this.defining) throw new Error('Page() outside a page file')
        this.pageConfigs.set(this.defining, config)
      },
      Component: (config: Logic) => {
        if (!this.defining) throw new Error('Component() outside a component file')
        this.componentConfigs.set(this.defining, config)
      },
      Behavior: (config: Logic) => config,
      getApp: () => this.app,
      getCurrentPages: () => {
        const list = vm.runInContext('[]', this.ctx) as unknown[]
        for (const p of this.stack) list.push(p.instance)
        return list
      },
      requirePlugin: (name: string) => {
        throw new Error(`plugin ${name} is not declared`)
      },
    }
    this.ctx = vm.createContext(sandbox, { name: `weapp:${opts.openid ?? 'anonymous'}` })
    this.json = vm.runInContext('JSON', this.ctx) as JSON
    // As WeChat's base library does, a promise rejected with no handler is logged as an error
    // (and told to wx.onUnhandledRejection) instead of reaching the process: the realm's Promise
    // watches each of its promises for a handler until the microtasks after its rejection ran.
    ;(
      vm.runInContext(
        `(function (report, later) {
          var Real = Promise, realThen = Real.prototype.then, handled = new WeakSet(), inner = false
          function Watched(executor) {
            var p = Reflect.construct(Real, [executor], new.target || Watched)
            if (!inner) {
              inner = true
              try {
                realThen.call(p, undefined, function (reason) {
                  later(function () { if (!handled.has(p)) report(reason) })
                })
              } finally { inner = false }
            }
            return p
          }
          Object.setPrototypeOf(Watched, Real)
          Watched.prototype = Object.create(Real.prototype, {
            constructor: { value: Watched, writable: true, configurable: true },
            then: {
              value: function (onFulfilled, onRejected) {
                if (typeof onRejected === 'function') handled.add(this)
                return realThen.call(this, onFulfilled, onRejected)
              },
              writable: true,
              configurable: true,
            },
          })
          Promise = Watched
        })`,
        this.ctx,
      ) as (report: (reason: unknown) => void, later: (fn: () => void) => void) => void
    )(
      (reason) => this.unhandled(reason),
      (fn) => setImmediate(fn),
    )
    this.LogicPromise = vm.runInContext('Promise', this.ctx) as PromiseConstructor
    // The phone's clock: new Date() and Date.now() read `nowMs`, everything else is the real Date.
    ;(
      vm.runInContext(
        `(function (now) {
          var Real = Date
          Date = new Proxy(Real, {
            construct: function (t, args, nt) { return Reflect.construct(Real, args.length ? args : [now()], nt) },
            apply: function () { return new Real(now()).toString() },
            get: function (t, k) { return k === 'now' ? now : Reflect.get(t, k) },
          })
        })`,
        this.ctx,
      ) as (now: () => number) => void
    )(opts.nowMs)
    sandbox.wx = makeWx(this)
  }

  private unhandled(reason: unknown): void {
    const said = describe(reason)
    this.errors.push(`unhandled rejection: ${said}`)
    const res = this.toLogic({ reason: said })
    for (const l of this.listeners.get('UnhandledRejection') ?? [])
      this.guard('onUnhandledRejection', () => l(res))
  }

  // ——— WxHost ———

  toLogic<T>(value: T): T {
    return value === undefined ? value : (this.json.parse(JSON.stringify(value)) as T)
  }

  toHost(value: unknown): Record<string, unknown> {
    try {
      const text = this.json.stringify(value ?? {})
      return text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>)
    } catch {
      return { unserialisable: String(value) }
    }
  }

  promise<T>(run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
    return new this.LogicPromise<T>(run)
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.busy++
    const done = () => {
      this.busy--
      this.poke()
    }
    work.then(done, done)
    return work
  }

  currentRoute(): string | null {
    return this.stack.at(-1)?.route ?? null
  }

  selectorExists(selector: string): boolean {
    const tree = this.stack.at(-1)?.tree
    if (!tree) return false
    const id = /^#([\w-]+)$/.exec(selector)?.[1]
    const cls = /^\.([\w-]+)$/.exec(selector)?.[1]
    for (const n of elements(tree)) {
      if (id && n.attr.id === id) return true
      if (
        cls &&
        String(n.attr.class ?? '')
          .split(/\s+/)
          .includes(cls)
      )
        return true
    }
    return false
  }

  nextTempPath(ext: string): string {
    return `http://tmp/phone-${++this.temp}.${ext}`
  }

  // ——— the logic layer ———

  private poke(): void {
    const wake = this.wake
    this.wake = []
    for (const w of wake) w()
  }

  private guard(where: string, run: () => unknown): unknown {
    try {
      return run()
    } catch (err) {
      this.errors.push(`${where}: ${describe(err)}`)
      return undefined
    }
  }

  private setTimer(fn: Handler, ms: number, args: unknown[]): ReturnType<typeof setTimeout> {
    const counts = ms <= this.busyTimerMs
    const id = setTimeout(() => {
      this.timers.delete(id)
      if (!this.closed) this.guard('setTimeout', () => fn(...args))
      this.poke()
    }, ms)
    this.timers.set(id, counts)
    return id
  }

  private clearTimer(id: ReturnType<typeof setTimeout>): void {
    clearTimeout(id)
    this.timers.delete(id)
    this.poke()
  }

  private isBusy(): boolean {
    if (this.busy > 0) return true
    for (const counts of this.timers.values()) if (counts) return true
    return false
  }

  /** Runs until the phone is quiet (nothing in flight, no short timer): what a person waits for. */
  async settle(): Promise<void> {
    let quiet = 0
    for (let turn = 0; turn < 100_000; turn++) {
      if (this.isBusy()) {
        quiet = 0
        await new Promise<void>((resolve) => this.wake.push(resolve))
        continue
      }
      // Let promise chains started by what just ran make their next call or timer.
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (!this.isBusy() && ++quiet >= 3) return
    }
    throw new Error('the phone never went quiet (a short timer keeps re-arming itself?)')
  }

  private require(file: string): unknown {
    const cached = this.modules.get(file)
    if (cached) return cached.exports
    const source = this.weapp.sources.get(file)
    if (source === undefined) throw new Error(`module ${file} is not in the build`)
    const module = { exports: {} as unknown }
    this.modules.set(file, module)
    // As WeChat wraps each file: a CommonJS module, with window and document undefined.
    const fn = vm.runInContext(
      `(function (require, module, exports, window, document) {${source}\n})`,
      this.ctx,
      {
        filename: path.join(this.weapp.root, file),
      },
    ) as (...a: unknown[]) => void
    const requireFrom = (spec: string) => {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))
      return this.require(resolved.endsWith('.js') ? resolved : `${resolved}.js`)
    }
    fn(requireFrom, module, module.exports, undefined, undefined)
    return module.exports
  }

  private define(kind: 'page' | 'component', name: string): Logic {
    const configs = kind === 'page' ? this.pageConfigs : this.componentConfigs
    if (!configs.has(name)) {
      this.defining = name
      try {
        this.require(`${name}.js`)
      } finally {
        this.defining = null
      }
    }
    const config = configs.get(name)
    if (!config) throw new Error(`${name}.js did not call ${kind === 'page' ? 'Page' : 'Component'}()`)
    return config
  }

  /** Starts the app (app.js, App's onLaunch and onShow) as WeChat does when it is opened at `url`. */
  async launch(url: string): Promise<void> {
    if (this.app) throw new Error('already launched')
    const { route, query } = parseUrl(url, null)
    this.guard('app.js', () => this.require('app.js'))
    const app = this.app as Logic | null
    if (!app) throw new Error('app.js did not call App()')
    const options = this.toLogic({ path: route, query, scene: 1001, referrerInfo: {} })
    this.guard('App.onLaunch', () => (app.onLaunch as Handler | undefined)?.call(app, options))
    this.guard('App.onShow', () => (app.onShow as Handler | undefined)?.call(app, options))
    for (const l of this.listeners.get('AppShow') ?? []) this.guard('onAppShow', () => l(options))
    if (!this.weapp.pages.includes(route)) {
      // No such page: WeChat asks the app (onPageNotFound) what to do, on an empty stack.
      const res = this.toLogic({ path: route, query, isEntryPage: true })
      this.guard('App.onPageNotFound', () => (app.onPageNotFound as Handler | undefined)?.call(app, res))
      for (const l of this.listeners.get('PageNotFound') ?? []) this.guard('onPageNotFound', () => l(res))
    } else {
      await this.open(route, query)
    }
    await this.settle()
  }

  private async open(route: string, query: Record<string, string>): Promise<PageRecord> {
    const config = this.guard(`${route}.js`, () => this.define('page', route)) as Logic | undefined
    if (!config) throw new Error(`${route} could not be loaded:\n${this.errors.join('\n')}`)
    const instance: Logic = {}
    for (const [k, v] of Object.entries(config)) if (k !== 'data') instance[k] = v
    instance.data = this.toLogic((config.data as object | undefined) ?? {})
    instance.route = route
    instance.__route__ = route
    instance.options = this.toLogic(query)
    const record: PageRecord = { route, query, instance, tree: null, components: new Map(), state: 'shown' }
    instance.setData = (patch: Record<string, unknown>, cb?: Handler) => this.setData(record, null, patch, cb)
    instance.selectComponent = () => null
    instance.selectAllComponents = () => this.toLogic([])
    instance.createSelectorQuery = () =>
      (this.ctx.wx as { createSelectorQuery(): unknown }).createSelectorQuery()
    instance.getOpenerEventChannel = () => ({ on: () => {}, emit: () => {}, off: () => {}, once: () => {} })
    this.stack.push(record)
    if (this.weapp.tabs.includes(route)) this.tabPages.set(route, record)
    const q = this.toLogic(query)
    this.call(record, 'onLoad', q)
    this.call(record, 'onShow')
    this.render(record)
    // onReady once the first render has reached the view.
    this.setTimer(() => this.call(record, 'onReady'), 0, [])
    return record
  }

  private call(record: PageRecord, name: string, ...a: unknown[]): unknown {
    const fn = record.instance[name] as Handler | undefined
    if (typeof fn !== 'function') return undefined
    return this.guard(`${record.route}.${name}`, () => fn.apply(record.instance, a))
  }

  private hide(record: PageRecord): void {
    if (record.state !== 'shown') return
    record.state = 'hidden'
    this.call(record, 'onHide')
  }

  private unload(record: PageRecord): void {
    if (record.state === 'unloaded') return
    record.state = 'unloaded'
    this.call(record, 'onUnload')
    if (this.tabPages.get(record.route) === record) this.tabPages.delete(record.route)
  }

  private show(record: PageRecord): void {
    if (record.state === 'shown') return
    record.state = 'shown'
    this.call(record, 'onShow')
  }

  async navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.currentRoute())
    if (!this.weapp.pages.includes(route)) throw new Error(`page "${route}" is not found`)
    const isTab = this.weapp.tabs.includes(route)
    if ((kind === 'navigateTo' || kind === 'redirectTo') && isTab)
      throw new Error(`can not ${kind} a tabbar page`)
    if (kind === 'switchTab' && !isTab) throw new Error('can not switch to no-tabBar page')
    if (kind === 'navigateTo' && this.stack.length >= 10) throw new Error('webview count limit exceed')
    // The new page appears after this call returns, as in WeChat.
    await new Promise<void>((resolve) => setImmediate(resolve))
    const top = this.stack.at(-1)
    if (kind === 'navigateTo') {
      if (top) this.hide(top)
      await this.open(route, query)
    } else if (kind === 'redirectTo') {
      if (top) {
        this.stack.pop()
        if (this.tabPages.get(top.route) === top) this.hide(top)
        else this.unload(top)
      }
      await this.open(route, query)
    } else if (kind === 'switchTab') {
      // Every page above the tab bar closes; tab pages stay alive, hidden.
      for (const p of this.stack.splice(0)) {
        if (this.tabPages.get(p.route) === p) this.hide(p)
        else this.unload(p)
      }
      const kept = this.tabPages.get(route)
      if (kept) {
        this.stack.push(kept)
        this.show(kept)
        this.render(kept)
      } else await this.open(route, {})
    } else {
      for (const p of this.stack.splice(0)) this.unload(p)
      for (const p of this.tabPages.values()) this.unload(p)
      this.tabPages.clear()
      await this.open(route, query)
    }
  }

  async navigateBack(delta: number): Promise<void> {
    if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.')
    await new Promise<void>((resolve) => setImmediate(resolve))
    const n = Math.min(Math.max(1, delta), this.stack.length - 1)
    for (const p of this.stack.splice(this.stack.length - n, n)) {
      if (this.tabPages.get(p.route) === p) this.hide(p)
      else this.unload(p)
    }
    const top = this.stack.at(-1)!
    this.show(top)
    this.render(top)
  }

  // ——— the view ———

  private setData(
    record: PageRecord,
    component: { instance: Logic; data: Record<string, unknown> } | null,
    patch: Record<string, unknown>,
    cb?: Handler,
  ): void {
    const data = (component ? component.data : record.instance.data) as Record<string, unknown>
    for (const [key, raw] of Object.entries(this.toHost(patch))) {
      const keys = pathKeys(key)
      let at: Record<string | number, unknown> = data
      for (let i = 0; i < keys.length - 1; i++) {
        const next = at[keys[i]]
        if (next === null || typeof next !== 'object')
          at[keys[i]] = typeof keys[i + 1] === 'number' ? this.toLogic([]) : this.toLogic({})
        at = at[keys[i]] as Record<string | number, unknown>
      }
      at[keys[keys.length - 1]] = this.toLogic(raw)
    }
    if (record.state !== 'unloaded') this.render(record)
    if (cb) this.setTimer(() => cb.call(component?.instance ?? record.instance), 0, [])
  }

  private render(record: PageRecord): void {
    const seen = new Set<string>()
    const components = (user: string): Record<string, string> => {
      const using = (this.weapp.view.json(user).usingComponents ?? {}) as Record<string, string>
      const out: Record<string, string> = {}
      for (const [tag, rel] of Object.entries(using))
        out[tag] = rel.startsWith('/')
          ? rel.slice(1)
          : path.posix.normalize(path.posix.join(path.posix.dirname(user), rel))
      return out
    }
    const owner = (use: ComponentUse) => {
      seen.add(use.key)
      let c = record.components.get(use.key)
      if (!c) {
        const config = this.define('component', use.path)
        const instance: Logic = {}
        const methods = (config.methods ?? {}) as Record<string, Handler>
        for (const [k, v] of Object.entries(methods)) instance[k] = v
        const defaults: Record<string, unknown> = {}
        for (const [k, v] of Object.entries((config.properties ?? {}) as Record<string, unknown>))
          defaults[k] = v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : null
        const data = this.toLogic({ ...defaults, ...this.toHost(config.data ?? {}), ...use.props })
        c = { instance, data }
        const created = c
        instance.data = data
        instance.properties = data
        instance.setData = (patch: Record<string, unknown>, cb?: Handler) =>
          this.setData(record, created, patch, cb)
        record.components.set(use.key, c)
        const lifetimes = (config.lifetimes ?? {}) as Record<string, Handler>
        const attached = lifetimes.attached ?? (config.attached as Handler | undefined)
        if (attached) this.guard(`${use.path}.attached`, () => attached.call(instance))
      } else {
        Object.assign(c.data, this.toLogic(use.props))
      }
      return c
    }
    try {
      record.tree = this.weapp.view.render(`${record.route}.wxml`, record.instance.data, components, owner)
    } catch (err) {
      this.errors.push(`render ${record.route}: ${String(err)}`)
    }
    for (const key of [...record.components.keys()]) if (!seen.has(key)) record.components.delete(key)
  }

  // ——— what a person sees and does ———

  /** The page on top. */
  get page(): PageRecord {
    const top = this.stack.at(-1)
    if (!top) throw new Error('no page is open')
    return top
  }

  get route(): string | null {
    return this.currentRoute()
  }

  /** Everything the page on top shows, as text. */
  text(): string {
    const tree = this.page.tree
    return tree ? textOf(tree) : ''
  }

  /** Whether the page on top shows `text` (a string: contained; a regexp: matched). */
  sees(text: string | RegExp): boolean {
    const tree = this.page.tree
    return !!tree && withText(tree, text).length > 0
  }

  /** An outline of the page on top, for a failing test's message. */
  outline(): string {
    const tree = this.page.tree
    return tree ? outline(tree).join('\n') : '(nothing rendered)'
  }

  /**
   * The innermost element showing `text` (the `nth` of them): those whose whole text it is come
   * first (a button 回到首页 before a sentence containing it).
   */
  find(text: string | RegExp, nth = 0): WxNode {
    const tree = this.page.tree
    const all = tree ? withText(tree, text) : []
    const whole = (n: WxNode) => typeof text === 'string' && textOf(n).trim() === text
    const found = [...all.filter(whole), ...all.filter((n) => !whole(n))]
    if (!found[nth])
      throw new Error(`no "${String(text)}" on ${this.page.route}:\n${this.text().slice(0, 2000)}`)
    return found[nth]
  }

  private dataset(node: WxNode): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node.attr))
      if (k.startsWith('data-')) out[k.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v
    return out
  }

  /** Delivers an event as WeChat does; returns how many handlers took it. */
  private fire(target: WxNode, type: string, detail: Record<string, unknown>): number {
    const record = this.page
    const bubbles = BUBBLING.has(type)
    const targetInfo = {
      id: String(target.attr.id ?? ''),
      dataset: this.dataset(target),
      offsetLeft: 0,
      offsetTop: 0,
    }
    let handled = 0
    for (let n: WxNode | null = target; n && n.tag !== 'page'; n = bubbles ? n.parent : null) {
      const bind = n.attr[`bind${type}`] ?? n.attr[`bind:${type}`]
      const katch = n.attr[`catch${type}`] ?? n.attr[`catch:${type}`]
      const name = (katch ?? bind) as string | undefined
      if (name) {
        const owner = (n.owner as Logic | null) ?? record.instance
        const fn = owner[name] as Handler | undefined
        if (typeof fn !== 'function') throw new Error(`${record.route}: no method ${name} for ${type}`)
        const touch = { identifier: 0, pageX: 0, pageY: 0, clientX: 0, clientY: 0, force: 1 }
        const event = this.toLogic({
          type,
          timeStamp: 0,
          target: targetInfo,
          currentTarget: {
            id: String(n.attr.id ?? ''),
            dataset: this.dataset(n),
            offsetLeft: 0,
            offsetTop: 0,
          },
          detail,
          mark: {},
          touches: type === 'touchend' || type === 'tap' ? [] : [touch],
          changedTouches: [touch],
          mut: false,
        })
        this.guard(`${record.route} ${type}`, () => fn.call(owner, event))
        handled++
      }
      if (katch) break
    }
    return handled
  }

  private disabled(node: WxNode): boolean {
    for (let n: WxNode | null = node; n; n = n.parent)
      if ((n.tag === 'button' || n.tag === 'input' || n.tag === 'textarea') && n.attr.disabled === true)
        return true
    return false
  }

  /**
   * A finger on the innermost element showing `text` (or on `node`): touchstart, touchend and
   * tap, then what WeChat itself does for a button's open-type. Fails if nothing on the way up
   * takes the tap, or the button is disabled.
   */
  async tap(what: string | RegExp | WxNode, nth = 0): Promise<void> {
    const node = typeof what === 'object' && 'tag' in what ? what : this.find(what, nth)
    if (!shown(node)) throw new Error(`"${textOf(node)}" is hidden`)
    if (this.disabled(node)) throw new Error(`"${textOf(node)}" is disabled`)
    this.fire(node, 'touchstart', {})
    this.fire(node, 'touchend', {})
    const handled = this.fire(node, 'tap', { x: 0, y: 0 })
    let button: WxNode | null = node
    while (button && button.tag !== 'button') button = button.parent
    const openType = button ? String(button.attr.openType ?? button.attr['open-type'] ?? '') : ''
    if (button && openType) await this.openType(button, openType)
    else if (!handled) throw new Error(`nothing takes a tap on "${textOf(node)}" (${this.page.route})`)
    await this.settle()
  }

  private async openType(button: WxNode, openType: string): Promise<void> {
    this.calls.push({ api: `button:${openType}`, args: {} })
    if (openType === 'agreePrivacyAuthorization') {
      this.privacy.agreed = true
      this.fire(button, 'agreeprivacyauthorization', {})
    } else if (openType === 'getPhoneNumber') {
      this.fire(button, 'getphonenumber', { code: this.phoneNumberCode, errMsg: 'getPhoneNumber:ok' })
    } else if (openType === 'share') {
      const res = this.call(this.page, 'onShareAppMessage', this.toLogic({ from: 'button', target: {} }))
      this.calls.push({ api: 'shareAppMessage', args: this.toHost(res) })
    }
  }

  /** The tab bar (native, outside the page): switches tab as WeChat's own bar does. */
  async tapTab(text: string): Promise<void> {
    const tab = this.weapp.app.tabBar?.list.find((t) => t.text === text)
    if (!tab) throw new Error(`no tab ${text}`)
    this.calls.push({ api: 'tabBar', args: { text, pagePath: tab.pagePath } })
    const kept = this.tabPages.get(tab.pagePath)
    if (kept && this.stack.at(-1) === kept) return
    await this.navigate('switchTab', `/${tab.pagePath}`)
    const record = this.tabPages.get(tab.pagePath)
    if (record) this.call(record, 'onTabItemTap', this.toLogic({ index: 0, pagePath: tab.pagePath, text }))
    await this.settle()
  }

  /** The first text box (input or textarea) after the heading `label`. */
  field(label: string | RegExp): WxNode {
    const tree = this.page.tree
    const heading = this.find(label)
    const all = tree ? [...elements(tree)] : []
    const box = all.slice(all.indexOf(heading) + 1).find((n) => n.tag === 'input' || n.tag === 'textarea')
    if (!box) throw new Error(`no text box after "${String(label)}"`)
    return box
  }

  /** Types `value` into the box under `label` (input events as the keyboard gives them, then blur). */
  async fill(label: string | RegExp, value: string): Promise<void> {
    const box = this.field(label)
    if (this.disabled(box)) throw new Error(`the box under "${String(label)}" is disabled`)
    this.fire(box, 'focus', { value: String(box.attr.value ?? ''), height: 0 })
    this.fire(box, 'input', { value, cursor: value.length, keyCode: 0 })
    await this.settle()
    this.fire(this.field(label), 'blur', { value, cursor: value.length })
    await this.settle()
  }

  /** The navigation bar's back arrow (native, outside the page). */
  async back(): Promise<void> {
    this.calls.push({ api: 'navigationBar:back', args: {} })
    await this.navigateBack(1)
    await this.settle()
  }

  /** Pulls the page down (onPullDownRefresh), as a person refreshes. */
  async pullDown(): Promise<void> {
    this.call(this.page, 'onPullDownRefresh')
    await this.settle()
  }

  /** The recorded calls of `api` (e.g. 'navigateTo', 'cloud.callFunction'), oldest first. */
  callsOf(api: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.api === api).map((c) => c.args)
  }

  /**
   * The toasts as WeChat draws them: with an icon (`success`, the default, `error`, `loading`)
   * the title shows at most 7 Chinese characters, the rest is cut; with `none` it shows whole
   * (up to two lines).
   */
  toasts(): { title: string; icon: string; shown: string }[] {
    return this.callsOf('showToast').map((t) => {
      const title = String(t.title ?? '')
      const icon = String(t.icon ?? 'success')
      return { title, icon, shown: icon === 'none' ? title : [...title].slice(0, 7).join('') }
    })
  }

  /** The api actions the phone asked for (cloud.callFunction to `api`), oldest first. */
  actions(): { action: string; input: unknown }[] {
    return this.callsOf('cloud.callFunction')
      .filter((a) => a.name === 'api')
      .map((a) => a.data as { action: string; input: unknown })
  }

  /** Runs `code` in the phone's logic layer (as a script at its top level); a JSON copy of the result. */
  evaluate(code: string): unknown {
    const text = this.json.stringify(vm.runInContext(code, this.ctx))
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  }

  /** Closes the phone: its timers stop, its pages unload. */
  close(): void {
    this.closed = true
    for (const id of this.timers.keys()) clearTimeout(id)
    for (const id of this.intervals) clearInterval(id)
    this.timers.clear()
    this.intervals.clear()
    this.poke()
  }
}
