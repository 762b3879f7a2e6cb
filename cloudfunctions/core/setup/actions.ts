/**
 * 社区设置: the community's grids, buildings and roster from and to the spreadsheets it keeps.
 * Only the community's admin. An import is previewed first (nothing written), then applied whole:
 * staged in batches under the admin's requestId and made visible at once (stage.ts).
 */
import { AppError } from '../../../src/domain/errors'
import { isOwnUpload } from '../../../src/domain/photos'
import {
  MAX_WORKBOOK_BYTES,
  MOBILE_PATTERN,
  ROSTER_ROLE_LABELS,
  ROW_FIELDS,
  SHEET_KINDS,
  SHEETS,
  type SheetKind,
} from '../../../src/domain/setup'
import { formatLocal } from '../../../src/domain/time'
import { getCommunity } from '../community'
import { attachUploads } from '../uploads/actions'
import type { ActionContext } from '../context'
import { byId, type Database } from '../db'
import { deliverDocument } from '../documents'
import type { ImportDoc } from '../model'
import { applyWrites } from './apply'
import { planImport, type ImportPlan } from './plan'
import { beginImport, finishIfHolding, importId, runImport, settle, take, type StageHooks } from './stage'
import { loadSetup, type RosterEntry } from './store'
import { readWorkbook, writeWorkbook, type ParsedWorkbook, type SheetData } from './workbook'
import { adminCommunity } from '../scopes'

const LINK_SECONDS = 600

const invalidFile = (message: string) => new AppError('INVALID_INPUT', message, { fileID: message })

/** The caller's own upload (as photos are), a zip by its first bytes, read as a workbook. */
async function uploadedWorkbook(ctx: ActionContext, fileID: string) {
  if (!isOwnUpload(ctx.caller.openid, fileID)) throw invalidFile('只能导入您自己刚上传的文件')
  await attachUploads(ctx.deps.db, ctx.caller.openid, [fileID], invalidFile, false)
  const bytes = await ctx.deps.files.read(fileID)
  if (!bytes) throw invalidFile('文件还没有上传完成，请重新选择')
  if (bytes.length > MAX_WORKBOOK_BYTES) throw invalidFile('文件不能超过5MB')
  // .xlsx is a zip: PK\x03\x04. An .xls (or a renamed picture) is refused with the same words.
  if (bytes.readUInt32BE(0) !== 0x504b0304)
    throw invalidFile('请上传 .xlsx 格式的 Excel 文件（可先下载模板）')
  return readWorkbook(bytes)
}

function previewOf(plan: ImportPlan) {
  return {
    counts: SHEET_KINDS.map((kind) => ({ kind, ...plan.counts[kind] })),
    problems: plan.problems,
    changes: plan.writes.length,
    ready: plan.problems.length === 0,
  }
}

/** What a finished import answers, again to a retry of its requestId. */
function previewOfRecord(rec: ImportDoc) {
  const none = { add: 0, update: 0, unchanged: 0 }
  return {
    counts: SHEET_KINDS.map((kind) => ({ kind, ...(rec.counts?.[kind] ?? none) })),
    problems: [],
    changes: (rec.adds?.length ?? 0) + (rec.updates?.length ?? 0),
    ready: true,
  }
}

async function plan(ctx: ActionContext, fileID: string) {
  const communityId = adminCommunity(ctx.caller)
  const book = await uploadedWorkbook(ctx, fileID)
  return planImport(ctx.deps.db, communityId, book, ctx.deps.now())
}

/** 预览: what the file would add and change, and every problem; writes nothing. */
export async function previewImport(input: { fileID: string }, ctx: ActionContext) {
  return previewOf(await plan(ctx, input.fileID))
}

