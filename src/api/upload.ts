/**
 * Photos go straight from the phone to cloud storage (Taro.cloud.uploadFile on weapp), under the
 * user's own folder, and are recorded with the api (upload.record: the day's quota) before any
 * action may attach them by file id. The H5 build posts the
 * bytes to the local host, which files them the same way.
 */
import Taro from '@tarojs/taro'
import { ApiCallError, call } from './client'
import { getDevOpenId } from './identity'
import { withPrivacy } from './wechat-privacy'
import { wallMs } from '../clock'

let uploadDir: Promise<string> | undefined

function randomName(): string {
  return `${wallMs().toString(36)}${Math.random().toString(36).slice(2, 10)}`
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * Uploads one chosen file (a local path, or on H5 a blob URL) to the caller's folder; returns its
 * file id. `failure` is what the person reads if it does not get there.
 */
async function uploadChosen(filePath: string, ext: string, failure: string, field: string): Promise<string> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      uploadDir ??= call('me.get', {}).then((me) => me.uploadDir)
      const res = await Taro.cloud.uploadFile({
        cloudPath: `${await uploadDir}${randomName()}.${ext}`,
        filePath,
      })
      return (await call('upload.record', { fileID: res.fileID })).fileID
    }
    const blob = await (await fetch(filePath)).blob()
    const res = await fetch(`${process.env.API_BASE ?? ''}/storage/upload`, {
      method: 'POST',
      headers: {
        'content-type': ext === 'xlsx' ? XLSX_TYPE : blob.type || 'application/octet-stream',
        'x-dev-openid': getDevOpenId(),
      },
      body: blob,
    })
    if (!res.ok) throw new Error(`upload ${res.status}`)
    const { fileID } = (await res.json()) as { fileID: string }
    // Recorded as on weapp: the quota is the api's, and only recorded files can be attached.
    return (await call('upload.record', { fileID })).fileID
  } catch (err) {
    uploadDir = undefined
    if (err instanceof ApiCallError) throw err
    throw new ApiCallError('NETWORK', failure, { [field]: failure })
  }
}

/** Uploads one chosen photo (a local path); returns its file id. */
export function uploadPhoto(filePath: string): Promise<string> {
  const ext = /\.(png|webp)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg'
  return uploadChosen(filePath, ext, '照片上传失败，请检查网络后重试', 'photos')
}

/**
 * Lets an admin pick an .xlsx workbook and uploads it; null if they chose none. In WeChat it comes
 * from a chat (where spreadsheets arrive); in the H5 build from the computer's files.
 */
export async function chooseAndUploadWorkbook(): Promise<string | null> {
  let path: string | null
  if (process.env.TARO_ENV === 'weapp') {
    const res = await withPrivacy('chooseMessageFile', () =>
      Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] }),
    ).catch(() => undefined)
    path = res?.tempFiles[0]?.path ?? null
  } else {
    path = await new Promise<string | null>((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,' + XLSX_TYPE
      input.onchange = () => resolve(input.files?.[0] ? URL.createObjectURL(input.files[0]) : null)
      input.click()
    })
  }
  return path ? uploadChosen(path, 'xlsx', '文件上传失败，请检查网络后重试', 'fileID') : null
}

/**
 * Lets the person pick up to `count` photos (wx.chooseMedia, images only; chooseImage is no longer
 * maintained) — none if they cancel or refuse WeChat's privacy authorisation; on weapp they are compressed first (a phone photo is often 3–8 MB, the server takes
 * at most 5 MB).
 */
export async function choosePhotos(count: number): Promise<string[]> {
  const res = await withPrivacy('chooseMedia', () =>
    Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    }),
  )
  if (!res) return []
  const paths = res.tempFiles.map((f) => f.tempFilePath).slice(0, count)
  if (process.env.TARO_ENV !== 'weapp') return paths
  return Promise.all(
    paths.map((src) =>
      Taro.compressImage({ src, quality: 70 }).then(
        (c) => c.tempFilePath,
        () => src,
      ),
    ),
  )
}
