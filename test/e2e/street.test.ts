/**
 * 街道 in a real browser (issue 17, part 3): 马晓燕, 暖阳街道's 街道管理员, finds 街道工作台, 街道总览
 * and 挂钩部门 on 我的 (and none of a community's screens); the seed's 3号楼 rubble, handed up past
 * 幸福里社区, waits in her 工作台; she takes it on (受理) and calls in the 城管执法中队 (吹哨); the
 * board shows 幸福里社区 and 春风社区; a street lamp handed up the same way goes back to the community
 * with a reason (too short refused in words); 李秀兰 reads the street's request without a button; the
 * street registers another 挂钩部门 (no buildings to choose) and invites its contact.
 */
import type { Page } from 'playwright-core'
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Thursday morning: the seed's rubble reached the street yesterday at 10:00 (seedStreetRequest). */
const e2e = fileE2E({ at: '2026-12-03T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)
const RUBBLE = '小区东门外的空地堆了很多建筑垃圾'
const LAMP = '1号楼和2号楼之间的路灯坏了一个月了，晚上看不见路'

const chips = (p: Page, testId: string) => p.getByTestId(testId).locator('.chip')

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

let rubbleId = ''
let lampId = ''

beforeAll(async () => {
  // 王大爷's street lamp: his micro-grid, 第一网格 and the community each hand it up to the street.
  const created = (await api('demo-resident-1', 'request.create', {
    requestId: 'e2e-street-lamp-1',
    category: 'facility',
    description: LAMP,
  })) as { id: string }
  lampId = created.id
  await api('demo-member-1-1', 'request.escalate', { id: lampId, reason: '路灯线路归街道统一管理' })
  await api('demo-leader-1', 'request.escalate', { id: lampId, reason: '网格内联系不上路灯维护单位' })
  await api('demo-admin', 'request.escalate', { id: lampId, reason: '请街道协调路灯维护' })
})

test('我的 as 街道管理员: 街道工作台, 街道总览, 挂钩部门 and none of a community’s screens', async () => {
  const street = await demoPerson('马晓燕 · 街道管理员')
  const s = street.page
  await s.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await s.reload()
  await s.getByText('街道工作', { exact: true }).waitFor()
  await s.getByTestId('street-workbench').waitFor()
  await s.getByTestId('street-board').waitFor()
  await s.getByTestId('street-units').waitFor()
  expect(await s.getByText('网格员工作台').count()).toBe(0)
  expect(await s.getByTestId('building-codes').count()).toBe(0)
  await e2e.shot(s, '150-street-mine')

  // Her 工作台 is the street's queue: what it holds, and none of a grid's tools.
  await s.getByTestId('street-workbench').click()
  await s.getByTestId('street-queue').waitFor()
  const rubble = s.getByTestId('request-card').filter({ hasText: RUBBLE })
  await rubble.waitFor()
  await s.getByTestId('request-card').filter({ hasText: LAMP }).waitFor()
  expect(await s.getByTestId('inbox-tabs').innerText()).toContain('待受理 2')
  for (const tool of ['代录诉求', '民情日志', '登记巡查发现', '微心愿审核与确认'])
    expect(await s.getByText(tool, { exact: false }).count()).toBe(0)
  await e2e.shot(s, '151-street-workbench')

  // The rubble: 受理 first; 退回社区 and 吹哨 are there too, 上报 is not (nothing above the street).
  await rubble.click()
  const accept = s.locator('taro-button-core', { hasText: '受理（由街道办理）' })
  await accept.waitFor()
  await s.getByTestId('street-return').waitFor()
  await s.getByTestId('whistle').waitFor()
  expect(await s.getByText('上报上一级').count()).toBe(0)
  rubbleId = new URL(s.url().replace('#/', '')).searchParams.get('id') as string
  await e2e.shot(s, '152-street-request')
  await accept.click()
  // In hand: the street settles it (办结) or calls its 挂钩部门 in.
  await s.getByTestId('resolve-step').waitFor()
  expect(await accept.count()).toBe(0)

  // 吹哨: the street's 挂钩部门 first, covering 环境卫生; then 幸福里's own units.
  await s.getByTestId('whistle').click()
  await chips(s, 'whistle-units').first().waitFor()
  const offered = await chips(s, 'whistle-units').allInnerTexts()
  expect(offered[0]).toBe('暖阳街道城管执法中队（负责此类）')
  expect(offered).toContain('国网供电所幸福里台区')
  await chips(s, 'whistle-units').first().click()
  await s.getByTestId('whistle-note').locator('textarea').fill('请依法查处倾倒行为并督促施工方清运')
  await e2e.shot(s, '153-street-whistle')
  await s.getByTestId('whistle-submit').click()
  const task = s.getByTestId('unit-task')
  await task.getByText('由 暖阳街道城管执法中队 办理 · 待报到').waitFor()
  await task.getByText('马晓燕吹哨', { exact: false }).waitFor()
  expect(await s.getByTestId('whistle').count()).toBe(0)
  await e2e.shot(s, '154-street-whistled')
  await street.context.close()
})

test('街道总览: 幸福里社区 and 春风社区, what fell to the street, and the 挂钩部门 called', async () => {
  const street = await demoPerson('马晓燕 · 街道管理员')
  const s = street.page
  await s.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await s.reload()
  await s.getByTestId('street-board').click()
  await s.getByTestId('board-month').getByText('2026年12月').waitFor()
  const cards = s.getByTestId('street-community')
  await cards.first().waitFor()
  expect(await cards.locator('.card-title').allInnerTexts()).toEqual(['春风社区', '幸福里社区'])
  const xingfuli = cards.filter({ hasText: '幸福里社区' })
  for (const rate of ['响应率', '解决率', '满意率', '按时办结率']) await xingfuli.getByText(rate).waitFor()
  // This month: the lamp arrived (the rubble arrived on 12-02 too); the street holds both, in hand or not.
  await xingfuli.getByTestId('street-fallen').getByText('上报街道 2 件 · 街道在办 2 件').waitFor()
  await cards
    .filter({ hasText: '春风社区' })
    .getByTestId('street-fallen')
    .getByText('上报街道 0 件 · 街道在办 0 件')
    .waitFor()
  expect(await s.getByTestId('street-late').count()).toBe(0)
  const units = s.getByTestId('street-unit-orgs')
  expect(await units.locator('.card-title').first().innerText()).toBe('暖阳街道挂钩部门')
  await units
    .first()
    .getByTestId('unit-work')
    .filter({ hasText: '暖阳街道城管执法中队' })
    .getByText('被吹哨 1 次', { exact: false })
    .waitFor()
  await units.filter({ hasText: '幸福里社区责任单位' }).getByText('幸福里物业服务中心').waitFor()
  await e2e.shot(s, '155-street-board')

  // November: before the street's first arrival.
  await s.getByText('‹ 上月').click()
  await s.getByTestId('board-month').getByText('2026年11月').waitFor()
  await xingfuli.getByTestId('street-fallen').getByText('上报街道 0 件', { exact: false }).waitFor()
  await street.context.close()
})

test('退回社区: a reason first (too short refused in words); it is 幸福里’s again, off the street’s queue', async () => {
  const street = await demoPerson('马晓燕 · 街道管理员')
  const s = street.page
  await s.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: lampId }))
  // A hash goto keeps the earlier pages (the home among them), hidden: load it afresh.
  await s.reload()
  await s.getByTestId('street-return').click()
  await s.getByTestId('reason').locator('textarea').fill('灯')
  await s.getByTestId('reason-submit').click()
  await s.getByText('请先写明原因（至少2个字）').waitFor()
  await e2e.shot(s, '156-street-return-refused')
  await s.getByTestId('reason').locator('textarea').fill('小区内路灯属社区公共设施，请社区联系物业维修')
  await s.getByTestId('reason-submit').click()
  await s.getByText('小区内路灯属社区公共设施，请社区联系物业维修', { exact: false }).first().waitFor()
  await s.getByText('待接单').first().waitFor()
  expect(await s.getByTestId('street-return').count()).toBe(0)
  expect(await s.locator('taro-button-core', { hasText: '受理（由街道办理）' }).count()).toBe(0)
  await e2e.shot(s, '157-street-returned')

  await s.goto(h5Url(e2e.host.url, 'packages/grid/pages/inbox/index'))
  await s.reload()
  await s.getByTestId('street-queue').waitFor()
  await s.getByText('街道没有待受理的诉求').waitFor()
  await s.getByTestId('tab-accepted').click()
  await s.getByTestId('request-card').filter({ hasText: RUBBLE }).waitFor()
  await street.context.close()
})

