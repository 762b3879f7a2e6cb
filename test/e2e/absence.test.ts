/**
 * 请假 and 协助组织者 in a real browser (issue 18, part 2): on 王建国's roster, 王大爷 phoned in sick
 * an hour and a half before the 大讲堂 — 代为取消 with a reason, and 孙阿姨, waiting, is offered the
 * seat; after two morning talks 吴奶奶's absence is excused and 周先生's no-show lock lifted. Then
 * 王建国 adds 冯雪, the volunteer tutor, as co-organiser of the 四点半课堂: she finds 签到与名单 on the
 * 活动 board, checks 小明 in and hands him to his registered grandmother; another activity's roster
 * is refused her in words.
 */
import type { Page } from 'playwright-core'
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E, hostCall } from './browser'

/** A Wednesday morning. */
const e2e = fileE2E({ at: '2026-12-02T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)
const api = <T = unknown>(openid: string, action: string, input: object) =>
  hostCall<T>(e2e, openid, action, input)

const LEADER = 'demo-leader-1'
const DAYE = 'demo-resident-1'
const SUN = 'demo-resident-2'
const ZHOU = 'demo-resident-3'
const WU = 'demo-resident-4'
const FENG = 'demo-volunteer-2'

let n = 0
/** 王建国 publishes an activity with one session today: its id and the session's. */
async function publish(over: object): Promise<{ activityId: string; sessionId: string }> {
  const a = await api<{ id: string }>(LEADER, 'activity.create', {
    requestId: `e2e-absence-${++n}-xxxxxxxx`,
    kind: 'lecture',
    place: '幸福里社区党群服务中心',
    ...over,
  })
  const got = await api<{ sessions: { id: string }[] }>(LEADER, 'activity.get', { id: a.id })
  return { activityId: a.id, sessionId: got.sessions[0].id }
}

/** A talk today at `time`; the listed people sign up in this order. */
async function today(title: string, time: string, minutes: number, capacity: number, people: string[]) {
  const s = await publish({
    title,
    schedule: { from: '2026-12-02', time, durationMinutes: minutes },
    roles: [{ key: 'attendee', name: '听众', capacity, audience: 'anyone' }],
  })
  for (const who of people) await api(who, 'session.signUp', { sessionId: s.sessionId, role: 'attendee' })
  return s
}

async function openRoster(page: Page, sessionId: string) {
  await page.goto(h5Url(e2e.host.url, 'packages/admin/pages/session/index', { id: sessionId }))
  // Loaded afresh: the hash goto keeps the earlier pages, hidden.
  await page.reload()
}

/** `label` opens the 活动 board: the card of the session titled `title`. */
async function onBoard(label: string, title: string) {
  const person = await demoPerson(label)
  await person.page.goto(h5Url(e2e.host.url, 'pages/activity/index'))
  // Loaded afresh, as openRoster: else the page first opened stays in the DOM, hidden, and its
  // card can be the one found first (seen once under load in CI).
  await person.page.reload()
  return { person, card: person.page.getByTestId('session-card').filter({ hasText: title }).first() }
}

const entry = (page: Page, name: string) => page.getByTestId('roster-entry').filter({ hasText: name })

/** Picks a usual reason (or writes one) in the entry's form, sends it and says yes in the dialog. */
async function withReason(page: Page, name: string, move: string, reason: string, shot?: string) {
  await entry(page, name).getByTestId(`entry-${move}`).click()
  const form = entry(page, name).getByTestId('reason-form')
  await form.getByTestId(`reason-${reason}`).click()
  if (shot) await e2e.shot(page, shot)
  await form.getByTestId('reason-submit').click()
  await page.locator('.taro-model__confirm').click()
  await form.waitFor({ state: 'detached' })
}

test('王建国 gives back the seat of 王大爷, who phoned in; 孙阿姨, waiting, is offered it', async () => {
  const { sessionId } = await today('防诈骗大讲堂', '11:00', 60, 1, [DAYE, SUN])
  const leader = await demoPerson('王建国 · 网格长')
  const a = leader.page
  await openRoster(a, sessionId)
  await entry(a, '王大爷').getByTestId('entry-release').waitFor()
  // Nobody is absent yet, nobody locked: only 代为取消 is offered.
  expect(await a.getByTestId('entry-excuse').count()).toBe(0)
  expect(await a.getByTestId('entry-lift').count()).toBe(0)
  await e2e.shot(a, '170-roster-release-offered')

  await withReason(a, '王大爷', 'release', '生病来电请假', '171-roster-release-reason')
  await entry(a, '王大爷').getByText('原因：生病来电请假').waitFor()
  // Less than 2 hours to go: 孙阿姨 is offered the seat for 30 minutes.
  await entry(a, '孙阿姨').getByText('候补到位，待确认').waitFor()
  await e2e.shot(a, '172-roster-released')
  const sun = await api<{ mine: { status: string } | null }>(SUN, 'session.get', { sessionId })
  expect(sun.mine?.status).toBe('offered')
  await leader.context.close()

  const { person: resident, card } = await onBoard('孙阿姨 · 居民', '防诈骗大讲堂')
  const s = resident.page
  await card.getByText('候补到位', { exact: false }).first().waitFor()
  await e2e.shot(s, '173-waitlisted-offered')
  await resident.context.close()
})

test('after two talks: 吴奶奶’s absence is excused, 周先生’s no-show lock lifted, each with a reason', async () => {
  const first = await today('垃圾分类讲座', '09:40', 15, 10, [ZHOU])
  const second = await today('健康养生讲座', '09:50', 15, 10, [ZHOU, WU])
  // Both are over; the organiser's 确认时长 marks those who never came.
  await e2e.setClock('2026-12-02T10:10:00+08:00')
  for (const s of [first, second]) await api(LEADER, 'session.confirm', { sessionId: s.sessionId })

  const leader = await demoPerson('王建国 · 网格长')
  const a = leader.page
  await openRoster(a, second.sessionId)
  await entry(a, '周先生').getByTestId('roster-locked').waitFor()
  await entry(a, '吴奶奶').getByTestId('entry-excuse').waitFor()
  // 吴奶奶 missed one talk: absent, not locked.
  expect(await entry(a, '吴奶奶').getByTestId('entry-lift').count()).toBe(0)
  await e2e.shot(a, '174-roster-absent-locked')

  await withReason(a, '吴奶奶', 'excuse', '生病，事后来电说明')
  await entry(a, '吴奶奶').getByText('原因：生病，事后来电说明').waitFor()
  await withReason(a, '周先生', 'lift', '缺席事出有因，已核实')
  await entry(a, '周先生').getByTestId('entry-excuse').waitFor()
  expect(await entry(a, '周先生').getByTestId('roster-locked').count()).toBe(0)
  await e2e.shot(a, '175-roster-excused-lifted')
  await leader.context.close()
})

test('冯雪, added as co-organiser, checks 小明 in and hands him to his grandmother; another roster is refused in words', async () => {
  await e2e.setClock('2026-12-02T10:30:00+08:00')
  const other = await today('书法兴趣班', '14:00', 60, 10, [])
  const { sessionId } = await publish({
    kind: 'afterSchool',
    title: '四点半课堂',
    place: '幸福里社区四点半课堂教室',
    schedule: { from: '2026-12-02', time: '16:30', durationMinutes: 90 },
    roles: [
      { key: 'tutor', name: '辅导老师', capacity: 2, audience: 'volunteer' },
      { key: 'child', name: '孩子', capacity: 20, audience: 'child' },
    ],
  })
  const child = await api<{ id: string }>(DAYE, 'child.register', {
    requestId: `e2e-absence-${++n}-xxxxxxxx`,
    name: '小明',
    age: 8,
    grade: '二年级',
    guardian: { name: '王大爷', relation: '爷爷', phone: '13812345601' },
    others: [{ name: '李奶奶', relation: '奶奶', phone: '13812345609' }],
  })
  await api(DAYE, 'session.signUp', { sessionId, role: 'child', childId: child.id })

  const leader = await demoPerson('王建国 · 网格长')
  const a = leader.page
  await openRoster(a, sessionId)
  const helpers = a.getByTestId('co-organisers')
  await helpers.getByText('还没有协助组织者').waitFor()
  await helpers.getByTestId(`candidate-${FENG}`).click()
  await helpers.getByTestId('add-organiser').click()
  await helpers.getByTestId('co-organiser').filter({ hasText: '冯雪（志愿者）' }).waitFor()
  await helpers.getByText('王建国：添加协助组织者：冯雪（志愿者）').waitFor()
  await e2e.shot(a, '176-co-organiser-added')
  await leader.context.close()

  // 冯雪 finds it on the 活动 board: 签到与名单 on the 四点半课堂's card.
  await e2e.setClock('2026-12-02T16:20:00+08:00')
  const { person: tutor, card } = await onBoard('冯雪 · 志愿者', '四点半课堂')
  const f = tutor.page
  await card.getByTestId('manage-session').click()
  await f.getByTestId('co-organiser-note').waitFor()
  // No code, no hours, no co-organisers for her.
  expect(await f.getByTestId('print-code').count()).toBe(0)
  expect(await f.getByTestId('co-organisers').count()).toBe(0)
  await e2e.shot(f, '177-co-organiser-roster')

  await entry(f, '小明').locator('taro-button-core', { hasText: '代为签到：小明' }).click()
  await entry(f, '小明')
    .getByText(/^已签到/)
    .waitFor()
  await entry(f, '小明').locator('taro-button-core', { hasText: '签退：交给李奶奶（奶奶）' }).click()
  await entry(f, '小明').getByText('由 李奶奶（奶奶） 接走').waitFor()
  await e2e.shot(f, '178-co-organiser-handed-over')

  // Not one of hers: the roster of 书法兴趣班 says so.
  await openRoster(f, other.sessionId)
  await f.getByText('只有活动组织者或协助组织者可以查看报名名单').waitFor()
  await e2e.shot(f, '179-co-organiser-refused')
  await tutor.context.close()
})
