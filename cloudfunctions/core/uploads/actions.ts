/**
 * Uploads: a client puts a file in cloud storage under its own `photos/<openid>/` folder, then
 * records it here (upload.record) before anything may attach it. The record is where the quota
 * is kept (files and bytes a Beijing day, by who you are), where an attachment is noted, and
 * what erasure and the nightly purge of never-attached files work from — CloudBase storage has
 * no listing a function could use.
 */
import { AppError } from '../../../src/domain/errors'
import { isStaff } from '../../../src/domain/access'
import {
  isOwnUpload,
  MAX_UPLOAD_BYTES,
  UNATTACHED_UPLOAD_HOURS,
  UPLOAD_QUOTAS,
} from '../../../src/domain/photos'
import { HOUR_MS, local } from '../../../src/domain/time'
import type { ActionContext, Caller, Deps } from '../context'
import { allWhere, byId, type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { UploadDoc } from '../model'

export const uploadId = (fileID: string) => derivedId('upload', fileID)

function quotaOf(caller: Caller) {
  if (isStaff(caller.memberships)) return UPLOAD_QUOTAS.staff
  if (caller.user?.buildingCode || caller.memberships.length > 0) return UPLOAD_QUOTAS.resident
  return null
}

/** The start of the Beijing day `at` is in. */
function dayStart(at: Date): Date {
  return local(at).startOf('day').toDate()
}

export async function recordUpload(input: { fileID: string }, { deps, caller }: ActionContext) {
  const { db, files, now } = deps
  const { fileID } = input
  const refuse = (message: string) => new AppError('INVALID_INPUT', message, { fileID: message })
  if (!isOwnUpload(caller.openid, fileID)) throw refuse('只能登记您自己刚上传的文件')
  const id = uploadId(fileID)
  const known = await byId(db, 'uploads', id)
  if (known) return { fileID, bytes: known.bytes }
  const bytes = await files.read(fileID)
  if (!bytes) throw refuse('文件还没有上传完成，请重新选择')
  const quota = quotaOf(caller)
  const at = now()
  // Over the quota (or of no community), the file goes at once: nothing is kept for it.
  const dropped = async (error: AppError) => {
    await files.remove([fileID])
    return error
  }
  if (!quota) throw await dropped(new AppError('FORBIDDEN', '请先扫描楼栋二维码，再上传照片'))
  if (bytes.length > MAX_UPLOAD_BYTES) throw await dropped(refuse('文件不能超过5MB，请重新选择'))
  const today = await allWhere(db, 'uploads', {
    openid: caller.openid,
    at: db.command.gte(dayStart(at)),
  })
  const used = today.reduce((sum, u) => sum + u.bytes, 0)
  if (today.length >= quota.files || used + bytes.length > quota.bytes)
    throw await dropped(
      new AppError('RATE_LIMITED', `今天上传的文件已达上限（${quota.files}个），请明天再试或联系网格员`),
    )
  const doc: Omit<UploadDoc, '_id'> = {
    openid: caller.openid,
    fileID,
    bytes: bytes.length,
    at,
    attached: false,
  }
  await collection(db, 'uploads').doc(id).set(doc)
  return { fileID, bytes: bytes.length }
}

/**
 * Checks that the caller recorded each of `fileIDs` (throws `refuse(…)` if not) and, with
 * `attach`, marks them attached so the nightly purge keeps them. An import's workbook is only
 * checked: it has done its work once read, and goes with the purge.
 */
export async function attachUploads(
  db: Database,
  openid: string,
  fileIDs: string[],
  refuse: (message: string) => AppError,
  attach = true,
): Promise<void> {
  if (fileIDs.length === 0) return
  const _ = db.command
  const ids = fileIDs.map(uploadId)
  const res = await collection(db, 'uploads')
    .where({ _id: _.in(ids), openid })
    .limit(ids.length)
    .get()
  if (res.data.length !== new Set(ids).size) throw refuse('文件还没有上传完成，请重新选择')
  if (!attach) return
  await collection(db, 'uploads')
    .where({ _id: _.in(ids), openid, attached: false })
    .update({ attached: true })
}

/** Every file a person uploaded, attached or not (erasure). */
export async function removeUploadsOf(deps: Pick<Deps, 'db' | 'files'>, openid: string): Promise<number> {
  const mine = await allWhere(deps.db, 'uploads', { openid })
  await deps.files.remove(mine.map((u) => u.fileID))
  await collection(deps.db, 'uploads').where({ openid }).remove()
  return mine.length
}

/** The nightly run: uploads never attached within a day are deleted with their files. */
export async function purgeUnattachedUploads(deps: Pick<Deps, 'db' | 'files'>, at: Date): Promise<number> {
  const _ = deps.db.command
  const stale = await allWhere(deps.db, 'uploads', {
    attached: false,
    at: _.lt(new Date(at.getTime() - UNATTACHED_UPLOAD_HOURS * HOUR_MS)),
  })
  await deps.files.remove(stale.map((u) => u.fileID))
  for (const u of stale) await collection(deps.db, 'uploads').doc(u._id).remove()
  return stale.length
}
