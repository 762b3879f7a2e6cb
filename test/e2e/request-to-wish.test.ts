/**
 * 转志愿服务 in a real browser (issue 19, part 1): 王大爷 asks for someone to go with him to the
 * hospital; 刘芳, whose micro-grid it is, takes it on and turns it into a 微心愿 from the request's
 * detail (his description already in the form; a too short wish asked again in words). 王大爷's
 * request shows 已转志愿服务 and the wish's progress; the wish shows 来自诉求. 冯雪 claims and does it,
 * 王大爷 confirms, and his request is closed.
 */
import { h5Url } from '../../src/domain/links'
import type { Page } from 'playwright-core'
import { attachPhoto, demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Monday morning. */
const e2e = fileE2E({ at: '2026-12-07T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const onScreen = (page: Page) => page.locator('.page').filter({ visible: true }).last()

const DAYE = 'demo-resident-1'
const LIU = 'demo-member-1-1'
const VOLUNTEER = 'demo-volunteer-2'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

const DESCRIPTION = '我下周三要去区医院复查，腿脚不方便，想请人陪我去一趟'

test('刘芳 turns 王大爷’s request into a 微心愿; he sees 已转志愿服务, the wish 来自诉求; confirmed, it closes', async () => {
  const { id } = await api<{ id: string }>(DAYE, 'request.create', {
    requestId: 'e2e-to-wish-1-xxxxxxxx',
    category: 'other',
    description: DESCRIPTION,
  })
  await api(LIU, 'request.accept', { id })

  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id }))
  await m.reload()
  await m.getByTestId('to-wish').click()
  const step = m.getByTestId('to-wish-step')
  await step.waitFor()
  // The resident's words are there to start from.
  expect(await step.getByTestId('to-wish-why').locator('textarea').inputValue()).toBe(DESCRIPTION)
  await step.getByTestId('to-wish-category-visit').click()
  await step.getByTestId('to-wish-what').locator('input').fill('陪')
  await step.getByTestId('to-wish-submit').click()
  await step.getByText('请写下心愿（至少2个字）').waitFor()
  await e2e.shot(m, '230-member-to-wish-too-short')
  await step.getByTestId('to-wish-what').locator('input').fill('陪王大爷去医院复查')
  await e2e.shot(m, '231-member-to-wish-form')
  await step.getByTestId('to-wish-submit').click()
  await m.getByTestId('volunteer-link').getByText('已转志愿服务：陪王大爷去医院复查').waitFor()
  await m.getByTestId('volunteer-progress').getByText('心愿待认领').waitFor()
  expect(await m.getByTestId('to-wish').count()).toBe(0)
  await e2e.shot(m, '232-member-request-turned')
  await member.context.close()

  const { volunteer } = await api<{ volunteer: { wishId: string } }>(DAYE, 'request.get', { id })
  await api(VOLUNTEER, 'wish.claim', { id: volunteer.wishId, promisedBy: '2026-12-09' })

  const grandpa = await demoPerson('王大爷 · 居民')
  const r = grandpa.page
  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/detail', { id }))
  await r.reload()
  await r.locator('.tag-volunteering').getByText('已转志愿服务').waitFor()
  await r.getByTestId('volunteer-progress').getByText('心愿已认领（冯雪认领）').waitFor()
  await e2e.shot(r, '233-resident-request-volunteering')
  await r.getByTestId('volunteer-wish').click()
  await r.getByTestId('wish-from-request').getByText('来自诉求', { exact: false }).waitFor()
  await e2e.shot(r, '234-resident-wish-from-request')

  // 冯雪 does it on her phone: a note, a photo, the hours.
  const volunteerPhone = await demoPerson('冯雪 · 志愿者')
  const v = volunteerPhone.page
  await v.goto(h5Url(e2e.host.url, 'packages/resident/pages/wish/detail', { id: volunteer.wishId }))
  await v.reload()
  await onScreen(v).getByTestId('wish-from-request').waitFor()
  await onScreen(v).locator('textarea').fill('陪王大爷去区医院复查，已送回家')
  await attachPhoto(v, onScreen(v))
  await onScreen(v).locator('taro-button-core', { hasText: '标记已完成' }).click()
  await onScreen(v).getByText('待确认').first().waitFor()
  await volunteerPhone.context.close()

  await r.reload()
  await onScreen(r).locator('taro-button-core', { hasText: '心愿实现了，确认' }).click()
  await onScreen(r).getByText('已圆梦').first().waitFor()
  await e2e.shot(r, '235-resident-wish-confirmed')
  await r.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/detail', { id }))
  await r.reload()
  await r.locator('.tag-closed').getByText('已完结').waitFor()
  await r.getByTestId('volunteer-progress').getByText('志愿服务已完成').waitFor()
  await r.getByText('志愿服务经居民确认，结案').waitFor()
  await e2e.shot(r, '236-resident-request-closed')
  expect((await api<{ status: string }>(DAYE, 'request.get', { id })).status).toBe('closed')
  await grandpa.context.close()
})
