/**
 * A PDF's text as a reader's copy-paste would give it, page by page: pdf.js (pdfjs-dist, from npm)
 * in a Node child process (it is an ES module, which the tests' CommonJS cannot import). The text
 * comes through each font's ToUnicode map, so this also checks the Chinese is extractable.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const PDFJS = require.resolve('pdfjs-dist/legacy/build/pdf.mjs')

/** Reads the PDF from stdin, prints a JSON array: each page's text items joined by spaces. */
const SCRIPT = `
import { pathToFileURL } from 'node:url'
// Node 20 lacks what this pdf.js expects of Node 22.
Promise.withResolvers ??= function () {
  let resolve, reject
  const promise = new Promise((a, b) => { resolve = a; reject = b })
  return { promise, resolve, reject }
}
const pdfjs = await import(pathToFileURL(process.argv[1]).href)
const chunks = []
for await (const c of process.stdin) chunks.push(c)
const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise
const pages = []
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent()
  pages.push(content.items.map((it) => it.str + (it.hasEOL ? '\\n' : '')).join(''))
}
process.stdout.write(JSON.stringify(pages))
`

export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const run = promisify(execFile)
  const child = run(process.execPath, ['--input-type=module', '-e', SCRIPT, PDFJS], {
    maxBuffer: 16 * 1024 * 1024,
  })
  child.child.stdin?.end(Buffer.from(pdf))
  const { stdout } = await child
  return JSON.parse(stdout) as string[]
}

/** All of it as one string, pages joined. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPages(pdf)).join('\n')
}
