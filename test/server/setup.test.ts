/**
 * 社区设置 from spreadsheets: the template imports as it is, every problem is reported with its
 * sheet, row and column and nothing is written, an import applies whole or not at all, re-importing
 * changes nothing, and the export imports back unchanged.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { applyWrites } from '../../cloudfunctions/core/setup/apply'
import { planImport } from '../../cloudfunctions/core/setup/plan'
import { readWorkbook, writeWorkbook, type SheetData } from '../../cloudfunctions/core/setup/workbook'
import type { ImportProblem } from '../../src/domain/setup'
import { copyExampleIntoSheets } from '../support/template'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const ADMIN = 'demo-admin'
let n = 0
/** A fresh requestId: each 确认导入 below is a new import. */
const rid = () => `setup-test-${++n}`

async function upload(openid: string, bytes: Buffer): Promise<string> {
  return env.upload(openid, `setup${++n}.xlsx`, bytes)
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** Everything an import may touch, as stored. */
async function snapshot() {
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const c of [COLLECTIONS.grids, COLLECTIONS.buildings, COLLECTIONS.staff]) {
    out[c] = (await env.db.collection(c).limit(1000).get()).data.sort(
      (a: { _id: string }, b: { _id: string }) => String(a._id).localeCompare(String(b._id)),
    )
  }
  return out
}

const GOOD: SheetData = {
  grids: [
    ['g-1', '幸福里社区', '1', ''],
    ['G7', '第七网格', '2', 'g-1'],
    ['G7-1', '1号微网格', '3', 'G7'],
  ],
  buildings: [['B701', '七号院1号楼', '建设路7号院1号楼', 'G7-1']],
  people: [
    ['钱玉兰', '13800007001', '网格长', 'G7', ''],
    ['马志强', '13800007011', '网格员', 'G7-1', ''],
  ],
}

function withRows(change: Partial<SheetData>): SheetData {
  return { ...GOOD, ...change }
}

async function preview(data: SheetData | Buffer, who = ADMIN) {
  const bytes = Buffer.isBuffer(data) ? data : await writeWorkbook(data)
  return env.call(who, 'setup.preview', { fileID: await upload(who, bytes) })
}

