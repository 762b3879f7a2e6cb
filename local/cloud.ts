/**
 * The local CloudBase as the app meets it: the database (local/tcb), cloud storage and WeChat's
 * server APIs (local/openapi) answered on one address, with uploads landing where a client's
 * upload would. The host (`npm start`), the test environment and the benches start this one way.
 */
import path from 'node:path'
import { createLocalWx, type LocalWx, type LocalWxOptions } from './openapi'
import { createLocalStorage, type LocalStorage } from './storage'
import { startLocalTcb, type LocalTcb, type LocalTcbOptions } from './tcb/server'

export interface LocalCloud {
  tcb: LocalTcb
  wx: LocalWx
  storage: LocalStorage
}

export async function startLocalCloud(opts: {
  dataDir: string
  /** The project root, where cloudbaserc.json declares the collections and indexes. */
  root: string
  wx?: LocalWxOptions
  /** The database's own options (a simulated round trip, what a no-op update counts…). */
  tcb?: Omit<LocalTcbOptions, 'port' | 'dataDir' | 'indexConfigPath' | 'actions' | 'http'>
}): Promise<LocalCloud> {
  const wx = createLocalWx({ dataDir: opts.dataDir, ...opts.wx })
  const storage = createLocalStorage(opts.dataDir)
  const tcb = await startLocalTcb({
    port: 0,
    dataDir: opts.dataDir,
    indexConfigPath: path.join(opts.root, 'cloudbaserc.json'),
    actions: { ...wx.actions, ...storage.actions },
    http: storage.serve,
    ...opts.tcb,
  })
  storage.setUrls({ upload: tcb.url })
  return { tcb, wx, storage }
}
