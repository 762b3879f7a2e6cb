/**
 * Puts the store on disk under a data dir, as one SQLite database in WAL mode:
 *
 *   store.sqlite       docs(c, k, doc): one row per document (collection id, keyOf(_id), stored
 *                      EJSON); collections(id, name): every collection created or written, so
 *                      empty ones come back too; meta(k, v): the format
 *   store.sqlite-wal   SQLite's write-ahead log while the dir is open (a clean close folds it in)
 *   LOCK               pid of the process that owns the dir, for the "in use" message only
 *
 * The in-memory store (store.ts) stays the query engine; SQLite is only its durable copy. A
 * worker thread (sqlite-worker.cjs) owns the connection, so SQLite's synchronous writes and fsyncs
 * never block the server. Commits are queued here in sequence order; whenever the worker is idle
 * everything queued goes to it as one batch, written in one SQLite transaction, and the waiters up
 * to the batch's last sequence number are resolved when the worker reports it committed. While a
 * batch is in flight the next one accumulates, so concurrent writers share a transaction and its
 * fsync. A commit is acknowledged only after that: with fsync on (synchronous=FULL) the WAL has
 * been fsynced, so it survives power loss; with fsync off (synchronous=NORMAL) it is in the page
 * cache, which survives kill -9. Atomic batches, torn WAL frames and compaction (checkpoints) are
 * SQLite's.
 *
 * Upserts keep a row's rowid and new rows get a larger one, so rowid order is the store's insertion
 * order, and start-up restores natural order by reading the table in rowid order. The worker
 * streams the rows in chunks while this thread parses them, packs each (the store's compact form)
 * and adds it to the indexes; a chunk's parsed objects are garbage once it is in.
 *
 * The connection uses locking_mode=EXCLUSIVE: SQLite locks the file for as long as it is open, the
 * kernel drops the lock when the process dies (kill -9 included), and another process (or a
 * second open in this one) gets SQLITE_BUSY.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { encodeStored, parseStored } from './codec'
import type { Store, WriteOp } from './store'
import { type Doc, keyOf } from './values'

const FILE = 'store.sqlite'
const FORMAT = 'localtcb-sqlite/1'
/** Documents per message while loading. */
const LOAD_CHUNK = 5_000

export interface PersistenceOptions {
  dir: string
  /** fsync each commit (synchronous=FULL); default true. false (NORMAL) still survives kill -9. */
  fsync?: boolean
  log?: (msg: string) => void
}

export interface LoadReport {
  docs: number
  ms: number
  /** The WAL of a process that did not close the dir (crash, kill -9) was recovered. */
  recovered: boolean
}

/** One write, encoded when the store commits it (after-images are encoded once, eagerly). */
type Row =
  | { t: 'put'; c: string; k: string; doc: string }
  | { t: 'del'; c: string; k: string }
  | { t: 'create'; c: string }

type FromWorker =
  | { t: 'busy' }
  | { t: 'error'; message: string }
  | { t: 'collections'; names: string[] }
  | { t: 'rows'; c: string; docs: string[] }
  | { t: 'loaded' }
  | { t: 'durable'; seq: number; ms: number }
  | { t: 'failed'; message: string }

interface Waiter {
  seq: number
  resolve: () => void
  reject: (e: Error) => void
}

const openDirs = new Set<string>()

export class Persistence {
  readonly dir: string
  readonly report: LoadReport
  /** Flush statistics, for the benchmark report (syncMs: time inside SQLite's transactions). */
  readonly stats = { flushes: 0, records: 0, bytes: 0, syncMs: 0 }
  private readonly worker: Worker
  private readonly exited: Promise<void>
  private readonly store: Store
  private queue: Row[] = []
  private queuedRecords = 0
  private queuedSeq = 0
  private inFlight: { seq: number; records: number; bytes: number } | null = null
  private scheduled = false
  private durableSeq: number
  private waiters: Waiter[] = []
  private failure: Error | null = null
  private closing: Promise<void> | null = null
  private drained: (() => void) | null = null

