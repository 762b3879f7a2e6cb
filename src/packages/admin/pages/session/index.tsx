import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { sessionWhen } from '../../../../components/SessionCard'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import { SessionChange } from '../../components/SessionChange'
import type { ActionOutput } from '../../../../domain/contract'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { confirmAction, showRefusal } from '../../../../hooks/confirm'
import { CoOrganisers } from './CoOrganisers'
import { EntryActions } from './EntryActions'

type Roster = ActionOutput<'session.roster'>
type Entry = Roster['entries'][number]

const time = (iso: string | null) => (iso ? formatLocal(iso, 'HH:mm') : '')

/** The whole number only on asking (logged on the server), straight into a call. */
async function callCollector(childId: string, collectorId: string) {
  try {
    const p = await call('person.reveal', { kind: 'childCollector', id: childId, collectorId })
    await Taro.makePhoneCall({ phoneNumber: p.phone })
  } catch (err) {
    await showRefusal(err)
  }
}

/**
 * 签到与名单 (the organiser): print the check-in code; check people in and out from the list — a
 * child only to someone the guardian registered, shown here with phones; 请假 (EntryActions); after
 * the end, look at the flagged check-outs and confirm the hours, which then enter the ledger; add
 * 协助组织者 (CoOrganisers). A co-organiser sees the same list without the code, hours or helpers.
 */
