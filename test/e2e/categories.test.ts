/**
 * 分类设置 in a real browser (issue 18, part 4): the admin opens it from 社区设置, renames 设施报修 to
 * 公共设施 and makes it 紧急 — a name too short is refused in words under the box first — and the
 * change is in 最近变动; 王大爷's form shows the new name and his request carries it. A category the
 * admin disables while his form is open is refused in words when he submits, and is gone from the
 * form when it opens again.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall, toastGone } from './browser'

/** A Wednesday morning. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const ADMIN = 'demo-admin'
const DAYE = 'demo-resident-1'

test('the admin renames 设施报修 and makes it 紧急; 王大爷’s form and request show the new name', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/setup/index'))
  await a.reload()
  await a.getByTestId('setup-categories').click()
  const facility = a.getByTestId('category-facility')
  await facility.getByText('时限：一般').waitFor()
  await facility.getByText('1个工作日内接单，7天内办结').waitFor()
  await a.getByTestId('category-security').getByText('仅社区可见').waitFor()
  await e2e.shot(a, '200-admin-categories')

  await a.getByTestId('edit-facility').click()
  const form = a.getByTestId('category-form')
  await form.getByText('修改：设施报修').waitFor()
  const name = form.getByTestId('category-name').locator('input')
  // One character: refused in words under the box, nothing changed.
  await name.fill('修')
  await form.getByTestId('category-save').click()
  await form.getByTestId('category-error').getByText('类别名称至少2个字').waitFor()
  await e2e.shot(a, '201-admin-category-name-refused')
  const unchanged = await hostCall<{ categories: { code: string; name: string }[] }>(
    e2e,
    ADMIN,
    'settings.categories',
    {},
  )
  expect(unchanged.categories.find((c) => c.code === 'facility')?.name).toBe('设施报修')

  await name.fill('公共设施')
  await form.getByTestId('tier-urgent').click()
  await e2e.shot(a, '202-admin-category-form')
  await form.getByTestId('category-save').click()
  await facility.getByText('公共设施').waitFor()
  await toastGone(a)
  await facility.getByText('原名：设施报修').waitFor()
  await facility.getByText('时限：紧急').waitFor()
  await facility.getByText('30分钟内接单，2小时内办结').waitFor()
  await a
    .getByTestId('category-event')
    .getByText('名称：设施报修 → 公共设施；时限：一般 → 紧急', { exact: false })
    .waitFor()
  await e2e.shot(a, '203-admin-category-saved')
  await admin.context.close()

  // How to reach him is given already: the form asks only for what happened.
  await hostCall(e2e, DAYE, 'me.contact', { name: '王大爷', phone: '13811112222' })
  const daye = await demoPerson('王大爷 · 居民')
  const r = daye.page
  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await r.reload()
  await r.getByTestId('category-facility').getByText('公共设施').waitFor()
  expect(await r.getByTestId('categories').getByText('设施报修').count()).toBe(0)
  await r.getByTestId('category-facility').click()
  await r.getByText('路灯、单元门、健身器材损坏等').waitFor()
  await r.getByTestId('description').locator('textarea').fill('小区门口的路灯坏了，晚上出门看不清路')
  await e2e.shot(r, '204-resident-form-renamed')
  await r.getByTestId('submit').click()
  await r.getByText('待接单').first().waitFor()
  await r.getByText('公共设施').first().waitFor()
  await e2e.shot(r, '205-resident-request-renamed')
  // Filed under the new tier: to be taken on within 30 minutes.
  const mine = await hostCall<{ items: { categoryName: string; acceptBy: string; createdAt: string }[] }>(
    e2e,
    DAYE,
    'request.listMine',
    {},
  )
  const filed = mine.items.find((i) => i.categoryName === '公共设施')!
  expect(Date.parse(filed.acceptBy) - Date.parse(filed.createdAt)).toBe(30 * 60_000)
  await daye.context.close()
})

test('a category disabled while the form is open is refused in words, and gone when it opens again', async () => {
  const daye = await demoPerson('王大爷 · 居民')
  const r = daye.page
  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await r.reload()
  await r.getByTestId('category-dispute').click()
  await r.getByTestId('description').locator('textarea').fill('楼上漏水到我家卫生间，协商了几次没结果')
  await hostCall(e2e, ADMIN, 'settings.setCategory', {
    code: 'dispute',
    name: '邻里纠纷',
    tier: 'complex',
    sensitive: false,
    disabled: true,
  })
  await r.getByTestId('submit').click()
  await r.getByText('本社区已停用“邻里纠纷”这一类，请选择其他类别').waitFor()
  await e2e.shot(r, '206-resident-category-disabled')

  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await r.reload()
  await r.getByTestId('category-facility').waitFor()
  expect(await r.getByTestId('category-dispute').count()).toBe(0)
  await e2e.shot(r, '207-resident-form-without-disabled')
  await daye.context.close()

  // The admin's table says so.
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/categories/index'))
  await a.reload()
  await a.getByTestId('category-dispute').getByText('已停用').waitFor()
  await e2e.shot(a, '208-admin-category-disabled')
  await admin.context.close()
})
