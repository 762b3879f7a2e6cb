/**
 * The in-app 消息 list every user has, and the one-time WeChat subscribe grants they give by
 * tapping (wx.requestSubscribeMessage). Only one's own messages and grants, ever.
 */
import { isStaff } from '../../../src/domain/access'
import type { MessageView, NotifySettings } from '../../../src/domain/contract'
import { PUSH_STATES, TEMPLATE_KEYS, TEMPLATES, type TemplateKey } from '../../../src/domain/notify'
import type { ActionContext } from '../context'
import { type Database, collection } from '../db'
import type { MessageDoc, SubscriptionDoc } from '../model'
import { deliveryConfig, subscriptionId } from '../notify/deliver'
import { nextCursor, pageQuery, type SortOrder } from '../paging'

const NEWEST_FIRST: SortOrder<'createdAt'> = { field: 'createdAt', direction: 'desc' }
/** More than anyone needs: a client claiming thousands of taps is not believed. */
const MAX_GRANTS = 50

/** `staff`: delivery is shown to staff; a resident sees the message, not the plumbing. */
function toView(m: MessageDoc, staff: boolean): MessageView {
  return {
    id: m._id,
    kind: m.kind,
    title: m.title,
    body: m.body,
    target: m.target,
    targetId: m.targetId,
    subject: m.subject,
    createdAt: new Date(m.createdAt).toISOString(),
    read: m.read,
    push: m.push,
    pushText: !staff
      ? null
      : m.push === 'failed' && m.reason
        ? `${PUSH_STATES.failed}：${m.reason}`
        : PUSH_STATES[m.push],
  }
}

export async function unreadOf(db: Database, openid: string): Promise<number> {
  return (await collection(db, 'messages').where({ openid, read: false }).count()).total
}

export async function listMessages(input: { cursor?: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const [page, unread] = await Promise.all([
    pageQuery(db, 'messages', { openid: caller.openid }, NEWEST_FIRST, input.cursor).get(),
    unreadOf(db, caller.openid),
  ])
  const docs = page.data
  const staff = isStaff(caller.memberships)
  return { items: docs.map((m) => toView(m, staff)), nextCursor: nextCursor(docs, NEWEST_FIRST), unread }
}

export async function readMessages(input: { ids?: string[] }, { deps, caller }: ActionContext) {
  const { db } = deps
  const _ = db.command
  // The openid in the condition is the authorization: someone else's ids match nothing.
  await collection(db, 'messages')
    .where({ openid: caller.openid, read: false, ...(input.ids ? { _id: _.in(input.ids) } : {}) })
    .update({ read: true })
  return { unread: await unreadOf(db, caller.openid) }
}

async function settingsOf(db: Database, openid: string): Promise<NotifySettings> {
  const _ = db.command
  const res = await collection(db, 'subscriptions')
    .where({ _id: _.in(TEMPLATE_KEYS.map((t) => subscriptionId(openid, t))) })
    .get()
  const grants = { task: 0, progress: 0 }
  for (const s of res.data) grants[s.template] = s.grants
  const ids = deliveryConfig().templateIds
  return {
    templates: TEMPLATE_KEYS.map((key) => ({ key, id: ids[key], title: TEMPLATES[key].title })),
    grants,
  }
}

export function notifySettings(_input: Record<string, never>, { deps, caller }: ActionContext) {
  return settingsOf(deps.db, caller.openid)
}

/** Each accepted template is one more message WeChat will let us send this user. */
export async function recordSubscription(
  input: { results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'> },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const _ = db.command
  const ids = deliveryConfig().templateIds
  const accepted = TEMPLATE_KEYS.filter((key: TemplateKey) => input.results[ids[key]] === 'accept')
  for (const template of accepted) {
    const _id = subscriptionId(caller.openid, template)
    const grant = () =>
      collection(db, 'subscriptions')
        .where({ _id, grants: _.lt(MAX_GRANTS) })
        .update({ grants: _.inc(1), updatedAt: now() })
    if ((await grant()).updated === 1) continue
    const exists = await collection(db, 'subscriptions').doc(_id).get()
    if (exists.data?.length) continue // at the cap
    const doc: SubscriptionDoc = { _id, openid: caller.openid, template, grants: 1, updatedAt: now() }
    // A concurrent first tap may have made it meanwhile: then count this one on top.
    await collection(db, 'subscriptions')
      .add(doc)
      .catch(() => grant())
  }
  return settingsOf(db, caller.openid)
}
