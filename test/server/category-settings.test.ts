/**
 * 分类设置 (issue 18, part 4) through the api: the admin renames a category, changes its tier, marks
 * it sensitive, gives it a default unit, disables it — each change a 台账 event, before → after —
 * and a request keeps what was in force when it was filed: its clocks, its name, its routing.
 */
import { getBuilding } from '../../cloudfunctions/core/community'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { fileRequest } from '../../cloudfunctions/core/requests/create'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { storedRequest } from '../support/reads'
import { bj } from '../support/time'

const ADMIN = 'demo-admin'
const LEADER = 'demo-leader-1'
const LIU = 'demo-member-1-1'
const REFUSED = '只有社区管理员可以设置诉求分类'

/** A Wednesday, a working day; Thursday and Friday are working days too. */
const env = fileEnv({ at: '2026-12-02T09:00:00+08:00' })
let clock = bj('2026-12-02T10:00:00')
const api = () => clockApi(env, () => clock)
const stored = (id: string) => storedRequest(env, id)

let seq = 0
async function resident(building = 'B01'): Promise<string> {
  const openid = `t-cat-${++seq}`
  await api().ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

async function post(category: ActionInput<'request.create'>['category'], building = 'B01') {
  const who = await resident(building)
  return api().ok(who, 'request.create', {
    requestId: `cat-${seq}-xxxxxxxx`,
    category,
    description: '楼道里的灯坏了一个星期，晚上看不见',
  })
}

const facility = {
  code: 'facility',
  name: '设施报修',
  tier: 'ordinary',
  sensitive: false,
  defaultUnitId: null,
  disabled: false,
} as const

const setting = async (code: string) =>
  (await api().ok(ADMIN, 'settings.categories', {})).categories.find((c) => c.code === code)!
const categoryEvents = async () =>
  (
    await env.db
      .collection(COLLECTIONS.settingsEvents)
      .where({ communityId: 'c-xingfuli', type: 'category.set' })
      .get()
  ).data

test('nothing set: the built-in table, for the admin alone', async () => {
  const view = await api().ok(ADMIN, 'settings.categories', {})
  expect(view.categories.map((c) => c.code)).toEqual([
    'safety',
    'utility',
    'environment',
    'facility',
    'dispute',
    'help',
    'security',
    'other',
  ])
  expect(view.categories.find((c) => c.code === 'facility')).toMatchObject({
    name: '设施报修',
    builtInName: '设施报修',
    tier: 'ordinary',
    tierName: '一般',
    clocks: '1个工作日内接单，7天内办结',
    sensitive: false,
    defaultUnitId: null,
    disabled: false,
    customised: false,
  })
  expect(view.categories.find((c) => c.code === 'security')).toMatchObject({ sensitive: true })
  expect(view.tiers.map((t) => `${t.name} ${t.clocks}`)).toEqual([
    '紧急 30分钟内接单，2小时内办结',
    '较急 2小时内接单，24小时内办结',
    '一般 1个工作日内接单，7天内办结',
    '复杂 1个工作日内接单，15天内办结',
  ])
  expect(view.events).toEqual([])
  for (const who of [LEADER, LIU]) {
    expect(await api().call(who, 'settings.categories', {})).toEqual(refusal('FORBIDDEN', REFUSED))
    expect(await api().call(who, 'settings.setCategory', { ...facility, name: '公共设施' })).toEqual(
      refusal('FORBIDDEN', REFUSED),
    )
  }
  // A resident is refused by the router before the use case: not staff at all.
  expect(await api().call('demo-resident-1', 'settings.setCategory', facility)).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await categoryEvents()).toEqual([])
  expect((await setting('facility')).name).toBe('设施报修')
})

