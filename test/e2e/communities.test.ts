/**
 * Several communities per person in a real browser (issue 17, part 4): 李秀兰, admin of 幸福里社区,
 * is also 网格长 of 春晖社区's 第一网格. 我的 says which community she works in and offers the
 * other; the board switches to 春晖's grids and nothing of 幸福里's, and back.
 */
import { connectApp } from '../../cloudfunctions/core/db'
import type { Deps } from '../../cloudfunctions/core/context'
import { bootstrapAdmin } from '../../cloudfunctions/core/roles/bootstrap'
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

const e2e = fileE2E({ at: '2026-11-26T10:00:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)
const CHEN = 'e2e-chunhui-admin'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

beforeAll(async () => {
  // 春晖社区 with its first admin, a grid, a micro-grid and a building; 李秀兰 invited as its 网格长.
  const db = connectApp(e2e.host.tcbUrl).database()
  const boot = await bootstrapAdmin({ db, now: () => e2e.now() } as Deps, {
    communityId: 'c-chunhui',
    name: '春晖社区',
    street: '东湖街道',
  })
  await api(CHEN, 'invite.accept', { code: boot.code })
  await api(CHEN, 'setup.saveGrid', { code: 'CH-1', name: '春晖第一网格', level: 2, parent: 'c-chunhui-1' })
  await api(CHEN, 'setup.saveGrid', { code: 'CH-1-1', name: '春晖1号微网格', level: 3, parent: 'CH-1' })
  await api(CHEN, 'setup.saveBuilding', {
    code: 'CH01',
    name: '春晖1号楼',
    address: '春晖路1号',
    gridCode: 'CH-1-1',
  })
  const inv = (await api(CHEN, 'invite.create', {
    requestId: 'e2e-communities-invite-1',
    role: 'gridLeader',
    gridId: 'CH-1',
    name: '李秀兰',
  })) as { code: string }
  await api('demo-admin', 'invite.accept', { code: inv.code })
})

test('我的 names the community she works in and offers the other', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await a.reload()
  const switcher = a.getByTestId('community-switcher')
  await switcher.getByText('您在2个社区担任角色', { exact: false }).waitFor()
  expect(await a.getByTestId('current-community').innerText()).toBe('幸福里社区（社区管理员）')
  await a.getByTestId('switch-c-chunhui').getByText('切换到春晖社区（网格长）').waitFor()
  await e2e.shot(a, '140-mine-two-communities')
  await admin.context.close()
})

test('the board switches to 春晖社区: its grids only, and back', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/board/index'))
  await a.reload()
  await a
    .locator('.card', { hasText: /^第一网格/ })
    .first()
    .waitFor()
  expect(await a.getByTestId('current-community').innerText()).toBe('幸福里社区（社区管理员）')
  await e2e.shot(a, '141-board-xingfuli')

  await a.getByTestId('switch-c-chunhui').click()
  await a.getByTestId('current-community').getByText('春晖社区（网格长）').waitFor()
  await a
    .locator('.card', { hasText: /^春晖第一网格/ })
    .first()
    .waitFor()
  const text = await a.locator('body').innerText()
  expect(text).not.toMatch(/^第一网格/m)
  expect(text).not.toContain('第二网格')
  await a.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every(
      (t) => t.style.display === 'none',
    ),
  )
  await e2e.shot(a, '142-board-chunhui')

  // 我的 says so too; switching back there makes the board 幸福里's again.
  await a.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await a.reload()
  expect(await a.getByTestId('current-community').innerText()).toBe('春晖社区（网格长）')
  await a.getByTestId('switch-c-xingfuli').click()
  await a.getByTestId('current-community').getByText('幸福里社区（社区管理员）').waitFor()
  await e2e.shot(a, '143-mine-back-to-xingfuli')
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/board/index'))
  await a.reload()
  await a
    .locator('.card', { hasText: /^第一网格/ })
    .first()
    .waitFor()
  expect(await a.locator('body').innerText()).not.toContain('春晖第一网格')
  await admin.context.close()
})

test('工作台 and 人员与角色 work in the chosen community too', async () => {
  await api('e2e-chunhui-resident', 'me.bindBuilding', { buildingCode: 'CH01', room: '101' })
  await api('e2e-chunhui-resident', 'request.create', {
    requestId: 'e2e-communities-request-1',
    category: 'facility',
    description: '春晖1号楼的单元门关不上了',
  })
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/inbox/index'))
  await a.reload()
  expect(await a.getByTestId('current-community').innerText()).toBe('幸福里社区（社区管理员）')
  await a.getByTestId('switch-c-chunhui').click()
  await a.getByTestId('current-community').getByText('春晖社区（网格长）').waitFor()
  await a.getByText('春晖1号楼的单元门关不上了').waitFor()
  // 春晖's one request, none of 幸福里's.
  expect(await a.getByTestId('request-card').allInnerTexts()).toEqual([
    expect.stringContaining('春晖1号楼的单元门关不上了'),
  ])
  await a.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every(
      (t) => t.style.display === 'none',
    ),
  )
  await e2e.shot(a, '144-inbox-chunhui')

  // In 春晖 she only leads a grid: 人员与角色 says so, and offers 幸福里, where she is admin.
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/roles/index'))
  await a.reload()
  await a.getByText('只有社区管理员可以管理人员与角色').waitFor()
  await e2e.shot(a, '145-roles-refused-in-chunhui')
  await a.getByTestId('switch-c-xingfuli').click()
  await a.getByTestId('current-community').getByText('幸福里社区（社区管理员）').waitFor()
  await a.getByText('刘芳', { exact: false }).first().waitFor()
  await admin.context.close()
})
