/**
 * A community sets itself up, in a real browser: the admin downloads the import template and
 * imports it (preview, then confirm), invites the grid member the workbook named, who accepts on
 * their own phone; a resident scans the new building's code and posts a request that reaches the
 * new member's workbench.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { connectApp } from '../../cloudfunctions/core/db'
import { h5Url, inviteScene } from '../../src/domain/links'
import { fileE2E } from './browser'
import { renderPdfPage } from './pdf'
import { copyExampleIntoSheets } from '../support/template'

const e2e = fileE2E({ at: '2026-11-26T10:00:00+08:00' })

const DESCRIPTION = '九号院1号楼东侧单元门禁坏了，刷卡打不开，老人进出很不方便。'

test('import the template → invite → accept → a request in the new building reaches the new member', async () => {
  const base = e2e.host.url
  const files = mkdtempSync(path.join(tmpdir(), 'nxwg-adoption-'))

  // The admin opens 社区设置 from the home page.
  const admin = await e2e.person()
  const a = admin.page
  await a.goto(h5Url(base, 'pages/dev/index'))
  await a.getByText('李秀兰 · 社区管理员').click()
  await a.getByTestId('community-setup').click()
  await a.getByText('用 Excel 设置社区').waitFor()

  const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('setup-template').click()])
  expect(download.suggestedFilename()).toBe('幸福里社区-社区设置模板.xlsx')
  const template = path.join(files, 'template.xlsx')
  await download.saveAs(template)

  // Chosen back unedited, it imports nothing: the worked example lives on the 说明 sheet.
  const [unedited] = await Promise.all([a.waitForEvent('filechooser'), a.getByTestId('setup-choose').click()])
  await unedited.setFiles(template)
  const preview = a.getByTestId('setup-preview')
  await preview.getByText('文件与现有设置一致，无需导入。').waitFor()
  expect(await a.getByTestId('setup-apply').count()).toBe(0)

  // The admin copies the example's rows into the sheets (as one would in Excel) and chooses it.
  const filled = path.join(files, 'filled.xlsx')
  writeFileSync(filled, await copyExampleIntoSheets(readFileSync(template)))
  const [chooser] = await Promise.all([a.waitForEvent('filechooser'), a.getByTestId('setup-choose').click()])
  await chooser.setFiles(filled)
  await preview.getByText('导入预览').waitFor()
  await preview.getByText('网格：新增 3 · 更新 0 · 不变 1').waitFor()
  await preview.getByText('楼栋：新增 2 · 更新 0 · 不变 0').waitFor()
  await preview.getByText('人员：新增 4 · 更新 0 · 不变 0').waitFor()
  await e2e.shot(a, '60-admin-import-preview')
  await a.getByTestId('setup-apply').click()
  await preview.getByText('导入完成').waitFor()
  await preview.getByText('已写入 9 项', { exact: false }).waitFor()

  // A wrong import can be taken back whole (nobody uses it yet), then the right one made again.
  await a
    .getByTestId('last-import')
    .getByText(/李秀兰 · 9 项/)
    .waitFor()
  await a.getByTestId('undo-import').click()
  await a.getByText('暂不撤销', { exact: true }).waitFor()
  await a.getByText('撤销导入', { exact: true }).last().click()
  await a.getByText('已撤销9项').waitFor()
  expect(
    (await connectApp(e2e.host.tcbUrl).database().collection('buildings').doc('B901').get()).data,
  ).toEqual([])
  const [redo] = await Promise.all([a.waitForEvent('filechooser'), a.getByTestId('setup-choose').click()])
  await redo.setFiles(filled)
  await preview.getByText('楼栋：新增 2 · 更新 0 · 不变 0').waitFor()
  await a.getByTestId('setup-apply').click()
  await preview.getByText('已写入 9 项', { exact: false }).waitFor()

  // The same file again: nothing to do, and no confirm button.
  const [again] = await Promise.all([a.waitForEvent('filechooser'), a.getByTestId('setup-choose').click()])
  await again.setFiles(filled)
  await preview.getByText('文件与现有设置一致，无需导入。').waitFor()
  expect(await a.getByTestId('setup-apply').count()).toBe(0)

  // One more building by hand, by the same rules: a Chinese code is refused, then a good one saved.
  const row = a.getByTestId('setup-row')
  await row.getByTestId('row-code').locator('input').fill('九号院3号楼')
  await row.getByTestId('row-name').locator('input').fill('九号院3号楼')
  // The micro-grid is picked by its name, not typed as an internal code.
  await row.getByTestId('row-gridCode').getByText('第九网格 · 2号微网格', { exact: true }).click()
  await a.getByTestId('row-save').click()
  await a.getByText('不能放进二维码', { exact: false }).waitFor()
  await a.getByText('确定', { exact: true }).click()
  await row.getByTestId('row-code').locator('input').fill('B903')
  await a.getByTestId('row-save').click()
  await a.getByText('已添加').waitFor()
  const stored = await connectApp(e2e.host.tcbUrl).database().collection('buildings').doc('B903').get()
  expect(stored.data[0]).toMatchObject({ name: '九号院3号楼', gridId: 'G9-2', communityId: 'c-xingfuli' })

  // The new building's poster: downloaded as a PDF whose first page, rendered, carries the code.
  await a.locator('taro-button-core', { hasText: /^楼栋二维码与海报$/ }).click()
  const card = a.getByTestId('building-card').filter({ hasText: '九号院1号楼' })
  const [pdf] = await Promise.all([a.waitForEvent('download'), card.getByTestId('building-poster').click()])
  const poster = path.join(files, 'poster.pdf')
  await pdf.saveAs(poster)
  const page1 = await renderPdfPage(e2e.browser, readFileSync(poster))
  expect(page1.pages).toBe(1)
  // A4 (595.28 × 841.89 pt) at 72 dpi.
  expect(page1.width).toBeGreaterThanOrEqual(595)
  expect(page1.width).toBeLessThanOrEqual(596)
  expect(page1.height).toBe(842)
  const qr = jsQR(page1.rgba, page1.width, page1.height)
  expect(qr?.data).toBe(h5Url(base, 'pages/bind/index', { scene: 'B901' }))
  await a.goBack()
  await a.reload()

  // 人员与角色: the imported member waits for an invitation.
  await a.locator('taro-button-core', { hasText: /^人员与角色$/ }).click()
  const roster = a.getByTestId('roster')
  await roster.getByText('吴建华 · 网格员 · 第九网格 · 1号微网格').waitFor()
  await a.getByTestId('invite-吴建华').click()
  const code = (await a.getByTestId('invite-code').innerText()).trim()
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  await e2e.shot(a, '61-admin-invitation')

  // 吴建华 opens the invitation on his own phone and accepts it.
  const member = await e2e.person()
  const m = member.page
  await m.goto(h5Url(base, 'packages/resident/pages/invite/index', { scene: inviteScene(code) }))
  await m.getByText('幸福里社区邀请 吴建华 担任网格员').waitFor()
  await m.getByText('负责：第九网格 · 1号微网格').waitFor()
  await e2e.shot(m, '62-member-invitation')
  await m.getByTestId('invite-accept').click()
  await m.getByText('您已成为网格员').waitFor()

  // The admin's list now shows him holding the role, and the change in the log.
  await a.reload()
  await a.getByTestId('holders').getByText('吴建华 · 网格员 · 第九网格 · 1号微网格').waitFor()
  await a.getByText('吴建华 接受邀请，成为网格员', { exact: false }).waitFor()

  // A resident scans the new building's code and posts a request.
  const resident = await e2e.person()
  const r = resident.page
  await r.goto(h5Url(base, 'pages/bind/index', { scene: 'B901' }))
  // Before any personal data: the privacy prompt, with the policy a tap away.
  await r.getByTestId('privacy-prompt').waitFor()
  await e2e.shot(r, '64-privacy-prompt')
  await r.getByTestId('privacy-agree').click()
  await r.getByText('您是否居住在 九号院1号楼？').waitFor()
  await r.locator('input').first().fill('1单元101')
  await r.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await r.getByText('负责网格：第九网格 · 1号微网格').waitFor()
  await r.locator('taro-button-core', { hasText: '我要反映' }).click()
  await r.getByText('设施报修').click()
  await r.locator('textarea').fill(DESCRIPTION)
  await r.getByTestId('contact-name').locator('input').fill('钟阿姨')
  await r.getByTestId('contact-no-phone').click()
  await r.locator('taro-button-core', { hasText: /^提交$/ }).click()
  await r.getByText('已提交，已送达第九网格 · 1号微网格').waitFor()

  // 我的数据: everything stored about me, shown to me.
  await r.goto(h5Url(base, 'packages/resident/pages/privacy/data'))
  await r.reload()
  await r.getByTestId('export').click()
  await r.getByTestId('export-result').getByText('诉求', { exact: false }).first().waitFor()
  await e2e.shot(r, '65-my-data')
  await r.goto(h5Url(base, 'packages/resident/pages/privacy/index'))
  await r.reload()
  await r.getByText('我们收集哪些信息').waitFor()
  await e2e.shot(r, '66-privacy-policy')

  // It is in the new member's workbench.
  await m.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  await m.getByText(DESCRIPTION).waitFor()
  await e2e.shot(m, '63-new-member-inbox')
})

test('节假日调整: 网格绩效 warns of 2027, the admin enters a 调休 Saturday and confirms the year', async () => {
  const base = e2e.host.url
  const admin = await e2e.person()
  const a = admin.page
  await a.goto(h5Url(base, 'pages/dev/index'))
  await a.getByText('李秀兰 · 社区管理员').click()
  await a.locator('taro-button-core', { hasText: '网格绩效 · 流动红旗' }).click()
  // 2026-11-26 + 90 days reaches 2027, which the built-in data does not have.
  const warning = a.getByTestId('calendar-warning')
  await warning.getByText('2027年的放假调休安排尚未录入', { exact: false }).waitFor()
  await e2e.shot(a, '67-board-calendar-warning')
  await warning.click()
  await a.getByTestId('calendar-year').getByText('2027年').waitFor()
  await a.getByText('尚无官方放假安排', { exact: false }).waitFor()
  await a.getByText('1月1日（周五） 休息').waitFor()

  // A date that does not exist is refused in words, and nothing is entered.
  await a.getByTestId('calendar-date').locator('input').fill('2027-02-30')
  await a.getByTestId('calendar-workday').click()
  await a.getByText('没有这一天').waitFor()
  await a.getByText('确定', { exact: true }).click()
  await a.getByTestId('calendar-date').locator('input').fill('2027-02-20')
  await a.getByTestId('calendar-note').locator('input').fill('春节调休上班')
  await a.getByTestId('calendar-workday').click()
  const day = a.getByTestId('calendar-day').filter({ hasText: '2月20日（周六） 上班' })
  await day.getByText('春节调休上班 · 社区调整').waitFor()
  await a.getByTestId('calendar-confirm').click()
  await a.getByText('已由社区管理员按国务院通知录入').waitFor()
  // (The board stays in the H5 page stack, hidden: only what is on screen counts.)
  expect(await a.getByTestId('calendar-warning').filter({ visible: true }).count()).toBe(0)
  await a.getByText('设为工作日：春节调休上班', { exact: false }).waitFor()
  await e2e.shot(a, '68-calendar-2027')
  await admin.context.close()
})
