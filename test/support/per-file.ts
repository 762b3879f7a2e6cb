/**
 * Something a test file starts once and stops at the end — an environment, a browser — as a
 * stand-in usable at the top of the file: `const env = perFile(start, stop)` registers jest's
 * beforeAll/afterAll and forwards every read to what `start` made. A read before it is started
 * (while jest collects the file) is an error, not undefined.
 */
export function perFile<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<void> | void,
  timeoutMs?: number,
): T {
  let started: T | undefined
  beforeAll(async () => {
    started = await start()
  }, timeoutMs)
  afterAll(async () => {
    if (started) await stop(started)
  })
  return new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error(`perFile: not started yet (read of ${String(key)})`)
      const value = Reflect.get(started, key) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(started) : value
    },
  })
}
