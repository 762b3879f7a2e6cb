/**
 * Documents the server makes for one person — a ledger or set-up workbook, a certificate, a
 * poster, a check-in code — handed over two ways: a short-lived link (the H5 build downloads it)
 * and the file id, which the weapp downloads itself with wx.cloud.downloadFile (no 下载域名 to set
 * up in the admin console, nor a link to expire on a slow phone).
 *
 * Storage stays closed to clients except for one shape of path, `docs/<32 hex>/<name>`: the
 * storage rule (cloudbaserc.json, DOCS_READ_RULE) lets a signed-in client read such a file, and
 * the 128 random bits in its path are the key — only the person the api answered knows the file
 * id. Each delivery is recorded here; the scheduler deletes it DOCUMENT_MINUTES later (and 注销账号
 * at once), so a file id opens its document no longer than a link would.
 */
import { randomBytes } from 'node:crypto'
import { MINUTE_MS } from '../../src/domain/time'
import type { Deps } from './context'
import { allWhere, collection } from './db'
import { linkOf } from './files'
import { derivedId } from './ids'
import type { DocumentDoc } from './model'

/** How long a delivered document stays readable (by file id or link). */
export const DOCUMENT_MINUTES = 30

/** The storage rule's read: signed in, and only delivered documents (docs/<token>/…). */
export const DOCS_READ_RULE = 'auth != null && /^docs[/][0-9a-f]{32}[/]/.test(resource.path) == true'

export interface Delivered {
  /** wx.cloud.downloadFile's file id (weapp). */
  fileID: string
  /** A link valid for `linkSeconds` (H5). */
  url: string
}

/**
 * Stores `bytes` for `openid` under an unguessable path and returns its file id and a link.
 * `name`: the stored file's name, ASCII (`ledger-2026-11.xlsx`); what the person sees is the
 * fileName the action answers beside it.
 */
export async function deliverDocument(
  deps: Pick<Deps, 'db' | 'files' | 'now'>,
  openid: string,
  name: string,
  bytes: Buffer,
  {
    linkSeconds = 600,
    failure = '文件生成失败，请稍后再试',
  }: { linkSeconds?: number; failure?: string } = {},
): Promise<Delivered> {
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_')
  const fileID = await deps.files.write(`docs/${randomBytes(16).toString('hex')}/${safe}`, bytes)
  const doc: Omit<DocumentDoc, '_id'> = { openid, fileID, at: deps.now() }
  await collection(deps.db, 'documents').doc(derivedId('document', fileID)).set(doc)
  return {
    fileID,
    url: await linkOf(deps.files, fileID, Math.min(linkSeconds, DOCUMENT_MINUTES * 60), failure),
  }
}

/** The scheduler's run: deliveries older than DOCUMENT_MINUTES go, file and record. */
export async function purgeDocuments(deps: Pick<Deps, 'db' | 'files'>, at: Date): Promise<number> {
  const _ = deps.db.command
  const old = await allWhere(deps.db, 'documents', {
    at: _.lt(new Date(at.getTime() - DOCUMENT_MINUTES * MINUTE_MS)),
  })
  if (old.length === 0) return 0
  await deps.files.remove(old.map((d) => d.fileID))
  for (const d of old) await collection(deps.db, 'documents').doc(d._id).remove()
  return old.length
}

/** Every document delivered to a person (注销账号). */
export async function removeDocumentsOf(deps: Pick<Deps, 'db' | 'files'>, openid: string): Promise<number> {
  const mine = await allWhere(deps.db, 'documents', { openid })
  await deps.files.remove(mine.map((d) => d.fileID))
  await collection(deps.db, 'documents').where({ openid }).remove()
  return mine.length
}
