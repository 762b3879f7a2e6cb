import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { BigButton } from '../../../../components/BigButton'
import { CommunitySwitcher } from '../../../../components/CommunitySwitcher'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import type { ActionOutput, MetricsMonth } from '../../../../domain/contract'
import { UNCLAIMED_HIGHLIGHT_DAYS } from '../../../../domain/wish'
import { confirmAction } from '../../../../hooks/confirm'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { RATES, RateList, percent } from '../../components/Rates'
import { TrendChart } from '../../components/TrendChart'
import { UnitWork } from '../../components/UnitWork'
import { MonthSwitcher, thisMonth } from '../../components/MonthSwitcher'
import './index.scss'

type GridRow = MetricsMonth['grids'][number]

function RateBars({ row }: { row: GridRow }) {
  return (
    <View>
      <RateList row={row} />
      <Text className="muted">
        受理 {row.received} · 办结 {row.closed}（按时 {row.closedOnTime}） · 超时未结 {row.openOverdue} ·
        未评价 {row.unrated}
      </Text>
      {row.volunteerSolved > 0 ? (
        <Text className="muted" style={{ display: 'block' }} data-testid="volunteer-figures">
          志愿服务解决 {row.volunteerSolved}
          （转为微心愿，居民确认志愿者已办好；计入解决率，不计满意率、按时率）
        </Text>
      ) : null}
      {row.patrol.found > 0 ? (
        <Text className="muted" style={{ display: 'block' }} data-testid="patrol-figures">
          巡查发现 {row.patrol.found} · 已办结 {row.patrol.resolved} · 超时未结 {row.patrol.openOverdue} ·
          按时办结率 {percent(row.patrol.onTimeRate)}（不计入上方居民诉求）
        </Text>
      ) : null}
    </View>
  )
}

type VisitRow = ActionOutput<'visitPlan.month'>['grids'][number]

/** 走访 done vs due (the plan's N working days) for a grid, or the sum of all on the community's card. */
function VisitLine({ grids, gridId, level }: { grids?: VisitRow[]; gridId: string; level: number }) {
  const rows = grids?.filter((v) => v.gridId === gridId || level === 1) ?? []
  if (rows.length === 0) return null
  const sum = (k: 'done' | 'due' | 'households') => rows.reduce((n, v) => n + v[k], 0)
  return (
    <Text className="muted" style={{ display: 'block' }} data-testid="visit-figures">
      走访 已完成 {sum('done')} 次 / 应走访 {sum('due')} 次（{sum('households')} 户）
    </Text>
  )
}

/** The caller's top grid's four rates for the 6 months up to `month`, as the chart draws them (percent). */
async function loadTrend(month: string) {
  const trend = await call('metrics.trend', { month })
  return {
    gridName: trend.gridName,
    months: trend.months.map((m) => `${Number(m.month.slice(5))}月`),
    series: RATES.map((r) => ({
      name: r.label,
      values: trend.months.map((m) => {
        const v = m[r.key]
        return v === null ? null : Math.round(v * 100)
      }),
    })),
  }
}

/** The month's 台账 as .xlsx: opened in WeChat's document viewer (share / save from there), downloaded on H5. */
async function exportLedger(month: string) {
  const file = await call('metrics.exportLedger', { month })
  await openDocument(file, file.fileName, 'xlsx')
  await Taro.showToast({ title: `已导出${file.requests}条诉求`, icon: 'none' })
}

/** Whether the month's grades may still move: 暂评 (the month runs), 待评定 (over), 已评定 (frozen). */
const GRADING_TAG: Record<MetricsMonth['grading']['state'], { label: string; className: string }> = {
  provisional: { label: '暂评', className: 'tag-assigned' },
  pending: { label: '待评定', className: 'tag-resolved' },
  final: { label: '已评定', className: 'tag-closed' },
}

