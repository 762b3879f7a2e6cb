/**
 * 治安线索 — sensitive reports are not refused (issue 16, part 5). A request whose text WeChat's
 * content check calls risky (a report of 毒品, 赌博, 枪支, 传销 uses the very words) or whose
 * category is sensitive goes straight to the community level with the label, and is seen by its
 * resident, the community level and whoever takes it — not by the building's grid member or
 * leader, in any list, detail, overdue list, 台账 export, board row or notice. Text other people
 * read (a wish, an activity) with the same words is still refused.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { RISKY_MESSAGE } from '../../cloudfunctions/core/content'
import type { MessageDoc } from '../../cloudfunctions/core/model'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { requestDocId } from '../../cloudfunctions/core/requests/store'
import type { InboxTab, RequestSummary } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput } from '../support/fixtures'
import { storedRequest } from '../support/reads'
import { bj } from '../support/time'

/** A Monday: the accept clock of an ordinary request ends tomorrow at this time. */
const START = bj('2026-12-07T09:00:00')
const env = fileEnv({ at: START })
let clock = START
const api = () => clockApi(env, () => clock)

const ADMIN = 'demo-admin'
/** B01's micro-grid member and the leader of the grid above it: the building's grid. */
const MEMBER = 'demo-member-1-1'
const LEADER = 'demo-leader-1'
const BUILDINGS_GRID = [MEMBER, LEADER]

/** The four (聚众赌博 alone is under the 5 characters a description needs: a place is added). */
const REPORTS = ['楼下车库有人卖毒品', '楼下棋牌室聚众赌博', '邻居家好像藏有枪支', '有人搞传销']
const TABS: InboxTab[] = ['assigned', 'accepted', 'slipped', 'done']

let seq = 0
const rid = (tag: string) => `sensitive-${tag}-${++seq}`

async function resident(building = 'B01'): Promise<string> {
  const openid = `t-sensitive-${++seq}`
  await api().ok(openid, 'me.bindBuilding', { buildingCode: building, room: '3单元502' })
  await api().ok(openid, 'me.contact', { name: '王先生', phone: '13912345678' })
  return openid
}

const stored = (id: string) => storedRequest(env, id)

/** Every id in someone's inbox, tab by tab, with the counts of the tabs that have one. */
async function inboxOf(who: string) {
  const ids = new Set<string>()
  let counts = {}
  for (const tab of TABS) {
    const page = await api().ok(who, 'request.inbox', { tab })
    page.items.forEach((r) => ids.add(r.id))
    counts = page.counts
  }
  return { ids, counts }
}

/** The 工单号 in the month's 台账 export of `who`. */
async function ledgerNos(who: string, month = '2026-12'): Promise<string[]> {
  const file = await api().ok(who, 'metrics.exportLedger', { month })
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await (await fetch(file.url)).arrayBuffer()) as ArrayBuffer)
  const sheet = wb.getWorksheet('诉求台账')
  if (!sheet) throw new Error('诉求台账 missing')
  return (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((r) => String(r.getCell(1).value))
}

/** Who was told of these requests (the outbox, fanned out at once). */
async function toldOf(ids: string[]): Promise<Set<string>> {
  const _ = env.db.command
  const res = await env.db
    .collection(COLLECTIONS.messages)
    .where({ targetId: _.in(ids) })
    .limit(1000)
    .get()
  return new Set((res.data as MessageDoc[]).map((m) => m.openid))
}

const received = async (gridId: string) => {
  const board = await api().ok(ADMIN, 'metrics.month', { month: '2026-12' })
  return board.grids.find((g) => g.gridId === gridId)?.received
}

let reports: RequestSummary[] = []
let owners: string[] = []
/** Every sensitive request this file makes, for the board's count. */
const sensitiveIds: string[] = []
const made = (r: RequestSummary) => {
  if (r.sensitive) sensitiveIds.push(r.id)
  return r
}
const before: Record<string, unknown> = {}

