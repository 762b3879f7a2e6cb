/** The 微心愿 clocks, run by the scheduler: a claim past its promised date goes back on the wall. */
import { SYSTEM_ACTOR } from '../audit'
import { type Database } from '../db'
import { drain } from '../drain'
import { creditWish } from './moves'
import { commitWish } from './commit'
import { followWish } from '../requests/follow-wish'

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
    async (doc) => {
      const lapsed = await commitWish(
        db,
        doc,
        'lapse',
        SYSTEM_ACTOR,
        { claim: null, waitingSince: at },
        `${doc.claim?.name ?? '认领人'}未在承诺日期前完成，心愿重新上墙`,
        at,
      )
      // 来自诉求: the request goes back to its grid member, the wish off the wall.
      if (lapsed && doc.fromRequest) await followWish(db, doc._id, 'lapse', SYSTEM_ACTOR, at)
      return lapsed
    },
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
