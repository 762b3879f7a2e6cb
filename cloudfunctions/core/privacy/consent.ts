/** 个人信息保护法: the consent to the 隐私政策, on record before anything personal is collected. */
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { PRIVACY_VERSION } from '../../../src/domain/privacy'
import type { ActionContext } from '../context'
import { byId, collection, existing } from '../db'
import type { ConsentDoc } from '../model'

export async function recordConsent(
  input: { version: string },
  { deps, caller }: ActionContext,
): Promise<ActionOutput<'me.consent'>> {
  const { db, now } = deps
  if (input.version !== PRIVACY_VERSION) throw new AppError('CONFLICT', '隐私政策已更新，请重新阅读后再同意')
  const at = now()
  const col = collection(db, 'consents')
  const _ = db.command
  // The same version again changes nothing (a double tap); a new one is added to the history.
  const res = await col
    .where({ _id: caller.openid, version: _.neq(input.version) })
    .update({ version: input.version, at, history: _.push([{ version: input.version, at }]) })
  if (res.updated === 0) {
    const doc: ConsentDoc = {
      _id: caller.openid,
      version: input.version,
      at,
      history: [{ version: input.version, at }],
    }
    await col.add(doc).catch(async (err: unknown) => {
      if (!(await byId(db, 'consents', caller.openid))) throw err
    })
  }
  const stored = await existing(db, 'consents', caller.openid)
  return { version: stored.version, at: new Date(stored.at).toISOString() }
}
