import { createHash } from 'node:crypto'

/**
 * A document id derived from what makes the thing unique (a caller and their requestId, a
 * request's outbox entry and a recipient): writing it twice names the same document, so retries
 * and re-runs create nothing twice.
 */
export function derivedId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)
}
