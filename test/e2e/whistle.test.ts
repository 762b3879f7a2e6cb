/**
 * 吹哨报到 in a real browser (issue 17): the admin registers a 责任单位 (a wrong phone refused in
 * Chinese) and invites its contact, who accepts and finds his 责任单位工作台; 王建国 calls 物业 in on a neighbour's request (吹哨), 孙经理
 * reports in from his 责任单位工作台 and resolves it with a photo, and the resident rates it; 孙经理
 * hands the seed's 6号楼 window back with a reason (too short a reason refused in words), and it is
 * 张丽's to arrange again.
 */
import type { Page } from 'playwright-core'
import { h5Url, inviteScene } from '../../src/domain/links'
import { demoPerson as choose, fileE2E } from './browser'

/** A Wednesday morning; the seed called 物业 in on the 6号楼 window at 09:00. */
const e2e = fileE2E({ at: '2026-11-25T10:00:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)
const SEEDED = '2单元五楼楼道的窗户玻璃裂了'

const chips = (p: Page, testId: string) => p.getByTestId(testId).locator('.chip')

test('the admin registers a 驻区单位 (a wrong phone refused in Chinese); its invited contact finds his 工作台', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.getByTestId('community-setup').click()
  await a.getByTestId('setup-units').click()
  await a.getByText('已登记的单位（2）').waitFor()
  const wuye = a.getByTestId('unit-card').filter({ hasText: '幸福里物业服务中心' })
  await wuye.getByText('负责：设施报修、环境卫生').waitFor()
  await wuye.getByText('已加入的联系人 1 人').waitFor()
  await a
    .getByTestId('unit-card')
    .filter({ hasText: '国网供电所幸福里台区' })
    .getByText('范围：全社区')
    .waitFor()
  await e2e.shot(a, '120-admin-units')

  await a.getByTestId('unit-new').click()
  // Nothing chosen: asked in words, nothing sent.
  await a.getByTestId('unit-save').click()
  await a.getByText('请选择单位类型').waitFor()
  await chips(a, 'unit-kind').filter({ hasText: '驻区单位' }).click()
  await a.getByTestId('unit-name').locator('input').fill('幸福里小学')
  await chips(a, 'unit-categories').filter({ hasText: '求助帮扶' }).click()
  await chips(a, 'unit-buildings')
    .filter({ hasText: /^7号楼$/ })
    .click()
  await chips(a, 'unit-buildings')
    .filter({ hasText: /^8号楼$/ })
    .click()
  await a.getByTestId('unit-contact-name').locator('input').fill('钱校长')
  await a.getByTestId('unit-contact-phone').locator('input').fill('12345')
  await a.getByTestId('unit-save').click()
  // The server's refusal stays on the form, under the phone.
  await a.getByTestId('unit-form').getByText('请填写11位手机号或带区号的座机号').waitFor()
  await e2e.shot(a, '121-admin-unit-refused')
  expect(await a.getByTestId('unit-card').count()).toBe(2)
  await a.getByTestId('unit-contact-phone').locator('input').fill('0916-3217788')
  await a.getByTestId('unit-save').click()
  await a.getByText('已登记的单位（3）').waitFor()
  const school = a.getByTestId('unit-card').filter({ hasText: '幸福里小学' })
  await school.getByText('负责：求助帮扶').waitFor()
  await school.getByText('范围：7号楼、8号楼').waitFor()
  await school.getByText('联系人尚未加入').waitFor()
  await a.getByText('已保存').waitFor({ state: 'hidden' })

  // 邀请联系人: a code and its QR code, as on 人员与角色.
  await school.getByTestId('unit-invite').click()
  const created = a.getByTestId('invite-created')
  await created.getByText('邀请 钱校长 担任责任单位联系人').waitFor()
  await created.getByText('幸福里小学').waitFor()
  const code = (await a.getByTestId('invite-code').innerText()).trim()
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  await e2e.shot(a, '122-admin-unit-invited')

  // 钱校长 accepts on his own phone, and his home opens the 责任单位工作台.
  const contact = await e2e.person()
  const c = contact.page
  await c.goto(h5Url(e2e.host.url, 'packages/resident/pages/invite/index', { scene: inviteScene(code) }))
  await c.getByText('幸福里社区邀请 钱校长 担任责任单位联系人').waitFor()
  await e2e.shot(c, '133-unit-invitation')
  await c.getByTestId('invite-accept').click()
  await c.getByText('您已成为责任单位联系人').waitFor()
  await c.goto(h5Url(e2e.host.url, 'pages/index/index'))
  await c.reload()
  await c.getByTestId('unit-workbench').click()
  await c.getByTestId('unit-names').getByText('幸福里小学').waitFor()
  await c.getByText('社区暂时没有请本单位办理的诉求').waitFor()
  await e2e.shot(c, '134-unit-new-contact-workbench')
  await a.reload()
  await a
    .getByTestId('unit-card')
    .filter({ hasText: '幸福里小学' })
    .getByText('已加入的联系人 1 人')
    .waitFor()
  await contact.context.close()
  await admin.context.close()
})

test('吹哨 → 物业 reports in → resolves with a photo → the resident rates it', async () => {
  const text = '2号楼门口的路灯不亮了，晚上黑乎乎的，老人不敢出门'
  // A new neighbour in 2号楼 (刘芳's micro-grid, 王建国's grid) posts it.
  const resident = await e2e.scan('B02')
  const r = resident.page
  await r.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await r.locator('taro-button-core', { hasText: '我要反映' }).click()
  await r.getByText('设施报修').click()
  await r.locator('textarea').fill(text)
  await r.getByTestId('contact-name').locator('input').fill('邻居')
  await r.getByTestId('contact-no-phone').click()
  await r.locator('taro-button-core', { hasText: /^提交$/ }).click()
  await r.getByText('已提交，已送达第一网格 · 1号微网格').waitFor()
  const detailUrl = r.url()
  const id = new URL(detailUrl.replace('#/', '')).searchParams.get('id') as string

  // 王建国, the leader above, calls 物业 in: the units covering 设施报修 in 2号楼 come first.
  const leader = await demoPerson('王建国 · 网格长')
  const l = leader.page
  await l.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id }))
  await l.getByTestId('whistle').click()
  await chips(l, 'whistle-units').first().waitFor()
  expect(await chips(l, 'whistle-units').allInnerTexts()).toEqual([
    '幸福里物业服务中心（负责此类）',
    '国网供电所幸福里台区',
    // Registered by the admin above; 求助帮扶 in 7号、8号楼 only.
    '幸福里小学',
  ])
  await l.getByTestId('whistle-submit').click()
  await l.getByText('请先选择要请来办理的单位').waitFor()
  await chips(l, 'whistle-units').first().click()
  await l.getByTestId('whistle-note').locator('textarea').fill('路灯归物业维修，请今晚前修好')
  await e2e.shot(l, '123-leader-whistle')
  await l.getByTestId('whistle-submit').click()
  const task = l.getByTestId('unit-task')
  await task.getByText('由 幸福里物业服务中心 办理 · 待报到').waitFor()
  await task.getByText('物业服务企业 · 王建国吹哨').waitFor()
  // 设施报修 is 一般: 物业 reports in within a working day.
  expect(await l.getByTestId('unit-clock').innerText()).toMatch(/^应在 11-26 10:\d\d 前报到$/)
  // Called in once: no second 吹哨 while 物业 holds it, and the grid does not 办结 it.
  expect(await l.getByTestId('whistle').count()).toBe(0)
  expect(await l.getByText('确认办结').count()).toBe(0)
  await e2e.shot(l, '124-leader-whistled')

  // 孙经理, 物业's contact: from his home to the 责任单位工作台.
  const unit = await demoPerson('孙经理 · 责任单位联系人')
  const u = unit.page
  await u.getByTestId('unit-workbench').click()
  await u.getByTestId('unit-names').getByText('幸福里物业服务中心').waitFor()
  const card = u.getByTestId('request-card').filter({ hasText: text })
  await card.getByText('由 幸福里物业服务中心 办理 · 待报到').waitFor()
  await card.getByText(/^王建国吹哨 · 请在 11-26 10:\d\d 前报到$/).waitFor()
  await u.getByTestId('request-card').filter({ hasText: SEEDED }).waitFor()
  await e2e.shot(u, '125-unit-workbench')
  await card.click()
  // He sees the neighbour as the grid does; 报到接单 is one tap.
  await u.getByTestId('resident-card').getByText('邻居 · 2号楼').waitFor()
  await u.locator('taro-button-core', { hasText: '报到接单' }).click()
  await u.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 办理中').waitFor()
  expect(await u.getByTestId('unit-clock').innerText()).toMatch(/^应在 12-03 10:\d\d 前办结$/)
  // 办结 without saying how is refused in words; then with a note and a photo.
  await u.getByTestId('resolve').click()
  await u.getByText('请先写明办理情况（至少2个字），再点办结').waitFor()
  await u.getByTestId('resolve-note').locator('textarea').fill('物业电工已更换路灯灯泡，晚上亮了')
  const photo = await u.screenshot({ clip: { x: 0, y: 0, width: 375, height: 300 } })
  const chooser = u.waitForEvent('filechooser')
  await u.getByTestId('photo-add').click()
  await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: photo })
  await u.getByTestId('photo-remove').waitFor()
  await e2e.shot(u, '126-unit-resolve-form')
  await u.getByTestId('resolve').click()
  await u.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 已办结').waitFor()
  await u.getByText('待评价').first().waitFor()
  expect(await u.getByTestId('unit-return').count()).toBe(0)
  await e2e.shot(u, '127-unit-resolved')

  // The resident sees who handled it and rates it.
  await r.goto(detailUrl)
  await r.reload()
  await r.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 已办结').waitFor()
  // Who called it in and the unit's clocks are the grid's business.
  expect(await r.getByTestId('unit-task').innerText()).not.toContain('吹哨')
  await r.getByText('物业电工已更换路灯灯泡，晚上亮了').first().waitFor()
  await r.getByText('满意', { exact: true }).click()
  await r.locator('taro-button-core', { hasText: '提交评价' }).click()
  await r.getByText('居民评价：满意').waitFor()
  await r.getByText('已完结').first().waitFor()
  await e2e.shot(r, '128-resident-rated')

  // Done: on 物业's done list, off its open one.
  await u.goto(h5Url(e2e.host.url, 'packages/grid/pages/unit/index'))
  // Loaded afresh: the hash goto keeps the earlier pages (the first list among them), hidden.
  await u.reload()
  await u.getByTestId('request-card').filter({ hasText: SEEDED }).waitFor()
  expect(await u.getByTestId('request-card').filter({ hasText: text }).count()).toBe(0)
  await u.getByTestId('tab-done').click()
  await u.getByTestId('request-card').filter({ hasText: text }).waitFor()
  for (const p of [resident, leader, unit]) await p.context.close()
})

