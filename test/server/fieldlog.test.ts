/**
 * 民情日志 and household visits (issue 16, part 4): a grid member logs 走访 / 矛盾纠纷 / 意见建议 for
 * the buildings they serve; a 走访 marks the household visited; due visits follow the plan's N
 * working days (month end, 国庆, 春节, a year end); an entry becomes one request however often it
 * is tapped; the leader reads the grid's day and who is behind and sets N; a household's contact is
 * masked, revealed only to the grid and logged; another grid sees none of it.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { AccessLogDoc, HouseholdDoc, RequestDoc } from '../../cloudfunctions/core/model'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const LIU = 'demo-member-1-1'
const CHEN = 'demo-member-1-2'
const WANG = 'demo-leader-1'
const YANG = 'demo-member-2-1'
const HUANG = 'demo-member-2-2'
const ZHANG = 'demo-leader-2'
let n = 0
const rid = (tag: string) => `fieldlog-${tag}-${++n}`
const at = (day: string) => new Date(`${day}T10:00:00+08:00`)

/** The api with the clock on a named day. */
function on(day: string) {
  return clockApi(env, () => at(day))
}

function household(over: Partial<ActionInput<'household.add'>> = {}): ActionInput<'household.add'> {
  return {
    requestId: rid('h'),
    buildingCode: 'B01',
    room: '2单元301',
    contactName: '赵奶奶',
    contactPhone: '13700001234',
    ...over,
  }
}

const stored = async <T>(collection: string, id: string) =>
  (await env.db.collection(collection).doc(id).get()).data[0] as T

test('a member logs each kind; a 走访 marks the household visited; bad input answered in Chinese, nothing written', async () => {
  const input = household({ kind: 'aloneElder', consent: { by: '本人', note: '老人同意登记' } })
  const h = await env.ok(LIU, 'household.add', input)
  expect(h).toMatchObject({
    buildingName: '1号楼',
    room: '2单元301',
    contactName: '赵奶奶',
    contactPhone: '137****1234',
    kind: 'aloneElder',
    kindName: '独居老人',
    consentBy: '本人',
    lastVisitDay: null,
    standing: { due: true, never: true, text: '从未走访' },
  })
  // Idempotent by requestId.
  const households = await env.count(COLLECTIONS.households)
  expect((await env.ok(LIU, 'household.add', input)).id).toBe(h.id)
  expect(await env.count(COLLECTIONS.households)).toBe(households)

  const visit = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'visit',
    text: '入户看望赵奶奶，身体还好，想要一个助行器',
    buildingCode: 'B01',
    householdId: h.id,
  })
  expect(visit).toMatchObject({
    kindName: '走访',
    day: '2026-11-25',
    householdLabel: '2单元301（赵奶奶）',
    byName: '刘芳',
    requestId: null,
  })
  const dispute = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'dispute',
    text: '2单元两户为楼道堆放杂物争吵，已当场调解',
    buildingCode: 'B01',
    settled: true,
  })
  expect(dispute).toMatchObject({ kindName: '矛盾纠纷', settled: true, householdId: null })
  const idea = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'suggestion',
    text: '居民建议在2号楼前加装两张休息长椅',
    buildingCode: 'B02',
  })
  expect(idea.kindName).toBe('意见建议')
  const day = await env.ok(LIU, 'diary.list', {})
  expect(day.entries.map((e) => e.id)).toEqual(expect.arrayContaining([visit.id, dispute.id, idea.id]))
  // The household is visited today: off today's due list, due again in 3 working days (Mon 30).
  const visited = (await env.ok(LIU, 'household.list', {})).households.find((x) => x.id === h.id)
  expect(visited).toMatchObject({
    lastVisitDay: '2026-11-25',
    standing: { due: false, dueDay: '2026-11-30', text: '下次走访：11月30日' },
  })
  // A second 走访 the same day changes nothing on the household.
  await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'visit',
    text: '下午再去送了一次药，老人精神不错',
    buildingCode: 'B01',
    householdId: h.id,
  })
  expect(await stored<HouseholdDoc>(COLLECTIONS.households, h.id)).toMatchObject({
    lastVisitDay: '2026-11-25',
    previousVisitDay: null,
  })

  const entries = await env.count(COLLECTIONS.diary)
  const homes = await env.count(COLLECTIONS.households)
  const entry = { requestId: rid('bad'), kind: 'dispute', text: '邻里为停车位争吵', buildingCode: 'B01' }
  const bad: [string, Record<string, unknown>, string][] = [
    ['diary.add', { ...entry, kind: 'gossip' }, '请选择日志类别'],
    ['diary.add', { ...entry, text: '吵架' }, '请至少写5个字'],
    ['diary.add', { ...entry, text: '很'.repeat(301) }, '最多写300个字'],
    ['diary.add', { ...entry, kind: 'visit' }, '走访请选择住户'],
    ['diary.add', { ...entry, kind: 'visit', buildingCode: 'B02', householdId: h.id }, '这户不在所选楼栋'],
    ['household.add', household({ kind: 'lowIncome' }), '登记住户类别须经本人或家属同意'],
    ['household.add', household({ room: ' ' }), '请填写门牌号'],
    ['household.add', household({ contactPhone: '12345' }), '手机号格式不正确'],
    [
      'household.add',
      household({ kind: 'rich' as never, consent: { by: '本人', note: '' } }),
      '请选择住户类别',
    ],
  ]
  for (const [action, input, message] of bad)
    expect(await env.call(LIU, action as 'diary.add', input as never)).toMatchObject(
      refusal('INVALID_INPUT', message),
    )
  expect(await env.count(COLLECTIONS.diary)).toBe(entries)
  expect(await env.count(COLLECTIONS.households)).toBe(homes)
})

