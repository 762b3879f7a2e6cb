import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })

const WANG = 'demo-resident-1'
const CHINESE = /[\u4e00-\u9fa5]/
const good = { requestId: 'valid-request-0001', category: 'facility', description: '楼道灯坏了很久了' }

describe('bad input is refused in Chinese and stores nothing', () => {
  const cases: [string, unknown, string][] = [
    ['missing category', { requestId: 'r-missing-cat', description: '楼道灯坏了很久了' }, 'category'],
    ['unknown category', { ...good, requestId: 'r-unknown-cat', category: 'ufo' }, 'category'],
    [
      'too short after trimming',
      { ...good, requestId: 'r-short', description: '   灯坏了   ' },
      'description',
    ],
    ['too long', { ...good, requestId: 'r-long', description: '漏'.repeat(501) }, 'description'],
    ['description of the wrong type', { ...good, requestId: 'r-type', description: 12345 }, 'description'],
    ['requestId missing', { category: 'facility', description: '楼道灯坏了很久了' }, 'requestId'],
    ['requestId malformed', { ...good, requestId: 'a b' }, 'requestId'],
    ['an extra field', { ...good, requestId: 'r-extra', priority: 'high' }, 'priority'],
    ['a forged openid', { ...good, requestId: 'r-forged', openid: 'demo-admin' }, 'openid'],
    ['input not an object', 'hello', '_'],
  ]
  test.each(cases)('%s', async (_label, input, field) => {
    const before = await env.count(COLLECTIONS.requests)
    const res = await env.raw(WANG, { action: 'request.create', input })
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe('INVALID_INPUT')
    expect(res.error.message).toMatch(CHINESE)
    expect(Object.keys(res.error.fields ?? {})).toContain(field)
    expect(await env.count(COLLECTIONS.requests)).toBe(before)
  })

  test.each(['__proto__', 'constructor', 'toString'])(
    'an input key named %s is INVALID_INPUT, not INTERNAL',
    async (key) => {
      const res = await env.raw(WANG, { action: 'me.get', input: JSON.parse(`{"${key}": 1}`) })
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: `不接受的字段「${key}」` },
      })
    },
  )

  test('a malformed page cursor is INVALID_INPUT', async () => {
    expect(await env.raw(WANG, { action: 'request.listMine', input: { before: 'abc' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(CHINESE) },
    })
  })

  test('characters are counted as people count them: 500 emoji fit, 501 do not', async () => {
    const ok = await env.call(WANG, 'request.create', {
      ...good,
      requestId: 'r-emoji-500',
      category: 'other',
      description: '👍'.repeat(500),
    })
    expect(ok.ok).toBe(true)
    const over = await env.call(WANG, 'request.create', {
      ...good,
      requestId: 'r-emoji-501',
      category: 'other',
      description: '👍'.repeat(501),
    })
    expect(over).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('500个字') },
    })
  })

  test('the description limits name the numbers', async () => {
    const res = await env.call(WANG, 'request.create', {
      ...good,
      requestId: 'r-short-2',
      category: 'facility',
      description: '坏了',
    })
    expect(res).toMatchObject({ ok: false, error: { message: expect.stringContaining('5个字') } })
  })

  test('an unknown action is INVALID_INPUT', async () => {
    expect(await env.raw(WANG, { action: 'request.delete', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(CHINESE) },
    })
  })

  test('an unknown building code is NOT_FOUND and binds nothing', async () => {
    const res = await env.call('demo-newcomer', 'me.bindBuilding', { buildingCode: 'B99' })
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('B99') },
    })
    expect((await env.db.collection(COLLECTIONS.users).doc('demo-newcomer').get()).data).toHaveLength(0)
  })

  test('a building code that cannot be a QR scene is INVALID_INPUT', async () => {
    expect(
      await env.raw('demo-newcomer', { action: 'me.bindBuilding', input: { buildingCode: '一号楼' } }),
    ).toMatchObject(refusal('INVALID_INPUT'))
  })
})

describe('identity comes from the platform only', () => {
  test('a context the platform SDK cannot parse is UNAUTHENTICATED, not a crash', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../../cloudfunctions/api/index') as {
      main: (e: unknown, c: unknown) => Promise<unknown>
    }
    expect(await main({ action: 'me.get', input: {} }, { environment: '{not json' })).toMatchObject(
      refusal('UNAUTHENTICATED'),
    )
  })

  test('no openid in the context → UNAUTHENTICATED, even with one in the event', async () => {
    const before = await env.count(COLLECTIONS.requests)
    const res = await env.raw(null, {
      action: 'request.create',
      input: good,
      openid: WANG,
      userInfo: { openId: WANG },
    })
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(CHINESE) },
    })
    expect(await env.count(COLLECTIONS.requests)).toBe(before)
  })

  test('a role in the event does not make a resident staff', async () => {
    const res = await env.raw(WANG, {
      action: 'request.inbox',
      input: { tab: 'assigned' },
      role: 'communityAdmin',
    })
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('an unbound user cannot post until they bind a building by QR', async () => {
    const who = 'h5-fresh-user-1'
    expect(await env.call(who, 'request.create', good as never)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('二维码') },
    })
    const building = await env.ok(who, 'building.lookup', { buildingCode: 'B05' })
    expect(building).toMatchObject({
      name: '5号楼',
      gridName: '第二网格 · 1号微网格',
      communityName: '幸福里社区',
    })
    const me = await env.ok(who, 'me.bindBuilding', { buildingCode: 'B05', room: '2单元301' })
    expect(me.building?.code).toBe('B05')
    expect(me.roles).toContain('resident')
    const r = await env.ok(who, 'request.create', {
      ...good,
      requestId: 'after-bind-0001',
      category: 'facility',
    })
    expect(r.gridName).toBe('第二网格 · 1号微网格')
  })

  test('me.get tells staff from residents', async () => {
    const member = await env.ok('demo-member-1-1', 'me.get', {})
    expect(member).toMatchObject({ name: '刘芳', isStaff: true, roles: ['gridMember'] })
    expect(member.staffGrids).toEqual([{ id: 'g-1-1-1', name: '1号微网格', level: 3 }])
    const resident = await env.ok(WANG, 'me.get', {})
    expect(resident).toMatchObject({ isStaff: false, room: '3单元502', building: { code: 'B01' } })
  })
})
