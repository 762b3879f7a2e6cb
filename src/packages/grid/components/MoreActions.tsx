import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { RequestStepProps } from '../../../components/RequestBody'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import type { RequestDetail } from '../../../domain/contract'
import { REASON_MAX_CHARS, REASON_MIN_CHARS, type RequestAction } from '../../../domain/request'
import { useAction } from '../../../hooks/useAction'
import { confirmAction } from '../../../hooks/confirm'

type Mode = 'escalate' | 'return' | 'dispatch' | null

const REASON_HINTS: Record<'escalate' | 'return', { title: string; placeholder: string; confirm: string }> = {
  escalate: {
    title: '上报上一级',
    placeholder: '一时解决不了的原因，例如：涉及燃气管道改造，需要网格长协调燃气公司',
    confirm: '确认上报',
  },
  return: {
    title: '退回（不属于本网格）',
    placeholder: '退回原因，例如：反映的是隔壁小区的路灯',
    confirm: '确认退回',
  },
}

/**
 * 上报 / 退回 / 转派 / 催办, each one tap away (domain.md: "一时回复不了的报上一级"); the reason is
 * asked for on the spot, because the next level has to know what it is taking on.
 */
export function MoreActions({ request, onDone, onFail }: RequestStepProps) {
  const [mode, setMode] = useState<Mode>(null)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [targets, setTargets] = useState<{ id: string; name: string; staffed: boolean }[]>()
  const [target, setTarget] = useState<string>()
  const [busy, perform] = useAction()
  const can = (a: RequestAction) => request.actions.includes(a)

  function open(next: Mode) {
    setMode(next)
    setError(undefined)
    setReason('')
    setTarget(undefined)
    if (next === 'dispatch') {
      perform(() => call('request.dispatchTargets', { id: request.id })).then((res) =>
        setTargets(res?.grids ?? []),
      )
    }
  }

  async function finish(run: () => Promise<RequestDetail>) {
    const done = await perform(run, onFail)
    if (done) {
      setMode(null)
      onDone(done)
    }
  }

  async function submitReason(kind: 'escalate' | 'return') {
    if (reason.trim().length < REASON_MIN_CHARS) {
      setError(`请先写明原因（至少${REASON_MIN_CHARS}个字）`)
      return
    }
    await finish(() =>
      call(kind === 'escalate' ? 'request.escalate' : 'request.return', { id: request.id, reason }),
    )
  }

  async function chase() {
    const ok = await confirmAction({
      title: '催办？',
      content: `提醒${request.assigneeName ?? '网格员'}尽快办理？`,
      confirm: '催办',
      keep: '暂不催办',
      destructive: false,
    })
    if (ok) await finish(() => call('request.chase', { id: request.id }))
  }

  if (!(['escalate', 'return', 'dispatch', 'chase'] as const).some(can)) return null

  if (mode === 'escalate' || mode === 'return') {
    const hint = REASON_HINTS[mode]
    return (
      <View className="card" data-testid={`${mode}-step`}>
        <Text className="card-title">{hint.title}</Text>
        <Textarea
          className="textarea"
          maxlength={REASON_MAX_CHARS}
          value={reason}
          placeholder={hint.placeholder}
          onInput={(e) => {
            setReason(e.detail.value)
            setError(undefined)
          }}
        />
        {error ? <Text className="field-error">{error}</Text> : null}
        <View className="page-actions">
          <BigButton loading={busy} onClick={() => submitReason(mode)}>
            {hint.confirm}
          </BigButton>
          <BigButton kind="default" onClick={() => setMode(null)}>
            取消
          </BigButton>
        </View>
      </View>
    )
  }

  if (mode === 'dispatch') {
    return (
      <View className="card" data-testid="dispatch-step">
        <Text className="card-title">转派给</Text>
        {targets === undefined ? <Text className="muted">正在加载…</Text> : null}
        {targets?.length === 0 ? <Text className="muted">没有可转派的下级网格</Text> : null}
        <View className="chips">
          {(targets ?? []).map((g) => (
            <View
              key={g.id}
              className={`chip ${target === g.id ? 'chip-on' : ''}`}
              onClick={() => setTarget(g.id)}
            >
              {g.staffed ? g.name : `${g.name}（暂无网格员）`}
            </View>
          ))}
        </View>
        {error ? <Text className="field-error">{error}</Text> : null}
        <View className="page-actions">
          <BigButton
            loading={busy}
            onClick={() => {
              if (!target) return setError('请先选择要转派的网格')
              finish(() => call('request.dispatch', { id: request.id, gridId: target }))
            }}
          >
            确认转派
          </BigButton>
          <BigButton kind="default" onClick={() => setMode(null)}>
            取消
          </BigButton>
        </View>
      </View>
    )
  }

  return (
    <View className="card">
      <Text className="card-title">其他处理</Text>
      {can('escalate') ? (
        <BigButton kind="default" onClick={() => open('escalate')}>
          上报上一级
        </BigButton>
      ) : null}
      {can('dispatch') ? (
        <BigButton kind="default" onClick={() => open('dispatch')}>
          转派
        </BigButton>
      ) : null}
      {can('return') ? (
        <BigButton kind="default" onClick={() => open('return')}>
          退回（不属于本网格）
        </BigButton>
      ) : null}
      {can('chase') ? (
        <BigButton kind="default" loading={busy} onClick={chase}>
          催办
        </BigButton>
      ) : null}
    </View>
  )
}