test('another grid sees none of it; the contact is revealed only to the grid, and each reveal is logged', async () => {
  const h = await env.ok(LIU, 'household.add', household({ room: '1单元102', contactName: '钱大爷' }))
  // 陈明 serves 3号、4号楼: not B01's households, entries or requests.
  expect((await env.ok(CHEN, 'household.list', {})).households.map((x) => x.id)).not.toContain(h.id)
  expect(
    await env.call(CHEN, 'diary.add', {
      requestId: rid('e'),
      kind: 'visit',
      text: '去1号楼看看钱大爷',
      buildingCode: 'B01',
      householdId: h.id,
    }),
  ).toMatchObject(refusal('FORBIDDEN', '只能为您负责的楼栋记民情日志'))
  const e = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'suggestion',
    text: '钱大爷希望小区多组织几次义诊',
    buildingCode: 'B01',
    householdId: h.id,
  })
  expect(await env.call(CHEN, 'diary.toRequest', { id: e.id, category: 'other' })).toMatchObject(
    refusal('NOT_FOUND', '找不到这条日志，或您无权查看'),
  )
  expect((await env.ok(CHEN, 'diary.list', {})).entries.map((x) => x.id)).not.toContain(e.id)

  const logged = () => env.count(COLLECTIONS.accessLog)
  const before = await logged()
  for (const who of [CHEN, 'demo-resident-1', 'demo-building-leader-1'])
    expect((await env.call(who, 'person.reveal', { kind: 'household', id: h.id })).ok).toBe(false)
  expect(await logged()).toBe(before)
  // Whoever serves B01 — the member, the leader above, the admin — sees the whole number, logged first.
  for (const [who, as] of [
    [LIU, 'gridStaff'],
    [WANG, 'gridStaff'],
    ['demo-admin', 'communityAdmin'],
  ] as const) {
    expect(await env.ok(who, 'person.reveal', { kind: 'household', id: h.id })).toEqual({
      name: '钱大爷',
      phone: '13700001234',
    })
    const rows = (
      await env.db.collection(COLLECTIONS.accessLog).where({ viewerOpenid: who, targetId: h.id }).get()
    ).data as AccessLogDoc[]
    expect(rows).toEqual([expect.objectContaining({ kind: 'household', field: 'phone', viewerRole: as })])
  }
  expect(await logged()).toBe(before + 3)
  // No number on file: nothing to reveal.
  const mute = await env.ok(LIU, 'household.add', household({ room: '1单元103', contactPhone: undefined }))
  expect(mute.contactPhone).toBeNull()
  expect(await env.call(LIU, 'person.reveal', { kind: 'household', id: mute.id })).toMatchObject(
    refusal('NOT_FOUND', '没有登记电话号码'),
  )
})

