import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call, errorMessage } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { TextField } from '../../components/TextField'
import { Page } from '../../components/Page'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { StateView } from '../../components/StateView'
import { ROOM_MAX_CHARS } from '../../domain/contact'
import { sceneOf } from '../../domain/links'
import { useApi } from '../../hooks/useApi'
import { scanBuildingCode } from '../../scan'

/**
 * The page a building's code opens: `scene` is the building code — from a weapp code, or inside the
 * URL of a standard QR code (`q`, when WeChat opens the mini-program for a scanned link).
 */
function codeOf(params: Record<string, string | undefined>): string {
  try {
    return (sceneOf(params) ?? decodeURIComponent(params.code ?? '')).trim()
  } catch {
    return (params.scene ?? params.code ?? '').trim()
  }
}

export default function BindPage() {
  const code = codeOf(useRouter().params)
  const building = useApi(() => call('building.lookup', { buildingCode: code }), [code])
  const [room, setRoom] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string>()

  async function bind() {
    setSaving(true)
    setError(undefined)
    try {
      await call('me.bindBuilding', { buildingCode: code, room: room.trim() || undefined })
      Taro.showToast({ title: '绑定成功', icon: 'success' })
      Taro.switchTab({ url: '/pages/index/index' })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Page>
      <PrivacyPrompt purpose="绑定楼栋和门牌号" />
      <StateView
        {...building}
        onRetry={building.reload}
        errorActions={
          <>
            <BigButton onClick={scanBuildingCode}>重新扫码</BigButton>
            <BigButton kind="default" onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
              返回首页
            </BigButton>
          </>
        }
      >
        {(b) => (
          <>
            <View className="card" data-testid="bind-question">
              <Text className="muted">{b.communityName}</Text>
              <Text className="card-title">您是否居住在 {b.name}？</Text>
              <Text className="muted">
                {b.address} · {b.gridName}
              </Text>
            </View>
            <TextField
              title="门牌号（选填，方便网格员上门）"
              label="门牌号（选填）"
              placeholder="如：3单元502"
              maxlength={ROOM_MAX_CHARS}
              value={room}
              onInput={setRoom}
              error={error}
            />
            <View className="page-actions">
              <BigButton testId="bind-confirm" loading={saving} onClick={bind}>
                是，我住在这里
              </BigButton>
              <BigButton kind="default" onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
                不是，返回首页
              </BigButton>
            </View>
          </>
        )}
      </StateView>
    </Page>
  )
}
