import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '../api/client'
import type { MeView } from '../domain/contract'
import { ROLES } from '../domain/roles'
import { useAction } from '../hooks/useAction'
import { useApi } from '../hooks/useApi'
import { BigButton } from './BigButton'

interface Props {
  me: MeView
  /** After the server stored the choice: the page loads again in the chosen community. */
  onSwitched: (me: MeView) => void
}

/**
 * 切换社区 (issue 17): for someone holding roles in several communities, which one every screen
 * works in, and a button for each of the others. Nothing for someone with one community or none.
 */
export function CommunitySwitcher({ me, onSwitched }: Props) {
  const [busy, perform] = useAction()
  if (me.communities.length < 2) return null
  const current = me.communities.find((c) => c.id === me.communityId)
  const roles = (rs: readonly MeView['roles'][number][]) => rs.map((r) => ROLES[r]).join('、')

  async function choose(communityId: string) {
    const next = await perform(() => call('me.chooseCommunity', { communityId }))
    if (!next) return
    await Taro.showToast({ title: '已切换', icon: 'success' })
    onSwitched(next)
  }

  return (
    <View className="card" data-testid="community-switcher">
      <Text className="muted">您在{me.communities.length}个社区担任角色，现在办理的是</Text>
      <Text className="card-title" data-testid="current-community">
        {current ? `${current.name}（${roles(current.roles)}）` : '请选择社区'}
      </Text>
      {me.communities
        .filter((c) => c.id !== me.communityId)
        .map((c) => (
          <BigButton
            key={c.id}
            kind="default"
            loading={busy}
            onClick={() => void choose(c.id)}
            testId={`switch-${c.id}`}
          >
            切换到{c.name}（{roles(c.roles)}）
          </BigButton>
        ))}
    </View>
  )
}

/**
 * The switcher on top of a staff screen (工作台, 社区设置, 人员与角色): after switching, `reopen`
 * (the screen's own path) opens again, so nothing of the other community stays on it.
 */
export function WorkingCommunity({ reopen }: { reopen: string }) {
  const me = useApi(() => call('me.get', {}))
  if (!me.data) return null
  return <CommunitySwitcher me={me.data} onSwitched={() => void Taro.redirectTo({ url: reopen })} />
}
