import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { call } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { Page } from '../../components/Page'
import { placeText, sessionWhen } from '../../components/SessionCard'
import { StateView } from '../../components/StateView'
import { CHECKIN_OPENS_BEFORE_MS } from '../../domain/activity'
import { sceneOf, sessionFromScene } from '../../domain/links'
import { durationText } from '../../domain/time'
import { useAction } from '../../hooks/useAction'
import { useApi } from '../../hooks/useApi'

/**
 * What a session's check-in code opens: the session, my place (and my children's), and one big
 * button — 签到 on arrival, 签退 when leaving (a child goes home only with a registered collector).
 */
export default function CheckInPage() {
  const sessionId = sessionFromScene(sceneOf(useRouter().params)) ?? ''
  const session = useApi(
    () => (sessionId ? call('session.get', { sessionId }) : Promise.reject(new Error('这不是活动签到码'))),
    [sessionId],
  )
  const [busy, perform] = useAction()
  const places = session.data
    ? [
        ...(session.data.mine ? [{ name: '我', ...session.data.mine }] : []),
        ...session.data.children.map((c) => ({ name: c.childName, ...c })),
      ].filter((p) => p.status !== 'cancelled')
    : []
  const inside = places.some((p) => p.checkInAt && !p.checkOutAt)
  const waiting = places.some((p) => !p.checkInAt && (p.status === 'confirmed' || p.status === 'offered'))

  async function go(what: 'in' | 'out') {
    const res = await perform(() =>
      what === 'in' ? call('session.checkIn', { sessionId }) : call('session.checkOut', { sessionId }),
    )
    if (!res) return
    session.setData(res.session)
    // The number of people matters and can run to two digits: no icon, so the whole title shows.
    await Taro.showToast({
      title: `${what === 'in' ? '签到' : '签退'}成功 ${res.people.length}人`,
      icon: 'none',
    })
  }

  return (
    <Page>
      <StateView {...session} onRetry={session.reload}>
        {(s) => (
          <>
            <View className="card">
              <Text className="card-title">{s.title}</Text>
              <Text className="list-item-desc">{sessionWhen(s)}</Text>
              <Text className="muted">{s.place}</Text>
            </View>
            {places.length === 0 ? (
              <Text className="state-text">您没有报名这场活动</Text>
            ) : (
              <View className="card" data-testid="checkin-places">
                {places.map((p) => (
                  <Text key={p.name} className="list-item-desc" style={{ display: 'block' }}>
                    {p.name}：{placeText(p)}
                  </Text>
                ))}
              </View>
            )}
            {waiting ? (
              <BigButton loading={busy} onClick={() => go('in')} testId="check-in">
                签到
              </BigButton>
            ) : null}
            {inside ? (
              <BigButton
                kind={waiting ? 'default' : 'primary'}
                loading={busy}
                onClick={() => go('out')}
                testId="check-out"
              >
                签退（离开时）
              </BigButton>
            ) : null}
            <Text className="muted">
              活动开始前{durationText(CHECKIN_OPENS_BEFORE_MS)}起可以签到；孩子只交给登记的接送人。
            </Text>
          </>
        )}
      </StateView>
    </Page>
  )
}
