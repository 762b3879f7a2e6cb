/**
 * Building codes and printable posters. A building's code opens the bind page with the building
 * code as `scene`; it is made once through wxacode.getUnlimited (a standard QR code of the H5 link
 * on the local environment, wx.ts `codeKind`), stored in cloud storage and referenced from the
 * building (`qr`), and made anew only when the community admin asks. Posters embed the stored
 * image, so a weapp poster shows the mini-program code.
 *
 * Who may: grid staff for the grids they serve (canHandle: a member their own grid, a leader their
 * grid and everything under it, the community admin all of the community); only the admin may
 * regenerate, since a new code is a new sticker on every door of the building.
 */
import { AppError } from '../../../src/domain/errors'
import { BIND_PAGE } from '../../../src/domain/links'
import { canHandle, isAdminOf } from '../../../src/domain/access'
import {
  active,
  codeOf,
  communityGrids,
  findGrid,
  getBuilding,
  getCommunity,
  gridLabelIn,
  inUse,
} from '../community'
import { retiredView } from '../retire/views'
import type { ActionContext, Caller, Deps } from '../context'
import { replacing, type Database, collection } from '../db'
import { deliverDocument } from '../documents'
import { linkOf } from '../files'
import { shownWhere } from '../staging'
import type { BuildingDoc, BuildingQrDoc, CommunityDoc, GridDoc } from '../model'
import type { PosterData } from '../pdf/poster'
import { codeKind, imageType, type UnlimitedQr } from '../wx'

/** Pixels of the code's image: sharp enough for a 10.6 cm square on A4, still a small file. */
const CODE_WIDTH = 600
/** Codes made at once for a grid's posters (WeChat allows 5000 a minute; the function has 10 s). */
const PARALLEL = 4
const TAGLINE = '扫码反映诉求 · 发布微心愿 · 报名活动'

const buildings = (db: Database) => collection(db, 'buildings')

/** Which version a code opens (a trial version needs its own codes); the released one by default. */
/** Which version of the mini-program printed codes open (WXACODE_ENV_VERSION; release by default). */
export function envVersion(): UnlimitedQr['envVersion'] {
  const v = process.env.WXACODE_ENV_VERSION
  return v === 'trial' || v === 'develop' ? v : 'release'
}

function serves(caller: Caller, grid: GridDoc): boolean {
  return canHandle(caller.memberships, {
    communityId: grid.communityId,
    gridId: grid._id,
    gridPath: grid.path,
  })
}

/** The building's grid, if the caller serves it. */
async function servedGrid(db: Database, caller: Caller, building: BuildingDoc) {
  const grids = await communityGrids(db, [building.communityId])
  const grid = grids.get(building.gridId)
  if (!grid || !serves(caller, grid))
    throw new AppError('FORBIDDEN', '只能打印您负责网格内楼栋的二维码和海报')
  return { grid, grids }
}

/** The buildings under these grids, by code; retired ones only if `withRetired` (the admin's list). */
async function buildingsUnder(db: Database, gridIds: string[], withRetired = false): Promise<BuildingDoc[]> {
  if (gridIds.length === 0) return []
  const _ = db.command
  const list = await shownWhere(db, 'buildings', { gridId: _.in(gridIds) })
  return (withRetired ? list : active(list)).sort((a, b) => codeOf(a).localeCompare(codeOf(b)))
}

/**
 * The building's stored code, made (and stored) if there is none or `regenerate`. The reference is
 * set by a conditional update on the generation it replaces, and the file is named by that
 * generation: two first requests at once write the same file and one of them sets the reference,
 * so the building never points at one of two different stored codes.
 */
async function storedQr(deps: Deps, building: BuildingDoc, regenerate: boolean): Promise<BuildingQrDoc> {
  const { db, files, wx, now } = deps
  const scene = codeOf(building)
  // A code made before 更正编号 opens the old code: the poster is printed anew with the new one.
  if (building.qr && !regenerate && (building.qr.scene ?? building._id) === scene) return building.qr
  const gen = (building.qr?.gen ?? 0) + 1
  const image = await wx.getUnlimitedQr({
    scene,
    page: BIND_PAGE,
    width: CODE_WIDTH,
    checkPath: false,
    envVersion: envVersion(),
  })
  const fileID = await files.write(`qrcodes/${building._id}/${gen}.${imageType(image) ?? 'png'}`, image)
  const qr: BuildingQrDoc = { fileID, gen, at: now(), kind: codeKind(), scene }
  const _ = db.command
  const res = await buildings(db)
    .where({ _id: building._id, 'qr.gen': building.qr ? building.qr.gen : _.exists(false) })
    .update(replacing(db, { qr }))
  if (res.updated === 1) return qr
  // Another request stored its code first: that one is the building's.
  const current = (await getBuilding(db, building._id)).qr
  if (!current) throw new Error(`building ${building._id}: no code after a lost update`)
  return current
}

/** The stored code's image; made again if the file has gone missing from storage. */
async function codeImage(deps: Deps, building: BuildingDoc): Promise<Uint8Array> {
  const qr = await storedQr(deps, building, false)
  const bytes = await deps.files.read(qr.fileID)
  if (bytes && imageType(bytes)) return bytes
  const again = await storedQr(deps, { ...building, qr }, true)
  const fresh = await deps.files.read(again.fileID)
  if (!fresh) throw new Error(`building ${building._id}: stored code unreadable`)
  return fresh
}

