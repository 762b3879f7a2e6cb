/**
 * 停用与恢复 · 更正编号 in a real browser (issue 18, part 3): on 楼栋二维码与海报 the admin tries to
 * retire 1号楼, which has an open request, and is refused in words in the step; retires a building
 * nobody uses any more, whose scanned code then says it is retired; corrects a mistyped code, and
 * scanning the old code still lands on the building. On 社区设置 → 停用与恢复 she retires an elder
 * who moved away.
 */
import type { Page } from 'playwright-core'
import { h5Url } from '../../src/domain/links'
import { retiredBuildingText } from '../../src/domain/retire'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Wednesday morning. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const ADMIN = 'demo-admin'
const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

const card = (page: Page, code: string) =>
  page.getByTestId('building-card').filter({ has: page.getByText(`编码 ${code}`, { exact: true }) })

/** 李秀兰 on one of her admin screens, loaded afresh (a hash goto keeps the earlier pages, hidden). */
async function adminOn(screen: 'buildings' | 'setup') {
  const { page } = await demoPerson('李秀兰 · 社区管理员')
  await page.goto(h5Url(e2e.host.url, `packages/admin/pages/${screen}/index`))
  await page.reload()
  return page
}

test('the admin is refused 1号楼 (open request), retires a building and corrects a code; the old code still scans', async () => {
  await api(ADMIN, 'setup.saveBuilding', {
    code: 'E19',
    name: '19号楼',
    address: '幸福里19号楼',
    gridCode: 'g-1-1-1',
  })
  await api(ADMIN, 'setup.saveBuilding', {
    code: 'E2O',
    name: '20号楼',
    address: '幸福里20号楼',
    gridCode: 'g-1-1-1',
  })
  // 王大爷's request keeps 1号楼 open (the demo's own may too).
  await api('demo-resident-1', 'request.create', {
    requestId: 'e2e-retire-1-xxxxxxxx',
    category: 'facility',
    description: '1号楼3单元的楼道灯不亮了，晚上上楼看不见',
  })
  const a = await adminOn('buildings')
  await a.getByTestId('grid-g-1-1-1').click()

  // 1号楼 has an open request: refused, in words, in the step.
  const b01 = card(a, 'B01')
  await b01.getByTestId('building-retire').click()
  await b01.getByTestId('retire-reason').locator('input').fill('楼栋拆迁')
  await b01.getByTestId('retire-submit').click()
  await b01.getByTestId('retire-error').getByText('1号楼还有未办结的诉求', { exact: false }).waitFor()
  await e2e.shot(a, '190-admin-retire-refused')
  await b01.locator('taro-button-core', { hasText: /^取消$/ }).click()
  expect(await b01.getByTestId('retire-step').count()).toBe(0)

  // 19号楼 is empty: retired with its reason, marked on its card, its poster buttons gone.
  const e19 = card(a, 'E19')
  await e19.getByTestId('building-retire').click()
  await e19.getByTestId('retire-reason').locator('input').fill('楼栋已拆除')
  await e2e.shot(a, '191-admin-retire-form')
  await e19.getByTestId('retire-submit').click()
  await e19.getByTestId('retired-line').getByText('楼栋已拆除', { exact: false }).waitFor()
  expect(await e19.getByTestId('building-poster').count()).toBe(0)
  await e19.getByTestId('building-restore').waitFor()
  await e2e.shot(a, '192-admin-retired')

  // 20号楼's posters say E2O (the letter O): corrected to E20.
  const e2o = card(a, 'E2O')
  await e2o.getByTestId('building-correct').click()
  await e2o.getByTestId('correct-code').locator('input').fill('B01')
  await e2o.getByTestId('retire-submit').click()
  await e2o.getByTestId('retire-error').getByText('编码B01已被「1号楼」使用，请换一个').waitFor()
  await e2o.getByTestId('correct-code').locator('input').fill('E20')
  await e2o.getByTestId('correct-reason').locator('input').fill('海报上的编码把0印成了字母O')
  await e2e.shot(a, '193-admin-correct-code')
  await e2o.getByTestId('retire-submit').click()
  const e20 = card(a, 'E20')
  await e20.getByText('原编码 E2O（旧二维码仍可扫码）').waitFor()
  await e2e.shot(a, '194-admin-code-corrected')

  // A resident scans an old poster (E2O): it lands on 20号楼, and binds there.
  const old = await e2e.scan('E2O')
  await old.page.getByText('您是否居住在 20号楼？').waitFor()
  await e2e.shot(old.page, '195-scan-old-code')
  await old.page.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await old.page.getByText('20号楼', { exact: false }).first().waitFor()
  const me = await api<{ building: { code: string; name: string } }>('demo-admin', 'building.lookup', {
    buildingCode: 'E2O',
  })
  expect(me).toMatchObject({ code: 'E20', name: '20号楼' })

  // The retired building's code says so.
  const gone = await e2e.scan('E19')
  await gone.page.getByText(retiredBuildingText('19号楼')).waitFor()
  await e2e.shot(gone.page, '196-scan-retired-building')
})

test('on 社区设置 the admin retires an elder who moved away; the list marks her, with the 台账 line', async () => {
  await api(ADMIN, 'elder.add', {
    requestId: 'e2e-retire-elder-xxxxxx',
    buildingCode: 'B01',
    name: '周奶奶',
    room: '2单元301',
    phone: '',
    consent: { by: '本人', note: '' },
    notes: '',
  })
  const a = await adminOn('setup')
  const panel = a.getByTestId('retire-panel')
  await panel.scrollIntoViewIfNeeded()
  const item = panel.getByTestId('retire-item').filter({ hasText: '周奶奶' })
  await item.getByTestId('retire-open').click()
  const step = panel.getByTestId('retire-step')
  // Too short a reason: asked again, in words.
  await step.getByTestId('retire-reason').locator('input').fill('搬')
  await step.getByTestId('retire-submit').click()
  await step.getByTestId('retire-error').getByText('请填写停用原因（至少2个字）').waitFor()
  await step.getByTestId('retire-reason').locator('input').fill('搬去女儿家住了')
  await e2e.shot(a, '197-admin-retire-elder-form')
  await step.getByTestId('retire-submit').click()
  await item.getByTestId('retired-line').getByText('搬去女儿家住了', { exact: false }).waitFor()
  await panel
    .getByTestId('retire-events')
    .getByText('助老对象「周奶奶」 · 停用：搬去女儿家住了', { exact: false })
    .waitFor()
  await e2e.shot(a, '198-admin-elder-retired')
})
