/**
 * Headless Chromium (the system's, else the one inside the npm package @sparticuz/chromium: see
 * test/support/chromium.ts), driven by playwright-core, against the same host `npm start` runs.
 * Screenshots go to .artifacts/e2e (gitignored): look at them.
 *
 * One clock: a file names the instant its story starts (`at`). The host's functions read it, and
 * every phone (browser context) gets the same time, so the screens' "today" is the server's.
 * `setClock` moves both, to try what happens on the day.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { serverNow } from '../../cloudfunctions/core/db'
import { setFunctionsClock } from '../../local/clock'
import { ensureH5Build } from '../../local/start'
import { startHost, type Host } from '../../local/host'
import { preparedChromium } from '../support/chromium'
import { perFile } from '../support/per-file'
import { h5Url } from '../../src/domain/links'

export const SHOTS = path.resolve(__dirname, '../../.artifacts/e2e')
const AXE = require.resolve('axe-core/axe.min.js')

export interface AxeProblem {
  rule: string
  impact: string
  help: string
  where: string[]
}

/** axe-core's serious and critical violations on what the page shows now (hidden pages aside). */
export async function accessibilityProblems(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    type Axe = {
      run(
        ctx: Document,
        o: object,
      ): Promise<{
        violations: {
          id: string
          impact?: string
          help: string
          nodes: { target: string[]; html: string }[]
        }[]
      }>
    }
    const axe = (window as unknown as { axe: Axe }).axe
    const res = await axe.run(document, { resultTypes: ['violations'] })
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        help: v.help,
        where: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 140)}`),
      }))
  })
}

export interface E2E {
  host: Host
  browser: Browser
  /** A phone-sized browser context: a separate person with their own storage. */
  person(): Promise<{ context: BrowserContext; page: Page }>
  /**
   * A person new to the app scans a building's code: the bind page, after the privacy prompt
   * that comes before any personal data is agreed to (stored on the server).
   */
  scan(building: string): Promise<{ context: BrowserContext; page: Page }>
  shot(page: Page, name: string): Promise<void>
  /** What the functions' clock (and every phone's) reads now. */
  now(): Date
  /** Moves the functions' clock and every open phone's to `at`; both run on from there. */
  setClock(at: Date | string): Promise<void>
  close(): Promise<void>
}

/** Adds a photo through `within`'s PhotoPicker (a picture of the screen's top) and waits until it is in. */
export async function attachPhoto(page: Page, within: Locator, name = 'visit.png'): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await within.getByTestId('photo-add').click()
  await (
    await chooser
  ).setFiles({
    name,
    mimeType: 'image/png',
    buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 375, height: 200 } }),
  })
  await within.getByTestId('photo-remove').waitFor()
}

/** A demo identity, chosen on the H5 build's 演示身份 page by its line (刘芳 · 网格员). */
export async function demoPerson(e2e: E2E, label: string | RegExp) {
  const person = await e2e.person()
  await person.page.goto(h5Url(e2e.host.url, 'pages/dev/index'))
  await person.page.getByText(label).click()
  return person
}

/**
 * An action called on the host as `openid` would from the mini-program (set-up and checks beside
 * what a test does on screen); a refusal throws with its Chinese message.
 */
export async function hostCall<T = unknown>(
  e2e: E2E,
  openid: string,
  action: string,
  input: object,
): Promise<T> {
  const res = await fetch(`${e2e.host.url}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ action, input }),
  })
  const body = (await res.json()) as { ok: boolean; data?: unknown; error?: { message: string } }
  if (!body.ok) throw new Error(`${action}: ${body.error?.message}`)
  return body.data as T
}

/** Taro's H5 toast has faded out (it would cover the screenshot). */
export const toastGone = (page: Page) =>
  page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every(
      (t) => t.style.display === 'none',
    ),
  )

/** The file's browser and host, started before its first test (a build may take minutes) and closed after its last. */
export function fileE2E(opts: { at: Date | string }): E2E {
  return perFile(
    () => startE2E(opts),
    (e2e) => e2e.close(),
    600_000,
  )
}

export async function startE2E(opts: { at: Date | string }): Promise<E2E> {
  ensureH5Build()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-e2e-'))
  const host = await startHost({ port: 0, dataDir, quiet: true, at: new Date(opts.at) })
  const closeHost = async () => {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const { executablePath, fontconfigFile } = preparedChromium()
  // A browser that cannot start must not leave the host running: the run would never end.
  const browser = await chromium
    .launch({
      executablePath,
      env: { ...process.env, FONTCONFIG_FILE: fontconfigFile },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch(async (err: unknown) => {
      await closeHost()
      throw err
    })
  mkdirSync(SHOTS, { recursive: true })
  const contexts = new Set<BrowserContext>()
  const e2e: E2E = {
    host,
    browser,
    async person() {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        hasTouch: true,
      })
      contexts.add(context)
      context.on('close', () => contexts.delete(context))
      // The phone's clock is the server's; timers run as usual.
      await context.clock.install({ time: serverNow() })
      await context.clock.resume()
      // Taro's page-slide transition would leave two half pages in a screenshot; end it at once.
      await context.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          const style = document.createElement('style')
          style.textContent = '*{transition-duration:0s!important;animation-duration:0s!important}'
          document.head.appendChild(style)
        })
      })
      const page = await context.newPage()
      // A failing screen should say why in the test output, not only time out.
      page.on('pageerror', (err) => console.error(`[browser] ${err.message}`))
      page.on('console', (msg) => {
        if (msg.type() === 'error') console.error(`[browser console] ${msg.text()}`)
      })
      return { context, page }
    },
    async scan(building) {
      const person = await e2e.person()
      await person.page.goto(h5Url(host.url, 'pages/bind/index', { scene: building }))
      await person.page.getByTestId('privacy-agree').click()
      return person
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
      // Every screen we look at is also checked for serious accessibility problems.
      const problems = await accessibilityProblems(page)
      writeFileSync(path.join(SHOTS, `${name}.axe.json`), JSON.stringify(problems, null, 2))
      if (process.env.AXE_REPORT_ONLY !== '1')
        expect({ screen: name, problems }).toEqual({ screen: name, problems: [] })
    },
    now: serverNow,
    async setClock(at) {
      setFunctionsClock(new Date(at))
      for (const context of contexts) await context.clock.setSystemTime(serverNow())
    },
    async close() {
      try {
        await browser.close()
      } finally {
        await closeHost()
      }
    },
  }
  return e2e
}
