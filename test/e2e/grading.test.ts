/**
 * 流动红旗 · 民主测评 · 整改 in a real browser (issue 16, part 6). 王大爷 rates 第一网格 for November
 * from 首页; his wife, who bound the same room on her own phone, is told the household has voted.
 * On 1 December the admin grades November (第三网格, whose five requests nobody took, is 后进); the
 * notice takes 赵海涛, 第三网格's leader, to its 整改, where he writes the measures; the admin 销号s
 * it. The demo's October — graded, 第一网格's 整改 left open past its deadline — is there throughout.
 */
import { ALREADY_VOTED } from '../../cloudfunctions/core/grading/poll'
import { h5Url } from '../../src/domain/links'
import { fileE2E, hostCall, toastGone } from './browser'

const e2e = fileE2E({ at: '2026-11-25T10:00:00+08:00' })

/** Someone from the demo community, chosen on the H5-only identity page; lands on 首页. */
async function demoPerson(label: string) {
  const person = await e2e.person()
  await person.page.goto(h5Url(e2e.host.url, 'pages/dev/index'))
  await person.page.getByText(label).click()
  return person
}

const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

/** The page on screen (tab pages stay in the DOM, hidden). */
const onScreen = (page: import('playwright-core').Page) =>
  page.locator('.page').filter({ visible: true }).last()

test('民主测评: 王大爷 votes from 首页; his wife, same room, is refused in Chinese', async () => {
  const grandpa = await demoPerson('王大爷 · 居民')
  const g = grandpa.page
  const entry = onScreen(g).getByTestId('poll-entry')
  await entry.getByText('为第一网格打分').waitFor()
  await entry.click()
  await onScreen(g).getByText('2026年11月 · 民主测评').waitFor()
  await onScreen(g).getByText('为您家投票：1号楼 3单元502').waitFor()

  // His wife binds 3单元502 on her own phone and opens the same page before he submits.
  const wife = await e2e.scan('B01')
  const w = wife.page
  await w.locator('input').first().fill('3单元502')
  await w.getByTestId('bind-confirm').click()
  await onScreen(w).getByTestId('poll-entry').click()
  await onScreen(w).getByTestId('poll-submit').waitFor()

  // Nothing chosen: told what is missing, nothing sent.
  await onScreen(g).getByTestId('poll-submit').click()
  await onScreen(g).getByText('请先选择：满意、基本满意或不满意').waitFor()
  await onScreen(g).getByTestId('poll-choice-satisfied').click()
  await onScreen(g).getByTestId('poll-comment').locator('textarea').fill('小刘来得及时，楼道灯很快就修好了')
  await e2e.shot(g, '100-poll-form')
  await onScreen(g).getByTestId('poll-submit').click()
  await onScreen(g).getByTestId('poll-voted').getByText('您家已投票：满意').waitFor()
  await onScreen(g).getByText('投票已记录，每户每月一票，投出后不能更改', { exact: false }).waitFor()
  // The form is gone: the vote cannot be changed from here.
  expect(await onScreen(g).getByTestId('poll-submit').count()).toBe(0)
  await toastGone(g)
  await e2e.shot(g, '101-poll-voted')

  await onScreen(w).getByTestId('poll-choice-unsatisfied').click()
  await onScreen(w).getByTestId('poll-submit').click()
  await onScreen(w).getByTestId('poll-refused').getByText(ALREADY_VOTED).waitFor()
  await onScreen(w).getByTestId('poll-voted').getByText('您的家人已为您家投票：满意').waitFor()
  expect(await onScreen(w).getByTestId('poll-submit').count()).toBe(0)
  await e2e.shot(w, '102-poll-household-refused')

  // Back on 首页, the entry says the household has voted — for both of them.
  await g.goto(h5Url(e2e.host.url, 'pages/index/index'))
  await g.reload()
  await onScreen(g).getByTestId('poll-entry').getByText('您家已投票').waitFor()
  // One vote counted for the household on the board.
  const board = (await api('demo-admin', 'metrics.month', { month: '2026-11' })) as {
    grids: { gridId: string; poll: { votes: number } | null }[]
  }
  expect(board.grids.find((x) => x.gridId === 'g-1-1')?.poll?.votes).toBe(1)
  await grandpa.context.close()
  await wife.context.close()
})