  private constructor(dir: string, worker: Worker, exited: Promise<void>, store: Store, report: LoadReport) {
    this.dir = dir
    this.worker = worker
    this.exited = exited
    this.store = store
    this.report = report
    this.durableSeq = store.seq
    worker.on('message', (m: FromWorker) => this.onMessage(m))
    worker.on('error', (e) => this.fail(`sqlite worker failed: ${e.message}`))
    worker.on('exit', () => {
      if (!this.closing) this.fail('sqlite worker exited')
    })
  }

  static async open(store: Store, opts: PersistenceOptions): Promise<Persistence> {
    const dir = resolve(opts.dir)
    const log = opts.log ?? ((m: string) => process.stderr.write(`[local-tcb] ${m}\n`))
    if (openDirs.has(dir)) throw new Error(`data dir ${dir} is already open in this process`)
    refuseJournalFormat(dir)
    mkdirSync(dir, { recursive: true })
    openDirs.add(dir)
    const recovered = existsSync(join(dir, `${FILE}-wal`))
    const t0 = performance.now()
    const worker = new Worker(join(__dirname, 'sqlite-worker.cjs'), {
      // Plain CommonJS: no need for the parent's loaders (tsx's hooks cost ~0.3 s per start).
      execArgv: [],
      workerData: {
        path: join(dir, FILE),
        fsync: opts.fsync !== false,
        format: FORMAT,
        chunk: LOAD_CHUNK,
        sqlite: require.resolve('better-sqlite3'),
      },
    })
    const exited = new Promise<void>((ok) => worker.once('exit', () => ok()))
    try {
      const docs = await load(worker, store, dir)
      writeFileSync(join(dir, 'LOCK'), String(process.pid))
      const report = { docs, ms: Math.round(performance.now() - t0), recovered }
      if (recovered) log('the data dir was not closed (crash or kill); SQLite recovered its write-ahead log')
      const p = new Persistence(dir, worker, exited, store, report)
      store.onCommit((s, ops) => p.append(s, ops))
      return p
    } catch (e) {
      openDirs.delete(dir)
      await stop(worker, exited)
      throw e
    }
  }

  waitDurable(seq: number): Promise<void> {
    if (seq <= this.durableSeq) return Promise.resolve()
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }))
  }

  get failed(): Error | null {
    return this.failure
  }

  /** Writes what is queued, then closes the database (SQLite checkpoints and removes the WAL). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.store.onCommit(null)
      try {
        if (!this.failure) {
          this.send()
          if (this.inFlight) await new Promise<void>((ok) => (this.drained = ok))
        }
        await stop(this.worker, this.exited)
      } finally {
        openDirs.delete(this.dir)
        rmSync(join(this.dir, 'LOCK'), { force: true })
      }
    })()
    return this.closing
  }

  private append(seq: number, ops: WriteOp[]): void {
    if (this.failure) throw this.failure
    for (const op of ops) {
      if (op.op === 'put') {
        this.queue.push({ t: 'put', c: op.c, k: keyOf(op.doc._id), doc: encodeStored(op.doc) })
      } else if (op.op === 'del') {
        this.queue.push({ t: 'del', c: op.c, k: keyOf(op.id) })
      } else {
        this.queue.push({ t: 'create', c: op.c })
      }
    }
    this.queuedRecords++
    this.queuedSeq = seq
    // Commits made in the same callback go in one batch; while it is in flight the next accumulates.
    if (!this.inFlight && !this.scheduled) {
      this.scheduled = true
      queueMicrotask(() => this.send())
    }
  }

  /** Hands everything queued to the worker, unless a batch is still in flight. */
  private send(): void {
    this.scheduled = false
    if (this.inFlight || this.queuedRecords === 0 || this.failure) return
    const rows = this.queue
    let bytes = 0
    for (const r of rows) if (r.t === 'put') bytes += r.doc.length
    this.inFlight = { seq: this.queuedSeq, records: this.queuedRecords, bytes }
    this.queue = []
    this.queuedRecords = 0
    this.worker.postMessage({ t: 'write', seq: this.inFlight.seq, rows })
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'durable') {
      const batch = this.inFlight
      this.inFlight = null
      if (!batch || batch.seq !== m.seq) return this.fail(`sqlite worker acknowledged ${m.seq} out of order`)
      this.stats.flushes++
      this.stats.records += batch.records
      this.stats.bytes += batch.bytes
      this.stats.syncMs += m.ms
      this.durableSeq = m.seq
      const still: Waiter[] = []
      for (const w of this.waiters) {
        if (w.seq <= m.seq) w.resolve()
        else still.push(w)
      }
      this.waiters = still
      this.send()
      if (!this.inFlight) this.drained?.()
    } else if (m.t === 'failed') {
      this.fail(`sqlite write failed; refusing further writes: ${m.message}`)
    }
  }

  /**
   * After a failed write the store holds commits the database does not; nothing after them may be
   * acknowledged, so every later write is refused too.
   */
  private fail(message: string): void {
    this.failure ??= new Error(message)
    this.inFlight = null
    for (const w of this.waiters) w.reject(this.failure)
    this.waiters = []
    this.drained?.()
  }
}

