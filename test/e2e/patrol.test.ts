/**
 * 巡查发现 and the 楼栋长 in a real browser (issue 16): a grid member files what she found on her
 * round with a photo, and it shows with its 巡查 badge; 1号楼's 楼栋长 sees the building's open
 * requests — masked, with their 时限 — and 代录s one for a neighbour without WeChat.
 */
import { demoPerson as choose, fileE2E } from './browser'

const e2e = fileE2E({ at: '2026-11-26T10:00:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

test('a member files a 巡查发现 with a photo; it is in her workbench with its badge', async () => {
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  const photo = await m.screenshot({ clip: { x: 0, y: 0, width: 375, height: 300 } })
  await m.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  await m.getByTestId('patrol-new').click()
  await m.getByText('1. 在哪栋楼').waitFor()
  await m.getByText('2号楼').click()
  await m.getByTestId('patrol-place').locator('input').fill('单元门口')
  await m.getByText('安全隐患').click()
  await m
    .getByTestId('patrol-description')
    .locator('textarea')
    .fill('2号楼单元门口的井盖松动，踩上去会晃，老人容易绊倒')
  const chooser = m.waitForEvent('filechooser')
  await m.getByTestId('photo-add').click()
  await (await chooser).setFiles({ name: 'lid.png', mimeType: 'image/png', buffer: photo })
  await m.getByTestId('photo-remove').waitFor()
  await e2e.shot(m, '70-member-patrol-form')
  await m.getByTestId('patrol-submit').click()
  await m.getByTestId('patrol-tag').getByText('巡查 · 单元门口 · 刘芳发现').waitFor()
  await m.getByTestId('photo-grid').getByText('巡查拍摄').waitFor()
  await m.locator('taro-button-core', { hasText: /^接单$/ }).waitFor()
  await e2e.shot(m, '71-member-patrol-detail')
  await member.context.close()
})

test('the 楼栋长 sees 1号楼’s open requests masked and 代录s one for a neighbour', async () => {
  const leader = await demoPerson('赵桂兰 · 楼栋长')
  const b = leader.page
  await b.getByTestId('building-leader').click()
  await b.getByText('1号楼正在办理的诉求', { exact: false }).waitFor()
  await b.getByText('3单元楼道的声控灯坏了好几天', { exact: false }).waitFor()
  await b.getByText('巡查 · 2单元一楼楼道').waitFor()
  // No neighbour's name, room or phone.
  const text = await b.locator('body').innerText()
  expect(text).not.toContain('王大爷')
  expect(text).not.toContain('502')
  expect(text).not.toContain('138')
  await e2e.shot(b, '72-building-leader-list')

  await b.getByTestId('building-record').click()
  await b.getByText('1. 居民住哪栋楼').waitFor()
  // Her own building only: the 代录 form offers no other.
  await b.locator('.chip:visible').first().waitFor()
  expect(await b.locator('.chip:visible').allInnerTexts()).toContain('1号楼')
  expect(await b.locator('.chip:visible').allInnerTexts()).not.toContain('2号楼')
  await b.locator('.chip:visible', { hasText: /^1号楼$/ }).click()
  await b.locator('input').first().fill('孙奶奶')
  await b.getByText('求助帮扶').click()
  await b.locator('textarea').fill('独居老人腿脚不便，想请人帮忙去医院取药')
  await b.locator('taro-button-core', { hasText: '代录提交' }).click()
  // Back to the 工作台 (one copy of it), which now lists the new one as hers — still unnamed.
  await b.getByText('1号楼正在办理的诉求（3）').waitFor()
  const recorded = b.getByTestId('neighbour-request').filter({ hasText: '独居老人腿脚不便' })
  await recorded.getByText('我登记的', { exact: false }).waitFor()
  expect(await b.getByText('1号楼正在办理的诉求', { exact: false }).count()).toBe(1)
  expect(await b.locator('body').innerText()).not.toContain('孙奶奶')
  await e2e.shot(b, '73-building-leader-recorded')
  await leader.context.close()
})
