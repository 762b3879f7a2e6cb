/**
 * Cloud storage as the app uses it: read a file a client uploaded (to check it), and hand out
 * short-lived links to the people allowed to see it. CloudBase storage in production; the local
 * environment answers the same SDK calls (local/storage.ts).
 */
import { AppError } from '../../src/domain/errors'
import type { CloudApp } from './db'

export interface FileStore {
  /** The bytes, or null if there is no such file. */
  read(fileID: string): Promise<Buffer | null>
  /** Stores bytes at `cloudPath`; returns the file id. */
  write(cloudPath: string, bytes: Buffer): Promise<string>
  /** Temporary links (fileID → URL), valid for `maxAgeSeconds`. Missing files are left out. */
  links(fileIDs: string[], maxAgeSeconds: number): Promise<Map<string, string>>
  /** Deletes files (missing ones are no error); 50 at a time, as CloudBase takes them. */
  remove(fileIDs: string[]): Promise<void>
}

export function cloudFiles(app: CloudApp): FileStore {
  return {
    async read(fileID) {
      try {
        const res = await app.downloadFile({ fileID })
        const content = res.fileContent
        return content === undefined ? null : Buffer.from(content)
      } catch (err) {
        const code = (err as { code?: string }).code ?? ''
        if (/NONEXIST|NOT_EXIST|NotFound|NoSuchKey/i.test(`${code} ${(err as Error).message}`)) return null
        throw err
      }
    },
    async write(cloudPath, bytes) {
      return (await app.uploadFile({ cloudPath, fileContent: bytes })).fileID
    },
    async links(fileIDs, maxAgeSeconds) {
      if (fileIDs.length === 0) return new Map()
      const res = await app.getTempFileURL({
        fileList: fileIDs.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })),
      })
      return new Map(
        res.fileList.filter((f) => f.code === 'SUCCESS').map((f) => [f.fileID, f.tempFileURL] as const),
      )
    },
    async remove(fileIDs) {
      for (let i = 0; i < fileIDs.length; i += 50) {
        const res = await app.deleteFile({ fileList: fileIDs.slice(i, i + 50) })
        const failed = res.fileList.filter((f) => f.code !== 'SUCCESS' && !/NONEXIST|NOT_EXIST/i.test(f.code))
        if (failed.length)
          throw new Error(`deleteFile: ${failed.map((f) => `${f.fileID} ${f.code}`).join(', ')}`)
      }
    },
  }
}

/** One file's short-lived link (10 minutes by default); the file was just written, so it must exist. */
export async function linkOf(
  files: FileStore,
  fileID: string,
  maxAgeSeconds = 600,
  failure = '文件生成失败，请稍后再试',
): Promise<string> {
  const link = (await files.links([fileID], maxAgeSeconds)).get(fileID)
  if (!link) throw new AppError('INTERNAL', failure)
  return link
}
