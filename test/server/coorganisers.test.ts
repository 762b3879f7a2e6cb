/**
 * 协助组织者 (issue 18, part 2): 王建国 (网格长) publishes a 四点半课堂 and adds 冯雪, the registered
 * volunteer tutor on site, as co-organiser. She runs the day — the roster, check-in, handing a child
 * to a registered collector, 请假 — and nothing more: no code, no hours, no lock, no organisers.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { ActivityDoc, SessionDoc, SignupDoc } from '../../cloudfunctions/core/model'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'
import { activityInput, sessionsOf } from '../support/fixtures'
import { noticeTitles } from '../support/reads'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-07T09:00:00+08:00' })
let clock = bj('2026-12-07T09:00:00')
const api = () => clockApi(env, () => clock)

const LEADER = 'demo-leader-1'
const ADMIN = 'demo-admin'
const FENG = 'demo-volunteer-2'
const ZHENG = 'demo-volunteer-1'
const DAYE = 'demo-resident-1'
const SUN = 'demo-resident-2'
let n = 0
const rid = () => `coorg-${++n}-xxxxxxxx`

const stored = async (activityId: string) =>
  (await env.db.collection(COLLECTIONS.activities).doc(activityId).get()).data[0] as ActivityDoc
const place = async (id: string) =>
  (await env.db.collection(COLLECTIONS.signups).doc(id).get()).data[0] as SignupDoc

async function child(guardian: string, name: string, phone: string) {
  const c = await api().ok(guardian, 'child.register', {
    requestId: rid(),
    name,
    age: 8,
    grade: '二年级',
    guardian: { name: '家长', relation: '爷爷', phone },
    others: [{ name: '李奶奶', relation: '奶奶', phone: '13812345609' }],
  })
  return c.id
}

/** Tomorrow's (and the day after's) 四点半课堂 by the leader: two tutors, twenty children. */
async function afterSchool(): Promise<{ activityId: string; sessions: SessionDoc[] }> {
  const a = await api().ok(
    LEADER,
    'activity.create',
    activityInput(rid(), {
      kind: 'afterSchool',
      title: '四点半课堂',
      schedule: { from: '2026-12-08', to: '2026-12-09', time: '16:30', durationMinutes: 90 },
      roles: [
        { key: 'tutor', name: '辅导老师', capacity: 2, audience: 'volunteer' },
        { key: 'child', name: '孩子', capacity: 20, audience: 'child' },
      ],
    }),
  )
  return { activityId: a.id, sessions: await sessionsOf(env, a.id) }
}

test('the organiser adds a registered volunteer: she is told, it is in the 台账, every session carries her', async () => {
  const { activityId, sessions } = await afterSchool()
  const before = JSON.stringify(await stored(activityId))
  for (const [who, input, expected] of [
    [LEADER, { activityId, openid: '' }, refusal('INVALID_INPUT')],
    [
      LEADER,
      { activityId, openid: SUN },
      refusal('INVALID_INPUT', '只能添加本社区登记的志愿者或网格工作人员'),
    ],
    [LEADER, { activityId, openid: ADMIN }, refusal('CONFLICT', '这位已是活动的组织者，无需再添加')],
    [LEADER, { activityId: 'no-such-activity', openid: FENG }, refusal('NOT_FOUND')],
    // She may not add herself, nor may staff who do not organise it, nor another grid's leader.
    [FENG, { activityId, openid: FENG }, refusal('FORBIDDEN')],
    [
      'demo-member-1-1',
      { activityId, openid: FENG },
      refusal('FORBIDDEN', '只有活动组织者可以添加协助组织者'),
    ],
    ['demo-leader-2', { activityId, openid: FENG }, refusal('FORBIDDEN')],
    ['demo-admin-2', { activityId, openid: FENG }, refusal('FORBIDDEN')],
  ] as const) {
    expect(await api().call(who, 'activity.addOrganiser', input)).toMatchObject(expected)
    expect(JSON.stringify(await stored(activityId))).toBe(before)
  }
  const shown = await api().ok(LEADER, 'activity.organisers', { activityId })
  expect(shown.organisers).toEqual([])
  // Volunteers, party members and staff who do not organise it already (not the admin, not 王建国).
  expect(shown.candidates).toEqual(
    expect.arrayContaining([
      { openid: FENG, name: '冯雪', roleName: '志愿者' },
      { openid: ZHENG, name: '郑晓东', roleName: '在职党员' },
      { openid: 'demo-member-1-1', name: '刘芳', roleName: '网格员' },
    ]),
  )
  // The volunteers first (the tutor on site), then party members, then staff.
  const order = ['志愿者', '在职党员', '网格员', '网格长']
  const ranks = shown.candidates.map((c) => order.indexOf(c.roleName))
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  expect(ranks[0]).toBe(0)
  expect(shown.candidates.map((c) => c.openid)).not.toEqual(expect.arrayContaining([ADMIN]))
  expect(shown.candidates.map((c) => c.openid)).not.toContain(LEADER)
  expect(shown.candidates.map((c) => c.openid)).not.toContain(DAYE)

  const added = await api().ok(LEADER, 'activity.addOrganiser', { activityId, openid: FENG })
  expect(added.organisers).toEqual([{ openid: FENG, name: '冯雪', roleName: '志愿者' }])
  expect(added.candidates.map((c) => c.openid)).not.toContain(FENG)
  expect(added.events).toEqual([
    { at: clock.toISOString(), actorName: '王建国', note: '添加协助组织者：冯雪（志愿者）' },
  ])
  for (const s of await sessionsOf(env, activityId)) expect(s.coOrganisers).toEqual([FENG])
  expect(await noticeTitles(env, FENG, sessions[0]._id)).toEqual(['您已成为活动的协助组织者'])
  // A second tap: nothing new, nobody told twice.
  expect(await api().ok(LEADER, 'activity.addOrganiser', { activityId, openid: FENG })).toEqual(added)
  expect(await noticeTitles(env, FENG, sessions[0]._id)).toEqual(['您已成为活动的协助组织者'])
  // She finds it on the 活动 board: 签到与名单 is offered (runsDay), organising is not.
  const view = await api().ok(FENG, 'session.get', { sessionId: sessions[0]._id })
  expect({ organiser: view.organiser, runsDay: view.runsDay }).toEqual({ organiser: false, runsDay: true })
  const other = await api().ok(ZHENG, 'session.get', { sessionId: sessions[0]._id })
  expect(other.runsDay).toBe(false)
})

