import { Text, View } from '@tarojs/components'
import { Fragment, useState } from 'react'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { Chips } from '../../../components/Chips'
import { StateView } from '../../../components/StateView'
import { RETIRE_KINDS, type RetireKind } from '../../../domain/retire'
import { formatLocal } from '../../../domain/time'
import { useApi } from '../../../hooks/useApi'
import { RetiredLine, RetireStep, type RetireMode } from './RetireStep'

const KIND_OPTIONS = (Object.keys(RETIRE_KINDS) as RetireKind[]).map((k) => ({
  value: k,
  label: RETIRE_KINDS[k],
}))

/**
 * 停用与恢复 (社区设置; issue 18, part 3): the community's grids, buildings, elders and children, one
 * kind at a time, each with 停用 (with a reason) or 恢复, and the latest such changes. Nothing is
 * deleted: what is retired keeps its history and leaves lists, pickers and clocks.
 */
export function RetirePanel() {
  const [kind, setKind] = useState<RetireKind>('elder')
  const [step, setStep] = useState<{ id: string; mode: RetireMode } | null>(null)
  const list = useApi(() => call('retire.list', {}), [])

  return (
    <View className="card" data-testid="retire-panel">
      <Text className="card-title">停用与恢复</Text>
      <Text className="list-item-desc" style={{ display: 'block' }}>
        不再使用的网格、楼栋、助老对象和孩子登记可以停用（不会删除，历史记录仍显示名称），需要时可以恢复。
      </Text>
      <Chips
        options={KIND_OPTIONS}
        value={kind}
        onChange={(k) => {
          setKind(k)
          setStep(null)
        }}
        testId="retire-kinds"
        chipTestId="retire-kind-"
      />
      <StateView {...list} onRetry={list.reload}>
        {(d) => {
          const items = d.items.filter((i) => i.kind === kind)
          return (
            <>
              {items.length === 0 ? <Text className="state-text">这里还没有{RETIRE_KINDS[kind]}</Text> : null}
              {items.map((i) => (
                <Fragment key={i.id}>
                  <View className="row" style={{ marginTop: '24px' }} data-testid="retire-item">
                    <View style={{ flex: 2 }}>
                      <Text className="card-title" style={{ display: 'block' }}>
                        {i.name}
                      </Text>
                      <Text className="muted" style={{ display: 'block' }}>
                        {i.code ? `编码 ${i.code} · ` : ''}
                        {i.detail}
                      </Text>
                      <RetiredLine retired={i.retired} />
                    </View>
                    <View style={{ flex: 1 }}>
                      <BigButton
                        kind="default"
                        testId={i.retired ? 'retire-restore' : 'retire-open'}
                        onClick={() => setStep({ id: i.id, mode: i.retired ? 'restore' : 'retire' })}
                      >
                        {i.retired ? '恢复' : '停用'}
                      </BigButton>
                    </View>
                  </View>
                  {step?.id === i.id ? (
                    <RetireStep
                      subject={i}
                      mode={step.mode}
                      onClose={() => setStep(null)}
                      // The item's own line says what became of it (已停用 …) and 最近变动 has the 台账's.
                      onChanged={list.reload}
                    />
                  ) : null}
                </Fragment>
              ))}
              {d.events.length ? (
                <View data-testid="retire-events">
                  <Text className="section-title">最近变动</Text>
                  {d.events.slice(0, 5).map((e, n) => (
                    <Text key={n} className="muted" style={{ display: 'block' }}>
                      {formatLocal(e.at, 'MM-DD HH:mm')} {e.actorName} · {e.subject} · {e.note}
                    </Text>
                  ))}
                </View>
              ) : null}
            </>
          )
        }}
      </StateView>
    </View>
  )
}
