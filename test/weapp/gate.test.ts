/**
 * The static gate over the mini-program residents use (issue 15): `dist/weapp` as the production
 * build makes it, checked for what WeChat itself would refuse — at upload (package sizes, pages
 * and subpackages), in its compilers (`wcc` for WXML, `wcsc` for WXSS), in its JavaScript engine
 * (the ES level project.config.json promises), and at run time (a `process.env` left behind, no
 * cloud environment, a privacy interface not in the privacy declaration). Figures per package are
 * in `npm run bench`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { requireWeappCloudEnv, MISSING_CLOUD_ENV_MESSAGE } from '../../config/cloud-env'
import { activityShare, SHARED_PAGES, wishWallShare } from '../../src/domain/share'
import {
  PRIVACY_AGREE_BUTTON_ID,
  WECHAT_PRIVACY_KINDS,
  type WeChatPrivacyKind,
} from '../../src/domain/wechat-privacy'
import { ROOT, TEST_CLOUD_ENV, WEAPP_OUT as OUT, weappBuild, type WeappBuild } from '../support/weapp-build'
import { BASE_LIBRARY_NEEDS, compareVersions } from './base-library'
import {
  bytesUnder,
  filesOf,
  isComponent,
  parseScript,
  runWcc,
  runWcsc,
  touchedBy,
  type EcmaVersion,
  type Touched,
} from './dist'
import { BIND_PAGE, CHECKIN_PAGE, MOVED_PAGES, NOT_FOUND_PAGE, TAB_PAGES } from '../../src/domain/links'
import { BARE_TARO_MAIN, MAIN_CEILING_RATIO } from '../../bench/sizes'

const MB = 1024 * 1024
const PACKAGE_LIMIT = 2 * MB
const TOTAL_LIMIT = 20 * MB

interface AppJson {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
  preloadRule: Record<string, { network: string; packages: string[] }>
  tabBar: { list: { pagePath: string; text: string }[] }
  window: { navigationBarTitleText: string }
}

let build: WeappBuild
let app: AppJson

beforeAll(() => {
  build = weappBuild()
  app = JSON.parse(readFileSync(path.join(OUT, 'app.json'), 'utf8'))
}, 900_000)

/** `packages/resident/pages/request/new`, `packages/grid/pages/inbox/index`…: every page under src/ (a .tsx beside its .config.ts). */
function pagesInSource(): string[] {
  const src = path.join(ROOT, 'src')
  return filesOf(src, '.config.ts')
    .filter((f) => f !== 'app.config.ts')
    .map((f) => f.replace(/\.config\.ts$/, ''))
    .filter((p) => existsSync(path.join(src, `${p}.tsx`)))
}

function pagesInAppJson(): string[] {
  return [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((q) => `${p.root}/${q}`))].sort()
}

