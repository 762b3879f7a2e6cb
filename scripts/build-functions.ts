/**
 * Bundles each deployable cloud function into dist/cloudfunctions/<name>/ with its own
 * package.json (architecture.md: helper folders are never mistaken for functions). The SDK stays
 * a dependency that CloudBase installs; everything of ours is inlined.
 */
import { build } from 'esbuild'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fontsourceCssPath, parseFontsourceCss, ttfName, unpackWoff2 } from '../cloudfunctions/core/pdf/fonts'

export const FUNCTIONS = ['api', 'scheduler'] as const

/** Each function's config.json as CloudBase reads it: the scheduler's timer (7-field cron, UTC+8). */
const CONFIGS: Record<(typeof FUNCTIONS)[number], object> = {
  // 云调用 of wxacode.getUnlimited: buildings' codes (actions/buildings.ts).
  api: { permissions: { openapi: ['wxacode.getUnlimited'] } },
  scheduler: {
    // 云调用 of subscribeMessage.send, made by the outbox delivery.
    permissions: { openapi: ['subscribeMessage.send'] },
    triggers: [{ name: 'everyMinute', type: 'timer', config: '0 * * * * * *' }],
  },
}
const root = path.resolve(__dirname, '..')

/** Packages the functions require at run time rather than carry in their bundle. */
const RUNTIME_DEPENDENCIES = {
  '@cloudbase/node-sdk': true,
  exceljs: true,
  'pdf-lib': true,
  '@pdf-lib/fontkit': true,
}
/** Needed only outside the deployed function (its fonts are unpacked at build time). */
const BUILD_ONLY = ['wawoff2']

/**
 * The api draws certificates in Noto Sans SC: its pieces go along unpacked to TrueType, with
 * their Unicode ranges (cloudfunctions/core/pdf/fonts.ts). Unpacked once; later builds reuse them.
 */
async function copyFonts(outdir: string): Promise<void> {
  const css = fontsourceCssPath()
  const faces = parseFontsourceCss(readFileSync(css, 'utf8'))
  const dir = path.join(outdir, 'fonts')
  mkdirSync(dir, { recursive: true })
  for (const f of faces) {
    const target = path.join(dir, ttfName(f.file))
    if (existsSync(target)) continue
    writeFileSync(target, await unpackWoff2(readFileSync(path.join(path.dirname(css), 'files', f.file))))
  }
  writeFileSync(
    path.join(dir, 'faces.json'),
    JSON.stringify(faces.map((f) => ({ ...f, file: ttfName(f.file) }))),
  )
}

export async function buildFunctions(minify = true): Promise<void> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  for (const name of FUNCTIONS) {
    const outdir = path.join(root, 'dist/cloudfunctions', name)
    mkdirSync(outdir, { recursive: true })
    await build({
      entryPoints: [path.join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: path.join(outdir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      // A function is one CommonJS file: a lazy import() (exceljs) becomes a lazy require().
      supported: { 'dynamic-import': false },
      minify,
      sourcemap: 'linked',
      // Installed by CloudBase from the function's package.json. exceljs is loaded only when a
      // ledger is exported, so no other call's cold start reads its ~1 MB.
      external: [...Object.keys(RUNTIME_DEPENDENCIES), ...BUILD_ONLY],
      logLevel: 'warning',
    })
    const fnPkg = {
      name,
      version: pkg.version,
      private: true,
      main: 'index.js',
      dependencies: Object.fromEntries(
        Object.keys(RUNTIME_DEPENDENCIES).map((d) => [d, pkg.devDependencies[d] ?? pkg.dependencies?.[d]]),
      ),
    }
    writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify(fnPkg, null, 2)}\n`)
    writeFileSync(path.join(outdir, 'config.json'), `${JSON.stringify(CONFIGS[name], null, 2)}\n`)
    if (name === 'api') await copyFonts(outdir)
  }
}

if (require.main === module) {
  buildFunctions().then(
    () => console.log(`已打包云函数：${FUNCTIONS.join(', ')} → dist/cloudfunctions/`),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