test.each([
  // Month end: Friday 27 November → due Wednesday 2 December.
  ['month end', '2026-11-27', '2026-12-01', '2026-12-02', '2026-12-04', 2],
  // 国庆 1–7 October off; Saturday 10 October a 调休 working day, Sunday 11 not.
  ['国庆', '2026-09-30', '2026-10-09', '2026-10-10', '2026-10-13', 2],
  // 春节: 15–23 February off, then Tue 24, Wed 25.
  ['春节', '2026-02-13', '2026-02-24', '2026-02-25', '2026-02-27', 2],
  // A year end past the official data: 元旦 off, then the weekend.
  ['year end', '2026-12-30', '2027-01-04', '2027-01-05', '2027-01-07', 2],
])(
  'due visits at the %s: visited %s, not due %s, due %s, behind on %s by %i',
  async (_case, visited, before, due, later, behind) => {
    const room = `${n + 1}单元${String(n + 1).padStart(3, '0')}`
    const h = await on(visited).ok(LIU, 'household.add', household({ buildingCode: 'B02', room }))
    await on(visited).ok(LIU, 'diary.add', {
      requestId: rid('e'),
      kind: 'visit',
      text: '入户走访，了解家庭近况',
      buildingCode: 'B02',
      householdId: h.id,
    })
    const standing = async (day: string) =>
      (await on(day).ok(LIU, 'household.list', {})).households.find((x) => x.id === h.id)!.standing
    expect(await standing(before)).toMatchObject({ due: false, dueDay: due })
    expect(await standing(due)).toMatchObject({ due: true, overdueDays: 0, text: '今天该走访了' })
    expect(await standing(later)).toMatchObject({ overdueDays: behind, text: `已超期${behind}个工作日` })
    // Today's due visits come first, the most overdue first.
    const list = (await on(later).ok(LIU, 'household.list', {})).households
    const dueOnes = list.filter((x) => x.standing.due)
    expect(list.slice(0, dueOnes.length)).toEqual(dueOnes)
    const overdue = dueOnes.map((x) => x.standing.overdueDays)
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a))
  },
)

test('转为诉求: two taps make one request for the household, linked both ways; a report of 毒品 goes to the community', async () => {
  const h = await env.ok(LIU, 'household.add', household({ room: '3单元601', contactName: '孙大妈' }))
  const e = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'dispute',
    text: '孙大妈家楼上漏水，两家为维修费用争执不下',
    buildingCode: 'B01',
    householdId: h.id,
  })
  const requests = await env.count(COLLECTIONS.requests)
  const first = await env.ok(LIU, 'diary.toRequest', { id: e.id, category: 'dispute' })
  // The leader taps it too: the same request.
  const again = await env.ok(WANG, 'diary.toRequest', { id: e.id, category: 'dispute' })
  expect(again.request.id).toBe(first.request.id)
  expect(await env.count(COLLECTIONS.requests)).toBe(requests + 1)
  expect(first.entry).toMatchObject({ requestId: first.request.id, requestNo: first.request.no })
  expect(first.request).toMatchObject({ buildingName: '1号楼', recordedByName: '刘芳' })
  const doc = await stored<RequestDoc>(COLLECTIONS.requests, first.request.id)
  expect(doc.description).toContain('矛盾纠纷')
  expect(doc.description).toContain('两家为维修费用争执不下')
  expect(doc.residentName).toBe('孙大妈')
  // The entry in the day's log shows its request.
  const listed = (await env.ok(LIU, 'diary.list', {})).entries.find((x) => x.id === e.id)
  expect(listed).toMatchObject({ requestId: first.request.id, requestNo: first.request.no })
  expect(await env.call(LIU, 'diary.toRequest', { id: e.id, category: 'nope' as never })).toMatchObject(
    refusal('INVALID_INPUT', '请选择诉求类别'),
  )

  const clue = await env.ok(LIU, 'diary.add', {
    requestId: rid('e'),
    kind: 'dispute',
    text: '住户反映楼下车库有人卖毒品，晚上常有陌生人进出',
    buildingCode: 'B01',
  })
  const filed = await env.ok(LIU, 'diary.toRequest', { id: clue.id, category: 'other' })
  expect(filed.request.sensitive).toBe(true)
  expect((await stored<RequestDoc>(COLLECTIONS.requests, filed.request.id)).gridId).toBe('g-1')
})

