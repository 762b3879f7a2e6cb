import { Text, Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { RequestStepProps } from '../../../components/RequestBody'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import type { ActionOutput } from '../../../domain/contract'
import { REASON_MAX_CHARS, REASON_MIN_CHARS } from '../../../domain/request'
import { useAction } from '../../../hooks/useAction'

type Person = ActionOutput<'request.transferTargets'>['people'][number]

/**
 * 转交 (issue 18): a leader above or the admin hands work someone has taken on to another who may
 * handle it where it is — picked by name, role and grid — and says why, as for every hand-back.
 */
export function TransferStep({
  request,
  onDone,
  onFail,
  onCancel,
}: RequestStepProps & { onCancel: () => void }) {
  const [people, setPeople] = useState<Person[]>()
  const [target, setTarget] = useState<string>()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()

  useEffect(() => {
    void perform(() => call('request.transferTargets', { id: request.id })).then((res) =>
      setPeople(res?.people ?? []),
    )
    // Loaded once, when the step opens.
  }, [request.id])

  async function submit() {
    if (!target) return setError('请先选择接手的人')
    if (reason.trim().length < REASON_MIN_CHARS)
      return setError(`请先写明转交原因（至少${REASON_MIN_CHARS}个字）`)
    const done = await perform(
      () => call('request.transfer', { id: request.id, membershipId: target, reason }),
      onFail,
    )
    if (done) onDone(done)
  }

  return (
    <View className="card" data-testid="transfer-step">
      <Text className="card-title">转交给</Text>
      <Text className="muted" style={{ display: 'block' }}>
        现由{request.assigneeName ?? '网格员'}办理，转交后由接手的人继续办理，双方都会收到通知
      </Text>
      {people === undefined ? <Text className="muted">正在加载…</Text> : null}
      {people?.length === 0 ? <Text className="muted">社区里没有其他能办理这条诉求的人</Text> : null}
      <View className="chips" data-testid="transfer-people">
        {(people ?? []).map((p) => (
          <View
            key={p.membershipId}
            className={`chip ${target === p.membershipId ? 'chip-on' : ''}`}
            onClick={() => {
              setTarget(p.membershipId)
              setError(undefined)
            }}
          >
            {p.name} · {p.roleLabel} · {p.gridName}
          </View>
        ))}
      </View>
      <Text className="section-title">转交原因</Text>
      <Textarea
        className="textarea"
        maxlength={REASON_MAX_CHARS}
        value={reason}
        placeholder="转交的原因，例如：刘芳本周休假，由网格长接手"
        ariaLabel="转交原因"
        onInput={(e) => {
          setReason(e.detail.value)
          setError(undefined)
        }}
        data-testid="transfer-reason"
      />
      {error ? <Text className="field-error">{error}</Text> : null}
      <View className="page-actions">
        <BigButton loading={busy} testId="transfer-submit" onClick={submit}>
          确认转交
        </BigButton>
        <BigButton kind="default" onClick={onCancel}>
          取消
        </BigButton>
      </View>
    </View>
  )
}
