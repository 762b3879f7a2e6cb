import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { PollView } from '../../../../domain/contract'
import { POLL_COMMENT_MAX, type PollChoice } from '../../../../domain/grading'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'

const monthText = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`

/** The household's vote, once it is in: recorded, final — whoever of the household cast it. */
function Voted({ vote }: { vote: NonNullable<PollView['vote']> }) {
  return (
    <View className="card" data-testid="poll-voted">
      <Text className="card-title">
        {vote.mine ? `您家已投票：${vote.label}` : `您的家人已为您家投票：${vote.label}`}
      </Text>
      <Text className="list-item-desc">投票已记录，每户每月一票，投出后不能更改。谢谢您的参与！</Text>
      <Text className="muted">投票时间：{formatLocal(vote.at, 'M月D日 HH:mm')}</Text>
    </View>
  )
}

/** A household is a room: someone bound without one gives it here first. */
function RoomStep({ onSaved }: { onSaved: () => void }) {
  const [room, setRoom] = useState('')
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()
  async function save() {
    if (!room.trim()) {
      setError('请填写门牌号，如：3单元502')
      return
    }
    const me = await perform(() => call('me.get', {}))
    const code = me?.building?.code
    if (!code) return
    if (await perform(() => call('me.bindBuilding', { buildingCode: code, room: room.trim() }))) onSaved()
  }
  return (
    <View className="card" data-testid="poll-room">
      <Text className="list-item-desc">民主测评每户每月一票，请先填写您家的门牌号。</Text>
      <TextField
        label="门牌号"
        placeholder="如：3单元502"
        value={room}
        onInput={(v) => {
          setRoom(v)
          setError(undefined)
        }}
        error={error}
        testId="poll-room-input"
      />
      <View className="page-actions">
        <BigButton loading={busy} onClick={() => void save()}>
          保存门牌号
        </BigButton>
      </View>
    </View>
  )
}

/**
 * 民主测评: a resident rates their grid's service this month for their household (building +
 * room) — one vote per household, final once cast. A second member of the household is told the
 * household has voted (the server's answer if both tried at once).
 */
export default function PollPage() {
  const poll = useApi(() => call('poll.mine', {}))
  const [choice, setChoice] = useState<PollChoice>()
  const [comment, setComment] = useState('')
  const { saving, errors, setErrors, create, edit } = useCreateForm()

  async function submit() {
    if (!choice) {
      setErrors({ choice: '请先选择：满意、基本满意或不满意' })
      return
    }
    const voted = await create((requestId) =>
      call('poll.vote', { requestId, choice, comment: comment.trim() || undefined }),
    )
    if (voted) {
      poll.setData(voted)
      void Taro.showToast({ title: '投票已记录', icon: 'success' })
    } else {
      // Refused (another member of the household was first): show what the household's vote is.
      poll.reload()
    }
  }

  return (
    <Page>
      <StateView {...poll} onRetry={poll.reload}>
        {(p) => (
          <>
            <View className="card" data-testid="poll-head">
              <Text className="muted">{monthText(p.month)} · 民主测评</Text>
              <Text className="card-title">{p.gridName}</Text>
              <Text className="list-item-desc">
                请为本月网格员的服务打分，帮助社区评定先进、一般和后进网格。
              </Text>
              <Text className="muted">为您家投票：{p.household}</Text>
            </View>
            {errors._ ? (
              <View className="card card-alert" data-testid="poll-refused">
                <Text className="field-error">{errors._}</Text>
              </View>
            ) : null}
            {p.vote ? (
              <Voted vote={p.vote} />
            ) : p.needsRoom ? (
              <RoomStep onSaved={poll.reload} />
            ) : (
              <>
                <Text className="section-title">1. 您对本月网格的服务满意吗？</Text>
                <Chips
                  options={p.choices.map((c) => ({ value: c.code as PollChoice, label: c.label }))}
                  value={choice}
                  onChange={edit('choice', setChoice)}
                  chipTestId="poll-choice-"
                />
                {errors.choice ? <Text className="field-error">{errors.choice}</Text> : null}
                <TextField
                  multiline
                  label="想对网格说的话（选填）"
                  title="2. 想对网格说的话（选填）"
                  placeholder="说说网格员做得好的地方，或者希望改进的地方"
                  maxlength={POLL_COMMENT_MAX}
                  value={comment}
                  onInput={edit('comment', setComment)}
                  error={errors.comment}
                  count={`${comment.length}/${POLL_COMMENT_MAX}`}
                  testId="poll-comment"
                />
                <View className="page-actions">
                  <BigButton loading={saving} onClick={() => void submit()} testId="poll-submit">
                    提交测评
                  </BigButton>
                  <Text className="muted">每户每月一票，提交后不能更改。</Text>
                </View>
              </>
            )}
          </>
        )}
      </StateView>
    </Page>
  )
}