function posterOf(
  building: BuildingDoc,
  community: CommunityDoc,
  place: string,
  image: Uint8Array,
): PosterData {
  return {
    kicker: `${community.name} · 暖心网格`,
    title: building.name,
    subtitle: building.address,
    code: { image },
    tagline: TAGLINE,
    lines: [],
    steps: [
      '微信扫一扫上面的二维码',
      `确认“我住在${building.name}”`,
      '填写诉求或心愿，网格员来办',
      '也可以在“活动”里报名',
    ],
    footer: `楼栋编码 ${codeOf(building)} · ${place} · 张贴在单元门口，请勿遮挡`,
  }
}

async function postersPdf(deps: Deps, list: BuildingDoc[], grids: Map<string, GridDoc>, title: string) {
  const community = await getCommunity(deps.db, list[0].communityId)
  const posters: PosterData[] = []
  for (let i = 0; i < list.length; i += PARALLEL) {
    const batch = list.slice(i, i + PARALLEL)
    const images = await Promise.all(batch.map((b) => codeImage(deps, b)))
    batch.forEach((b, j) => {
      const grid = grids.get(b.gridId)
      posters.push(posterOf(b, community, grid ? gridLabelIn(grids, grid) : '', images[j]))
    })
  }
  const { qrPostersPdf } = await import('../pdf/poster')
  return Buffer.from(await qrPostersPdf(posters, title))
}

export async function listBuildings(input: { gridId?: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const communities = [...new Set(caller.memberships.map((m) => m.communityId))]
  const grids = await communityGrids(db, communities)
  const admin = communities.some((c) => isAdminOf(caller.memberships, c))
  const served = active([...grids.values()])
    .filter((g) => serves(caller, g))
    .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')))
  if (input.gridId && !served.some((g) => g._id === input.gridId)) {
    if (!grids.has(input.gridId)) throw new AppError('NOT_FOUND', '没有找到这个网格')
    throw new AppError('FORBIDDEN', '只能查看您负责网格的楼栋')
  }
  // The admin sees the retired buildings too (to 恢复); nobody else lists them.
  const all = await buildingsUnder(
    db,
    served.map((g) => g._id),
    admin,
  )
  const under = (gridId: string) => all.filter((b) => grids.get(b.gridId)?.path.includes(gridId) ?? false)
  return {
    grids: served.map((g) => ({
      id: g._id,
      name: g.name,
      level: g.level,
      parentId: g.parentId,
      label: gridLabelIn(grids, g),
      buildings: active(under(g._id)).length,
    })),
    buildings: (input.gridId ? under(input.gridId) : all).map((b) => {
      const grid = grids.get(b.gridId)
      return {
        code: codeOf(b),
        formerCodes: [b._id, ...(b.codes ?? [])].filter((c) => c !== codeOf(b)),
        name: b.name,
        address: b.address,
        gridId: b.gridId,
        gridName: grid ? gridLabelIn(grids, grid) : '',
        qrAt: b.qr && (b.qr.scene ?? b._id) === codeOf(b) ? new Date(b.qr.at).toISOString() : null,
        retired: retiredView(b.retired),
      }
    }),
    canRegenerate: admin,
  }
}

export async function buildingQr(
  input: { code: string; regenerate?: boolean },
  { deps, caller }: ActionContext,
) {
  const building = await getBuilding(deps.db, input.code)
  await servedGrid(deps.db, caller, building)
  if (input.regenerate && !isAdminOf(caller.memberships, building.communityId))
    throw new AppError('FORBIDDEN', '只有社区管理员可以重新生成二维码')
  const qr = await storedQr(deps, building, input.regenerate === true)
  return {
    url: await linkOf(deps.files, qr.fileID),
    generatedAt: new Date(qr.at).toISOString(),
    kind: qr.kind,
  }
}

export async function buildingPoster(input: { code: string }, { deps, caller }: ActionContext) {
  const building = inUse(await getBuilding(deps.db, input.code))
  const { grids } = await servedGrid(deps.db, caller, building)
  const pdf = await postersPdf(deps, [building], grids, `${building.name} 楼栋二维码`)
  const file = await deliverDocument(deps, caller.openid, `poster-${building._id}.pdf`, pdf)
  return { ...file, bytes: pdf.length }
}

export async function gridPosters(input: { gridId: string }, { deps, caller }: ActionContext) {
  const { db } = deps
  const grid = await findGrid(db, input.gridId)
  if (!grid || grid.retired) throw new AppError('NOT_FOUND', '没有找到这个网格')
  if (!serves(caller, grid)) throw new AppError('FORBIDDEN', '只能打印您负责网格的海报')
  const grids = await communityGrids(db, [grid.communityId])
  const list = await buildingsUnder(
    db,
    [...grids.values()].filter((g) => g.path.includes(grid._id)).map((g) => g._id),
  )
  if (list.length === 0) throw new AppError('NOT_FOUND', `${grid.name}下还没有楼栋`)
  const pdf = await postersPdf(deps, list, grids, `${gridLabelIn(grids, grid)} 楼栋二维码`)
  const file = await deliverDocument(deps, caller.openid, `posters-${grid._id}.pdf`, pdf)
  return { ...file, pages: list.length, bytes: pdf.length }
}
