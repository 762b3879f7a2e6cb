/**
 * Bundles each deployable cloud function into dist/cloudfunctions/<name>/ with its own
 * package.json (architecture.md: helper folders are never mistaken for functions) and config.json.
 * The SDK stays a dependency that CloudBase installs; everything of ours is inlined.
 */
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fontsourceCssPath, parseFontsourceCss, ttfName, unpackWoff2 } from '../cloudfunctions/core/pdf/fonts'
import { openapiPermissions } from './openapi'
import { sliceIndex } from '../cloudfunctions/core/slices'

export const FUNCTIONS = ['api', 'scheduler', 'open311'] as const

interface Trigger {
  name: string
  type: string
  config: string
}

/**
 * A function's config.json as WeChat DevTools and CloudBase read it: its timer (7-field cron,
 * UTC+8) from cloudbaserc.json, the one declaration, and the 云调用 its bundle makes.
 */
export function functionConfig(name: string, bundle: string, rc: { functions?: unknown }) {
  const decl = (rc.functions as { name: string; triggers?: Trigger[] }[] | undefined)?.find(
    (f) => f.name === name,
  )
  const triggers = decl?.triggers ?? []
  return {
    permissions: { openapi: openapiPermissions(name, bundle) },
    ...(triggers.length
      ? { triggers: triggers.map(({ name, type, config }) => ({ name, type, config })) }
      : {}),
  }
}
const root = path.resolve(__dirname, '..')

/** Bytes under `dir`: what a function uploads, what a data directory holds. */
export function dirBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    total += entry.isDirectory() ? dirBytes(p) : statSync(p).size
  }
  return total
}

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

/** `rc`: the cloudbaserc.json being deployed (default: the repository's). */
export async function buildFunctions(
  minify = true,
  rc: { functions?: unknown } = JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')),
): Promise<void> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  // Which feature slice serves each action (cloudfunctions/core/slices.ts), read here from the
  // contract so that the api knows it at a cold start without building a single zod schema.
  const index = JSON.stringify(await sliceIndex())
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
      // A function is one CommonJS file (what CloudBase loads): a lazy import() becomes a require()
      // on first use, and esbuild wraps each module reached only that way in a function run on
      // that first require — a feature slice's code, its contract part and zod are not evaluated
      // at load (cloudfunctions/core/slices.ts); an external (exceljs) is not even read.
      supported: { 'dynamic-import': false },
      define: { __API_SLICE_INDEX__: index },
      minify,
      sourcemap: 'linked',
      // Installed by CloudBase from the function's package.json. exceljs, pdf-lib and fontkit are
      // loaded only by the actions that draw a workbook or a PDF (cloudfunctions/core/libraries.ts).
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
    const config = functionConfig(name, readFileSync(path.join(outdir, 'index.js'), 'utf8'), rc)
    writeFileSync(path.join(outdir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`)
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
