import { Text, View } from '@tarojs/components'
import type { RequestEventView } from '../domain/contract'
import { formatLocal } from '../domain/time'

/** A 台账 (a request's, a wish's), newest last, as a resident reads it. */
export function Timeline({
  events,
}: {
  /** No actor and no note: a step as a neighbour sees it (我关注的). */
  events: (Pick<RequestEventView, 'at' | 'title'> & Partial<Pick<RequestEventView, 'actorName' | 'note'>>)[]
}) {
  return (
    <View className="timeline" data-testid="timeline">
      {events.map((e, i) => (
        <View className="timeline-item" key={`${e.at}-${i}`}>
          <View className="timeline-dot" />
          <Text className="timeline-title">{e.actorName ? `${e.title} · ${e.actorName}` : e.title}</Text>
          <Text className="muted">{formatLocal(e.at)}</Text>
          {e.note ? <Text className="list-item-desc">{e.note}</Text> : null}
        </View>
      ))}
    </View>
  )
}
