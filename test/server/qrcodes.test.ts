/**
 * Building codes and posters: a building's code is made once (one wxacode.getUnlimited call,
 * answered locally with a standard QR code of the bind page's H5 link), stored and reused; only
 * the community admin makes it anew; posters are A4 PDFs embedding the stored image, one page per
 * building for a grid and everything under it; staff only for the grids they serve.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import QRCode from 'qrcode'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { BuildingDoc } from '../../cloudfunctions/core/model'
import { publicUrl } from '../../cloudfunctions/core/public-url'
import { imageFromResult, imageType } from '../../cloudfunctions/core/wx'
import { LOCAL_QR_PNG } from '../../local/openapi'
import { BIND_PAGE, h5Url, sceneOf } from '../../src/domain/links'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const ADMIN = 'demo-admin'
/** 第一网格 (g-1-1): B01–B04. */
const LEADER_1 = 'demo-leader-1'
/** 第一网格 · 1号微网格 (g-1-1-1): B01, B02. */
const MEMBER_1_1 = 'demo-member-1-1'
/** 第一网格 · 2号微网格 (g-1-1-2): B03, B04. */
const MEMBER_1_2 = 'demo-member-1-2'
/** 第二网格 · 1号微网格 (g-1-2-1): B05, B06. */
const MEMBER_2_1 = 'demo-member-2-1'

async function building(code: string): Promise<BuildingDoc> {
  return (await env.db.collection(COLLECTIONS.buildings).doc(code).get()).data[0] as BuildingDoc
}
async function download(url: string): Promise<Buffer> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}
/** Files stored under qrcodes/<code>/ (local storage keeps them as files). */
function storedCodes(code: string): string[] {
  const dir = path.join(
    path.dirname(env.storage.fileOf(`cloud://local.local-bucket/qrcodes/${code}/x`) ?? ''),
  )
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
const codesFor = (scene: string) => env.localWx.codes.filter((c) => c.scene === scene)

test('a building’s code is made once, stored, and reused; it opens the bind page with the building code', async () => {
  const first = await env.ok(MEMBER_1_1, 'building.qr', { code: 'B01' })
  expect(first.kind).toBe('url')
  expect(codesFor('B01')).toHaveLength(1)
  const again = await env.ok(MEMBER_1_1, 'building.qr', { code: 'B01' })
  const byLeader = await env.ok(LEADER_1, 'building.qr', { code: 'B01' })
  expect(codesFor('B01')).toHaveLength(1)
  expect(again.generatedAt).toBe(first.generatedAt)
  expect(byLeader.generatedAt).toBe(first.generatedAt)
  expect((await building('B01')).qr).toMatchObject({ gen: 1, kind: 'url' })

  // The call WeChat would get: the bind page (no leading '/') with the building code as scene.
  const [call] = codesFor('B01')
  expect(call.page).toBe(BIND_PAGE)
  expect(call.url).toBe(h5Url(publicUrl(), BIND_PAGE, { scene: 'B01' }))
  expect(sceneOf({ q: encodeURIComponent(call.url) })).toBe('B01')

  // The stored image is exactly the standard QR code of that link.
  const png = await download(first.url)
  expect(imageType(png)).toBe('png')
  const expected = await QRCode.toBuffer(call.url, { ...LOCAL_QR_PNG, width: call.width })
  expect(png.equals(expected)).toBe(true)
})

test('regenerate: only the community admin; it stores a new file and the building points at it', async () => {
  await env.ok(MEMBER_1_1, 'building.qr', { code: 'B02' })
  const before = (await building('B02')).qr
  for (const who of [MEMBER_1_1, LEADER_1]) {
    expect(await env.call(who, 'building.qr', { code: 'B02', regenerate: true })).toMatchObject(
      refusal('FORBIDDEN', '只有社区管理员可以重新生成二维码'),
    )
  }
  expect((await building('B02')).qr).toEqual(before)
  expect(codesFor('B02')).toHaveLength(1)

  const fresh = await env.ok(ADMIN, 'building.qr', { code: 'B02', regenerate: true })
  const after = (await building('B02')).qr
  expect(after?.gen).toBe(2)
  expect(after?.fileID).not.toBe(before?.fileID)
  expect(codesFor('B02')).toHaveLength(2)
  expect(imageType(await download(fresh.url))).toBe('png')
  // Later requests reuse the new one.
  await env.ok(MEMBER_1_1, 'building.qr', { code: 'B02' })
  expect(codesFor('B02')).toHaveLength(2)
  expect((await building('B02')).qr).toEqual(after)
})

test('two first requests at once leave one stored code that both answers point at', async () => {
  const answers = await Promise.all([
    env.ok(LEADER_1, 'building.qr', { code: 'B04' }),
    env.ok(ADMIN, 'building.qr', { code: 'B04' }),
    env.ok(LEADER_1, 'building.poster', { code: 'B04' }),
  ])
  const stored = (await building('B04')).qr
  expect(stored?.gen).toBe(1)
  expect(storedCodes('B04')).toEqual(['1.png'])
  const file = (url: string) => new URL(url).pathname
  expect(file(answers[0].url)).toBe(file(answers[1].url))
  expect(answers[0].generatedAt).toBe(answers[1].generatedAt)
  expect(answers[0].generatedAt).toBe(stored?.at.toISOString())
})

test('a building poster: one A4 page embedding the stored code', async () => {
  const poster = await env.ok(LEADER_1, 'building.poster', { code: 'B03' })
  expect(codesFor('B03')).toHaveLength(1)
  const pdf = await download(poster.url)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdf.length).toBe(poster.bytes)
  // Small enough to send in a chat and print anywhere.
  expect(poster.bytes).toBeLessThan(150_000)
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.load(pdf)
  expect(doc.getPageCount()).toBe(1)
  const { width, height } = doc.getPage(0).getSize()
  expect([Math.round(width), Math.round(height)]).toEqual([595, 842])
  expect(doc.getTitle()).toBe('3号楼 楼栋二维码')
  // A second poster reuses the stored code.
  await env.ok(MEMBER_1_2, 'building.poster', { code: 'B03' })
  expect(codesFor('B03')).toHaveLength(1)
})