test('a co-organiser runs the day and nothing more', async () => {
  const { activityId, sessions } = await afterSchool()
  const s = sessions[0]
  await api().ok(ADMIN, 'activity.addOrganiser', { activityId, openid: FENG })
  const ming = await child(DAYE, '小明', '13812345601')
  const hong = await child(SUN, '小红', '13812345602')
  await api().ok(DAYE, 'session.signUp', { sessionId: s._id, role: 'child', childId: ming })
  await api().ok(SUN, 'session.signUp', { sessionId: s._id, role: 'child', childId: hong })
  await api().ok(ZHENG, 'session.signUp', { sessionId: s._id, role: 'tutor' })
  const mingPlace = signupId(s._id, { openid: DAYE, childId: ming })
  const hongPlace = signupId(s._id, { openid: SUN, childId: hong })
  const zhengPlace = signupId(s._id, { openid: ZHENG, childId: null })

  // The morning: 孙阿姨 phones — 小红 is ill. The co-organiser gives the place back.
  clock = bj('2026-12-08T14:00:00')
  const roster = await api().ok(FENG, 'session.roster', { sessionId: s._id })
  expect(roster.coOrganiser).toBe(true)
  expect(roster.entries.map((e) => e.name).sort()).toEqual(['小明', '小红', '郑晓东'])
  const released = await api().ok(FENG, 'session.release', {
    sessionId: s._id,
    signupId: hongPlace,
    reason: '小红发烧，孙阿姨来电请假',
  })
  expect(released.entries.find((e) => e.id === hongPlace)).toMatchObject({
    statusName: '已请假',
    excuse: '小红发烧，孙阿姨来电请假',
  })
  expect(await noticeTitles(env, SUN, s._id)).toContain('组织者已为您取消报名')

  // On the day: she checks 小明 in, and hands him only to a registered collector.
  clock = bj('2026-12-08T16:20:00')
  await api().ok(FENG, 'session.checkIn', { sessionId: s._id, signupId: mingPlace })
  expect((await place(mingPlace)).checkInAt).toBeTruthy()
  expect(
    await api().call(FENG, 'session.checkOut', { sessionId: s._id, signupId: mingPlace, collectorId: 'g7' }),
  ).toMatchObject(refusal('FORBIDDEN', '不是登记的接送人，不能把孩子交给他/她；请联系孩子的监护人'))
  const call = await api().ok(FENG, 'person.reveal', { kind: 'childCollector', id: ming, collectorId: 'g1' })
  expect(call.phone).toBe('13812345609')
  clock = bj('2026-12-08T18:00:00')
  await api().ok(FENG, 'session.checkOut', { sessionId: s._id, signupId: mingPlace, collectorId: 'g1' })
  expect((await place(mingPlace)).collectedBy).toEqual({ name: '李奶奶', relation: '奶奶' })

  // Not hers: the code, the hours, the lock, the organisers.
  const refusals = [
    await api().call(FENG, 'session.checkInCode', { sessionId: s._id }),
    await api().call(FENG, 'session.confirm', { sessionId: s._id }),
    await api().call(FENG, 'session.liftLock', {
      sessionId: s._id,
      signupId: zhengPlace,
      reason: '事出有因已核实',
    }),
    await api().call(FENG, 'activity.addOrganiser', { activityId, openid: ZHENG }),
    await api().call(FENG, 'activity.removeOrganiser', { activityId, openid: FENG }),
    await api().call(FENG, 'activity.organisers', { activityId }),
  ]
  for (const r of refusals) expect(r).toMatchObject(refusal('FORBIDDEN'))
  expect(refusals[0]).toMatchObject(refusal('FORBIDDEN', '只有活动组织者可以打印签到码'))
  expect(refusals[1]).toMatchObject(refusal('FORBIDDEN', '只有活动组织者可以确认时长'))
  expect((await stored(activityId)).coOrganisers?.map((c) => c.openid)).toEqual([FENG])

  // After the end: 郑晓东 never came; the organiser confirms, and she excuses him (he phoned later).
  clock = bj('2026-12-08T18:30:00')
  await api().ok(ADMIN, 'session.confirm', { sessionId: s._id })
  expect((await place(zhengPlace)).status).toBe('noShow')
  const excused = await api().ok(FENG, 'session.excuse', {
    sessionId: s._id,
    signupId: zhengPlace,
    reason: '郑晓东单位临时加班，事后来电',
  })
  expect(excused.entries.find((e) => e.id === zhengPlace)).toMatchObject({ statusName: '已请假' })
  expect(await noticeTitles(env, ZHENG, s._id)).toContain('您的缺席已改为请假')
  // Another session of hers is still hers; another activity is not.
  expect((await api().ok(FENG, 'session.roster', { sessionId: sessions[1]._id })).coOrganiser).toBe(true)
  const { sessions: others } = await afterSchool()
  expect(await api().call(FENG, 'session.roster', { sessionId: others[0]._id })).toMatchObject(
    refusal('FORBIDDEN', '只有活动组织者或协助组织者可以查看报名名单'),
  )
})

