/**
 * 四点半课堂 in a real browser, from the admin's form to the volunteer's hours: the admin
 * publishes a term; a volunteer signs up as tutor; a guardian registers a child and takes the last
 * place, the next guardian is waitlisted and promoted when the first cancels; on the day (the
 * functions' clock moved forward on the local host) tutor and child check in by the session's
 * code, the child is handed to a registered collector, the organiser confirms, and the hours show
 * in the volunteer's record.
 */
import { readFileSync } from 'node:fs'
import { connectApp } from '../../cloudfunctions/core/db'
import { BUILT_IN_CALENDAR } from '../../src/domain/calendar'
import type { SessionDoc } from '../../cloudfunctions/core/model'
import { h5Url } from '../../src/domain/links'
import { local } from '../../src/domain/time'
import { fileE2E } from './browser'

/** Monday morning in late November: the term is published two working days ahead. */
const START = '2026-11-23T09:00:00+08:00'

const e2e = fileE2E({ at: START })

/** Moves the functions' clock (and the phones') to this Beijing time on `day`. */
const at = (day: string, time: string) => e2e.setClock(`${day}T${time}:00+08:00`)

const card = (page: import('playwright-core').Page) =>
  page.getByTestId('session-card').filter({ hasText: '四点半课堂·秋季学期' }).first()

async function demoPerson(label: string | RegExp) {
  const person = await e2e.person()
  await person.page.goto(h5Url(e2e.host.url, 'pages/dev/index'))
  await person.page.getByText(label).click()
  return person
}

/** Walks a DateField to `target` (YYYY-MM-DD) with its ‹ › steppers, as a person would tap. */
async function pickDate(page: import('playwright-core').Page, testId: string, target: string) {
  const field = page.getByTestId(testId)
  for (let taps = 0; taps < 90; taps++) {
    const value = (await field.getAttribute('data-value')) as string
    if (value === target) return
    await field.getByTestId(`${testId}-${value < target ? 'next' : 'prev'}`).click()
    await page.waitForFunction(
      ([id, before]) =>
        document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') !== before,
      [testId, value] as const,
    )
  }
  throw new Error(`${testId} did not reach ${target}`)
}

async function fill(page: import('playwright-core').Page, testId: string, value: string) {
  await page.getByTestId(testId).locator('input').fill(value)
}

/** A guardian new to the app: scans their building, registers a child with a second collector. */
async function guardian(building: string, who: string, phone: string, child: string) {
  const p = await e2e.scan(building)
  const g = p.page
  await g.locator('taro-button-core', { hasText: '是，我住在这里' }).click()
  await g.getByText('负责网格').first().waitFor()
  // From the 活动 tab: a child place needs the child registered first.
  await g.goto(h5Url(e2e.host.url, 'pages/activity/index'))
  await card(g).locator('taro-button-core', { hasText: '为孩子报名：先登记孩子' }).click()
  await fill(g, 'child-name', child)
  await fill(g, 'child-age', '5')
  await g.getByTestId('child-grade').getByText('二年级').click()
  await fill(g, 'guardian-name', who)
  await fill(g, 'guardian-relation', '母亲')
  await fill(g, 'guardian-phone', phone)
  await g.getByTestId('child-submit').click()
  // Five is too young for 四点半课堂: told at the field, nothing registered.
  await g.locator('.field-error', { hasText: '四点半课堂面向6至12岁的小学生' }).waitFor()
  await fill(g, 'child-age', '8')
  await g.getByTestId('child-submit').click()
  // Back on the 活动 tab (loaded afresh: the H5 router's hash history is not what is tested here),
  // the child can be signed up.
  await g.waitForURL(/pages\/activity\/index/)
  await g.reload()
  await card(g)
    .locator('taro-button-core', { hasText: `报名：${child}（孩子）` })
    .or(card(g).locator('taro-button-core', { hasText: `候补：${child}（孩子）` }))
    .waitFor()
  return p
}

