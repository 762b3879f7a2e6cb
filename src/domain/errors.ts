/** The fixed set of error codes every action may answer with (architecture.md, "Response shape"). */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  code: ErrorCode
  /** Chinese, readable by a resident. */
  message: string
  /** Per-field messages for INVALID_INPUT, keyed by dotted path. */
  fields?: Record<string, string>
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** Default wording per code, used when an action has nothing more specific to say. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先在微信中打开小程序',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '找不到这条记录',
  CONFLICT: '状态已变化，请刷新后再试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
}

/**
 * Thrown inside the server's use cases and turned into `{ ok: false, error }` by the router.
 * Only expected outcomes are AppErrors; anything else is a bug and becomes INTERNAL.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message ?? DEFAULT_MESSAGES[code])
    this.name = 'AppError'
  }

  toApiError(): ApiError {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message }
  }
}
