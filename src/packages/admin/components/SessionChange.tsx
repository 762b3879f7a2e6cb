import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ApiCallError, call, errorMessage } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { DateField, TimeField } from '../../../components/PickerField'
import { TextField } from '../../../components/TextField'
import type { ActionOutput } from '../../../domain/contract'
import { REASON_MAX_CHARS, REASON_MIN_CHARS } from '../../../domain/request'
import { formatLocal, local } from '../../../domain/time'
import { confirmAction } from '../../../hooks/confirm'
import { wallClock } from '../../../clock'

type Roster = ActionOutput<'session.roster'>
type Mode = 'session' | 'activity' | 'callOff' | 'callOffAll' | null

/** A form's call: the server's per-field messages where the fields are, anything else under it. */
function useSubmit() {
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  async function submit<T>(run: () => Promise<T>): Promise<T | undefined> {
    setBusy(true)
    setErrors({})
    try {
      return await run()
    } catch (err) {
      setErrors(err instanceof ApiCallError && err.fields ? err.fields : { _: errorMessage(err) })
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, errors, submit }
}

/** 修改本场: day, time, length, place and each role's seats — the fields of 发布活动. */
function EditSession({
  r,
  onDone,
  onClose,
}: {
  r: Roster
  onDone: (r: Roster) => void
  onClose: () => void
}) {
  const s = r.session
  const minutesNow = Math.round((new Date(s.endAt).getTime() - new Date(s.startAt).getTime()) / 60_000)
  const [date, setDate] = useState(formatLocal(s.startAt, 'YYYY-MM-DD'))
  const [time, setTime] = useState(formatLocal(s.startAt, 'HH:mm'))
  const [minutes, setMinutes] = useState(String(minutesNow))
  const [place, setPlace] = useState(s.place)
  const [caps, setCaps] = useState<Record<string, string>>(
    Object.fromEntries(s.roles.map((x) => [x.key, String(x.capacity)])),
  )
  const { busy, errors, submit } = useSubmit()
  const save = async () => {
    const done = await submit(() =>
      call('session.edit', {
        sessionId: s.id,
        date,
        time,
        durationMinutes: Number(minutes),
        place,
        capacities: Object.fromEntries(Object.entries(caps).map(([k, v]) => [k, Number(v) || 0])),
      }),
    )
    if (done) onDone(done)
  }
  return (
    <View className="card" data-testid="session-edit">
      <Text className="card-title">修改本场</Text>
      <Text className="muted" style={{ display: 'block' }}>
        改了时间或地点，已报名和候补的人都会收到通知
      </Text>
      <DateField
        label="日期"
        value={date}
        onChange={setDate}
        start={local(wallClock()).format('YYYY-MM-DD')}
        error={errors.date}
        testId="edit-date"
      />
      <TimeField label="开始时间" value={time} onChange={setTime} error={errors.time} testId="edit-time" />
      <TextField
        label="时长（分钟）"
        type="number"
        value={minutes}
        onInput={setMinutes}
        error={errors.durationMinutes}
      />
      <TextField label="地点" value={place} onInput={setPlace} error={errors.place} testId="edit-place" />
      {s.roles.map((x) => (
        <TextField
          key={x.key}
          label={`${x.name}人数（已报 ${x.capacity - x.left}）`}
          type="number"
          value={caps[x.key] ?? ''}
          onInput={(v) => setCaps({ ...caps, [x.key]: v })}
          error={errors[`capacities.${x.key}`]}
          testId={`edit-capacity-${x.key}`}
        />
      ))}
      {errors._ || errors.capacities ? (
        <Text className="field-error" data-testid="edit-error">
          {errors._ ?? errors.capacities}
        </Text>
      ) : null}
      <View className="page-actions">
        <BigButton loading={busy} onClick={save} testId="edit-submit">
          保存修改
        </BigButton>
        <BigButton kind="default" onClick={onClose}>
          不改了
        </BigButton>
      </View>
    </View>
  )
}

/** 修改活动: its name, introduction and organiser (every session still ahead shows the new name). */
function EditActivity({ r, onDone, onClose }: { r: Roster; onDone: () => void; onClose: () => void }) {
  const [title, setTitle] = useState(r.session.title)
  const [description, setDescription] = useState<string>()
  const [organiser, setOrganiser] = useState<string>()
  const { busy, errors, submit } = useSubmit()
  // The introduction and organiser are the activity's: read once when the form opens.
  useEffect(() => {
    void call('activity.get', { id: r.session.activityId })
      .then((a) => {
        setDescription(a.description)
        setOrganiser(a.organiser)
      })
      .catch(() => setDescription(''))
  }, [r.session.activityId])
  const save = async () => {
    const done = await submit(() =>
      call('activity.edit', { activityId: r.session.activityId, title, description, organiser }),
    )
    if (done) onDone()
  }
  return (
    <View className="card" data-testid="activity-edit">
      <Text className="card-title">修改活动</Text>
      <TextField label="活动名称" value={title} onInput={setTitle} error={errors.title} testId="edit-title" />
      <TextField
        label="活动介绍（选填）"
        multiline
        value={description ?? ''}
        onInput={setDescription}
        error={errors.description}
      />
      <TextField
        label="组织者（选填）"
        value={organiser ?? ''}
        onInput={setOrganiser}
        error={errors.organiser}
      />
      {errors._ ? <Text className="field-error">{errors._}</Text> : null}
      <View className="page-actions">
        <BigButton loading={busy} onClick={save} testId="activity-edit-submit">
          保存修改
        </BigButton>
        <BigButton kind="default" onClick={onClose}>
          不改了
        </BigButton>
      </View>
    </View>
  )
}

/** 取消本场 / 取消活动: the reason (told to everyone signed up), then a dialog naming what happens. */
function CallOff({
  r,
  all,
  onDone,
  onClose,
}: {
  r: Roster
  all: boolean
  onDone: () => void
  onClose: () => void
}) {
  const [reason, setReason] = useState('')
  const { busy, errors, submit } = useSubmit()
  const [short, setShort] = useState<string>()
  const what = all ? '整个活动' : '本场活动'
  const go = async () => {
    if (reason.trim().length < REASON_MIN_CHARS)
      return setShort(`请写明取消原因（至少${REASON_MIN_CHARS}个字）`)
    const ok = await confirmAction({
      title: all ? '取消整个活动？' : '取消本场活动？',
      content: all
        ? '尚未开始的各场都会取消，已报名和候补的人会收到通知和原因。取消后不能恢复。'
        : '已报名和候补的人会收到通知和原因，不再提醒、不记缺席。取消后不能恢复。',
      confirm: all ? '取消活动' : '取消本场',
      keep: '不取消了',
    })
    if (!ok) return
    const done = await submit<unknown>(() =>
      all
        ? call('activity.callOff', { activityId: r.session.activityId, reason })
        : call('session.callOff', { sessionId: r.session.id, reason }),
    )
    if (done) onDone()
  }
  return (
    <View className="card" data-testid="call-off">
      <Text className="card-title">取消{what}</Text>
      <TextField
        label="取消原因"
        title={`取消原因（会发给报名的人，最多${REASON_MAX_CHARS}字）`}
        multiline
        maxlength={REASON_MAX_CHARS}
        value={reason}
        onInput={(v) => {
          setReason(v)
          setShort(undefined)
        }}
        placeholder="例如：暴雨预警，今晚停课，改期另行通知"
        error={short ?? errors.reason ?? errors._}
        testId="call-off-reason"
      />
      <View className="page-actions">
        <BigButton loading={busy} onClick={go} testId="call-off-submit">
          {all ? '取消活动' : '取消本场'}
        </BigButton>
        <BigButton kind="default" onClick={onClose}>
          不取消了
        </BigButton>
      </View>
    </View>
  )
}

/**
 * The organiser's 修改 / 取消 on the session page (issue 18): edit this session or the activity,
 * call this session or the whole activity off with a reason; once called off, 已取消 with the
 * reason; and the 台账 of every change, before → after.
 */
export function SessionChange({ roster, onChanged }: { roster: Roster; onChanged: (r?: Roster) => void }) {
  const [mode, setMode] = useState<Mode>(null)
  const s = roster.session
  // Before the start only (the server says the same): not once it is under way, over or called off.
  const open = !s.cancelled && !roster.closed && local(wallClock()).isBefore(s.startAt)
  const close = () => setMode(null)
  const done = (r?: Roster) => {
    setMode(null)
    onChanged(r)
  }
  return (
    <>
      {s.cancelled ? (
        <View className="card" data-testid="session-cancelled">
          <Text className="deadline">已取消（{formatLocal(s.cancelled.at, 'M月D日 HH:mm')}）</Text>
          <Text className="list-item-desc" style={{ display: 'block' }}>
            原因：{s.cancelled.reason}
          </Text>
        </View>
      ) : null}
      {open && mode === null ? (
        <View className="page-actions" data-testid="change-actions">
          <BigButton kind="default" onClick={() => setMode('session')} testId="edit-session">
            修改本场
          </BigButton>
          <BigButton kind="default" onClick={() => setMode('activity')} testId="edit-activity">
            修改活动名称和介绍
          </BigButton>
          <BigButton kind="default" onClick={() => setMode('callOff')} testId="call-off-session">
            取消本场
          </BigButton>
          <BigButton kind="default" onClick={() => setMode('callOffAll')} testId="call-off-activity">
            取消活动
          </BigButton>
        </View>
      ) : null}
      {open && mode === 'session' ? <EditSession r={roster} onDone={done} onClose={close} /> : null}
      {open && mode === 'activity' ? <EditActivity r={roster} onDone={() => done()} onClose={close} /> : null}
      {open && (mode === 'callOff' || mode === 'callOffAll') ? (
        <CallOff r={roster} all={mode === 'callOffAll'} onDone={() => done()} onClose={close} />
      ) : null}
      {s.changes.length ? (
        <View className="card" data-testid="change-log">
          <Text className="card-title">变更记录</Text>
          {s.changes.map((c) => (
            <View key={`${c.at}-${c.type}`} style={{ marginTop: '12rpx' }}>
              <Text className="list-item-desc" style={{ display: 'block' }}>
                {formatLocal(c.at, 'M月D日 HH:mm')} {c.actorName}
                {c.type === 'cancel' ? '取消' : '修改'}
              </Text>
              {c.lines.map((l) => (
                <Text key={l} className="muted" style={{ display: 'block' }}>
                  {l}
                </Text>
              ))}
            </View>
          ))}
        </View>
      ) : null}
    </>
  )
}