describe('template, import, re-import, export', () => {
  test('the unedited template imports nothing: its worked example is on the 说明 sheet', async () => {
    const before = await snapshot()
    const template = await env.ok(ADMIN, 'setup.template', {})
    const seen = await env.ok(ADMIN, 'setup.apply', {
      requestId: rid(),
      fileID: await upload(ADMIN, await download(template.url)),
    })
    expect(seen.changes).toBe(0)
    expect(seen.counts).toEqual([
      { kind: 'grids', add: 0, update: 0, unchanged: 1 },
      { kind: 'buildings', add: 0, update: 0, unchanged: 0 },
      { kind: 'people', add: 0, update: 0, unchanged: 0 },
    ])
    expect(await snapshot()).toEqual(before)
  })

  test('the example copied into the sheets previews, applies whole, and a second import changes nothing', async () => {
    const before = await snapshot()
    const template = await env.ok(ADMIN, 'setup.template', {})
    expect(template.fileName).toBe('幸福里社区-社区设置模板.xlsx')
    const bytes = await copyExampleIntoSheets(await download(template.url))
    const fileID = await upload(ADMIN, bytes)

    const seen = await env.ok(ADMIN, 'setup.preview', { fileID })
    expect(seen.problems).toEqual([])
    expect(seen.ready).toBe(true)
    expect(seen.counts).toEqual([
      { kind: 'grids', add: 3, update: 0, unchanged: 1 },
      { kind: 'buildings', add: 2, update: 0, unchanged: 0 },
      { kind: 'people', add: 4, update: 0, unchanged: 0 },
    ])
    // A preview writes nothing.
    expect(await snapshot()).toEqual(before)

    const applied = await env.ok(ADMIN, 'setup.apply', { requestId: rid(), fileID })
    expect(applied.changes).toBe(9)
    const after = await snapshot()
    expect(after.grids.length).toBe(before.grids.length + 3)
    expect(after.buildings.length).toBe(before.buildings.length + 2)
    expect(after.staff.length).toBe(4)
    const b901 = after.buildings.find((b) => b._id === 'B901')
    expect(b901).toMatchObject({ name: '九号院1号楼', gridId: 'G9-1', communityId: 'c-xingfuli' })
    const micro = after.grids.find((g) => g._id === 'G9-1')
    expect(micro).toMatchObject({ level: 3, parentId: 'G9', path: ['g-1', 'G9', 'G9-1'] })

    // The same file again: nothing to add or update, and nothing changes.
    const again = await env.ok(ADMIN, 'setup.apply', { requestId: rid(), fileID: await upload(ADMIN, bytes) })
    expect(again.changes).toBe(0)
    expect(again.counts.map((c) => c.add + c.update)).toEqual([0, 0, 0])
    expect(await snapshot()).toEqual(after)

    // The imported building is a real building: a resident can bind to it.
    const found = await env.ok('h5-new-resident-9', 'building.lookup', { buildingCode: 'B901' })
    expect(found).toMatchObject({
      name: '九号院1号楼',
      gridName: '第九网格 · 1号微网格',
      communityName: '幸福里社区',
    })
  })

  test('a changed name is an update; the export imports back with no change', async () => {
    const renamed = withRows({ buildings: [['B701', '七号院一号楼', '建设路7号院1号楼', 'G7-1']] })
    await env.ok(ADMIN, 'setup.apply', {
      requestId: rid(),
      fileID: await upload(ADMIN, await writeWorkbook(GOOD)),
    })
    const p = await preview(renamed)
    expect(p.ok && p.data.counts[1]).toEqual({ kind: 'buildings', add: 0, update: 1, unchanged: 0 })

    const exported = await env.ok(ADMIN, 'setup.export', {})
    const bytes = await download(exported.url)
    const book = await readWorkbook(bytes)
    expect(book.problems).toEqual([])
    expect(book.rows.buildings.map((r) => r.cells['楼栋编码'])).toEqual(
      expect.arrayContaining(['B01', 'B12', 'B701']),
    )
    // Seeded grid members (no roster line) are exported with their phones, as well as imported people.
    expect(book.rows.people.map((r) => r.cells['姓名'])).toEqual(expect.arrayContaining(['刘芳', '钱玉兰']))
    const before = await snapshot()
    const back = await env.ok(ADMIN, 'setup.apply', { requestId: rid(), fileID: await upload(ADMIN, bytes) })
    expect(back.problems).toEqual([])
    expect(back.changes).toBe(0)
    expect(await snapshot()).toEqual(before)
  })
})

describe('撤销导入', () => {
  test('the latest import is taken back whole: what it added goes, what it changed gets its old values', async () => {
    const renamedGrid = withRows({ grids: [['g-1-1', '第一网格（东片）', '2', 'g-1']] })
    const before = await snapshot()
    const p = await env.ok(ADMIN, 'setup.apply', {
      requestId: rid(),
      fileID: await upload(ADMIN, await writeWorkbook(renamedGrid)),
    })
    expect(p.changes).toBeGreaterThanOrEqual(1)
    const last = await env.ok(ADMIN, 'setup.lastImport', {})
    expect(last.last).toMatchObject({ changes: p.changes, byName: '李秀兰' })
    const undone = await env.ok(ADMIN, 'setup.undo', {})
    expect(undone.undone).toBe(p.changes)
    expect(await snapshot()).toEqual(before)
    expect((await env.ok(ADMIN, 'setup.lastImport', {})).last).toBeNull()
    expect(await env.call(ADMIN, 'setup.undo', {})).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('没有可以撤销的导入') },
    })
  })

  test('refused, with the reason, once what it added is in use; nothing changes', async () => {
    const fresh: SheetData = {
      grids: [
        ['GU', '第十网格', '2', 'g-1'],
        ['GU-1', '1号微网格', '3', 'GU'],
      ],
      buildings: [['BU01', '十号院1号楼', '建设路10号院1号楼', 'GU-1']],
      people: [],
    }
    await env.ok(ADMIN, 'setup.apply', {
      requestId: rid(),
      fileID: await upload(ADMIN, await writeWorkbook(fresh)),
    })
    const building = 'BU01'
    await env.ok('t-setup-undo-resident', 'me.bindBuilding', { buildingCode: building })
    const before = await snapshot()
    expect(await env.call(ADMIN, 'setup.undo', {})).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('已有居民绑定了导入的楼栋') },
    })
    expect(await snapshot()).toEqual(before)
    expect(await env.call('demo-leader-1', 'setup.undo', {})).toMatchObject(refusal('FORBIDDEN'))
  })
})

