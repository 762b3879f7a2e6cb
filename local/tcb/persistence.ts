/**
 * Puts the store on disk under a data dir:
 *
 *   snapshot.jsonl   the store at some sequence number (see snapshot.ts)
 *   journal.jsonl    every commit after it, one checksummed line each (see journal.ts)
 *   LOCK             pid of the process that owns the dir
 *
 * Startup loads the snapshot, replays the journal (records at or below the snapshot's sequence
 * number are skipped, so a crash between writing a snapshot and truncating the journal is
 * harmless), drops a torn last line, rebuilds the indexes, and compacts: a fresh snapshot, an
 * empty journal. A commit is acknowledged only once its journal line is written (and, with fsync
 * on, fdatasync'ed), so acknowledged writes survive kill -9 and, with fsync, power loss.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { encodeStored, parseStored } from './codec'
import { readFrames } from './framing'
import { JournalWriter } from './journal'
import { fsyncDir, readSnapshot, writeSnapshot } from './snapshot'
import { SqlitePersistence } from './sqlite'
import type { Store, WriteOp } from './store'
import type { Doc } from './values'

/** Under evaluation (issue 14): the journal + snapshot files, or one SQLite database. */
export type PersistenceEngine = 'journal' | 'sqlite'

export interface PersistenceOptions {
  dir: string
  /** Default 'journal'. */
  engine?: PersistenceEngine
  /** fdatasync each group commit; default true. */
  fsync?: boolean
  log?: (msg: string) => void
}

export interface LoadReport {
  engine: PersistenceEngine
  /** The store's sequence number after loading. */
  seq: number
  /** journal: the snapshot's sequence number, and the journal records replayed after it. */
  snapshotSeq: number
  replayed: number
  tornBytes: number
  docs: number
  ms: number
}

export interface FlushStats {
  flushes: number
  records: number
  bytes: number
  syncMs: number
}

/** What the server needs from a data dir, whichever engine keeps it. */
export interface DurableLog {
  readonly dir: string
  readonly report: LoadReport
  readonly stats: FlushStats
  /** Resolves once every commit up to `seq` is durable. */
  waitDurable(seq: number): Promise<void>
  close(): Promise<void>
}

export async function openPersistence(store: Store, opts: PersistenceOptions): Promise<DurableLog> {
  if (opts.engine !== 'sqlite') return Persistence.open(store, opts)
  const p = await SqlitePersistence.open(store, opts)
  return {
    dir: p.dir,
    report: {
      engine: 'sqlite',
      seq: 0,
      snapshotSeq: 0,
      replayed: 0,
      tornBytes: 0,
      docs: p.report.docs,
      ms: p.report.ms,
    },
    stats: p.stats,
    waitDurable: (seq) => p.waitDurable(seq),
    close: () => p.close(),
  }
}

const openDirs = new Set<string>()

export class Persistence implements DurableLog {
  readonly dir: string
  readonly report: LoadReport
  private readonly store: Store
  private readonly journal: JournalWriter
  private readonly compactedSeq: number
  private closed = false

  private constructor(dir: string, store: Store, journal: JournalWriter, report: LoadReport) {
    this.dir = dir
    this.store = store
    this.journal = journal
    this.report = report
    this.compactedSeq = store.seq
  }

