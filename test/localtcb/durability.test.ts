/**
 * Acknowledged writes survive kill -9: the CLI runs as a child process, takes concurrent writes
 * through the SDK, is SIGKILLed mid-stream (no graceful shutdown), and restarted on the same data
 * dir. Also: a torn last WAL frame is dropped, a dir in use is refused, and so is a dir in the
 * journal format of earlier versions.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connectSdk } from '../../local/tcb/sdk'
import { ROOT, tempDir, writeConfig } from './helpers'

// Requests cut off by the kill fail at once, but the SDK only clears its 3-second "slow request"
// warning timer on success; without this they print long after the test.
process.env.SILENCE = 'true'

interface Child {
  proc: ChildProcess
  url: string
  stderr: () => string
}

/** One node process (not npx/tsx wrappers, whose child would survive the kill). */
function startChild(dataDir: string, configPath: string): Promise<Child> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'local/tcb/main.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
      '--config',
      configPath,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000)
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /LOCAL_TCB_READY (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ proc, url: m[1], stderr: () => err })
      }
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}: ${err}`))
    })
  })
}

function kill9(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return resolve()
    child.proc.once('exit', () => resolve())
    child.proc.kill('SIGKILL')
  })
}

async function stopGracefully(child: Child): Promise<void> {
  await new Promise<void>((resolve) => {
    child.proc.once('exit', () => resolve())
    child.proc.kill('SIGTERM')
  })
}

let dir: string
let configPath: string
let dataDir: string

beforeEach(() => {
  dir = tempDir('localtcb-dur-')
  configPath = writeConfig(dir)
  dataDir = join(dir, 'data')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('kill -9', () => {
  it('keeps every acknowledged write', async () => {
    const first = await startChild(dataDir, configPath)
    const db = connectSdk(first.url).database()
    const _ = db.command
    await db.collection('counters').add({ _id: 'hits', n: 0 })

    const ackedInserts: string[] = []
    let ackedIncrements = 0
    let attemptedIncrements = 0
    let stop = false
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          if (i % 2 === 0) {
            const id = `w${w}-${i}`
            await db.collection('items').add({ _id: id, w, i, at: new Date(Date.UTC(2026, 10, 25, 2, 0, i)) })
            ackedInserts.push(id)
          } else {
            attemptedIncrements++
            const r = await db
              .collection('counters')
              .doc('hits')
              .update({ n: _.inc(1) })
            if (r.updated === 1) ackedIncrements++
          }
        } catch {
          return // the server is gone
        }
      }
    }
    const workers = Array.from({ length: 16 }, (_unused, w) => worker(w))
    while (ackedInserts.length < 300) await new Promise((r) => setTimeout(r, 5))
    await kill9(first)
    stop = true
    await Promise.all(workers)

    // Nothing was closed: the writes are (at least partly) still in SQLite's write-ahead log.
    expect(statSync(join(dataDir, 'store.sqlite-wal')).size).toBeGreaterThan(0)

    const second = await startChild(dataDir, configPath)
    try {
      const db2 = connectSdk(second.url).database()
      const present = new Set<string>()
      for (let offset = 0; ; offset += 1000) {
        const page = await db2.collection('items').where({}).skip(offset).limit(1000).get()
        for (const d of page.data as Array<{ _id: string }>) present.add(d._id)
        if (page.data.length < 1000) break
      }
      const missing = ackedInserts.filter((id) => !present.has(id))
      expect(missing).toEqual([])
      const [{ n }] = (await db2.collection('counters').doc('hits').get()).data
      expect(n).toBeGreaterThanOrEqual(ackedIncrements)
      expect(n).toBeLessThanOrEqual(attemptedIncrements)
      if (process.env.LOCALTCB_VERBOSE) {
        console.log({
          ackedInserts: ackedInserts.length,
          present: present.size,
          ackedIncrements,
          n,
          attemptedIncrements,
        })
      }
      // And it keeps working after recovery.
      await db2.collection('items').add({ _id: 'after-restart' })
      expect((await db2.collection('items').doc('after-restart').get()).data).toHaveLength(1)
    } finally {
      await stopGracefully(second)
    }
  })
})

describe('recovery', () => {
  /** Every collection's documents, by id, as the SDK returns them, and their natural order. */
  async function dump(url: string): Promise<Record<string, unknown[]>> {
    const db = connectSdk(url).database()
    const out: Record<string, unknown[]> = {}
    for (const c of ['items', 'counters', 'users', 'requests', 'made_later']) {
      const res = await db.collection(c).where({}).orderBy('_id', 'asc').limit(1000).get()
      out[c] = res.data
      const natural = await db.collection(c).where({}).limit(1000).get()
      out[`${c} (natural order)`] = (natural.data as Array<{ _id: string }>).map((d) => d._id)
    }
    return out
  }

  it('recovers every kind of write, twice over', async () => {
    const first = await startChild(dataDir, configPath)
    const db = connectSdk(first.url).database()
    const _ = db.command
    await db.createCollection('made_later')
    await db.collection('made_later').add({ _id: 'ml', when: new Date('2026-05-01T00:00:00Z') })
    await db.collection('items').add([
      { _id: 'a', n: 1, tags: ['x'] },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 },
    ])
    await db
      .collection('items')
      .where({ n: _.gte(2) })
      .update({ n: _.inc(10), seen: true })
    await db
      .collection('items')
      .doc('a')
      .update({ tags: _.push('y'), nested: { k: 'v' } })
    await db.collection('items').doc('b').remove()
    await db.collection('items').doc('d').set({ replaced: 1 })
    await db.collection('users').add({ _id: 'u', openid: 'o-u' })
    // Natural order is insertion order, not _id order: z before m.
    await db.collection('items').add([{ _id: 'z' }, { _id: 'm' }])
    const tx = await db.startTransaction()
    await tx.collection('items').doc('c').update({ n: 0 })
    await tx.collection('counters').add({ _id: 'from-tx', v: 1 })
    await tx.collection('items').doc('d').remove()
    await tx.commit()
    const before = await dump(first.url)
    await kill9(first)

    const second = await startChild(dataDir, configPath)
    expect(await dump(second.url)).toEqual(before)
    await kill9(second)

    const third = await startChild(dataDir, configPath)
    try {
      expect(await dump(third.url)).toEqual(before)
      // The unique index was rebuilt from the recovered data.
      const dup = await connectSdk(third.url)
        .database()
        .collection('users')
        .add({ openid: 'o-u' })
        .catch((e: { code?: string }) => e)
      expect((dup as { code?: string }).code).toBe('DATABASE_DUPLICATE_WRITE')
    } finally {
      await stopGracefully(third)
    }
  })
})

describe('torn tail', () => {
  /**
   * A WAL frame is a 24-byte header (page number, commit size, salts, checksums) and one page. The
   * first half of a copy of the last frame is what a crash in the middle of SQLite's write() would
   * leave: its checksum fails, so SQLite ignores it and keeps everything before it.
   */
  it('drops an incomplete last WAL frame and keeps everything before it', async () => {
    const first = await startChild(dataDir, configPath)
    const db = connectSdk(first.url).database()
    for (let i = 0; i < 20; i++) await db.collection('items').add({ _id: `t${i}`, i })
    await kill9(first)

    const walPath = join(dataDir, 'store.sqlite-wal')
    const wal = readFileSync(walPath)
    const pageSize = wal.readUInt32BE(8)
    const frameSize = 24 + pageSize
    expect((wal.length - 32) % frameSize).toBe(0)
    appendFileSync(walPath, wal.subarray(wal.length - frameSize, wal.length - frameSize / 2))

    const second = await startChild(dataDir, configPath)
    try {
      expect(second.stderr()).toMatch(/recovered its write-ahead log/)
      const db2 = connectSdk(second.url).database()
      expect((await db2.collection('items').where({}).count()).total).toBe(20)
      await db2.collection('items').add({ _id: 't20' })
    } finally {
      await kill9(second)
    }
    const third = await startChild(dataDir, configPath)
    try {
      const db3 = connectSdk(third.url).database()
      expect((await db3.collection('items').where({}).count()).total).toBe(21)
    } finally {
      await stopGracefully(third)
    }
  })

  it('a data dir in the journal format of earlier versions is refused, not silently emptied', async () => {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(join(dataDir, 'snapshot.jsonl'), '')
    await expect(startChild(dataDir, configPath)).rejects.toThrow(/no longer reads/)
  })

  it('a data dir in use by a live process is refused', async () => {
    const first = await startChild(dataDir, configPath)
    try {
      await expect(startChild(dataDir, configPath)).rejects.toThrow(/in use by process/)
    } finally {
      await kill9(first)
    }
    // The stale LOCK of the killed process does not block a restart.
    writeFileSync(join(dir, 'unused'), '')
    const again = await startChild(dataDir, configPath)
    await stopGracefully(again)
  })
})
