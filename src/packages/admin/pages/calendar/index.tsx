import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { wallClock } from '../../../../clock'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { CalendarYearView } from '../../../../domain/contract'
import { local } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { SettingsEvents } from '../../components/SettingsEvents'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const SOURCE: Record<CalendarYearView['days'][number]['source'], string> = {
  adjustment: '社区调整',
  official: '国务院安排',
  statutory: '法定节假日',
  weekend: '周末',
  weekday: '工作日',
}

function dayLabel(date: string): string {
  const d = local(`${date}T12:00:00+08:00`)
  return `${d.format('M月D日')}（周${WEEKDAYS[d.day()]}）`
}

/** One adjustment: a date, holiday or working day, and a short note, as the notice words it. */
function AdjustForm({ year, onDone }: { year: number; onDone: (v: CalendarYearView) => void }) {
  const [date, setDate] = useState('')
  const [note, setNote] = useState('')
  const [busy, perform] = useAction()
  async function save(workday: boolean) {
    const res = await perform(() => call('calendar.adjust', { date: date.trim(), workday, note }))
    if (!res) return
    onDone(res)
    setDate('')
    setNote('')
    await Taro.showToast({ title: workday ? '已设为工作日' : '已设为休息日', icon: 'success' })
  }
  return (
    <View className="card" data-testid="calendar-form">
      <Text className="card-title">录入一天</Text>
      <Text className="list-item-desc">
        按国务院办公厅的放假通知逐天录入：放假的日子设为休息日，调休上班的周末设为工作日。
      </Text>
      <TextField
        label="日期"
        value={date}
        placeholder={`如 ${year}-02-20`}
        onInput={setDate}
        testId="calendar-date"
      />
      <TextField
        label="说明（选填）"
        value={note}
        placeholder="如 春节调休上班"
        onInput={setNote}
        testId="calendar-note"
      />
      <BigButton loading={busy} onClick={() => save(false)} testId="calendar-holiday">
        设为休息日
      </BigButton>
      <BigButton kind="default" loading={busy} onClick={() => save(true)} testId="calendar-workday">
        设为工作日
      </BigButton>
    </View>
  )
}

/**
 * 节假日调整: which days of a year are holidays and 调休 working days, where each comes from, and
 * the community's own corrections. The clocks of every request and the dates of every recurring
 * activity follow this calendar.
 */
export default function CalendarPage() {
  const router = useRouter()
  // From October the next year's notice is what needs entering; before that, this year's.
  const today = local(wallClock())
  const [year, setYear] = useState(
    () => Number(router.params.id) || today.year() + (today.month() >= 9 ? 1 : 0),
  )
  const view = useApi(() => call('calendar.year', { year }), [year])
  const [busy, perform] = useAction()

  async function remove(date: string) {
    const res = await perform(() => call('calendar.remove', { date }))
    if (res) view.setData(res)
  }
  async function confirm(confirmed: boolean) {
    const res = await perform(() => call('calendar.confirm', { year, confirmed }))
    if (res) view.setData(res)
  }

  return (
    <Page>
      <View className="row">
        <Text className="link" onClick={() => setYear(year - 1)}>
          ‹ {year - 1}年
        </Text>
        <Text className="card-title" data-testid="calendar-year">
          {year}年
        </Text>
        <Text className="link" onClick={() => setYear(year + 1)}>
          {year + 1}年 ›
        </Text>
      </View>
      <StateView {...view} onRetry={view.reload}>
        {(v) => (
          <>
            {v.warning ? (
              <View className="card card-alert" data-testid="calendar-warning">
                <Text className="card-title">请录入放假安排</Text>
                <Text className="list-item-desc">{v.warning}</Text>
              </View>
            ) : null}
            <View className="card" data-testid="calendar-coverage">
              <Text className="card-title">{v.coverageText}</Text>
              <Text className="list-item-desc">
                全年工作日 {v.workdays} 天。诉求办理时限和活动场次按此计算。
              </Text>
            </View>
            {v.coverage !== 'official' ? (
              <BigButton
                kind={v.coverage === 'confirmed' ? 'default' : 'primary'}
                loading={busy}
                testId="calendar-confirm"
                onClick={() => confirm(v.coverage !== 'confirmed')}
              >
                {v.coverage === 'confirmed' ? `撤销“${year}年已录入”` : `${year}年安排已按通知录入，确认`}
              </BigButton>
            ) : null}
            <AdjustForm year={year} onDone={view.setData} />
            <Text className="section-title">节假日与调休</Text>
            {v.days.map((d) => (
              <View className="list-item" key={d.date} data-testid="calendar-day">
                <Text className="card-title">
                  {dayLabel(d.date)} {d.workday ? '上班' : '休息'}
                </Text>
                <Text className="list-item-desc">
                  {d.name ?? ''} · {SOURCE[d.source]}
                </Text>
                {d.source === 'adjustment' ? (
                  <Text className="link" onClick={() => void remove(d.date)} data-testid="calendar-remove">
                    删除调整
                  </Text>
                ) : null}
              </View>
            ))}
            <SettingsEvents events={v.events} />
          </>
        )}
      </StateView>
    </Page>
  )
}
