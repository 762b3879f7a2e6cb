/**
 * Reading the app's own source (src/, TypeScript's parser) for what the weapp build will call:
 * every `Taro.<api>(…)` with where it is, and the values a string argument can take.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { filesOf } from './dist'

export const SRC = path.resolve(__dirname, '../../src')

export interface Source {
  file: string
  sf: ts.SourceFile
}

export function sources(dir = SRC): Source[] {
  return filesOf(dir, '.ts')
    .concat(filesOf(dir, '.tsx'))
    .filter((f) => !f.endsWith('.d.ts'))
    .map((file) => ({
      file,
      sf: ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true),
    }))
}

export interface ApiCall {
  file: string
  line: number
  node: ts.CallExpression
  sf: ts.SourceFile
}

/** Every `Taro.<api>(…)` (or `Taro.cloud.<api>(…)`) in `sources`. */
export function callsOf(api: string, all: Source[] = sources()): ApiCall[] {
  const found: ApiCall[] = []
  for (const { file, sf } of all) {
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === api &&
        /^Taro(\.cloud)?$/.test(node.expression.expression.getText(sf))
      )
        found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, node, sf })
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return found
}

/** The property `name` of an object literal, if it is one and has it. */
export function propertyOf(obj: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined
  for (const p of obj.properties)
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer
  return undefined
}

/**
 * Every value a string expression can take, or null if that cannot be told from the file (an
 * interpolated number, a call…). Literals, `a ? b : c`, `a + b`, templates of such, a `const`
 * of such, and a parameter of the enclosing function whose calls in the same file pass such.
 */
export function stringValues(expr: ts.Expression, sf: ts.SourceFile, depth = 0): string[] | null {
  if (depth > 8) return null
  const again = (e: ts.Expression) => stringValues(e, sf, depth + 1)
  if (ts.isParenthesizedExpression(expr)) return again(expr.expression)
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text]
  if (ts.isConditionalExpression(expr)) {
    const a = again(expr.whenTrue)
    const b = again(expr.whenFalse)
    return a && b ? [...a, ...b] : null
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = again(expr.left)
    const b = again(expr.right)
    return a && b ? a.flatMap((x) => b.map((y) => x + y)) : null
  }
  if (ts.isTemplateExpression(expr)) {
    let out: string[] | null = [expr.head.text]
    for (const span of expr.templateSpans) {
      const v = again(span.expression)
      if (!v || !out) return null
      const prev: string[] = out
      out = prev.flatMap((x) => v.map((y) => x + y + span.literal.text))
    }
    return out
  }
  if (ts.isIdentifier(expr)) return identifierValues(expr, sf, depth)
  return null
}

function identifierValues(id: ts.Identifier, sf: ts.SourceFile, depth: number): string[] | null {
  // A const in scope.
  let found: string[] | null | undefined
  const name = id.text
  const visit = (node: ts.Node) => {
    if (found !== undefined) return
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer &&
      ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const
    )
      found = stringValues(node.initializer, sf, depth + 1)
    ts.forEachChild(node, visit)
  }
  visit(sf)
  if (found !== undefined) return found
  // A parameter of the enclosing named function: what its calls in this file pass.
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isFunctionDeclaration(n) || !n.name) continue
    const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name)
    if (index < 0) continue
    const fn = n.name.text
    const values: string[] = []
    let unknown = false
    let calls = 0
    const walk = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === fn) {
        calls += 1
        const arg = node.arguments[index]
        const v = arg ? stringValues(arg, sf, depth + 1) : null
        if (v) values.push(...v)
        else unknown = true
      }
      ts.forEachChild(node, walk)
    }
    walk(sf)
    return unknown || calls === 0 ? null : values
  }
  return null
}
