/**
 * The 消息 and subscriptions actions of the contract (src/domain/contract/messages.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { messagesActions } from '../../../src/domain/contract/messages'
import type { HandlersOf } from '../handlers'
import { listMessages, notifySettings, readMessages, recordSubscription } from './messages'

export const notifyHandlers: HandlersOf<typeof messagesActions> = {
  'message.list': listMessages,
  'message.read': readMessages,
  'notify.settings': notifySettings,
  'notify.subscribed': recordSubscription,
}
