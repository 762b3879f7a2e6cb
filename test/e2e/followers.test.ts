/**
 * 已有邻居反映 and 我关注的 in a real browser (issue 19, part 2), as neighbours of 1号楼: 钱阿姨 files
 * 楼道灯不亮 with a photo; 小孙, new in the building, starts the same and is shown hers (the start of
 * her words and its state — never her name, room, phone or photo), follows it (我也遇到了, +1) and
 * files nothing. He finds it under 我的 → 我关注的, masked. 刘芳 sees the count and resolves it; 小孙
 * hears of it in 消息, gives his 邻居评价 once — a second try from a page he left open is refused in
 * words. Later a duplicate of his slips through, and 刘芳 merges it: both details show the step.
 */
import type { Page } from 'playwright-core'
import { connectApp } from '../../cloudfunctions/core/db'
import { h5Url } from '../../src/domain/links'
import { mergedNote } from '../../src/domain/duplicates'
import { attachPhoto, fileE2E, demoPerson as choose, hostCall, toastGone } from './browser'

/** A Tuesday morning. */
const e2e = fileE2E({ at: '2026-12-08T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

/** 钱阿姨's words: the form shows neighbours their first 30 characters, never the room at the end. */
const LAMP = '2单元楼道灯不亮了，晚上上下楼黑乎乎的，老人孩子都怕摔，麻烦尽快来修。我家住2单元601，姓钱'
const LAMP_SHOWN = '2单元楼道灯不亮了，晚上上下楼黑乎乎的，老人孩子都怕摔，麻烦…'
/** What 钱阿姨 is and where she lives: none of it may reach a neighbour's screen. */
const QIAN = { name: '钱阿姨', room: '2单元601', phone: '13912345678', masked: '139****5678' }
const NOTE = '已请物业电工更换2单元楼道灯泡，钱阿姨家门口那段已恢复照明'

/** The page in front (the earlier ones stay in the DOM, hidden). */
const onScreen = (page: Page) => page.locator('.page').filter({ visible: true }).last()

/** The openid the H5 build made up for this phone (a new WeChat user's). */
const openidOf = (page: Page) =>
  page.evaluate(() => {
    const raw = localStorage.getItem('devOpenId') ?? ''
    try {
      const stored = JSON.parse(raw) as { data?: string } | string
      return typeof stored === 'string' ? stored : (stored.data ?? raw)
    } catch {
      return raw
    }
  })

/** A new neighbour scans 1号楼's code and binds to `room`; lands on 首页. */
async function newNeighbour(room: string) {
  const person = await e2e.scan('B01')
  const p = person.page
  await p.getByText('您是否居住在 1号楼？').waitFor()
  await p.locator('input').first().fill(room)
  await p.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await p.getByText('负责网格：第一网格 · 1号微网格').waitFor()
  return { ...person, openid: await openidOf(p) }
}

/** Nothing of 钱阿姨 on what `page` shows now. */
async function showsNothingOfQian(page: Page) {
  const text = await page.locator('body').innerText()
  for (const s of [QIAN.name, '钱', QIAN.room, QIAN.phone, QIAN.masked]) expect(text).not.toContain(s)
}

const db = () => connectApp(e2e.host.tcbUrl).database()
const requestsOf = async (where: object) => (await db().collection('requests').where(where).get()).data

let qian: Awaited<ReturnType<typeof newNeighbour>>
let sun: Awaited<ReturnType<typeof newNeighbour>>
let lamp: { id: string; no: string }

test('小孙 is shown 钱阿姨’s 楼道灯 (its words’ start and state, never who) and follows it (+1) instead of filing', async () => {
  // 钱阿姨 files it on her phone, with a photo and her number.
  qian = await newNeighbour(QIAN.room)
  const q = qian.page
  await q.locator('taro-button-core', { hasText: '我要反映' }).click()
  await q.getByTestId('category-facility').click()
  // 王大爷's 3单元 lamp (the demo's) is another staircase's: she files her own.
  await q.getByTestId('similar').getByText('3单元楼道的声控灯坏了好几天', { exact: false }).waitFor()
  await q.getByTestId('submit-anyway').click()
  await q.getByTestId('description').locator('textarea').fill(LAMP)
  await attachPhoto(q, q.locator('body'), 'lamp.png')
  await q.getByTestId('contact-name').locator('input').fill(QIAN.name)
  await q.getByTestId('contact-phone').locator('input').fill(QIAN.phone)
  await q.getByTestId('submit').click()
  await q.getByText('已提交，已送达第一网格 · 1号微网格').waitFor()
  await toastGone(q)
  await e2e.shot(q, '260-reporter-filed')
  const id = new URL(q.url().replace('#/', '')).searchParams.get('id') as string
  const filed = await api<{ no: string; photos: unknown[] }>(qian.openid, 'request.get', { id })
  expect(filed.photos).toHaveLength(1)
  lamp = { id, no: filed.no }
  await qian.context.close()

  // 小孙 moved into 1号楼 and wants to report the same lamp.
  sun = await newNeighbour('1单元302')
  const s = sun.page
  const before = await requestsOf({ buildingCode: 'B01' })
  await s.locator('taro-button-core', { hasText: '我要反映' }).click()
  await s.getByTestId('category-facility').click()
  const similar = s.getByTestId('similar')
  await similar.getByText('已有邻居反映').waitFor()
  const item = similar.getByTestId('similar-item').filter({ hasText: LAMP_SHOWN })
  await item.getByText('待接单').waitFor()
  await item.getByText('今天反映').waitFor()
  // Her words' start only: the room and the name she wrote at the end are cut off.
  expect(await similar.getByText(LAMP, { exact: false }).count()).toBe(0)
  await showsNothingOfQian(s)
  expect(await similar.locator('img').count()).toBe(0)
  await e2e.shot(s, '261-neighbour-similar-shown')

  await item.getByTestId('follow').click()
  await item.getByTestId('similar-followed').getByText('已记下，您会收到这条诉求的办理进展').waitFor()
  await toastGone(s)
  await e2e.shot(s, '262-neighbour-followed')
  // 好的，返回: back where he came from, having filed nothing.
  await s.getByTestId('similar-done').click()
  await s.locator('taro-button-core', { hasText: '我要反映' }).waitFor()
  const after = await requestsOf({ buildingCode: 'B01' })
  expect(after.map((r) => r._id).sort()).toEqual(before.map((r) => r._id).sort())
  expect(await requestsOf({ residentOpenid: sun.openid })).toHaveLength(0)
  const stored = await api<{ followerCount: number }>(qian.openid, 'request.get', { id: lamp.id })
  expect(stored.followerCount).toBe(1)
})

test('我的 → 我关注的 lists it; opened, it is the neighbour’s view: no reporter, room, phone, photo', async () => {
  const s = sun.page
  await s.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await s.reload()
  await s.getByTestId('followed').click()
  const listed = s.getByTestId('followed-item').filter({ hasText: LAMP_SHOWN })
  await listed.getByText('1号楼 · 12-08反映 · 1位邻居关注').waitFor()
  await listed.getByText('待接单').waitFor()
  expect(await s.getByTestId('followed-item').count()).toBe(1)
  await showsNothingOfQian(s)
  await e2e.shot(s, '263-neighbour-followed-list')

  await listed.click()
  const view = s.getByTestId('followed-view')
  await view.getByText(`工单号 ${lamp.no} · 为保护邻居隐私，这里不显示反映人和办理细节`).waitFor()
  await s.getByTestId('timeline').getByText('又有邻居也遇到了（+1）').waitFor()
  await showsNothingOfQian(s)
  // No photo, no one's name on a step, no form to rate before it is done.
  expect(await onScreen(s).locator('img').count()).toBe(0)
  expect(await s.getByTestId('photo-grid').count()).toBe(0)
  expect(await s.getByText(' · 邻居').count()).toBe(0)
  expect(await s.getByTestId('neighbour-rate').count()).toBe(0)
  await e2e.shot(s, '264-neighbour-followed-view')
})

test('刘芳 sees the count and resolves it; 小孙 hears of it in 消息 and rates it once — a second try is refused in words', async () => {
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/inbox/index'))
  await m.reload()
  const card = m.getByTestId('request-card').filter({ hasText: '2单元楼道灯不亮了' })
  await card.getByTestId('follower-count').getByText('另有1位邻居也遇到了').waitFor()
  await card.click()
  const detail = onScreen(m)
  await detail.getByTestId('follower-count').getByText('另有1位邻居也遇到了').waitFor()
  await detail.getByTestId('accept').click()
  await detail.getByTestId('resolve-note').locator('textarea').fill(NOTE)
  await detail.getByTestId('resolve').click()
  await detail.getByText('待评价').first().waitFor()
  await toastGone(m)
  await e2e.shot(m, '265-member-resolved-with-follower')

  // 小孙 reads it in 消息 — what and where, not her door — and opens it from there.
  const s = sun.page
  await s.goto(h5Url(e2e.host.url, 'packages/resident/pages/messages/index'))
  await s.reload()
  const notice = s.getByTestId('message').filter({ hasText: '您跟进的诉求已办结' })
  await notice.getByText(`1号楼：${LAMP_SHOWN}`).waitFor()
  await showsNothingOfQian(s)
  await e2e.shot(s, '266-neighbour-notice')
  await notice.click()
  // The notice opens the request's page, which hands a follower the neighbour's view.
  const rate = s.getByTestId('neighbour-rate')
  await rate.getByText('您觉得办得怎么样？').waitFor()
  expect(s.url()).toContain('packages/resident/pages/request/followed')
  await s.getByTestId('timeline').getByText('已办结，请评价').waitFor()
  expect(await s.getByText(NOTE).count()).toBe(0)
  await showsNothingOfQian(s)
  // The same page, left open on another tab of his phone (a second try, later).
  const stale = await sun.context.newPage()
  await stale.goto(s.url())
  await stale.reload()
  await stale.getByTestId('neighbour-rate').waitFor()

  await rate.getByTestId('neighbour-rate-submit').click()
  await rate.getByText('请先选择：满意、基本满意或不满意').waitFor()
  await rate.getByTestId('rating-satisfied').click()
  await e2e.shot(s, '267-neighbour-rate-form')
  await rate.getByTestId('neighbour-rate-submit').click()
  const ratings = s.getByTestId('neighbour-ratings')
  await ratings.getByText('您的评价：满意').waitFor()
  await ratings.getByText('邻居评价1条：满意1').waitFor()
  expect(await s.getByTestId('neighbour-rate').count()).toBe(0)
  // 待评价 is 钱阿姨's to give: to a neighbour it reads 已办结.
  await s.getByTestId('followed-view').getByText('已办结', { exact: true }).waitFor()
  expect(await s.getByTestId('followed-view').getByText('待评价').count()).toBe(0)
  await toastGone(s)
  await e2e.shot(s, '268-neighbour-rated')

  // From the page left open he tries again, another way: refused, in words; his first stands.
  const again = stale.getByTestId('neighbour-rate')
  await again.getByTestId('rating-unsatisfied').click()
  await again.getByTestId('neighbour-rate-submit').click()
  await stale.getByText('您已评价过（满意），每位邻居评价一次').waitFor()
  await e2e.shot(stale, '269-neighbour-rate-again-refused')
  await stale.getByText('确定', { exact: true }).click()
  await stale.getByTestId('neighbour-ratings').getByText('您的评价：满意').waitFor()
  expect(await stale.getByTestId('neighbour-rate').count()).toBe(0)
  await stale.close()

  // His rating is his: 钱阿姨's request still waits for hers, and 刘芳 sees the neighbour's count.
  const theirs = await api<{ status: string; actions: string[]; neighbourRatingCount: number }>(
    qian.openid,
    'request.get',
    { id: lamp.id },
  )
  expect(theirs).toMatchObject({ status: 'resolved', neighbourRatingCount: 1 })
  expect(theirs.actions).toContain('rate')
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: lamp.id }))
  await m.reload()
  await m.getByTestId('follower-count').getByText('另有1位邻居也遇到了 · 邻居评价1条').waitFor()
  await m.getByText('邻居评价 · 邻居').waitFor()
  await member.context.close()
})

