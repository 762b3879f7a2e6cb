import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call, errorMessage } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { TextField } from '../../../components/TextField'
import {
  RETIRE_KINDS,
  RETIRE_REASON_MAX_CHARS,
  RETIRE_REASON_MIN_CHARS,
  type RetireKind,
} from '../../../domain/retire'
import { CODE_MAX_CHARS } from '../../../domain/setup'
import { formatLocal } from '../../../domain/time'

/** What is being retired, restored or given a corrected code. */
export interface RetireSubject {
  kind: RetireKind
  id: string
  name: string
  /** A building's printed code (更正编号). */
  code?: string | null
  retired: { at: string; byName: string; reason: string } | null
}

export type RetireMode = 'retire' | 'restore' | 'correct'

/** "已停用 · 12-02 李秀兰：楼栋拆迁": a retired thing's line on its card. */
export function RetiredLine({ retired }: { retired: RetireSubject['retired'] }) {
  if (!retired) return null
  return (
    <Text className="field-error" style={{ display: 'block' }} data-testid="retired-line">
      已停用 · {formatLocal(retired.at, 'MM-DD')} {retired.byName}：{retired.reason}
    </Text>
  )
}

const WHAT_HAPPENS: Record<RetireKind, string> = {
  grid: '停用后不再出现在网格列表、转派和绩效统计中；有网格人员、在用楼栋或未办结诉求时不能停用。',
  building: '停用后扫这个楼栋的二维码会提示已停用，不能再绑定或反映诉求；有未办结的诉求时不能停用。',
  elder: '停用后不再出现在探访名单上，也不再提示“未登记探访”。已有的探访记录保留。',
  child: '停用后不能再为孩子报名，未开始活动的报名会取消，名额顺延给候补的人。',
}

/**
 * 停用 / 恢复 / 更正编号 (issue 18, part 3), in place under the thing's line: the reason (or the
 * new code) and the server's answer — a refusal's words (a building with open requests) stay
 * here, so the admin reads what to do first.
 */
export function RetireStep(props: {
  subject: RetireSubject
  mode: RetireMode
  /** The step is over: cancelled, or done (after `onChanged`). */
  onClose: () => void
  /** Something changed: the list is read again. */
  onChanged: () => void
}) {
  const { subject, mode } = props
  const [reason, setReason] = useState('')
  const [newCode, setNewCode] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const label = RETIRE_KINDS[subject.kind]
  /** Typing again takes the last refusal away: it spoke of what was typed before. */
  const typing = (set: (v: string) => void) => (v: string) => {
    set(v)
    setError(undefined)
  }

  async function submit() {
    setBusy(true)
    setError(undefined)
    try {
      if (mode === 'retire') await call('retire.apply', { kind: subject.kind, id: subject.id, reason })
      else if (mode === 'restore') await call('retire.restore', { kind: subject.kind, id: subject.id })
      else await call('building.correctCode', { code: subject.code ?? subject.id, newCode, reason })
      props.onChanged()
      props.onClose()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const title =
    mode === 'retire'
      ? `停用${label}「${subject.name}」`
      : mode === 'restore'
        ? `恢复${label}「${subject.name}」`
        : `更正「${subject.name}」的楼栋编码`
  return (
    <View className="card" data-testid="retire-step">
      <Text className="card-title">{title}</Text>
      {mode === 'retire' ? (
        <>
          <Text className="list-item-desc" style={{ display: 'block' }}>
            {WHAT_HAPPENS[subject.kind]}
          </Text>
          <TextField
            label="停用原因"
            title={`停用原因（${RETIRE_REASON_MIN_CHARS}至${RETIRE_REASON_MAX_CHARS}个字）`}
            value={reason}
            onInput={typing(setReason)}
            maxlength={RETIRE_REASON_MAX_CHARS}
            placeholder="例如：老人已搬去子女家住"
            testId="retire-reason"
          />
        </>
      ) : null}
      {mode === 'restore' ? (
        <>
          <RetiredLine retired={subject.retired} />
          <Text className="list-item-desc" style={{ display: 'block' }}>
            恢复后重新出现在列表中，可以再次使用。
          </Text>
        </>
      ) : null}
      {mode === 'correct' ? (
        <>
          <Text className="list-item-desc" style={{ display: 'block' }}>
            现在的编码 {subject.code}
            。更正后新打印的二维码和海报用新编码；已张贴的旧二维码扫码仍能找到这个楼栋。
          </Text>
          <TextField
            label="新的楼栋编码"
            value={newCode}
            onInput={typing(setNewCode)}
            maxlength={CODE_MAX_CHARS}
            placeholder="字母、数字、- 或 _"
            testId="correct-code"
          />
          <TextField
            label="说明（选填）"
            value={reason}
            onInput={typing(setReason)}
            maxlength={RETIRE_REASON_MAX_CHARS}
            placeholder="例如：海报上的编码印错了"
            testId="correct-reason"
          />
        </>
      ) : null}
      {error ? (
        <Text className="field-error" data-testid="retire-error">
          {error}
        </Text>
      ) : null}
      <View className="page-actions">
        <BigButton loading={busy} testId="retire-submit" onClick={submit}>
          {mode === 'retire' ? '确认停用' : mode === 'restore' ? '确认恢复' : '确认更正'}
        </BigButton>
        <BigButton kind="default" onClick={props.onClose}>
          取消
        </BigButton>
      </View>
    </View>
  )
}
