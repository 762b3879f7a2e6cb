/**
 * 确认导入 in batches, made visible at once (cloudfunctions/core/setup/stage.ts), against the real
 * SDK and the local environment: a crash between batches leaves users with the old set-up and the
 * same requestId finishes the import where it stopped; a crash after its last transaction leaves
 * them the new set-up whole; another import meanwhile is refused in words, one left silent is
 * discarded by the next; an undo goes back whole the same way. Crashes are hooks that throw.
 */
import { byId, COLLECTIONS } from '../../cloudfunctions/core/db'
import { applyImport } from '../../cloudfunctions/core/setup/actions'
import { IMPORT_LEASE_MS, importId, type StageHooks } from '../../cloudfunctions/core/setup/stage'
import { undoImport } from '../../cloudfunctions/core/setup/undo'
import { writeWorkbook, type SheetData } from '../../cloudfunctions/core/setup/workbook'
import { clockApi, startTestEnv, type TestEnv } from '../support/env'
import { setupWorkbook } from '../support/workbooks'

const AT = new Date('2026-11-26T10:00:00+08:00')
const ADMIN = 'demo-admin'
const COMMUNITY = 'c-xingfuli'
const RESIDENT = 't-staged-resident'

let env: TestEnv
let clock = AT
const now = () => clock
let api: ReturnType<typeof clockApi>
beforeAll(async () => {
  env = await startTestEnv({ at: AT })
  api = clockApi(env, now)
})
afterAll(() => env.close())

let n = 0
async function upload(data: SheetData): Promise<string> {
  return env.upload(ADMIN, `staged-${++n}.xlsx`, await writeWorkbook(data))
}

/** The admin's use cases called as the router calls them, with a crash where the hooks say. */
const adminCtx = () => env.context(ADMIN, now)

const stopped = () => new Error('the function was stopped here')
const crashBeforeBatch = (k: number): StageHooks => ({
  beforeBatch: (i) => {
    if (i === k) throw stopped()
  },
})

/** What users see of the set-up: the admin's lists, the roster, a resident's look-ups, the export. */
async function usersSee(codes: string[]) {
  const list = await api.ok(ADMIN, 'building.list', {})
  const roles = await api.ok(ADMIN, 'role.list', {})
  const lookups: Record<string, string> = {}
  for (const code of ['B01', ...codes]) {
    const res = await api.call(RESIDENT, 'building.lookup', { buildingCode: code })
    lookups[code] = res.ok ? `${res.data.name} · ${res.data.gridName}` : res.error.code
  }
  const exported = await api.ok(ADMIN, 'setup.export', {})
  return {
    grids: list.grids.map((g) => `${g.id} ${g.label} ${g.buildings}`),
    buildings: list.buildings.map((b) => `${b.code} ${b.name} ${b.gridId}`),
    roster: roles.roster.map((r) => `${r.name} ${r.gridName}`).sort(),
    pickers: roles.buildings.length + roles.grids.length,
    lookups,
    counts: exported.counts,
  }
}

/** Documents written but not settled: proof that a test ran with hidden documents in the database. */
async function marked(importOf?: string): Promise<number> {
  const _ = env.db.command
  let total = 0
  for (const c of [COLLECTIONS.grids, COLLECTIONS.buildings, COLLECTIONS.staff])
    total += (
      await env.db
        .collection(c)
        .where({ stagedBy: importOf ?? _.exists(true) })
        .count()
    ).total
  return total
}

async function holder(): Promise<string | null | undefined> {
  return (await byId(env.db, 'communities', COMMUNITY))?.importing
}

const renamedB01: SheetData['buildings'][number] = ['B01', '1号楼（东）', '幸福里小区1号楼', 'g-1-1-1']

