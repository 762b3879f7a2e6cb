/**
 * 保存期限: derived from the collections, so a new one cannot slip past — every collection of
 * cloudfunctions/core/db.ts has a row in src/domain/retention.ts or is listed as holding no
 * personal data, with its reason; and a collection so listed whose document type has a field of
 * personal data (a phone, a room, a resident's name …, read from model.ts) fails. The README and
 * the 隐私政策 page show the table itself, not a copy.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { DOCUMENT_MINUTES } from '../../cloudfunctions/core/documents'
import { UNATTACHED_UPLOAD_HOURS } from '../../src/domain/photos'
import {
  NO_PERSONAL_DATA,
  RETENTION,
  retentionMarkdown,
  SCHEDULED_RETENTION,
  wechatRetentionText,
  type RetentionRule,
} from '../../src/domain/retention'

const ROOT = path.resolve(__dirname, '../..')
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')
const RULES = Object.entries(RETENTION) as [string, RetentionRule][]
const names = Object.keys(COLLECTIONS)

/** Field names that mean a person's data wherever they are (nested objects included). */
const PERSONAL_FIELD = /^(\w*[pP]hone|room|idNumber|residentName|residentOpenid|contactName|allergies|needs)$/

/** Each collection's document type, from the Collections interface of db.ts: name → M.XDoc. */
function documentTypes(): Map<string, string> {
  const sf = ts.createSourceFile('db.ts', read('cloudfunctions/core/db.ts'), ts.ScriptTarget.Latest, true)
  const out = new Map<string, string>()
  sf.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Collections')
      for (const m of node.members)
        if (ts.isPropertySignature(m) && m.type)
          out.set(m.name.getText(sf), m.type.getText(sf).replace('M.', ''))
  })
  return out
}

/** Every property name of a model interface, its nested object types and the interfaces it names. */
function fieldsOf(typeName: string): Set<string> {
  const sf = ts.createSourceFile(
    'model.ts',
    read('cloudfunctions/core/model.ts'),
    ts.ScriptTarget.Latest,
    true,
  )
  const decls = new Map<string, ts.Node>()
  sf.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) decls.set(n.name.text, n)
  })
  const out = new Set<string>()
  const seen = new Set<string>()
  const visit = (node: ts.Node) => {
    if (ts.isPropertySignature(node)) out.add(node.name.getText(sf))
    if (ts.isTypeReferenceNode(node)) {
      const ref = node.typeName.getText(sf)
      const decl = decls.get(ref)
      if (decl && !seen.has(ref)) {
        seen.add(ref)
        visit(decl)
      }
    }
    if (ts.isExpressionWithTypeArguments(node)) {
      const decl = decls.get(node.expression.getText(sf))
      if (decl) visit(decl)
    }
    ts.forEachChild(node, visit)
  }
  const root = decls.get(typeName)
  if (!root) throw new Error(`model.ts has no ${typeName}`)
  seen.add(typeName)
  visit(root)
  return out
}

const personalFields = (collectionName: string) => {
  const type = documentTypes().get(collectionName)
  if (!type) throw new Error(`no document type for ${collectionName}`)
  return [...fieldsOf(type)].filter((f) => PERSONAL_FIELD.test(f))
}

test('every collection has a retention row or is listed as holding no personal data, never both', () => {
  const covered = new Set(RULES.flatMap(([, r]) => r.collections))
  const exempt = new Set(Object.keys(NO_PERSONAL_DATA))
  expect(names.filter((n) => !covered.has(n) && !exempt.has(n))).toEqual([])
  expect(names.filter((n) => covered.has(n) && exempt.has(n))).toEqual([])
  expect([...covered, ...exempt].filter((n) => !names.includes(n))).toEqual([])
})

test('a collection listed as holding no personal data has no personal field in its document type', () => {
  for (const name of Object.keys(NO_PERSONAL_DATA)) expect([name, personalFields(name)]).toEqual([name, []])
  // The check can fail: these hold personal data, and it sees it.
  expect(personalFields('users')).toEqual(expect.arrayContaining(['phone', 'room']))
  expect(personalFields('elders')).toEqual(expect.arrayContaining(['phone', 'room']))
  expect(personalFields('requests')).toEqual(expect.arrayContaining(['residentName', 'residentOpenid']))
  expect(personalFields('units')).toEqual(['contactName', 'contactPhone'])
})

test('each row has a period unless it lasts with the account or the role, and a reason in Chinese', () => {
  for (const [kind, r] of RULES) {
    expect([kind, r.period === null]).toEqual([kind, r.by === 'account'])
    expect([kind, r.from === 'account' || r.from === 'role']).toEqual([kind, r.by === 'account'])
    expect(r.reason).toMatch(/[\u4e00-\u9fa5]{8}/)
    if (r.period) expect(r.period.n).toBeGreaterThan(0)
  }
  expect(SCHEDULED_RETENTION).toEqual(RULES.filter(([, r]) => r.by === 'scheduler').map(([k]) => k))
})

test('the rows enforced by the older nightly jobs state those jobs’ own periods', () => {
  expect(RETENTION.documents.period).toEqual({ n: DOCUMENT_MINUTES, unit: 'minute' })
  expect(RETENTION.unattachedUploads.period).toEqual({ n: UNATTACHED_UPLOAD_HOURS, unit: 'hour' })
  // scheduler.ts removes windows that ended over a day ago.
  expect(read('cloudfunctions/core/scheduler.ts')).toMatch(
    /expiresAt: _\.lt\(new Date\(at\.getTime\(\) - DAY_MS\)\)/,
  )
  expect(RETENTION.rateLimits.period).toEqual({ n: 1, unit: 'day' })
})

test('the README states the table as it is, and WeChat’s 存储期限 from it', () => {
  const readme = read('README.md')
  expect(readme).toContain(retentionMarkdown())
  expect(readme).toContain(wechatRetentionText())
})

test('the 隐私政策 page renders the table from the module, not a copy of its words', () => {
  const page = read('src/packages/resident/pages/privacy/index.tsx')
  expect(page).toMatch(/from '(\.\.\/)+domain\/retention'/)
  for (const [, r] of RULES) expect(page).not.toContain(r.reason.slice(0, 12))
})
