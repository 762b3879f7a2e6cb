/**
 * The transition tables against the running code: sign-ups, invitations and 双报到 are driven
 * through the real api (and the scheduler) while every document's status is read before and
 * after each step. Every change seen must be a row of its table (a new document starts where the
 * table says), and every change of status a table allows must be seen at least once — so a table
 * row the code never makes, or a status write the table does not know, fails here.
 * (test/domain/{signup,invitations,party}.test.ts list the same moves by reading the code.)
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { InvitationDoc, SessionDoc, SignupDoc, VolunteerDoc } from '../../cloudfunctions/core/model'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { runScheduler } from '../../cloudfunctions/core/scheduler'
import { invitationStatusAt, INVITATION_HOURS } from '../../src/domain/invitations'
import { LIFECYCLES, type Lifecycle } from '../../src/domain/lifecycles'
import { HOUR_MS, MINUTE_MS } from '../../src/domain/time'
import { clockApi, fileEnv } from '../support/env'
import { sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

let clock = bj('2026-11-25T10:00:00')
const env = fileEnv({ at: '2026-11-25T09:00:00+08:00' })
const api = () => clockApi(env, () => clock)
const ADMIN = 'demo-admin'

type Key = 'signup' | 'invitation' | 'party'
const lifecycle = (key: Key): Lifecycle => LIFECYCLES.find((l) => l.key === key)!

/** Each lifecycle's documents, as the status the table speaks of (null: no document yet). */
const READERS: Record<Key, () => Promise<Map<string, string>>> = {
  async signup() {
    const res = await env.db.collection(COLLECTIONS.signups).limit(1000).get()
    return new Map((res.data as SignupDoc[]).map((d) => [d._id, d.status]))
  },
  async invitation() {
    const res = await env.db.collection(COLLECTIONS.invitations).limit(1000).get()
    return new Map((res.data as InvitationDoc[]).map((d) => [d._id, invitationStatusAt(d, clock)]))
  },
  async party() {
    const res = await env.db.collection(COLLECTIONS.volunteers).limit(1000).get()
    return new Map((res.data as VolunteerDoc[]).map((d) => [d._id, d.party?.status ?? 'none']))
  },
}
/** Where a lifecycle is before its document exists: sign-ups and invitations are new; a volunteer not yet registered has no 双报到. */
const ABSENT: Record<Key, string> = { signup: 'new', invitation: 'new', party: 'none' }

const seen: { key: Key; id: string; from: string; to: string; step: string }[] = []

async function snapshot() {
  const out = {} as Record<Key, Map<string, string>>
  for (const key of Object.keys(READERS) as Key[]) out[key] = await READERS[key]()
  return out
}

/** Runs `fn` (or moves the clock) and records every change of status it made. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const before = await snapshot()
  const result = await fn()
  const after = await snapshot()
  for (const key of Object.keys(READERS) as Key[])
    for (const [id, to] of after[key]) {
      const from = before[key].get(id) ?? ABSENT[key]
      if (from !== to) seen.push({ key, id, from, to, step: name })
    }
  return result
}

const move = (l: Lifecycle, from: string, to: string) =>
  from === 'new'
    ? l.initial.includes(to)
    : Object.values(l.transitions).some((t) => t.from.includes(from) && t.to === to)

/** Every change of status the table allows, as `from → to` (a new one: `new → where it starts`). */
function tablePairs(l: Lifecycle): Set<string> {
  const pairs = new Set(l.initial.map((s) => `new → ${s}`))
  for (const t of Object.values(l.transitions))
    for (const from of t.from) if (from !== t.to) pairs.add(`${from} → ${t.to}`)
  return pairs
}

/**
 * What was seen of `key` is legal, and all of its table was seen (where no document means the
 * first status, as for 双报到, nothing is ever new).
 */
function expectTableSeen(key: Key) {
  const l = lifecycle(key)
  const moves = seen.filter((m) => m.key === key)
  expect(moves.filter((m) => !move(l, m.from, m.to))).toEqual([])
  const pairs = new Set(moves.map((m) => `${m.from} → ${m.to}`))
  const expected = [...tablePairs(l)].filter((p) => ABSENT[key] === 'new' || !p.startsWith('new → '))
  expect(expected.filter((p) => !pairs.has(p))).toEqual([])
}

let people = 0
async function resident(): Promise<string> {
  const openid = `t-moves-${++people}`
  await api().ok(openid, 'me.bindBuilding', { buildingCode: 'B01' })
  return openid
}

async function sessionFor(capacity: number): Promise<SessionDoc> {
  const a = await api().ok(ADMIN, 'activity.create', {
    requestId: `moves-act-${capacity}-xxxx`,
    kind: 'lecture',
    title: '消防安全大讲堂',
    description: '社区消防站讲解家庭防火',
    place: '社区党群服务中心二楼',
    organiser: '幸福里社区',
    schedule: { from: '2026-11-27', time: '09:00', durationMinutes: 90 },
    roles: [{ key: 'attendee', name: '听众', capacity, audience: 'anyone' }],
  })
  return (await sessionsOf(env, a.id))[0]
}

