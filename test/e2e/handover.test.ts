/**
 * 转交 and 工作交接 in a real browser (issue 18, part 1): 刘芳 took a 1号楼 request on; the admin
 * 转交s it to 王建国 from the grid detail — a reason first, refused in words without one — and the
 * detail shows him as its holder. Then 刘芳 leaves: on 人员与角色 the admin's 撤销 lists what she
 * has in hand, a taker who cannot handle it all is refused in words in the step, and with 王建国
 * picked her role goes and her requests are his in the same step.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall, toastGone } from './browser'

/** A Wednesday morning. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

const DAYE = 'demo-resident-1'
const LIU = 'demo-member-1-1'
const ADMIN = 'demo-admin'

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

let n = 0
/** 王大爷 (1号楼) reports it, and 刘芳, whose micro-grid it is, takes it on. */
async function acceptedByLiu(description: string) {
  const { id, no } = await api<{ id: string; no: string }>(DAYE, 'request.create', {
    requestId: `e2e-handover-${++n}-xxxxxxxx`,
    category: 'facility',
    description,
  })
  await api(LIU, 'request.accept', { id })
  return { id, no }
}

const holderOf = async (id: string) =>
  (await api<{ assigneeName: string | null; status: string }>(ADMIN, 'request.get', { id })).assigneeName

test('the admin 转交s 刘芳’s request to 王建国 with a reason; the detail shows its new holder', async () => {
  const { id } = await acceptedByLiu('1号楼3单元的楼道灯不亮了，晚上上楼看不见')
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id }))
  // Loaded afresh: the hash goto keeps the earlier pages, hidden.
  await a.reload()
  await a.getByTestId('assignee').getByText('办理人：刘芳').waitFor()
  await a.getByTestId('transfer').waitFor()
  await e2e.shot(a, '160-admin-detail-transfer')

  await a.getByTestId('transfer').click()
  const people = a.getByTestId('transfer-people').locator('.chip')
  await people.first().waitFor()
  // Who may handle it in 1号楼 — the leader above and the admin — and not 刘芳, who holds it.
  const offered = await people.allInnerTexts()
  expect(offered.some((t) => t.startsWith('王建国 · 网格长'))).toBe(true)
  expect(offered.some((t) => t.startsWith('李秀兰 · 社区管理员'))).toBe(true)
  expect(offered.some((t) => t.startsWith('刘芳'))).toBe(false)
  // Nobody picked, then no reason: asked in words, nothing sent.
  await a.getByTestId('transfer-submit').click()
  await a.getByText('请先选择接手的人').waitFor()
  await people.filter({ hasText: '王建国' }).click()
  await a.getByTestId('transfer-submit').click()
  await a.getByText('请先写明转交原因（至少2个字）').waitFor()
  await e2e.shot(a, '161-admin-transfer-no-reason')
  expect(await holderOf(id)).toBe('刘芳')

  await a.getByTestId('transfer-reason').locator('textarea').fill('刘芳本周休假，由网格长接手')
  await e2e.shot(a, '162-admin-transfer-form')
  await a.getByTestId('transfer-submit').click()
  await a.getByTestId('assignee').getByText('办理人：王建国').waitFor()
  await a.getByText('转交给王建国：刘芳本周休假，由网格长接手').waitFor()
  expect(await a.getByTestId('transfer-step').count()).toBe(0)
  await e2e.shot(a, '163-admin-transferred')
  expect(await holderOf(id)).toBe('王建国')
  await admin.context.close()
})

test('revoking 刘芳 lists what she has in hand; a taker who cannot take it all is refused in words; 王建国 takes it over', async () => {
  const { id, no } = await acceptedByLiu('1号楼门口的地砖松了，踩上去会晃')
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/roles/index'))
  await a.reload()
  const liu = a.getByTestId('holder').filter({ hasText: '刘芳 · 网格员' })
  await liu.getByTestId('revoke-role').click()

  const step = a.getByTestId('revoke-step')
  await step.getByText('撤销刘芳的网格员角色').waitFor()
  await step.getByText('TA手上还有：').waitFor()
  // The request just taken on and the seed's 巡查发现 she took on her round.
  await step.getByTestId('work-requests').getByText('2 条诉求').waitFor()
  await step.getByText(`${no} · 1号楼门口的地砖松了，踩上去会晃`).waitFor()
  await step.getByText('楼道里堆了纸箱和旧自行车', { exact: false }).waitFor()
  // A 网格员 organises no activities.
  expect(await step.getByTestId('work-sessions').count()).toBe(0)
  const takers = step.getByTestId('hand-to').locator('.chip')
  const offered = await takers.allInnerTexts()
  expect(offered.some((t) => t.startsWith('刘芳'))).toBe(false)
  expect(offered.some((t) => t.startsWith('王建国 · 网格长'))).toBe(true)
  await e2e.shot(a, '164-admin-revoke-in-hand')

  // Nobody picked: asked in words. 陈明 serves another micro-grid: refused whole, in the step.
  await step.getByTestId('revoke-submit').click()
  await step.getByText('请先选择接手的人').waitFor()
  await takers.filter({ hasText: '陈明' }).click()
  await step.getByTestId('revoke-reason').locator('input').fill('调离本社区')
  await step.getByTestId('revoke-submit').click()
  await step
    .getByTestId('revoke-error')
    .getByText('陈明不负责其中2条诉求所在的网格，请选择能办理它们的人')
    .waitFor()
  await e2e.shot(a, '165-admin-revoke-refused')
  expect(await holderOf(id)).toBe('刘芳')
  expect(await a.getByTestId('holder').filter({ hasText: '刘芳 · 网格员' }).count()).toBe(1)

  await takers.filter({ hasText: '王建国' }).click()
  await e2e.shot(a, '166-admin-revoke-hand-to')
  await step.getByTestId('revoke-submit').click()
  await a.getByTestId('revoke-step').waitFor({ state: 'detached' })
  await liu.waitFor({ state: 'detached' })
  await toastGone(a)
  await e2e.shot(a, '167-admin-revoked')
  expect(await holderOf(id)).toBe('王建国')

  // On the detail: 王建国 holds it, and the 台账 says why.
  await a.goto(h5Url(e2e.host.url, 'packages/grid/pages/detail/index', { id }))
  await a.reload()
  await a.getByTestId('assignee').getByText('办理人：王建国').waitFor()
  await a.getByText('转交给王建国：刘芳的网格员角色撤销（调离本社区），工作交接').waitFor()
  await e2e.shot(a, '168-admin-detail-handed-over')
  await admin.context.close()

  // And it is on 王建国's list of what he has taken on.
  const leader = await demoPerson('王建国 · 网格长')
  const l = leader.page
  await l.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  await l.getByTestId('tab-accepted').click()
  await l.getByTestId('request-card').filter({ hasText: '1号楼门口的地砖松了' }).waitFor()
  await e2e.shot(l, '169-leader-took-over')
  await leader.context.close()
})
