/**
 * The worker thread that owns local/tcb's SQLite connection (see persistence.ts, which starts it).
 * Plain CommonJS so it runs the same under tsx, jest and node without a TypeScript loader.
 * better-sqlite3 is synchronous: here its writes and fsyncs block this thread, not the server's.
 *
 * in  (workerData)  { path, fsync, format, chunk, sqlite: path of better-sqlite3 }
 * in  (messages)    { t: 'write', seq, rows: [{ t: 'put' | 'del' | 'create', c, k, doc }] } | { t: 'close' }
 * out (messages)    { t: 'busy' } | { t: 'error', message }
 *                   { t: 'collections', names } { t: 'rows', c, docs } … { t: 'loaded' }
 *                   { t: 'durable', seq, ms } | { t: 'failed', message }
 */
'use strict'
/* global require, performance */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parentPort, workerData } = require('node:worker_threads')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require(workerData.sqlite)

let db
try {
  db = new Database(workerData.path, { timeout: 0 })
  // EXCLUSIVE before WAL: the lock is held until close and no shared-memory index is used.
  db.pragma('locking_mode = EXCLUSIVE')
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${workerData.fsync ? 'FULL' : 'NORMAL'}`)
  db.pragma('cache_size = -32768') // KiB
  // A write takes the exclusive lock now rather than at the first commit.
  db.exec(`BEGIN IMMEDIATE;
    CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS docs (c INTEGER NOT NULL, k TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (c, k));
    INSERT OR IGNORE INTO meta (k, v) VALUES ('format', '${workerData.format}');
    COMMIT;`)
} catch (e) {
  if (db) db.close()
  parentPort.postMessage(
    e && e.code === 'SQLITE_BUSY' ? { t: 'busy' } : { t: 'error', message: String(e && e.message) },
  )
  parentPort.close()
  return
}

const meta = new Map(
  db
    .prepare('SELECT k, v FROM meta')
    .all()
    .map((r) => [r.k, r.v]),
)
if (meta.get('format') !== workerData.format) {
  db.close()
  parentPort.postMessage({
    t: 'error',
    message: `${workerData.path}: unknown format ${String(meta.get('format'))}`,
  })
  parentPort.close()
  return
}

// Collections first (created, possibly empty), then every document in rowid (= insertion) order,
// in runs of one collection.
const ids = new Map() // collection name → id
const names = new Map() // id → name
for (const { id, name } of db.prepare('SELECT id, name FROM collections').all()) {
  ids.set(name, id)
  names.set(id, name)
}
parentPort.postMessage({ t: 'collections', names: [...ids.keys()] })
let run = { t: 'rows', c: null, docs: [] }
let runId = null
for (const [c, doc] of db.prepare('SELECT c, doc FROM docs ORDER BY rowid').raw().iterate()) {
  if (c !== runId || run.docs.length >= workerData.chunk) {
    if (run.docs.length > 0) parentPort.postMessage(run)
    run = { t: 'rows', c: names.get(c), docs: [] }
    runId = c
  }
  run.docs.push(doc)
}
if (run.docs.length > 0) parentPort.postMessage(run)
parentPort.postMessage({ t: 'loaded' })

const put = db.prepare(
  'INSERT INTO docs (c, k, doc) VALUES (?, ?, ?) ON CONFLICT (c, k) DO UPDATE SET doc = excluded.doc',
)
const del = db.prepare('DELETE FROM docs WHERE c = ? AND k = ?')
const create = db.prepare('INSERT INTO collections (name) VALUES (?)')
/** Declared collections get their row with their first write (the store makes them without one). */
const idOf = (name) => {
  let id = ids.get(name)
  if (id === undefined) {
    id = Number(create.run(name).lastInsertRowid)
    ids.set(name, id)
  }
  return id
}
const write = db.transaction((rows) => {
  for (const r of rows) {
    if (r.t === 'put') put.run(idOf(r.c), r.k, r.doc)
    else if (r.t === 'del') del.run(idOf(r.c), r.k)
    else idOf(r.c)
  }
})

let failed = false
parentPort.on('message', (m) => {
  if (m.t === 'write') {
    if (failed) return
    const t0 = performance.now()
    try {
      write(m.rows)
    } catch (e) {
      // Rolled back; ids may now name collections that are not in the table, so stop here.
      failed = true
      parentPort.postMessage({ t: 'failed', message: String(e && e.message) })
      return
    }
    parentPort.postMessage({ t: 'durable', seq: m.seq, ms: performance.now() - t0 })
  } else if (m.t === 'close') {
    // The last connection to close checkpoints the WAL into the database file and removes it.
    db.close()
    parentPort.close()
  }
})