test('an unknown building or grid: NOT_FOUND with a message a person can read', async () => {
  expect(await env.call(ADMIN, 'building.qr', { code: 'Z99' })).toEqual(
    refusal('NOT_FOUND', '没有找到编码为「Z99」的楼栋，请核对二维码'),
  )
  expect(await env.call(ADMIN, 'building.poster', { code: 'Z99' })).toMatchObject(refusal('NOT_FOUND'))
  expect(await env.call(ADMIN, 'grid.posters', { gridId: 'g-nowhere' })).toEqual(
    refusal('NOT_FOUND', '没有找到这个网格'),
  )
  expect(await env.call(ADMIN, 'building.list', { gridId: 'g-nowhere' })).toMatchObject(refusal('NOT_FOUND'))
  const bad = await env.call(ADMIN, 'building.qr', { code: '一号楼' })
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  expect(!bad.ok && bad.error.fields?.code).toBe('无法识别这个楼栋码，请扫描单元门口的楼栋二维码')
})

test('residents and staff of other grids are refused, and nothing is made or stored', async () => {
  const calls = env.localWx.codes.length
  const refused = [
    await env.call('demo-resident-3', 'building.qr', { code: 'B07' }),
    await env.call('demo-resident-3', 'building.poster', { code: 'B07' }),
    await env.call(MEMBER_2_1, 'building.qr', { code: 'B08' }),
    await env.call(MEMBER_2_1, 'building.poster', { code: 'B08' }),
    await env.call(LEADER_1, 'building.qr', { code: 'B08' }),
    // A member prints their own micro-grid, not the grid above it.
    await env.call(MEMBER_2_1, 'grid.posters', { gridId: 'g-1-2' }),
    await env.call(LEADER_1, 'grid.posters', { gridId: 'g-1-2-2' }),
    await env.call(LEADER_1, 'building.list', { gridId: 'g-1-2' }),
  ]
  for (const res of refused) expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(refused[2]).toMatchObject({ error: { message: '只能打印您负责网格内楼栋的二维码和海报' } })
  expect(env.localWx.codes.length).toBe(calls)
  for (const code of ['B07', 'B08']) {
    expect((await building(code)).qr).toBeUndefined()
    expect(storedCodes(code)).toEqual([])
  }
})