test('sign-ups: every status change the api and the scheduler make is a row of the table', async () => {
  const one = await sessionFor(1)
  const roomy = await sessionFor(5)
  const [a, b, c, d] = [await resident(), await resident(), await resident(), await resident()]
  const signUp = (who: string, s: SessionDoc) =>
    step(`${who} signs up`, () => api().ok(who, 'session.signUp', { sessionId: s._id, role: 'attendee' }))
  const cancel = (who: string, s: SessionDoc) =>
    step(`${who} cancels`, () => api().ok(who, 'session.cancel', { sessionId: s._id }))

  await signUp(a, one) // a seat
  await signUp(b, one) // the waitlist
  await signUp(c, one)
  await cancel(b, one) // off the waitlist
  await signUp(b, one) // back on it, behind c
  await cancel(a, one) // more than 2 hours ahead: c is promoted at once
  await signUp(a, one) // behind b
  await signUp(d, roomy)
  await cancel(d, roomy)
  await signUp(d, roomy) // a cancelled place takes a free seat again

  // Within 2 hours of the start a freed seat is offered: c phones in sick, too late to cancel
  // himself, and the organiser gives his seat back (请假).
  clock = bj('2026-11-27T07:30:00')
  const cPlace = signupId(one._id, { openid: c, childId: null })
  await step('the organiser gives c’s seat back at 07:30', () =>
    api().ok(ADMIN, 'session.release', { sessionId: one._id, signupId: cPlace, reason: '来电说发烧请假' }),
  )
  // Not taken in 30 minutes: it passes to the next (a).
  clock = new Date(clock.getTime() + 30 * MINUTE_MS)
  await step('the scheduler at 08:00', () => runScheduler(env.deps(() => clock)))
  clock = bj('2026-11-27T08:10:00')
  await step(`${a} takes the offer`, () => api().ok(a, 'session.acceptOffer', { sessionId: one._id }))
  clock = bj('2026-11-27T08:30:00')
  const checkedIn = await step(`${d} checks in`, () =>
    api().ok(d, 'session.checkIn', { sessionId: roomy._id }),
  )
  expect(checkedIn.people).toHaveLength(1)
  // After the end: a never came (no-show); d came and forgot to check out.
  clock = bj('2026-11-27T10:31:00')
  await step('the scheduler after the end', () => runScheduler(env.deps(() => clock)))
  // a was in hospital: the organiser excuses the absence.
  await step(`the organiser excuses ${a}`, () =>
    api().ok(ADMIN, 'session.excuse', {
      sessionId: one._id,
      signupId: signupId(one._id, { openid: a, childId: null }),
      reason: '当天住院，事后补假',
    }),
  )

  expectTableSeen('signup')
})

test('invitations: every status change is a row of the table', async () => {
  clock = bj('2026-11-28T10:00:00')
  let n = 0
  const invite = () =>
    step('the admin invites', () =>
      api().ok(ADMIN, 'invite.create', {
        requestId: `moves-invite-${++n}-xxxx`,
        role: 'gridMember',
        gridId: 'g-1-3-2',
        name: `网格员${n}`,
      }),
    )
  const used = await invite()
  const revoked = await invite()
  const lapsed = await invite()
  await step('accepted', () => api().ok('t-moves-invitee', 'invite.accept', { code: used.code }))
  await step('revoked', () => api().ok(ADMIN, 'invite.revoke', { code: revoked.code }))
  await step(`${INVITATION_HOURS} hours later`, async () => {
    clock = new Date(clock.getTime() + INVITATION_HOURS * HOUR_MS)
  })
  expect(await api().call('t-moves-late', 'invite.accept', { code: lapsed.code })).toMatchObject({
    ok: false,
  })
  await step('an expired one revoked', () => api().ok(ADMIN, 'invite.revoke', { code: lapsed.code }))
  expectTableSeen('invitation')
})

test('双报到: every change of a volunteer’s party registration is a row of the table', async () => {
  clock = bj('2026-12-01T10:00:00')
  const who = await resident()
  const party = { workUnit: '区税务局', branch: '第二党支部' }
  const register = (what: string, p: typeof party | undefined) =>
    step(what, () =>
      api().ok(who, 'volunteer.register', {
        name: '郑晓东',
        phone: '13900001111',
        skills: [],
        availability: '周末',
        ...(p ? { party: p } : {}),
      }),
    )
  const decide = (approve: boolean) =>
    step(approve ? 'confirmed' : 'sent back', () =>
      api().ok(ADMIN, 'volunteer.confirmParty', { openid: who, approve }),
    )
  await register('registers', party)
  await decide(true)
  await register('moves branch', { ...party, branch: '第三党支部' })
  await decide(false)
  await register('registers again', party)
  await register('withdraws while waiting', undefined)
  await register('registers once more', party)
  await decide(true)
  await register('withdraws once confirmed', undefined)
  expectTableSeen('party')
})
