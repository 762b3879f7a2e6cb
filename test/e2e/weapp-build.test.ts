/**
 * The production mini-program WeChat DevTools opens: the H5-only dev page is not in it, the
 * workbench is a subpackage, and every package fits WeChat's 2 MB limit (the platform refuses
 * an upload otherwise — a rule, not a timing). Figures per package are in `npm run bench`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const OUT = path.join(ROOT, 'dist/weapp')
const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024

function bytesUnder(dir: string, skip: (p: string) => boolean = () => false): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (skip(p) || p.endsWith('.map')) continue
    total += entry.isDirectory() ? bytesUnder(p, skip) : statSync(p).size
  }
  return total
}

/** `pages/request/new`, `packages/grid/pages/inbox/index`…: every page under src/, sorted. */
function pagesInSource(dir = path.join(ROOT, 'src')): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.config.ts') || entry.name === 'app.config.ts') continue
    const page = path.join(entry.parentPath, entry.name.replace(/\.config\.ts$/, ''))
    if (existsSync(`${page}.tsx`)) found.push(path.relative(dir, page).split(path.sep).join('/'))
  }
  return found.sort()
}

beforeAll(() => {
  const res = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // A production build needs a cloud environment id (config/cloud-env.ts).
    env: { ...process.env, NODE_ENV: 'production', TARO_APP_CLOUD_ENV: 'nuanxin-test-0a1b2c' },
  })
  if (res.status !== 0) throw new Error(`weapp build failed:\n${res.stdout}\n${res.stderr}`)
}, 600_000)

test('app.json: main-package pages, the grid subpackage, no dev page', () => {
  const app = JSON.parse(readFileSync(path.join(OUT, 'app.json'), 'utf8'))
  expect(app.pages).toContain('pages/index/index')
  expect(app.pages).toContain('pages/bind/index')
  expect(app.pages.join()).not.toContain('pages/dev')
  expect(existsSync(path.join(OUT, 'pages/dev'))).toBe(false)
  // Every page the source has (a page is a .tsx beside its .config.ts), in the package it lives in.
  expect(
    [
      ...app.pages,
      ...app.subPackages.flatMap((p: { root: string; pages: string[] }) =>
        p.pages.map((q) => `${p.root}/${q}`),
      ),
    ].sort(),
  ).toEqual(pagesInSource().filter((p) => p !== 'pages/dev/index'))
  expect(app.subPackages.map((p: { root: string }) => p.root)).toEqual(['packages/grid', 'packages/admin'])
  expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['首页', '活动', '我的'])
  expect(app.window.navigationBarTitleText).toBe('暖心网格')
})

test('every package fits WeChat’s 2 MB limit', () => {
  const grid = path.join(OUT, 'packages/grid')
  const main = bytesUnder(OUT, (p) => p.startsWith(path.join(OUT, 'packages')))
  expect(main).toBeGreaterThan(0)
  expect(main).toBeLessThan(PACKAGE_LIMIT_BYTES)
  expect(bytesUnder(grid)).toBeLessThan(PACKAGE_LIMIT_BYTES)
  expect(bytesUnder(path.join(OUT, 'packages/admin'))).toBeLessThan(PACKAGE_LIMIT_BYTES)
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
