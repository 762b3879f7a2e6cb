/**
 * 重复诉求 in a real browser (issue 19, part 2): 王大爷 reported 1号楼's 楼道灯; his neighbour 赵桂兰
 * opens the form, picks 设施报修 and is shown it ("已有邻居反映") — she taps 我也遇到了 instead of
 * filing again. 钱先生 files the same thing anyway (仍要提交); 刘芳 sees the follower count on the
 * card and the detail, and merges his duplicate into 王大爷's: it shows 已合并, and where it went.
 */
import { h5Url } from '../../src/domain/links'
import { mergedNote } from '../../src/domain/duplicates'
import { demoPerson as choose, fileE2E, hostCall, toastGone } from './browser'

/** A Monday morning. */
const e2e = fileE2E({ at: '2026-12-07T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const DAYE = 'demo-resident-1'
const ZHAO = 'demo-building-leader-1'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

const LAMP = '1号楼3单元的楼道灯不亮了，晚上上楼看不见，老人容易摔跤'

test('赵桂兰 is shown 王大爷’s report on the form and follows it (+1) instead of filing again', async () => {
  const lamp = await api<{ id: string }>(DAYE, 'request.create', {
    requestId: 'e2e-dup-lamp-xxxxxxxx',
    category: 'facility',
    description: LAMP,
  })
  await api(ZHAO, 'me.contact', { name: '赵桂兰', phone: '13812345611' })
  const zhao = await demoPerson('赵桂兰 · 楼栋长')
  const p = zhao.page
  await p.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await p.reload()
  await p.getByTestId('category-facility').click()
  const similar = p.getByTestId('similar')
  await similar.getByText('已有邻居反映').waitFor()
  const item = similar.getByTestId('similar-item').filter({ hasText: '1号楼3单元的楼道灯不亮了' })
  await item.getByText('今天反映').waitFor()
  await item.getByText('待接单').waitFor()
  // Never who reported it, nor the room.
  expect(await similar.getByText('王大爷').count()).toBe(0)
  await e2e.shot(p, '240-resident-similar-shown')

  await item.getByTestId('follow').click()
  await item.getByTestId('similar-followed').waitFor()
  await toastGone(p)
  await e2e.shot(p, '241-resident-followed')
  const stored = await api<{ followerCount: number }>(DAYE, 'request.get', { id: lamp.id })
  expect(stored.followerCount).toBe(1)
  // Coming back to the form, it is remembered: followed, no button.
  await p.goto(h5Url(e2e.host.url, 'packages/resident/pages/request/new'))
  await p.reload()
  await p.getByTestId('category-facility').click()
  const again = p.getByTestId('similar-item').filter({ hasText: '1号楼3单元的楼道灯不亮了' })
  await again.getByTestId('similar-followed').waitFor()
  expect(await again.getByTestId('follow').count()).toBe(0)
  // Something else after all: 仍要提交 puts the list away, and the form goes on.
  await p.getByTestId('submit-anyway').click()
  await p.getByTestId('similar').waitFor({ state: 'detached' })
  await p.getByTestId('description').locator('textarea').fill('1号楼单元门的闭门器坏了，门关不上')
  await e2e.shot(p, '246-resident-submit-anyway')
  await zhao.context.close()
})

test('钱先生 files it anyway; 刘芳 sees the follower count and merges his duplicate into 王大爷’s', async () => {
  const QIAN = 'e2e-dup-qian'
  await api(QIAN, 'me.bindBuilding', { buildingCode: 'B01', room: '2单元301' })
  await api(QIAN, 'me.contact', { name: '钱先生', phone: '13912340001' })
  // He filed it anyway (仍要提交, as 赵桂兰 could in the first test).
  const dup = await api<{ id: string; no: string }>(QIAN, 'request.create', {
    requestId: 'e2e-dup-qian-xxxxxxxx',
    category: 'facility',
    description: '1号楼3单元楼道灯坏了好几天了，很黑',
  })
  const mine = await api<{ items: { id: string; no: string; description: string }[] }>(
    DAYE,
    'request.listMine',
    {},
  )
  const lamp = mine.items.find((i) => i.description === LAMP)!

  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/inbox/index'))
  await m.reload()
  const card = m.getByTestId('request-card').filter({ hasText: '1号楼3单元的楼道灯不亮了' })
  await card.getByTestId('follower-count').getByText('另有1位邻居也遇到了').waitFor()
  await e2e.shot(m, '242-member-inbox-follower-count')

  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: dup.id }))
  await m.reload()
  await m.getByTestId('merge-open').click()
  const target = m.getByTestId('merge-target').filter({ hasText: lamp.no })
  await target.getByText('1位邻居跟进', { exact: false }).waitFor()
  await target.getByTestId('merge-pick').click()
  await target.getByTestId('merge-confirm').waitFor()
  await e2e.shot(m, '243-member-merge-confirm')
  await target.getByTestId('merge').click()
  await m.getByTestId('merged-into').getByText(`已合并到相同诉求 ${lamp.no}`, { exact: false }).waitFor()
  await m.getByText(mergedNote(lamp.no, 1)).waitFor()
  await toastGone(m)
  await e2e.shot(m, '244-member-merged')
  expect(await m.getByTestId('merge-open').count()).toBe(0)

  // The one it went into: now two neighbours follow it, and the 台账 says what it took in.
  await m.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id: lamp.id }))
  await m.reload()
  await m.getByTestId('follower-count').getByText('另有2位邻居也遇到了').waitFor()
  await m.getByText(`合并了重复诉求 ${dup.no}`).waitFor()
  await e2e.shot(m, '245-member-target-detail')
  await member.context.close()

  // 钱先生 reads his own: 已合并, and where it went — never who else reported.
  const qian = await api<{ status: string; mergedIntoNo: string }>(QIAN, 'request.get', { id: dup.id })
  expect(qian).toMatchObject({ status: 'merged', mergedIntoNo: lamp.no })
})
