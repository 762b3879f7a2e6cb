/**
 * 修改 / 取消 in a real browser (issue 18, part 2): 王建国 published a 防诈骗大讲堂 for two
 * evenings and 王大爷 signed up for the first. On the session page 王建国 moves it to another room
 * (the 台账 shows before → after), then calls it off for rain — a reason first, asked in words
 * without one, then a dialog whose buttons say what they do. 王大爷 sees 已取消 with the reason on
 * the 活动 tab, no buttons left, and both notices in 消息.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Wednesday morning; the evenings are Thursday and Friday. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const LEADER = 'demo-leader-1'
const DAYE = 'demo-resident-1'
const TITLE = '防诈骗大讲堂'
const REASON = '暴雨红色预警，今晚停课，改期另行通知'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

type Item = { id: string; title: string; place: string; cancelled: { reason: string } | null }

test('the organiser moves an evening to another room and calls it off; the resident sees 已取消 and the notices', async () => {
  const { id: activityId } = await api<{ id: string }>(LEADER, 'activity.create', {
    requestId: 'e2e-change-1-xxxxxxxx',
    kind: 'lecture',
    title: TITLE,
    description: '民警讲解常见诈骗手法',
    place: '社区党群服务中心',
    organiser: '第一网格',
    schedule: { from: '2026-12-03', to: '2026-12-04', time: '19:00', durationMinutes: 60 },
    roles: [{ key: 'attendee', name: '听众', capacity: 30, audience: 'anyone' }],
  })
  const { sessions } = await api<{ sessions: Item[] }>(LEADER, 'activity.get', { id: activityId })
  expect(sessions).toHaveLength(2)
  const first = sessions[0]
  await api(DAYE, 'session.signUp', { sessionId: first.id, role: 'attendee' })

  const leader = await demoPerson('王建国 · 网格长')
  const l = leader.page
  await l.goto(h5Url(e2e.host.url, 'packages/admin/pages/session/index', { id: first.id }))
  await l.reload()
  await l.getByTestId('change-actions').waitFor()
  await e2e.shot(l, '180-organiser-session-change-actions')

  // 修改本场: the place, in the form 发布活动 is made of.
  await l.getByTestId('edit-session').click()
  const form = l.getByTestId('session-edit')
  await form.waitFor()
  await l.getByTestId('edit-place').locator('input').fill('社区活动室（二楼）')
  await e2e.shot(l, '181-organiser-edit-session')
  await l.getByTestId('edit-submit').click()
  await form.waitFor({ state: 'detached' })
  await l.getByText('社区活动室（二楼） · 签到', { exact: false }).waitFor()
  const log = l.getByTestId('change-log')
  await log.getByText('地点：社区党群服务中心 → 社区活动室（二楼）').waitFor()
  await e2e.shot(l, '182-organiser-edited')

  // 取消本场: no reason → asked in words, nothing sent; with one, the dialog, then 已取消.
  await l.getByTestId('call-off-session').click()
  await l.getByTestId('call-off-submit').click()
  await l.getByText('请写明取消原因（至少2个字）').waitFor()
  await e2e.shot(l, '183-organiser-call-off-no-reason')
  const stillOn = await api<Item>(DAYE, 'session.get', { sessionId: first.id })
  expect(stillOn.cancelled).toBeNull()
  await l.getByTestId('call-off-reason').locator('textarea').fill(REASON)
  await l.getByTestId('call-off-submit').click()
  await l.getByText('不取消了', { exact: true }).last().waitFor()
  await e2e.shot(l, '184-organiser-call-off-confirm')
  await l.locator('.taro-model__confirm', { hasText: '取消本场' }).click()
  const banner = l.getByTestId('session-cancelled')
  await banner.getByText(`原因：${REASON}`).waitFor()
  expect(await l.getByTestId('change-actions').count()).toBe(0)
  expect(await l.getByTestId('print-code').count()).toBe(0)
  await log.getByText(`原因：${REASON}`).waitFor()
  await e2e.shot(l, '185-organiser-called-off')
  await leader.context.close()

  // 王大爷: 已取消 with the reason on the 活动 tab, nothing to tap; the other evening stands.
  const grandpa = await demoPerson('王大爷 · 居民')
  const g = grandpa.page
  await g.goto(h5Url(e2e.host.url, 'pages/activity/index'))
  await g.reload()
  const cards = g.getByTestId('session-card').filter({ hasText: TITLE })
  const cancelled = cards.filter({ hasText: '社区活动室（二楼）' })
  await cancelled.getByTestId('session-cancelled').getByText(`已取消：${REASON}`).waitFor()
  await cancelled.getByTestId('my-signup').getByText('原已报名，无需前往').waitFor()
  expect(await cancelled.locator('taro-button-core').count()).toBe(0)
  const other = cards.filter({ hasText: '社区党群服务中心' })
  await other.locator('taro-button-core', { hasText: /^报名：听众$/ }).waitFor()
  expect(await other.getByTestId('session-cancelled').count()).toBe(0)
  await e2e.shot(g, '186-resident-board-cancelled')

  await g.goto(h5Url(e2e.host.url, 'packages/resident/pages/messages/index'))
  await g.reload()
  const notices = g.getByTestId('message')
  await notices.filter({ hasText: '您报名的这场活动已取消' }).getByText(REASON, { exact: false }).waitFor()
  await notices.filter({ hasText: '您报名的活动时间地点有变' }).waitFor()
  await e2e.shot(g, '187-resident-messages')
  await grandpa.context.close()
})