beforeAll(async () => {
  for (const who of BUILDINGS_GRID) before[who] = (await inboxOf(who)).counts
  before.micro = await received('g-1-1-1')
  before.grid = await received('g-1-1')
  before.community = await received('g-1')
  owners = await Promise.all(REPORTS.map(() => resident()))
  reports = await Promise.all(
    REPORTS.map((description, i) =>
      api()
        .ok(owners[i], 'request.create', { requestId: rid('report'), category: 'other', description })
        .then(made),
    ),
  )
})

test.each(REPORTS.map((text, i) => [text, i] as const))(
  '“%s” is accepted, sent straight to the community with its label',
  async (text, i) => {
    expect(reports[i]).toMatchObject({
      description: text,
      level: 1,
      gridName: '幸福里社区',
      sensitive: true,
      contentLabel: '违法犯罪',
    })
    const doc = await stored(reports[i].id)
    expect(doc).toMatchObject({
      gridId: 'g-1',
      gridPath: ['g-1'],
      // Still the building's, for where it came from; its figures are the community's (below).
      homeGridPath: ['g-1', 'g-1-1', 'g-1-1-1'],
      sensitive: true,
      contentLabel: 20006,
    })
    expect(doc.events).toHaveLength(1)
    expect(doc.events[0].note).toBe('内容涉及违法犯罪线索，已转社区处理；已分派至幸福里社区')
  },
)

test('the label is what WeChat answered, not one word for every report', async () => {
  const r = made(
    await api().ok(await resident(), 'request.create', {
      requestId: rid('label'),
      category: 'environment',
      description: '楼道里到处贴着裸聊的小卡片',
    }),
  )
  expect(r).toMatchObject({ level: 1, sensitive: true, contentLabel: '色情' })
  expect((await stored(r.id)).events[0].note).toBe('内容涉及色情信息，已转社区处理；已分派至幸福里社区')
})

test('the demo has one: 孙阿姨’s report from 3号楼, the admin’s to handle, not 陈明’s or 王建国’s', async () => {
  const id = requestDocId('demo-resident-2', 'demo-seed-0006')
  expect(await api().ok('demo-resident-2', 'request.get', { id })).toMatchObject({
    buildingName: '3号楼',
    level: 1,
    sensitive: true,
    contentLabel: '违法犯罪',
  })
  expect((await inboxOf(ADMIN)).ids.has(id)).toBe(true)
  for (const who of ['demo-member-1-2', LEADER])
    expect(await api().call(who, 'request.get', { id })).toMatchObject(refusal('NOT_FOUND'))
})

test('the building’s member and leader find them nowhere; the resident and the admin do', async () => {
  const ids = reports.map((r) => r.id)
  for (const who of BUILDINGS_GRID) {
    const inbox = await inboxOf(who)
    expect(ids.filter((id) => inbox.ids.has(id))).toEqual([])
    expect(inbox.counts).toEqual(before[who])
    for (const id of ids)
      expect(await api().call(who, 'request.get', { id })).toMatchObject(refusal('NOT_FOUND'))
  }
  const admin = await inboxOf(ADMIN)
  expect(ids.filter((id) => !admin.ids.has(id))).toEqual([])
  const seen = await api().ok(ADMIN, 'request.get', { id: ids[0] })
  expect(seen.actions).toContain('accept')
  expect(seen.resident?.room).toBe('3单元502')
  const mine = await api().ok(owners[0], 'request.listMine', {})
  expect(mine.items.map((r) => r.id)).toContain(ids[0])
  const own = await api().ok(owners[0], 'request.get', { id: ids[0] })
  expect(own.events[0].note).toBe('内容涉及违法犯罪线索，已转社区处理；已分派至幸福里社区')
  // 新诉求待接单 reached the community's admin alone (the first-level grid has no staff of its own).
  expect([...(await toldOf(ids))]).toEqual([ADMIN])
})

test('我的数据: the resident’s export says it went to the community and why', async () => {
  const { data } = await api().ok(owners[0], 'me.export', {})
  expect(data.requests).toEqual([
    expect.objectContaining({ no: reports[0].no, sensitive: true, contentLabel: '违法犯罪' }),
  ])
})

