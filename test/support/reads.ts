/** What many server tests read back from the database: a request as stored, the notices someone got. */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MessageDoc, RequestDoc } from '../../cloudfunctions/core/model'
import type { TestEnv } from './env'

/** The request as the database holds it now. */
export async function storedRequest(env: TestEnv, id: string): Promise<RequestDoc> {
  return (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
}

/** The titles of the notices `openid` got about `targetId` (a request, a session …), sorted. */
export async function noticeTitles(env: TestEnv, openid: string, targetId: string): Promise<string[]> {
  return noticeField(env, openid, targetId, 'title')
}

/** The same notices' bodies (what they say of whom), sorted. */
export async function noticeBodies(env: TestEnv, openid: string, targetId: string): Promise<string[]> {
  return noticeField(env, openid, targetId, 'body')
}

async function noticeField(env: TestEnv, openid: string, targetId: string, field: 'title' | 'body') {
  const res = await env.db.collection(COLLECTIONS.messages).where({ openid, targetId }).limit(100).get()
  return (res.data as MessageDoc[]).map((m) => m[field]).sort()
}
