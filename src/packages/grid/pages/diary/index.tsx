import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { SwitchCard } from '../../../../components/SwitchCard'
import { TextField } from '../../../../components/TextField'
import type { CategoryCode } from '../../../../domain/categories'
import { useCategories } from '../../../../hooks/useCategories'
import type { ActionOutput } from '../../../../domain/contract'
import {
  ENTRY_REQUEST_CATEGORY,
  LOG_ENTRY_KINDS,
  LOG_ENTRY_KIND_CODES,
  LOG_TEXT_MAX,
  type LogEntryKind,
} from '../../../../domain/fieldlog-kinds'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { useCreateForm } from '../../../../hooks/useCreateForm'

type Household = ActionOutput<'household.list'>['households'][number]
type Entry = ActionOutput<'diary.list'>['entries'][number]

const KIND_PLACEHOLDER: Record<LogEntryKind, string> = {
  visit: '例如：入户看望老人，身体还好，想要一个助行器',
  dispute: '例如：2单元两户为楼道堆放杂物争吵，已当场调解',
  suggestion: '例如：居民建议在楼前加装两张休息长椅',
}

const householdName = (h: Household) => `${h.buildingName} ${h.room} · ${h.contactName}`

/** One household due today: where, who, how far behind, and 记走访. */
function DueRow({ h, onVisit }: { h: Household; onVisit: () => void }) {
  return (
    <View className="card" data-testid="due-visit">
      <Text className="card-title">{householdName(h)}</Text>
      {h.kindName ? <Text className="list-item-desc">{h.kindName}</Text> : null}
      <Text className="deadline">{h.standing.text}</Text>
      <BigButton kind="default" onClick={onVisit} testId="log-visit">
        记走访
      </BigButton>
    </View>
  )
}

/**
 * One entry of the day. 转为诉求 is one tap (the category its kind suggests, or another picked
 * first); once it is a request the entry shows that request — and opens it — instead of the button,
 * and the server files one request however often it is asked.
 */
function EntryCard({
  entry,
  onFiled,
  categories,
}: {
  entry: Entry
  onFiled: (e: Entry) => void
  /** The community's categories (分类设置), loaded once for the page. */
  categories: ReturnType<typeof useCategories>
}) {
  const [category, setCategory] = useState<CategoryCode>(ENTRY_REQUEST_CATEGORY[entry.kind])
  const [choosing, setChoosing] = useState(false)
  const [busy, perform] = useAction()
  const toRequest = async () => {
    const done = await perform(() => call('diary.toRequest', { id: entry.id, category }))
    if (done) onFiled(done.entry)
  }
  const open = () =>
    entry.requestId && Taro.navigateTo({ url: `/packages/grid/pages/detail/index?id=${entry.requestId}` })
  return (
    <View className="card" data-testid="diary-entry">
      <View className="row">
        <Text className="tag tag-accepted">{entry.kindName}</Text>
        <Text className="muted">{formatLocal(entry.at, 'HH:mm')}</Text>
      </View>
      <Text className="list-item-desc">
        {entry.buildingName}
        {entry.householdLabel ? ` ${entry.householdLabel}` : ''}：{entry.text}
      </Text>
      {entry.settled ? <Text className="muted">已当场化解</Text> : null}
      {entry.requestId ? (
        <View className="link" onClick={open} data-testid="entry-request">
          已转为诉求 {entry.requestNo ?? ''} · 查看办理 ›
        </View>
      ) : (
        <>
          <BigButton kind="default" loading={busy} onClick={() => void toRequest()} testId="to-request">
            转为诉求
          </BigButton>
          <View className="row">
            <Text className="muted">按「{categories.nameOf(category)}」派给负责的网格员</Text>
            <Text className="link" onClick={() => setChoosing(!choosing)}>
              {choosing ? '收起' : '改类别'}
            </Text>
          </View>
          {choosing ? (
            <Chips
              options={categories.options}
              value={category}
              onChange={(c) => {
                setCategory(c)
                setChoosing(false)
              }}
            />
          ) : null}
        </>
      )}
    </View>
  )
}

/**
 * 民情日志: the member's day — today's due visits (the grid's plan: every N working days) on top,
 * an entry of each kind (走访 a household, 矛盾纠纷, 意见建议), and the day's entries, each one tap
 * from becoming a request. The leader (and the admin) also find the grid's 民情日报 here.
 */
