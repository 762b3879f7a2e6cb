/**
 * Chinese text in a PDF needs a Chinese font, and a whole CJK font is ~16 MB. Noto Sans SC comes
 * from @fontsource as ~100 WOFF2 pieces by Unicode range (3.7 MB in all); a document embeds only
 * the pieces its text needs, each subset to the glyphs used. fontkit misreads WOFF2's transformed
 * glyph tables, so pieces are unpacked to TrueType with Google's woff2 (wawoff2) first: once, at
 * build time, for the deployed function (`fonts/`, scripts/build-functions.ts); on demand in a
 * checkout.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

export interface FontFace {
  file: string
  ranges: [number, number][]
}

export interface FontSet {
  dir: string
  faces: FontFace[]
  /** ttf: unpacked (the deployed function); woff2: the package's pieces, unpacked when read. */
  format: 'ttf' | 'woff2'
}

const WEIGHT_CSS = '400.css'

/** The faces of one @fontsource stylesheet: each WOFF2 piece and the code points it covers. */
export function parseFontsourceCss(css: string): FontFace[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].flatMap((m) => {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(m[1])?.[1]
    const range = /unicode-range:\s*([^;]+);/.exec(m[1])?.[1]
    if (!file || !range) return []
    const ranges = range.split(',').map((part): [number, number] => {
      const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-')
      return [parseInt(lo, 16), parseInt(hi ?? lo, 16)]
    })
    return [{ file, ranges }]
  })
}

let cached: FontSet | undefined

/** The bundled `fonts/` next to the function, or the package in a checkout. */
export function loadFontSet(): FontSet {
  if (!cached) {
    const bundled = path.join(__dirname, 'fonts')
    if (existsSync(path.join(bundled, 'faces.json'))) {
      const faces = JSON.parse(readFileSync(path.join(bundled, 'faces.json'), 'utf8')) as FontFace[]
      cached = { dir: bundled, faces, format: 'ttf' }
    } else {
      const css = fontsourceCssPath()
      const faces = parseFontsourceCss(readFileSync(css, 'utf8'))
      cached = { dir: path.join(path.dirname(css), 'files'), faces, format: 'woff2' }
    }
  }
  return cached
}

/** A piece as TrueType, ready for fontkit. */
export async function readFace(set: FontSet, face: FontFace): Promise<Uint8Array> {
  const bytes = await readFile(path.join(set.dir, face.file))
  return set.format === 'ttf' ? bytes : unpackWoff2(bytes)
}

export async function unpackWoff2(bytes: Uint8Array): Promise<Uint8Array> {
  const { decompress } = await import('wawoff2')
  return decompress(bytes)
}

/** The name a piece has once unpacked. */
export function ttfName(file: string): string {
  return file.replace(/\.woff2$/, '.ttf')
}

export function fontsourceCssPath(): string {
  return require.resolve(`@fontsource/noto-sans-sc/${WEIGHT_CSS}`)
}

/** Which face draws `codePoint` (the first that covers it), or undefined. */
export function faceFor(set: FontSet, codePoint: number): FontFace | undefined {
  return set.faces.find((f) => f.ranges.some(([lo, hi]) => codePoint >= lo && codePoint <= hi))
}
