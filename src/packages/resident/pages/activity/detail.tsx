import { Image, Text, View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { call } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { shown } from '../../../../components/PhotoGrid'
import { SessionCard, type Session } from '../../../../components/SessionCard'
import { StateView } from '../../../../components/StateView'
import { activityShare } from '../../../../domain/share'
import { useApi } from '../../../../hooks/useApi'

/** 活动详情: what the activity is, and every session still to come with its seats and my place. */
export default function ActivityDetailPage() {
  const id = useRouter().params.id ?? ''
  const activity = useApi(() => call('activity.get', { id }), [id])
  const kids = useApi(() => call('child.list', {}))
  useShareAppMessage(() => activityShare(id, activity.data))
  const replace = (s: Session) =>
    activity.data &&
    activity.setData({
      ...activity.data,
      sessions: activity.data.sessions.map((x) => (x.id === s.id ? s : x)),
    })
  return (
    <Page>
      <StateView {...activity} onRetry={activity.reload}>
        {(a) => (
          <>
            <View className="card">
              {a.coverUrl ? (
                <Image
                  className="cover"
                  src={shown(a.coverUrl)}
                  mode="aspectFill"
                  ariaLabel={`${a.title}的封面照片`}
                  nativeProps={{ alt: `${a.title}的封面照片` }}
                  data-testid="activity-cover"
                />
              ) : null}
              <View className="row">
                <Text className="card-title">{a.title}</Text>
                <Text className="tag">{a.kindName}</Text>
              </View>
              {a.description ? <Text className="list-item-desc">{a.description}</Text> : null}
              <Text className="muted" style={{ display: 'block' }}>
                地点：{a.place}
              </Text>
              {a.organiser ? (
                <Text className="muted" style={{ display: 'block' }}>
                  组织者：{a.organiser}
                </Text>
              ) : null}
              <Text className="muted" style={{ display: 'block' }} data-testid="session-count">
                共 {a.sessions.length} 场未结束
              </Text>
            </View>
            {a.sessions.length === 0 ? <Text className="state-text">活动的场次都已结束</Text> : null}
            {a.sessions.map((s) => (
              <SessionCard
                key={s.id}
                session={s}
                kids={kids.data?.items ?? []}
                recurring={a.sessions.length > 1}
                onChange={replace}
                onAll={activity.reload}
              />
            ))}
          </>
        )}
      </StateView>
    </Page>
  )
}
