/**
 * 民情日志 in a real browser (issue 16, part 4): 刘芳 sees today's due visits (the demo's plan: every
 * 3 working days), records one from its 记走访, adds a 矛盾纠纷 and turns it into a request — two taps,
 * one request, opened from the entry; her 住户名单 masks a phone until 查看电话 (logged) and records a
 * 六清楚 kind only with consent. 王建国 reads his grid's day and sets N, asked first; a member is
 * offered neither.
 */
import type { Page } from 'playwright-core'
import { COLLECTIONS, connectApp } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { h5Url } from '../../src/domain/links'
import { fileE2E } from './browser'

// A Thursday: under the demo's plan (every 3 working days) 赵奶奶, visited last Friday, was due
// yesterday; 孙大妈, visited yesterday, is due on Monday.
const e2e = fileE2E({ at: '2026-11-26T10:00:00+08:00' })

async function demoPerson(label: string) {
  const person = await e2e.person()
  await person.page.goto(h5Url(e2e.host.url, 'pages/dev/index'))
  await person.page.getByText(label).click()
  return person
}

async function openDiary(p: Page) {
  await p.locator('taro-button-core', { hasText: '进入网格员工作台' }).click()
  await p.getByTestId('diary').click()
  await p.getByTestId('due-title').waitFor()
}

const db = () => connectApp(e2e.host.tcbUrl).database()

test('the member records a due visit, adds a 矛盾纠纷 and turns it into one request', async () => {
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await openDiary(m)
  await m.getByText('今日应走访（2户）').waitFor()
  await m.getByText('每户每3个工作日走访一次，由网格长设定').waitFor()
  const due = m.getByTestId('due-visit')
  expect(await due.allInnerTexts()).toEqual([
    expect.stringMatching(/1号楼 2单元301 · 赵奶奶[\s\S]*独居老人[\s\S]*已超期1个工作日/),
    expect.stringMatching(/2号楼 1单元101 · 钱大爷[\s\S]*从未走访/),
  ])
  await m.getByText('今天的日志（3条）').waitFor()
  // Not a leader: neither the grid's 日报 nor the plan is offered.
  expect(await m.getByTestId('daily-summary').count()).toBe(0)
  expect(await m.locator('body').innerText()).not.toContain('走访间隔')
  await e2e.shot(m, '80-diary-due')

  // 记走访 fills in the form: 走访, 2号楼, 钱大爷.
  await due.filter({ hasText: '钱大爷' }).getByTestId('log-visit').click()
  await m.locator('.chip-on', { hasText: /^走访$/ }).waitFor()
  await m.locator('.chip-on', { hasText: /^2号楼$/ }).waitFor()
  await m.locator('.chip-on', { hasText: '1单元101 钱大爷' }).waitFor()
  await m.getByTestId('diary-text').locator('textarea').fill('入户看望钱大爷，一个人在家，厨房灯泡坏了够不着')
  await m.getByTestId('diary-submit').click()
  await m.getByText('今天的日志（4条）').waitFor()
  await m.getByText('今日应走访（1户）').waitFor()
  expect(await due.allInnerTexts()).toEqual([expect.stringContaining('赵奶奶')])

  // Too short: said in Chinese under the box, nothing written.
  await m.getByTestId('kind-dispute').click()
  await m.getByTestId('building-B01').click()
  await m.getByTestId('diary-text').locator('textarea').fill('吵架')
  await m.getByTestId('diary-submit').click()
  await m.getByText('请至少写5个字').waitFor()
  expect(await m.getByTestId('diary-entry').count()).toBe(4)
  await m
    .getByTestId('diary-text')
    .locator('textarea')
    .fill('3单元楼上漏水，两家为维修费用争执不下，约好周末再协调')
  await m.getByTestId('diary-submit').click()
  await m.getByText('今天的日志（5条）').waitFor()
  const entry = m.getByTestId('diary-entry').filter({ hasText: '两家为维修费用争执不下' })
  await entry.getByText('按「邻里纠纷」派给负责的网格员').waitFor()
  await m.getByText('已记下').waitFor({ state: 'hidden' })
  await entry.scrollIntoViewIfNeeded()
  await e2e.shot(m, '81-diary-entries')

  // Two taps before the first answer: both reach the server, one request is filed.
  const asked: string[] = []
  m.on('request', (r) => {
    if (r.url().endsWith('/fn/api') && r.postData()?.includes('"diary.toRequest"')) asked.push(r.url())
  })
  await entry.getByTestId('to-request').evaluate((el) => {
    ;(el as HTMLElement).click()
    ;(el as HTMLElement).click()
  })
  const link = entry.getByTestId('entry-request')
  await link.getByText('已转为诉求', { exact: false }).waitFor()
  expect(await entry.getByTestId('to-request').count()).toBe(0)
  expect(asked).toHaveLength(2)
  const filed = (
    await db()
      .collection(COLLECTIONS.requests)
      .where({
        description: '民情日志（11月26日，矛盾纠纷）：3单元楼上漏水，两家为维修费用争执不下，约好周末再协调',
      })
      .get()
  ).data as RequestDoc[]
  expect(filed.map((r) => [r.category, r.recordedBy?.name])).toEqual([['dispute', '刘芳']])
  expect(await link.innerText()).toContain(filed[0].no)

  // The entry opens its request in the 工作台's detail, where she can take it.
  await link.click()
  await m.getByText('民情日志（11月26日，矛盾纠纷）', { exact: false }).waitFor()
  await m.locator('taro-button-core', { hasText: /^接单$/ }).waitFor()
  await e2e.shot(m, '82-diary-request')
  await member.context.close()
})

