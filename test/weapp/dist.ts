/**
 * Reading `dist/weapp` as WeChat would receive it: its files by kind, its JavaScript parsed at a
 * given ES level (acorn), what that JavaScript touches (member names such as `chooseMedia`,
 * string literals, `openType: "…"` props), and WeChat's own compilers for its WXML (`wcc`) and
 * WXSS (`wcsc`) from the npm package miniprogram-compiler.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse, type Node, type Options } from 'acorn'
import { full } from 'acorn-walk'

/** Every file under `dir` ending in `ext`, relative with forward slashes, sorted. */
export function filesOf(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith(ext) && statSync(path.join(dir, f)).isFile())
    .sort()
}

/** Bytes under `dir` (source maps left out: WeChat does not ship them), `skip` left out too. */
export function bytesUnder(dir: string, skip: (rel: string) => boolean = () => false): number {
  let total = 0
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const rel = f.split(path.sep).join('/')
    const p = path.join(dir, f)
    if (rel.endsWith('.map') || skip(rel) || !statSync(p).isFile()) continue
    total += statSync(p).size
  }
  return total
}

export type EcmaVersion = Options['ecmaVersion']

/** Parses a script at `ecmaVersion`; throws acorn's error (with line and column) if it does not. */
export function parseScript(source: string, ecmaVersion: EcmaVersion): Node {
  return parse(source, { ecmaVersion, sourceType: 'script', locations: true })
}

export interface Touched {
  /** Property names read or called: `x.chooseMedia`, `x["chooseMedia"]`. */
  members: Set<string>
  /**
   * What each member is read on: `cloud` for `x.cloud.downloadFile`, `()` for `f().downloadFile`
   * (Taro's API object, fetched through webpack), an identifier's name.
   */
  owners: Map<string, Set<string>>
  /** Every string literal. */
  strings: Set<string>
  /** Values of `openType: "…"` (split at `|`, as WeChat reads it) and `type: "…"` props. */
  openTypes: Set<string>
  inputTypes: Set<string>
  /** Values of `scope: "…"` props (wx.authorize({ scope })). */
  scopes: Set<string>
  /** `process.env` reads, as `file:line`. */
  processEnv: string[]
}

/** What one parsed script touches (see Touched). */
export function touchedBy(ast: Node, file: string, into?: Touched): Touched {
  const t: Touched = into ?? {
    members: new Set(),
    owners: new Map(),
    strings: new Set(),
    openTypes: new Set(),
    inputTypes: new Set(),
    scopes: new Set(),
    processEnv: [],
  }
  full(ast, (node) => {
    const n = node as unknown as Record<string, unknown> & { type: string; loc?: { start: { line: number } } }
    if (n.type === 'MemberExpression') {
      const object = n.object as { type: string; name?: string }
      const property = n.property as { type: string; name?: string; value?: unknown }
      const name = n.computed
        ? typeof property.value === 'string'
          ? property.value
          : undefined
        : property.name
      if (name) {
        t.members.add(name)
        const owner =
          object.type === 'Identifier'
            ? (object.name ?? '?')
            : object.type === 'MemberExpression'
              ? ((object as unknown as { property: { name?: string } }).property.name ?? '[]')
              : object.type === 'CallExpression'
                ? '()'
                : object.type
        const set = t.owners.get(name) ?? new Set()
        set.add(owner)
        t.owners.set(name, set)
      }
      if (object.type === 'Identifier' && object.name === 'process' && name === 'env')
        t.processEnv.push(`${file}:${n.loc?.start.line ?? '?'}`)
    } else if (n.type === 'Literal' && typeof n.value === 'string') {
      t.strings.add(n.value)
    } else if (n.type === 'Property') {
      const key = n.key as { type: string; name?: string; value?: unknown }
      const keyName =
        key.type === 'Identifier' ? key.name : typeof key.value === 'string' ? key.value : undefined
      const value = n.value as { type: string; value?: unknown }
      if (value.type !== 'Literal' || typeof value.value !== 'string') return
      if (keyName === 'openType') for (const v of value.value.split('|')) t.openTypes.add(v)
      if (keyName === 'type') t.inputTypes.add(value.value)
      if (keyName === 'scope') t.scopes.add(value.value)
    }
  })
  return t
}

const COMPILERS = path.resolve(__dirname, '../../node_modules/miniprogram-compiler/bin/linux')

function compiler(name: 'wcc' | 'wcsc'): string {
  const bin = path.join(COMPILERS, name)
  // The npm tarball ships them without the execute bit; the package's own wrapper sets it too.
  chmodSync(bin, 0o755)
  return bin
}

export interface Compiled {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * `wcc` over every .wxml (and .wxs) under `root`, as DevTools calls it: all files in one run (they
 * import one another), custom components named with their usingComponents.
 */
export function runWcc(root: string): Compiled & { files: string[] } {
  const files = filesOf(root, '.wxml')
  const components: string[] = []
  let withComponents = 0
  for (const f of files) {
    let json: { usingComponents?: Record<string, string> } = {}
    try {
      json = JSON.parse(readFileSync(path.join(root, f.replace(/\.wxml$/, '.json')), 'utf8'))
    } catch {
      // a template without a page or component of its own (base.wxml)
    }
    const using = Object.keys(json.usingComponents ?? {})
    if (using.length) {
      withComponents += 1
      components.push(f, String(using.length), ...using)
    }
  }
  const componentArg = [String(withComponents), ...components].join(' ')
  const res = spawnSync(
    compiler('wcc'),
    ['-d', '-cc', componentArg, ...files, ...filesOf(root, '.wxs'), '-gn', '$gwx'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, files }
}

export interface WxssResult {
  file: string
  /** What wcsc found wrong with the file's selectors ("Some selectors are not allowed …"), if anything. */
  invalid?: string
}

/**
 * `wcsc` over every .wxss under `root`. Syntax errors make it exit non-zero; but what it finds
 * wrong with a component's selectors (tag, id and attribute selectors are not allowed there)
 * comes out with exit status 0, inside the generated code, as the second argument of that
 * file's `setCssToHead(…)`: read per file here. Files whose .json says `"component": true` are
 * the components; the rest (app.wxss, pages, what they import) may use any selector.
 */
export function runWcsc(root: string): Compiled & { files: string[]; results: WxssResult[] } {
  const files = filesOf(root, '.wxss')
  const res = spawnSync(compiler('wcsc'), ['-db', '-pc', String(files.length), ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  const parts = (res.stdout ?? '').split('=')
  const results: WxssResult[] = []
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const key = parts[i]
    if (!key.endsWith('.wxss')) continue
    const m = /,(undefined|\\x22((?:(?!\\x22).)*)\\x22),\{path:\\x22(?:(?!\\x22).)*\\x22\}\)\s*$/s.exec(
      parts[i + 1],
    )
    results.push({
      file: key.replace(/^\.\//, ''),
      invalid: !m ? `wcsc gave no stylesheet for ${key}` : m[1] === 'undefined' ? undefined : m[2],
    })
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, files, results }
}

/** Whether `dir/<file minus .wxss>.json` declares a custom component. */
export function isComponent(dir: string, wxss: string): boolean {
  try {
    return (
      JSON.parse(readFileSync(path.join(dir, wxss.replace(/\.wxss$/, '.json')), 'utf8')).component === true
    )
  } catch {
    return false
  }
}
