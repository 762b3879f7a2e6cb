import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { TextField } from '../../../../components/TextField'
import type { ActionOutput } from '../../../../domain/contract'
import { REASON_MAX_CHARS } from '../../../../domain/request'
import { formatLocal } from '../../../../domain/time'
import { confirmAction } from '../../../../hooks/confirm'

type Roster = ActionOutput<'session.roster'>
type Entry = Roster['entries'][number]
type Move = 'release' | 'excuse' | 'lift'

/** What each of the organiser's 请假 moves asks and says: the button, the usual reasons, the dialog. */
const MOVES: Record<
  Move,
  {
    action: 'session.release' | 'session.excuse' | 'session.liftLock'
    button: string
    reasons: string[]
    title: (name: string) => string
    content: string
    confirm: string
    keep: string
  }
> = {
  release: {
    action: 'session.release',
    button: '代为取消',
    reasons: ['生病来电请假', '家中临时有事', '临时外出来不了'],
    title: (name) => `代为取消${name}的报名？`,
    content: '名额会让给候补的人，本人会收到通知和原因。',
    confirm: '代为取消',
    keep: '不取消了',
  },
  excuse: {
    action: 'session.excuse',
    button: '标记请假',
    reasons: ['生病，事后来电说明', '家中临时有事', '单位临时加班'],
    title: (name) => `把${name}的缺席改为请假？`,
    content: '请假不算缺席，不会因此暂停报名；本人会收到通知和原因。',
    confirm: '标记请假',
    keep: '先不改',
  },
  lift: {
    action: 'session.liftLock',
    button: '解除限制',
    reasons: ['缺席事出有因，已核实', '住院或陪护，已核实'],
    title: (name) => `解除${name}的报名暂停？`,
    content: '之前的缺席仍会记录，但不再计入暂停；本人会收到通知和原因。',
    confirm: '解除限制',
    keep: '先不解除',
  },
}

interface Props {
  entry: Entry
  roster: Roster
  sessionId: string
  busy: boolean
  /** Runs the call (a refusal is shown in words); the roster it answers replaces the page's. */
  perform: (run: () => Promise<Roster>) => Promise<Roster | undefined>
  onRoster: (r: Roster) => void
}

/** Which of the three the person's state offers: before the start, after it, while locked. */
function movesFor(e: Entry, r: Roster): Move[] {
  const moves: Move[] = []
  if (!r.started && ['confirmed', 'waitlisted', 'offered'].includes(e.status) && !e.checkInAt)
    moves.push('release')
  if (e.status === 'noShow') moves.push('excuse')
  // Lifting a lock is the organiser's, not a co-organiser's.
  if (e.lockedUntil && !r.coOrganiser) moves.push('lift')
  return moves
}

/**
 * 请假 on the roster (issue 18, part 2): 代为取消 for someone who phones in before the start, 标记请假
 * for an absence, 解除限制 for someone locked out for no-shows — each with a reason picked or
 * written, and a dialog that says what follows.
 */
export function EntryActions({ entry: e, roster: r, sessionId, busy, perform, onRoster }: Props) {
  const [open, setOpen] = useState<Move | null>(null)
  const [picked, setPicked] = useState<string>()
  const [text, setText] = useState('')
  const moves = movesFor(e, r)
  const close = () => {
    setOpen(null)
    setPicked(undefined)
    setText('')
  }
  const submit = async (m: Move) => {
    const spec = MOVES[m]
    const reason = text.trim() || picked || ''
    const ok = await confirmAction({
      title: spec.title(e.name),
      content: reason ? `${spec.content}原因：${reason}` : spec.content,
      confirm: spec.confirm,
      keep: spec.keep,
    })
    if (!ok) return
    const next = await perform(() => call(spec.action, { sessionId, signupId: e.id, reason }))
    if (next) {
      close()
      onRoster(next)
    }
  }

  return (
    <>
      {e.excuse ? (
        <Text className="list-item-desc" style={{ display: 'block' }} data-testid="roster-excuse">
          原因：{e.excuse}
        </Text>
      ) : null}
      {e.lockedUntil ? (
        <Text className="deadline" style={{ display: 'block' }} data-testid="roster-locked">
          因缺席暂停报名，至 {formatLocal(e.lockedUntil, 'M月D日 HH:mm')}
        </Text>
      ) : null}
      {open ? (
        <View data-testid="reason-form">
          <Text className="section-title">{`${MOVES[open].button}：请选择或填写原因`}</Text>
          <Chips
            options={MOVES[open].reasons.map((x) => ({ value: x, label: x }))}
            value={picked}
            onChange={(v) => {
              setPicked(v)
              setText('')
            }}
            chipTestId="reason-"
          />
          <TextField
            label="其他原因"
            value={text}
            onInput={setText}
            placeholder="如：王大爷发烧，来电请假"
            maxlength={REASON_MAX_CHARS}
            testId="reason-text"
          />
          <BigButton loading={busy} onClick={() => submit(open)} testId="reason-submit">
            {MOVES[open].confirm}
          </BigButton>
          <BigButton kind="default" onClick={close}>
            不了
          </BigButton>
        </View>
      ) : (
        moves.map((m) => (
          <BigButton key={m} kind="default" loading={busy} onClick={() => setOpen(m)} testId={`entry-${m}`}>
            {`${MOVES[m].button}：${e.name}`}
          </BigButton>
        ))
      )}
    </>
  )
}