  static async open(store: Store, opts: PersistenceOptions): Promise<Persistence> {
    const dir = resolve(opts.dir)
    const log = opts.log ?? ((m: string) => process.stderr.write(`[local-tcb] ${m}\n`))
    mkdirSync(dir, { recursive: true })
    acquireLock(dir)
    try {
      const t0 = performance.now()
      const snapPath = join(dir, 'snapshot.jsonl')
      const journalPath = join(dir, 'journal.jsonl')
      let snapshotSeq = 0
      if (existsSync(snapPath)) {
        const snap = readSnapshot(snapPath)
        snapshotSeq = snap.seq
        for (const c of snap.collections) {
          store.replay(snap.seq, [
            { op: 'create', c: c.name },
            ...c.docs.map((doc): WriteOp => ({ op: 'put', c: c.name, doc })),
          ])
        }
        store.setSeq(snap.seq)
      }
      const { replayed, tornBytes } = replayJournal(store, journalPath, snapshotSeq)
      if (tornBytes > 0) log(`journal: dropped a torn last record (${tornBytes} bytes, never acknowledged)`)
      store.rebuildIndexes()
      if (replayed > 0 || tornBytes > 0 || !existsSync(snapPath)) {
        writeSnapshot(snapPath, store.seq, collectionsOf(store))
      }
      // Truncating after the snapshot is durable; until then the journal still holds the truth.
      writeFileSync(journalPath, '')
      syncFile(journalPath)
      fsyncDir(dir)
      const docs = store.collectionNames.reduce((n, c) => n + (store.read(c)?.docs.size ?? 0), 0)
      const report: LoadReport = {
        engine: 'journal',
        seq: store.seq,
        snapshotSeq,
        replayed,
        tornBytes,
        docs,
        ms: Math.round(performance.now() - t0),
      }
      const journal = await JournalWriter.open(journalPath, store.seq, { fsync: opts.fsync !== false })
      const p = new Persistence(dir, store, journal, report)
      store.onCommit((seq, ops) => journal.append(seq, encodeStored({ seq, ops })))
      return p
    } catch (e) {
      releaseLock(dir)
      throw e
    }
  }

  waitDurable(seq: number): Promise<void> {
    return this.journal.waitDurable(seq)
  }

  get stats(): FlushStats {
    return this.journal.stats
  }

  /** Drains the journal and, if anything was written, compacts so the next start is quick. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.store.onCommit(null)
    try {
      await this.journal.close()
      if (!this.journal.failed && this.store.seq !== this.compactedSeq) {
        writeSnapshot(join(this.dir, 'snapshot.jsonl'), this.store.seq, collectionsOf(this.store))
        writeFileSync(join(this.dir, 'journal.jsonl'), '')
        syncFile(join(this.dir, 'journal.jsonl'))
      }
    } finally {
      releaseLock(this.dir)
    }
  }
}

function replayJournal(
  store: Store,
  path: string,
  snapshotSeq: number,
): { replayed: number; tornBytes: number } {
  if (!existsSync(path)) return { replayed: 0, tornBytes: 0 }
  const { payloads, tailBytes } = readFrames(readFileSync(path), path)
  let replayed = 0
  let expected = snapshotSeq + 1
  for (const p of payloads) {
    const rec = parseStored(p) as { seq?: unknown; ops?: unknown }
    if (typeof rec.seq !== 'number' || !Array.isArray(rec.ops)) throw new Error(`${path}: malformed record`)
    if (rec.seq <= snapshotSeq) continue
    if (rec.seq !== expected) {
      throw new Error(`${path}: expected record ${expected} but found ${rec.seq}; the journal is damaged`)
    }
    store.replay(rec.seq, rec.ops as WriteOp[])
    expected++
    replayed++
  }
  return { replayed, tornBytes: tailBytes }
}

function* collectionsOf(store: Store): Generator<{ name: string; docs: Iterable<Doc> }> {
  for (const name of store.collectionNames) {
    const c = store.read(name)
    if (c) yield { name, docs: Array.from(c.docs.values(), (e) => e.doc) }
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * One process per data dir: two writers appending to one journal would corrupt it. A LOCK file
 * left by a killed process is taken over once its pid is gone.
 */
function acquireLock(dir: string): void {
  if (openDirs.has(dir)) throw new Error(`data dir ${dir} is already open in this process`)
  const lock = join(dir, 'LOCK')
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`data dir ${dir} is in use by process ${pid}`)
    }
  }
  writeFileSync(lock, String(process.pid))
  openDirs.add(dir)
}

function releaseLock(dir: string): void {
  if (!openDirs.delete(dir)) return
  try {
    rmSync(join(dir, 'LOCK'), { force: true })
  } catch {
    // Leaving a stale lock is harmless: the next start sees its pid is gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