test('bad input is refused in words and changes nothing', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ name: '公共设施维修报修事项' }, '类别名称最多8个字'],
    [{ name: '修' }, '类别名称至少2个字'],
    [{ tier: 'someday' }, '请选择办理时限'],
    [{ defaultUnitId: 'unit-nowhere' }, '请选择本社区登记的责任单位'],
    // Residents read the name: WeChat's content check refuses a risky one.
    [{ name: '赌博报修' }, '内容含有不适宜公开的信息，请修改后再提交'],
  ]
  for (const [over, message] of cases) {
    const res = await api().call(ADMIN, 'settings.setCategory', { ...facility, ...over } as never)
    expect(res).toMatchObject(refusal('INVALID_INPUT'))
    expect(JSON.stringify(res)).toContain(message)
  }
  expect(
    await api().call(ADMIN, 'settings.setCategory', { ...facility, code: 'weather' } as never),
  ).toMatchObject(refusal('INVALID_INPUT', '请选择要设置的类别'))
  expect(await setting('facility')).toMatchObject({ name: '设施报修', tier: 'ordinary', customised: false })
  expect(await categoryEvents()).toEqual([])
})

test('a tier changed after filing moves no clock of that request; new requests get the new one', async () => {
  clock = bj('2026-12-02T10:00:00')
  const before = await post('facility')
  // Ordinary: by the next working day, resolved within 7 days.
  expect(before.acceptBy).toBe(bj('2026-12-03T10:00:00').toISOString())
  expect(before.resolveBy).toBe(bj('2026-12-09T10:00:00').toISOString())
  expect(before.categoryName).toBe('设施报修')

  clock = bj('2026-12-02T10:05:00')
  const view = await api().ok(ADMIN, 'settings.setCategory', {
    ...facility,
    name: '公共设施',
    tier: 'urgent',
  })
  expect(view.categories.find((c) => c.code === 'facility')).toMatchObject({
    name: '公共设施',
    builtInName: '设施报修',
    tier: 'urgent',
    customised: true,
  })
  expect(view.events[0]).toMatchObject({
    actorName: '李秀兰',
    subject: '分类“设施报修”',
    note: '名称：设施报修 → 公共设施；时限：一般 → 紧急',
  })
  // The same again: nothing to record.
  await api().ok(ADMIN, 'settings.setCategory', { ...facility, name: '公共设施', tier: 'urgent' })
  expect(await categoryEvents()).toHaveLength(1)
  // The calendar's screen lists its own changes only.
  expect((await api().ok(ADMIN, 'calendar.year', { year: 2026 })).events).toEqual([])

  const old = await api().ok('demo-admin', 'request.get', { id: before.id })
  expect(old).toMatchObject({
    acceptBy: before.acceptBy,
    resolveBy: before.resolveBy,
    categoryName: '设施报修',
  })
  expect((await stored(before.id)).tier).toBe('ordinary')

  clock = bj('2026-12-02T10:10:00')
  const after = await post('facility')
  expect(after).toMatchObject({
    categoryName: '公共设施',
    acceptBy: bj('2026-12-02T10:40:00').toISOString(),
    resolveBy: bj('2026-12-02T12:10:00').toISOString(),
  })

  // The accept clock of the first runs out on Thursday: up one level, and its clock there is still
  // the ordinary tier's (1 working day), not the 30 minutes the category has now.
  clock = bj('2026-12-03T10:01:00')
  await runScheduler(env.deps(() => clock))
  const escalated = await stored(before.id)
  expect(escalated.level).toBe(2)
  expect(escalated.acceptBy).toEqual(bj('2026-12-04T10:01:00'))
  expect(escalated.resolveBy).toEqual(bj('2026-12-09T10:00:00'))
  expect(escalated.categoryName).toBe('设施报修')
  // The urgent one went up long before, on 30-minute clocks.
  expect((await stored(after.id)).level).toBeLessThan(3)
  // The resident's form and list read the community's names.
  const who = `t-cat-${seq}`
  const form = await api().ok(who, 'category.list', {})
  expect(form.categories.find((c) => c.code === 'facility')?.name).toBe('公共设施')
  const mine = await api().ok(who, 'request.listMine', {})
  expect(JSON.stringify(mine)).toContain('公共设施')
  // Someone of no community sees the built-in table.
  expect(
    (await api().ok('t-cat-nobody', 'category.list', {})).categories.find((c) => c.code === 'facility')?.name,
  ).toBe('设施报修')

  // Back to the built-in settings: no longer customised, and that is in the 台账 too.
  clock = bj('2026-12-03T11:00:00')
  const reset = await api().ok(ADMIN, 'settings.setCategory', facility)
  expect(reset.categories.find((c) => c.code === 'facility')).toMatchObject({ customised: false })
  expect(reset.events[0].note).toBe('名称：公共设施 → 设施报修；时限：紧急 → 一般')
})

