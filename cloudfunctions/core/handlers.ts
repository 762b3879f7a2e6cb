/**
 * Each feature's table of use cases, typed by its part of the contract; the router merges them.
 */
import type { z } from 'zod'
import type { ActionContext } from './context'

interface Declared {
  input: z.ZodTypeAny
  output: z.ZodTypeAny
}

/** One use case per action of `T`, taking its parsed input and returning its declared output. */
export type HandlersOf<T extends Record<string, Declared>> = {
  [A in keyof T]: (input: z.output<T[A]['input']>, ctx: ActionContext) => Promise<z.output<T[A]['output']>>
}