describe('every problem with its place, and nothing written', () => {
  const cases: { what: string; data: SheetData; expected: ImportProblem }[] = [
    {
      what: 'a duplicate building code',
      data: withRows({
        buildings: [
          ['B801', '八号院1号楼', '', 'G7-1'],
          ['B801', '八号院2号楼', '', 'G7-1'],
        ],
      }),
      expected: { sheet: '楼栋', row: 3, column: '楼栋编码', message: '楼栋编码与第2行重复' },
    },
    {
      what: 'an unknown parent grid',
      data: withRows({ grids: [...GOOD.grids, ['G8-1', '1号微网格', '3', 'G8']] }),
      expected: { sheet: '网格', row: 5, column: '上级网格编码', message: '找不到上级网格「G8」' },
    },
    {
      what: 'a building code that cannot go in a QR scene',
      data: withRows({ buildings: [['幸福8号楼', '8号楼', '', 'G7-1']] }),
      expected: {
        sheet: '楼栋',
        row: 2,
        column: '楼栋编码',
        message: '「幸福8号楼」不能放进二维码：只能用字母、数字、- 和 _，最多32位，不能有汉字或空格',
      },
    },
    {
      what: 'a malformed phone number',
      data: withRows({ people: [['马志强', '1380000701', '网格员', 'G7-1', '']] }),
      expected: { sheet: '人员', row: 2, column: '手机号', message: '「1380000701」不是11位手机号' },
    },
    {
      what: 'a building put in a grid that is not a micro-grid',
      data: withRows({ buildings: [['B702', '七号院2号楼', '', 'G7']] }),
      expected: {
        sheet: '楼栋',
        row: 2,
        column: '所属微网格编码',
        message: '楼栋要放在三级微网格里，「G7」是2级网格',
      },
    },
    {
      what: 'a grid member for a level-2 grid',
      data: withRows({ people: [['马志强', '13800007011', '网格员', 'G7', '']] }),
      expected: { sheet: '人员', row: 2, column: '网格编码', message: '网格员负责3级网格，「G7」是2级' },
    },
    {
      what: 'an unknown role',
      data: withRows({ people: [['马志强', '13800007011', '社区管理员', 'G7-1', '']] }),
      expected: { sheet: '人员', row: 2, column: '角色', message: '角色只能填 网格长、网格员、楼栋长' },
    },
    {
      what: 'a second first-level grid',
      data: withRows({ grids: [...GOOD.grids, ['ROOT2', '另一个社区', '1', '']] }),
      expected: {
        sheet: '网格',
        row: 5,
        column: '网格编码',
        message: '社区已有一级网格「g-1」，一级网格只能有一个',
      },
    },
  ]

  test.each(cases)('$what', async ({ data, expected }) => {
    const before = await snapshot()
    const res = await preview(data)
    if (!res.ok) throw new Error(res.error.message)
    expect(res.data.ready).toBe(false)
    expect(res.data.problems).toContainEqual(expected)
    const applied = await env.call(ADMIN, 'setup.apply', {
      requestId: rid(),
      fileID: await upload(ADMIN, await writeWorkbook(data)),
    })
    expect(applied.ok).toBe(false)
    if (!applied.ok) expect(applied.error.message).toMatch(/处问题，请修改后重新导入，本次没有写入任何内容/)
    expect(await snapshot()).toEqual(before)
  })

  test('a workbook without the sheets, and a file that is not a workbook', async () => {
    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Sheet1').addRow(['楼号', '名字'])
    const res = await preview(Buffer.from(await book.xlsx.writeBuffer()))
    expect(res.ok && res.data.problems).toContainEqual({
      sheet: '网格',
      row: 0,
      column: '',
      message: '缺少「网格」工作表，请使用模板',
    })
    const text = await preview(Buffer.from('姓名,手机号\n张三,13800000000\n'))
    expect(text.ok).toBe(false)
    if (!text.ok)
      expect(text.error).toMatchObject({
        code: 'INVALID_INPUT',
        message: '请上传 .xlsx 格式的 Excel 文件（可先下载模板）',
      })
  })

  test('a plan written in one transaction (a single row) that fails half-way writes nothing', async () => {
    const data = withRows({
      grids: [...GOOD.grids, ['G6', '第六网格', '2', 'g-1'], ['G6-1', '1号微网格', '3', 'G6']],
      buildings: [
        ['B601', '六号院1号楼', '', 'G6-1'],
        ['B602', '六号院2号楼', '', 'G6-1'],
      ],
    })
    const book = await readWorkbook(await writeWorkbook(data))
    const plan = await planImport(env.db, 'c-xingfuli', book, new Date('2026-11-25T10:00:00+08:00'))
    expect(plan.problems).toEqual([])
    expect(plan.writes.length).toBeGreaterThanOrEqual(4)
    const before = await snapshot()
    await expect(
      applyWrites(env.db, plan.writes, {
        beforeWrite: (i) => {
          if (i === 3) throw new Error('the function was stopped here')
        },
      }),
    ).rejects.toThrow('the function was stopped here')
    expect(await snapshot()).toEqual(before)
    // The same plan without the crash applies whole.
    await applyWrites(env.db, plan.writes)
    const after = await snapshot()
    expect(after.buildings.length).toBe(before.buildings.length + 2)
  })
})

