/**
 * Photos a client uploaded to cloud storage, checked before they are attached to a request: the
 * caller's own upload, really an image (by its bytes), at most 5 MB. Shown only to the resident
 * and those who handle the request, by links that expire.
 */
import { AppError } from '../../src/domain/errors'
import type { Relation } from '../../src/domain/request'
import { isOwnUpload, MAX_PHOTO_BYTES, sniffImage, type PhotoStage } from '../../src/domain/photos'
import { attachUploads } from './uploads/actions'
import type { Deps } from './context'
import type { FileStore } from './files'
import type { PhotoDoc, RequestDoc } from './model'

/** Links live this long: long enough to look, short enough not to travel far. */
export const PHOTO_LINK_SECONDS = 3600

/** Who may see a request's photos: its resident (or their proxy) and its handlers. */
const MAY_SEE: Relation[] = ['owner', 'proxy', 'handler', 'assignee', 'supervisor']

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { photos: message })
}

/**
 * The photos of a result (办结, 圆梦) for a lifecycle move: `check` checks them before anything is
 * written, `added()` is the update that appends them (nothing when none were sent).
 */
export function resultPhotos(ctx: { deps: Deps; caller: { openid: string } }, fileIds: string[] | undefined) {
  let photos: PhotoDoc[] = []
  return {
    async check(_doc: unknown, at: Date): Promise<void> {
      photos = await checkPhotos(ctx.deps, ctx.caller.openid, fileIds, 'resolve', at)
    },
    added: () => (photos.length ? { photos: ctx.deps.db.command.push(photos) } : {}),
  }
}

/** The checked photos, ready to store; throws (and nothing is written) if any is not acceptable. */
export async function checkPhotos(
  { db, files }: Pick<Deps, 'db' | 'files'>,
  openid: string,
  fileIDs: string[] | undefined,
  stage: PhotoStage,
  at: Date,
): Promise<PhotoDoc[]> {
  const unique = [...new Set(fileIDs ?? [])]
  for (const id of unique) if (!isOwnUpload(openid, id)) throw invalid('只能使用您自己刚上传的照片')
  const contents = await Promise.all(unique.map((id) => files.read(id)))
  contents.forEach((bytes) => {
    if (!bytes) throw invalid('照片还没有上传完成，请重新选择')
    if (bytes.length > MAX_PHOTO_BYTES) throw invalid('每张照片不能超过5MB，请重新选择')
    if (!sniffImage(bytes)) throw invalid('只能上传 JPG、PNG 或 WebP 格式的照片')
  })
  // Recorded (within the quota) by the caller, and from now on kept.
  await attachUploads(db, openid, unique, invalid)
  return unique.map((fileID) => ({ fileID, stage, by: openid, at }))
}

/** Expiring links to `photos`, for someone already known to be allowed to see them. */
export async function photoLinks(
  files: FileStore,
  photos: PhotoDoc[] | undefined,
): Promise<{ url: string; stage: PhotoStage }[]> {
  if (!photos?.length) return []
  const links = await files.links(
    photos.map((p) => p.fileID),
    PHOTO_LINK_SECONDS,
  )
  return photos.flatMap((p) => {
    const url = links.get(p.fileID)
    return url ? [{ url, stage: p.stage }] : []
  })
}

/** A request's photos: for its resident (or proxy) and those who handle it; nobody else. */
export function photoViews(files: FileStore, doc: RequestDoc, relations: Set<Relation>) {
  return MAY_SEE.some((r) => relations.has(r)) ? photoLinks(files, doc.photos) : Promise.resolve([])
}
