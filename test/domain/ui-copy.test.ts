/**
 * The UI shows the domain's numbers, never its own copies of them: "最多3张" written out in a page
 * goes stale the day MAX_PHOTOS changes. Every string, template and JSX text in the UI sources is
 * read with the TypeScript parser (so comments do not count); Chinese text with a digit followed
 * by a unit fails unless it is in the allow-list below, with its reason — and so does a form's
 * `maxlength={200}`, a limit the contract owns. Write `最多${MAX_PHOTOS}张`, `durationText(…)`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')
/** Where the UI lives: the main package, the subpackages, shared components and hooks, the client. */
const UI_DIRS = ['src/pages', 'src/packages', 'src/components', 'src/hooks', 'src/api']

const UNITS = '小时|分钟|秒|天|周|个月|年|岁|张|个|人|名|位|字|次|项|条|场|份|页|元|MB|KB|GB'
/** A digit, maybe a space, then a unit: 3小时, 30 分钟, 5 MB. */
const NUMBER_WITH_UNIT = new RegExp(`\\d\\s*(${UNITS})`)
const CHINESE = /[\u4e00-\u9fa5]/
/** Attributes whose number is a limit the domain owns. */
const LIMIT_ATTRIBUTES = new Set(['maxlength', 'maxLength'])

/**
 * Literal text in the UI the domain does not own, and why; matched by file and exact text, and an
 * entry nothing matches any more fails. Empty today: the examples in placeholders ("如 13号楼",
 * "如：3单元502") name things rather than count them, so they carry no unit above.
 */
const ALLOWED: { file: string; text: string; reason: string }[] = []

interface Finding {
  file: string
  line: number
  text: string
}

/** Every suspicious literal in one source file. */
function scan(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const found: Finding[] = []
  const report = (node: ts.Node, text: string) =>
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text })
  const visit = (node: ts.Node) => {
    let texts: string[] = []
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts = [node.text]
    else if (ts.isTemplateExpression(node))
      texts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)]
    else if (ts.isJsxText(node)) texts = [node.text]
    for (const t of texts) if (CHINESE.test(t) && NUMBER_WITH_UNIT.test(t)) report(node, t.trim())
    if (
      ts.isJsxAttribute(node) &&
      LIMIT_ATTRIBUTES.has(node.name.getText(sf)) &&
      node.initializer &&
      ts.isJsxExpression(node.initializer) &&
      node.initializer.expression &&
      ts.isNumericLiteral(node.initializer.expression)
    )
      report(node, node.getText(sf))
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

function uiFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`
      if (e.isDirectory()) walk(rel)
      else if (/\.tsx?$/.test(e.name)) out.push(rel)
    }
  }
  UI_DIRS.forEach(walk)
  return out.sort()
}

const isAllowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && a.text === f.text)

describe('the scanner', () => {
  test('finds a number the domain owns written out, in strings, templates, JSX text and limits', () => {
    const source = [
      `const a = '活动开始前3小时内不能再取消'`,
      'const b = `请至少写2个字，${x}`',
      'const c = <Text>拍张照片（选填，最多3张）</Text>',
      'const d = <Textarea maxlength={200} />',
      `const e = <TextField placeholder="11位手机号" />`,
      `const f = '照片不超过 5 MB'`,
    ].join('\n')
    expect(scan('x.tsx', source).map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6])
  })

  test('lets the domain constant, comments, numbering and text without a unit through', () => {
    const source = [
      '// 最多3张 in a comment',
      'const a = `活动开始前${durationText(CANCEL_CUTOFF_MS)}内不能再取消`',
      'const b = <Text>最多{MAX_PHOTOS}张</Text>',
      'const c = <Textarea maxlength={REASON_MAX_CHARS} />',
      `const d = '1. 您要反映哪类事情？'`,
      `const e = 'photo 3 of 5'`,
      'const f = <Text>还可加{left}张</Text>',
    ].join('\n')
    expect(scan('x.tsx', source)).toEqual([])
  })
})

test('the UI sources show the domain’s numbers through its constants', () => {
  const files = uiFiles()
  expect(files.length).toBeGreaterThan(50)
  const findings = files.flatMap((f) => scan(f, readFileSync(path.join(ROOT, f), 'utf8')))
  const bad = findings.filter((f) => !isAllowed(f)).map((f) => `${f.file}:${f.line} ${f.text}`)
  expect(bad).toEqual([])
  // An allowance nothing needs any more goes.
  const stale = ALLOWED.filter((a) => !findings.some((f) => f.file === a.file && f.text === a.text))
  expect(stale).toEqual([])
})