test('住户名单: a phone masked until 查看电话 (logged); a 六清楚 kind only with consent', async () => {
  const member = await demoPerson('刘芳 · 网格员')
  const m = member.page
  await openDiary(m)
  await m.getByTestId('households').click()
  await m.getByTestId('households-title').getByText('共4户 · 每户每3个工作日走访一次').waitFor()
  const zhao = m.getByTestId('household').filter({ hasText: '2单元301' })
  await zhao.getByText('赵奶奶 · 电话：137****1234').waitFor()
  await zhao.getByText('独居老人（本人同意登记）').waitFor()
  // 孙大妈 left no phone: nothing to reveal.
  const sun = m.getByTestId('household').filter({ hasText: '2单元402' })
  await sun.getByText('孙大妈 · 电话：未留').waitFor()
  expect(await sun.getByTestId('reveal-household').count()).toBe(0)
  // 钱大爷 has no kind on record: none shown.
  expect(await m.getByTestId('household').filter({ hasText: '钱大爷' }).innerText()).not.toMatch(
    /独居|空巢|低保|残疾|留守|重点/,
  )

  const logged = () =>
    db().collection(COLLECTIONS.accessLog).where({ viewerOpenid: 'demo-member-1-1' }).count()
  const before = (await logged()).total
  await zhao.getByTestId('reveal-household').click()
  await zhao.getByText('赵奶奶 · 电话：13700001234').waitFor()
  await zhao.locator('taro-button-core', { hasText: '拨打电话' }).waitFor()
  expect((await logged()).total).toBe(before + 1)
  await e2e.shot(m, '83-households')

  // A household with its kind: the kinds show only once consent is switched on.
  await m.getByTestId('hh-building-B02').click()
  await m.getByTestId('hh-room').locator('input').fill('3单元601')
  await m.getByTestId('hh-name').locator('input').fill('周爷爷')
  await m.getByTestId('hh-phone').locator('input').fill('13700003579')
  expect(await m.getByTestId('hh-kind-disabled').count()).toBe(0)
  await m.getByTestId('hh-consent').click()
  await m.getByTestId('hh-kind-disabled').click()
  await m.getByTestId('hh-submit').click()
  // Who agreed is asked for first: nothing written.
  await m.getByText('请选择由谁同意登记').waitFor()
  expect(await m.getByTestId('household').count()).toBe(4)
  await m.getByTestId('hh-by-监护人').click()
  await e2e.shot(m, '84-household-form')
  await m.getByTestId('hh-submit').click()
  await m.getByTestId('households-title').getByText('共5户', { exact: false }).waitFor()
  const zhou = m.getByTestId('household').filter({ hasText: '3单元601' })
  await zhou.getByText('周爷爷 · 电话：137****3579').waitFor()
  await zhou.getByText('残疾人家庭（监护人同意登记）').waitFor()
  await zhou.getByText('从未走访').waitFor()
  await member.context.close()
})

