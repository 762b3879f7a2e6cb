import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { LoadMore } from '../../../../components/LoadMore'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import type { MessageView } from '../../../../domain/contract'
import { NOTICE_KINDS, NOTICE_TARGETS, noticePage } from '../../../../domain/notify'
import { openPage } from '../../../../hooks/openPage'
import { formatLocal } from '../../../../domain/time'
import { usePaged } from '../../../../hooks/usePaged'

/** 消息: everything the app wanted to tell me, whether or not WeChat could deliver it. */
export default function MessagesPage() {
  const list = usePaged((cursor) => call('message.list', { cursor }))
  // Read locally at once (the list is not reloaded for a tap); the server is told too.
  const [readHere, setReadHere] = useState<Set<string>>(new Set())
  const isRead = (m: MessageView) => m.read || readHere.has(m.id)

  function open(m: MessageView) {
    if (!isRead(m)) {
      setReadHere(new Set(readHere).add(m.id))
      void call('message.read', { ids: [m.id] }).catch(() => undefined)
    }
    void openPage(`/${noticePage(m.target, m.kind)}?id=${m.targetId}`)
  }

  async function readAll() {
    await call('message.read', {})
    list.reload()
  }

  return (
    <Page>
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text className="state-text">还没有消息。诉求有新进展时，会在这里告诉您。</Text>}
      >
        {(d) => {
          const unread = Math.max(
            0,
            d.unread - list.items.filter((m) => !m.read && readHere.has(m.id)).length,
          )
          return (
            <>
              <View className="row">
                <Text className="section-title" data-testid="unread-count">
                  {unread > 0 ? `未读 ${unread} 条` : '没有未读消息'}
                </Text>
                {unread > 0 ? (
                  <Text className="link" onClick={() => void readAll()}>
                    全部已读
                  </Text>
                ) : null}
              </View>
              {list.items.map((m) => (
                <View key={m.id} className="list-item" onClick={() => open(m)} data-testid="message">
                  <View className="row">
                    <Text className="card-title">
                      {isRead(m) ? '' : <Text className="unread-dot">● </Text>}
                      {m.title}
                    </Text>
                    <Text className="tag">{NOTICE_KINDS[m.kind]}</Text>
                  </View>
                  <Text className="list-item-desc">{m.body}</Text>
                  <Text className="muted" style={{ display: 'block' }}>
                    {NOTICE_TARGETS[m.target]} {m.subject} · {formatLocal(m.createdAt, 'MM-DD HH:mm')}
                  </Text>
                  {m.pushText ? (
                    <Text className="muted" style={{ display: 'block' }}>
                      {m.pushText}
                    </Text>
                  ) : null}
                </View>
              ))}
              <LoadMore paged={list} />
            </>
          )
        }}
      </StateView>
    </Page>
  )
}