test('李秀兰 reads the street’s request without a button, and finds the returned lamp in her 工作台', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: rubbleId }))
  await a.reload()
  await a.getByTestId('unit-task').getByText('由 暖阳街道城管执法中队 办理 · 待报到').waitFor()
  await a.getByText(RUBBLE, { exact: false }).first().waitFor()
  expect(await a.locator('taro-button-core').count()).toBe(0)
  expect(await a.getByText('其他处理').count()).toBe(0)
  await e2e.shot(a, '158-admin-street-read-only')

  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/inbox/index'))
  await a.reload()
  await a.getByTestId('request-card').filter({ hasText: LAMP }).waitFor()
  expect(await a.getByTestId('request-card').filter({ hasText: RUBBLE }).count()).toBe(0)
  await admin.context.close()
})

test('挂钩部门: the street registers one for the whole street (no buildings) and invites its contact', async () => {
  const street = await demoPerson('马晓燕 · 街道管理员')
  const s = street.page
  await s.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await s.reload()
  await s.getByTestId('street-units').click()
  await s.getByText('已登记的挂钩部门（1）').waitFor()
  await s
    .getByTestId('unit-card')
    .filter({ hasText: '暖阳街道城管执法中队' })
    .getByText('范围：全街道')
    .waitFor()
  await s.getByTestId('unit-new').click()
  await s.getByTestId('unit-form').getByText('登记挂钩部门').waitFor()
  await s.getByTestId('unit-street-scope').waitFor()
  expect(await s.getByTestId('unit-buildings').count()).toBe(0)
  await chips(s, 'unit-kind').filter({ hasText: '网格责任单位' }).click()
  await s.getByTestId('unit-name').locator('input').fill('暖阳街道市场监管所')
  await chips(s, 'unit-categories').filter({ hasText: '其他' }).click()
  await s.getByTestId('unit-contact-name').locator('input').fill('周所长')
  await s.getByTestId('unit-contact-phone').locator('input').fill('0916-3216220')
  await s.getByTestId('unit-save').click()
  await s.getByText('已登记的挂钩部门（2）').waitFor()
  const market = s.getByTestId('unit-card').filter({ hasText: '暖阳街道市场监管所' })
  await market.getByText('范围：全街道').waitFor()
  await market.getByText('联系人尚未加入').waitFor()
  await s.getByText('已保存').waitFor({ state: 'hidden' })
  await market.getByTestId('unit-invite').click()
  const created = s.getByTestId('invite-created')
  await created.getByText('邀请 周所长 担任责任单位联系人').waitFor()
  await created.getByText('暖阳街道市场监管所').waitFor()
  expect((await s.getByTestId('invite-code').innerText()).trim()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  await e2e.shot(s, '159-street-units-invited')
  await street.context.close()
})
