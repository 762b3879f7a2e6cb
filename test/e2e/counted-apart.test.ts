/**
 * 街道总览 shows 已合并 and 转志愿服务 apart (issue 19): after 刘芳 merges 赵桂兰's duplicate of 王大爷's
 * 楼道灯 and turns his hospital ride into a 微心愿, 马晓燕 reads 幸福里社区's card — the figures the
 * street board answers, the duplicate not in 受理.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

const e2e = fileE2E({ at: '2026-12-03T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)
const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

const LIU = 'demo-member-1-1'

interface Row {
  name: string
  received: number
  merged: number
  toVolunteers: number
  volunteerSolved: number
}

beforeAll(async () => {
  const lamp = await api<{ id: string }>('demo-resident-1', 'request.create', {
    requestId: 'e2e-apart-lamp-1',
    category: 'facility',
    description: '1号楼3单元楼道灯不亮，晚上看不见台阶',
  })
  const dup = await api<{ id: string }>('demo-building-leader-1', 'request.create', {
    requestId: 'e2e-apart-dup-1',
    category: 'facility',
    description: '1号楼3单元的楼道灯坏了',
  })
  await api(LIU, 'request.merge', { id: dup.id, into: lamp.id })
  const ride = await api<{ id: string }>('demo-resident-1', 'request.create', {
    requestId: 'e2e-apart-ride-1',
    category: 'other',
    description: '下周要去医院复查，一个人去不了，想请人陪着',
  })
  await api(LIU, 'request.toWish', {
    id: ride.id,
    requestId: 'e2e-apart-wish-1',
    category: 'visit',
    what: '陪王大爷去医院复查',
    why: '王大爷年近八十，腿脚不便，子女在外地。',
  })
})

test('街道总览: 幸福里社区’s card shows 已合并 and 转志愿服务 as the board counts them', async () => {
  const board = await api<{ communities: Row[] }>('demo-street', 'street.board', { month: '2026-12' })
  const row = board.communities.find((c) => c.name === '幸福里社区')!
  expect(row.merged).toBeGreaterThanOrEqual(1)
  expect(row.toVolunteers).toBeGreaterThanOrEqual(1)
  const street = await demoPerson('马晓燕 · 街道管理员')
  const s = street.page
  await s.goto(h5Url(e2e.host.url, 'pages/mine/index'))
  await s.reload()
  await s.getByTestId('street-board').click()
  await s.getByTestId('board-month').getByText('2026年12月').waitFor()
  const card = s.getByTestId('street-community').filter({ hasText: '幸福里社区' })
  const apart = card.getByTestId('street-apart')
  await apart.getByText(`已合并 ${row.merged} 件（不计入受理）`).waitFor()
  await apart
    .getByText(`转志愿服务 ${row.toVolunteers} 件 · 志愿服务解决 ${row.volunteerSolved} 件`)
    .waitFor()
  await card.getByText(`受理 ${row.received} 件`, { exact: false }).waitFor()
  await e2e.shot(s, '280-street-board-apart')
  await street.context.close()
})