test('the list for the admin screen: grids served, their buildings, which have a stored code', async () => {
  const leader = await env.ok(LEADER_1, 'building.list', {})
  expect(leader.grids.map((g) => [g.id, g.label, g.buildings])).toEqual([
    ['g-1-1', '第一网格', 4],
    ['g-1-1-1', '第一网格 · 1号微网格', 2],
    ['g-1-1-2', '第一网格 · 2号微网格', 2],
  ])
  expect(leader.buildings.map((b) => b.code)).toEqual(['B01', 'B02', 'B03', 'B04'])
  expect(leader.canRegenerate).toBe(false)
  const micro = await env.ok(LEADER_1, 'building.list', { gridId: 'g-1-1-2' })
  expect(micro.buildings.map((b) => [b.code, b.gridName])).toEqual([
    ['B03', '第一网格 · 2号微网格'],
    ['B04', '第一网格 · 2号微网格'],
  ])
  const admin = await env.ok(ADMIN, 'building.list', {})
  expect(admin.canRegenerate).toBe(true)
  expect(admin.grids[0]).toMatchObject({ id: 'g-1', label: '幸福里社区', buildings: 12 })
  expect(admin.buildings).toHaveLength(12)
  // B08 was never asked for (the refusals above made nothing).
  expect(admin.buildings.find((b) => b.code === 'B08')?.qrAt).toBeNull()
  expect(admin.buildings.find((b) => b.code === 'B01')?.qrAt).toBe(
    (await building('B01')).qr?.at.toISOString(),
  )
})

test('a grid’s posters: one page per building in the grid and everything under it', async () => {
  const first = await env.ok(LEADER_1, 'grid.posters', { gridId: 'g-1-1' })
  expect(first.pages).toBe(4)
  const { PDFDocument } = await import('pdf-lib')
  expect((await PDFDocument.load(await download(first.url))).getPageCount()).toBe(4)
  // Codes are made for the buildings that had none, and stored.
  for (const code of ['B01', 'B02', 'B03', 'B04']) expect((await building(code)).qr).toBeTruthy()
  expect(codesFor('B01')).toHaveLength(1)

  const micro = await env.ok(MEMBER_2_1, 'grid.posters', { gridId: 'g-1-2-1' })
  expect(micro.pages).toBe(2)
  const all = await env.ok(ADMIN, 'grid.posters', { gridId: 'g-1' })
  expect(all.pages).toBe(12)
  const doc = await PDFDocument.load(await download(all.url))
  expect(doc.getPageCount()).toBe(12)
  // The font pieces are embedded once for the whole document, not per page.
  expect(all.bytes).toBeLessThan((12 * first.bytes) / 4)
  expect(await env.count(COLLECTIONS.buildings)).toBe(12)
  expect((await env.db.collection(COLLECTIONS.buildings).where({ 'qr.gen': 1 }).count()).total).toBe(11)
})

test('WeChat’s checks, answered locally: a scene longer than 32 characters is refused', async () => {
  const calls = env.localWx.codes.length
  await expect(
    env.wx.getUnlimitedQr({
      scene: 'B'.repeat(33),
      page: BIND_PAGE,
      width: 430,
      checkPath: false,
      envVersion: 'release',
    }),
  ).rejects.toThrow('40169')
  await expect(
    env.wx.getUnlimitedQr({
      scene: 'B01',
      page: `/${BIND_PAGE}`,
      width: 430,
      checkPath: false,
      envVersion: 'release',
    }),
  ).rejects.toThrow('41030')
  expect(env.localWx.codes.length).toBe(calls)
  // What comes back is an image or an error, never anything else.
  expect(() => imageFromResult({ errcode: 45009, errmsg: 'reach max api daily quota limit' })).toThrow(
    '45009',
  )
  expect(() => imageFromResult('not an image')).toThrow('not an image')
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])
  expect(imageFromResult(jpeg.toString('latin1')).equals(jpeg)).toBe(true)
})
