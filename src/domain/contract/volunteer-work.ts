/** 转志愿服务 (issue 19, src/domain/volunteer-work.ts): a request becomes a 微心愿, linked both ways. */
import { hour } from '../ratelimits'
import { post } from '../usertext'
import { action, id, wishCreateInput, wishDetail } from './schemas'

export const volunteerWorkActions = {
  /**
   * Whoever may handle the request turns it (or a part of it, in their own words) into a wish,
   * published on the wall at once; idempotent by `requestId`. Answers the wish (its text is
   * public, on the wall); the request shows it as `volunteer`.
   */
  'request.toWish': action({
    input: wishCreateInput.omit({ photos: true, shareContact: true }).extend({ id }),
    output: wishDetail,
    access: 'staff',
    rateLimit: hour(30),
    userText: { scene: post, shown: 'public', fields: (i) => ({ what: i.what, why: i.why }) },
  }),
}
