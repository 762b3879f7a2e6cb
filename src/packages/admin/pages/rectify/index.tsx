import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import { Timeline } from '../../../../components/Timeline'
import type { RectifyView } from '../../../../domain/contract'
import {
  RECTIFY_MEASURES_MAX,
  RECTIFY_MEASURES_MIN,
  RECTIFY_NOTE_MAX,
  RECTIFY_NOTE_MIN,
} from '../../../../domain/grading'
import { formatLocal } from '../../../../domain/time'
import { confirmAction } from '../../../../hooks/confirm'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import './index.scss'

const STATUS_TAG: Record<RectifyView['status'], string> = {
  open: 'tag-assigned',
  submitted: 'tag-resolved',
  closed: 'tag-closed',
}

const monthText = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`

/** Where the task stands against its deadline, in one line. */
function deadlineText(t: RectifyView): string {
  const due = formatLocal(t.dueAt, 'M月D日')
  if (t.status === 'closed') return '已验收销号'
  if (t.status === 'submitted') return '整改措施已提交，等待社区验收'
  return t.overdue ? `已超期：应在${due}前提交整改措施` : `请在${due}前提交整改措施`
}

/** The grid's leader writes what the grid will do about it. */
function SubmitStep({ task, onDone }: { task: RectifyView; onDone: (t: RectifyView) => void }) {
  const [measures, setMeasures] = useState('')
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()
  async function submit() {
    if (measures.trim().length < RECTIFY_MEASURES_MIN) {
      setError(`请写明整改措施（至少${RECTIFY_MEASURES_MIN}个字）：谁负责、做什么、什么时候做到`)
      return
    }
    const done = await perform(() => call('rectify.submit', { id: task.id, measures: measures.trim() }))
    if (done) {
      onDone(done)
      void Taro.showToast({ title: '已提交，等待验收', icon: 'none' })
    }
  }
  return (
    <View data-testid="rectify-submit-step">
      <TextField
        multiline
        label="整改措施"
        placeholder="例如：网格员每天查看待接单，超时件由网格长当天督办到人"
        maxlength={RECTIFY_MEASURES_MAX}
        value={measures}
        onInput={(v) => {
          setMeasures(v)
          setError(undefined)
        }}
        error={error}
        count={`${measures.length}/${RECTIFY_MEASURES_MAX}`}
        testId="rectify-measures"
      />
      <View className="page-actions">
        <BigButton loading={busy} onClick={() => void submit()} testId="rectify-submit">
          提交整改措施
        </BigButton>
      </View>
    </View>
  )
}

/** The admin checks the measures: 销号 (closed for good) or 退回 (the leader writes again). */
function ReviewStep({ task, onDone }: { task: RectifyView; onDone: (t: RectifyView) => void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const [busy, perform] = useAction()
  async function review(decision: 'close' | 'return') {
    if (note.trim().length < RECTIFY_NOTE_MIN) {
      setError(decision === 'close' ? '请先写明验收意见，再销号' : '请先写明退回的原因，再退回')
      return
    }
    const sure =
      decision === 'close'
        ? await confirmAction({
            title: `${task.gridName}整改销号？`,
            content: '销号后这项整改即完成，不能再退回。',
            confirm: '确认销号',
            keep: '暂不销号',
            destructive: false,
          })
        : await confirmAction({
            title: '退回重新整改？',
            content: `网格长会收到退回通知，需在${formatLocal(task.dueAt, 'M月D日')}前重新提交。`,
            confirm: '退回',
            keep: '不退回',
          })
    if (!sure) return
    const done = await perform(() => call('rectify.review', { id: task.id, decision, note: note.trim() }))
    if (done) {
      onDone(done)
      void Taro.showToast({ title: decision === 'close' ? '整改已销号' : '整改已退回', icon: 'none' })
    }
  }
  return (
    <View data-testid="rectify-review-step">
      <TextField
        multiline
        label="验收意见"
        placeholder="例如：措施具体可行，同意销号；或：请写明由谁督办超时件"
        maxlength={RECTIFY_NOTE_MAX}
        value={note}
        onInput={(v) => {
          setNote(v)
          setError(undefined)
        }}
        error={error}
        testId="rectify-note"
      />
      <View className="page-actions">
        <BigButton loading={busy} onClick={() => void review('close')} testId="rectify-close">
          验收通过，销号
        </BigButton>
        <BigButton
          kind="default"
          loading={busy}
          onClick={() => void review('return')}
          testId="rectify-return"
        >
          退回重新整改
        </BigButton>
      </View>
    </View>
  )
}

/** "提交整改措施：…" → the step as the title, what was written under it. */
function timelineEvent(e: RectifyView['events'][number]) {
  const cut = e.text.indexOf('：')
  return cut < 0
    ? { at: e.at, title: e.text, actorName: e.actorName, note: null }
    : { at: e.at, title: e.text.slice(0, cut), actorName: e.actorName, note: e.text.slice(cut + 1) }
}

function TaskCard({ task, onDone }: { task: RectifyView; onDone: (t: RectifyView) => void }) {
  return (
    <View className={`card${task.overdue ? ' card-alert' : ''}`} data-testid="rectify-task">
      <Text className="muted">{monthText(task.month)}评定为后进</Text>
      <View className="row">
        <Text className="card-title">{task.gridName}</Text>
        <Text className={`tag ${STATUS_TAG[task.status]}`}>{task.statusLabel}</Text>
      </View>
      <Text className={task.overdue ? 'deadline overdue' : 'deadline'} data-testid="rectify-deadline">
        {deadlineText(task)}
      </Text>
      <Text className="section-title">原因</Text>
      {task.reasons.map((r) => (
        <Text className="list-item-desc" key={r}>
          · {r}
        </Text>
      ))}
      {task.measures ? (
        <>
          <Text className="section-title">整改措施</Text>
          <Text className="list-item-desc" data-testid="rectify-measures-text">
            {task.measures}
          </Text>
        </>
      ) : null}
      {task.reviewNote ? (
        <>
          <Text className="section-title">{task.status === 'closed' ? '验收意见' : '退回意见'}</Text>
          <Text className="list-item-desc">{task.reviewNote}</Text>
        </>
      ) : null}
      {task.maySubmit ? <SubmitStep task={task} onDone={onDone} /> : null}
      {task.mayReview ? <ReviewStep task={task} onDone={onDone} /> : null}
      <Text className="section-title">整改台账</Text>
      <Timeline events={task.events.map(timelineEvent)} />
    </View>
  )
}

/**
 * 整改: a 后进 grid's task after the month's 评定. The grid's leader writes the measures; the
 * community admin 销号s or 退回s them. A notice opens this page with `?id=` (that task first).
 */
export default function RectifyPage() {
  const { id } = useRouter().params
  const list = useApi(() => call('rectify.list', {}))
  const replace = (t: RectifyView) =>
    list.data && list.setData({ items: list.data.items.map((i) => (i.id === t.id ? t : i)) })

  return (
    <Page>
      <StateView
        {...list}
        onRetry={list.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text className="state-text">没有整改任务。月度评定为后进的网格，会在这里收到整改任务。</Text>}
      >
        {(d) => {
          const open = d.items.filter((t) => t.status !== 'closed')
          const overdue = open.filter((t) => t.overdue).length
          // The task a notice was about comes first; the rest in the server's order (what waits first).
          const items = id ? [...d.items].sort((a, b) => Number(b.id === id) - Number(a.id === id)) : d.items
          return (
            <>
              <Text className="section-title" data-testid="rectify-summary">
                未销号 {open.length} 项{overdue ? `，其中超期 ${overdue} 项` : ''}
              </Text>
              {items.map((t) => (
                <TaskCard key={t.id} task={t} onDone={replace} />
              ))}
            </>
          )
        }}
      </StateView>
    </Page>
  )
}
