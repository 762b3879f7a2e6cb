import { Text, View } from '@tarojs/components'
import type { WishCard as Card } from '../domain/contract'

/** One wish as the wall shows it: what, why, where (the grid only), how long it has waited. */
export function WishCard({ wish, onClick }: { wish: Card; onClick: () => void }) {
  return (
    <View className="list-item" onClick={onClick} data-testid="wish-card">
      <View className="row">
        <Text className="card-title">{wish.what}</Text>
        <Text className={`tag tag-wish-${wish.status}`}>{wish.statusName}</Text>
      </View>
      <Text className="list-item-desc">{wish.why}</Text>
      <Text className="muted">
        {wish.categoryName} · {wish.gridName}
        {wish.daysWaiting === null
          ? ''
          : wish.daysWaiting === 0
            ? ' · 今天发布'
            : ` · 已等待${wish.daysWaiting}天`}
      </Text>
    </View>
  )
}
