/**
 * Drawing Chinese text with pdf-lib: each run of characters in the Noto Sans SC piece that has
 * its glyphs (fonts.ts), embedded (subset) on first use. Shared by every PDF we make.
 */
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib'
import { faceFor, loadFontSet, readFace, type FontFace } from './fonts'

export const A4: [number, number] = [595.28, 841.89]
export const MARGIN = 56

/** Draws text in pieces, each with the font piece that has its glyphs (embedded on first use). */
export class Writer {
  private fonts = new Map<string, PDFFont>()

  constructor(
    private doc: PDFDocument,
    fontkit: Parameters<PDFDocument['registerFontkit']>[0],
  ) {
    doc.registerFontkit(fontkit)
  }

  private async font(face: FontFace): Promise<PDFFont> {
    let f = this.fonts.get(face.file)
    if (!f) {
      f = await this.doc.embedFont(await readFace(loadFontSet(), face), { subset: true })
      this.fonts.set(face.file, f)
    }
    return f
  }

  /** Consecutive characters that one piece draws. */
  private async runs(text: string): Promise<{ text: string; font: PDFFont }[]> {
    const set = loadFontSet()
    const out: { text: string; face: FontFace }[] = []
    for (const ch of Array.from(text)) {
      const face = faceFor(set, ch.codePointAt(0) as number) ?? faceFor(set, '?'.codePointAt(0) as number)
      if (!face) continue
      const last = out[out.length - 1]
      if (last?.face === face) last.text += ch
      else out.push({ text: ch, face })
    }
    const runs = []
    // One at a time: the first use of a piece embeds it, and a piece must be embedded once.
    for (const r of out) runs.push({ text: r.text, font: await this.font(r.face) })
    return runs
  }

  async width(text: string, size: number): Promise<number> {
    const runs = await this.runs(text)
    return runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0)
  }

  async draw(page: PDFPage, text: string, x: number, y: number, size: number, color?: Color): Promise<void> {
    let at = x
    for (const r of await this.runs(text)) {
      page.drawText(r.text, { x: at, y, size, font: r.font, color })
      at += r.font.widthOfTextAtSize(r.text, size)
    }
  }
}
