/**
 * 开放接口 (issue 19, part 3): the API keys a community admin issues to organisations for creating
 * requests through the Open311 API (src/domain/open311.ts) — each action once.
 */
import * as z from 'zod'
import { ORGANISATION_MAX_CHARS, ORGANISATION_MIN_CHARS } from '../open311'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import { action, id, requestIdSchema } from './schemas'

export const apiKeyView = z.object({
  id: z.string(),
  organisation: z.string(),
  /** The key's first characters, to tell keys apart ("o311_3fa2…"). */
  prefix: z.string(),
  issuedAt: z.string(),
  issuedByName: z.string(),
  revokedAt: z.string().nullable(),
  uses: z.number(),
  lastUsedAt: z.string().nullable(),
})

export const apiKeyList = z.object({
  keys: z.array(apiKeyView),
  /** The API's address and the community's jurisdiction_id, for the organisation's developers. */
  basePath: z.string(),
  jurisdictionId: z.string(),
  /** The latest issues and revocations (the 台账), newest first. */
  events: z.array(z.object({ at: z.string(), actorName: z.string(), subject: z.string(), note: z.string() })),
})

export const apikeysActions = {
  /** Issues a key to an organisation: the key is in this answer only (null when the requestId repeats). */
  'apikey.issue': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      organisation: z
        .string({ error: '请填写使用接口的单位名称' })
        .trim()
        .min(ORGANISATION_MIN_CHARS, `单位名称至少${ORGANISATION_MIN_CHARS}个字`)
        .max(ORGANISATION_MAX_CHARS, `单位名称最多${ORGANISATION_MAX_CHARS}个字`),
    }),
    output: z.object({ key: z.string().nullable(), issued: apiKeyView, list: apiKeyList }),
    access: 'staff',
    rateLimit: hour(20),
    // The organisation's name is on the requests it files, which the grid reads.
    userText: { scene: profile, shown: 'public', fields: (i) => ({ organisation: i.organisation }) },
  }),
  'apikey.list': action({
    input: z.strictObject({}),
    output: apiKeyList,
    access: 'staff',
  }),
  /** Revokes a key: it is refused from then on; revoking it again changes nothing. */
  'apikey.revoke': action({
    input: z.strictObject({ id }),
    output: apiKeyList,
    access: 'staff',
  }),
}
