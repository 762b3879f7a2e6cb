/** 代录: a grid worker files for a resident without a phone; someone else handles it. */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc, UserDoc } from '../../cloudfunctions/core/model'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const LIU = 'demo-member-1-1'
const input = {
  requestId: 'onbehalf-0001',
  buildingCode: 'B02',
  residentName: '赵奶奶',
  residentPhone: '13600001234',
  room: '2单元101',
  category: 'help' as const,
  description: '赵奶奶独居，家里灯泡坏了够不着，想请人帮忙换一下',
}

test('recorded for the resident, marked as such, rated by a leader after a callback — not by the recorder', async () => {
  const r = await env.ok(LIU, 'request.createOnBehalf', input)
  expect(r).toMatchObject({ recordedByName: '刘芳', gridName: '第一网格 · 1号微网格', buildingName: '2号楼' })
  expect((await env.ok(LIU, 'request.createOnBehalf', input)).id).toBe(r.id)

  const doc = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
  expect(doc.events[0].actorName).toBe('刘芳（代赵奶奶录入）')
  const offline = (await env.db.collection(COLLECTIONS.users).doc(doc.residentOpenid).get())
    .data[0] as UserDoc
  expect(offline).toMatchObject({
    name: '赵奶奶',
    phone: '13600001234',
    room: '2单元101',
    offline: true,
    openCount: 1,
  })

  // She may handle it herself; the rating is a leader's, after calling the resident back.
  const taken = await env.ok(LIU, 'request.accept', { id: r.id })
  expect(taken.resident).toEqual({ name: '赵奶奶', phone: '136****1234', room: '2单元101', noPhone: false })
  expect(await env.ok(LIU, 'person.reveal', { kind: 'requestResident', id: r.id })).toEqual({
    name: '赵奶奶',
    phone: '13600001234',
  })
  await env.ok(LIU, 'request.resolve', { id: r.id, note: '已上门更换灯泡' })
  expect(await env.call(LIU, 'request.rate', { id: r.id, rating: 'satisfied' })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  expect(await env.call('demo-leader-2', 'request.rate', { id: r.id, rating: 'satisfied' })).toMatchObject(
    refusal('NOT_FOUND'),
  )
  const closed = await env.ok('demo-leader-1', 'request.rate', {
    id: r.id,
    rating: 'satisfied',
    comment: '回访：老人很满意',
  })
  expect(closed.status).toBe('closed')
})

test('only for buildings one serves, only by staff, with valid details; nothing stored otherwise', async () => {
  const before = await env.count(COLLECTIONS.requests)
  const cases: [string, object, string][] = [
    ['demo-member-2-1', { ...input, requestId: 'onbehalf-x1' }, 'FORBIDDEN'],
    ['demo-resident-1', { ...input, requestId: 'onbehalf-x2' }, 'FORBIDDEN'],
    [LIU, { ...input, requestId: 'onbehalf-x3', residentPhone: '12345' }, 'INVALID_INPUT'],
    [LIU, { ...input, requestId: 'onbehalf-x4', residentName: '  ' }, 'INVALID_INPUT'],
    [LIU, { ...input, requestId: 'onbehalf-x5', buildingCode: 'B99' }, 'NOT_FOUND'],
  ]
  for (const [who, body, code] of cases) {
    const res = await env.raw(who, { action: 'request.createOnBehalf', input: body })
    expect(res).toMatchObject({
      ok: false,
      error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) },
    })
  }
  expect(await env.count(COLLECTIONS.requests)).toBe(before)
})

test('the buildings a worker may record for', async () => {
  const codes = async (who: string) =>
    (await env.ok(who, 'building.listServed', {})).buildings.map((b) => b.code)
  expect(await codes(LIU)).toEqual(['B01', 'B02'])
  expect(await codes('demo-leader-1')).toEqual(['B01', 'B02', 'B03', 'B04'])
  expect(await codes('demo-admin')).toHaveLength(12)
})
