import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '../api/client'
import { CANCEL_CUTOFF_MS } from '../domain/activity'
import type { ActionOutput } from '../domain/contract'
import { durationText, formatLocal, local } from '../domain/time'
import { useAction } from '../hooks/useAction'
import { BigButton } from './BigButton'
import { confirmAction } from '../hooks/confirm'

export type Session = ActionOutput<'activity.sessions'>['items'][number]
export type Child = ActionOutput<'child.list'>['items'][number]
type Place = NonNullable<Session['mine']>

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** “3月2日 周一 16:30–18:00” */
export function sessionWhen(s: { startAt: string; endAt: string }): string {
  const start = local(s.startAt)
  return `${start.format('M月D日')} 周${WEEKDAYS[start.day()]} ${formatLocal(s.startAt, 'HH:mm')}–${formatLocal(s.endAt, 'HH:mm')}`
}

/** “已报名”, “候补中（第2位）”, “候补到位，待确认，请在16:40前确认”, “已签到 16:05”. */
export function placeText(p: Place): string {
  if (p.checkOutAt) return `已签退 ${formatLocal(p.checkOutAt, 'HH:mm')}`
  if (p.checkInAt) return `已签到 ${formatLocal(p.checkInAt, 'HH:mm')}`
  return `${p.statusName}${p.position ? `（第${p.position}位）` : ''}${
    p.offeredUntil ? `，请在${formatLocal(p.offeredUntil, 'HH:mm')}前确认` : ''
  }`
}

interface Props {
  session: Session
  /** The guardian's registered children (for child places). */
  kids: Child[]
  /** Offer 全部场次都报名 (the activity has more sessions). */
  recurring: boolean
  onChange: (s: Session) => void
  /** After signing up for every session: the list changed in many places. */
  onAll: () => void
}

