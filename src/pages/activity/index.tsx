import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { Page } from '../../components/Page'
import { StateView } from '../../components/StateView'
import { ACTIVITY_KIND_CODES, ACTIVITY_KINDS, type ActivityKind } from '../../domain/activity'
import type { ActionOutput } from '../../domain/contract'
import { formatLocal, local } from '../../domain/time'
import { useAction } from '../../hooks/useAction'
import { useApi } from '../../hooks/useApi'

type Session = ActionOutput<'activity.sessions'>['items'][number]
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const FILTERS = [
  { key: 'all', label: '全部' },
  ...ACTIVITY_KIND_CODES.map((k) => ({ key: k, label: ACTIVITY_KINDS[k] })),
]

/** “3月2日 周一 16:30–18:00” */
function when(s: Session): string {
  const start = local(s.startAt)
  return `${start.format('M月D日')} 周${WEEKDAYS[start.day()]} ${formatLocal(s.startAt, 'HH:mm')}–${formatLocal(s.endAt, 'HH:mm')}`
}

function SessionCard({
  session,
  recurring,
  onChange,
  onAll,
}: {
  session: Session
  /** More sessions of the same activity are listed: offer to sign up for all of them. */
  recurring: boolean
  onChange: (s: Session) => void
  onAll: () => void
}) {
  const [busy, perform] = useAction()
  const act = async (run: () => Promise<Session>) => {
    const done = await perform(run)
    if (done) onChange(done)
  }
  const mine = session.mine?.status === 'cancelled' ? null : session.mine
  return (
    <View className="card" data-testid="session-card">
      <View className="row">
        <Text className="card-title">{session.title}</Text>
        <Text className="tag">{session.kindName}</Text>
      </View>
      <Text className="list-item-desc">{when(session)}</Text>
      <Text className="muted" style={{ display: 'block' }}>
        {session.place}
      </Text>
      {session.roles.map((r) => (
        <Text className="muted" style={{ display: 'block' }} key={r.key} data-testid={`seats-${r.key}`}>
          {r.name}：余 {r.left} / 共 {r.capacity}
          {r.waiting ? ` · ${r.waiting}人候补` : ''}
        </Text>
      ))}
      {mine ? (
        <>
          <Text className={mine.status === 'confirmed' ? 'card-title' : 'deadline'} data-testid="my-signup">
            {mine.statusName}
            {mine.position ? `（第${mine.position}位）` : ''}
            {mine.offeredUntil ? `，请在${formatLocal(mine.offeredUntil, 'HH:mm')}前确认` : ''}
          </Text>
          {mine.status === 'offered' ? (
            <BigButton
              loading={busy}
              onClick={() => act(() => call('session.acceptOffer', { sessionId: session.id }))}
            >
              确认参加
            </BigButton>
          ) : null}
          <BigButton
            kind="default"
            loading={busy}
            onClick={async () => {
              const ok = await Taro.showModal({
                title: '取消报名',
                content: '活动开始前3小时内不能取消。确定取消吗？',
              })
              if (ok.confirm) await act(() => call('session.cancel', { sessionId: session.id }))
            }}
          >
            取消报名
          </BigButton>
        </>
      ) : (
        session.roles.map((r) => (
          <View key={r.key}>
            <BigButton
              kind={r.left > 0 ? 'primary' : 'default'}
              loading={busy}
              onClick={() => act(() => call('session.signUp', { sessionId: session.id, role: r.key }))}
            >
              {r.left > 0 ? `报名：${r.name}` : `候补：${r.name}`}
            </BigButton>
            {recurring ? (
              <BigButton
                kind="default"
                loading={busy}
                onClick={async () => {
                  const res = await perform(() =>
                    call('activity.signUpAll', { activityId: session.activityId, role: r.key }),
                  )
                  if (!res) return
                  const full = res.waitlisted.map((w) => formatLocal(w.startAt, 'M月D日')).join('、')
                  await Taro.showModal({
                    title: '已报名全部场次',
                    content: `已报名 ${res.confirmed} 场${full ? `；${full} 已满，已为您候补` : ''}`,
                    showCancel: false,
                  })
                  onAll()
                }}
              >
                {`全部场次都报名：${r.name}`}
              </BigButton>
            ) : null}
          </View>
        ))
      )}
    </View>
  )
}

/** 活动: the community's upcoming sessions, soonest first, with seats left and my place. */
export default function ActivityPage() {
  const [kind, setKind] = useState<'all' | ActivityKind>('all')
  const list = useApi(() => call('activity.sessions', kind === 'all' ? {} : { kind }), [kind])
  const replace = (s: Session) =>
    list.data && list.setData({ items: list.data.items.map((x) => (x.id === s.id ? s : x)) })
  return (
    <Page>
      <View className="chips" data-testid="activity-filter">
        {FILTERS.map((f) => (
          <View
            key={f.key}
            className={`chip ${kind === f.key ? 'chip-on' : ''}`}
            onClick={() => setKind(f.key as 'all' | ActivityKind)}
          >
            {f.label}
          </View>
        ))}
      </View>
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text className="state-text">近期没有活动，过几天再来看看</Text>}
      >
        {(d) =>
          d.items.map((s) => (
            <SessionCard
              key={s.id}
              session={s}
              recurring={d.items.filter((x) => x.activityId === s.activityId).length > 1}
              onChange={replace}
              onAll={list.reload}
            />
          ))
        }
      </StateView>
    </Page>
  )
}