describe('app.json: pages and subpackages', () => {
  test('every page of the source is in app.json, and nothing else (the H5-only dev page left out)', () => {
    expect(pagesInAppJson()).toEqual(pagesInSource().filter((p) => p !== 'pages/dev/index'))
    expect(app.pages.join()).not.toContain('pages/dev')
    expect(existsSync(path.join(OUT, 'pages/dev'))).toBe(false)
  })

  test('every page listed is built: its .js, .json and .wxml are in dist/weapp', () => {
    const missing = pagesInAppJson().flatMap((p) =>
      ['.js', '.json', '.wxml']
        .filter((ext) => !existsSync(path.join(OUT, `${p}${ext}`)))
        .map((ext) => p + ext),
    )
    expect(missing).toEqual([])
  })

  test('the staff screens are subpackages; the tab pages are in the main package', () => {
    expect(app.subPackages.map((p) => p.root)).toEqual([
      'packages/resident',
      'packages/grid',
      'packages/admin',
      'packages/volunteer',
    ])
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '活动', '我的'])
    for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath)
    // openPage (src/hooks/openPage.ts) switches tab for exactly these: WeChat refuses navigateTo to them.
    expect(app.tabBar.list.map((t) => t.pagePath)).toEqual([...TAB_PAGES])
    expect(app.window.navigationBarTitleText).toBe('暖心网格')
  })

  test('the main package holds the tabs and the pages printed codes open; the rest is in subpackages (issue 21)', () => {
    expect([...app.pages].sort()).toEqual([...TAB_PAGES, BIND_PAGE, CHECKIN_PAGE, NOT_FOUND_PAGE].sort())
    // Each tab has WeChat fetch the resident pages in the background once it shows.
    expect(app.preloadRule).toEqual(
      Object.fromEntries(TAB_PAGES.map((t) => [t, { network: 'all', packages: ['packages/resident'] }])),
    )
  })

  test('a moved page’s old address is no page now, and its new one is: the app sends the old one on', () => {
    const built = pagesInAppJson()
    const moved = Object.entries(MOVED_PAGES)
    expect(moved.length).toBeGreaterThan(10)
    expect(moved.filter(([from]) => built.includes(from))).toEqual([])
    expect(moved.filter(([, to]) => !built.includes(to))).toEqual([])
    expect(built).toContain(NOT_FOUND_PAGE)
  })
})

test('each package fits WeChat’s 2 MB, all together 20 MB', () => {
  const roots = app.subPackages.map((p) => p.root)
  const main = bytesUnder(OUT, (rel) => roots.some((r) => rel.startsWith(`${r}/`)))
  const subs = Object.fromEntries(roots.map((r) => [r, bytesUnder(path.join(OUT, r))]))
  expect(main).toBeGreaterThan(100 * 1024)
  expect(main).toBeLessThanOrEqual(PACKAGE_LIMIT)
  for (const [root, bytes] of Object.entries(subs)) {
    expect([root, bytes > 0]).toEqual([root, true])
    expect([root, bytes <= PACKAGE_LIMIT]).toEqual([root, true])
  }
  expect(bytesUnder(OUT)).toBe(main + Object.values(subs).reduce((a, b) => a + b, 0))
  expect(bytesUnder(OUT)).toBeLessThanOrEqual(TOTAL_LIMIT)
})

test('the main package stays within its ceiling over a bare Taro weapp (issue 21)', () => {
  const roots = app.subPackages.map((p) => p.root)
  const main = bytesUnder(OUT, (rel) => roots.some((r) => rel.startsWith(`${r}/`)))
  // A real app is bigger than the bare one; the ceiling is the ratio reached so far (bench/sizes.ts).
  expect(main).toBeGreaterThan(BARE_TARO_MAIN)
  expect(main).toBeLessThanOrEqual(Math.floor(BARE_TARO_MAIN * MAIN_CEILING_RATIO))
})