test('物业 hands the 6号楼 window back with a reason (too short refused in words); 张丽 may call another', async () => {
  const unit = await demoPerson('孙经理 · 责任单位联系人')
  const u = unit.page
  await u.getByTestId('unit-workbench').click()
  await u.getByTestId('request-card').filter({ hasText: SEEDED }).click()
  await u.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 待报到').waitFor()
  await u.getByText('请在 11-26 09:00 前报到接单').waitFor()
  await u.getByTestId('unit-return').click()
  await u.getByTestId('reason').locator('textarea').fill('窗')
  await u.getByTestId('reason-submit').click()
  await u.getByText('请先写明原因（至少2个字）').waitFor()
  await e2e.shot(u, '130-unit-return-refused')
  // Refused on the spot: nothing changed.
  await u.getByTestId('unit-task').getByText('待报到', { exact: false }).waitFor()
  await u.getByTestId('reason').locator('textarea').fill('这扇窗是住户自家封阳台加装的，不在物业维保范围')
  await u.getByTestId('reason-submit').click()
  await u.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 已退回').waitFor()
  expect(await u.locator('taro-button-core', { hasText: '报到接单' }).count()).toBe(0)
  await u.getByText('这扇窗是住户自家封阳台加装的，不在物业维保范围', { exact: false }).first().waitFor()
  await e2e.shot(u, '131-unit-returned')

  // 张丽, who called it in, holds it again and may call another unit.
  const leader = await demoPerson('张丽 · 网格长')
  const l = leader.page
  await l.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  await l.getByTestId('tab-accepted').click()
  await l.getByTestId('request-card').filter({ hasText: SEEDED }).click()
  await l.getByTestId('unit-task').getByText('由 幸福里物业服务中心 办理 · 已退回').waitFor()
  await l.getByTestId('whistle').waitFor()
  await e2e.shot(l, '132-leader-returned')

  // She calls 供电 in, then takes it back (收回) — a reason first, as for every hand-back.
  await l.getByTestId('whistle').click()
  await chips(l, 'whistle-units').filter({ hasText: '国网供电所幸福里台区' }).click()
  await l.getByTestId('whistle-submit').click()
  await l.getByTestId('unit-task').getByText('由 国网供电所幸福里台区 办理 · 待报到').waitFor()
  await l.getByTestId('unit-recall').click()
  await l.getByTestId('reason').locator('textarea').fill('窗')
  await l.getByTestId('reason-submit').click()
  await l.getByText('请先写明原因（至少2个字）').waitFor()
  await l.getByTestId('reason').locator('textarea').fill('封阳台的窗由住户自己联系厂家，不再请供电所')
  await l.getByTestId('reason-submit').click()
  await l.getByTestId('unit-task').getByText('由 国网供电所幸福里台区 办理 · 已收回').waitFor()
  expect(await l.getByTestId('unit-recall').count()).toBe(0)
  await e2e.shot(l, '135-leader-recalled')
  for (const p of [unit, leader]) await p.context.close()
})
