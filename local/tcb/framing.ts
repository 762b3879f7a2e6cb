/**
 * Checksummed lines, the on-disk unit of both the journal and the snapshot:
 *
 *   <crc32 of payload, 8 hex> <space> <payload JSON, no raw newlines> \n
 *
 * A crash can leave the last line of an append-only file incomplete. The checksum (and the
 * missing newline) let the reader tell a torn tail, which was never acknowledged and is dropped,
 * from damage in the middle, which would silently lose acknowledged writes and so stops startup.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** Node 20 has no zlib.crc32 (added in 22.2), hence the table. */
export function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8')
  const crc = crc32(body).toString(16).padStart(8, '0')
  return Buffer.concat([Buffer.from(crc + ' ', 'latin1'), body, Buffer.from('\n', 'latin1')])
}

export interface ReadFramesResult {
  payloads: string[]
  /** Bytes up to and including the last good line; what the file should be truncated to. */
  goodLength: number
  /** Bytes after goodLength: a torn tail when nothing valid follows it. */
  tailBytes: number
}

const NL = 0x0a

export function readFrames(buf: Buffer, fileLabel: string): ReadFramesResult {
  const payloads: string[] = []
  let pos = 0
  while (pos < buf.length) {
    const nl = buf.indexOf(NL, pos)
    const payload = nl === -1 ? null : checkLine(buf, pos, nl)
    if (payload === null) {
      if (validLineFollows(buf, nl === -1 ? buf.length : nl + 1)) {
        throw new Error(
          `${fileLabel}: damaged record at byte ${pos} followed by intact records; refusing to start ` +
            'rather than drop acknowledged writes. Inspect or move the file away.',
        )
      }
      return { payloads, goodLength: pos, tailBytes: buf.length - pos }
    }
    payloads.push(payload)
    pos = nl + 1
  }
  return { payloads, goodLength: pos, tailBytes: 0 }
}

function checkLine(buf: Buffer, start: number, nl: number): string | null {
  if (nl - start < 10 || buf[start + 8] !== 0x20) return null
  const crcText = buf.toString('latin1', start, start + 8)
  if (!/^[0-9a-f]{8}$/.test(crcText)) return null
  const body = buf.subarray(start + 9, nl)
  if (crc32(body) !== parseInt(crcText, 16)) return null
  return body.toString('utf8')
}

function validLineFollows(buf: Buffer, from: number): boolean {
  let pos = from
  while (pos < buf.length) {
    const nl = buf.indexOf(NL, pos)
    if (nl === -1) return false
    if (checkLine(buf, pos, nl) !== null) return true
    pos = nl + 1
  }
  return false
}