test('removed, a co-organiser runs nothing; two organisers adding at once lose neither', async () => {
  clock = bj('2026-12-07T10:00:00')
  const { activityId, sessions } = await afterSchool()
  const results = await Promise.all([
    api().call(LEADER, 'activity.addOrganiser', { activityId, openid: FENG }),
    api().call(ADMIN, 'activity.addOrganiser', { activityId, openid: ZHENG }),
  ])
  // Each either went in, or was told in words to try again: never one silently lost.
  const added = [FENG, ZHENG].filter((_, i) => results[i].ok)
  for (const r of results)
    if (!r.ok) expect(r).toMatchObject(refusal('CONFLICT', '协助组织者刚被修改过，请刷新后再试'))
  expect((await stored(activityId)).coOrganisers?.map((c) => c.openid).sort()).toEqual(added.sort())
  await api().ok(LEADER, 'activity.addOrganiser', { activityId, openid: FENG })
  await api().ok(LEADER, 'activity.addOrganiser', { activityId, openid: ZHENG })

  const left = await api().ok(LEADER, 'activity.removeOrganiser', { activityId, openid: FENG })
  expect(left.organisers.map((o) => o.openid)).toEqual([ZHENG])
  expect(left.events[0]).toMatchObject({ actorName: '王建国', note: '移除协助组织者：冯雪（志愿者）' })
  expect(left.candidates.map((c) => c.openid)).toContain(FENG)
  for (const s of await sessionsOf(env, activityId)) expect(s.coOrganisers).toEqual([ZHENG])
  expect(await noticeTitles(env, FENG, sessions[0]._id)).toContain('您不再是活动的协助组织者')
  expect(await api().call(FENG, 'session.roster', { sessionId: sessions[0]._id })).toMatchObject(
    refusal('FORBIDDEN'),
  )
  // Removing again changes nothing.
  const again = await api().ok(LEADER, 'activity.removeOrganiser', { activityId, openid: FENG })
  expect(again.events).toHaveLength(left.events.length)
})
