/**
 * 开放接口's keys (src/domain/open311.ts): only a key's SHA-256 is kept; a call finds its key by
 * that hash, and each use is a line of the key's log.
 */
import { createHash, randomUUID } from 'node:crypto'
import { collection, type Database } from '../db'
import { derivedId } from '../ids'
import type { ApiKeyDoc, ApiLogDoc } from '../model'

export function apiKeys(db: Database) {
  return collection(db, 'apiKeys')
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** The unrevoked key a caller presents, or undefined. */
export async function findActiveKey(db: Database, key: string): Promise<ApiKeyDoc | undefined> {
  const found = await apiKeys(db)
    .where({ hash: hashKey(key) })
    .limit(1)
    .get()
  const doc = found.data[0]
  return doc && !doc.revokedAt ? doc : undefined
}

/** One use of a key: a line of its log, and its count and last use. */
export async function logUse(db: Database, use: Omit<ApiLogDoc, '_id'>): Promise<void> {
  const _ = db.command
  await Promise.all([
    collection(db, 'apiLog')
      .doc(derivedId('api-use', use.keyId, randomUUID()))
      .set(use),
    apiKeys(db)
      .doc(use.keyId)
      .update({ uses: _.inc(1), lastUsedAt: use.at }),
  ])
}
