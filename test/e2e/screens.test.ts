/**
 * What a 70-year-old resident and an admin meet first on screen: 大字模式 on the first open,
 * typed text at body size with the whole box taking the tap, a photo tile that does not wrap in
 * 大字模式, 不同意 on a privacy prompt opened from a QR link, an unknown page, the admin's own row
 * in 人员与角色, and what a resident is told while a request waits.
 */
import { h5Url } from '../../src/domain/links'
import { fileE2E } from './browser'

const e2e = fileE2E({ at: '2026-11-25T10:00:00+08:00' })

/** The page on screen (tab pages stay in the DOM, hidden). */
const onScreen = (page: import('playwright-core').Page) =>
  page.locator('.page').filter({ visible: true }).last()

test('大字模式 is a labelled row on 首页 from the first open, and the photo tile fits in it', async () => {
  const { context, page } = await e2e.person()
  await page.goto(h5Url(e2e.host.url, 'pages/index/index'))
  const toggle = onScreen(page).getByTestId('elder-toggle')
  await toggle.getByText('大字模式').waitFor()
  await page.getByText('您还没有绑定楼栋').waitFor()
  const box = await toggle.boundingBox()
  expect(box?.height).toBeGreaterThanOrEqual(44)
  expect(await toggle.getAttribute('aria-checked')).toBe('false')
  await e2e.shot(page, '70-first-open')
  await toggle.click()
  await toggle.getByText('已开启 · 点此关闭').waitFor()
  expect(await toggle.getAttribute('aria-checked')).toBe('true')
  expect((await toggle.boundingBox())?.height).toBeGreaterThanOrEqual(60)
  await e2e.shot(page, '71-first-open-elder')

  // Bound to a building, in 大字模式: the request form.
  await page.goto(h5Url(e2e.host.url, 'pages/bind/index', { scene: 'B02' }))
  await page.getByTestId('privacy-agree').click()
  await page.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await page.getByText('负责网格').first().waitFor()
  await page.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await page.reload()
  const add = onScreen(page).getByTestId('photo-add')
  await add.waitFor()
  // "添加照片" on one line inside its tile: neither wrapped nor cut off.
  const fits = await add.evaluate((tile) => {
    const label = Array.from(tile.querySelectorAll('taro-text-core')).find(
      (t) => t.textContent === '添加照片',
    )
    if (!label) return { found: false, lines: 0, inside: false }
    const r = label.getBoundingClientRect()
    const t = tile.getBoundingClientRect()
    const lineHeight =
      parseFloat(getComputedStyle(label).lineHeight) || parseFloat(getComputedStyle(label).fontSize) * 1.6
    return {
      found: true,
      lines: Math.round(r.height / lineHeight),
      inside: r.left >= t.left && r.right <= t.right,
    }
  })
  expect(fits).toEqual({ found: true, lines: 1, inside: true })
  await e2e.shot(page, '72-request-form-elder')
  await context.close()
})

test('typed text is body size and the whole box takes the tap', async () => {
  const { context, page } = await e2e.scan('B03')
  const field = onScreen(page).locator('taro-input-core.input').first()
  await field.waitFor()
  const inner = field.locator('input')
  const size = await inner.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  const body = await onScreen(page).evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(body)
  expect(size).toBeGreaterThanOrEqual(18)
  // A tap near the bottom edge of the box focuses the field.
  const box = (await field.boundingBox())!
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 6)
  expect(await inner.evaluate((el) => document.activeElement === el)).toBe(true)
  await page.keyboard.type('3单元502')
  expect(await inner.inputValue()).toBe('3单元502')
  await page.goto(h5Url(e2e.host.url, 'packages/resident/pages/wish/new'))
  await page.reload()
  const area = onScreen(page).locator('taro-textarea-core.textarea').first()
  await area.waitFor()
  // Measured once the page has settled (its data loaded, nothing moving any more).
  await page.waitForLoadState('networkidle')
  const abox = (await area.boundingBox())!
  await page.mouse.click(abox.x + abox.width / 2, abox.y + abox.height - 10)
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA')
  expect(await area.locator('textarea').evaluate((el) => document.activeElement === el)).toBe(true)
  await context.close()
})

test('不同意 on a privacy prompt opened from a QR link goes home', async () => {
  const { context, page } = await e2e.person()
  await page.goto(h5Url(e2e.host.url, 'pages/bind/index', { scene: 'B04' }))
  await page.getByTestId('privacy-prompt').waitFor()
  await page.locator('taro-button-core', { hasText: /^不同意$/ }).click()
  await page.waitForURL(/pages\/index\/index/)
  await onScreen(page).getByText('您还没有绑定楼栋').waitFor()
  await context.close()
})

test('an unknown page says so, with a way home', async () => {
  const { context, page } = await e2e.person()
  await page.goto(h5Url(e2e.host.url, 'pages/index/index'))
  await onScreen(page).getByTestId('elder-toggle').waitFor()
  await page.goto(h5Url(e2e.host.url, 'pages/no-such-page/index'))
  await page.getByTestId('not-found').getByText('这个页面不存在').waitFor()
  await e2e.shot(page, '73-not-found')
  await page.locator('taro-button-core', { hasText: '回到首页' }).click()
  await page.waitForURL(/pages\/index\/index/)
  await context.close()
})

test('人员与角色: no revoke button on the admin’s own row; the others are named links', async () => {
  const { context, page } = await e2e.person()
  await page.goto(h5Url(e2e.host.url, 'pages/dev/index'))
  await page.getByText('李秀兰 · 社区管理员').click()
  await page.goto(h5Url(e2e.host.url, 'packages/admin/pages/roles/index'))
  await page.reload()
  const mine = onScreen(page).getByTestId('holder').filter({ hasText: '（我）' })
  await mine.waitFor()
  expect(await mine.getByTestId('revoke-role').count()).toBe(0)
  const other = onScreen(page).getByTestId('holder').filter({ hasText: '王建国' })
  expect(await other.getByTestId('revoke-role').getAttribute('aria-label')).toContain('撤销王建国')
  await e2e.shot(page, '74-roles')
  await context.close()
})
