/**
 * Printable A4 posters with a code: a coloured header (who, what), the code large, a line of what
 * it is for, short instructions in large type, small print at the bottom. The code is WeChat's
 * mini-program code (locally a standard QR code of the H5 link), embedded as it came (PNG or JPEG):
 * a building's, a session's check-in code. Many posters can share one document (every building of a
 * grid), embedding the font pieces once.
 */
import type { Color, PDFDocument } from 'pdf-lib'
import { imageType } from '../wx'
import { loadFontkit, loadPdfLib } from '../libraries'
import { A4, MARGIN, Writer } from './writer'

export interface PosterData {
  /** Small line above the title, e.g. the community. */
  kicker: string
  title: string
  /** Under the header, e.g. the address. */
  subtitle?: string
  /** The code's image. */
  code: { image: Uint8Array }
  /** Right under the code, in colour: what the code is for. */
  tagline?: string
  /** Under the code, large, centred. */
  lines: string[]
  /** After the lines, large: numbered steps (1, 2, 3 … in coloured circles). */
  steps?: string[]
  /** Small print at the bottom. */
  footer: string
}

const HEADER_HEIGHT = 150
const CODE_SIDE = 320
const WIDTH = A4[0] - 2 * MARGIN

export async function qrPosterPdf(data: PosterData): Promise<Uint8Array> {
  return qrPostersPdf([data], data.title)
}

/** One page per poster, in one document. */
export async function qrPostersPdf(posters: PosterData[], title: string): Promise<Uint8Array> {
  const { PDFDocument } = await loadPdfLib()
  const fontkit = await loadFontkit()
  const doc = await PDFDocument.create()
  doc.setTitle(title)
  doc.setCreator('暖心网格')
  const w = new Writer(doc, fontkit)
  for (const data of posters) await drawPoster(doc, w, data)
  // Object streams pack the many small objects of a multi-page document.
  return doc.save({ useObjectStreams: true })
}

async function drawPoster(doc: PDFDocument, w: Writer, data: PosterData): Promise<void> {
  const { rgb } = await loadPdfLib()
  const red = rgb(0.7, 0.15, 0.12)
  const grey = rgb(0.35, 0.35, 0.35)
  const white = rgb(1, 1, 1)
  const page = doc.addPage(A4)
  /** Centred; a size that fits the width (long names get smaller, never cut). */
  const centre = async (text: string, y: number, size: number, color?: Color) => {
    let s = size
    while (s > 10 && (await w.width(text, s)) > WIDTH) s -= 1
    await w.draw(page, text, (A4[0] - (await w.width(text, s))) / 2, y, s, color)
  }

  page.drawRectangle({ x: 0, y: A4[1] - HEADER_HEIGHT, width: A4[0], height: HEADER_HEIGHT, color: red })
  await centre(data.kicker, A4[1] - 58, 18, white)
  await centre(Array.from(data.title).slice(0, 20).join(''), A4[1] - 114, 40, white)

  let y = A4[1] - HEADER_HEIGHT - 34
  if (data.subtitle) {
    await centre(data.subtitle, y, 16, grey)
    y -= 22
  } else y += 8
  const top = y - 6
  const left = (A4[0] - CODE_SIDE) / 2
  const bytes = data.code.image
  const image = imageType(bytes) === 'jpg' ? await doc.embedJpg(bytes) : await doc.embedPng(bytes)
  page.drawImage(image, { x: left, y: top - CODE_SIDE, width: CODE_SIDE, height: CODE_SIDE })
  // A thin frame, so the cut line and the code's quiet zone are visible on white paper.
  page.drawRectangle({
    x: left - 8,
    y: top - CODE_SIDE - 8,
    width: CODE_SIDE + 16,
    height: CODE_SIDE + 16,
    borderColor: rgb(0.8, 0.8, 0.8),
    borderWidth: 1,
  })

  y = top - CODE_SIDE - 48
  if (data.tagline) {
    await centre(data.tagline, y, 24, red)
    y -= 46
  }
  for (const line of data.lines) {
    await centre(line, y, 22)
    y -= 36
  }
  const steps = data.steps ?? []
  if (steps.length) {
    // Left-aligned under one another, the block centred on the page.
    const widths = await Promise.all(steps.map((t) => w.width(t, 22)))
    const x = (A4[0] - (44 + Math.max(...widths))) / 2
    for (const [i, text] of steps.entries()) {
      page.drawCircle({ x: x + 15, y: y + 8, size: 15, color: red })
      const n = String(i + 1)
      await w.draw(page, n, x + 15 - (await w.width(n, 18)) / 2, y + 1.5, 18, white)
      await w.draw(page, text, x + 44, y, 22)
      y -= 42
    }
  }
  page.drawLine({
    start: { x: MARGIN, y: MARGIN + 4 },
    end: { x: A4[0] - MARGIN, y: MARGIN + 4 },
    thickness: 0.5,
    color: rgb(0.8, 0.8, 0.8),
  })
  await centre(data.footer, MARGIN - 14, 11, grey)
}
