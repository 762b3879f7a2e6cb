/**
 * A printable A4 poster with a QR code: a title, a large code drawn as vector squares (sharp at
 * any printer resolution), and short instructions in large type. Used for the check-in code of an
 * activity session; the same layout serves building posters.
 */
import QRCode from 'qrcode'
import { A4, MARGIN, Writer } from './writer'

export interface PosterData {
  /** Small line above the title, e.g. the community. */
  kicker: string
  title: string
  /** What the code opens. */
  url: string
  /** Under the code, large. */
  lines: string[]
  /** Small print at the bottom. */
  footer: string
}

export async function qrPosterPdf(data: PosterData): Promise<Uint8Array> {
  const { PDFDocument, rgb } = await import('pdf-lib')
  const fontkit = (await import('@pdf-lib/fontkit')).default
  const doc = await PDFDocument.create()
  doc.setTitle(data.title)
  doc.setCreator('暖心网格')
  const w = new Writer(doc, fontkit)
  const page = doc.addPage(A4)
  const centre = async (text: string, y: number, size: number) =>
    w.draw(page, text, (A4[0] - (await w.width(text, size))) / 2, y, size)

  let y = A4[1] - MARGIN - 20
  await centre(data.kicker, y, 18)
  y -= 48
  const title = Array.from(data.title).slice(0, 16).join('')
  await centre(title, y, 32)
  y -= 36

  // Error correction M: survives a crease or a smudge on a printed sheet.
  const qr = QRCode.create(data.url, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 4
  const side = 330
  const cell = side / (n + 2 * quiet)
  const left = (A4[0] - side) / 2
  const top = y
  page.drawRectangle({ x: left, y: top - side, width: side, height: side, color: rgb(1, 1, 1) })
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        page.drawRectangle({
          x: left + (c + quiet) * cell,
          y: top - (r + quiet + 1) * cell,
          // A hair wider, so neighbouring squares print as one dark area.
          width: cell + 0.2,
          height: cell + 0.2,
          color: rgb(0, 0, 0),
        })
  y = top - side - 44
  for (const line of data.lines) {
    await centre(line, y, 22)
    y -= 36
  }
  await centre(data.footer, MARGIN - 10, 11)
  return doc.save()
}