/** Takes up an import where it stopped: its batches from the first not written, then the rest. */
async function resume(ctx: ActionContext, rec: ImportDoc, hooks: StageHooks) {
  const { db, now } = ctx.deps
  if (rec.status === 'discarded')
    throw new AppError('CONFLICT', '这次导入已经取消，没有写入任何内容；请重新选择文件导入')
  if (rec.status !== 'staging') {
    // Applied before (a lost answer, a double tap): the same answer, and whatever it left unsettled.
    await finishIfHolding(db, rec)
    return previewOfRecord(rec)
  }
  await settle(db, rec.communityId, now(), rec._id)
  await take(db, rec.communityId, rec._id, now())
  return previewOfRecord(await runImport(db, rec, now, hooks))
}

/**
 * 确认导入: plans again (the community may have changed since the preview) and writes it whole as
 * users see it. The admin's requestId names it: the same one again (a retry after a failure or a
 * lost answer) resumes it, or answers what it did, instead of planning anew.
 */
export async function applyImport(
  input: { fileID: string; requestId: string },
  ctx: ActionContext,
  hooks: StageHooks = {},
) {
  const communityId = adminCommunity(ctx.caller)
  const { db, now } = ctx.deps
  const id = importId(communityId, input.requestId)
  const started = await byId(db, 'imports', id)
  if (started) return resume(ctx, started, hooks)
  // Refused early, before the file is read, while another import or undo is under way.
  await settle(db, communityId, now())
  const p = await plan(ctx, input.fileID)
  if (p.problems.length) {
    throw new AppError(
      'INVALID_INPUT',
      `文件中有${p.problems.length}处问题，请修改后重新导入，本次没有写入任何内容`,
    )
  }
  if (p.writes.length === 0) return previewOf(p)
  const at = now()
  const rec = await beginImport(db, {
    _id: id,
    communityId,
    at,
    by: { openid: ctx.caller.openid, name: ctx.caller.user?.name ?? '社区管理员' },
    status: 'staging',
    requestId: input.requestId,
    adds: p.writes.filter((w) => w.kind === 'add').map((w) => ({ collection: w.collection, doc: w.doc })),
    updates: p.writes
      .filter((w) => w.kind === 'update')
      .map((w) => ({ collection: w.collection, id: w.id, changes: w.changes ?? {} })),
    counts: p.counts,
    staged: 0,
    touchedAt: at,
    writes: [],
    undoneAt: null,
  })
  return resume(ctx, rec, hooks)
}

function byLevelThenCode<T extends { level: number; _id: string }>(a: T, b: T) {
  return a.level - b.level || a._id.localeCompare(b._id)
}

async function currentData(db: Database, communityId: string): Promise<SheetData> {
  const setup = await loadSetup(db, communityId)
  // A role taken by invitation without a roster line may have no phone on file: such a row would
  // not import back (the 人员 sheet needs one), so it stays out; 人员与角色 lists it.
  const rows: RosterEntry[] = [...setup.staff, ...setup.held.filter((h) => MOBILE_PATTERN.test(h.phone))]
  return {
    grids: [...setup.grids]
      .sort(byLevelThenCode)
      .map((g) => [g._id, g.name, String(g.level), g.parentId ?? '']),
    buildings: [...setup.buildings]
      .sort((a, b) => a._id.localeCompare(b._id))
      .map((b) => [b._id, b.name, b.address, b.gridId]),
    people: rows.map((r) => [
      r.name,
      r.phone,
      ROSTER_ROLE_LABELS[r.role],
      r.role === 'buildingLeader' ? '' : r.gridId,
      r.buildingCode ?? '',
    ]),
  }
}

/** 导出: the community's set-up in the import's format. */
export async function exportSetup(_input: object, ctx: ActionContext) {
  const communityId = adminCommunity(ctx.caller)
  const { db, now } = ctx.deps
  const [data, community] = await Promise.all([currentData(db, communityId), getCommunity(db, communityId)])
  const fileName = `${community.name}-社区设置-${formatLocal(now(), 'YYYYMMDD')}.xlsx`
  const file = await deliverDocument(ctx.deps, ctx.caller.openid, 'setup.xlsx', await writeWorkbook(data), {
    linkSeconds: LINK_SECONDS,
  })
  const counts = Object.fromEntries(SHEET_KINDS.map((k) => [k, data[k].length])) as Record<SheetKind, number>
  return { fileName, ...file, counts }
}

