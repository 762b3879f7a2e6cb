import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { RequestStepProps } from '../../../components/RequestBody'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import type { RequestDetail } from '../../../domain/contract'
import { REASON_MAX_CHARS, REASON_MIN_CHARS, type RequestAction } from '../../../domain/request'
import { useAction } from '../../../hooks/useAction'
import { confirmAction } from '../../../hooks/confirm'
import { TransferStep } from './TransferStep'

type Mode =
  | 'escalate'
  | 'return'
  | 'unitReturn'
  | 'unitRecall'
  | 'streetReturn'
  | 'dispatch'
  | 'whistle'
  | null

type ReasonMode = 'escalate' | 'return' | 'unitReturn' | 'unitRecall' | 'streetReturn'

const REASON_HINTS: Record<ReasonMode, { title: string; placeholder: string; confirm: string }> = {
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
  // 吹哨报到: the unit hands it back to whoever called it in.
  unitReturn: {
    title: '退回（不归本单位办理）',
    placeholder: '退回原因，例如：闭门器是业主自购的，不在物业维保范围',
    confirm: '确认退回',
  },
  // 收回: the caller takes the task back from a unit that does not come.
  unitRecall: {
    title: '收回（不再请责任单位办理）',
    placeholder: '收回原因，例如：物业两天没有来人，改由网格联系维修师傅',
    confirm: '确认收回',
  },
  // 街道兜底: the street hands it back to the community's level 1 — "大事不出社区".
  streetReturn: {
    title: '退回社区（由社区办理）',
    placeholder: '退回原因，例如：路灯属小区公共设施，请社区联系物业维修',
    confirm: '确认退回社区',
  },
}

const WHISTLE_NOTE_MAX_CHARS = 100

/**
 * 上报 / 退回 / 转派 / 催办 (and the street's 退回社区), each one tap away (domain.md: "一时回复不了的报上一级"); the reason is
 * asked for on the spot, because the next level has to know what it is taking on. 吹哨 (a leader
 * above or the admin calls a 责任单位 in, covering units first) and a unit's 退回 live here too.
 */
export function MoreActions({ request, onDone, onFail }: RequestStepProps) {
  const [mode, setMode] = useState<Mode>(null)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [targets, setTargets] = useState<{ id: string; name: string; staffed: boolean }[]>()
  const [target, setTarget] = useState<string>()
  const [units, setUnits] = useState<{ id: string; name: string; kindName: string; covers: boolean }[]>()
  const [busy, perform] = useAction()
  // 转交 (issue 18): its own step, beside the modes above.
  const [transferring, setTransferring] = useState(false)
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
    if (next === 'whistle') {
      perform(() => call('request.whistleTargets', { id: request.id })).then((res) =>
        setUnits(res?.units ?? []),
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

  async function submitReason(kind: ReasonMode) {
    if (reason.trim().length < REASON_MIN_CHARS) {
      setError(`请先写明原因（至少${REASON_MIN_CHARS}个字）`)
      return
    }
    const action = (
      {
        escalate: 'request.escalate',
        return: 'request.return',
        unitReturn: 'request.unitReturn',
        unitRecall: 'request.unitRecall',
        streetReturn: 'request.streetReturn',
      } as const
    )[kind]
    await finish(() => call(action, { id: request.id, reason }))
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

  const whistles = can('whistle') || can('whistleWaiting')
  if (
    !(['escalate', 'return', 'dispatch', 'chase', 'unitReturn', 'unitRecall', 'streetReturn'] as const).some(
      can,
    ) &&
    !whistles &&
    !can('transfer')
  )
    return null

  if (transferring)
    return (
      <TransferStep
        request={request}
        onCancel={() => setTransferring(false)}
        onFail={onFail}
        onDone={(done) => {
          setTransferring(false)
          onDone(done)
        }}
      />
    )

  if (
    mode === 'escalate' ||
    mode === 'return' ||
    mode === 'unitReturn' ||
    mode === 'unitRecall' ||
    mode === 'streetReturn'
  ) {
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
          data-testid="reason"
        />
        {error ? <Text className="field-error">{error}</Text> : null}
        <View className="page-actions">
          <BigButton loading={busy} testId="reason-submit" onClick={() => submitReason(mode)}>
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

  if (mode === 'whistle') {
    return (
      <View className="card" data-testid="whistle-step">
        <Text className="card-title">吹哨：请责任单位办理</Text>
        {units === undefined ? <Text className="muted">正在加载…</Text> : null}
        <View className="chips" data-testid="whistle-units">
          {(units ?? []).map((u) => (
            <View
              key={u.id}
              className={`chip ${target === u.id ? 'chip-on' : ''}`}
              onClick={() => {
                setTarget(u.id)
                setError(undefined)
              }}
            >
              {u.covers ? `${u.name}（负责此类）` : u.name}
            </View>
          ))}
        </View>
        <Text className="section-title">吹哨说明（选填）</Text>
        <Textarea
          className="textarea"
          maxlength={WHISTLE_NOTE_MAX_CHARS}
          value={reason}
          placeholder="请单位注意的情况，例如：老人独居，上门前请先打电话"
          onInput={(e) => setReason(e.detail.value)}
          data-testid="whistle-note"
        />
        {error ? <Text className="field-error">{error}</Text> : null}
        <View className="page-actions">
          <BigButton
            loading={busy}
            testId="whistle-submit"
            onClick={() => {
              if (!target) return setError('请先选择要请来办理的单位')
              const note = reason.trim()
              finish(() =>
                call('request.whistle', { id: request.id, unitId: target, ...(note ? { note } : {}) }),
              )
            }}
          >
            确认吹哨
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
      {whistles ? (
        <BigButton kind="default" testId="whistle" onClick={() => open('whistle')}>
          吹哨：请责任单位办理
        </BigButton>
      ) : null}
      {can('transfer') ? (
        <BigButton kind="default" testId="transfer" onClick={() => setTransferring(true)}>
          转交
        </BigButton>
      ) : null}
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
      {can('unitReturn') ? (
        <BigButton kind="default" testId="unit-return" onClick={() => open('unitReturn')}>
          退回（不归本单位办理）
        </BigButton>
      ) : null}
      {can('streetReturn') ? (
        <BigButton kind="default" testId="street-return" onClick={() => open('streetReturn')}>
          退回社区（由社区办理）
        </BigButton>
      ) : null}
      {can('unitRecall') ? (
        <BigButton kind="default" testId="unit-recall" onClick={() => open('unitRecall')}>
          收回（不再请责任单位办理）
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
