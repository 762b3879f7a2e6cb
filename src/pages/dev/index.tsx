import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getDevOpenId, setDevOpenId } from '../../api/identity'
import { Page } from '../../components/Page'
import { StateView } from '../../components/StateView'
import { ROLES, type Role } from '../../domain/roles'
import { useApi } from '../../hooks/useApi'

interface Identity {
  openid: string
  name: string
  role: Role
  description: string
}

/**
 * H5 development only (absent from the weapp build): pick which demo person you are. The choice
 * is sent as X-Dev-OpenId, which the local host hands to the function as the platform would.
 */
export default function DevIdentityPage() {
  const list = useApi(async () => {
    const res = await fetch(`${process.env.API_BASE ?? ''}/dev/identities`)
    if (!res.ok) throw new Error('load failed')
    return (await res.json()) as Identity[]
  })
  const current = getDevOpenId()

  function choose(openid: string) {
    setDevOpenId(openid)
    Taro.reLaunch({ url: '/pages/index/index' })
  }

  return (
    <Page>
      <Text className="page-title">选择演示身份</Text>
      <Text className="muted">当前：{current}</Text>
      <StateView {...list} onRetry={list.reload}>
        {(items) => (
          <View>
            {items.map((i) => (
              <View
                key={i.openid}
                className={`list-item ${i.openid === current ? 'chip-on' : ''}`}
                onClick={() => choose(i.openid)}
                data-testid={`identity-${i.openid}`}
              >
                <Text className="card-title">
                  {i.name} · {ROLES[i.role]}
                </Text>
                <Text className="muted">{i.description}</Text>
              </View>
            ))}
          </View>
        )}
      </StateView>
    </Page>
  )
}