export default function DiaryPage() {
  const homes = useApi(() => call('household.list', {}))
  const day = useApi(() => call('diary.list', {}))
  const served = useApi(() => call('building.listServed', {}))
  const me = useApi(() => call('me.get', {}))
  const categories = useCategories()
  const [kind, setKind] = useState<LogEntryKind>('visit')
  const [building, setBuilding] = useState<string>()
  const [household, setHousehold] = useState<string>()
  const [text, setText] = useState('')
  const [settled, setSettled] = useState(false)
  const { saving, errors, setErrors, create, edit } = useCreateForm()
  const leads = me.data?.roles.some((r) => r === 'gridLeader' || r === 'communityAdmin')

  const visit = (h: Household) => {
    setKind('visit')
    setBuilding(h.buildingCode)
    setHousehold(h.id)
    setErrors({})
    void Taro.pageScrollTo({ selector: '#diary-form', duration: 0 }).catch(() => undefined)
  }

  async function submit() {
    const local: Record<string, string> = {}
    if (!building) local.buildingCode = '请选择楼栋'
    if (kind === 'visit' && !household) local.householdId = '走访请选择住户'
    setErrors(local)
    if (!building || Object.keys(local).length) return
    const added = await create((requestId) =>
      call('diary.add', {
        requestId,
        kind,
        text,
        buildingCode: building,
        householdId: household,
        settled: kind === 'dispute' && settled,
      }),
    )
    if (!added) return
    setText('')
    setSettled(false)
    setHousehold(undefined)
    void Taro.showToast({ title: '已记下', icon: 'success' })
    day.reload()
    if (added.kind === 'visit') homes.reload()
  }

  const filed = (e: Entry) => {
    if (day.data) day.setData({ ...day.data, entries: day.data.entries.map((x) => (x.id === e.id ? e : x)) })
  }

  return (
    <Page>
      {leads ? (
        <BigButton to="/packages/grid/pages/daily/index" testId="daily-summary">
          网格民情日报（今日汇总 · 走访计划）
        </BigButton>
      ) : null}
      <StateView {...homes} onRetry={homes.reload}>
        {(d) => {
          const due = d.households.filter((h) => h.standing.due)
          return (
            <>
              <Text className="section-title" data-testid="due-title">
                今日应走访（{due.length}户）
              </Text>
              <Text className="muted">每户每{d.intervalDays}个工作日走访一次，由网格长设定</Text>
              {due.length === 0 ? (
                <Text className="state-text">今天没有应走访的住户</Text>
              ) : (
                due.map((h) => <DueRow key={h.id} h={h} onVisit={() => visit(h)} />)
              )}
              <BigButton to="/packages/grid/pages/households/index" testId="households">
                住户名单（{d.households.length}户） · 登记住户
              </BigButton>
            </>
          )
        }}
      </StateView>

      <View id="diary-form" className="card">
        <Text className="card-title">记一条民情日志</Text>
        <Text className="section-title">1. 哪一类</Text>
        <Chips
          options={LOG_ENTRY_KIND_CODES.map((k) => ({ value: k, label: LOG_ENTRY_KINDS[k] }))}
          value={kind}
          onChange={edit('kind', setKind)}
          chipTestId="kind-"
        />
        <StateView {...served} onRetry={served.reload}>
          {(s) => {
            const inBuilding = (homes.data?.households ?? []).filter((h) => h.buildingCode === building)
            return (
              <>
                <Text className="section-title">2. 在哪栋楼</Text>
                <Chips
                  options={s.buildings.map((b) => ({ value: b.code, label: b.name }))}
                  value={building}
                  onChange={edit('buildingCode', (b: string) => {
                    setBuilding(b)
                    setHousehold(undefined)
                  })}
                  chipTestId="building-"
                />
                {errors.buildingCode ? <Text className="field-error">{errors.buildingCode}</Text> : null}
                <Text className="section-title">
                  3. 哪一户{kind === 'visit' ? '' : '（选填，不选即整栋楼）'}
                </Text>
                {!building ? (
                  <Text className="muted">请先选择楼栋</Text>
                ) : inBuilding.length === 0 ? (
                  <Text className="muted">这栋楼还没有登记住户，请先到“住户名单”登记</Text>
                ) : (
                  <Chips
                    options={inBuilding.map((h) => ({ value: h.id, label: `${h.room} ${h.contactName}` }))}
                    value={household}
                    onChange={edit('householdId', (h: string) =>
                      setHousehold(h === household ? undefined : h),
                    )}
                    chipTestId="household-"
                  />
                )}
                {errors.householdId ? <Text className="field-error">{errors.householdId}</Text> : null}
              </>
            )
          }}
        </StateView>
        <TextField
          label={kind === 'visit' ? '了解到的情况' : kind === 'dispute' ? '纠纷经过' : '居民的意见建议'}
          title={`4. ${kind === 'visit' ? '了解到的情况' : kind === 'dispute' ? '纠纷经过' : '居民的意见建议'}`}
          placeholder={KIND_PLACEHOLDER[kind]}
          multiline
          maxlength={LOG_TEXT_MAX}
          value={text}
          onInput={edit('text', setText)}
          error={errors.text}
          count={`${[...text].length}/${LOG_TEXT_MAX}`}
          testId="diary-text"
        />
        {kind === 'dispute' ? (
          <SwitchCard
            title="已当场化解"
            hint="没有化解的纠纷会计入网格长的日报"
            checked={settled}
            onChange={setSettled}
            testId="diary-settled"
          />
        ) : null}
        {errors._ ? <Text className="field-error">{errors._}</Text> : null}
        <BigButton loading={saving} onClick={() => void submit()} testId="diary-submit">
          记下来
        </BigButton>
      </View>

      <StateView {...day} onRetry={day.reload}>
        {(d) => (
          <>
            <Text className="section-title" data-testid="entries-title">
              今天的日志（{d.entries.length}条）
            </Text>
            {d.entries.length === 0 ? <Text className="state-text">今天还没有记日志</Text> : null}
            {d.entries.map((e) => (
              <EntryCard key={e.id} entry={e} onFiled={filed} categories={categories} />
            ))}
          </>
        )}
      </StateView>
    </Page>
  )
}