test('四点半课堂: publish a term, tutor and children sign up, waitlist and promotion, check-in/out, hours', async () => {
  const base = e2e.host.url
  // The first Chinese working day at least two days ahead, and the term two weeks from it.
  let d = local(START).add(2, 'day')
  while (!BUILT_IN_CALENDAR.isWorkday(d.format('YYYY-MM-DD'))) d = d.add(1, 'day')
  const day = d.format('YYYY-MM-DD')
  const until = d.add(14, 'day').format('YYYY-MM-DD')

  // The admin publishes it from the form: 1 tutor and 1 child per session.
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(base, 'pages/activity/index'))
  await a.locator('taro-button-core', { hasText: '发布活动' }).click()
  await a.getByTestId('activity-kind').getByText('四点半课堂').click()
  await fill(a, 'activity-title', '四点半课堂·秋季学期')
  await fill(a, 'activity-place', '幸福里社区四点半课堂教室')
  // Dates are picked, not typed: the day's ‹ › steppers walk to them.
  await pickDate(a, 'activity-from', day)
  await pickDate(a, 'activity-to', until)
  await a.getByTestId('activity-time').getByText('16:30').waitFor()
  await fill(a, 'capacity-tutor', '1')
  await fill(a, 'capacity-child', '1')
  await e2e.shot(a, '40-activity-new')
  await a.locator('taro-button-core', { hasText: /^发布$/ }).click()
  await a.getByText(/^共安排 \d+ 场$/).waitFor()
  await a.locator('.taro-model__confirm', { hasText: '确定' }).click()
  await a.getByTestId('session-count').waitFor()
  const db = connectApp(e2e.host.tcbUrl).database()
  const created = await db
    .collection('sessions')
    .where({ title: '四点半课堂·秋季学期' })
    .orderBy('startAt', 'asc')
    .get()
  const sessions = created.data as SessionDoc[]
  expect(sessions.length).toBeGreaterThan(5)
  const first = sessions[0]
  expect(local(first.startAt).format('YYYY-MM-DD HH:mm')).toBe(`${day} 16:30`)

  // A volunteer takes the tutor's place in the first session.
  const volunteer = await demoPerson(/^冯雪 · /)
  const v = volunteer.page
  await v.goto(h5Url(base, 'pages/activity/index'))
  await card(v).getByText('辅导志愿者：余 1 / 共 1').waitFor()
  await card(v)
    .locator('taro-button-core', { hasText: /^报名：辅导志愿者$/ })
    .click()
  await card(v).getByTestId('my-signup').getByText('已报名').waitFor()

  // The first guardian takes the only child place; the second is waitlisted.
  const one = await guardian('B01', '王芳', '13800001111', '小明')
  await card(one.page).locator('taro-button-core', { hasText: '报名：小明（孩子）' }).click()
  await card(one.page).getByTestId('child-signup').getByText('小明：已报名').waitFor()
  const two = await guardian('B02', '李娜', '13800002222', '乐乐')
  await card(two.page).getByText('孩子：余 0 / 共 1').waitFor()
  await card(two.page).locator('taro-button-core', { hasText: '候补：乐乐（孩子）' }).click()
  await card(two.page).getByText('乐乐：候补中（第1位）').waitFor()
  await e2e.shot(two.page, '41-activity-child-waitlisted')

  // The first cancels (days ahead): the place goes to 乐乐 at once.
  await card(one.page).locator('taro-button-core', { hasText: '取消小明的报名' }).click()
  // The dialog's buttons say what they do: 不取消了 keeps the place, 取消报名 gives it up.
  await one.page.getByText('不取消了', { exact: true }).waitFor()
  await one.page.getByText('取消报名', { exact: true }).last().click()
  await card(one.page).locator('taro-button-core', { hasText: '候补：小明（孩子）' }).waitFor()
  await two.page.reload()
  await card(two.page).getByText('乐乐：已报名').waitFor()

  // The organiser prints the check-in code: a PDF whose link opens the check-in page.
  await a.goto(h5Url(base, 'packages/admin/pages/session/index', { id: first._id }))
  await a.getByText('乐乐').first().waitFor()
  const download = a.waitForEvent('download')
  await a.getByTestId('print-code').click()
  const pdf = readFileSync(await (await download).path())
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const checkinUrl = h5Url(base, 'pages/activity/checkin', { scene: `ci.${first._id}` })

  // On the day, 16:05: both scan the code.
  await at(day, '16:05')
  await v.goto(checkinUrl)
  await v.getByTestId('check-in').click()
  await v.getByText('我：已签到 16:05').waitFor()
  await two.page.goto(checkinUrl)
  await two.page.getByTestId('check-in').click()
  await two.page.getByText('乐乐：已签到 16:05').waitFor()
  await e2e.shot(two.page, '42-activity-checked-in')

  // 17:55: the organiser hands 乐乐 to the registered mother, the tutor scans out.
  await at(day, '17:55')
  await a.reload()
  const child = a.getByTestId('roster-entry').filter({ hasText: '乐乐' })
  // Phones masked on the roster; the whole number only through a logged reveal.
  await child.getByTestId('collectors').getByText('李娜（母亲）138****2222').waitFor()
  await e2e.shot(a, '43-activity-roster')
  await child.locator('taro-button-core', { hasText: '签退：交给李娜（母亲）' }).click()
  await child.getByText('由 李娜（母亲） 接走').waitFor()
  await v.reload()
  await v.getByTestId('check-out').click()
  await v.getByText('我：已签退 17:55').waitFor()

  // After the end the organiser confirms; the tutor's 1.5 hours (16:30–17:55 → 1.5) are in the ledger.
  await at(day, '18:10')
  await a.reload()
  await a.getByTestId('confirm-hours').click()
  await a.getByText('确认时长', { exact: true }).last().click()
  await a.getByText('时长已确认，已记入台账').waitFor()
  await a.getByTestId('roster-entry').filter({ hasText: '冯雪' }).getByText('已记 1.5 小时').waitFor()
  await v.goto(h5Url(base, 'packages/volunteer/pages/service/index'))
  await v.getByText('活动志愿服务：四点半课堂·秋季学期').first().waitFor()
  await e2e.shot(v, '44-activity-hours')
  const ledger = await db.collection('points').where({ openid: 'demo-volunteer-2', source: 'session' }).get()
  expect(ledger.data.map((e) => (e as { hours: number }).hours)).toEqual([1.5])
  for (const p of [admin, volunteer, one, two]) await p.context.close()
})

