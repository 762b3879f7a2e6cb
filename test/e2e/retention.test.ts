/**
 * 保存期限 in a real browser (issue 18, part 5): 王大爷 reads on 隐私政策 how long each kind of his
 * data is kept — the table itself, in normal and 大字模式 — then a request of his, closed, is
 * anonymised by the scheduler's nightly run two years on: the admin's detail keeps category,
 * building, status and the 台账's steps without his name or words, his own list no longer has it,
 * and the board's figures of that month are the same.
 */
import { h5Url } from '../../src/domain/links'
import { ANONYMISED_NAME, ANONYMISED_TEXT, RETENTION, retentionText } from '../../src/domain/retention'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Wednesday morning. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const DAYE = 'demo-resident-1'
const LIU = 'demo-member-1-1'
const ADMIN = 'demo-admin'
const DESCRIPTION = '3单元楼道的灯坏了，王大爷晚上下楼看不清'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

test('隐私政策 shows each kind’s 保存期限 from the table, also in 大字模式', async () => {
  const resident = await demoPerson('王大爷 · 居民')
  const r = resident.page
  await r.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await r.reload()
  await r.getByTestId('privacy-policy').click()
  const card = r.locator('.page').last().locator('#retention')
  await card.getByText('保存多久').waitFor()
  for (const rule of [RETENTION.requests, RETENTION.children, RETENTION.accessLog])
    await card.getByText(retentionText(rule), { exact: true }).waitFor()
  await card.getByText('保存多久').scrollIntoViewIfNeeded()
  await e2e.shot(r, '220-privacy-retention')
  await card.getByText(retentionText(RETENTION.accessLog), { exact: true }).scrollIntoViewIfNeeded()
  await e2e.shot(r, '221-privacy-retention-more')
  const sizeOf = () =>
    card.getByText(RETENTION.children.reason).evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  // Body text of the table at least 36rpx: 18px on a 375px-wide phone.
  const normal = await sizeOf()
  expect(normal).toBeGreaterThanOrEqual(18)

  // 大字模式, switched on in 我的: the same table, larger.
  await r.goBack()
  const toggle = r.locator('.page').last().getByTestId('elder-toggle')
  await toggle.click()
  await toggle.getByText('已开启 · 点此关闭').waitFor()
  await r.getByTestId('privacy-policy').click()
  await card.getByText(retentionText(RETENTION.children), { exact: true }).scrollIntoViewIfNeeded()
  expect(await sizeOf()).toBeGreaterThan(normal)
  await e2e.shot(r, '222-privacy-retention-elder')
  await resident.context.close()
})

test('two years after it closed, 王大爷’s request is anonymised; the board’s figures stay', async () => {
  const { id } = await api<{ id: string }>(DAYE, 'request.create', {
    requestId: 'e2e-retention-1-xxxxxxxx',
    category: 'facility',
    description: DESCRIPTION,
  })
  await api(LIU, 'request.accept', { id })
  await api(LIU, 'request.resolve', { id, note: '已更换灯泡，王大爷说亮了' })
  await api(DAYE, 'request.rate', { id, rating: 'satisfied', comment: '刘芳来得很快' })
  const month = '2026-12'
  const board = async () => (await api<{ grids: unknown[] }>(ADMIN, 'metrics.month', { month })).grids

  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id }))
  await a.reload()
  await a.getByText(DESCRIPTION).waitFor()
  await e2e.shot(a, '223-admin-detail-before')

  // Two years and a day on; the timer fires as CloudBase's would. Before the nightly hour the
  // demo's open requests take their clocks' steps (those move the board; the retention run must not).
  const timer = async () => {
    const fired = await fetch(`${e2e.host.url}/fn/scheduler`, {
      method: 'POST',
      body: JSON.stringify({ Type: 'Timer', TriggerName: 'everyMinute' }),
    })
    return (await fired.json()) as { ok: boolean; data: { retention: { counts: { requests: number } } } }
  }
  await e2e.setClock('2028-12-03T02:50:00+08:00')
  for (let i = 0; i < 3; i++) expect((await timer()).data.retention.counts.requests).toBe(0)
  const before = await board()
  await e2e.setClock('2028-12-03T03:10:00+08:00')
  const report = await timer()
  expect(report.ok).toBe(true)
  expect(report.data.retention.counts.requests).toBeGreaterThanOrEqual(1)

  await a.reload()
  await a.getByText(ANONYMISED_TEXT).first().waitFor()
  await a.getByText(ANONYMISED_NAME).first().waitFor()
  expect(await a.getByText(DESCRIPTION).count()).toBe(0)
  expect(await a.getByText('王大爷').count()).toBe(0)
  await e2e.shot(a, '224-admin-detail-anonymised')
  expect(await board()).toEqual(before)

  const resident = await demoPerson('王大爷 · 居民')
  const r = resident.page
  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/list'))
  await r.reload()
  await r.locator('.page').last().waitFor()
  await r.waitForLoadState('networkidle')
  expect(await r.getByText(DESCRIPTION).count()).toBe(0)
})
