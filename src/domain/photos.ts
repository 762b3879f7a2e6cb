/** Photos on a request: up to 3 when posting, up to 3 when resolving (before / after). */

export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

export const PHOTO_STAGES = { post: '居民拍摄', resolve: '办结拍摄' } as const
export type PhotoStage = keyof typeof PHOTO_STAGES

export type ImageType = 'jpeg' | 'png' | 'webp'

/** What the bytes are, by their signature — never by the name or the type a client claims. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, j) => bytes[i + j] === b)
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp'
  return null
}

/**
 * Where a user's own uploads live in storage: `photos/<openid>/…` (weapp uploads there with
 * Taro.cloud.uploadFile; the local host files H5 uploads there). Only one's own may be attached.
 */
export function photoDir(openid: string): string {
  return `photos/${openid}/`
}

/** cloud://<env>.<bucket>/photos/<openid>/… — a file this caller uploaded to their own folder. */
export function isOwnUpload(openid: string, fileID: string): boolean {
  const cloudPath = fileID.replace(/^cloud:\/\/[^/]+\//, '')
  return cloudPath.startsWith(photoDir(openid)) && !cloudPath.includes('..')
}

/**
 * What one person may upload in a Beijing day (files and bytes), checked when the upload is
 * recorded (upload.record): a resident posts a few photos a day, staff resolve many requests.
 * People of no community (no building bound, no role) upload nothing.
 */
export const UPLOAD_QUOTAS = {
  resident: { files: 20, bytes: 40 * 1024 * 1024 },
  staff: { files: 100, bytes: 200 * 1024 * 1024 },
} as const

/** An upload never attached is removed after this (the scheduler's nightly run). */
export const UNATTACHED_UPLOAD_HOURS = 24

/** The largest file anyone uploads: a photo (5 MB) or a workbook (5 MB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