test('the leader’s day: entries per member, visits done vs due, who is behind; the month; N set by the leader only', async () => {
  const day = '2026-11-25'
  const api = on(day)
  // 杨雪梅 (5号楼): one visited last Friday (due today), one never visited (behind).
  const a = await on('2026-11-02').ok(
    YANG,
    'household.add',
    household({ buildingCode: 'B05', room: '1单元101' }),
  )
  await on('2026-11-02').ok(YANG, 'household.add', household({ buildingCode: 'B05', room: '1单元102' }))
  await on('2026-11-20').ok(YANG, 'diary.add', {
    requestId: rid('e'),
    kind: 'visit',
    text: '入户了解老人用药情况',
    buildingCode: 'B05',
    householdId: a.id,
  })
  // 黄志强 (7号楼): visited today.
  const c = await on('2026-11-02').ok(
    HUANG,
    'household.add',
    household({ buildingCode: 'B07', room: '2单元201' }),
  )
  await api.ok(HUANG, 'diary.add', {
    requestId: rid('e'),
    kind: 'visit',
    text: '入户走访，住户反映电梯经常停运',
    buildingCode: 'B07',
    householdId: c.id,
  })
  await api.ok(HUANG, 'diary.add', {
    requestId: rid('e'),
    kind: 'dispute',
    text: '两户为噪音问题发生口角，约定明天再调解',
    buildingCode: 'B07',
  })
  const s = await api.ok(ZHANG, 'diary.summary', {})
  expect(s).toMatchObject({ day, disputesOpen: 1, visitsDone: 1, visitsDue: 3 })
  expect(s.plan).toMatchObject({ gridId: 'g-1-2', intervalDays: 3, isDefault: true })
  const row = (name: string) => s.members.find((m) => m.name === name)
  expect(row('杨雪梅')).toMatchObject({ visit: 0, households: 2, due: 2, overdue: 1 })
  expect(row('黄志强')).toMatchObject({ visit: 1, dispute: 1, households: 1, overdue: 0 })
  expect(s.behind).toEqual([{ name: '杨雪梅', gridName: '第二网格 · 1号微网格', overdue: 1 }])
  // Members and other grids' leaders may not read it.
  expect(await api.call(YANG, 'diary.summary', {})).toMatchObject(refusal('FORBIDDEN'))
  expect(await api.call(WANG, 'diary.summary', { gridId: 'g-1-2' })).toMatchObject(refusal('FORBIDDEN'))

  // The board: 2 + 1 households from 2 November; 18 working days to the 25th, every 3 → 6 each.
  const month = await api.ok(ZHANG, 'visitPlan.month', { month: '2026-11' })
  expect(month.grids).toEqual([{ gridId: 'g-1-2', gridName: '第二网格', households: 3, done: 2, due: 18 }])

  // N: the leader sets it, each change an event; a member may not; bad input in Chinese.
  const plan = await api.ok(ZHANG, 'visitPlan.set', { gridId: 'g-1-2', intervalDays: 5 })
  expect(plan).toMatchObject({ intervalDays: 5, isDefault: false })
  expect(plan.events).toEqual([expect.objectContaining({ byName: '张丽', from: 3, to: 5 })])
  expect(await api.call(YANG, 'visitPlan.set', { gridId: 'g-1-2', intervalDays: 2 })).toMatchObject(
    refusal('FORBIDDEN', '只有网格长和社区管理员可以设置走访计划'),
  )
  expect(await api.call(WANG, 'visitPlan.set', { gridId: 'g-1-2', intervalDays: 2 })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  for (const [intervalDays, message] of [
    [0, '走访间隔至少1个工作日'],
    [31, '走访间隔最多30个工作日'],
    [2.5, '走访间隔须为整数天'],
  ] as const)
    expect(await api.call(ZHANG, 'visitPlan.set', { gridId: 'g-1-2', intervalDays })).toMatchObject(
      refusal('INVALID_INPUT', message),
    )
  // Under N = 5 the household visited last Friday is no longer due today: nobody is behind but the never-visited.
  const after = await api.ok(ZHANG, 'diary.summary', { gridId: 'g-1-2' })
  expect(after.plan.intervalDays).toBe(5)
  expect(after.visitsDue).toBe(2)
  expect((await api.ok(YANG, 'household.list', {})).intervalDays).toBe(5)
})
