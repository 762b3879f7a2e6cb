/** The 微心愿 clocks, run by the scheduler: a claim past its promised date goes back on the wall. */
import { SYSTEM_ACTOR } from '../audit'
import { type Database } from '../db'
import { drain } from '../drain'
import { commitWish, creditWish } from './moves'

export async function runWishJobs(
  db: Database,
  at: Date,
): Promise<{ lapsedClaims: number; wishesCredited: number }> {
  const _ = db.command
  const lapsedClaims = await drain(
    db,
    'wishes',
    { status: 'claimed', 'claim.promisedBy': _.lte(at) },
    'claim.promisedBy',
    (doc) =>
      commitWish(
        db,
        doc,
        'lapse',
        SYSTEM_ACTOR,
        { claim: null, waitingSince: at },
        `${doc.claim?.name ?? '认领人'}未在承诺日期前完成，心愿重新上墙`,
        at,
      ),
  )
  const wishesCredited = await drain(
    db,
    'wishes',
    { status: 'done', credited: false },
    '_id',
    async (doc) => {
      await creditWish(db, doc)
      return true
    },
  )

  return { lapsedClaims, wishesCredited }
}
