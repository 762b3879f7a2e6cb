/**
 * The append-only journal with group commit. Commits are queued in sequence order; one flush
 * writes everything queued so far with a single write() and a single fdatasync(), then resolves
 * every waiter up to the last sequence number it covered. While a flush is in flight (in libuv's
 * thread pool) new commits accumulate for the next one, so concurrent writers share an fsync.
 *
 * If a write or sync ever fails the journal refuses all further work: after a failed fsync the
 * kernel may have dropped the dirty pages, and carrying on would acknowledge writes that are gone.
 */
import { promises as fsp } from 'node:fs'
import { frame } from './framing'

export interface JournalOptions {
  /** fdatasync before acknowledging (power-loss safe). false still survives kill -9. */
  fsync: boolean
}

interface Waiter {
  seq: number
  resolve: () => void
  reject: (e: Error) => void
}

export class JournalWriter {
  private readonly fh: fsp.FileHandle
  private readonly opts: JournalOptions
  private queue: Array<{ seq: number; buf: Buffer }> = []
  private waiters: Waiter[] = []
  private flushing: Promise<void> | null = null
  private durableSeq: number
  private failure: Error | null = null
  /** Flush statistics, for the benchmark report. */
  readonly stats = { flushes: 0, records: 0, bytes: 0, syncMs: 0 }

  private constructor(fh: fsp.FileHandle, durableSeq: number, opts: JournalOptions) {
    this.fh = fh
    this.durableSeq = durableSeq
    this.opts = opts
  }

  static async open(path: string, durableSeq: number, opts: JournalOptions): Promise<JournalWriter> {
    return new JournalWriter(await fsp.open(path, 'a'), durableSeq, opts)
  }

  /** Queues a record; call in sequence order. Durability is awaited with waitDurable. */
  append(seq: number, payload: string): void {
    if (this.failure) throw this.failure
    this.queue.push({ seq, buf: frame(payload) })
    if (!this.flushing) this.flushing = this.flushLoop()
  }

  waitDurable(seq: number): Promise<void> {
    if (seq <= this.durableSeq) return Promise.resolve()
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }))
  }

  get failed(): Error | null {
    return this.failure
  }

  /** Waits for everything queued, then closes the file. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing
    await this.fh.close()
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue
        this.queue = []
        const data = batch.length === 1 ? batch[0].buf : Buffer.concat(batch.map((b) => b.buf))
        let off = 0
        while (off < data.length) {
          const { bytesWritten } = await this.fh.write(data, off, data.length - off)
          off += bytesWritten
        }
        if (this.opts.fsync) {
          const t0 = performance.now()
          await this.fh.datasync()
          this.stats.syncMs += performance.now() - t0
        }
        this.stats.flushes++
        this.stats.records += batch.length
        this.stats.bytes += data.length
        this.durableSeq = batch[batch.length - 1].seq
        this.release()
      }
    } catch (e) {
      this.failure = new Error(`journal write failed; refusing further writes: ${(e as Error).message}`)
      for (const w of this.waiters) w.reject(this.failure)
      this.waiters = []
    } finally {
      this.flushing = null
    }
  }

  private release(): void {
    const still: Waiter[] = []
    for (const w of this.waiters) {
      if (w.seq <= this.durableSeq) w.resolve()
      else still.push(w)
    }
    this.waiters = still
  }
}