test('a duplicate slips through anyway; 刘芳 merges it, and both details show the step', async () => {
  // 小孙 reports the 3单元 lamp (王大爷's, the demo's) as his own: 不是同一件事，仍要提交.
  const s = sun.page
  await s.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await s.reload()
  await s.getByTestId('category-facility').click()
  const shown = s.getByTestId('similar-item').filter({ hasText: '3单元楼道的声控灯坏了好几天' })
  await shown.getByTestId('follow').waitFor()
  // 钱阿姨's is done: no longer offered.
  expect(await s.getByTestId('similar-item').filter({ hasText: '2单元楼道灯' }).count()).toBe(0)
  await s.getByTestId('submit-anyway').click()
  await s.getByTestId('description').locator('textarea').fill('3单元楼道声控灯坏了，晚上一片漆黑')
  await s.getByTestId('contact-name').locator('input').fill('小孙')
  await s.getByTestId('contact-no-phone').click()
  await s.getByTestId('submit').click()
  await s.getByText('已提交，已送达第一网格 · 1号微网格').waitFor()
  const dupId = new URL(s.url().replace('#/', '')).searchParams.get('id') as string
  const dup = await api<{ no: string }>(sun.openid, 'request.get', { id: dupId })
  const [seed] = await requestsOf({
    residentOpenid: 'demo-resident-1',
    category: 'facility',
    status: 'assigned',
  })

  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: dupId }))
  await m.reload()
  await m.getByTestId('merge-open').click()
  const target = m.getByTestId('merge-target').filter({ hasText: seed.no })
  await target.getByTestId('merge-pick').click()
  await target
    .getByTestId('merge-confirm')
    .getByText(`并跟进 ${seed.no} 的办理进展`, { exact: false })
    .waitFor()
  // The page scrolls inside the phone's frame: the shot shows what is in view.
  await target.getByTestId('merge').scrollIntoViewIfNeeded()
  await e2e.shot(m, '270-member-merge-confirm')
  await target.getByTestId('merge').click()
  await m.getByTestId('merged-into').getByText(`已合并到相同诉求 ${seed.no}`, { exact: false }).waitFor()
  await m.getByText('已合并到相同诉求 · 刘芳').waitFor()
  await m.getByText(mergedNote(seed.no, 1)).waitFor()
  expect(await m.getByTestId('merge-open').count()).toBe(0)

  // The one it went into: 小孙 follows it now, and its 台账 names what it took in.
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: seed._id }))
  await m.reload()
  await m.getByTestId('follower-count').getByText('另有1位邻居也遇到了').waitFor()
  await m.getByText('合并了重复诉求 · 刘芳').waitFor()
  await m.getByText(`合并了重复诉求 ${dup.no}`).scrollIntoViewIfNeeded()
  await e2e.shot(m, '271-member-target-merged')
  await member.context.close()

  // 小孙's own: 已合并, the step and where it went; and the other is in his 我关注的, masked.
  await s.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/detail', { id: dupId }))
  await s.reload()
  await s.getByTestId('merged-into').getByText(`已合并到相同诉求 ${seed.no}`, { exact: false }).waitFor()
  await s.getByText('已合并', { exact: true }).first().waitFor()
  await s.getByText(mergedNote(seed.no, 1)).waitFor()
  await e2e.shot(s, '272-neighbour-own-merged')
  await s.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/followed'))
  await s.reload()
  const followed = s.getByTestId('followed-item').filter({ hasText: '3单元楼道的声控灯坏了好几天' })
  await followed.waitFor()
  expect(await s.getByText('王大爷').count()).toBe(0)
  expect(await s.getByTestId('followed-item').count()).toBe(2)
  await followed.click()
  await s.getByTestId('timeline').getByText('合并了相同的反映').waitFor()
  await sun.context.close()
})
