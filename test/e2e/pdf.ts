/**
 * A PDF page as pixels, drawn by pdf.js (pdfjs-dist, from npm) inside the test's own Chromium:
 * no poppler or other system package. The page loads pdf.js from node_modules through a routed
 * origin of its own, so nothing is fetched from the network.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'

const ORIGIN = 'http://pdfjs.local'
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/build/pdf.mjs'))
/** pdf.js is an ES module: the page imports it (the test's code is compiled to CommonJS). */
const PAGE = `<!doctype html><canvas></canvas><script type="module">
import * as pdfjs from '${ORIGIN}/pdf.mjs'
pdfjs.GlobalWorkerOptions.workerSrc = '${ORIGIN}/pdf.worker.mjs'
window.pdfjsLib = pdfjs
</script>`

export interface Raster {
  width: number
  height: number
  /** RGBA, 4 bytes a pixel, row by row. */
  rgba: Uint8ClampedArray
  pages: number
}

/** Page `pageNumber` of `pdf` at `scale` (1 = 72 dpi). */
export async function renderPdfPage(
  browser: Browser,
  pdf: Uint8Array,
  pageNumber = 1,
  scale = 1,
): Promise<Raster> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1)
      if (name === '') return route.fulfill({ contentType: 'text/html', body: PAGE })
      if (!/^pdf(\.worker)?\.mjs$/.test(name)) return route.fulfill({ status: 404, body: '' })
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(path.join(PDFJS_DIR, name)) })
    })
    await page.goto(`${ORIGIN}/`)
    await page.waitForFunction(() => 'pdfjsLib' in window)
    const drawn = await page.evaluate(
      async ({ base64, pageNumber, scale }) => {
        const pdfjs = (window as unknown as { pdfjsLib: typeof import('pdfjs-dist') }).pdfjsLib
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
        const doc = await pdfjs.getDocument({ data }).promise
        const p = await doc.getPage(pageNumber)
        const viewport = p.getViewport({ scale })
        const canvas = document.querySelector('canvas') as HTMLCanvasElement
        canvas.width = Math.ceil(viewport.width)
        canvas.height = Math.ceil(viewport.height)
        const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
        await p.render({ canvasContext: ctx, canvas, viewport }).promise
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data
        // Back to Node as base64, in slices (one spread of megabytes would overflow the stack).
        let binary = ''
        for (let i = 0; i < pixels.length; i += 0x8000) {
          binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000))
        }
        return { width: canvas.width, height: canvas.height, pages: doc.numPages, rgba: btoa(binary) }
      },
      { base64: Buffer.from(pdf).toString('base64'), pageNumber, scale },
    )
    return { ...drawn, rgba: new Uint8ClampedArray(Buffer.from(drawn.rgba, 'base64')) }
  } finally {
    await context.close()
  }
}
