import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { TextField } from '../../../../components/TextField'
import { Page } from '../../../../components/Page'
import type { ActionOutput } from '../../../../domain/contract'
import { useAction } from '../../../../hooks/useAction'

/** Anyone holding a certificate (a school, an employer) checks its serial against the ledger. */
export default function VerifyCertificatePage() {
  const [serial, setSerial] = useState('')
  const [result, setResult] = useState<ActionOutput<'certificate.verify'>>()
  const [busy, perform] = useAction()
  return (
    <Page>
      <TextField
        label="证明编号"
        value={serial}
        placeholder="例如 NX20261124AB12CD34"
        onInput={(value) => setSerial(value.trim().toUpperCase())}
        testId="verify-serial"
      />
      <BigButton
        loading={busy}
        onClick={() => void perform(async () => setResult(await call('certificate.verify', { serial })))}
      >
        核验
      </BigButton>
      {result ? (
        <View className="card" data-testid="verify-result">
          <Text className={result.valid ? 'card-title' : 'card-title deadline'}>
            {result.valid ? '证明有效' : `证明无效：${result.reason}`}
          </Text>
          {result.name ? (
            <Text className="muted" style={{ display: 'block' }}>
              {result.name} · 累计 {result.hours} 小时 · {result.issuer} · {result.issuedOn} 出具
            </Text>
          ) : null}
        </View>
      ) : null}
    </Page>
  )
}
