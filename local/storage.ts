/**
 * Local answers to CloudBase storage as the SDK uses it: `storage.getUploadMetadata` (then a PUT
 * of the bytes to the returned URL, as to COS), `storage.batchGetDownloadUrl` (signed, expiring
 * URLs) and `storage.batchDeleteFile`. Files live under `<dataDir>/storage/`, so they survive a
 * restart like the database does. The H5 build's uploads come through the host (host.ts), which
 * stores them with the same SDK call a cloud function would make.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import type { ActionHandler } from './tcb/protocol'
import { wallMs } from '../src/clock'

/** The bucket part of a local file id: `cloud://local.local-bucket/<cloudPath>`. */
export const LOCAL_FILE_PREFIX = 'cloud://local.local-bucket/'
const MAX_FILE_BYTES = 50 * 1024 * 1024
const CLOUD_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_./-]{0,255}$/

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
}

export interface LocalStorage {
  actions: Record<string, ActionHandler>
  /** Serves PUT/GET under /cos/; false when the request is not for storage. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>
  /** Where uploads go (the database server) and where signed download links point (the host, if any). */
  setUrls(urls: { upload?: string; download?: string }): void
  /** The bytes of a stored file (tests). */
  fileOf(fileID: string): string | null
}

function safeCloudPath(p: string): string | null {
  if (!CLOUD_PATH.test(p) || p.split('/').some((seg) => seg === '..' || seg === '.' || seg === ''))
    return null
  return p
}

export function createLocalStorage(dataDir: string): LocalStorage {
  const root = path.join(dataDir, 'storage')
  const secret = randomBytes(16)
  let uploadBase = ''
  let downloadBase = ''

  const sign = (op: string, cloudPath: string, expires: number) =>
    createHmac('sha256', secret).update(`${op}\n${cloudPath}\n${expires}`).digest('hex')
  const signed = (base: string, op: 'put' | 'get', cloudPath: string, ttlSeconds: number) => {
    const expires = Math.floor(wallMs() / 1000) + ttlSeconds
    return `${base}cos/${cloudPath}?sign=${sign(op, cloudPath, expires)}&t=${expires}`
  }
  const valid = (op: string, cloudPath: string, url: URL) => {
    const expires = Number(url.searchParams.get('t'))
    const given = Buffer.from(url.searchParams.get('sign') ?? '', 'hex')
    const want = Buffer.from(sign(op, cloudPath, expires), 'hex')
    return expires * 1000 > wallMs() && given.length === want.length && timingSafeEqual(given, want)
  }
  const fileOf = (fileID: string): string | null => {
    if (!fileID.startsWith(LOCAL_FILE_PREFIX)) return null
    const cloudPath = safeCloudPath(fileID.slice(LOCAL_FILE_PREFIX.length))
    return cloudPath ? path.join(root, cloudPath) : null
  }

  return {
    setUrls(urls) {
      if (urls.upload) uploadBase = urls.upload
      if (urls.download) downloadBase = urls.download
    },
    fileOf,
    actions: {
      'storage.getUploadMetadata': (body) => {
        const cloudPath = safeCloudPath(String(body.path ?? ''))
        if (!cloudPath) return { code: 'INVALID_PARAM', message: 'invalid cloudPath' }
        return {
          data: {
            url: signed(uploadBase, 'put', cloudPath, 600),
            token: 'local',
            authorization: 'local',
            fileId: `${LOCAL_FILE_PREFIX}${cloudPath}`,
            cosFileId: cloudPath,
          },
        }
      },
      'storage.batchGetDownloadUrl': (body) => {
        const list = (body.file_list ?? []) as { fileid: string; max_age?: number }[]
        return {
          data: {
            download_list: list.map((f) => {
              const file = fileOf(f.fileid)
              if (!file || !existsSync(file))
                return {
                  fileid: f.fileid,
                  fileID: f.fileid,
                  code: 'STORAGE_FILE_NONEXIST',
                  download_url: '',
                  tempFileURL: '',
                }
              const cloudPath = f.fileid.slice(LOCAL_FILE_PREFIX.length)
              const url = signed(
                downloadBase || uploadBase,
                'get',
                cloudPath,
                Math.min(f.max_age ?? 3600, 86400),
              )
              return {
                fileid: f.fileid,
                fileID: f.fileid,
                code: 'SUCCESS',
                download_url: url,
                tempFileURL: url,
              }
            }),
          },
        }
      },
      'storage.batchDeleteFile': (body) => {
        const list = (body.fileid_list ?? []) as string[]
        return {
          data: {
            delete_list: list.map((id) => {
              const file = fileOf(id)
              if (!file || !existsSync(file)) return { fileID: id, code: 'STORAGE_FILE_NONEXIST' }
              rmSync(file)
              return { fileID: id, code: 'SUCCESS' }
            }),
          },
        }
      },
    },
    async serve(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (!url.pathname.startsWith('/cos/')) return false
      const deny = (status: number, code: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' })
        res.end(
          `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>`,
        )
        return true
      }
      let cloudPath: string | null
      try {
        cloudPath = safeCloudPath(decodeURIComponent(url.pathname.slice('/cos/'.length)))
      } catch {
        cloudPath = null // a malformed % escape
      }
      if (!cloudPath) return deny(400, 'InvalidURI')
      const file = path.join(root, cloudPath)
      if (req.method === 'PUT') {
        if (!valid('put', cloudPath, url)) return deny(403, 'SignatureDoesNotMatch')
        const chunks: Buffer[] = []
        let size = 0
        for await (const chunk of req as AsyncIterable<Buffer>) {
          size += chunk.length
          if (size > MAX_FILE_BYTES) return deny(400, 'EntityTooLarge')
          chunks.push(chunk)
        }
        mkdirSync(path.dirname(file), { recursive: true })
        writeFileSync(file, Buffer.concat(chunks))
        res.writeHead(200)
        res.end('')
        return true
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (!valid('get', cloudPath, url)) return deny(403, 'AccessDenied')
        if (!existsSync(file)) return deny(404, 'NoSuchKey')
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-length': statSync(file).size,
          'cache-control': 'private, max-age=3600',
        })
        if (req.method === 'HEAD') res.end()
        else createReadStream(file).pipe(res)
        return true
      }
      return deny(405, 'MethodNotAllowed')
    },
  }
}