describe('who may', () => {
  test('only the community admin; only their own upload', async () => {
    const before = await snapshot()
    for (const who of ['demo-member-1-1', 'demo-leader-1']) {
      const bytes = await writeWorkbook(GOOD)
      const res = await env.call(who, 'setup.apply', { requestId: rid(), fileID: await upload(who, bytes) })
      expect(res.ok).toBe(false)
      if (!res.ok)
        expect(res.error).toMatchObject({ code: 'FORBIDDEN', message: '只有社区管理员可以进行社区设置' })
    }
    const resident = await env.call('demo-resident-1', 'setup.template', {})
    expect(resident.ok).toBe(false)
    if (!resident.ok) expect(resident.error.code).toBe('FORBIDDEN')
    const othersFile = await upload('demo-member-1-1', await writeWorkbook(GOOD))
    const res = await env.call(ADMIN, 'setup.apply', { requestId: rid(), fileID: othersFile })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.error.message).toBe('只能导入您自己刚上传的文件')
    expect(await snapshot()).toEqual(before)
  })
})

describe('one at a time', () => {
  test('a grid, a building and a person by the same rules as the import', async () => {
    await env.ok(ADMIN, 'setup.saveGrid', { code: 'G5', name: '第五网格', level: 2, parent: 'g-1' })
    await env.ok(ADMIN, 'setup.saveGrid', { code: 'G5-1', name: '1号微网格', level: 3, parent: 'G5' })
    const added = await env.ok(ADMIN, 'setup.saveBuilding', {
      code: 'B501',
      name: '五号院1号楼',
      address: '',
      gridCode: 'G5-1',
    })
    expect(added).toEqual({ added: 1, updated: 0 })
    const renamed = await env.ok(ADMIN, 'setup.saveBuilding', {
      code: 'B501',
      name: '五号院一号楼',
      address: '',
      gridCode: 'G5-1',
    })
    expect(renamed).toEqual({ added: 0, updated: 1 })
    await env.ok(ADMIN, 'setup.savePerson', {
      name: '冯秀珍',
      phone: '13800005011',
      role: '网格员',
      gridCode: 'G5-1',
      buildingCode: '',
    })
    const before = await snapshot()
    const bad = await env.call(ADMIN, 'setup.saveBuilding', {
      code: '五号院2号楼',
      name: '2号楼',
      address: '',
      gridCode: 'G5',
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT')
      expect(bad.error.fields).toEqual({
        code: '「五号院2号楼」不能放进二维码：只能用字母、数字、- 和 _，最多32位，不能有汉字或空格',
        gridCode: '楼栋要放在三级微网格里，「G5」是2级网格',
      })
    }
    const phone = await env.call(ADMIN, 'setup.savePerson', {
      name: '冯秀珍',
      phone: '1380000',
      role: '网格员',
      gridCode: 'G5-1',
      buildingCode: '',
    })
    expect(!phone.ok && phone.error.fields).toEqual({ phone: '「1380000」不是11位手机号' })
    const member = await env.call('demo-member-1-1', 'setup.saveGrid', {
      code: 'X',
      name: 'X',
      level: 2,
      parent: 'g-1',
    })
    expect(!member.ok && member.error.code).toBe('FORBIDDEN')
    expect(await snapshot()).toEqual(before)
  })
})
