import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { StateView } from '../../../../components/StateView'
import { formatLocal } from '../../../../domain/time'
import { confirmAction } from '../../../../hooks/confirm'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'

/**
 * 协助组织者 (issue 18, part 2), on the organiser's roster: who helps run every session of the
 * activity (the volunteer tutor on site), added from the community's volunteers and staff, removed
 * with a confirmation; the 台账 of these changes under them.
 */
export function CoOrganisers({ activityId }: { activityId: string }) {
  const list = useApi(() => call('activity.organisers', { activityId }), [activityId])
  const [busy, perform] = useAction()
  const [picked, setPicked] = useState<string>()

  const add = async () => {
    if (!picked) return
    const next = await perform(() => call('activity.addOrganiser', { activityId, openid: picked }))
    if (next) {
      setPicked(undefined)
      list.setData(next)
    }
  }
  const remove = async (openid: string, name: string) => {
    const ok = await confirmAction({
      title: `移除协助组织者${name}？`,
      content: `${name}将不能再查看名单、签到签退，会收到通知。`,
      confirm: '移除',
      keep: '不移除',
    })
    if (!ok) return
    const next = await perform(() => call('activity.removeOrganiser', { activityId, openid }))
    if (next) list.setData(next)
  }

  return (
    <View className="card" data-testid="co-organisers">
      <Text className="card-title">协助组织者（本活动所有场次）</Text>
      <Text className="muted" style={{ display: 'block' }}>
        协助组织者可以查看名单、代为签到签退、把孩子交给登记的接送人、代为取消和标记请假；不能修改活动、打印签到码或确认时长。
      </Text>
      <StateView {...list} onRetry={list.reload}>
        {(v) => (
          <>
            {v.organisers.length === 0 ? <Text className="list-item-desc">还没有协助组织者</Text> : null}
            {v.organisers.map((o) => (
              <View key={o.openid} data-testid="co-organiser">
                <Text className="list-item-desc" style={{ display: 'block' }}>
                  {o.name}（{o.roleName}）
                </Text>
                <BigButton kind="default" loading={busy} onClick={() => remove(o.openid, o.name)}>
                  {`移除：${o.name}`}
                </BigButton>
              </View>
            ))}
            {v.candidates.length ? (
              <>
                <Text className="section-title">添加：选择一位志愿者或网格工作人员</Text>
                <Chips
                  options={v.candidates.map((c) => ({
                    value: c.openid,
                    label: `${c.name}（${c.roleName}）`,
                  }))}
                  value={picked}
                  onChange={setPicked}
                  chipTestId="candidate-"
                />
                <BigButton loading={busy} disabled={!picked} onClick={add} testId="add-organiser">
                  添加为协助组织者
                </BigButton>
              </>
            ) : null}
            {v.events.map((e) => (
              <Text key={`${e.at}${e.note}`} className="muted" style={{ display: 'block' }}>
                {formatLocal(e.at, 'M月D日 HH:mm')} {e.actorName}：{e.note}
              </Text>
            ))}
          </>
        )}
      </StateView>
    </View>
  )
}