/** 评定: the admin makes a closed month's grades final, after saying what that does. */
async function confirmGrades(month: string): Promise<MetricsMonth | undefined> {
  const m = Number(month.slice(5))
  const sure = await confirmAction({
    title: `评定${m}月的等级？`,
    content: '评定后各网格的等级和流动红旗不再变动；评为后进的网格会收到整改任务。',
    confirm: '确认评定',
    keep: '暂不评定',
    destructive: false,
  })
  if (!sure) return undefined
  const graded = await call('grade.confirm', { month })
  await Taro.showToast({ title: '评定完成', icon: 'success' })
  return graded
}

/** 整改 on the board: how many are open (and late), a tap to the 整改 page. */
function RectifyLink({ tasks }: { tasks: MetricsMonth['rectifications'] }) {
  const open = tasks.filter((t) => t.status !== 'closed')
  const late = open.filter((t) => t.overdue).length
  return (
    <View
      className={`card row${late ? ' card-alert' : ''}`}
      data-testid="rectify-link"
      onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/rectify/index' })}
    >
      <Text className="card-title">整改任务</Text>
      <Text className={open.length ? 'badge' : 'muted'}>
        {open.length ? `未销号 ${open.length} 项${late ? `（超期 ${late} 项）` : ''}` : '没有未销号的'} ›
      </Text>
    </View>
  )
}

/** 网格绩效: the month's four rates per grid, the 流动红旗, and what is overdue right now. */
/** 吹哨报到's units, counted apart from the grids (issue 17): only where the community has any. */
function UnitsCard({ month }: { month: string }) {
  const units = useApi(() => call('metrics.units', { month }), [month])
  if (!units.data || units.data.units.length === 0) return null
  return (
    <View className="card" data-testid="board-units">
      <Text className="card-title">责任单位（吹哨报到）</Text>
      {units.data.units.map((u) => (
        <UnitWork key={u.id} u={u} />
      ))}
    </View>
  )
}