test('a sensitive category goes the same way, with no label of the text', async () => {
  const owner = await resident()
  const r = made(
    await api().ok(owner, 'request.create', {
      requestId: rid('category'),
      category: 'security',
      description: '最近总有几个陌生人晚上在地下车库转悠，形迹可疑',
    }),
  )
  expect(r).toMatchObject({ level: 1, sensitive: true, contentLabel: null, categoryName: '治安线索' })
  const doc = await stored(r.id)
  expect(doc).toMatchObject({ gridId: 'g-1', sensitive: true, contentLabel: null })
  expect(doc.events[0].note).toBe('治安线索，已转社区处理；已分派至幸福里社区')
  for (const who of BUILDINGS_GRID)
    expect(await api().call(who, 'request.get', { id: r.id })).toMatchObject(refusal('NOT_FOUND'))
  expect((await api().ok(ADMIN, 'request.get', { id: r.id })).actions).toContain('accept')
  // An ordinary category with ordinary words stays with the building's grid.
  const plain = await api().ok(owner, 'request.create', {
    requestId: rid('plain'),
    category: 'facility',
    description: '地下车库的照明灯坏了好几盏',
  })
  expect(plain).toMatchObject({ level: 3, sensitive: false, contentLabel: null })
  expect((await api().ok(MEMBER, 'request.get', { id: plain.id })).actions).toContain('accept')
})

test('the same words on a wish or an activity are still refused, and nothing is written', async () => {
  const owner = await resident()
  for (const text of REPORTS) {
    const unchanged = env.fingerprint([COLLECTIONS.rateLimits])
    expect(
      await api().call(owner, 'wish.create', {
        requestId: rid('wish'),
        category: 'goods',
        what: '想请人帮个忙',
        why: `${text}，我们很害怕，想请人来看看`,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: RISKY_MESSAGE, fields: { why: RISKY_MESSAGE } },
    })
    expect(
      await api().call(ADMIN, 'activity.create', activityInput(rid('activity'), { description: text })),
    ).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: RISKY_MESSAGE, fields: { description: RISKY_MESSAGE } },
    })
    expect(env.fingerprint([COLLECTIONS.rateLimits])).toBe(unchanged)
  }
  expect(RISKY_MESSAGE).toBe('内容含有不适宜公开的信息，请修改后再提交')
})

test('代录: the member who filed it follows it, read only; their leader does not see it', async () => {
  const r = made(
    await api().ok(MEMBER, 'request.createOnBehalf', {
      requestId: rid('behalf'),
      buildingCode: 'B01',
      residentName: '张奶奶',
      category: 'help',
      description: '张奶奶说邻居家好像藏有枪支，她很害怕',
    }),
  )
  expect(r).toMatchObject({ level: 1, sensitive: true, contentLabel: '违法犯罪', recordedByName: '刘芳' })
  const followed = await api().ok(MEMBER, 'request.get', { id: r.id })
  expect(followed).toMatchObject({ actions: [], resident: null })
  expect(await api().call(MEMBER, 'request.accept', { id: r.id })).toMatchObject(refusal('FORBIDDEN'))
  expect(await api().call(LEADER, 'request.get', { id: r.id })).toMatchObject(refusal('NOT_FOUND'))
  const admin = await api().ok(ADMIN, 'request.get', { id: r.id })
  expect(admin.actions).toContain('accept')
  expect(admin.actions).not.toContain('dispatch')
})