test('评定: on 1 December the admin grades November after a confirmation; 第三网格 is 后进, the grades frozen', async () => {
  // 第三网格 (9号楼) in November: five leaks reported and never taken.
  for (let i = 1; i <= 5; i++) {
    const who = `e2e-grading-b09-${i}`
    await api(who, 'me.bindBuilding', { buildingCode: 'B09', room: `${i}单元101` })
    await api(who, 'request.create', {
      requestId: `e2e-grading-b09-${i}`,
      category: 'utility',
      description: `${i}单元楼道的水管一直在滴水，地面很滑`,
    })
  }
  await e2e.setClock('2026-12-01T09:00:00+08:00')
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.locator('taro-button-core', { hasText: '网格绩效' }).click()
  await onScreen(a).getByTestId('board-month').getByText('2026年12月').waitFor()
  // October, graded by the seed: frozen, its 整改 still open and past its deadline.
  await onScreen(a)
    .getByTestId('rectify-link')
    .getByText('未销号 1 项（超期 1 项）', { exact: false })
    .waitFor()
  await onScreen(a).getByText('‹ 上月').click()
  await onScreen(a).getByTestId('board-month').getByText('2026年11月').waitFor()
  await onScreen(a).getByTestId('grading-tag').getByText('待评定').waitFor()
  await onScreen(a).getByText('第三网格 · 后进（第1名）').waitFor()
  await onScreen(a)
    .getByTestId('monthly-flag')
    .evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await e2e.shot(a, '103-board-pending')

  // The dialog says what it does; 暂不评定 changes nothing.
  await onScreen(a).getByTestId('grade-confirm').click()
  await a.getByText('评定后各网格的等级和流动红旗不再变动', { exact: false }).waitFor()
  await e2e.shot(a, '104-board-confirm-dialog')
  await a.getByText('暂不评定', { exact: true }).last().click()
  await onScreen(a).getByTestId('grading-tag').getByText('待评定').waitFor()
  await onScreen(a).getByTestId('grade-confirm').click()
  await a.getByText('确认评定', { exact: true }).last().click()
  await onScreen(a).getByTestId('grading-tag').getByText('已评定').waitFor()
  await onScreen(a).getByTestId('grading-state').getByText('已评定（12月1日），结果不再变动').waitFor()
  expect(await onScreen(a).getByTestId('grade-confirm').count()).toBe(0)
  await onScreen(a).getByText('本月没有先进网格，红旗空缺').waitFor()
  await onScreen(a).getByText('按时办结率 0% < 70%').waitFor()
  await onScreen(a)
    .getByTestId('rectify-link')
    .getByText('未销号 2 项（超期 1 项）', { exact: false })
    .waitFor()
  await toastGone(a)
  await onScreen(a)
    .getByTestId('monthly-flag')
    .evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await e2e.shot(a, '105-board-graded')

  // Frozen: a late answer to one of the leaks does not move November's grade.
  const mine = (await api('e2e-grading-b09-1', 'request.listMine', {})) as { items: { id: string }[] }
  await api('demo-member-3-1', 'request.accept', { id: mine.items[0].id })
  const again = (await api('demo-admin', 'metrics.month', { month: '2026-11' })) as {
    grading: { state: string; mayGrade: boolean }
    grids: { gridId: string; grade: { code: string } | null }[]
  }
  expect(again.grading).toMatchObject({ state: 'final', mayGrade: false })
  expect(again.grids.find((x) => x.gridId === 'g-1-3')?.grade?.code).toBe('behind')
  await admin.context.close()
})

