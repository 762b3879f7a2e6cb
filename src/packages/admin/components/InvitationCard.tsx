import { Image, Text, View } from '@tarojs/components'
import { copyText } from '../../../api/wechat-privacy'
import { BigButton } from '../../../components/BigButton'
import type { ActionOutput } from '../../../domain/contract'
import { INVITATION_HOURS } from '../../../domain/invitations'
import './InvitationCard.scss'

/**
 * An invitation just made (人员与角色, 责任单位): its code in large type and its QR code, to show or
 * send. `who`: what to call the person when the inviter gave no name.
 */
export function InvitationCard({ inv, who }: { inv: ActionOutput<'invite.create'>; who: string }) {
  return (
    <View className="card" data-testid="invite-created">
      <Text className="card-title">
        邀请 {inv.name || who} 担任{inv.roleLabel}
      </Text>
      <Text className="muted">{inv.gridName}</Text>
      <Text className="invite-code" data-testid="invite-code">
        {inv.code}
      </Text>
      <Image
        className="invite-qr"
        src={inv.qr}
        mode="aspectFit"
        ariaLabel={`邀请码 ${inv.code} 的二维码`}
        nativeProps={{ alt: `邀请码 ${inv.code} 的二维码` }}
      />
      <Text className="list-item-desc" style={{ display: 'block' }}>
        请对方在微信中扫码，或在「我的 → 输入邀请码」中输入。只能使用一次，{inv.expiresText}前有效（
        {INVITATION_HOURS}小时）。
      </Text>
      <BigButton kind="default" onClick={() => copyText(`${inv.url}\n邀请码：${inv.code}`)}>
        复制邀请链接
      </BigButton>
    </View>
  )
}