/**
 * Receives the worker's opening messages and loads the rows into the store; resolves to the number
 * of documents. Sequence numbers start at 0 again: they only order one run's commits (transactions
 * and history do not outlive it), so the database does not keep them.
 */
function load(worker: Worker, store: Store, dir: string): Promise<number> {
  return new Promise((ok, fail) => {
    let docs = 0
    const onError = (e: Error) => done(e)
    const onExit = () => done(new Error('sqlite worker exited while opening the data dir'))
    const done = (e: Error | null) => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (e) fail(e)
      else ok(docs)
    }
    const onMessage = (m: FromWorker) => {
      try {
        if (m.t === 'busy') {
          done(new Error(`data dir ${dir} is in use by process ${lockOwner(dir)}`))
        } else if (m.t === 'error') {
          done(new Error(m.message))
        } else if (m.t === 'collections') {
          store.replay(
            0,
            m.names.map((c): WriteOp => ({ op: 'create', c })),
          )
        } else if (m.t === 'rows') {
          store.replay(
            0,
            m.docs.map((text): WriteOp => ({ op: 'put', c: m.c, doc: parseStored(text) as Doc })),
          )
          docs += m.docs.length
        } else if (m.t === 'loaded') {
          done(null)
        }
      } catch (e) {
        done(e as Error)
      }
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
  })
}

/** Closes the worker's connection if it has one (a terminated thread would leave it to cleanup). */
async function stop(worker: Worker, exited: Promise<void>): Promise<void> {
  worker.postMessage({ t: 'close' })
  const timer = setTimeout(() => void worker.terminate(), 5_000)
  await exited
  clearTimeout(timer)
}

/**
 * Before SQLite, local/tcb kept a snapshot and a journal of checksummed lines. It no longer reads
 * them; starting empty beside them would look like lost data, so such a dir is refused.
 */
function refuseJournalFormat(dir: string): void {
  const old = ['snapshot.jsonl', 'journal.jsonl'].filter((f) => existsSync(join(dir, f)))
  if (old.length > 0 && !existsSync(join(dir, FILE))) {
    throw new Error(
      `data dir ${dir} holds ${old.join(' and ')}, the format local/tcb used before SQLite, which it ` +
        'no longer reads. Move the dir away, or start afresh (npm start -- --reset).',
    )
  }
}

function lockOwner(dir: string): string {
  try {
    return readFileSync(join(dir, 'LOCK'), 'utf8').trim() || 'unknown'
  } catch {
    return 'unknown'
  }
}
