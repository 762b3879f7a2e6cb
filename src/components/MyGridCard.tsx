import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ActionOutput } from '../domain/contract'

type MyGrid = ActionOutput<'myGrid.get'>

/**
 * 网格员公示 — "有话跟谁说、有事找谁办" (issue 16): who serves the resident's building, with the
 * number each chose to publish and a tap to call it; no photo, never a private number.
 */
export function MyGridCard({ grid }: { grid: MyGrid }) {
  return (
    <View className="card" data-testid="my-grid">
      <Text className="card-title">有话跟谁说、有事找谁办</Text>
      {grid.people.length === 0 ? (
        <Text className="muted">本楼的网格员还在安排中，有事请先点“我要反映”。</Text>
      ) : (
        grid.people.map((p) => (
          <View key={`${p.role}-${p.name}`} className="contact-row" data-testid={`contact-${p.role}`}>
            <View className="contact-who">
              <Text className="contact-name">
                {p.roleName} · {p.name}
              </Text>
              <Text className="muted">负责：{p.serves}</Text>
            </View>
            {p.workPhone ? (
              <Text
                className="link contact-call"
                onClick={() => void Taro.makePhoneCall({ phoneNumber: p.workPhone!.replace('-', '') })}
              >
                拨打 {p.workPhone}
              </Text>
            ) : (
              <Text className="muted">暂未公示电话</Text>
            )}
          </View>
        ))
      )}
    </View>
  )
}