test('整改: the notice takes 第三网格’s leader to the task, he writes the measures; the admin 销号s', async () => {
  // Two days later, 第三网格's leader reads his notice.
  await e2e.setClock('2026-12-03T10:00:00+08:00')
  const leader = await demoPerson('赵海涛 · 网格长')
  const l = leader.page
  await onScreen(l).getByTestId('messages-entry').click()
  await onScreen(l).getByText('11月评定为后进，请提交整改措施').click()
  await l.waitForURL(/packages\/admin\/pages\/rectify\/index\?id=/)
  const task = onScreen(l).getByTestId('rectify-task').first()
  await task.getByText('2026年11月评定为后进').waitFor()
  await task.getByText('第三网格', { exact: true }).waitFor()
  await task.getByText('待提交整改措施').waitFor()
  await task.getByText('· 按时办结率 0% < 70%').waitFor()
  // 10 working days from 1 December.
  await task.getByTestId('rectify-deadline').getByText('请在12月15日前提交整改措施').waitFor()
  // Too short: said under the box, nothing sent.
  await task.getByTestId('rectify-measures').locator('textarea').fill('马上改')
  await task.getByTestId('rectify-submit').click()
  await task.getByText('请写明整改措施（至少10个字）', { exact: false }).waitFor()
  await task
    .getByTestId('rectify-measures')
    .locator('textarea')
    .fill('周婷每天上午、下午各查看一次待接单；超时件由网格长赵海涛当天督办，9号楼漏水本周内修好')
  await e2e.shot(l, '106-rectify-leader-form')
  await task.getByTestId('rectify-submit').click()
  await task.getByText('待社区验收', { exact: true }).waitFor()
  await task.getByText('整改措施已提交，等待社区验收').waitFor()
  await task.getByTestId('rectify-measures-text').getByText('9号楼漏水本周内修好', { exact: false }).waitFor()
  expect(await task.getByTestId('rectify-submit').count()).toBe(0)
  await toastGone(l)
  await e2e.shot(l, '107-rectify-leader-submitted')
  // 第一网格's October task is not his.
  expect(await onScreen(l).getByTestId('rectify-task').count()).toBe(1)
  expect(await onScreen(l).getByText('第一网格').count()).toBe(0)
  await leader.context.close()

  // The next afternoon the admin checks it.
  await e2e.setClock('2026-12-04T15:00:00+08:00')
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.locator('taro-button-core', { hasText: '网格绩效' }).click()
  await onScreen(a).getByTestId('rectify-link').click()
  await onScreen(a).getByTestId('rectify-summary').getByText('未销号 2 项，其中超期 1 项').waitFor()
  // October's 第一网格 task: open past its deadline, marked.
  const october = onScreen(a).getByTestId('rectify-task').filter({ hasText: '2026年10月评定为后进' })
  await october.getByText('已超期：应在11月16日前提交整改措施').waitFor()
  expect(await october.getByTestId('rectify-review-step').count()).toBe(0)
  const november = onScreen(a).getByTestId('rectify-task').filter({ hasText: '2026年11月评定为后进' })
  await november.getByText('9号楼漏水本周内修好', { exact: false }).first().waitFor()
  // The admin reviews, does not write the measures.
  expect(await november.getByTestId('rectify-submit-step').count()).toBe(0)
  await e2e.shot(a, '108-rectify-admin-list')
  await november.getByTestId('rectify-close').click()
  await november.getByText('请先写明验收意见，再销号').waitFor()
  await november.getByTestId('rectify-note').locator('textarea').fill('措施具体到人，漏水已修好，同意销号')
  await e2e.shot(a, '109-rectify-admin-review')
  await november.getByTestId('rectify-close').click()
  await a.getByText('销号后这项整改即完成，不能再退回。').waitFor()
  await a.getByText('确认销号', { exact: true }).last().click()
  await november.getByText('已销号', { exact: true }).waitFor()
  await november.getByText('已验收销号').waitFor()
  await november.getByText('验收通过，整改销号 · 李秀兰').waitFor()
  expect(await november.getByTestId('rectify-review-step').count()).toBe(0)
  await onScreen(a).getByTestId('rectify-summary').getByText('未销号 1 项，其中超期 1 项').waitFor()
  await toastGone(a)
  await e2e.shot(a, '110-rectify-admin-closed')
  await admin.context.close()
})
