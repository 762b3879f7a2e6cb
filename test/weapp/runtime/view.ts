/**
 * The view layer of the mini-program, as WeChat's webview runs it: every .wxml of the build
 * compiled by WeChat's own `wcc` (npm `miniprogram-compiler`) into one `$gwx`, run in a realm of
 * its own. Rendering a page is `$gwx(page.wxml)(data)`: the virtual tree WeChat would turn into
 * its elements. Data crosses from the logic layer as JSON (as setData's does), so it is made in
 * this realm — the generated code's checks do not accept objects of another realm.
 *
 * A custom component in the tree (Taro's `comp`, used where the tree gets deeper than its
 * templates) is rendered from its own .wxml with its properties, in place, and remembered as the
 * owner of the events inside it.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wxmlToJs } = require('miniprogram-compiler') as {
  wxmlToJs(root: string, options: { maxBuffer?: number }): string
}

/** An element of a rendered page: `view`, `text`, `button`, `input`… and what it holds. */
export interface WxNode {
  tag: string
  attr: Record<string, unknown>
  children: (WxNode | string)[]
  parent: WxNode | null
  /** The custom component instance whose methods handle this element's events; null: the page. */
  owner: unknown
}

/** One custom component met while rendering: where it is, its properties, its .wxml. */
export interface ComponentUse {
  /** The component's path in the build, e.g. `comp`. */
  path: string
  /** A key that stays the same across renders while it stays in place (Taro's sid of its node). */
  key: string
  props: Record<string, unknown>
}

type Generate = (env: unknown, dd: unknown, global: unknown) => RawNode
interface RawNode {
  tag: string
  attr?: Record<string, unknown>
  children?: (RawNode | string)[]
}

export class View {
  private readonly ctx: vm.Context
  private readonly gwx: (file: string) => Generate | undefined
  private readonly parse: (text: string) => unknown
  /** The generated code's warnings (a template not found, a recursion stopped): render problems. */
  readonly warnings: string[] = []

  constructor(private readonly root: string) {
    const source = wxmlToJs(root, { maxBuffer: 256 * 1024 * 1024 })
    const warnings = this.warnings
    const console = {
      log: () => {},
      info: () => {},
      warn: (...a: unknown[]) => warnings.push(a.map(String).join(' ')),
      error: (...a: unknown[]) => warnings.push(a.map(String).join(' ')),
    }
    this.ctx = vm.createContext({ console })
    vm.runInContext('var window = this', this.ctx)
    const make = vm.runInContext(`(function () {${source}\n})`, this.ctx, {
      filename: 'wcc:$gwx.js',
    }) as () => (file: string) => Generate | undefined
    this.gwx = make()
    this.parse = vm.runInContext('JSON.parse', this.ctx) as (text: string) => unknown
  }

  /** A copy of `value` made in this realm, as setData's JSON carries it. */
  private own(value: unknown): unknown {
    return this.parse(JSON.stringify(value ?? {}))
  }

  /**
   * The page's tree for `data`. `components` names the custom components the page and those
   * components use (tag → build path); `owners` gives (and keeps) the instance for each use.
   */
  render(
    file: string,
    data: unknown,
    components: (user: string) => Record<string, string>,
    owner: (use: ComponentUse) => { data: Record<string, unknown>; instance: unknown },
  ): WxNode {
    const top = this.generate(file, data)
    const page: WxNode = { tag: 'page', attr: {}, children: [], parent: null, owner: null }
    this.adopt(page, top.children ?? [], file, null, components, owner)
    return page
  }

  private generate(file: string, data: unknown): RawNode {
    const generator = this.gwx(file)
    if (!generator) throw new Error(`wcc did not compile ${file}`)
    return generator(this.own(data), this.own({}), this.own({}))
  }

