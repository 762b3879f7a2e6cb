import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call, errorMessage } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { TextField } from '../../../components/TextField'
import type { ActionOutput, RoleList } from '../../../domain/contract'
import { REVOKE_REASON_MAX_CHARS } from '../../../domain/roles'
import { formatLocal } from '../../../domain/time'

type Holder = RoleList['holders'][number]
export type WorkInHand = ActionOutput<'role.workOf'>

/** Roles that can take requests over; activities only a 网格长 or 社区管理员 can organise. */
const TAKE_REQUESTS: Holder['role'][] = ['gridMember', 'gridLeader', 'communityAdmin']
const TAKE_SESSIONS: Holder['role'][] = ['gridLeader', 'communityAdmin']

/** Nothing to hand over: the plain confirmation will do. */
export const emptyHanded = (w: WorkInHand) =>
  w.requests.length === 0 && w.sessions.length === 0 && w.wishes.length === 0

const short = (text: string) => ([...text].length > 18 ? `${[...text].slice(0, 18).join('')}…` : text)

/**
 * 工作交接 (issue 18): before a role is taken away, what its holder still has in hand — requests
 * taken on, activities organised, wishes claimed — and who takes the first two over, in the same
 * step as the revoke. The server refuses the whole step if that person cannot take it all; its
 * words stay here, in the step, so the admin can pick another.
 */
export function RevokeStep(props: {
  holder: Holder
  work: WorkInHand
  holders: Holder[]
  onCancel: () => void
  onDone: (takerName: string | undefined) => void
}) {
  const { holder, work } = props
  const [handTo, setHandTo] = useState<string>()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const handsOver = work.requests.length > 0 || work.sessions.length > 0
  const roles = work.sessions.length ? TAKE_SESSIONS : TAKE_REQUESTS
  const takers = handsOver
    ? props.holders.filter((h) => h.membershipId !== holder.membershipId && roles.includes(h.role))
    : []

  async function submit() {
    if (handsOver && !handTo) return setError('请先选择接手的人')
    setBusy(true)
    try {
      await call('role.revoke', {
        membershipId: holder.membershipId,
        reason,
        ...(handsOver && handTo ? { handTo } : {}),
      })
      props.onDone(takers.find((t) => t.membershipId === handTo)?.name)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="card" data-testid="revoke-step">
      <Text className="card-title">
        撤销{holder.name}的{holder.roleLabel}角色
      </Text>
      <Text className="section-title">TA手上还有：</Text>
      {work.requests.length ? (
        <View data-testid="work-requests">
          <Text className="list-item-desc" style={{ display: 'block' }}>
            {work.requests.length} 条诉求
          </Text>
          {work.requests.map((r) => (
            <Text key={r.id} className="muted" style={{ display: 'block' }}>
              {r.no} · {short(r.description)}
            </Text>
          ))}
        </View>
      ) : null}
      {work.sessions.length ? (
        <View data-testid="work-sessions">
          <Text className="list-item-desc" style={{ display: 'block' }}>
            {work.sessions.length} 场活动
          </Text>
          {work.sessions.map((s) => (
            <Text key={s.id} className="muted" style={{ display: 'block' }}>
              {s.title} · {formatLocal(s.startAt, 'MM-DD HH:mm')}
            </Text>
          ))}
        </View>
      ) : null}
      {work.wishes.length ? (
        <View data-testid="work-wishes">
          <Text className="list-item-desc" style={{ display: 'block' }}>
            {work.wishes.length} 个认领的微心愿（需另行联系志愿者）
          </Text>
          {work.wishes.map((w) => (
            <Text key={w.id} className="muted" style={{ display: 'block' }}>
              {short(w.title)}
            </Text>
          ))}
        </View>
      ) : null}
      {handsOver ? (
        <>
          <Text className="section-title">
            {work.sessions.length ? '交给谁接手（活动需由网格长或社区管理员接手）' : '交给谁接手'}
          </Text>
          <View className="chips" data-testid="hand-to">
            {takers.map((t) => (
              <View
                key={t.membershipId}
                className={`chip ${handTo === t.membershipId ? 'chip-on' : ''}`}
                onClick={() => {
                  setHandTo(t.membershipId)
                  setError(undefined)
                }}
              >
                {t.name} · {t.roleLabel} · {t.gridName}
              </View>
            ))}
          </View>
          {takers.length === 0 ? <Text className="muted">社区里没有可以接手的人，请先邀请</Text> : null}
        </>
      ) : null}
      <TextField
        label="撤销原因（选填）"
        value={reason}
        onInput={setReason}
        maxlength={REVOKE_REASON_MAX_CHARS}
        placeholder="例如：调离本社区"
        testId="revoke-reason"
      />
      {error ? (
        <Text className="field-error" data-testid="revoke-error">
          {error}
        </Text>
      ) : null}
      <View className="page-actions">
        <BigButton loading={busy} testId="revoke-submit" onClick={submit}>
          {handsOver ? '撤销角色并交接' : '撤销角色'}
        </BigButton>
        <BigButton kind="default" onClick={props.onCancel}>
          暂不撤销
        </BigButton>
      </View>
    </View>
  )
}