test('a disabled category is refused in words for a new request; one filed before keeps working', async () => {
  clock = bj('2026-12-03T14:00:00')
  const earlier = await post('dispute')
  const dispute = {
    code: 'dispute',
    name: '邻里纠纷',
    tier: 'complex',
    sensitive: false,
    disabled: true,
  } as const
  const view = await api().ok(ADMIN, 'settings.setCategory', dispute)
  expect(view.events[0].note).toBe('状态：启用 → 已停用')
  const who = await resident()
  expect((await api().ok(who, 'category.list', {})).categories.map((c) => c.code)).not.toContain('dispute')
  const count = await env.count(COLLECTIONS.requests)
  const message = '本社区已停用“邻里纠纷”这一类，请选择其他类别'
  expect(
    await api().call(who, 'request.create', {
      requestId: 'cat-disabled-xxxxxxxx',
      category: 'dispute',
      description: '楼上漏水到我家，协商不成',
    }),
  ).toMatchObject(refusal('INVALID_INPUT', message))
  // 代录 by the grid member too.
  expect(
    await api().call(LIU, 'request.createOnBehalf', {
      requestId: 'cat-disabled-onbehalf-x',
      buildingCode: 'B01',
      residentName: '张奶奶',
      category: 'dispute',
      description: '楼上漏水到我家，协商不成',
    }),
  ).toMatchObject(refusal('INVALID_INPUT', message))
  expect(await env.count(COLLECTIONS.requests)).toBe(count)
  // The one filed before is worked as ever.
  await api().ok(LIU, 'request.accept', { id: earlier.id })
  const done = await api().ok(LIU, 'request.resolve', {
    id: earlier.id,
    note: '已上门调解，双方同意修好水管',
  })
  expect(done).toMatchObject({ status: 'resolved', categoryName: '邻里纠纷' })
  // Enabled again, it may be chosen.
  await api().ok(ADMIN, 'settings.setCategory', { ...dispute, disabled: false })
  expect((await post('dispute')).categoryName).toBe('邻里纠纷')
})

test('the last category cannot be disabled', async () => {
  clock = bj('2026-12-03T15:00:00')
  const { categories } = await api().ok(ADMIN, 'settings.categories', {})
  const input = ({ code, name, tier, sensitive, defaultUnitId }: (typeof categories)[number]) => ({
    code,
    name,
    tier,
    sensitive,
    defaultUnitId,
  })
  const [last, ...rest] = categories
  for (const c of rest) await api().ok(ADMIN, 'settings.setCategory', { ...input(c), disabled: true })
  expect(await api().call(ADMIN, 'settings.setCategory', { ...input(last), disabled: true })).toEqual(
    refusal('CONFLICT', '至少要保留一类可选的诉求，居民才能反映问题'),
  )
  expect((await setting(last.code)).disabled).toBe(false)
  for (const c of rest) await api().ok(ADMIN, 'settings.setCategory', { ...input(c), disabled: false })
})