  private adopt(
    into: WxNode,
    raw: (RawNode | string)[],
    file: string,
    ownerInstance: unknown,
    components: (user: string) => Record<string, string>,
    owner: (use: ComponentUse) => { data: Record<string, unknown>; instance: unknown },
  ): void {
    const using = components(file.replace(/\.wxml$/, ''))
    for (const r of raw) {
      if (typeof r === 'string') {
        into.children.push(r)
        continue
      }
      const tag = r.tag.replace(/^wx-/, '')
      const node: WxNode = {
        tag,
        attr: { ...(r.attr ?? {}) },
        children: [],
        parent: into,
        owner: ownerInstance,
      }
      into.children.push(node)
      const componentPath = using[tag]
      if (componentPath) {
        const props = JSON.parse(JSON.stringify(r.attr ?? {})) as Record<string, unknown>
        const i = props.i as { sid?: string } | undefined
        const key = `${componentPath}:${i?.sid ?? JSON.stringify(props).slice(0, 200)}`
        const use = owner({ path: componentPath, key, props })
        const inner = this.generate(`${componentPath}.wxml`, use.data)
        this.adopt(node, inner.children ?? [], `${componentPath}.wxml`, use.instance, components, owner)
      } else {
        this.adopt(node, r.children ?? [], file, ownerInstance, components, owner)
      }
    }
  }

  /** The build's JSON file of a page or component (`pages/index/index`), or {} if it has none. */
  json(file: string): Record<string, unknown> {
    try {
      return JSON.parse(readFileSync(path.join(this.root, `${file}.json`), 'utf8')) as Record<string, unknown>
    } catch {
      return {}
    }
  }
}

// ——— reading a tree the way a person reads the screen ———

/** Elements in document order, from `node` down. */
export function* elements(node: WxNode): Generator<WxNode> {
  yield node
  for (const c of node.children) if (typeof c !== 'string') yield* elements(c)
}

/**
 * Whether WeChat would draw the element: `hidden`, an inline `display: none`, and anything
 * inside such an element, are not seen. (Stylesheets are not applied: a class that hides is not
 * known here.)
 */
export function shown(node: WxNode): boolean {
  for (let n: WxNode | null = node; n; n = n.parent) {
    if (n.attr.hidden === true) return false
    if (/(^|;)\s*display\s*:\s*none/i.test(String(n.attr.style ?? ''))) return false
  }
  return true
}

/** The text a person reads in the element: its strings, and its fields' values, in order. */
export function textOf(node: WxNode): string {
  let out = ''
  const walk = (n: WxNode) => {
    if (!shown(n)) return
    if ((n.tag === 'input' || n.tag === 'textarea') && n.attr.value) out += String(n.attr.value)
    for (const c of n.children) {
      if (typeof c === 'string') out += c
      else walk(c)
    }
  }
  walk(node)
  return out
}

/** The innermost shown elements whose text contains `text` (a regexp: matches). */
export function withText(root: WxNode, text: string | RegExp): WxNode[] {
  const matches = (n: WxNode) => {
    const t = textOf(n)
    return typeof text === 'string' ? t.includes(text) : text.test(t)
  }
  const found: WxNode[] = []
  const visit = (n: WxNode): boolean => {
    if (!shown(n) || !matches(n)) return false
    let inner = false
    for (const c of n.children) if (typeof c !== 'string' && visit(c)) inner = true
    if (!inner) found.push(n)
    return true
  }
  visit(root)
  return found
}

/** A short outline of the tree (tag, class, text), for a failing test's message. */
export function outline(node: WxNode, depth = 0, lines: string[] = []): string[] {
  if (lines.length > 400) return lines
  const cls = node.attr.class ? `.${String(node.attr.class).split(/\s+/).filter(Boolean).join('.')}` : ''
  const own = node.children.filter((c): c is string => typeof c === 'string').join('')
  lines.push(`${'  '.repeat(depth)}${node.tag}${cls}${own ? ` "${own}"` : ''}`)
  for (const c of node.children) if (typeof c !== 'string') outline(c, depth + 1, lines)
  return lines
}
