/**
 * Snapshot files: the whole store at one sequence number, as checksummed lines.
 *
 *   header {format, seq} · per collection {collection, count} then `count` document lines · {end}
 *
 * A snapshot is written to a temporary file, fsynced and renamed into place (then the directory is
 * fsynced), so a crash leaves either the old snapshot or the new one, never a mix. The trailer
 * proves the file is complete.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { encodeStored, parseStored } from './codec'
import { frame, readFrames } from './framing'
import type { Doc } from './values'

const FORMAT = 'localtcb-snapshot/1'

export interface SnapshotCollection {
  name: string
  docs: Doc[]
}

export interface SnapshotData {
  seq: number
  collections: SnapshotCollection[]
}

export function writeSnapshot(
  path: string,
  seq: number,
  collections: Iterable<{ name: string; docs: Iterable<Doc> }>,
): void {
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    const chunks: Buffer[] = []
    let pending = 0
    const emit = (payload: string) => {
      const b = frame(payload)
      chunks.push(b)
      pending += b.length
      if (pending >= 1 << 20) flush()
    }
    const flush = () => {
      const buf = Buffer.concat(chunks)
      let off = 0
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
      chunks.length = 0
      pending = 0
    }
    emit(JSON.stringify({ format: FORMAT, seq }))
    let total = 0
    let count = 0
    for (const c of collections) {
      const docs = Array.from(c.docs)
      emit(JSON.stringify({ collection: c.name, count: docs.length }))
      for (const d of docs) emit(encodeStored(d))
      total += docs.length
      count++
    }
    emit(JSON.stringify({ end: true, collections: count, docs: total }))
    flush()
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  fsyncDir(dirname(path))
}

export function readSnapshot(path: string): SnapshotData {
  const { payloads, tailBytes } = readFrames(readFileSync(path), path)
  const fail = (why: string): never => {
    throw new Error(`${path}: ${why}; the snapshot is damaged. Move the data dir away to start fresh.`)
  }
  if (tailBytes > 0) fail('incomplete line')
  const header = JSON.parse(payloads[0] ?? 'null') as { format?: string; seq?: number } | null
  if (header?.format !== FORMAT || typeof header.seq !== 'number') fail('unknown header')
  const collections: SnapshotCollection[] = []
  let i = 1
  for (;;) {
    if (i >= payloads.length) fail('missing trailer')
    const meta = JSON.parse(payloads[i++]) as {
      collection?: string
      count?: number
      end?: boolean
      docs?: number
    }
    if (meta.end) {
      const total = collections.reduce((n, c) => n + c.docs.length, 0)
      if (meta.docs !== total || i !== payloads.length) fail('trailer does not match content')
      break
    }
    if (typeof meta.collection !== 'string' || typeof meta.count !== 'number') fail('bad collection line')
    const docs: Doc[] = []
    for (let k = 0; k < (meta.count as number); k++) {
      if (i >= payloads.length) fail('truncated collection')
      docs.push(parseStored(payloads[i++]) as Doc)
    }
    collections.push({ name: meta.collection as string, docs })
  }
  return { seq: (header as { seq: number }).seq, collections }
}

/** Makes a rename or a new file's directory entry durable (Linux needs the directory fsynced). */
export function fsyncDir(dir: string): void {
  let fd: number | null = null
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== null) closeSync(fd)
  }
}
