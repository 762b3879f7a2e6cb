/**
 * The Chromium that drives the end-to-end tests, with Chinese fonts, on any machine `npm ci`
 * ran on. Prepared once per run in jest's global setup, which hands the result to the test
 * workers through their environment.
 *
 * - The browser: CHROMIUM_PATH if set; else a system Chromium (Debian's `chromium`, which CI
 *   installs); else the build that ships inside the npm package @sparticuz/chromium (brotli
 *   packed, unpacked to the OS temp directory on first use; it needs no system libraries here).
 * - The fonts: Noto Sans SC from @fontsource (the PDFs' font already), its WOFF2 pieces unpacked
 *   to TrueType once, and a fontconfig file that adds them to whatever the system has, so a
 *   screenshot shows Chinese and not boxes even without `fonts-noto-cjk`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadFontSet, readFace, ttfName } from '../../cloudfunctions/core/pdf/fonts'

const ROOT = path.resolve(__dirname, '../..')
const CACHE = path.join(ROOT, 'node_modules/.cache/nxwg-e2e')
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

export interface ChromiumSetup {
  executablePath: string
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium'
  /** FONTCONFIG_FILE for the browser's environment. */
  fontconfigFile: string
}

/** The environment variables global setup sets for the workers. */
const ENV = { path: 'NXWG_CHROMIUM', source: 'NXWG_CHROMIUM_SOURCE', fonts: 'NXWG_FONTCONFIG_FILE' } as const

function npmChromium(): string {
  // The package is an ES module: unpack it from a plain Node process, outside jest's module system.
  const script =
    "const { default: Chromium } = await import('@sparticuz/chromium');" +
    'process.stdout.write(await Chromium.executablePath())'
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()
}

async function prepareFonts(): Promise<string> {
  const dir = path.join(CACHE, 'fonts')
  const conf = path.join(CACHE, 'fonts.conf')
  if (!existsSync(path.join(dir, '.complete'))) {
    const set = loadFontSet()
    const partial = `${dir}.partial-${process.pid}`
    rmSync(partial, { recursive: true, force: true })
    mkdirSync(partial, { recursive: true })
    for (const face of set.faces)
      writeFileSync(path.join(partial, ttfName(face.file)), await readFace(set, face))
    writeFileSync(path.join(partial, '.complete'), '')
    rmSync(dir, { recursive: true, force: true })
    renameSync(partial, dir)
  }
  writeFileSync(
    conf,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${dir}</dir>`,
      `  <cachedir>${path.join(CACHE, 'fontconfig-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  )
  return conf
}

/** Global setup: find or unpack the browser, unpack the fonts, tell the workers. */
export async function prepareChromium(): Promise<ChromiumSetup> {
  mkdirSync(CACHE, { recursive: true })
  const fontconfigFile = await prepareFonts()
  const given = process.env.CHROMIUM_PATH
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p))
  const setup: ChromiumSetup = given
    ? { executablePath: given, source: 'CHROMIUM_PATH', fontconfigFile }
    : system
      ? { executablePath: system, source: 'system', fontconfigFile }
      : { executablePath: npmChromium(), source: '@sparticuz/chromium', fontconfigFile }
  process.env[ENV.path] = setup.executablePath
  process.env[ENV.source] = setup.source
  process.env[ENV.fonts] = setup.fontconfigFile
  return setup
}

/** In a test: what global setup prepared. */
export function preparedChromium(): ChromiumSetup {
  const executablePath = process.env[ENV.path]
  const fontconfigFile = process.env[ENV.fonts]
  if (!executablePath || !fontconfigFile)
    throw new Error('Chromium was not prepared: run the tests with jest')
  return { executablePath, source: process.env[ENV.source] as ChromiumSetup['source'], fontconfigFile }
}
