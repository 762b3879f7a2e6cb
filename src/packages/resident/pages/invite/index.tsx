import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { InvitationView } from '../../../../domain/contract'
import { INVITE_CODE_LENGTH } from '../../../../domain/invitations'
import { inviteFromScene, sceneOf } from '../../../../domain/links'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

function Offer({ inv, onAccepted }: { inv: InvitationView; onAccepted: (inv: InvitationView) => void }) {
  const [busy, perform] = useAction()
  async function accept() {
    const res = await perform(() => call('invite.accept', { code: inv.code }))
    if (res) onAccepted(res)
  }
  return (
    <>
      <View className="card" data-testid="invite-offer">
        <Text className="card-title">
          {inv.communityName}邀请{inv.name ? ` ${inv.name} ` : '您'}担任{inv.roleLabel}
        </Text>
        <Text className="list-item-desc" style={{ display: 'block' }}>
          负责：{inv.gridName}
        </Text>
        <Text className="muted">
          邀请码 {inv.code} · {inv.expiresText}前有效 · 只能使用一次
        </Text>
      </View>
      <BigButton testId="invite-accept" loading={busy} onClick={accept}>
        接受邀请
      </BigButton>
    </>
  )
}

/**
 * What an invitation's QR code opens (or 我的 → 输入邀请码): who invites me to which role, and one
 * button to accept. The role belongs to whoever is signed in to WeChat when they accept.
 */
export default function InvitePage() {
  const fromScene = inviteFromScene(sceneOf(useRouter().params))
  const [code, setCode] = useState(fromScene ?? '')
  const [asked, setAsked] = useState(fromScene)
  const [accepted, setAccepted] = useState<InvitationView | null>(null)
  const offer = useApi(() => (asked ? call('invite.peek', { code: asked }) : Promise.resolve(null)), [asked])

  if (accepted) {
    return (
      <Page>
        <View className="card" data-testid="invite-done">
          <Text className="card-title">您已成为{accepted.roleLabel}</Text>
          <Text className="list-item-desc" style={{ display: 'block' }}>
            {accepted.communityName} · {accepted.gridName}
          </Text>
        </View>
        {accepted.role === 'buildingLeader' ? null : (
          <BigButton onClick={() => Taro.redirectTo({ url: '/packages/grid/pages/inbox/index' })}>
            进入网格员工作台
          </BigButton>
        )}
        <BigButton kind="default" onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
          回到首页
        </BigButton>
      </Page>
    )
  }

  return (
    <Page>
      {!fromScene ? (
        <View className="card">
          <TextField
            label="邀请码"
            value={code}
            onInput={setCode}
            placeholder={`${INVITE_CODE_LENGTH}位字母和数字`}
            testId="invite-input"
          />
          <BigButton kind="default" testId="invite-look" onClick={() => setAsked(code)}>
            查看邀请
          </BigButton>
        </View>
      ) : null}
      {asked ? (
        <StateView {...offer} onRetry={offer.reload}>
          {(inv) => (inv ? <Offer inv={inv} onAccepted={setAccepted} /> : null)}
        </StateView>
      ) : null}
    </Page>
  )
}
