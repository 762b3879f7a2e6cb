/**
 * The 微心愿 hand-off in a real browser (issue 18, part 6): 王大爷 wishes and lets the claimant
 * have his phone; 冯雪 claims it and sees whose contact she has, the number only on tap (logged);
 * 刘芳, whose micro-grid it is, has the notice of who claimed it; 冯雪 marks it done with 1.5
 * hours, 刘芳 confirms for him, and the certificate 冯雪 downloads states the 1.5 hours, the
 * community's contact and the place for the seal.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { connectApp } from '../../cloudfunctions/core/db'
import { h5Url } from '../../src/domain/links'
import { pdfText } from '../support/pdf-text'
import { SHOTS, attachPhoto, demoPerson as choose, fileE2E, hostCall } from './browser'
import { renderPdfPage } from './pdf'

/** A Monday morning. */
const e2e = fileE2E({ at: '2026-12-07T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const LIU = 'demo-member-1-1'

/** The page on screen (tab pages stay in the DOM, hidden). */
const onScreen = (page: Page) => page.locator('.page').filter({ visible: true }).last()

test('a volunteer claims a wish, reaches the resident on tap, the member has the notice; done with 1.5 hours, on the certificate', async () => {
  // 王大爷 wishes, and says the volunteer may have his phone.
  const grandpa = await demoPerson('王大爷 · 居民')
  const g = grandpa.page
  await g.goto(h5Url(e2e.host.url, 'packages/resident/pages/wish/new'))
  await g.reload()
  await g.getByText('陪伴探访').click()
  await g.getByTestId('wish-what').locator('input').fill('有人陪我去复诊')
  await g.getByTestId('wish-why').locator('textarea').fill('下周要去医院复查眼睛，孩子在外地，自己去不方便')
  await g.getByText('志愿者只能看到负责您楼栋的网格员的电话', { exact: false }).waitFor()
  await g.getByTestId('wish-share-yes').click()
  await g.getByText('只有认领的志愿者在认领期间能看到您的电话', { exact: false }).scrollIntoViewIfNeeded()
  await e2e.shot(g, '210-resident-wish-share-contact')
  await g.locator('taro-button-core', { hasText: '提交心愿' }).click()
  await g.getByText('待审核').first().waitFor()
  const id = new URL(g.url().replace('#', '')).searchParams.get('id') as string
  expect(id).toBeTruthy()
  await hostCall(e2e, LIU, 'wish.review', { id, decision: 'publish' })

  // 冯雪 claims it: whose contact she has, not the number until she taps.
  const volunteer = await demoPerson('冯雪 · 志愿者')
  const v = volunteer.page
  await v.goto(h5Url(e2e.host.url, 'packages/resident/pages/wish/detail', { id }))
  await v.reload()
  expect(await v.getByTestId('wish-contact').count()).toBe(0)
  await v.locator('taro-button-core', { hasText: '认领这个心愿' }).click()
  await v.getByText('确定', { exact: true }).click()
  const card = onScreen(v).getByTestId('wish-contact')
  await card.getByText('许愿居民：王大爷').waitFor()
  await card.getByText('居民同意把电话告诉认领的志愿者', { exact: false }).waitFor()
  expect(await card.innerText()).not.toContain('13812345601')
  await e2e.shot(v, '211-volunteer-claimed-contact')
  const db = connectApp(e2e.host.tcbUrl).database()
  const logged = async () => (await db.collection('access_log').where({ targetId: id }).get()).data
  expect(await logged()).toHaveLength(0)
  await card.getByTestId('reveal-wish-contact').click()
  await card.getByTestId('wish-contact-phone').getByText('电话：13812345601').waitFor()
  await e2e.shot(v, '212-volunteer-contact-revealed')
  expect(await logged()).toEqual([
    expect.objectContaining({
      viewerOpenid: 'demo-volunteer-2',
      kind: 'wishContact',
      viewerRole: 'claimant',
    }),
  ])

  // 刘芳 has the notice of who claimed it, and it opens the wish.
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.goto(h5Url(e2e.host.url, 'packages/resident/pages/messages/index'))
  await m.reload()
  const notice = onScreen(m).getByText('心愿已被认领，请帮忙对接')
  await notice.waitFor()
  await onScreen(m).getByText('冯雪认领了“有人陪我去复诊”，承诺2026-12-10前完成').waitFor()
  await e2e.shot(m, '213-member-claim-notice')
  await notice.click()
  await onScreen(m).getByText('认领人：冯雪').waitFor()
  await onScreen(m).getByTestId('share-contact').getByText('居民同意把电话告诉认领的志愿者').waitFor()

  // 冯雪 marks it done: a note, a photo, 1.5 hours (one half hour less than the stepper's start).
  await onScreen(v).locator('textarea').fill('陪王大爷去医院复查了眼睛，已送回家')
  await attachPhoto(v, onScreen(v))
  const hours = onScreen(v).getByTestId('wish-hours')
  await hours.getByText('2 小时').waitFor()
  await onScreen(v).getByTestId('wish-hours-prev').click()
  await hours.getByText('1.5 小时').waitFor()
  await e2e.shot(v, '214-volunteer-fulfil-hours')
  await onScreen(v).locator('taro-button-core', { hasText: '标记已完成' }).click()
  await onScreen(v).getByText('待确认').first().waitFor()
  // Fulfilled: the contact is gone, and so is the number.
  await onScreen(v).getByText('实际服务时长：1.5 小时').waitFor()
  expect(await onScreen(v).getByTestId('wish-contact').count()).toBe(0)

  // 刘芳 confirms for him after calling back, seeing the hours she confirms.
  await m.goto(h5Url(e2e.host.url, 'packages/resident/pages/wish/detail', { id }))
  await m.reload()
  await onScreen(m).getByText('实际服务时长：1.5 小时').waitFor()
  await e2e.shot(m, '215-member-confirm-hours')
  await onScreen(m).locator('taro-button-core', { hasText: '回访后代居民确认' }).click()
  await onScreen(m).getByText('已圆梦').first().waitFor()

  // The certificate states the 1.5 hours, the community's contact and the seal's place.
  await v.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await v.reload()
  await onScreen(v).locator('taro-button-core', { hasText: '我的志愿服务' }).click()
  await onScreen(v).getByText('圆梦微心愿：有人陪我去复诊').waitFor()
  await e2e.shot(v, '216-volunteer-service-hours')
  const download = v.waitForEvent('download')
  await onScreen(v).locator('taro-button-core', { hasText: '下载志愿服务记录证明' }).click()
  const pdf = readFileSync(await (await download).path())
  const text = await pdfText(pdf)
  // The paper as printed, to look at beside the screens.
  const raster = await renderPdfPage(e2e.browser, pdf, 1, 1.5)
  const paper = await e2e.browser.newPage({ viewport: { width: raster.width, height: raster.height } })
  await paper.setContent('<body style="margin:0"><canvas></canvas></body>')
  await paper.evaluate(
    ({ width, height, rgba }) => {
      const canvas = document.querySelector('canvas') as HTMLCanvasElement
      canvas.width = width
      canvas.height = height
      const pixels = Uint8ClampedArray.from(atob(rgba), (c) => c.charCodeAt(0))
      ;(canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(new ImageData(pixels, width), 0, 0)
    },
    { width: raster.width, height: raster.height, rgba: Buffer.from(raster.rgba).toString('base64') },
  )
  await paper.screenshot({ path: path.join(SHOTS, '217-certificate-pdf.png') })
  await paper.close()
  expect(text).toMatch(/圆梦微心愿：有人陪我去复诊\s*1\.5/)
  expect(text).toContain('（盖章处）')
  expect(text).toContain('社区联系方式：李秀兰（社区管理员） 0916-3212000')
  const points = await db.collection('points').where({ openid: 'demo-volunteer-2', sourceId: id }).get()
  expect(points.data).toEqual([expect.objectContaining({ hours: 1.5, points: 8 })])
  for (const p of [grandpa, volunteer, member]) await p.context.close()
})