export default function SessionRosterPage() {
  const sessionId = useRouter().params.id ?? ''
  const roster = useApi(() => call('session.roster', { sessionId }), [sessionId])
  const [busy, perform] = useAction()
  const [hours, setHours] = useState<Record<string, string>>({})

  const refresh = async <T,>(run: () => Promise<T>) => {
    if ((await perform(run)) !== undefined) roster.reload()
  }
  const printCode = async () => {
    const code = await perform(() => call('session.checkInCode', { sessionId }))
    if (code) await openDocument({ fileID: code.fileID, url: code.fileUrl }, '活动签到码.pdf', 'pdf')
  }
  const confirm = async () => {
    const set = Object.fromEntries(
      Object.entries(hours)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, Number(v)]),
    )
    const ok = await confirmAction({
      title: '确认服务时长？',
      content: '确认后，志愿者的服务时长记入积分和时长台账，不能再修改。',
      confirm: '确认时长',
      keep: '再看看',
      destructive: false,
    })
    if (!ok) return
    const done = await perform(() => call('session.confirm', { sessionId, hours: set }))
    if (done) roster.setData(done)
  }

  const entryView = (e: Entry, r: Roster) => (
    <View className="card" key={e.id} data-testid="roster-entry">
      <View className="row">
        <Text className="card-title">{e.name}</Text>
        <Text className="tag">{e.roleName}</Text>
      </View>
      <Text className={e.status === 'noShow' ? 'deadline' : 'list-item-desc'} data-testid="roster-status">
        {e.checkOutAt
          ? `签到 ${time(e.checkInAt)} · 签退 ${time(e.checkOutAt)}${e.autoClosed ? '（未签退，按结束时间）' : ''}`
          : e.checkInAt
            ? `已签到 ${time(e.checkInAt)}`
            : e.statusName}
      </Text>
      {e.collectedBy ? <Text className="muted">由 {e.collectedBy} 接走</Text> : null}
      {e.child ? (
        <>
          <Text className="muted" style={{ display: 'block' }}>
            {e.child.age}岁 · {e.child.grade}
            {e.child.allergies ? ` · 过敏：${e.child.allergies}` : ''}
            {e.child.notes ? ` · ${e.child.notes}` : ''}
          </Text>
          <Text className="muted" style={{ display: 'block' }} data-testid="collectors">
            可接送：{e.child.collectors.map((c) => `${c.name}（${c.relation}）${c.phone}`).join('；')}
          </Text>
          {e.child.collectors.map((c) => (
            <Text
              key={c.id}
              className="link"
              style={{ display: 'block' }}
              onClick={() => callCollector(e.child?.id ?? '', c.id)}
            >
              致电{c.name}（查看完整号码，将被记录）
            </Text>
          ))}
        </>
      ) : null}
      {e.hours !== null ? <Text className="list-item-desc">已记 {e.hours} 小时</Text> : null}
      {!r.closed && (e.status === 'confirmed' || e.status === 'offered') && !e.checkInAt ? (
        <BigButton
          kind="default"
          loading={busy}
          onClick={() => refresh(() => call('session.checkIn', { sessionId, signupId: e.id }))}
        >
          {`代为签到：${e.name}`}
        </BigButton>
      ) : null}
      {!r.closed && e.checkInAt && !e.checkOutAt
        ? e.child
          ? e.child.collectors.map((c) => (
              <BigButton
                key={c.id}
                kind="default"
                loading={busy}
                onClick={() =>
                  refresh(() => call('session.checkOut', { sessionId, signupId: e.id, collectorId: c.id }))
                }
              >
                {`签退：交给${c.name}（${c.relation}）`}
              </BigButton>
            ))
          : [
              <BigButton
                key="out"
                kind="default"
                loading={busy}
                onClick={() => refresh(() => call('session.checkOut', { sessionId, signupId: e.id }))}
              >
                {`签退：${e.name}`}
              </BigButton>,
            ]
        : null}
      {r.session.cancelled ? null : (
        <EntryActions
          entry={e}
          roster={r}
          sessionId={sessionId}
          busy={busy}
          perform={perform}
          onRoster={roster.setData}
        />
      )}
      {r.closed && !r.confirmed && !r.session.cancelled && e.earns !== null && !r.coOrganiser ? (
        <TextField
          label={
            e.autoClosed
              ? `时长（小时）：未签退，按结束时间计 ${e.earns}，请核对`
              : `时长（小时）：${e.earns}`
          }
          type="digit"
          value={hours[e.id] ?? ''}
          onInput={(v) => setHours({ ...hours, [e.id]: v })}
          placeholder={String(e.earns)}
          testId="hours-input"
        />
      ) : null}
    </View>
  )

  return (
    <Page>
      <StateView {...roster} onRetry={roster.reload}>
        {(r) => (
          <>
            <View className="card">
              <Text className="card-title">{r.session.title}</Text>
              <Text className="list-item-desc">{sessionWhen(r.session)}</Text>
              <Text className="muted" style={{ display: 'block' }}>
                {r.session.place} · 签到 {formatLocal(r.checkInOpensAt, 'M月D日 HH:mm')} 起
              </Text>
              {r.session.roles.map((x) => (
                <Text className="muted" style={{ display: 'block' }} key={x.key}>
                  {x.name}：已报 {x.capacity - x.left} / {x.capacity}
                  {x.waiting ? ` · 候补 ${x.waiting}` : ''}
                </Text>
              ))}
              {r.flagged ? (
                <Text className="deadline" data-testid="flagged">
                  {r.flagged}人未签退，已按结束时间签退，请核对时长
                </Text>
              ) : null}
            </View>
            {r.coOrganiser ? null : (
              <SessionChange
                roster={r}
                onChanged={(next) => (next ? roster.setData(next) : roster.reload())}
              />
            )}
            {r.coOrganiser ? (
              <Text className="list-item-desc" data-testid="co-organiser-note">
                您是协助组织者：可签到签退、交接孩子、代为取消和标记请假
              </Text>
            ) : r.session.cancelled ? null : (
              <BigButton kind="default" loading={busy} onClick={printCode} testId="print-code">
                打印签到码
              </BigButton>
            )}
            {r.entries.length === 0 ? <Text className="state-text">还没有人报名</Text> : null}
            {r.entries.map((e) => entryView(e, r))}
            {r.closed && !r.confirmed && !r.session.cancelled && !r.coOrganiser ? (
              <BigButton loading={busy} onClick={confirm} testId="confirm-hours">
                确认时长
              </BigButton>
            ) : null}
            {r.confirmed ? <Text className="list-item-desc">时长已确认，已记入台账</Text> : null}
            {!r.closed && r.ended && !r.coOrganiser ? (
              <BigButton loading={busy} onClick={confirm} testId="confirm-hours">
                结束并确认时长
              </BigButton>
            ) : null}
            {r.coOrganiser ? null : <CoOrganisers activityId={r.session.activityId} />}
          </>
        )}
      </StateView>
    </Page>
  )
}
