/**
 * The holes an attack on the backend found (issue: "Close the holes an attacker found"), one test
 * each: revoked staff and their old codes and activities, strangers taking seats, refused calls
 * using up quotas, parallel retries refused, erasure leaving files, uploads without a quota, text
 * that skipped the content check.
 */
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { MembershipDoc, RequestDoc, UploadDoc } from '../../cloudfunctions/core/model'
import { UPLOAD_QUOTAS } from '../../src/domain/photos'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

const ADMIN = 'demo-admin'
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)])

const env = fileEnv({ at: '2026-11-25T09:00:00+08:00' })
let clock = bj('2026-11-25T10:00:00')
const api = () => clockApi(env, () => clock)
let seq = 0
const rid = (tag: string) => `holes-${tag}-${++seq}`

async function resident(building = 'B01'): Promise<string> {
  const openid = `t-holes-${++seq}`
  await api().ok(openid, 'me.bindBuilding', { buildingCode: building })
  return openid
}

const membershipOf = async (openid: string) =>
  ((await env.db.collection(COLLECTIONS.memberships).where({ openid }).get()).data as MembershipDoc[])[0]

/** Invited by the admin to `role` in `gridId`, accepted: the new staff member's openid and code. */
async function staff(role: 'gridMember' | 'gridLeader', gridId: string, name: string) {
  const openid = `t-holes-staff-${++seq}`
  const inv = await api().ok(ADMIN, 'invite.create', { requestId: rid('inv'), role, gridId, name })
  await api().ok(openid, 'invite.accept', { code: inv.code })
  return { openid, code: inv.code }
}

test('1. a revoked member cannot take the role back with the code they used', async () => {
  const x = await staff('gridMember', 'g-1-1-1', '钱多多')
  expect((await api().call(x.openid, 'request.inbox', { tab: 'assigned' })).ok).toBe(true)
  // A double tap on the same code, while the role is held, is the same grant.
  expect((await api().call(x.openid, 'invite.accept', { code: x.code })).ok).toBe(true)
  await api().ok(ADMIN, 'role.revoke', { membershipId: (await membershipOf(x.openid))._id, reason: '调离' })
  clock = bj('2026-11-27T10:00:00') // days later
  for (const action of ['invite.accept', 'invite.peek'] as const) {
    expect(await api().call(x.openid, action, { code: x.code })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('所授角色已被撤销') },
    })
  }
  expect(await membershipOf(x.openid)).toBeUndefined()
  expect(await api().call(x.openid, 'request.inbox', { tab: 'assigned' })).toMatchObject(refusal('FORBIDDEN'))
  clock = bj('2026-11-25T10:00:00')
})

test('2. a revoked grid leader no longer runs the activities they published', async () => {
  const leader = await staff('gridLeader', 'g-1-2', '孙立')
  const created = await api().ok(
    leader.openid,
    'activity.create',
    activityInput(rid('act'), {
      title: '防汛知识大讲堂',
      schedule: { from: '2026-12-03', time: '19:00', durationMinutes: 60 },
    }),
  )
  const [session] = await sessionsOf(env, created.id)
  expect((await api().call(leader.openid, 'session.roster', { sessionId: session._id })).ok).toBe(true)
  await api().ok(ADMIN, 'role.revoke', {
    membershipId: (await membershipOf(leader.openid))._id,
    reason: '换届',
  })
  for (const action of ['session.roster', 'session.checkInCode', 'session.confirm'] as const) {
    const res = await api().call(leader.openid, action, { sessionId: session._id })
    expect([action, res.ok ? 'ok' : res.error.code]).toEqual([action, 'FORBIDDEN'])
  }
  // The admin still runs it.
  expect((await api().call(ADMIN, 'session.roster', { sessionId: session._id })).ok).toBe(true)
})