describe('a crash between batches', () => {
  test('users keep the old set-up; the same requestId resumes where it stopped and shows all of it at once', async () => {
    const data = setupWorkbook({
      prefix: 'SA',
      grids: 1,
      microPerGrid: 3,
      buildingsPerMicro: 40,
      phone: 13600000000,
    })
    data.buildings.push(renamedB01)
    const fileID = await upload(data)
    const probe = ['SA1-1-1', 'SA1-3-40']
    const before = await usersSee(probe)
    expect(before.lookups).toEqual({
      B01: expect.stringMatching(/^1号楼 · /),
      'SA1-1-1': 'NOT_FOUND',
      'SA1-3-40': 'NOT_FOUND',
    })
    const preview = await api.ok(ADMIN, 'setup.preview', { fileID })
    expect(preview.ready).toBe(true)
    // 4 grids, 120 buildings and 124 people to add (5 batches: 1 + 2 + 2), B01 renamed.
    expect(preview.changes).toBe(4 + 120 + 124 + 1)

    const requestId = 'staged-crash-1'
    await expect(applyImport({ fileID, requestId }, await adminCtx(), crashBeforeBatch(3))).rejects.toThrow(
      'the function was stopped here',
    )
    // The grids, the buildings and no one yet are in the database, hidden; B01 keeps its name.
    expect(await marked()).toBe(4 + 120)
    expect(await usersSee(probe)).toEqual(before)
    expect(await holder()).toBe(importId(COMMUNITY, requestId))

    // Meanwhile another import, a single row and an undo are refused, in words, and write nothing.
    const busy = expect.stringMatching(
      /^李秀兰在11-26 10:00开始的导入还没有完成，请等它完成后再操作；如果那次已经中断，10分钟后可以重新开始$/,
    )
    const small = setupWorkbook({
      prefix: 'SX',
      grids: 1,
      microPerGrid: 1,
      buildingsPerMicro: 1,
      phone: 13600009000,
    })
    for (const res of [
      await api.call(ADMIN, 'setup.apply', { requestId: 'staged-crash-other', fileID: await upload(small) }),
      await api.call(ADMIN, 'setup.saveGrid', { code: 'SX9', name: '第九网格', level: 2, parent: 'g-1' }),
      await api.call(ADMIN, 'setup.undo', {}),
    ])
      expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: busy } })
    expect(await byId(env.db, 'imports', importId(COMMUNITY, 'staged-crash-other'))).toBeNull()
    expect(await usersSee(probe)).toEqual(before)

    // The retry (the screen sends the same requestId) starts at the batch that was not written.
    const seen: number[] = []
    const done = await applyImport({ fileID, requestId }, await adminCtx(), {
      beforeBatch: (i) => seen.push(i),
    })
    expect(seen).toEqual([3, 4])
    expect(done.changes).toBe(preview.changes)
    expect(done.counts).toEqual(preview.counts)
    const after = await usersSee(probe)
    expect(after.lookups).toEqual({
      B01: before.lookups.B01.replace('1号楼', '1号楼（东）'),
      'SA1-1-1': 'SA1-1-1号楼 · SA第1网格 · 1号微网格',
      'SA1-3-40': 'SA1-3-40号楼 · SA第1网格 · 3号微网格',
    })
    expect(after.buildings.length).toBe(before.buildings.length + 120)
    expect(after.grids.length).toBe(before.grids.length + 4)
    expect(after.roster.length).toBe(before.roster.length + 124)
    expect(await marked()).toBe(0)
    expect(await holder()).toBeNull()

    // Once more (a lost answer): the same answer, nothing written.
    const fingerprint = env.fingerprint([COLLECTIONS.rateLimits])
    expect(await api.ok(ADMIN, 'setup.apply', { requestId, fileID })).toEqual(done)
    expect(env.fingerprint([COLLECTIONS.rateLimits])).toBe(fingerprint)

    // And it is taken back whole.
    expect((await api.ok(ADMIN, 'setup.undo', {})).undone).toBe(preview.changes)
    expect(await usersSee(probe)).toEqual(before)
    expect(await marked()).toBe(0)
    expect(await holder()).toBeNull()
  })

  test('a crash after the last transaction: users see the new set-up whole; the next import settles it', async () => {
    const data = setupWorkbook({
      prefix: 'SB',
      grids: 1,
      microPerGrid: 2,
      buildingsPerMicro: 60,
      phone: 13600001000,
    })
    const fileID = await upload(data)
    const probe = ['SB1-1-1', 'SB1-2-60']
    const before = await usersSee(probe)
    const requestId = 'staged-after-commit'
    await expect(
      applyImport({ fileID, requestId }, await adminCtx(), {
        afterCommit: () => {
          throw stopped()
        },
      }),
    ).rejects.toThrow('the function was stopped here')
    // Still marked, already shown: the record says applied.
    expect(await marked()).toBe(3 + 120 + 123)
    const after = await usersSee(probe)
    expect(after.buildings.length).toBe(before.buildings.length + 120)
    expect(after.roster.length).toBe(before.roster.length + 123)
    expect(Object.values(after.lookups).filter((v) => v === 'NOT_FOUND')).toEqual([])

    // The next import of the community takes the marks off and goes ahead.
    const next = setupWorkbook({
      prefix: 'SC',
      grids: 1,
      microPerGrid: 1,
      buildingsPerMicro: 2,
      phone: 13600002000,
    })
    await api.ok(ADMIN, 'setup.apply', { requestId: 'staged-after-commit-next', fileID: await upload(next) })
    expect(await marked()).toBe(0)
    expect(await holder()).toBeNull()
    expect((await usersSee(probe)).buildings.length).toBe(after.buildings.length + 2)
  })
})