export default function BoardPage() {
  const [month, setMonth] = useState(thisMonth)
  const board = useApi(() => call('metrics.month', { month }), [month])
  const trend = useApi(() => loadTrend(month), [month])
  // 民情日志's 走访 done vs due per second-level grid (the whole community on the first level's card).
  const visits = useApi(() => call('visitPlan.month', { month }), [month])
  const overdue = useApi(() => call('request.overdue', {}))
  const [exporting, perform] = useAction()
  const [grading, performGrading] = useAction()
  const me = useApi(() => call('me.get', {}))
  // 微心愿 waiting ≥ 14 days with nobody claiming them: highlighted for the leader (domain.md).
  const stale = useApi(() => call('wish.inbox', { tab: 'stale' }))

  return (
    <Page>
      {me.data ? (
        <CommunitySwitcher
          me={me.data}
          // Every figure below is the other community's now: the board opens again.
          onSwitched={() => void Taro.redirectTo({ url: '/packages/admin/pages/board/index' })}
        />
      ) : null}
      <MonthSwitcher month={month} onChange={setMonth} />
      {/* What needs action first: what is overdue now, and wishes nobody took. */}
      <Text className="section-title">现在超时的诉求</Text>
      <StateView
        {...overdue}
        onRetry={overdue.reload}
        isEmpty={(d) => d.items.length === 0}
        empty={<Text>没有超时的诉求</Text>}
      >
        {(d) =>
          d.items.map((i) => (
            <View
              className="list-item"
              key={i.id}
              onClick={() => Taro.navigateTo({ url: `/packages/grid/pages/detail/index?id=${i.id}` })}
            >
              <Text className="card-title">{i.categoryName}</Text>
              <Text className="list-item-desc">{i.description}</Text>
              <Text className="deadline">
                超时 {Math.floor(i.overdueMinutes / 60)} 小时 · {i.holder}
              </Text>
            </View>
          ))
        }
      </StateView>
      {stale.data && stale.data.items.length > 0 ? (
        <View
          className="card card-alert"
          data-testid="stale-wishes"
          onClick={() => Taro.navigateTo({ url: '/packages/grid/pages/wishes/index?tab=stale' })}
        >
          <Text className="card-title">
            {stale.data.nextCursor ? `${stale.data.items.length}+` : stale.data.items.length} 个微心愿超过
            {UNCLAIMED_HIGHLIGHT_DAYS}天无人认领 ›
          </Text>
          <Text className="muted">请联系志愿者或在职党员帮忙认领</Text>
        </View>
      ) : null}
      <StateView {...board} onRetry={board.reload}>
        {(m) => {
          const flag = m.flag
          return (
            <>
              {m.calendarWarning ? (
                <View
                  className="card card-alert"
                  data-testid="calendar-warning"
                  onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/calendar/index' })}
                >
                  <Text className="card-title">节假日安排待录入 ›</Text>
                  <Text className="list-item-desc">{m.calendarWarning}</Text>
                </View>
              ) : null}
              <View className="card flag" data-testid="monthly-flag">
                <View className="row">
                  <Text className="card-title">流动红旗</Text>
                  <Text className={`tag ${GRADING_TAG[m.grading.state].className}`} data-testid="grading-tag">
                    {GRADING_TAG[m.grading.state].label}
                  </Text>
                </View>
                <Text style={{ display: 'block' }}>
                  {flag
                    ? `${flag.name}（按时办结率 ${percent(flag.onTimeRate)}）`
                    : '本月没有先进网格，红旗空缺'}
                </Text>
                <Text className="muted" style={{ display: 'block' }} data-testid="grading-state">
                  {m.grading.text}
                </Text>
                {m.grading.mayGrade ? (
                  <View className="page-actions">
                    <BigButton
                      loading={grading}
                      testId="grade-confirm"
                      onClick={() =>
                        void performGrading(() => confirmGrades(m.month)).then((graded) => {
                          if (graded) board.setData(graded)
                        })
                      }
                    >
                      评定{Number(m.month.slice(5))}月（结果定为最终）
                    </BigButton>
                  </View>
                ) : null}
              </View>
              <RectifyLink tasks={m.rectifications} />
              {m.grids.map((g) => (
                <View className={`card grid-level-${g.level}`} key={g.gridId}>
                  <Text className="card-title">
                    {g.level === 1 ? `${g.name}（全社区）` : g.name}
                    {g.grade ? ` · ${g.grade.label}${g.grade.rank ? `（第${g.grade.rank}名）` : ''}` : ''}
                  </Text>
                  {g.grade ? <Text className="list-item-desc">{g.grade.reasons.join('；')}</Text> : null}
                  {g.poll ? (
                    <Text className="muted">
                      民主测评 {g.poll.votes} 户 / {g.poll.households} 户
                      {g.poll.score === null ? '' : ` · ${g.poll.score}分`}
                    </Text>
                  ) : null}
                  <RateBars row={g} />
                  <VisitLine grids={visits.data?.grids} gridId={g.gridId} level={g.level} />
                </View>
              ))}
            </>
          )
        }}
      </StateView>
      <UnitsCard month={month} />
      <View className="card" data-testid="trend">
        <StateView {...trend} onRetry={trend.reload}>
          {(t) => (
            <>
              <Text className="card-title">近半年趋势</Text>
              <Text className="muted">{t.gridName}</Text>
              <TrendChart months={t.months} series={t.series} />
            </>
          )}
        </StateView>
      </View>
      <BigButton
        kind="default"
        loading={exporting}
        testId="export-ledger"
        onClick={() => void perform(() => exportLedger(month))}
      >
        导出{Number(month.slice(5))}月台账（Excel）
      </BigButton>
      {me.data?.roles.includes('communityAdmin') ? (
        <BigButton to="/packages/admin/pages/party/index">双报到党员（确认登记 · 本月服务）</BigButton>
      ) : null}
      <BigButton kind="default" onClick={() => Taro.navigateBack()}>
        返回
      </BigButton>
    </Page>
  )
}