test('3. sign-up is for the community’s people: a stranger with the id from a poster is refused', async () => {
  const created = await api().ok(
    ADMIN,
    'activity.create',
    activityInput(rid('act'), {
      title: '反诈骗大讲堂',
      schedule: { from: '2026-12-04', time: '19:00', durationMinutes: 60 },
      roles: [{ key: 'attendee', name: '听众', capacity: 2, audience: 'anyone' }],
    }),
  )
  const [session] = await sessionsOf(env, created.id)
  for (const stranger of ['t-holes-stranger-1', 't-holes-stranger-2', 't-holes-stranger-3']) {
    expect(
      await api().call(stranger, 'session.signUp', { sessionId: session._id, role: 'attendee' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到这场活动' } })
    expect(
      await api().call(stranger, 'activity.signUpAll', { activityId: created.id, role: 'attendee' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }
  const neighbour = await resident('B03')
  const seat = await api().ok(neighbour, 'session.signUp', { sessionId: session._id, role: 'attendee' })
  expect(seat.mine?.status).toBe('confirmed')
  // A volunteer of the community without a building is one of its people too.
  expect(
    (await api().call('demo-volunteer-2', 'session.signUp', { sessionId: session._id, role: 'attendee' })).ok,
  ).toBe(true)
})

test('4. refused calls do not use up the hour’s quota; guessing invitation codes still does', async () => {
  const who = await resident('B02')
  for (let i = 0; i < 30; i++) {
    // Refused after the count is taken: a photo the caller never uploaded.
    const res = await api().call(who, 'request.create', {
      requestId: rid('photo'),
      category: 'environment',
      description: '楼道里堆了很多纸箱，消防通道被堵住了',
      photos: [`cloud://env/photos/${who}/never-uploaded-${i}.jpg`],
    })
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { photos: expect.any(String) } },
    })
  }
  expect(
    (
      await api().call(who, 'request.create', {
        requestId: rid('ok'),
        category: 'environment',
        description: '楼道里堆了很多纸箱，消防通道被堵住了',
      })
    ).ok,
  ).toBe(true)
  for (let i = 0; i < 20; i++) {
    const res = await api().call('demo-volunteer-2', 'wish.claim', {
      id: `no-such-wish-${i}`,
      promisedBy: '2026-11-28',
    })
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }
  const wish = await api().ok('demo-resident-1', 'wish.create', {
    requestId: rid('wish'),
    category: 'goods',
    what: '一副老花镜',
    why: '原来的眼镜摔坏了，看不清药盒上的字',
  })
  await api().ok('demo-member-1-1', 'wish.review', { id: wish.id, decision: 'publish' })
  expect(
    (await api().call('demo-volunteer-2', 'wish.claim', { id: wish.id, promisedBy: '2026-11-28' })).ok,
  ).toBe(true)
  // Unknown codes are what a guesser gets: they count.
  const guesser = await resident('B04')
  const symbols = 'ABCDEFGHJK'
  for (let i = 0; i < 20; i++) {
    const res = await api().call(guesser, 'invite.peek', {
      code: `ABCDEF${symbols[i % 10]}${symbols[i >> 1]}`,
    })
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }
  expect(await api().call(guesser, 'invite.peek', { code: 'ABCDEFGH' })).toMatchObject(
    refusal('RATE_LIMITED'),
  )
})

test('5. parallel retries of one requestId answer with the one request, even at the last open slot', async () => {
  const who = await resident('B02')
  await env.db.collection(COLLECTIONS.users).doc(who).update({ openCount: 9 })
  const input = {
    requestId: rid('retry'),
    category: 'facility' as const,
    description: '单元门的门禁坏了，刷卡没反应',
  }
  const answers = await Promise.all(Array.from({ length: 6 }, () => api().call(who, 'request.create', input)))
  expect(answers.map((a) => (a.ok ? 'ok' : a.error.message))).toEqual(Array(6).fill('ok'))
  expect(new Set(answers.map((a) => (a.ok ? a.data.id : '')))).toHaveProperty('size', 1)
  const user = (await env.db.collection(COLLECTIONS.users).doc(who).get()).data[0] as { openCount: number }
  expect(user.openCount).toBe(10)
  // The eleventh is refused, and leaves nothing behind.
  const before = await env.count(COLLECTIONS.requests)
  expect(await api().call(who, 'request.create', { ...input, requestId: rid('eleventh') })).toMatchObject(
    refusal('RATE_LIMITED'),
  )
  expect(await env.count(COLLECTIONS.requests)).toBe(before)
})

test('6. 注销账号 removes the person’s files; uploads never attached go after a day', async () => {
  const who = await resident('B01')
  const attached = await env.upload(who, 'leak.jpg', JPEG)
  const loose = await env.upload(who, 'loose.jpg', JPEG)
  const created = await api().ok(who, 'request.create', {
    requestId: rid('photo'),
    category: 'utility',
    description: '厨房水管接口一直在滴水',
    photos: [attached],
  })
  expect(await readFile(attached)).not.toBeNull()
  await api().ok(who, 'me.delete', { confirm: '注销' })
  expect(
    await env.app.database().collection(COLLECTIONS.uploads).where({ openid: who }).count(),
  ).toMatchObject({
    total: 0,
  })
  for (const id of [attached, loose]) expect(await readFile(id)).toBeNull()
  const doc = (await env.db.collection(COLLECTIONS.requests).doc(created.id).get()).data[0] as RequestDoc
  expect(doc.photos).toEqual([])

  // Someone else's upload, never used: kept for a day, then gone with the nightly run.
  const other = await resident('B01')
  const stray = await env.upload(other, 'stray.jpg', JPEG)
  const kept = await env.upload(other, 'kept.jpg', JPEG)
  await api().ok(other, 'request.create', {
    requestId: rid('kept'),
    category: 'facility',
    description: '楼道窗户玻璃碎了，风很大',
    photos: [kept],
  })
  const sameNight = await runScheduler(env.deps(() => bj('2026-11-26T03:00:00')))
  expect(sameNight.uploadsPurged).toBe(0)
  const nextNight = await runScheduler(env.deps(() => bj('2026-11-27T03:00:00')))
  expect(nextNight.uploadsPurged).toBeGreaterThanOrEqual(1)
  expect(await readFile(stray)).toBeNull()
  expect(await readFile(kept)).not.toBeNull()
})

async function readFile(fileID: string) {
  return env.deps(() => clock).files.read(fileID)
}

test('7. uploads have a quota: none for strangers, a day’s worth for residents; what is over is deleted', async () => {
  const stranger = 't-holes-uploader'
  const lone = await env.putFile(stranger, 'big.jpg', JPEG)
  expect(await api().call(stranger, 'upload.record', { fileID: lone })).toMatchObject(refusal('FORBIDDEN'))
  expect(await readFile(lone)).toBeNull()

  const who = await resident('B05')
  const quota = UPLOAD_QUOTAS.resident.files
  for (let i = 0; i < quota; i++) await env.upload(who, `q${i}.jpg`, JPEG)
  const over = await env.putFile(who, 'over.jpg', JPEG)
  expect(await api().call(who, 'upload.record', { fileID: over })).toMatchObject({
    ok: false,
    error: { code: 'RATE_LIMITED', message: expect.stringContaining('今天上传的文件已达上限') },
  })
  expect(await readFile(over)).toBeNull()
  // An upload nobody recorded cannot be attached.
  const unrecorded = await env.putFile(who, 'unrecorded.jpg', JPEG)
  expect(
    await api().call(who, 'request.create', {
      requestId: rid('unrecorded'),
      category: 'facility',
      description: '路灯不亮了，晚上很黑',
      photos: [unrecorded],
    }),
  ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '文件还没有上传完成，请重新选择' } })
  const records = (await env.db.collection(COLLECTIONS.uploads).where({ openid: who }).get())
    .data as UploadDoc[]
  expect(records).toHaveLength(quota)
  // The next day the quota is fresh.
  clock = bj('2026-11-26T08:00:00')
  expect(
    (await api().call(who, 'upload.record', { fileID: await env.putFile(who, 'tomorrow.jpg', JPEG) })).ok,
  ).toBe(true)
  clock = bj('2026-11-25T10:00:00')
})

test('8. names, rooms and relations people type pass the content check', async () => {
  const who = `t-holes-text-${++seq}`
  expect(await api().call(who, 'me.bindBuilding', { buildingCode: 'B01', room: '赌博' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fields: { room: expect.any(String) } },
  })
  await api().ok(who, 'me.bindBuilding', { buildingCode: 'B01', room: '2单元301' })
  const child = {
    requestId: rid('child'),
    name: '小明',
    age: 8,
    grade: '二年级',
    guardian: { name: '王芳', relation: '母亲', phone: '13900001111' },
    others: [{ name: '赌博', relation: '爷爷', phone: '13900002222' }],
  }
  expect(await api().call(who, 'child.register', child as never)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fields: { 'others[].name': expect.any(String) } },
  })
  expect(await env.count(COLLECTIONS.children)).toBe(0)
  // 代录 text is read by the grid alone: checked like a resident's own request — not refused, but
  // a risky word anywhere in it sends the request to the community (sensitive.test.ts).
  expect(
    await api().ok('demo-member-1-1', 'request.createOnBehalf', {
      requestId: rid('behalf'),
      buildingCode: 'B01',
      residentName: '赌博',
      category: 'help',
      description: '老人行动不便，需要帮忙买菜',
    }),
  ).toMatchObject({ level: 1, sensitive: true, contentLabel: '违法犯罪' })
})

test('found by the fuzz test: refusing to remove the last admin writes nothing, not even the counter', async () => {
  const [admin] = (
    await env.db.collection(COLLECTIONS.memberships).where({ openid: ADMIN, role: 'communityAdmin' }).get()
  ).data as MembershipDoc[]
  const before = env.fingerprint([COLLECTIONS.rateLimits])
  expect(await api().call(ADMIN, 'role.revoke', { membershipId: admin._id, reason: '' })).toMatchObject(
    refusal('CONFLICT', '不能移除最后一位社区管理员，请先邀请另一位管理员'),
  )
  expect(env.fingerprint([COLLECTIONS.rateLimits])).toBe(before)
})
