/**
 * Headless Chromium from Debian (no browser downloads here), driven by playwright-core, against
 * the same host `npm start` runs. Screenshots go to .artifacts/e2e (gitignored): look at them.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ensureH5Build } from '../../local/start'
import { startHost, type Host } from '../../local/host'

export const SHOTS = path.resolve(__dirname, '../../.artifacts/e2e')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface E2E {
  host: Host
  browser: Browser
  /** A phone-sized browser context: a separate person with their own storage. */
  person(): Promise<{ context: BrowserContext; page: Page }>
  shot(page: Page, name: string): Promise<void>
  close(): Promise<void>
}

export async function startE2E(): Promise<E2E> {
  ensureH5Build()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nxwg-e2e-'))
  const host = await startHost({ port: 0, dataDir, quiet: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
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
  mkdirSync(SHOTS, { recursive: true })
  return {
    host,
    browser,
    async person() {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        locale: 'zh-CN',
        hasTouch: true,
      })
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
    async shot(page, name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
    },
    async close() {
      await browser.close()
      await host.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