/** One session: seats per role, my place (and my children's), sign-up / waitlist / cancel. */
export function SessionCard({ session, kids, recurring, onChange, onAll }: Props) {
  const [busy, perform] = useAction()
  const act = async (run: () => Promise<Session>) => {
    const done = await perform(run)
    if (done) onChange(done)
  }
  const live = (p: Place | null | undefined) => (p && p.status !== 'cancelled' ? p : null)
  const mine = live(session.mine)
  // Called off (issue 18): nothing to accept, cancel or sign up for any more.
  const closed = !!session.cancelled
  const shownPlace = (p: Place) => (closed ? `原${placeText(p)}，无需前往` : placeText(p))
  const placed = new Set(session.children.filter((c) => live(c)).map((c) => c.childId))
  const cancel = async (waiting: boolean, childId?: string) => {
    const ok = await confirmAction(
      waiting
        ? { title: '退出候补？', content: '退出后不再排队等名额。', confirm: '退出候补', keep: '继续候补' }
        : {
            title: '取消报名？',
            content: `名额会让给候补的人。活动开始前${durationText(CANCEL_CUTOFF_MS)}内不能再取消。`,
            confirm: '取消报名',
            keep: '不取消了',
          },
    )
    if (ok) await act(() => call('session.cancel', { sessionId: session.id, childId }))
  }
  const signUpAll = async (role: string, childId?: string) => {
    const res = await perform(() =>
      call('activity.signUpAll', { activityId: session.activityId, role, childId }),
    )
    if (!res) return
    const full = res.waitlisted.map((w) => formatLocal(w.startAt, 'M月D日')).join('、')
    await Taro.showModal({
      title: '已报名全部场次',
      content: `已报名 ${res.confirmed} 场${full ? `；${full} 已满，已为您候补` : ''}`,
      showCancel: false,
    })
    onAll()
  }
  const placeActions = (p: Place, childId?: string) => (
    <>
      {p.status === 'offered' ? (
        <BigButton
          loading={busy}
          onClick={() => act(() => call('session.acceptOffer', { sessionId: session.id, childId }))}
        >
          确认参加
        </BigButton>
      ) : null}
      {!p.checkInAt && p.status !== 'noShow' ? (
        <BigButton kind="default" loading={busy} onClick={() => cancel(p.status === 'waitlisted', childId)}>
          {p.status === 'waitlisted'
            ? childId
              ? `${session.children.find((c) => c.childId === childId)?.childName ?? ''}退出候补`
              : '退出候补'
            : childId
              ? `取消${session.children.find((c) => c.childId === childId)?.childName ?? ''}的报名`
              : '取消报名'}
        </BigButton>
      ) : null}
    </>
  )

  return (
    <View className="card" data-testid="session-card">
      <View className="row">
        <Text className="card-title">{session.title}</Text>
        <Text className="tag">{session.kindName}</Text>
      </View>
      <Text className="list-item-desc">{sessionWhen(session)}</Text>
      <Text className="muted" style={{ display: 'block' }}>
        {session.place}
      </Text>
      {session.roles.map((r) => (
        <Text className="muted" style={{ display: 'block' }} key={r.key} data-testid={`seats-${r.key}`}>
          {r.name}：余 {r.left} / 共 {r.capacity}
          {r.waiting ? ` · ${r.waiting}人候补` : ''}
        </Text>
      ))}
      {session.cancelled ? (
        <Text className="deadline" style={{ display: 'block' }} data-testid="session-cancelled">
          已取消：{session.cancelled.reason}
        </Text>
      ) : null}
      {mine ? (
        <>
          <Text className={mine.status === 'confirmed' ? 'card-title' : 'deadline'} data-testid="my-signup">
            {shownPlace(mine)}
          </Text>
          {closed ? null : placeActions(mine)}
        </>
      ) : null}
      {session.children
        .filter((c) => live(c))
        .map((c) => (
          <View key={c.childId} data-testid="child-signup">
            <Text className={c.status === 'confirmed' ? 'card-title' : 'deadline'}>
              {c.childName}：{shownPlace(c)}
            </Text>
            {closed ? null : placeActions(c, c.childId)}
          </View>
        ))}
      {(closed ? [] : session.roles).map((r) => {
        const label = r.left > 0 ? '报名' : '候补'
        if (r.audience === 'child') {
          const free = kids.filter((k) => !placed.has(k.id))
          if (kids.length === 0)
            return (
              <BigButton
                key={r.key}
                kind="default"
                onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/activity/child' })}
              >
                {`为孩子报名：先登记孩子`}
              </BigButton>
            )
          return free.map((k) => (
            <View key={`${r.key}-${k.id}`}>
              <BigButton
                kind={r.left > 0 ? 'primary' : 'default'}
                loading={busy}
                onClick={() =>
                  act(() => call('session.signUp', { sessionId: session.id, role: r.key, childId: k.id }))
                }
              >
                {`${label}：${k.name}（${r.name}）`}
              </BigButton>
              {recurring ? (
                <BigButton kind="default" loading={busy} onClick={() => signUpAll(r.key, k.id)}>
                  {`${k.name}全部场次都报名`}
                </BigButton>
              ) : null}
            </View>
          ))
        }
        if (mine) return null
        if (!r.forMe)
          return (
            <Text
              key={r.key}
              className="link"
              style={{ display: 'block' }}
              onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/register/index' })}
            >
              {`${r.name}：登记为志愿者后可报名 ›`}
            </Text>
          )
        return (
          <View key={r.key}>
            <BigButton
              kind={r.left > 0 ? 'primary' : 'default'}
              loading={busy}
              onClick={() => act(() => call('session.signUp', { sessionId: session.id, role: r.key }))}
            >
              {`${label}：${r.name}`}
            </BigButton>
            {recurring ? (
              <BigButton kind="default" loading={busy} onClick={() => signUpAll(r.key)}>
                {`全部场次都报名：${r.name}`}
              </BigButton>
            ) : null}
          </View>
        )
      })}
      <View className="row">
        <Text
          className="link"
          onClick={() =>
            Taro.navigateTo({ url: `/packages/resident/pages/activity/detail?id=${session.activityId}` })
          }
        >
          活动详情 ›
        </Text>
        {session.kind === 'elderCare' && (session.organiser || mine?.status === 'confirmed') ? (
          <Text
            className="link"
            data-testid="visits-link"
            onClick={() =>
              Taro.navigateTo({ url: `/packages/volunteer/pages/visits/index?id=${session.id}` })
            }
          >
            探访记录 ›
          </Text>
        ) : null}
        {session.runsDay ? (
          <Text
            className="link"
            data-testid="manage-session"
            onClick={() => Taro.navigateTo({ url: `/packages/admin/pages/session/index?id=${session.id}` })}
          >
            签到与名单 ›
          </Text>
        ) : null}
      </View>
    </View>
  )
}
