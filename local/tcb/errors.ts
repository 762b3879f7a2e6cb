/**
 * Error codes as CloudBase's database API returns them. The SDK turns any response body that
 * carries a `code` into a thrown TcbError with that code, so handlers throw DbError and the HTTP
 * layer serialises it; callers see exactly what production would give them.
 */
export const DbErrorCode = {
  INVALID_PARAM: 'INVALID_PARAM',
  COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
  COLLECTION_ALREADY_EXIST: 'DATABASE_COLLECTION_ALREADY_EXIST',
  DUPLICATE_WRITE: 'DATABASE_DUPLICATE_WRITE',
  REQUEST_FAILED: 'DATABASE_REQUEST_FAILED',
  // CloudBase's own spelling; kept so code matching on it works against both.
  INVALID_OPERATOR: 'DATABASE_INVALID_OPERRATOR',
  TRANSACTION_CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  TRANSACTION_FAIL: 'DATABASE_TRANSACTION_FAIL',
  SYS_ERR: 'SYS_ERR',
} as const

export type DbErrorCodeValue = (typeof DbErrorCode)[keyof typeof DbErrorCode]

export class DbError extends Error {
  readonly code: DbErrorCodeValue

  constructor(code: DbErrorCodeValue, message: string) {
    super(message)
    this.name = 'DbError'
    this.code = code
  }
}

export function invalidParam(message: string): DbError {
  return new DbError(DbErrorCode.INVALID_PARAM, message)
}

/**
 * Not an answer: a write outside any transaction hit a document an open transaction holds. The
 * protocol layer waits for that transaction to end and runs the request again.
 */
export class LockedByTransaction extends Error {
  readonly txId: string

  constructor(txId: string) {
    super(`document locked by transaction ${txId}`)
    this.txId = txId
  }
}

/** Which open transaction holds a lock on a document (null: none); for writes outside any. */
export type LockCheck = (c: string, docKey: string) => string | null