test('sensitive and the default unit follow the settings at filing', async () => {
  clock = bj('2026-12-03T16:00:00')
  const ordinary = await post('environment')
  expect(ordinary).toMatchObject({ level: 3, sensitive: false })
  const environment = { code: 'environment', name: '环境卫生', tier: 'ordinary', disabled: false } as const
  const marked = await api().ok(ADMIN, 'settings.setCategory', { ...environment, sensitive: true })
  expect(marked.events[0].note).toBe('仅社区可见：否 → 是')
  const sensitive = await post('environment')
  // Straight to the community level, out of the building's grid's sight.
  expect(sensitive).toMatchObject({ level: 1, sensitive: true })
  expect(await api().call(LIU, 'request.get', { id: sensitive.id })).toMatchObject(refusal('NOT_FOUND'))
  expect(await stored(ordinary.id)).toMatchObject({ level: 3, sensitive: false })
  clock = bj('2026-12-03T16:10:00')
  await api().ok(ADMIN, 'settings.setCategory', { ...environment, sensitive: false })
  clock = bj('2026-12-03T16:20:00')

  // A unit that does not cover 设施报修, made its default: first among 吹哨's choices for a request
  // filed after, not for one filed before.
  const unit = await api().ok(ADMIN, 'unit.save', {
    requestId: 'cat-unit-power-xxxxx',
    kind: 'utility',
    name: '国网供电所幸福里台区',
    categories: ['utility'],
    buildingCodes: [],
    gridIds: [],
    contactName: '周电工',
    contactPhone: '13900007777',
    partyOrg: false,
  })
  // 物业 covers 设施报修 in B01: what 吹哨 suggests first without a default.
  const property = await api().ok(ADMIN, 'unit.save', {
    requestId: 'cat-unit-property-xx',
    kind: 'property',
    name: '幸福里物业服务中心',
    categories: ['facility'],
    buildingCodes: ['B01'],
    gridIds: [],
    contactName: '孙经理',
    contactPhone: '13900003333',
    partyOrg: false,
  })
  const filedBefore = await post('facility')
  const set = await api().ok(ADMIN, 'settings.setCategory', { ...facility, defaultUnitId: unit.id })
  expect(set.categories.find((c) => c.code === 'facility')?.defaultUnitName).toBe('国网供电所幸福里台区')
  expect(set.events[0].note).toBe('默认责任单位：无 → 国网供电所幸福里台区')
  const filedAfter = await post('facility')
  const targetsAfter = (await api().ok(LEADER, 'request.whistleTargets', { id: filedAfter.id })).units
  expect(targetsAfter.map((u) => [u.id, u.covers])).toEqual([
    [unit.id, true],
    [property.id, true],
  ])
  const targetsBefore = (await api().ok(LEADER, 'request.whistleTargets', { id: filedBefore.id })).units
  expect(targetsBefore.map((u) => [u.id, u.covers])).toEqual([
    [property.id, true],
    [unit.id, false],
  ])
})

test('a request the system files itself (a 暖心助老 visit’s 求助帮扶) goes ahead in a disabled category', async () => {
  clock = bj('2026-12-04T09:00:00')
  const help = { code: 'help', name: '求助帮扶', tier: 'ordinary', sensitive: false, disabled: true } as const
  await api().ok(ADMIN, 'settings.setCategory', help)
  const building = await getBuilding(env.db, 'B01')
  const elder = await resident()
  const filing = (chosen: boolean) =>
    fileRequest(
      env.db,
      {
        id: `cat-visit-${chosen}`,
        requestId: `cat-visit-${chosen}`,
        resident: { openid: elder, name: '张奶奶' },
        building,
        category: 'help',
        description: '暖心助老探访：老人身体不适',
        at: clock,
        recordedBy: { openid: LIU, name: '刘芳' },
      },
      chosen,
    )
  await expect(filing(true)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  expect(await filing(false)).toMatchObject({ categoryName: '求助帮扶', status: 'assigned' })
  await api().ok(ADMIN, 'settings.setCategory', { ...help, disabled: false })
})