test('暖心助老: the organiser puts an elder on the list, the volunteer logs the visit, a need goes to the grid', async () => {
  const base = e2e.host.url
  await e2e.setClock(START)
  const day = local(START).add(1, 'day').format('YYYY-MM-DD')
  const res = await fetch(`${base}/fn/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-admin' },
    body: JSON.stringify({
      action: 'activity.create',
      input: {
        requestId: 'e2e-care-elders-1',
        kind: 'elderCare',
        title: '爱心敲门',
        place: '幸福里社区各楼栋',
        schedule: { from: day, time: '09:00', durationMinutes: 120 },
        roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
      },
    }),
  })
  expect(await res.json()).toMatchObject({ ok: true })
  const db = connectApp(e2e.host.tcbUrl).database()
  const session = (await db.collection('sessions').where({ title: '爱心敲门' }).get()).data[0] as SessionDoc

  const admin = await demoPerson('李秀兰 · 社区管理员')
  await admin.page.goto(h5Url(base, 'packages/volunteer/pages/visits/index', { id: session._id }))
  // A hash-only goto can leave the new page hidden in the H5 build: load it afresh.
  await admin.page.reload()
  await admin.page.getByText('探访名单还是空的').waitFor()
  const form = admin.page.locator('.card', { hasText: '添加老人到探访名单' })
  await form.locator('input').nth(0).fill('陈奶奶')
  await form.locator('input').nth(1).fill('B01')
  await form.locator('input').nth(2).fill('3单元502')
  await form.getByText('子女', { exact: true }).click()
  await form.locator('taro-button-core', { hasText: '加入名单' }).click()
  await admin.page.getByTestId('elder-row').getByText('陈奶奶').waitFor()

  const volunteer = await demoPerson('郑晓东 · 在职党员')
  const v = volunteer.page
  await v.goto(h5Url(base, 'pages/activity/index'))
  const card = v.getByTestId('session-card').filter({ hasText: '爱心敲门' }).first()
  await card.locator('taro-button-core', { hasText: /^报名：助老志愿者$/ }).click()
  await card.getByTestId('visits-link').click()
  const row = v.getByTestId('elder-row').filter({ hasText: '陈奶奶' })
  await at(day, '09:30')
  await row.locator('input').fill('帮忙买降压药')
  await row.locator('taro-button-core', { hasText: '见到了，身体不适' }).click()
  await row.getByText(/已转网格诉求 \d{6}-/).waitFor()
  await e2e.shot(v, '45-activity-visit-logged')
  // 刘芳 (1号楼's grid member) has it in her inbox.
  const member = await demoPerson('刘芳 · 网格员')
  await member.page.goto(h5Url(base, 'packages/grid/pages/inbox/index'))
  // As for the admin above: a hash-only goto can leave the new page hidden; load it afresh.
  await member.page.reload()
  await member.page
    .getByText(/暖心助老探访.*需要：帮忙买降压药/)
    .first()
    .waitFor()
  await e2e.setClock(START)
  for (const p of [admin, volunteer, member]) await p.context.close()
})
