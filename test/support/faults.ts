/**
 * A crash between two writes, as a test can cause one: the database as the SDK gives it, except
 * that the first write `fails` picks throws instead of reaching the store (as if the function
 * were killed there). Reads and every other write go through unchanged.
 */
import type { Database } from '../../cloudfunctions/core/db'

export interface Write {
  collection: string
  /** add / update / set / remove. */
  method: string
  /** The document's id: `doc(id)`'s, or the `_id` of the `where` before it. */
  id: string | undefined
  /** The `where` the write is conditioned on, if any. */
  where: Record<string, unknown> | undefined
  /** What it writes. */
  data: unknown
}

export const INJECTED = 'injected fault: the function stopped here'

const WRITES = new Set(['add', 'update', 'set', 'remove'])

interface Chain {
  collection?: string
  id?: string
  where?: Record<string, unknown>
}

/** `db`, with the first write `fails` answers true for thrown once; `hits()` says whether it was. */
export function crashingAt(db: Database, fails: (w: Write) => boolean): { db: Database; hits: () => number } {
  let hits = 0
  const wrap = <T extends object>(target: T, chain: Chain): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver)
        if (typeof value !== 'function' || typeof prop !== 'string') return value
        return (...args: unknown[]) => {
          if (WRITES.has(prop) && hits === 0) {
            const where = chain.where
            const id = chain.id ?? (typeof where?._id === 'string' ? where._id : undefined)
            if (fails({ collection: chain.collection ?? '', method: prop, id, where, data: args[0] })) {
              hits++
              return Promise.reject(new Error(INJECTED))
            }
          }
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(t, args)
          if (!out || typeof out !== 'object' || out instanceof Promise) return out
          const next: Chain =
            prop === 'collection'
              ? { collection: String(args[0]) }
              : prop === 'doc'
                ? { ...chain, id: String(args[0]) }
                : prop === 'where'
                  ? { ...chain, where: args[0] as Record<string, unknown> }
                  : chain
          return wrap(out, next)
        }
      },
    })
  return { db: wrap(db, {}), hits: () => hits }
}
