/**
 * Rate limits on every create (counted per person, action and window, atomically, nothing written
 * when refused, a replay of the same requestId not counted) and one content check for every piece
 * of user text (risky public text refused with the field named and nothing written; risky text on
 * a request kept for the grid and marked; review marked).
 */
import { contract } from '../../src/domain/contract'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import type { ActionInput } from '../../src/domain/contract'
import { clockApi, fileEnv } from '../support/env'

const env = fileEnv({ at: '2026-11-10T09:00:00+08:00' })

let now = new Date('2026-11-10T02:05:00.000Z') // 10:05 Beijing
const api = () => clockApi(env, () => now)

let seq = 0
const person = () => `t-safety-${++seq}`
const rid = (tag: string) => `safety-${tag}-${++seq}`

async function resident(building = 'B01'): Promise<string> {
  const openid = person()
  await api().ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

const NAMES = [
  '小明',
  '小红',
  '小刚',
  '小丽',
  '小华',
  '小军',
  '小芳',
  '小伟',
  '小燕',
  '小杰',
  '小龙',
  '小梅',
  '小强',
]

function child(n: number, requestId = rid('child')): ActionInput<'child.register'> {
  return {
    requestId,
    name: NAMES[n],
    age: 8,
    grade: '二年级',
    guardian: { name: '王芳', relation: '母亲', phone: '13800001111' },
  }
}

async function childrenOf(openid: string): Promise<number> {
  return (await env.db.collection(COLLECTIONS.children).where({ guardianOpenids: openid }).count()).total
}

describe('rate limits', () => {
  const limit = contract['child.register'].rateLimit!

  test('the (max+1)th in the hour is refused with when to try again, nothing written; a replay passes; the next hour is open again', async () => {
    now = new Date('2026-11-10T02:05:00.000Z')
    const g = await resident()
    const other = await resident()
    const first = child(0)
    for (let i = 0; i < limit.max; i++) await api().ok(g, 'child.register', i === 0 ? first : child(i))
    expect(await childrenOf(g)).toBe(limit.max)

    now = new Date('2026-11-10T02:48:30.000Z') // 10:48:30 → the window ends at 11:00
    const refused = await api().call(g, 'child.register', child(limit.max))
    expect(refused).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: `操作太频繁（每小时最多${limit.max}次），请12分钟后再试` },
    })
    expect(await childrenOf(g)).toBe(limit.max)

    // The same requestId again (a lost answer) is not a new attempt.
    const replay = await api().ok(g, 'child.register', first)
    expect(replay.name).toBe(NAMES[0])
    // Someone else is not affected.
    await api().ok(other, 'child.register', child(0))

    now = new Date('2026-11-10T03:00:00.000Z')
    await api().ok(g, 'child.register', child(limit.max))
    expect(await childrenOf(g)).toBe(limit.max + 1)
  })

  test('parallel calls never slip past the limit', async () => {
    now = new Date('2026-11-11T02:05:00.000Z')
    const g = await resident()
    const results = await Promise.all(
      Array.from({ length: limit.max + 3 }, (_, i) => api().call(g, 'child.register', child(i))),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(limit.max)
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(3)
    expect(await childrenOf(g)).toBe(limit.max)
  })
})

/** A resident's request, accepted by their grid member. */
async function accepted(description: string) {
  const who = await resident()
  const r = await api().ok(who, 'request.create', {
    requestId: rid('req'),
    category: 'facility',
    description,
  })
  await api().ok('demo-member-1-1', 'request.accept', { id: r.id })
  return { who, r }
}

describe('one content check for all user text', () => {
  const RISKY = '楼下有人聚众赌博，吵得睡不着'
  const FLAG = '（内容涉及违法犯罪线索）'

  test('a risky request description is not refused: it goes to the community (sensitive.test.ts)', async () => {
    now = new Date('2026-11-12T02:05:00.000Z')
    const who = await resident()
    const r = await api().ok(who, 'request.create', {
      requestId: rid('req'),
      category: 'other',
      description: RISKY,
    })
    expect(r).toMatchObject({ description: RISKY, level: 1, sensitive: true, contentLabel: '违法犯罪' })
  })

  test('review text goes through, marked in the first 台账 entry for the handler', async () => {
    const who = await resident()
    const r = await api().ok(who, 'request.create', {
      requestId: rid('req'),
      category: 'other',
      description: '有人在楼道贴小广告说兼职返利',
    })
    const doc = (await env.db.collection(COLLECTIONS.requests).doc(r.id).get()).data[0] as RequestDoc
    expect(doc.events[0].note).toBe('已分派至第一网格 · 1号微网格；内容待人工审核')
    expect(doc).toMatchObject({ sensitive: false, contentLabel: null })
  })

  test('a risky rating comment is kept for the grid, the 台账 saying what the check found', async () => {
    const { who, r } = await accepted('楼道里的声控灯坏了，晚上很黑')
    await api().ok('demo-member-1-1', 'request.resolve', { id: r.id, note: '已更换灯泡' })
    const rated = await api().ok(who, 'request.rate', {
      id: r.id,
      rating: 'satisfied',
      comment: `谢谢，${RISKY}`,
    })
    expect(rated).toMatchObject({ rating: 'satisfied', ratingComment: `谢谢，${RISKY}`, sensitive: false })
    expect(rated.events.at(-1)?.note).toBe(`满意：谢谢，${RISKY}${FLAG}`)
  })

  test('notes and reasons on a request are checked and kept; activity text is refused', async () => {
    const { r } = await accepted('单元门的门禁坏了，关不上')
    const clean = await api().ok('demo-leader-1', 'request.chase', { id: r.id, note: '请今天之内处理' })
    expect(clean.events.at(-1)?.note).toBe('请今天之内处理')
    const resolved = await api().ok('demo-member-1-1', 'request.resolve', {
      id: r.id,
      note: `已处理，${RISKY}`,
    })
    expect(resolved.resolutionNote).toBe(`已处理，${RISKY}`)
    expect(resolved.events.at(-1)?.note).toBe(`已处理，${RISKY}${FLAG}`)
    // The same step again (a lost answer) is the same step, flagged alike: not a conflict.
    const again = await api().ok('demo-member-1-1', 'request.resolve', { id: r.id, note: `已处理，${RISKY}` })
    expect(again.events).toHaveLength(resolved.events.length)

    const activities = await env.count(COLLECTIONS.activities)
    const act = await api().call('demo-admin', 'activity.create', {
      requestId: rid('act'),
      kind: 'lecture',
      title: '周末义务理发',
      description: `欢迎参加，${RISKY}`,
      place: '社区活动室',
      schedule: { from: '2026-11-20', time: '09:00', durationMinutes: 120 },
      roles: [{ key: 'helper', name: '志愿者', capacity: 5, audience: 'volunteer' }],
    })
    expect(act).toMatchObject({ ok: false, error: { fields: { description: expect.any(String) } } })
    expect(await env.count(COLLECTIONS.activities)).toBe(activities)
  })
})
