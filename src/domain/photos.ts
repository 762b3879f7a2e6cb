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
