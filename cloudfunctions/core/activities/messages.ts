import type { MessageDoc, SessionDoc } from '../model'
import { unsent } from '../notify/fanout'

/**
 * A message about a session (a reminder, the close, a missed visit) for one person; its id is
 * derived by the caller from what makes it unique. What the WeChat reminder shows defaults to the
 * session's title and place.
 */
export function sessionMessage(
  s: SessionDoc,
  m: {
    id: string
    openid: string
    title: string
    body: string
    state: string
    time: Date
    note: string
    what?: string
    where?: string
  },
  at: Date,
): MessageDoc {
  const no = `HD-${s._id.slice(0, 6).toUpperCase()}`
  return {
    _id: m.id,
    openid: m.openid,
    communityId: s.communityId,
    kind: 'progress',
    title: m.title,
    body: m.body,
    target: 'session',
    targetId: s._id,
    subject: no,
    fields: {
      no,
      what: m.what ?? s.title,
      where: m.where ?? s.place,
      state: m.state,
      time: m.time.toISOString(),
      note: m.note,
    },
    template: 'progress',
    createdAt: at,
    ...unsent(at),
  }
}
