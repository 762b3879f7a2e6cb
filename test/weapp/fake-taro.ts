/**
 * A recording stand-in for `@tarojs/taro` as the weapp build sees it, for running the app's own
 * modules in Node: every `Taro.x(…)` / `Taro.cloud.x(…)` is recorded with its argument and
 * answered by what the test set with `answer` (by default: resolves with undefined). Use with
 * `jest.mock('@tarojs/taro', () => ({ __esModule: true, default: fakeTaro.api }))` and
 * `process.env.TARO_ENV = 'weapp'`.
 */
export type Call = [name: string, arg: unknown]
type Handler = (arg: unknown, ...rest: unknown[]) => unknown

export interface FakeTaro {
  /** What the code sees as `Taro`. */
  api: Record<string, unknown>
  calls: Call[]
  /** Answers `name` ('chooseMedia', 'cloud.downloadFile' …) with `handler` from now on. */
  answer(name: string, handler: Handler): void
  /** Recorded calls named `name`, their arguments. */
  argsOf(name: string): unknown[]
  reset(): void
}

export function createFakeTaro(): FakeTaro {
  const calls: Call[] = []
  const handlers = new Map<string, Handler>()
  const fn =
    (name: string) =>
    (arg: unknown, ...rest: unknown[]) => {
      calls.push([name, arg])
      const h = handlers.get(name)
      if (!h) return Promise.resolve(undefined)
      try {
        const out = h(arg, ...rest)
        return out instanceof Promise ? out : Promise.resolve(out)
      } catch (err) {
        return Promise.reject(err)
      }
    }
  const namespace = (prefix: string): Record<string, unknown> =>
    new Proxy({} as Record<string, unknown>, {
      get: (_t, key) => {
        if (typeof key !== 'string') return undefined
        if (key === 'then') return undefined
        if (key === 'cloud' && !prefix) return cloud
        return fn(prefix + key)
      },
    })
  const cloud = namespace('cloud.')
  return {
    api: namespace(''),
    calls,
    answer: (name, handler) => void handlers.set(name, handler),
    argsOf: (name) => calls.filter(([n]) => n === name).map(([, a]) => a),
    reset: () => {
      calls.length = 0
      handlers.clear()
    },
  }
}

/** The one stand-in a test file's `jest.mock('@tarojs/taro', …)` hands out (its factory runs before the file's own code). */
export const fakeTaro = createFakeTaro()