/**
 * 模板: the community's own first-level grid (so the file imports into this community), and on
 * the 说明 sheet a worked example — a grid, two micro-grids, two buildings and their people — to
 * copy from. The example is not among the sheets' rows: choosing the unedited template back
 * imports nothing (it once imported a fake 第九网格 with four people's phones, forever).
 */
export async function setupTemplate(_input: object, ctx: ActionContext) {
  const communityId = adminCommunity(ctx.caller)
  const { db } = ctx.deps
  const { grids } = await loadSetup(db, communityId)
  const community = await getCommunity(db, communityId)
  const root = grids.find((g) => g.level === 1)
  const rootCode = root?._id ?? `${communityId}-1`
  const data: SheetData = {
    grids: [[rootCode, root?.name ?? community.name, '1', '']],
    buildings: [],
    people: [],
  }
  const example: SheetData = {
    grids: [
      ['G9', '第九网格', '2', rootCode],
      ['G9-1', '1号微网格', '3', 'G9'],
      ['G9-2', '2号微网格', '3', 'G9'],
    ],
    buildings: [
      ['B901', '九号院1号楼', '和平路9号院1号楼', 'G9-1'],
      ['B902', '九号院2号楼', '和平路9号院2号楼', 'G9-2'],
    ],
    people: [
      ['周红梅', '13800009001', '网格长', 'G9', ''],
      ['吴建华', '13800009011', '网格员', 'G9-1', ''],
      ['郑桂芳', '13800009012', '网格员', 'G9-2', ''],
      ['孙德海', '13800009101', '楼栋长', '', 'B901'],
    ],
  }
  const file = await deliverDocument(
    ctx.deps,
    ctx.caller.openid,
    'setup-template.xlsx',
    await writeWorkbook(data, example),
    {
      linkSeconds: LINK_SECONDS,
    },
  )
  return { fileName: `${community.name}-社区设置模板.xlsx`, ...file }
}

/**
 * 逐条添加或修改: one grid, building or roster line, checked by exactly the rules of the import (it is
 * a one-row import), written only if it has no problem; problems come back per input field.
 */
async function saveRow(kind: SheetKind, input: Record<string, string | number>, ctx: ActionContext) {
  const communityId = adminCommunity(ctx.caller)
  // Not while an import or undo has the community's set-up in hand.
  await settle(ctx.deps.db, communityId, ctx.deps.now())
  const { headers } = SHEETS[kind]
  const fieldOf = new Map<string, string>(headers.map((h, i) => [h, ROW_FIELDS[kind][i]]))
  const rows = { grids: [], buildings: [], people: [] } as ParsedWorkbook['rows']
  rows[kind] = [
    { row: 2, cells: Object.fromEntries(headers.map((h) => [h, String(input[fieldOf.get(h) as string])])) },
  ]
  const p = await planImport(ctx.deps.db, communityId, { rows, problems: [] }, ctx.deps.now())
  if (p.problems.length) {
    const fields = Object.fromEntries(p.problems.map((x) => [fieldOf.get(x.column) ?? 'code', x.message]))
    throw new AppError('INVALID_INPUT', p.problems.map((x) => x.message).join('；'), fields)
  }
  await applyWrites(ctx.deps.db, p.writes)
  return { added: p.counts[kind].add, updated: p.counts[kind].update }
}

export const saveGrid = (input: Record<string, string | number>, ctx: ActionContext) =>
  saveRow('grids', input, ctx)

export const saveBuilding = (input: Record<string, string>, ctx: ActionContext) =>
  saveRow('buildings', input, ctx)

export const savePerson = (input: Record<string, string>, ctx: ActionContext) => saveRow('people', input, ctx)
