/**
 * The large libraries only a few actions need — Excel workbooks (社区设置, 台账), PDF and its font
 * engine (posters, 志愿服务记录证明) — each loaded on its first use, never at a cold start: on
 * CloudBase most calls are cold, and a resident's request must not wait for them (issue 21).
 * In the bundle they stay external (scripts/build-functions.ts), so loading one is a require().
 */

/** What no hot call may load (test/server/cold-path.test.ts); qrcode is the local stand-ins' only. */
export const HEAVY_LIBRARIES = ['exceljs', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode'] as const

export async function loadExcel() {
  return (await import('exceljs')).default
}

export function loadPdfLib() {
  return import('pdf-lib')
}

export async function loadFontkit() {
  return (await import('@pdf-lib/fontkit')).default
}
