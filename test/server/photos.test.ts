/**
 * Photos: uploaded to (local) cloud storage through the SDK, attached when posting and resolving,
 * checked by their bytes and size, shown only to the resident and the handlers by expiring links.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc, UserDoc } from '../../cloudfunctions/core/model'
import { MAX_PHOTO_BYTES, sniffImage } from '../../src/domain/photos'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 1),
])

let n = 0
async function upload(openid: string, bytes: Buffer, ext = 'jpg'): Promise<string> {
  return env.upload(openid, `p${++n}.${ext}`, bytes)
}

async function resident(building = 'B01'): Promise<string> {
  const openid = `t-photo-${++n}`
  await env.ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

const post = (openid: string, photos: string[], requestId = `photo-${++n}-xxxx`) =>
  env.call(openid, 'request.create', {
    requestId,
    category: 'facility',
    description: '楼道扶手松动了，老人扶着不安全',
    photos,
  })

describe('attached when posting and resolving, seen by the resident and the handlers', () => {
  test('a resident posts two photos; the member sees them and adds one when resolving', async () => {
    const who = await resident()
    const photos = [await upload(who, JPEG), await upload(who, PNG, 'png')]
    const created = await post(who, photos)
    if (!created.ok) throw new Error(created.error.message)
    const id = created.data.id

    const mine = await env.ok(who, 'request.get', { id })
    expect(mine.photos.map((p) => p.stage)).toEqual(['post', 'post'])
    const fetched = Buffer.from(await (await fetch(mine.photos[0].url)).arrayBuffer())
    expect(fetched.equals(JPEG)).toBe(true)

    const member = await env.ok('demo-member-1-1', 'request.get', { id })
    expect(member.photos).toHaveLength(2)

    await env.ok('demo-member-1-1', 'request.accept', { id })
    const after = await upload('demo-member-1-1', JPEG)
    const resolved = await env.ok('demo-member-1-1', 'request.resolve', {
      id,
      note: '已紧固扶手',
      photos: [after],
    })
    expect(resolved.photos.map((p) => p.stage)).toEqual(['post', 'post', 'resolve'])
    const doc = (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
    expect(doc.photos?.map((p) => p.by)).toEqual([who, who, 'demo-member-1-1'])
  })

  test('nobody else gets the request or its photos, and a link only works as signed', async () => {
    const who = await resident()
    const created = await post(who, [await upload(who, JPEG)])
    if (!created.ok) throw new Error(created.error.message)
    const id = created.data.id
    for (const other of ['demo-member-2-1', await resident('B05')]) {
      expect(await env.call(other, 'request.get', { id })).toMatchObject(refusal('NOT_FOUND'))
    }
    const url = (await env.ok(who, 'request.get', { id })).photos[0].url
    expect((await fetch(url)).status).toBe(200)
    expect((await fetch(url.replace(/sign=[0-9a-f]+/, 'sign=' + 'ab'.repeat(32)))).status).toBe(403)
    expect((await fetch(url.replace(/&t=\d+/, '&t=9999999999'))).status).toBe(403)
  })
})

describe('bad photos are refused with a Chinese message and change nothing', () => {
  async function refused(openid: string, photos: string[], message: string) {
    const before = await env.count(COLLECTIONS.requests)
    const user = (await env.db.collection(COLLECTIONS.users).doc(openid).get()).data[0] as UserDoc
    const res = await post(openid, photos)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message } })
    expect(await env.count(COLLECTIONS.requests)).toBe(before)
    const again = (await env.db.collection(COLLECTIONS.users).doc(openid).get()).data[0] as UserDoc
    expect(again.openCount ?? 0).toBe(user.openCount ?? 0)
  }

  test('more than three', async () => {
    const who = await resident()
    const four = await Promise.all([1, 2, 3, 4].map(() => upload(who, JPEG)))
    await refused(who, four, '最多上传3张照片')
  })

  test('not an image, whatever its name says', async () => {
    const who = await resident()
    await refused(
      who,
      [await upload(who, Buffer.from('这不是照片，只是一段文字'), 'jpg')],
      '只能上传 JPG、PNG 或 WebP 格式的照片',
    )
  })

  test('larger than 5 MB', async () => {
    const who = await resident()
    const big = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES, 1)])
    // Refused when it is recorded, and deleted: it never reaches a request.
    const fileID = await env.putFile(who, `p${++n}.jpg`, big)
    expect(await env.call(who, 'upload.record', { fileID })).toMatchObject(
      refusal('INVALID_INPUT', '文件不能超过5MB，请重新选择'),
    )
    expect(await env.deps(() => new Date(0)).files.read(fileID)).toBeNull()
    await refused(who, [fileID], '照片还没有上传完成，请重新选择')
  })

  test('someone else’s upload, a file that is not there, a malformed id', async () => {
    const who = await resident()
    const theirs = await env.putFile('someone-else', `p${++n}.jpg`, JPEG)
    await refused(who, [theirs], '只能使用您自己刚上传的照片')
    await refused(
      who,
      [theirs.replace('someone-else', who).replace(/p\d+\.jpg$/, 'never.jpg')],
      '照片还没有上传完成，请重新选择',
    )
    await refused(who, ['http://example.com/a.jpg'], '照片编号格式不正确')
  })

  test('a resolve with a bad photo resolves nothing', async () => {
    const who = await resident()
    const created = await post(who, [])
    if (!created.ok) throw new Error(created.error.message)
    await env.ok('demo-member-1-1', 'request.accept', { id: created.data.id })
    const res = await env.call('demo-member-1-1', 'request.resolve', {
      id: created.data.id,
      note: '已处理',
      photos: [await upload('demo-member-1-1', Buffer.from('not an image'))],
    })
    expect(res).toMatchObject({ ok: false, error: { message: '只能上传 JPG、PNG 或 WebP 格式的照片' } })
    expect((await env.ok(who, 'request.get', { id: created.data.id })).status).toBe('accepted')
  })
})

test('image types are told by their bytes', () => {
  expect(sniffImage(JPEG)).toBe('jpeg')
  expect(sniffImage(PNG)).toBe('png')
  expect(sniffImage(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('webp')
  expect(sniffImage(Buffer.from('GIF89a'))).toBeNull()
  expect(sniffImage(new Uint8Array())).toBeNull()
})
