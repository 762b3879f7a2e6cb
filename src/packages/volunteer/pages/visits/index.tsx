import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { sessionWhen } from '../../../../components/SessionCard'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { ActionOutput } from '../../../../domain/contract'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'

type Row = ActionOutput<'visit.list'>['items'][number]

/** One elder on today's round: who, how to reach them, and the log (or three big buttons). */
function ElderRow({
  row,
  onLog,
}: {
  row: Row
  onLog: (seen: boolean, well?: boolean, needs?: string) => void
}) {
  const [needs, setNeeds] = useState('')
  const { elder, visit } = row
  return (
    <View className="card" data-testid="elder-row">
      <Text className="card-title">{elder.name}</Text>
      <Text className="list-item-desc">
        {elder.buildingCode} {elder.room}
        {elder.phone ? ` · ${elder.phone}` : ''}
      </Text>
      {elder.notes ? <Text className="muted">{elder.notes}</Text> : null}
      {visit ? (
        <Text
          className={
            visit.status === 'missed' || visit.wellbeing === 'unwell' ? 'deadline' : 'list-item-desc'
          }
        >
          {visit.status === 'missed'
            ? '当天未登记，已告知网格员'
            : `${visit.seen ? (visit.wellbeing === 'unwell' ? '见到了，身体不适' : '见到了，状况良好') : '未见到老人'}${
                visit.needs ? `；需要：${visit.needs}` : ''
              } · ${visit.by ?? ''} ${formatLocal(visit.at, 'HH:mm')}${visit.requestNo ? ` · 已转网格诉求 ${visit.requestNo}` : ''}`}
        </Text>
      ) : (
        <>
          <TextField
            label="老人需要什么（选填）"
            value={needs}
            onInput={setNeeds}
            placeholder="例如：代买药品、修水龙头"
          />
          <BigButton onClick={() => onLog(true, true, needs)}>见到了，状况良好</BigButton>
          <BigButton kind="default" onClick={() => onLog(true, false, needs)}>
            见到了，身体不适
          </BigButton>
          <BigButton kind="default" onClick={() => onLog(false, undefined, needs)}>
            没见到老人
          </BigButton>
        </>
      )}
    </View>
  )
}

/**
 * 探访记录 (暖心助老): the team's elders for this visit day, each logged once; "unwell" or a need
 * goes to the building's grid as a request. The organiser adds elders (with how consent was given).
 */
export default function VisitsPage() {
  const sessionId = useRouter().params.id ?? ''
  const list = useApi(() => call('visit.list', { sessionId }), [sessionId])
  const [busy, perform] = useAction()
  const [adding, setAdding] = useState({ name: '', buildingCode: '', room: '', phone: '' })
  const [consentBy, setConsentBy] = useState<'本人' | '子女' | '监护人'>('本人')
  const form = useCreateForm()

  const log = async (row: Row, seen: boolean, well?: boolean, needs = '') => {
    const done = await perform(() =>
      call('visit.log', {
        sessionId,
        elderId: row.elder.id,
        seen,
        wellbeing: seen ? (well ? 'well' : 'unwell') : undefined,
        needs,
        note: '',
      }),
    )
    if (done) list.setData(done)
  }
  const add = async (activityId: string) => {
    const done = await form.create((requestId) =>
      call('elder.add', {
        requestId,
        ...adding,
        consent: { by: consentBy, note: '' },
        notes: '',
        activityId,
      }),
    )
    if (done) {
      setAdding({ name: '', buildingCode: '', room: '', phone: '' })
      await Taro.showToast({ title: '已加入探访名单', icon: 'success' })
      list.reload()
    }
  }

  return (
    <Page>
      <StateView {...list} onRetry={list.reload}>
        {(d) => (
          <>
            <View className="card">
              <Text className="card-title">{d.session.title}</Text>
              <Text className="list-item-desc">{sessionWhen(d.session)}</Text>
            </View>
            {d.items.length === 0 ? <Text className="state-text">探访名单还是空的</Text> : null}
            {d.items.map((row) => (
              <ElderRow
                key={row.elder.id}
                row={row}
                onLog={(seen, well, needs) => !busy && log(row, seen, well, needs)}
              />
            ))}
            {d.session.organiser ? (
              <View className="card">
                <Text className="card-title">添加老人到探访名单</Text>
                <TextField
                  label="姓名"
                  value={adding.name}
                  onInput={(v) => setAdding({ ...adding, name: v })}
                  error={form.errors.name}
                />
                <TextField
                  label="楼栋编码"
                  value={adding.buildingCode}
                  onInput={(v) => setAdding({ ...adding, buildingCode: v })}
                  placeholder="例如：B01"
                  error={form.errors.buildingCode}
                />
                <TextField
                  label="房号"
                  value={adding.room}
                  onInput={(v) => setAdding({ ...adding, room: v })}
                />
                <TextField
                  label="电话（选填）"
                  type="number"
                  value={adding.phone}
                  onInput={(v) => setAdding({ ...adding, phone: v })}
                  error={form.errors.phone}
                />
                <Text className="section-title">谁同意了探访和登记</Text>
                <View className="chips">
                  {(['本人', '子女', '监护人'] as const).map((c) => (
                    <View
                      key={c}
                      className={`chip ${consentBy === c ? 'chip-on' : ''}`}
                      onClick={() => setConsentBy(c)}
                    >
                      {c}
                    </View>
                  ))}
                </View>
                {form.errors._ ? <Text className="field-error">{form.errors._}</Text> : null}
                <BigButton kind="default" loading={form.saving} onClick={() => add(d.session.activityId)}>
                  加入名单
                </BigButton>
              </View>
            ) : null}
          </>
        )}
      </StateView>
    </Page>
  )
}
