import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../api/client'
import { Chips } from '../../components/Chips'
import { BigButton } from '../../components/BigButton'
import { LoadMore } from '../../components/LoadMore'
import { Page } from '../../components/Page'
import { SessionCard, type Session } from '../../components/SessionCard'
import { StateView } from '../../components/StateView'
import { ACTIVITY_KIND_CODES, ACTIVITY_KINDS, type ActivityKind } from '../../domain/activity'
import { local } from '../../domain/time'
import { useApi } from '../../hooks/useApi'
import { usePaged } from '../../hooks/usePaged'
import { wallClock } from '../../clock'

const FILTERS: { value: 'all' | ActivityKind; label: string }[] = [
  { value: 'all', label: '全部' },
  ...ACTIVITY_KIND_CODES.map((k) => ({ value: k, label: ACTIVITY_KINDS[k] })),
]

/** “本周”, “下周”, or “12月14日–20日” for the week (Monday first) a session falls in. */
export function weekLabel(startAt: string, now = wallClock()): string {
  const monday = (d: ReturnType<typeof local>) => d.startOf('day').subtract((d.day() + 6) % 7, 'day')
  const week = monday(local(startAt))
  const weeks = Math.round(week.diff(monday(local(now)), 'day') / 7)
  if (weeks <= 0) return '本周'
  if (weeks === 1) return '下周'
  const sunday = week.add(6, 'day')
  return `${week.format('M月D日')}–${sunday.month() === week.month() ? sunday.format('D日') : sunday.format('M月D日')}`
}

/** 活动: the community's upcoming sessions by week, soonest first, with seats left and my place. */
export default function ActivityPage() {
  const [kind, setKind] = useState<'all' | ActivityKind>('all')
  const list = usePaged(
    (cursor) => call('activity.sessions', { ...(kind === 'all' ? {} : { kind }), cursor }),
    [kind],
  )
  const kids = useApi(() => call('child.list', {}))
  const me = useApi(() => call('me.get', {}))
  // A session changed by my action, shown at once; a fresh first page drops these.
  const [changed, setChanged] = useState<{ key: unknown; map: Record<string, Session> }>()
  const edits = changed && changed.key === list.data ? changed.map : {}
  const replace = (s: Session) => setChanged({ key: list.data, map: { ...edits, [s.id]: s } })
  const organiser = me.data?.roles.some((r) => r === 'communityAdmin' || r === 'gridLeader')

  return (
    <Page>
      <Chips options={FILTERS} value={kind} onChange={setKind} testId="activity-filter" />
      {organiser ? <BigButton to="/packages/admin/pages/activity-new/index">发布活动</BigButton> : null}
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={() => list.items.length === 0}
        empty={<Text className="state-text">近期没有活动，过几天再来看看</Text>}
      >
        {() => (
          <>
            {list.items.map((item, i) => {
              const s = edits[item.id] ?? item
              const week = weekLabel(s.startAt)
              const first = i === 0 || weekLabel(list.items[i - 1].startAt) !== week
              return (
                <View key={s.id}>
                  {first ? (
                    <Text className="section-title" data-testid="week-title">
                      {week}
                    </Text>
                  ) : null}
                  <SessionCard
                    session={s}
                    kids={kids.data?.items ?? []}
                    recurring={list.items.filter((x) => x.activityId === s.activityId).length > 1}
                    onChange={replace}
                    onAll={list.reload}
                  />
                </View>
              )
            })}
            <LoadMore paged={list} />
          </>
        )}
      </StateView>
    </Page>
  )
}
