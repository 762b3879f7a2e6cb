import type { ErrorCode } from '../../src/domain/errors'

/**
 * What a refused call answers, for `toMatchObject` (or `toEqual` with the message): nothing done,
 * this code, and — where the test names it — this Chinese message.
 */
export function refusal(code: ErrorCode, message?: string) {
  return { ok: false, error: message === undefined ? { code } : { code, message } } as const
}
