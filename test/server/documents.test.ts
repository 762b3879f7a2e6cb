/**
 * Documents handed over by file id (issue 15): every workbook, certificate, poster and check-in
 * code the server makes for someone is stored under docs/<128 random bits>/ — the one path the
 * storage rule lets a signed-in client read, so the weapp can fetch it with wx.cloud.downloadFile —
 * recorded, and deleted half an hour later by the scheduler (at once by 注销账号).
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { deliverDocument, DOCS_READ_RULE, DOCUMENT_MINUTES } from '../../cloudfunctions/core/documents'
import type { DocumentDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { LOCAL_FILE_PREFIX } from '../../local/storage'
import { DELETE_CONFIRMATION } from '../../src/domain/privacy'
import { fileEnv } from '../support/env'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-11-20T10:00:00+08:00' })
const ADMIN = 'demo-admin'
/** 第一网格 (g-1-1): B01–B04. */
const LEADER_1 = 'demo-leader-1'

/** The path test of the storage rule's read, as CloudBase evaluates it on `resource.path`. */
const readable = (() => {
  const m = /(\/\^.*\/)\.test\(resource\.path\) == true$/.exec(DOCS_READ_RULE)
  if (!m || !DOCS_READ_RULE.startsWith('auth != null && '))
    throw new Error(`unexpected rule ${DOCS_READ_RULE}`)
  const re = new Function(`return ${m[1]}`)() as RegExp
  return (fileID: string) => re.test(fileID.slice(LOCAL_FILE_PREFIX.length))
})()

async function records(where: object): Promise<DocumentDoc[]> {
  return (await env.db.collection(COLLECTIONS.documents).where(where).get()).data as DocumentDoc[]
}

async function bytesOf(url: string): Promise<Buffer> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

test('each document comes with a file id clients may read, and a link to the same bytes', async () => {
  const handed = [
    await env.ok(ADMIN, 'metrics.exportLedger', { month: '2026-11' }),
    await env.ok(ADMIN, 'setup.template', {}),
    await env.ok(ADMIN, 'setup.export', {}),
    await env.ok(LEADER_1, 'building.poster', { code: 'B01' }),
    await env.ok(LEADER_1, 'grid.posters', { gridId: 'g-1-1' }),
  ]
  const ids = handed.map((h) => h.fileID)
  expect(new Set(ids).size).toBe(ids.length)
  for (const { fileID, url } of handed) {
    expect(fileID).toMatch(new RegExp(`^${LOCAL_FILE_PREFIX}docs/[0-9a-f]{32}/[A-Za-z0-9_.-]+\\.(xlsx|pdf)$`))
    expect(readable(fileID)).toBe(true)
    expect(await bytesOf(url)).toEqual(await env.deps(() => bj('2026-11-21T10:00:00')).files.read(fileID))
  }
  expect((await records({ openid: ADMIN })).map((d) => d.fileID).sort()).toEqual(ids.slice(0, 3).sort())
  expect((await records({ openid: LEADER_1 })).map((d) => d.fileID).sort()).toEqual(ids.slice(3).sort())
  // Nothing else stored is readable by a client: photos, building codes, a path without the token.
  for (const other of [
    'photos/o-1/a.jpg',
    'qrcodes/B01/1.png',
    'docs/ledger.xlsx',
    'docs/abc/x.pdf',
    'exports/x/docs/',
  ])
    expect(readable(LOCAL_FILE_PREFIX + other)).toBe(false)
})

test('the scheduler deletes a document half an hour after it was made, file and record', async () => {
  const deps = env.deps(() => bj('2026-11-21T09:00:00'))
  const made = await deliverDocument(deps, 'o-documents-1', 'ledger-2026-11.xlsx', Buffer.from('台账'))
  // (The first test's documents, a day old by now, go with this run.)
  await runScheduler(env.deps(() => bj('2026-11-21T09:29:00')))
  expect(await deps.files.read(made.fileID)).not.toBeNull()
  expect(await records({ openid: 'o-documents-1' })).toHaveLength(1)
  const late = await runScheduler(env.deps(() => bj(`2026-11-21T09:${String(DOCUMENT_MINUTES + 1)}:00`)))
  expect(late.documentsPurged).toBe(1)
  expect(await deps.files.read(made.fileID)).toBeNull()
  expect(await records({ openid: 'o-documents-1' })).toEqual([])
})

test('注销账号 takes the documents made for the person with it', async () => {
  const who = 'o-documents-erase'
  await env.ok(who, 'me.bindBuilding', { buildingCode: 'B05' })
  const made = await deliverDocument(
    env.deps(() => bj('2026-11-21T10:00:00')),
    who,
    'certificate-x.pdf',
    Buffer.from('%PDF-'),
  )
  expect(await records({ openid: who })).toHaveLength(1)
  await env.ok(who, 'me.delete', { confirm: DELETE_CONFIRMATION })
  expect(await env.deps(() => bj('2026-11-21T10:00:00')).files.read(made.fileID)).toBeNull()
  expect(await records({ openid: who })).toEqual([])
})
