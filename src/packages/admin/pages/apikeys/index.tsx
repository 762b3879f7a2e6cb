import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, call, errorMessage, newRequestId } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { ApiKeyList } from '../../../../domain/contract'
import { OPEN311_CREATES_PER_HOUR, ORGANISATION_MAX_CHARS } from '../../../../domain/open311'
import { formatLocal } from '../../../../domain/time'
import { useApi } from '../../../../hooks/useApi'
import { confirmAction } from '../../../../hooks/confirm'
import { copyText } from '../../../../api/wechat-privacy'
import { SettingsEvents } from '../../components/SettingsEvents'

type Key = ApiKeyList['keys'][number]

/** One key on the list: whose, since when, how often used; 撤销 after a confirmation. */
function KeyCard(props: { k: Key; onRevoked: (v: ApiKeyList) => void }) {
  const { k } = props
  const [busy, setBusy] = useState(false)
  async function revoke() {
    const sure = await confirmAction({
      title: '撤销密钥',
      content: `撤销后，${k.organisation}将不能再用这个密钥提交诉求。已提交的诉求照常办理。`,
      confirm: '撤销密钥',
      keep: '暂不撤销',
    })
    if (!sure) return
    setBusy(true)
    try {
      props.onRevoked(await call('apikey.revoke', { id: k.id }))
      await Taro.showToast({ title: '已撤销', icon: 'success' })
    } catch (err) {
      await Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card" data-testid="apikey-card">
      <Text className="card-title">{k.organisation}</Text>
      <Text className="list-item-desc" style={{ display: 'block' }}>
        密钥 {k.prefix}…
      </Text>
      <Text className="muted" style={{ display: 'block' }}>
        {formatLocal(k.issuedAt, 'YYYY-MM-DD HH:mm')} 由{k.issuedByName}发放 · 已使用 {k.uses} 次
        {k.lastUsedAt ? `，最近 ${formatLocal(k.lastUsedAt, 'MM-DD HH:mm')}` : ''}
      </Text>
      {k.revokedAt ? (
        <View className="tag-line">
          <Text className="tag tag-cancelled">已撤销（{formatLocal(k.revokedAt, 'MM-DD HH:mm')}）</Text>
        </View>
      ) : (
        <View className="page-actions">
          <BigButton kind="default" loading={busy} onClick={() => void revoke()} testId="apikey-revoke">
            撤销这个密钥
          </BigButton>
        </View>
      )}
    </View>
  )
}

/**
 * 开放接口 (issue 19, part 3): the Open311 API's keys. Reading the community's open data needs
 * none; an organisation that files requests (区12345平台) gets a key here — shown once, kept only
 * hashed — and loses it when revoked. Each issue and revocation is in 最近变动.
 */
export default function ApiKeysPage() {
  const view = useApi(() => call('apikey.list', {}))
  const [organisation, setOrganisation] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [issuing, setIssuing] = useState(false)
  const [shown, setShown] = useState<{ key: string; organisation: string } | null>(null)

  async function issue() {
    setIssuing(true)
    setError(null)
    try {
      const res = await call('apikey.issue', { requestId: newRequestId(), organisation })
      view.setData(res.list)
      if (res.key) setShown({ key: res.key, organisation: res.issued.organisation })
      setOrganisation('')
    } catch (err) {
      setError(
        err instanceof ApiCallError && err.fields?.organisation ? err.fields.organisation : errorMessage(err),
      )
    } finally {
      setIssuing(false)
    }
  }

  return (
    <Page>
      <StateView {...view} onRetry={view.reload}>
        {(v) => (
          <>
            <Text className="muted" style={{ display: 'block' }}>
              {`本社区的诉求按 Open311 GeoReport v2 标准公开：类别、状态、楼栋和办理网格，不含任何人的姓名、电话和门牌。查询无需密钥；外单位（如区12345平台）要代为提交诉求，须用这里发放的密钥，每个密钥每小时最多提交${OPEN311_CREATES_PER_HOUR}条。`}
            </Text>
            <View className="card">
              <Text className="card-title">接口地址</Text>
              <Text className="list-item-desc" style={{ display: 'block' }} data-testid="apikey-base">
                {v.basePath}/services.json?jurisdiction_id={v.jurisdictionId}
              </Text>
            </View>
            {shown ? (
              <View className="card" data-testid="apikey-shown">
                <Text className="card-title">发给{shown.organisation}的密钥</Text>
                <Text
                  className="list-item-desc"
                  style={{ display: 'block' }}
                  selectable
                  data-testid="apikey-key"
                >
                  {shown.key}
                </Text>
                <Text className="field-error" style={{ display: 'block' }}>
                  只显示这一次，离开本页后无法再查看。请现在复制并交给对方；遗失请撤销后重新发放。
                </Text>
                <View className="page-actions">
                  <BigButton onClick={() => void copyText(shown.key)} testId="apikey-copy">
                    复制密钥
                  </BigButton>
                  <BigButton kind="default" onClick={() => setShown(null)} testId="apikey-done">
                    已交给对方
                  </BigButton>
                </View>
              </View>
            ) : null}
            <View className="card">
              <Text className="card-title">发放新密钥</Text>
              <TextField
                label="使用接口的单位"
                value={organisation}
                placeholder="如：暖阳区12345热线平台"
                maxlength={ORGANISATION_MAX_CHARS}
                count={`${organisation.trim().length}/${ORGANISATION_MAX_CHARS}`}
                onInput={(o) => {
                  setOrganisation(o)
                  setError(null)
                }}
                error={error ?? undefined}
                testId="apikey-organisation"
              />
              <View className="page-actions">
                <BigButton loading={issuing} onClick={() => void issue()} testId="apikey-issue">
                  发放密钥
                </BigButton>
              </View>
            </View>
            <Text className="section-title">已发放的密钥</Text>
            {v.keys.length === 0 ? (
              <Text className="muted" style={{ display: 'block' }} data-testid="apikey-none">
                还没有发放过密钥。
              </Text>
            ) : null}
            {v.keys.map((k) => (
              <KeyCard key={k.id} k={k} onRevoked={view.setData} />
            ))}
            <SettingsEvents events={v.events} testId="apikey-event" />
          </>
        )}
      </StateView>
    </Page>
  )
}
