/**
 * 网格员公示 and 居民催办 in a real browser (issue 16, part 1): 王大爷's home names who serves 1号楼
 * with their published numbers; the next morning his request is past its clock and he chases it
 * once; 刘芳 hears of it and changes the number residents see.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E } from './browser'

// Thursday 10:00: 王大爷's 声控灯 request was filed at 07:00 (local/seed.ts), to be taken by Friday 07:00.
const e2e = fileE2E({ at: '2026-12-03T10:00:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

test('王大爷 sees who serves 1号楼 and how to call them; past the clock he 催办s once', async () => {
  const resident = await demoPerson('王大爷 · 居民')
  const r = resident.page
  const card = r.getByTestId('my-grid')
  await card.getByText('有话跟谁说、有事找谁办').waitFor()
  await card.getByTestId('contact-gridMember').getByText('网格员 · 刘芳').waitFor()
  await card.getByTestId('contact-gridMember').getByText('拨打 0916-3212111').waitFor()
  await card.getByTestId('contact-gridLeader').getByText('拨打 0916-3212011').waitFor()
  await card.getByTestId('contact-buildingLeader').getByText('暂未公示电话').waitFor()
  // Their private numbers are not on the page.
  expect(await card.innerText()).not.toMatch(/13900000111|13900000011|13812345611/)
  await e2e.shot(r, '90-resident-my-grid')

  // Not yet overdue: no 催办 on the request.
  await r.getByText('3单元楼道的声控灯坏了好几天', { exact: false }).first().click()
  await r.getByText('12-04 07:00 前接单', { exact: false }).first().waitFor()
  expect(await r.getByTestId('urge-card').count()).toBe(0)

  // Friday 09:00: nobody took it.
  await e2e.setClock('2026-12-04T09:00:00+08:00')
  await r.reload()
  await r.getByTestId('urge-card').getByText('超过时限还没人接单').waitFor()
  await r.getByText('已过接单时限（12-04 07:00），还没有人接单').waitFor()
  await e2e.shot(r, '91-resident-urge')
  await r.getByTestId('urge').click()
  await r.getByText('暂不催办', { exact: true }).waitFor()
  await r.locator('.taro-model__confirm', { hasText: '催办' }).click()
  await r.getByText('居民催办 · 王大爷').waitFor()
  await r.getByTestId('urge-card').waitFor({ state: 'detached' })
  await e2e.shot(r, '92-resident-urged')
  await resident.context.close()
})

test('刘芳 is told of the 催办 and changes the number residents see', async () => {
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  const phone = m.getByTestId('work-phone')
  await phone.getByText('0916-3212111').waitFor()
  await phone.getByTestId('work-phone-edit').click()
  await phone.getByTestId('work-phone-input').locator('input').fill('12345')
  await phone.getByTestId('work-phone-save').click()
  await m.getByText('请填写11位手机号或带区号的座机号', { exact: false }).waitFor()
  await m.getByText('确定', { exact: true }).click()
  await phone.getByTestId('work-phone-input').locator('input').fill('13909163321')
  await phone.getByTestId('work-phone-save').click()
  await phone.getByText('13909163321').waitFor()
  await e2e.shot(m, '93-member-work-phone')
  await m.goto(h5Url(e2e.host.url, 'packages/resident/pages/messages/index'))
  await m.getByText('居民催办', { exact: false }).first().waitFor()
  await member.context.close()

  const resident = await demoPerson('王大爷 · 居民')
  await resident.page.getByTestId('contact-gridMember').getByText('拨打 13909163321').waitFor()
  await resident.context.close()
})