test('the leader reads the grid’s day, who is behind, and sets N after confirming', async () => {
  const leader = await demoPerson('王建国 · 网格长')
  const l = leader.page
  await openDiary(l)
  await l.getByTestId('daily-summary').click()
  const totals = l.getByTestId('day-totals')
  await totals.getByText('第一网格 · 11月26日').waitFor()
  // The seed's 王大爷 and the first test's 钱大爷 today, of 赵奶奶, 王大爷, 钱大爷, 李大爷 due (周爷爷 too).
  await totals.getByText('今日走访 2 户 / 应走访 5 户').waitFor()
  const liu = l.getByTestId('member-day').filter({ hasText: '刘芳' })
  await liu.getByText('走访 2 · 矛盾纠纷 2 · 意见建议 1').waitFor()
  // Behind: 赵奶奶 and 周爷爷 for 刘芳, 李大爷 (never visited) for 陈明.
  const behind = l.getByTestId('behind')
  expect(await behind.allInnerTexts()).toEqual([
    expect.stringMatching(/刘芳[\s\S]*2 户超期未走访/),
    expect.stringMatching(/陈明[\s\S]*1 户超期未走访/),
  ])
  await l.getByTestId('plan-now').getByText('第一网格：每户每3个工作日走访一次').waitFor()
  await l.getByText('王建国：2 → 3 个工作日', { exact: false }).waitFor()
  await e2e.shot(l, '85-daily-summary')

  // Out of bounds: said, nothing asked or changed.
  const days = l.getByTestId('plan-days').locator('input')
  await days.fill('40')
  await l.getByTestId('plan-save').click()
  await l.getByText('请填写1到30之间的整数').waitFor()
  // N = 5: the dialog says what changes; 暂不修改 keeps 3, 确认修改 sets 5.
  await days.fill('5')
  await l.getByTestId('plan-save').click()
  await l.getByText('改为每5个工作日走访？').waitFor()
  await e2e.shot(l, '86-daily-confirm')
  await l.getByText('暂不修改', { exact: true }).click()
  await l.getByTestId('plan-now').getByText('第一网格：每户每3个工作日走访一次').waitFor()
  expect((await db().collection(COLLECTIONS.visitPlans).doc('g-1-1').get()).data[0]).toMatchObject({
    intervalDays: 3,
  })
  await l.getByTestId('plan-save').click()
  await l.getByText('确认修改', { exact: true }).click()
  await l.getByTestId('plan-now').getByText('第一网格：每户每5个工作日走访一次').waitFor()
  await l.getByText('王建国：3 → 5 个工作日', { exact: false }).waitFor()
  // Under N = 5 赵奶奶 (visited last Friday) is not due until tomorrow: 刘芳 is behind by 周爷爷 only.
  await totals.getByText('今日走访 2 户 / 应走访 4 户').waitFor()
  expect(await behind.allInnerTexts()).toEqual([
    expect.stringMatching(/刘芳[\s\S]*1 户超期未走访/),
    expect.stringMatching(/陈明[\s\S]*1 户超期未走访/),
  ])
  await e2e.shot(l, '87-daily-plan-set')
  await leader.context.close()
})

test('the board counts 走访 done vs due per grid', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/board/index'))
  await a.reload()
  const first = a.locator('.card', { hasText: /^第一网格/ })
  await first.getByTestId('visit-figures').waitFor()
  // Done: 赵奶奶 20, 孙大妈 25, 王大爷 and 钱大爷 26 November. Due under N = 5 (the leader's, above):
  // 2 for each of the five households recorded on the 16th (9 working days), 1 for 周爷爷 (today).
  expect(await first.getByTestId('visit-figures').innerText()).toBe('走访 已完成 4 次 / 应走访 11 次（6 户）')
  await first.getByTestId('visit-figures').scrollIntoViewIfNeeded()
  await e2e.shot(a, '88-board-visits')
  await admin.context.close()
})