test('no stylesheet inlines a font: NutUI’s JDZH digit fonts are dropped, and nothing names them', () => {
  const wxss = filesOf(OUT, '.wxss').map((f) => ({ f, css: readFileSync(path.join(OUT, f), 'utf8') }))
  expect(wxss.length).toBeGreaterThan(3)
  expect(wxss.filter(({ css }) => /@font-face|url\(\s*['"]?data:font/.test(css)).map(({ f }) => f)).toEqual(
    [],
  )
  expect(wxss.filter(({ css }) => css.includes('JDZH')).map(({ f }) => f)).toEqual([])
})

describe('WeChat’s compilers', () => {
  test('wcc compiles every .wxml with no error, and every <import>/<include> points at a file', () => {
    const res = runWcc(OUT)
    expect(res.files.length).toBeGreaterThan(pagesInAppJson().length)
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' })
    // Every file is in the generated code's file table.
    expect(res.files.filter((f) => !res.stdout.includes(`'${f}'`))).toEqual([])
    const dangling = res.files.flatMap((f) =>
      [...readFileSync(path.join(OUT, f), 'utf8').matchAll(/<(?:import|include)\s+src="([^"]+)"/g)]
        .map((m) => (m[1].startsWith('/') ? m[1].slice(1) : path.posix.join(path.posix.dirname(f), m[1])))
        .filter((target) => !existsSync(path.join(OUT, target)))
        .map((target) => `${f} → ${target}`),
    )
    expect(dangling).toEqual([])
  })

  test('wcsc compiles every .wxss with no error; components use only the selectors WeChat allows them', () => {
    const res = runWcsc(OUT)
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' })
    expect(res.results.map((r) => r.file).sort()).toEqual(expect.arrayContaining(res.files))
    const broken = res.results.filter(
      (r) => r.invalid && (isComponent(OUT, r.file) || /^wcsc gave/.test(r.invalid)),
    )
    expect(broken).toEqual([])
  })

  test('the gate sees what the compilers find: a broken file in a scratch project fails it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nxwg-gate-'))
    try {
      writeFileSync(path.join(dir, 'a.wxml'), '<view><text>没有闭合</view>')
      const wxml = runWcc(dir)
      expect(wxml.status).not.toBe(0)
      expect(wxml.stderr).toContain('a.wxml')

      writeFileSync(path.join(dir, 'a.wxml'), '<view>好</view>')
      writeFileSync(path.join(dir, 'page.wxss'), '.a { color: red')
      const syntax = runWcsc(dir)
      expect(syntax.status).not.toBe(0)
      expect(syntax.stderr).toContain('page.wxss')

      // A tag selector in a component: wcsc exits 0 and says so only inside its output.
      writeFileSync(path.join(dir, 'page.wxss'), 'view { color: red }')
      writeFileSync(path.join(dir, 'comp.wxss'), 'view { color: red } .b { color: blue }')
      writeFileSync(path.join(dir, 'comp.json'), JSON.stringify({ component: true }))
      const selectors = runWcsc(dir)
      expect(selectors.status).toBe(0)
      const byFile = Object.fromEntries(selectors.results.map((r) => [r.file, r.invalid]))
      expect(byFile['comp.wxss']).toMatch(/not allowed in component wxss/)
      expect(isComponent(dir, 'comp.wxss')).toBe(true)
      expect(isComponent(dir, 'page.wxss')).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** The ES level DevTools uploads as is: "es6": false means it adds no ES6 → ES5 step, so ES5. */
function promisedEcmaVersion(): EcmaVersion {
  const setting = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).setting
  if (!setting.es6) return 5
  return setting.enhance ? 'latest' : 2015
}

let touched: Touched | undefined
/** What all of dist/weapp's JavaScript touches, parsed at the promised level (once). */
function allTouched(): Touched {
  if (touched) return touched
  const ecma = promisedEcmaVersion()
  let t: Touched | undefined
  for (const f of filesOf(OUT, '.js'))
    t = touchedBy(parseScript(readFileSync(path.join(OUT, f), 'utf8'), ecma), f, t)
  touched = t as Touched
  return touched
}

describe('JavaScript', () => {
  test('every .js (and .wxs) parses at the ES level project.config.json promises', () => {
    const ecma = promisedEcmaVersion()
    expect(ecma).toBe(5)
    const files = [...filesOf(OUT, '.js'), ...filesOf(OUT, '.wxs')]
    expect(files).toEqual(expect.arrayContaining(['app.js', 'vendors.js', 'taro.js', 'pages/index/index.js']))
    const failures = files.flatMap((f) => {
      try {
        parseScript(readFileSync(path.join(OUT, f), 'utf8'), ecma)
        return []
      } catch (err) {
        return [`${f}: ${(err as Error).message}`]
      }
    })
    expect(failures).toEqual([])
    // The check bites: a let is not ES5.
    expect(() => parseScript('let a = 1', 5)).toThrow()
  })

  test('no process.env is left in it (WeChat has no process)', () => {
    expect(allTouched().processEnv).toEqual([])
    expect(touchedBy(parseScript('var a = process.env.X', 5), 'x.js').processEnv).toEqual(['x.js:1'])
  })
})

describe('cloud environment', () => {
  test('the build calls the environment it was given: cloud.init({ env: TEST_CLOUD_ENV })', () => {
    const appJs = readFileSync(path.join(OUT, 'app.js'), 'utf8')
    expect(appJs).toMatch(new RegExp(`cloud\\.init\\(\\{env:"${TEST_CLOUD_ENV}"`))
    expect(appJs).not.toMatch(/cloud\.init\(\{env:void 0/)
  })

  test('a production build without an environment id stops, in Chinese and English, before writing anything', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'nxwg-env-'))
    try {
      expect(() => requireWeappCloudEnv(empty, 'production', {})).toThrow(MISSING_CLOUD_ENV_MESSAGE)
      expect(requireWeappCloudEnv(empty, 'production', { ENV_ID: 'nuanxin-x' }).envId).toBe('nuanxin-x')
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
    expect(MISSING_CLOUD_ENV_MESSAGE).toMatch(/缺少云开发环境 ID.*ENV_ID/s)
    expect(MISSING_CLOUD_ENV_MESSAGE).toMatch(/needs a CloudBase environment id/)
    // The real CLI, tried by the shared build first (unless this checkout's .env files name an id).
    if (build.withoutEnv) {
      expect(build.withoutEnv.status).not.toBe(0)
      expect(build.withoutEnv.output).toContain('生产构建缺少云开发环境 ID')
      expect(build.withoutEnv.output).toContain('needs a CloudBase environment id')
    } else {
      console.warn('an env file here names a cloud environment: the env-less CLI build was not tried')
    }
  })
})

/** The kinds of personal information WeChat would ask for, going by what dist/weapp touches. */
function privacyKindsUsed(): { kind: WeChatPrivacyKind; by: string[] }[] {
  const t = allTouched()
  const tags = new Set(
    filesOf(OUT, '.wxml').flatMap((f) =>
      [...readFileSync(path.join(OUT, f), 'utf8').matchAll(/<([a-z][a-z0-9-]*)/g)].map((m) => m[1]),
    ),
  )
  return WECHAT_PRIVACY_KINDS.map((kind) => ({
    kind,
    by: [
      ...kind.apis.filter((a) => t.members.has(a)).map((a) => `wx.${a}`),
      ...(kind.openTypes ?? []).filter((o) => t.openTypes.has(o)).map((o) => `open-type="${o}"`),
      ...(kind.inputTypes ?? []).filter((o) => t.inputTypes.has(o)).map((o) => `<input type="${o}">`),
      ...(kind.scopes ?? []).filter((s) => t.scopes.has(s)).map((s) => `scope ${s}`),
      ...(kind.tags ?? []).filter((s) => tags.has(s)).map((s) => `<${s}>`),
    ],
  })).filter((u) => u.by.length > 0)
}

/** README → Deploy → 4. the privacy guideline: the list the deployer copies into the console. */
function readmePrivacyDeclaration(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('**The privacy guideline (用户隐私保护指引)**')
  const end = readme.indexOf('**Commands**', start)
  expect([start > 0, end > start]).toEqual([true, true])
  return readme.slice(start, end)
}

describe('privacy declaration', () => {
  test('what the build uses: photos, a chat file, the clipboard, the phone-number button', () => {
    expect(Object.fromEntries(privacyKindsUsed().map((u) => [u.kind.key, u.by]))).toEqual({
      Album: ['wx.chooseMedia'],
      MessageFile: ['wx.chooseMessageFile'],
      Clipboard: ['wx.setClipboardData'],
      PhoneNumber: ['open-type="getPhoneNumber"'],
    })
  })

  test('every privacy interface the build uses is in the declaration the README has the deployer fill in', () => {
    const declared = readmePrivacyDeclaration()
    const missing = privacyKindsUsed().flatMap(({ kind, by }) =>
      [kind.name, ...by].filter((s) => !declared.includes(s)).map((s) => `${kind.key}: ${s}`),
    )
    expect(missing).toEqual([])
  })
})

describe('what issue 15 fixed, as built', () => {
  test('project.config.json states the base library the build needs: the highest of what it touches', () => {
    const t = allTouched()
    const needed = BASE_LIBRARY_NEEDS.filter(
      (n) =>
        (n.member && t.members.has(n.member)) ||
        (n.openType && t.openTypes.has(n.openType)) ||
        (n.typeProp && t.inputTypes.has(n.typeProp)),
    )
    expect(needed.map((n) => n.member ?? n.openType ?? n.typeProp)).toEqual(
      expect.arrayContaining([
        'onNeedPrivacyAuthorization',
        'agreePrivacyAuthorization',
        'chooseMedia',
        'cloud',
      ]),
    )
    const highest = needed
      .map((n) => n.version)
      .sort(compareVersions)
      .at(-1)
    const { libVersion } = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
    expect(libVersion).toBe(highest)
    expect(compareVersions('2.32.3', '2.10.0')).toBe(1)
    expect(compareVersions('2.9.0', '2.10.0')).toBe(-1)
  })

  test('the app answers WeChat’s privacy authorisation itself: it listens, the agree button is built', () => {
    // Installed from app.ts (fixes.test.ts); the code sits in the shared chunk.
    expect(allTouched().members.has('onNeedPrivacyAuthorization')).toBe(true)
    expect(allTouched().strings.has(PRIVACY_AGREE_BUTTON_ID)).toBe(true)
    expect(allTouched().openTypes.has('agreePrivacyAuthorization')).toBe(true)
    // The button's event reaches the page: Taro's template binds it.
    expect(readFileSync(path.join(OUT, 'base.wxml'), 'utf8')).toMatch(/bindagreeprivacyauthorization="eh"/)
  })

  test('sharing is on for the activity detail and the 心愿墙 only', () => {
    // Taro registers onShareAppMessage for a page whose component it marks `enableShareAppMessage`
    // (from the page's config); for no other page.
    const sharing = pagesInAppJson().filter((p) =>
      touchedBy(parseScript(readFileSync(path.join(OUT, `${p}.js`), 'utf8'), 5), p).members.has(
        'enableShareAppMessage',
      ),
    )
    expect(sharing).toEqual([...SHARED_PAGES].sort())
    // What a shared card opens is a page of the build.
    for (const share of [activityShare('a1'), wishWallShare()])
      expect(pagesInAppJson()).toContain(share.path.slice(1).split('?')[0])
  })

  test('documents come by file id: downloadFile only as wx.cloud.downloadFile', () => {
    expect([...(allTouched().owners.get('downloadFile') ?? [])]).toEqual(['cloud'])
    expect(allTouched().members.has('openDocument')).toBe(true)
  })

  test('no wx.chooseImage (unmaintained) in the build', () => {
    expect(allTouched().members.has('chooseImage')).toBe(false)
    expect(allTouched().members.has('chooseMedia')).toBe(true)
  })
})

test('project.config.json points DevTools at the build and the bundled functions', () => {
  const project = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
  expect(project.miniprogramRoot).toBe('dist/weapp/')
  expect(project.cloudfunctionRoot).toBe('dist/cloudfunctions/')
  // Bundled once per test run by the global setup, as `npm run build:weapp` does.
  expect(existsSync(path.join(ROOT, 'dist/cloudfunctions/api/index.js'))).toBe(true)
  expect(
    JSON.parse(readFileSync(path.join(ROOT, 'dist/cloudfunctions/api/package.json'), 'utf8')).dependencies,
  ).toHaveProperty('@cloudbase/node-sdk')
})
