import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

/** 我的志愿服务: hours and points this month and this year, 双报到 status, every service credited. */
export default function MyServicePage() {
  const me = useApi(() => call('volunteer.me', {}))
  const [busy, perform] = useAction()
  const [serial, setSerial] = useState<string>()
  return (
    <Page>
      <StateView {...me} onRetry={me.reload}>
        {(s) => (
          <>
            <View className="card" data-testid="service-summary">
              <Text className="card-title">
                本月 {s.month.hours} 小时 · {s.month.points} 积分
              </Text>
              <Text className="muted" style={{ display: 'block' }}>
                今年 {s.year.hours} 小时 · {s.year.points} 积分 · 服务 {s.year.services} 次
              </Text>
              {s.volunteer?.party ? (
                <Text className={s.servedThisMonth ? 'muted' : 'deadline'} style={{ display: 'block' }}>
                  双报到：
                  {s.volunteer.party.status === 'pending'
                    ? '登记待社区确认'
                    : s.servedThisMonth
                      ? '本月已参加服务'
                      : '本月尚未参加服务'}
                </Text>
              ) : null}
            </View>
            <Text className="section-title">服务记录</Text>
            {s.records.length === 0 ? (
              <View className="state">
                <Text>还没有服务记录。去心愿墙看看，帮邻居圆个心愿吧。</Text>
              </View>
            ) : (
              s.records.map((r, i) => (
                <View className="list-item" key={`${r.at}-${i}`}>
                  <Text className="card-title">{r.reason}</Text>
                  <Text className="muted">
                    {formatLocal(r.at, 'YYYY-MM-DD')} · {r.hours} 小时 · {r.points} 积分
                  </Text>
                </View>
              ))
            )}
            {s.volunteer ? (
              <BigButton
                loading={busy}
                onClick={() =>
                  void perform(async () => {
                    const cert = await call('volunteer.certificate', {})
                    await openDocument(cert, cert.fileName, 'pdf')
                    setSerial(cert.serial)
                  })
                }
              >
                下载志愿服务记录证明（PDF）
              </BigButton>
            ) : null}
            {serial ? (
              <Text className="muted" data-testid="certificate-serial">
                证明编号 {serial}，可在“核验证明”中查验
              </Text>
            ) : null}
            <BigButton to="/packages/volunteer/pages/verify/index">核验证明</BigButton>
            <BigButton to="/packages/volunteer/pages/register/index">
              {s.volunteer ? '修改登记信息' : '登记为志愿者'}
            </BigButton>
          </>
        )}
      </StateView>
    </Page>
  )
}