test('it stays with the community: not sent down to a grid; whoever takes it handles it', async () => {
  const [first, second] = reports
  expect(await api().call(ADMIN, 'request.dispatch', { id: first.id, gridId: 'g-1-1-1' })).toEqual(
    refusal('CONFLICT', '涉及治安线索的诉求由社区办理，不能转派到网格'),
  )
  expect(await api().ok(ADMIN, 'request.dispatchTargets', { id: first.id })).toEqual({ grids: [] })
  expect((await api().ok(ADMIN, 'request.get', { id: first.id })).actions).not.toContain('dispatch')
  const taken = await api().ok(ADMIN, 'request.accept', { id: second.id })
  expect(taken).toMatchObject({ status: 'accepted', assigneeName: '李秀兰' })
  expect(await api().ok(ADMIN, 'person.reveal', { kind: 'requestResident', id: second.id })).toEqual({
    name: '王先生',
    phone: '13912345678',
  })
  for (const who of BUILDINGS_GRID) {
    expect(await api().call(who, 'request.get', { id: second.id })).toMatchObject(refusal('NOT_FOUND'))
    expect(await api().call(who, 'request.chase', { id: second.id })).toMatchObject(refusal('NOT_FOUND'))
  }
  const resolved = await api().ok(ADMIN, 'request.resolve', {
    id: second.id,
    note: '已将线索移交派出所，民警已上门核查',
  })
  expect(resolved.status).toBe('resolved')
  expect((await api().ok(owners[1], 'request.get', { id: second.id })).actions).toContain('rate')
})

test('overdue, gone up to the street: still not in the building’s grid’s lists', async () => {
  const waiting = reports[2]
  // The accept clock (1 working day) ran out yesterday morning.
  clock = bj('2026-12-09T10:00:00')
  const overdue = async (who: string) => (await api().ok(who, 'request.overdue', {})).items.map((r) => r.id)
  expect(await overdue(LEADER)).not.toContain(waiting.id)
  expect(await overdue(ADMIN)).toContain(waiting.id)
  await runScheduler(env.deps(() => clock))
  const doc = await stored(waiting.id)
  expect(doc).toMatchObject({ level: 0, slippedFrom: ['g-1'], sensitive: true })
  expect(doc.events.at(-1)?.type).toBe('acceptTimeout')
  for (const who of BUILDINGS_GRID) {
    expect((await inboxOf(who)).ids.has(waiting.id)).toBe(false)
    expect(await api().call(who, 'request.get', { id: waiting.id })).toMatchObject(refusal('NOT_FOUND'))
  }
  expect(await overdue(LEADER)).not.toContain(waiting.id)
  expect((await api().ok(ADMIN, 'request.inbox', { tab: 'slipped' })).items.map((r) => r.id)).toContain(
    waiting.id,
  )
  expect(await overdue(ADMIN)).toContain(waiting.id)
  expect([...(await toldOf([waiting.id]))]).toEqual([ADMIN])
})

test('the 台账 export and the board: the community’s, not the building’s grid’s', async () => {
  const nos = reports.map((r) => r.no)
  // A request from before the field existed is an ordinary one: still in its grid's 台账.
  const plain = await api().ok(await resident(), 'request.create', {
    requestId: rid('old'),
    category: 'facility',
    description: '单元门的闭门器坏了，门关不上',
  })
  await env.db
    .collection(COLLECTIONS.requests)
    .doc(plain.id)
    .update({ sensitive: env.db.command.remove(), contentLabel: env.db.command.remove() })
  expect((await stored(plain.id)).sensitive).toBeUndefined()

  const leaders = await ledgerNos(LEADER)
  expect(nos.filter((no) => leaders.includes(no))).toEqual([])
  expect(leaders).toContain(plain.no)
  const admins = await ledgerNos(ADMIN)
  expect(nos.filter((no) => !admins.includes(no))).toEqual([])

  // Counted where they are handled: in the community's figures, not in B01's grids' (as of a
  // moment after the last was made: the board counts what came before now).
  clock = bj('2026-12-09T10:05:00')
  expect(sensitiveIds).toHaveLength(REPORTS.length + 3)
  const plainSince = 2 // `plain` here and the 设施报修 of the category test, both from B01
  expect(await received('g-1-1-1')).toBe((before.micro as number) + plainSince)
  expect(await received('g-1-1')).toBe((before.grid as number) + plainSince)
  expect(await received('g-1')).toBe((before.community as number) + plainSince + sensitiveIds.length)
})