describe('an import left silent', () => {
  test('is discarded by the next one after the lease; nobody ever saw it, and its requestId says so', async () => {
    const silent = setupWorkbook({
      prefix: 'SD',
      grids: 1,
      microPerGrid: 2,
      buildingsPerMicro: 60,
      phone: 13600003000,
    })
    const probe = ['SD1-1-1', 'SE1-1-1']
    const before = await usersSee(probe)
    const silentFile = await upload(silent)
    await expect(
      applyImport({ fileID: silentFile, requestId: 'staged-silent' }, await adminCtx(), crashBeforeBatch(1)),
    ).rejects.toThrow('the function was stopped here')
    expect(await marked(importId(COMMUNITY, 'staged-silent'))).toBe(3)

    const next = setupWorkbook({
      prefix: 'SE',
      grids: 1,
      microPerGrid: 2,
      buildingsPerMicro: 60,
      phone: 13600004000,
    })
    const nextFile = await upload(next)
    clock = new Date(clock.getTime() + IMPORT_LEASE_MS - 60_000)
    expect(
      await api.call(ADMIN, 'setup.apply', { requestId: 'staged-takeover', fileID: nextFile }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('1分钟后可以重新开始') },
    })
    clock = new Date(clock.getTime() + 60_000)
    const taken = await api.ok(ADMIN, 'setup.apply', { requestId: 'staged-takeover', fileID: nextFile })
    expect(taken.changes).toBe(3 + 120 + 123)
    expect(await marked()).toBe(0)
    const after = await usersSee(probe)
    expect(after.lookups['SD1-1-1']).toBe('NOT_FOUND')
    expect(after.lookups['SE1-1-1']).toBe('SE1-1-1号楼 · SE第1网格 · 1号微网格')
    expect(after.buildings.length).toBe(before.buildings.length + 120)

    expect(
      await api.call(ADMIN, 'setup.apply', { requestId: 'staged-silent', fileID: silentFile }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '这次导入已经取消，没有写入任何内容；请重新选择文件导入' },
    })
    expect(await marked()).toBe(0)
  })
})

describe('撤销导入, the same way', () => {
  test('an undo stopped half-way changes nothing anyone sees; the next one takes the import back whole', async () => {
    // The latest import is the one that took over (SE): 3 grids, 120 buildings, 123 people.
    const probe = ['SE1-1-1', 'SE1-2-60']
    const withIt = await usersSee(probe)
    await expect(undoImport({}, await adminCtx(), crashBeforeBatch(2))).rejects.toThrow(
      'the function was stopped here',
    )
    expect(await marked()).toBeGreaterThan(0)
    expect(await usersSee(probe)).toEqual(withIt)

    // A crash after its transaction: all of it is gone at once, before the documents are removed.
    clock = new Date(clock.getTime() + 60_000)
    await expect(
      undoImport({}, await adminCtx(), {
        afterCommit: () => {
          throw stopped()
        },
      }),
    ).rejects.toThrow('the function was stopped here')
    expect(await marked()).toBe(3 + 120 + 123)
    const gone = await usersSee(probe)
    expect(gone.lookups).toMatchObject({ 'SE1-1-1': 'NOT_FOUND', 'SE1-2-60': 'NOT_FOUND' })
    expect(gone.buildings.length).toBe(withIt.buildings.length - 120)
    expect(gone.roster.length).toBe(withIt.roster.length - 123)

    // What comes next settles it: the hidden documents are removed, the community free.
    await api.ok(ADMIN, 'setup.saveGrid', { code: 'SF1', name: 'SF第1网格', level: 2, parent: 'g-1' })
    expect(await marked()).toBe(0)
    expect(await holder()).toBeNull()
    expect(await byId(env.db, 'buildings', 'SE1-1-1')).toBeNull()
  })
})

describe('refused before anything is staged', () => {
  test('no requestId, a malformed one, a file with problems, a caller who is not the admin', async () => {
    const data = setupWorkbook({
      prefix: 'SG',
      grids: 1,
      microPerGrid: 1,
      buildingsPerMicro: 2,
      phone: 13600005000,
    })
    const fileID = await upload(data)
    const imports = async () => (await env.db.collection(COLLECTIONS.imports).count()).total
    const count = await imports()
    const fingerprint = env.fingerprint([COLLECTIONS.rateLimits, COLLECTIONS.uploads])
    expect(await api.call(ADMIN, 'setup.apply', { fileID } as never)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '缺少请求编号' },
    })
    expect(await api.call(ADMIN, 'setup.apply', { fileID, requestId: 'x y' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '请求编号格式不正确' },
    })
    const bad = { ...data, buildings: [...data.buildings, ['SG1-1-3', '', '', 'SG1-1']] }
    expect(
      await api.call(ADMIN, 'setup.apply', { fileID: await upload(bad), requestId: 'staged-bad-file' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '文件中有1处问题，请修改后重新导入，本次没有写入任何内容' },
    })
    for (const who of ['demo-member-1-1', 'demo-leader-1', 'demo-resident-1']) {
      const own = await env.upload(who, `staged-${++n}.xlsx`, await writeWorkbook(data))
      const res = await api.call(who, 'setup.apply', { fileID: own, requestId: `staged-not-admin-${n}` })
      expect(res.ok).toBe(false)
      if (!res.ok) expect(res.error.code).toBe('FORBIDDEN')
    }
    expect(await imports()).toBe(count)
    expect(env.fingerprint([COLLECTIONS.rateLimits, COLLECTIONS.uploads])).toBe(fingerprint)
    expect(await holder()).toBeNull()
  })
})
