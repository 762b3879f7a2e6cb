/**
 * 开放接口 (issue 19, part 3): the community admin issues API keys to organisations (shown once,
 * kept hashed), lists them with their uses, and revokes them; each issue and revocation is a
 * settings event (the 台账).
 */
import { randomBytes } from 'node:crypto'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { MAX_ACTIVE_API_KEYS, OPEN311_BASE_PATH } from '../../../src/domain/open311'
import { actorOf } from '../audit'
import type { ActionContext } from '../context'
import type { Database } from '../db'
import { derivedId } from '../ids'
import type { ApiKeyDoc } from '../model'
import { adminCommunity } from '../scopes'
import { recentSettingsEvents, recordSettingsEvent } from '../settings-events'
import { apiKeys, hashKey } from './store'

const REFUSAL = '只有社区管理员可以管理开放接口'
const KEY_EVENTS = ['apikey.issue', 'apikey.revoke'] as const
/** How many keys the list shows (revoked ones included, newest first). */
const LIST_LIMIT = 100

type KeyView = ActionOutput<'apikey.list'>['keys'][number]

function keyView(doc: ApiKeyDoc): KeyView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return {
    id: doc._id,
    organisation: doc.organisation,
    prefix: doc.prefix,
    issuedAt: new Date(doc.issuedAt).toISOString(),
    issuedByName: doc.issuedBy.name,
    revokedAt: iso(doc.revokedAt),
    uses: doc.uses,
    lastUsedAt: iso(doc.lastUsedAt),
  }
}

async function listView(db: Database, communityId: string): Promise<ActionOutput<'apikey.list'>> {
  const [keys, events] = await Promise.all([
    apiKeys(db).where({ communityId }).orderBy('issuedAt', 'desc').limit(LIST_LIMIT).get(),
    recentSettingsEvents(db, communityId, KEY_EVENTS),
  ])
  return {
    keys: keys.data.map(keyView),
    basePath: OPEN311_BASE_PATH,
    jurisdictionId: communityId,
    events,
  }
}

export async function listKeys(_input: Record<string, never>, { deps, caller }: ActionContext) {
  return listView(deps.db, adminCommunity(caller, REFUSAL))
}

/** A new key for an organisation; the same requestId again answers its record without the key. */
export async function issueKey(
  input: { requestId: string; organisation: string },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const communityId = adminCommunity(caller, REFUSAL)
  const id = derivedId('apikey', caller.openid, input.requestId)
  const existing = (await apiKeys(db).doc(id).get()).data?.[0]
  if (existing) return { key: null, issued: keyView(existing), list: await listView(db, communityId) }
  const active = await apiKeys(db).where({ communityId, revokedAt: null }).count()
  if (active.total >= MAX_ACTIVE_API_KEYS)
    throw new AppError('CONFLICT', `本社区已有${MAX_ACTIVE_API_KEYS}个有效密钥，请先撤销不用的`)
  const at = now()
  const key = `o311_${randomBytes(16).toString('hex')}`
  const doc: ApiKeyDoc = {
    _id: id,
    communityId,
    hash: hashKey(key),
    prefix: key.slice(0, 9),
    organisation: input.organisation,
    issuedAt: at,
    issuedBy: actorOf(caller, '管理员'),
    revokedAt: null,
    revokedBy: null,
    uses: 0,
    lastUsedAt: null,
    requestId: input.requestId,
  }
  try {
    await apiKeys(db).add(doc)
  } catch (err) {
    // The same requestId raced in twice: the first one issued it.
    const first = (await apiKeys(db).doc(id).get()).data?.[0]
    if (first) return { key: null, issued: keyView(first), list: await listView(db, communityId) }
    throw err
  }
  await recordSettingsEvent(
    db,
    caller,
    communityId,
    at,
    'apikey.issue',
    `开放接口密钥 ${doc.prefix}…`,
    `发给${doc.organisation}`,
  )
  return { key, issued: keyView(doc), list: await listView(db, communityId) }
}

/** Revokes one of the community's keys, once (a conditional update: a second revoke writes nothing). */
export async function revokeKey(input: { id: string }, { deps, caller }: ActionContext) {
  const { db, now } = deps
  const communityId = adminCommunity(caller, REFUSAL)
  const doc = (await apiKeys(db).doc(input.id).get()).data?.[0]
  if (!doc || doc.communityId !== communityId) throw new AppError('NOT_FOUND', '没有找到这个密钥')
  const at = now()
  const res = await apiKeys(db)
    .where({ _id: doc._id, revokedAt: null })
    .update({ revokedAt: at, revokedBy: db.command.set(actorOf(caller, '管理员')) })
  if (res.updated === 1)
    await recordSettingsEvent(
      db,
      caller,
      communityId,
      at,
      'apikey.revoke',
      `开放接口密钥 ${doc.prefix}…`,
      `撤销${doc.organisation}的密钥`,
    )
  return listView(db, communityId)
}
