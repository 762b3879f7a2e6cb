/**
 * The authorization matrix: every action of the contract, called as every persona of
 * src/domain/access-matrix.ts on fixtures made fresh for it, must let in exactly the personas of
 * its row (ACCESS_MATRIX, and ACCESS_SITUATIONS for the same action on objects with a history).
 * Denied ⇔ `{ ok: false }` with FORBIDDEN, NOT_FOUND or UNAUTHENTICATED; anything else is allowed
 * (ok, or CONFLICT / INVALID_INPUT / RATE_LIMITED for reasons of state or input). Besides:
 * - a denied call leaves the fixture's documents, the personas and the database's counts as they were;
 * - the foreign admin is told nothing of 幸福里社区 by what they are allowed;
 * - for the lists (FINDS), exactly the right personas find the fixture in theirs;
 * - somebody's call succeeds, so a broken builder cannot pass for a row of refusals.
 *
 * `AUTHZ_PRINT=1 npx jest test/server/authz.test.ts` prints the rows as observed, with every
 * persona's answer (to draft a row for a new action — then read it as a reviewer before copying).
 */
import { bootstrapAdmin, bootstrapStreet } from '../../cloudfunctions/core/roles/bootstrap'
import { signupId } from '../../cloudfunctions/core/activities/store'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { rectificationDoc } from '../../cloudfunctions/core/grading/confirm'
import type { MembershipDoc, RequestDoc } from '../../cloudfunctions/core/model'
import { writeWorkbook, type SheetData } from '../../cloudfunctions/core/setup/workbook'
import {
  ACCESS_MATRIX,
  ACCESS_SITUATIONS,
  ALL_PERSONAS,
  NEIGHBOURS,
  type Persona,
} from '../../src/domain/access-matrix'
import type { ActivityKind, Audience } from '../../src/domain/activity'
import { contract, type ActionInput, type ActionName } from '../../src/domain/contract'
import type { ApiResponse } from '../../src/domain/errors'
import { DELETE_CONFIRMATION, PRIVACY_VERSION } from '../../src/domain/privacy'
import { clockApi, startTestEnv, type TestEnv } from '../support/env'
import { sessionsOf } from '../support/fixtures'
import { bj } from '../support/time'

/** A Wednesday, a working day: every fixture is made at this instant unless it says otherwise. */
const BASE = bj('2026-11-25T09:00:00')
let clock = BASE
let env: TestEnv
const api = () => clockApi(env, () => clock)

const WHO: Record<Persona, string> = {
  stranger: 'authz-stranger',
  owner: 'demo-resident-1',
  otherResident: 'authz-resident-b05',
  member: 'demo-member-1-1',
  otherMember: 'demo-member-2-1',
  leader: 'demo-leader-1',
  otherLeader: 'demo-leader-2',
  volunteer: 'demo-volunteer-2',
  partyMember: 'demo-volunteer-1',
  admin: 'demo-admin',
  foreignAdmin: 'authz-foreign-admin',
  revoked: 'authz-revoked',
  buildingLeader: 'demo-building-leader-1',
  unitContact: 'authz-unit-contact',
  streetAdmin: 'authz-street-admin',
}
/** 暖阳街道, registered above 幸福里社区 in setUpPersonas (its admin: streetAdmin). */
const STREET_ID = 's-nuanyang'
/** 幸福里物业, the unit whose contact unitContact is (made in setUpPersonas). */
let UNIT_ID = ''

const DENIED = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']
/** In fixture texts, so an answer that carries 幸福里社区's data to the foreign admin shows it. */
const MARK = '幸福里'
/** Answers that name 幸福里社区 to whoever asks, by design: a code or serial is its bearer's, a QR code is on a door. */
const PUBLIC_BY_DESIGN: readonly ActionName[] = [
  'building.lookup',
  'me.bindBuilding',
  'certificate.verify',
  'invite.peek',
  'invite.accept',
]
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)])

let seq = 0
const rid = (tag: string) => `authz-${tag}-${++seq}`

// ---- fixtures ------------------------------------------------------------------------------

/** An input made for each caller (an upload lives in the caller's own folder). */
class PerCaller<I> {
  constructor(readonly make: (openid: string) => Promise<I>) {}
}

/**
 * Fresh objects for one action, made through the api as the app would; each remembers the
 * documents it made, which must not change under a denied call.
 */
class Fixtures {
  readonly watched: [string, string][] = []
  /** What shows the fixture in an answer (its id, its code): for the lists of FINDS. */
  readonly markers: string[] = []

  watch(collection: string, id: string): string {
    this.watched.push([collection, id])
    return id
  }

  mark(marker: string): string {
    this.markers.push(marker)
    return marker
  }

  perCaller<I>(make: (openid: string) => Promise<I>): PerCaller<I> {
    return new PerCaller(make)
  }

  /** A request the owner files in B01: it waits at micro-grid g-1-1-1 (the member's). */
  async request(category: 'facility' | 'safety' = 'facility'): Promise<string> {
    const r = await api().ok(WHO.owner, 'request.create', {
      requestId: rid('req'),
      category,
      description: `${MARK}1号楼3单元的楼道灯坏了，晚上看不清`,
    })
    return this.watch(COLLECTIONS.requests, r.id)
  }

  /** The owner's report of 毒品 in B01's garage: at the community level, with the label (治安线索). */
  async sensitive(): Promise<string> {
    const r = await api().ok(WHO.owner, 'request.create', {
      requestId: rid('sensitive'),
      category: 'other',
      description: `${MARK}1号楼地下车库有人卖毒品`,
    })
    return this.watch(COLLECTIONS.requests, r.id)
  }

  async accepted(): Promise<string> {
    const id = await this.request()
    await api().ok(WHO.member, 'request.accept', { id })
    return id
  }

  /** 吹哨: the owner's request, the leader calls 幸福里物业 in (待报到). */
  async whistled(): Promise<string> {
    const id = await this.request()
    await api().ok(WHO.leader, 'request.whistle', { id, unitId: UNIT_ID, note: '楼道灯归物业维修' })
    return id
  }

  /** …and the unit reported in (办理中). */
  async unitAccepted(): Promise<string> {
    const id = await this.whistled()
    await api().ok(WHO.unitContact, 'request.unitAccept', { id })
    return id
  }

  async resolved(): Promise<string> {
    const id = await this.accepted()
    await api().ok(WHO.member, 'request.resolve', { id, note: '已换了新灯泡，楼道亮了' })
    return id
  }

  /**
   * 兜底 at 暖阳街道 (as street.test.ts's upToStreet): the owner's request, handed up by the member,
   * the leader and the admin — level 0, held by the street and no longer by 幸福里's admin.
   */
  async atStreet(): Promise<string> {
    const id = await this.request()
    await api().ok(WHO.member, 'request.escalate', { id, reason: '楼道线路老化，网格内修不了' })
    await api().ok(WHO.leader, 'request.escalate', { id, reason: '需要专业电工，网格协调不了' })
    await api().ok(WHO.admin, 'request.escalate', { id, reason: '社区没有维修资金，请街道协调' })
    return id
  }

  /** …and the street's admin took it on (受理). */
  async streetAccepted(): Promise<string> {
    const id = await this.atStreet()
    await api().ok(WHO.streetAdmin, 'request.accept', { id })
    return id
  }

  /** …or called 幸福里物业 in (吹哨 by the street). */
  async streetWhistled(): Promise<string> {
    const id = await this.atStreet()
    await api().ok(WHO.streetAdmin, 'request.whistle', { id, unitId: UNIT_ID, note: '请物业配合更换线路' })
    return id
  }

  /** …or handed it back to 幸福里's level 1 (退回社区): the community's again. */
  async returnedByStreet(): Promise<string> {
    const id = await this.atStreet()
    await api().ok(WHO.streetAdmin, 'request.streetReturn', {
      id,
      reason: '楼道照明属社区公共设施，请社区报修',
    })
    return id
  }

  /**
   * 春晖社区's 兜底, which has no street registered: a resident of 春晖1号楼 files it and 春晖's
   * admin hands it up three times — level 0, still its own admin's (the old way).
   */
  async chunhuiBackstop(): Promise<string> {
    const resident = `authz-chunhui-resident-${++seq}`
    await api().ok(resident, 'me.bindBuilding', { buildingCode: 'CH01', room: '1单元202' })
    const r = await api().ok(resident, 'request.create', {
      requestId: rid('chunhui'),
      category: 'facility',
      description: '春晖1号楼的楼道灯坏了，晚上看不清',
    })
    const id = this.watch(COLLECTIONS.requests, r.id)
    // Placed at the nearest staffed grid (春晖's grids below its root have nobody): up until level 0.
    const stored = async () =>
      (await env.db.collection(COLLECTIONS.requests).doc(id).get()).data[0] as RequestDoc
    while ((await stored()).level > 0)
      await api().ok(WHO.foreignAdmin, 'request.escalate', { id, reason: '社区处理不了，请街道兜底' })
    if ((await stored()).streetId) throw new Error('春晖社区 has no street: its 兜底 is its own')
    return id
  }

  async photo(openid: string): Promise<string> {
    return env.upload(openid, `authz-${++seq}.jpg`, JPEG)
  }

  /** The owner's wish, taken as far as `stage` (claimed and fulfilled by the volunteer). */
  async wish(stage: 'reviewing' | 'published' | 'claimed' | 'fulfilled'): Promise<string> {
    const w = await api().ok(WHO.owner, 'wish.create', {
      requestId: rid('wish'),
      category: 'goods',
      what: '一副老花镜',
      why: `${MARK}的王大爷眼镜摔坏了，看不清药盒上的字`,
    })
    const id = this.watch(COLLECTIONS.wishes, w.id)
    if (stage === 'reviewing') return id
    await api().ok(WHO.member, 'wish.review', { id, decision: 'publish' })
    if (stage === 'published') return id
    await api().ok(WHO.volunteer, 'wish.claim', { id, promisedBy: '2026-11-28' })
    if (stage === 'claimed') return id
    const photo = await this.photo(WHO.volunteer)
    await api().ok(WHO.volunteer, 'wish.fulfil', {
      id,
      note: '配好了新眼镜，送到家里',
      photos: [photo],
      hours: 1.5,
    })
    return id
  }

  /** An activity with one session (the first of its schedule), published by `by`. */
  async activity(opts: {
    by?: Persona
    kind?: ActivityKind
    from?: string
    time?: string
    minutes?: number
    roles?: { key: string; name: string; capacity: number; audience: Audience }[]
  }): Promise<{ activityId: string; sessionId: string }> {
    const created = await api().ok(WHO[opts.by ?? 'admin'], 'activity.create', {
      requestId: rid('act'),
      kind: opts.kind ?? 'lecture',
      title: '防诈骗大讲堂',
      place: `${MARK}社区党群服务中心`,
      schedule: {
        from: opts.from ?? '2026-11-26',
        time: opts.time ?? '19:00',
        durationMinutes: opts.minutes ?? 60,
      },
      roles: opts.roles ?? [{ key: 'attendee', name: '听众', capacity: 30, audience: 'anyone' }],
    })
    const [session] = await sessionsOf(env, created.id)
    this.watch(COLLECTIONS.activities, created.id)
    return { activityId: created.id, sessionId: this.watch(COLLECTIONS.sessions, session._id) }
  }

  /** Tomorrow's 四点半课堂 with a place for a child of the owner's. */
  async childPlace(): Promise<{ sessionId: string; childId: string; signup: string }> {
    const { sessionId } = await this.activity({
      kind: 'afterSchool',
      time: '16:30',
      minutes: 90,
      roles: [{ key: 'child', name: '孩子', capacity: 20, audience: 'child' }],
    })
    const childId = await this.child()
    await api().ok(WHO.owner, 'session.signUp', { sessionId, role: 'child', childId })
    const signup = this.watch(COLLECTIONS.signups, signupId(sessionId, { openid: WHO.owner, childId }))
    return { sessionId, childId, signup }
  }

  async child(): Promise<string> {
    const c = await api().ok(WHO.owner, 'child.register', {
      requestId: rid('child'),
      // A guardian registers a name once: each fixture child is another.
      name: `小明${seq}`,
      age: 8,
      grade: '二年级',
      guardian: { name: '王大爷', relation: '爷爷', phone: '13812345601' },
      others: [{ name: '李奶奶', relation: '奶奶', phone: '13812345609' }],
    })
    return this.watch(COLLECTIONS.children, c.id)
  }

  /** A session the leader publishes for today 09:30 (check-in is open), with the owner's seat. */
  async ownerInLeadersSession(time = '09:30', minutes = 60) {
    const s = await this.activity({ by: 'leader', from: '2026-11-25', time, minutes })
    await api().ok(WHO.owner, 'session.signUp', { sessionId: s.sessionId, role: 'attendee' })
    const signup = this.watch(
      COLLECTIONS.signups,
      signupId(s.sessionId, { openid: WHO.owner, childId: null }),
    )
    return { ...s, signup }
  }

  /** The same, with the volunteer added by the leader as 协助组织者 of the activity. */
  async volunteerCoOrganises(time?: string, minutes?: number) {
    const s = await this.ownerInLeadersSession(time, minutes)
    await api().ok(WHO.leader, 'activity.addOrganiser', { activityId: s.activityId, openid: WHO.volunteer })
    return s
  }

  /** 民情日志: a household of B01, recorded by the member. */
  async household(): Promise<string> {
    const h = await api().ok(WHO.member, 'household.add', householdInput())
    return this.watch(COLLECTIONS.households, h.id)
  }

  /** 民情日志: the member's 矛盾纠纷 entry about B01. */
  async diaryEntry(): Promise<string> {
    const e = await api().ok(WHO.member, 'diary.add', {
      requestId: rid('entry'),
      kind: 'dispute',
      text: `${MARK}1号楼两户为停车位争吵`,
      buildingCode: 'B01',
    })
    return this.watch(COLLECTIONS.diary, e.id)
  }

  /** An elder-care visit day the admin organises today from 09:15, an elder of B01 on its list, the volunteer on its rota. */
  async visitDay(): Promise<{ sessionId: string; elderId: string }> {
    const { activityId, sessionId } = await this.activity({
      kind: 'elderCare',
      from: '2026-11-25',
      time: '09:15',
      minutes: 120,
      roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
    })
    const elder = await api().ok(WHO.admin, 'elder.add', elderInput(activityId))
    this.watch(COLLECTIONS.elders, elder.id)
    await api().ok(WHO.volunteer, 'session.signUp', { sessionId, role: 'visitor' })
    return { sessionId, elderId: elder.id }
  }

  /**
   * A 整改 of 第一网格 (g-1-1), as the admin's 评定 of a 后进 month writes it (rectificationDoc), for
   * a month of its own; `submitted`: its leader has written the measures.
   */
  async rectification(stage: 'open' | 'submitted'): Promise<string> {
    const month = `${2030 + ++seq}-10`
    const doc = rectificationDoc(
      { communityId: 'c-xingfuli', month },
      { gridId: 'g-1-1', name: '第一网格', reasons: [`${MARK}第一网格按时办结率 40% < 70%`] },
      { openid: WHO.admin, name: '李秀兰' },
      clock,
      new Date(clock.getTime() + 14 * 86400_000),
    )
    const { _id, ...fields } = doc
    await env.db.collection(COLLECTIONS.rectifications).doc(_id).set(fields)
    this.mark(_id)
    if (stage === 'submitted')
      await api().ok(WHO.leader, 'rectify.submit', {
        id: _id,
        measures: '每周两次入户走访，超时诉求当天清零',
      })
    return this.watch(COLLECTIONS.rectifications, _id)
  }

  /** An open invitation the admin made for a member of g-1-1-1. */
  async invitation(): Promise<string> {
    const inv = await api().ok(WHO.admin, 'invite.create', {
      requestId: rid('inv'),
      role: 'gridMember',
      gridId: 'g-1-1-1',
      name: '孙晓',
    })
    return this.watch(COLLECTIONS.invitations, inv.code)
  }

  /** Someone who took that invitation: their membership. */
  async hiredMember(): Promise<string> {
    const code = await this.invitation()
    const openid = `authz-hire-${++seq}`
    await api().ok(openid, 'invite.accept', { code })
    const [m] = (await env.db.collection(COLLECTIONS.memberships).where({ openid }).get())
      .data as MembershipDoc[]
    return this.watch(COLLECTIONS.memberships, m._id)
  }

  /** A request the revoked persona accepted while they served g-1-1-1 again, before the admin took the role away. */
  async acceptedBySinceRevoked(): Promise<string> {
    const id = await this.request()
    const code = await this.invitation()
    await api().ok(WHO.revoked, 'invite.accept', { code })
    await api().ok(WHO.revoked, 'request.accept', { id })
    const [held] = (await env.db.collection(COLLECTIONS.memberships).where({ openid: WHO.revoked }).get())
      .data as MembershipDoc[]
    await api().ok(WHO.admin, 'role.revoke', { membershipId: held._id, reason: '调离' })
    return id
  }

  /** 代录: the member files a request for an elder of B01 without WeChat, accepts and resolves it. */
  async recordedAndResolved(): Promise<string> {
    const r = await api().ok(WHO.member, 'request.createOnBehalf', {
      requestId: rid('behalf'),
      buildingCode: 'B01',
      residentName: '张奶奶',
      residentPhone: '13700009999',
      category: 'help',
      description: `${MARK}1号楼的张奶奶腿脚不便，需要帮忙买菜`,
    })
    const id = this.watch(COLLECTIONS.requests, r.id)
    await api().ok(WHO.member, 'request.accept', { id })
    await api().ok(WHO.member, 'request.resolve', { id, note: '已联系志愿者每周帮忙买菜' })
    return id
  }

  /**
   * Several communities per person (issue 17): 幸福里社区's admin is also 网格长 of 春晖社区's
   * 第一网格 and has chosen to work in 春晖 (切换社区). restorePersonas takes both back after the case.
   */
  async adminWorkingInChunhui(): Promise<void> {
    await env.db.collection(COLLECTIONS.memberships).doc('authz-admin-chunhui-leader').set({
      openid: WHO.admin,
      role: 'gridLeader',
      communityId: 'c-chunhui',
      gridId: 'CH-1',
    })
    await api().ok(WHO.admin, 'me.chooseCommunity', { communityId: 'c-chunhui' })
  }

  /** A second admin of 幸福里社区: their membership. */
  async secondAdmin(): Promise<string> {
    const inv = await api().ok(WHO.admin, 'invite.create', {
      requestId: rid('admin'),
      role: 'communityAdmin',
      name: '何秀英',
    })
    const openid = `authz-admin-${++seq}`
    await api().ok(openid, 'invite.accept', { code: inv.code })
    const [m] = (await env.db.collection(COLLECTIONS.memberships).where({ openid }).get())
      .data as MembershipDoc[]
    return this.watch(COLLECTIONS.memberships, m._id)
  }

  /** Someone living in B02 who registered for 双报到 and waits for the admin: their openid. */
  async partyApplicant(): Promise<string> {
    const openid = `authz-party-${++seq}`
    await api().ok(openid, 'me.bindBuilding', { buildingCode: 'B02' })
    await api().ok(openid, 'volunteer.register', {
      name: '钱志远',
      phone: '13700004321',
      party: { workUnit: '市供电公司', branch: '第二党支部' },
    })
    return this.watch(COLLECTIONS.volunteers, openid)
  }

  /** 停用与恢复 (issue 18, part 3): a fresh building of micro-grid g-1-1-1, nobody bound, no requests. */
  async building(): Promise<string> {
    const code = `AZR${++seq}`
    await api().ok(WHO.admin, 'setup.saveBuilding', {
      code,
      name: `测试楼${seq}`,
      address: `${MARK}小区测试楼`,
      gridCode: 'g-1-1-1',
    })
    return this.watch(COLLECTIONS.buildings, code)
  }

  /** …and an empty micro-grid under 第一网格. */
  async emptyGrid(): Promise<string> {
    const code = `AZE${++seq}`
    await api().ok(WHO.admin, 'setup.saveGrid', { code, name: `测试微网格${seq}`, level: 3, parent: 'g-1-1' })
    return this.watch(COLLECTIONS.grids, code)
  }

  /** An elder of B01 the admin added. */
  async elder(): Promise<string> {
    const elder = await api().ok(WHO.admin, 'elder.add', elderInput())
    return this.watch(COLLECTIONS.elders, elder.id)
  }

  /** A workbook the admin uploaded that adds a grid under 第一网格. */
  async workbook(): Promise<string> {
    const code = `AZ${++seq}`
    const data: SheetData = {
      grids: [[code, `测试微网格${seq}`, '3', 'g-1-1']],
      buildings: [],
      people: [],
    }
    return env.upload(WHO.admin, `setup-${seq}.xlsx`, await writeWorkbook(data))
  }
}

function elderInput(activityId?: string): ActionInput<'elder.add'> {
  return {
    requestId: rid('elder'),
    buildingCode: 'B01',
    name: '陈奶奶',
    room: '3单元502',
    phone: '13700003333',
    consent: { by: '本人', note: '同意每周上门' },
    notes: `${MARK}1号楼独居，耳背`,
    activityId,
  }
}

type Built<A extends ActionName> = ActionInput<A> | PerCaller<ActionInput<A>>

/**
 * For every action, a valid input naming fresh fixtures (a builder may move `clock` to when the
 * calls should happen: during a visit day, after a session ended).
 */
const BUILDERS: { [A in ActionName]: (fx: Fixtures) => Promise<Built<A>> } = {
  'me.get': async () => ({}),
  'me.chooseCommunity': async () => ({ communityId: 'c-xingfuli' }),
  'building.lookup': async () => ({ buildingCode: 'B01' }),
  'me.bindBuilding': async () => ({ buildingCode: 'B01', room: '1单元101' }),
  'me.contact': async () => ({ name: '王阿姨', phone: '13912345678' }),
  'request.create': async () => ({
    requestId: rid('create'),
    category: 'facility',
    description: `${MARK}2号楼单元门的门禁坏了`,
  }),
  'request.createOnBehalf': async () => ({
    requestId: rid('behalf'),
    buildingCode: 'B01',
    residentName: '张奶奶',
    residentPhone: '13700009999',
    category: 'help',
    description: '老人腿脚不便，需要帮忙买菜',
  }),
  'building.listServed': async (fx) => {
    fx.mark('"code":"B01"')
    return {}
  },
  'request.listMine': async (fx) => {
    fx.mark(await fx.request())
    return {}
  },
  'request.get': async (fx) => ({ id: await fx.request() }),
  'request.inbox': async (fx) => {
    // 安全隐患: accepted within 30 minutes, so it heads the list of those waiting.
    fx.mark(await fx.request('safety'))
    return { tab: 'assigned' }
  },
  'request.accept': async (fx) => ({ id: await fx.request() }),
  'request.resolve': async (fx) => ({ id: await fx.accepted(), note: '已修好，灯亮了' }),
  'request.rate': async (fx) => ({ id: await fx.resolved(), rating: 'satisfied' }),
  'request.cancel': async (fx) => ({ id: await fx.request(), reason: '自己修好了' }),
  'request.escalate': async (fx) => ({ id: await fx.request(), reason: '需要物业公司协调' }),
  'request.return': async (fx) => ({ id: await fx.request(), reason: '不属于本网格' }),
  'request.dispatch': async (fx) => ({ id: await fx.request(), gridId: 'g-1-1-2' }),
  'metrics.month': async (fx) => {
    // The figures of B01's micro-grid: for the leader above and the admin.
    fx.mark('"gridId":"g-1-1-1"')
    return { month: '2026-11' }
  },
  'upload.record': async (fx) =>
    fx.perCaller(async (openid) => ({ fileID: await env.putFile(openid, `authz-${++seq}.jpg`, JPEG) })),
  'calendar.year': async () => ({ year: 2026 }),
  'calendar.adjust': async () => ({ date: '2027-01-04', workday: false, note: '调休' }),
  'calendar.remove': async (fx) => {
    await api().ok(WHO.admin, 'calendar.adjust', { date: '2027-01-05', workday: false, note: '调休' })
    fx.watch(COLLECTIONS.calendarDays, 'c-xingfuli:2027-01-05')
    return { date: '2027-01-05' }
  },
  'calendar.confirm': async (fx) => {
    fx.watch(COLLECTIONS.communities, 'c-xingfuli')
    return { year: 2027, confirmed: true }
  },
  'metrics.trend': async () => ({ month: '2026-11' }),
  'metrics.exportLedger': async () => ({ month: '2026-11' }),
  'request.overdue': async (fx) => {
    // Filed at 08:00, to be accepted by 08:30: overdue now.
    clock = bj('2026-11-25T08:00:00')
    fx.mark(await fx.request('safety'))
    clock = BASE
    return {}
  },
  'request.dispatchTargets': async (fx) => ({ id: await fx.request() }),
  'request.chase': async (fx) => ({ id: await fx.accepted(), note: '请尽快处理' }),
  'request.transfer': async (fx) => ({
    id: await fx.accepted(),
    membershipId: 'm-demo-leader-1',
    reason: '刘芳休假，由网格长接手',
  }),
  'request.transferTargets': async (fx) => ({ id: await fx.accepted() }),
  // 转志愿服务 of a request waiting in B01 (issue 19): each caller their own requestId.
  'request.toWish': async (fx) => ({
    id: await fx.request(),
    requestId: rid('to-wish'),
    category: 'visit',
    what: '陪老人去医院复查',
    why: '老人腿脚不便，子女在外地，需要有人陪同去医院复查。',
  }),
  'unit.list': async () => ({}),
  'metrics.units': async () => ({ month: '2026-11' }),
  'unit.save': async () => ({
    requestId: rid('unit'),
    kind: 'utility',
    name: '国网供电所幸福里台区',
    categories: ['utility'],
    buildingCodes: ['B01'],
    contactName: '周电工',
    contactPhone: '0916-3219595',
  }),
  'request.whistleTargets': async (fx) => ({ id: await fx.request() }),
  'request.whistle': async (fx) => ({ id: await fx.request(), unitId: UNIT_ID, note: '楼道灯归物业维修' }),
  'unit.inbox': async (fx) => {
    fx.mark(await fx.whistled())
    return { tab: 'open' }
  },
  'request.unitAccept': async (fx) => ({ id: await fx.whistled() }),
  'request.unitResolve': async (fx) => ({ id: await fx.unitAccepted(), note: '物业电工已更换楼道声控灯' }),
  'request.unitRecall': async (fx) => ({ id: await fx.whistled(), reason: '物业两天没来，社区另行安排' }),
  'street.board': async () => ({ month: '2026-11' }),
  'request.streetReturn': async (fx) => ({ id: await fx.atStreet(), reason: '属于社区职责，请社区办理' }),
  'request.unitReturn': async (fx) => ({ id: await fx.whistled(), reason: '灯属于供电所的公共照明' }),
  'request.urge': async (fx) => {
    // Filed at 08:00, to be accepted by 08:30: the resident may chase it now.
    clock = bj('2026-11-25T08:00:00')
    const id = await fx.request('safety')
    clock = BASE
    return { id, note: '灯还没修好' }
  },
  'myGrid.get': async () => ({}),
  'myGrid.setWorkPhone': async () => ({ workPhone: '0916-3212345' }),
  'wish.create': async () => ({
    requestId: rid('wish'),
    category: 'goods',
    what: '一台收音机',
    why: '独居老人想听听戏曲和新闻节目',
  }),
  'wish.createOnBehalf': async () => ({
    requestId: rid('wish-behalf'),
    buildingCode: 'B01',
    residentName: '张奶奶',
    category: 'visit',
    what: '有人陪着聊聊天',
    why: '老伴去世后一个人在家，很少出门',
  }),
  'wish.wall': async (fx) => {
    // Published days ago: the longest waiting, at the head of the wall.
    clock = bj('2026-11-20T09:00:00')
    fx.mark(await fx.wish('published'))
    clock = BASE
    return {}
  },
  'wish.listMine': async (fx) => {
    fx.mark(await fx.wish('reviewing'))
    return { role: 'posted' }
  },
  'wish.inbox': async (fx) => {
    fx.mark(await fx.wish('reviewing'))
    return { tab: 'reviewing' }
  },
  'wish.get': async (fx) => ({ id: await fx.wish('claimed') }),
  'wish.review': async (fx) => ({ id: await fx.wish('reviewing'), decision: 'publish' }),
  'wish.claim': async (fx) => ({ id: await fx.wish('published'), promisedBy: '2026-11-28' }),
  'wish.release': async (fx) => ({ id: await fx.wish('claimed') }),
  'wish.withdraw': async (fx) => ({ id: await fx.wish('published') }),
  'wish.fulfil': async (fx) => {
    const id = await fx.wish('claimed')
    return { id, note: '配好了新眼镜，送到家里', photos: [await fx.photo(WHO.volunteer)], hours: 1.5 }
  },
  'wish.confirm': async (fx) => ({ id: await fx.wish('fulfilled') }),
  'volunteer.register': async () => ({
    name: '志愿者',
    phone: '13700001234',
    skills: ['陪伴聊天'],
    availability: '周末',
  }),
  'volunteer.me': async () => ({}),
  'volunteer.certificate': async () => ({}),
  'certificate.verify': async () => {
    // A serial derives from the volunteer and the instant: not the instant of volunteer.certificate's calls.
    clock = new Date(BASE.getTime() + ++seq * 1000)
    const cert = await api().ok(WHO.volunteer, 'volunteer.certificate', {})
    clock = BASE
    return { serial: cert.serial }
  },
  'volunteer.partyMembers': async (fx) => {
    fx.mark(await fx.partyApplicant())
    return {}
  },
  'volunteer.confirmParty': async (fx) => ({ openid: await fx.partyApplicant(), approve: true }),
  'volunteer.rankings': async () => ({ month: '2026-11' }),
  'activity.create': async () => ({
    requestId: rid('create-act'),
    kind: 'lecture',
    title: '垃圾分类大讲堂',
    // No MARK: the foreign admin publishes this in their own community.
    place: '社区党群服务中心',
    schedule: { from: '2026-11-27', time: '19:00', durationMinutes: 60 },
    roles: [{ key: 'attendee', name: '听众', capacity: 30, audience: 'anyone' }],
  }),
  'activity.sessions': async (fx) => {
    // Today 09:30: the soonest, at the head of the list.
    fx.mark((await fx.activity({ from: '2026-11-25', time: '09:30' })).sessionId)
    return {}
  },
  'session.signUp': async (fx) => ({ sessionId: (await fx.activity({})).sessionId, role: 'attendee' }),
  'activity.signUpAll': async (fx) => ({ activityId: (await fx.activity({})).activityId, role: 'attendee' }),
  'session.cancel': async (fx) => {
    const { sessionId, childId } = await fx.childPlace()
    return { sessionId, childId }
  },
  'session.acceptOffer': async (fx) => {
    // A seat offered to the child from the waitlist, for 30 minutes (as fillFreeSeats leaves it).
    const { sessionId, childId, signup } = await fx.childPlace()
    await env.db
      .collection(COLLECTIONS.signups)
      .doc(signup)
      .update({ status: 'offered', offeredUntil: new Date(clock.getTime() + 30 * 60_000) })
    return { sessionId, childId }
  },
  'session.get': async (fx) => ({ sessionId: (await fx.activity({})).sessionId }),
  'activity.get': async (fx) => ({ id: (await fx.activity({})).activityId }),
  'child.register': async () => ({
    requestId: rid('child-reg'),
    name: '小芳',
    age: 9,
    grade: '三年级',
    guardian: { name: '王芳', relation: '母亲', phone: '13900001111' },
  }),
  'child.list': async (fx) => {
    fx.mark(await fx.child())
    return {}
  },
  'session.roster': async (fx) => ({ sessionId: (await fx.ownerInLeadersSession()).sessionId }),
  'session.checkIn': async (fx) => {
    const { sessionId, signup } = await fx.ownerInLeadersSession()
    return { sessionId, signupId: signup }
  },
  'session.checkOut': async (fx) => {
    const { sessionId, signup } = await fx.ownerInLeadersSession()
    await api().ok(WHO.leader, 'session.checkIn', { sessionId, signupId: signup })
    return { sessionId, signupId: signup }
  },
  'session.confirm': async (fx) => {
    // 09:15–09:30, the owner checked in and out; confirmed a quarter of an hour after the end.
    const { sessionId, signup } = await fx.ownerInLeadersSession('09:15', 15)
    await api().ok(WHO.leader, 'session.checkIn', { sessionId, signupId: signup })
    await api().ok(WHO.leader, 'session.checkOut', { sessionId, signupId: signup })
    clock = bj('2026-11-25T09:45:00')
    return { sessionId }
  },
  'session.checkInCode': async (fx) => ({ sessionId: (await fx.ownerInLeadersSession()).sessionId }),
  // 修改 / 取消 (issue 18): the leader's session with the owner signed up, this evening.
  'activity.edit': async (fx) => ({
    activityId: (await fx.ownerInLeadersSession('19:00')).activityId,
    title: '防诈骗大讲堂（第二讲）',
  }),
  'session.edit': async (fx) => ({
    sessionId: (await fx.ownerInLeadersSession('19:00')).sessionId,
    place: `${MARK}社区活动室`,
  }),
  'session.callOff': async (fx) => ({
    sessionId: (await fx.ownerInLeadersSession('19:00')).sessionId,
    reason: '暴雨预警，改期另行通知',
  }),
  'activity.callOff': async (fx) => ({
    activityId: (await fx.ownerInLeadersSession('19:00')).activityId,
    reason: '主讲人生病，活动取消',
  }),
  'session.release': async (fx) => {
    const { sessionId, signup } = await fx.ownerInLeadersSession()
    return { sessionId, signupId: signup, reason: '王大爷发烧来电请假' }
  },
  'activity.organisers': async (fx) => ({ activityId: (await fx.ownerInLeadersSession()).activityId }),
  'activity.addOrganiser': async (fx) => ({
    activityId: (await fx.ownerInLeadersSession()).activityId,
    openid: WHO.volunteer,
  }),
  'activity.removeOrganiser': async (fx) => ({
    activityId: (await fx.volunteerCoOrganises()).activityId,
    openid: WHO.volunteer,
  }),
  'session.liftLock': async (fx) => {
    const { sessionId, signup } = await fx.ownerInLeadersSession()
    return { sessionId, signupId: signup, reason: '王大爷住院两次缺席，已核实' }
  },
  'session.excuse': async (fx) => {
    // 09:15–09:30 and the owner never came: the leader's 确认时长 marks the absence.
    const { sessionId, signup } = await fx.ownerInLeadersSession('09:15', 15)
    clock = bj('2026-11-25T09:45:00')
    await api().ok(WHO.leader, 'session.confirm', { sessionId })
    return { sessionId, signupId: signup, reason: '王大爷当天住院，事后补假' }
  },
  'elder.add': async (fx) => {
    const { activityId } = await fx.activity({
      kind: 'elderCare',
      roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
    })
    return elderInput(activityId)
  },
  'visit.list': async (fx) => ({ sessionId: (await fx.visitDay()).sessionId }),
  'visit.log': async (fx) => {
    const { sessionId, elderId } = await fx.visitDay()
    clock = bj('2026-11-25T09:30:00')
    return { sessionId, elderId, seen: true, wellbeing: 'well' }
  },
  'message.list': async () => ({}),
  'message.read': async () => ({}),
  'notify.settings': async () => ({}),
  'notify.subscribed': async () => {
    const settings = await api().ok(WHO.owner, 'notify.settings', {})
    return { results: Object.fromEntries(settings.templates.map((t) => [t.id, 'accept' as const])) }
  },
  'setup.template': async () => ({}),
  'setup.lastImport': async () => ({}),
  // An import to take back: the admin's goes; the foreign admin has none (CONFLICT: let in, nothing to do).
  'setup.undo': async (fx) => {
    await api().ok(WHO.admin, 'setup.apply', { requestId: rid('import'), fileID: await fx.workbook() })
    return {}
  },
  'setup.export': async () => ({}),
  'setup.preview': async (fx) => ({ fileID: await fx.workbook() }),
  'setup.apply': async (fx) => ({ requestId: rid('import'), fileID: await fx.workbook() }),
  'setup.saveGrid': async () => ({ code: `AZG${++seq}`, name: '测试网格', level: 2, parent: 'g-1' }),
  'setup.saveBuilding': async () => ({
    code: `AZB${++seq}`,
    name: '测试楼',
    address: `${MARK}小区测试楼`,
    gridCode: 'g-1-1-1',
  }),
  'setup.savePerson': async () => ({
    name: '赵一鸣',
    phone: `138000${String(++seq).padStart(5, '0')}`,
    role: '网格员',
    gridCode: 'g-1-1-1',
    buildingCode: '',
  }),
  'invite.create': async () => ({
    requestId: rid('invite'),
    role: 'gridMember',
    gridId: 'g-1-1-1',
    name: '周新',
  }),
  'invite.peek': async (fx) => ({ code: await fx.invitation() }),
  'invite.accept': async (fx) => ({ code: await fx.invitation() }),
  'invite.revoke': async (fx) => ({ code: await fx.invitation() }),
  'role.list': async (fx) => {
    fx.mark(await fx.invitation())
    return {}
  },
  'role.revoke': async (fx) => ({ membershipId: await fx.hiredMember(), reason: '调岗' }),
  'role.workOf': async (fx) => ({ membershipId: await fx.hiredMember() }),
  'building.list': async () => ({ gridId: 'g-1-1-1' }),
  'building.qr': async () => ({ code: 'B01', regenerate: true }),
  'retire.list': async () => ({}),
  'retire.apply': async (fx) => ({ kind: 'building', id: await fx.building(), reason: '楼栋已拆除' }),
  'retire.restore': async (fx) => {
    const id = await fx.building()
    await api().ok(WHO.admin, 'retire.apply', { kind: 'building', id, reason: '楼栋已拆除' })
    return { kind: 'building', id }
  },
  'building.correctCode': async (fx) => ({
    code: await fx.building(),
    newCode: `AZC${++seq}`,
    reason: '海报上的编码印错了',
  }),
  'building.poster': async () => ({ code: 'B01' }),
  'grid.posters': async () => ({ gridId: 'g-1-1-1' }),
  'me.consent': async () => ({ version: PRIVACY_VERSION }),
  'me.export': async () => ({}),
  'me.delete': async () => ({ confirm: DELETE_CONFIRMATION }),
  'person.reveal': async (fx) => ({ kind: 'requestResident', id: await fx.accepted() }),
  'poll.mine': async () => ({}),
  'poll.vote': async () => ({ requestId: rid('poll'), choice: 'satisfied', comment: '网格员很负责' }),
  // October is over at BASE: the admin may grade it.
  'grade.confirm': async () => ({ month: '2026-10' }),
  'rectify.list': async (fx) => {
    await fx.rectification('open')
    return {}
  },
  'rectify.submit': async (fx) => ({
    id: await fx.rectification('open'),
    measures: '每周两次入户走访，超时诉求当天清零',
  }),
  'rectify.review': async (fx) => ({
    id: await fx.rectification('submitted'),
    decision: 'close',
    note: '措施落实到位，同意销号',
  }),
  'household.add': async () => householdInput(),
  'household.list': async (fx) => {
    fx.mark(await fx.household())
    return {}
  },
  'diary.add': async (fx) => ({
    requestId: rid('diary'),
    kind: 'visit',
    text: `${MARK}1号楼走访，老人身体还好`,
    buildingCode: 'B01',
    householdId: await fx.household(),
  }),
  'diary.list': async () => ({}),
  'diary.toRequest': async (fx) => ({ id: await fx.diaryEntry(), category: 'dispute' }),
  'visitPlan.set': async () => ({ gridId: 'g-1-1', intervalDays: 4 + (++seq % 5) }),
  'diary.summary': async () => ({}),
  'visitPlan.month': async () => ({ month: '2026-11' }),
  'request.patrol': async () => ({
    requestId: rid('patrol'),
    buildingCode: 'B01',
    place: '3单元楼道',
    category: 'safety',
    description: `${MARK}1号楼3单元楼道堆放纸箱，堵住消防通道`,
  }),
  'building.openRequests': async (fx) => {
    fx.mark(await fx.request())
    return {}
  },
  'settings.categories': async () => ({}),
  'settings.setCategory': async (fx) => {
    fx.watch(COLLECTIONS.communities, 'c-xingfuli')
    // 其他, renamed anew for each fixture: an allowed call changes it, a denied one must not.
    return {
      code: 'other',
      name: `其他事项${++seq % 1000}`,
      tier: 'ordinary',
      sensitive: false,
      disabled: false,
    }
  },
  'category.list': async () => ({}),
  // The owner files many requests in B01 at BASE: these, an hour on, come first (newest first).
  'request.similar': async (fx) => {
    clock = new Date(BASE.getTime() + 3600_000)
    fx.mark(await fx.request())
    return { category: 'facility' }
  },
  'request.follow': async (fx) => ({ id: await fx.request() }),
  'request.mergeTargets': async (fx) => {
    clock = new Date(BASE.getTime() + 3600_000)
    const id = await fx.request()
    fx.mark(await fx.request())
    return { id }
  },
  'request.merge': async (fx) => ({ id: await fx.request(), into: await fx.request() }),
  'request.followed': async (fx) => {
    const id = await fx.request()
    await api().ok(WHO.buildingLeader, 'request.follow', { id })
    fx.mark(id)
    return {}
  },
  'request.followedGet': async (fx) => {
    const id = await fx.request()
    await api().ok(WHO.buildingLeader, 'request.follow', { id })
    return { id }
  },
  // Followed while waiting, then done: the 楼栋长 may rate it (once; each caller on a fresh one).
  'request.neighbourRate': async (fx) => {
    const id = await fx.request()
    await api().ok(WHO.buildingLeader, 'request.follow', { id })
    await api().ok(WHO.member, 'request.accept', { id })
    await api().ok(WHO.member, 'request.resolve', { id, note: '已换了新灯泡，楼道亮了' })
    return { id, rating: 'satisfied' }
  },
  // No MARK: the foreign admin issues it in their own community, and their list shows it back.
  'apikey.issue': async () => ({ requestId: rid('apikey'), organisation: '区12345热线平台' }),
  'apikey.list': async () => ({}),
  // A key of 幸福里, issued anew for each caller: an allowed call revokes it, a denied one must not.
  'apikey.revoke': async (fx) => {
    const made = await api().ok(WHO.admin, 'apikey.issue', {
      requestId: rid('apikey'),
      organisation: `${MARK}待撤销单位`,
    })
    return { id: fx.watch(COLLECTIONS.apiKeys, made.issued.id) }
  },
}

/** 民情日志: a household of B01 recorded by its member. */
function householdInput(): ActionInput<'household.add'> {
  return {
    requestId: rid('household'),
    buildingCode: 'B01',
    room: '2单元301',
    contactName: '赵奶奶',
    contactPhone: '13700001234',
    kind: 'aloneElder',
    consent: { by: '本人', note: `${MARK}同意登记` },
  }
}

/** The same action in another situation (src/domain/access-matrix.ts, ACCESS_SITUATIONS). */
function situation<A extends ActionName>(action: A, build: (fx: Fixtures) => Promise<Built<A>>) {
  return { action, build: build as (fx: Fixtures) => Promise<unknown> }
}

const SITUATIONS: Record<string, ReturnType<typeof situation>> = {
  'me.chooseCommunity · 春晖社区': situation('me.chooseCommunity', async () => ({
    communityId: 'c-chunhui',
  })),
  'setup.saveGrid · the admin working in 春晖, where they lead a grid': situation(
    'setup.saveGrid',
    async (fx) => {
      await fx.adminWorkingInChunhui()
      // A grid of 春晖: its admin adds it; 幸福里's admin, its 网格长, may not.
      return { code: `AZG${++seq}`, name: '测试网格', level: 2, parent: 'c-chunhui-1' }
    },
  ),
  'role.list · the admin working in 春晖, where they lead a grid': situation('role.list', async (fx) => {
    await fx.adminWorkingInChunhui()
    return {}
  }),
  'request.accept · the admin working in 春晖, where they lead a grid': situation(
    'request.accept',
    async (fx) => {
      await fx.adminWorkingInChunhui()
      return { id: await fx.request() }
    },
  ),
  'request.inbox · the admin working in 春晖, where they lead a grid': situation(
    'request.inbox',
    async (fx) => {
      await fx.adminWorkingInChunhui()
      fx.mark(await fx.request('safety'))
      return { tab: 'assigned' }
    },
  ),
  'wish.get · under review': situation('wish.get', async (fx) => ({ id: await fx.wish('reviewing') })),
  'request.get · accepted by a member since revoked': situation('request.get', async (fx) => ({
    id: await fx.acceptedBySinceRevoked(),
  })),
  'request.rate · recorded for a resident by the member': situation('request.rate', async (fx) => ({
    id: await fx.recordedAndResolved(),
    rating: 'satisfied',
  })),
  'session.checkIn · by scan': situation('session.checkIn', async (fx) => ({
    sessionId: (await fx.ownerInLeadersSession()).sessionId,
  })),
  'session.roster · the volunteer co-organises': situation('session.roster', async (fx) => ({
    sessionId: (await fx.volunteerCoOrganises()).sessionId,
  })),
  'session.checkIn · the volunteer co-organises': situation('session.checkIn', async (fx) => {
    const { sessionId, signup } = await fx.volunteerCoOrganises()
    return { sessionId, signupId: signup }
  }),
  'session.checkOut · the volunteer co-organises': situation('session.checkOut', async (fx) => {
    const { sessionId, signup } = await fx.volunteerCoOrganises()
    await api().ok(WHO.leader, 'session.checkIn', { sessionId, signupId: signup })
    return { sessionId, signupId: signup }
  }),
  'session.release · the volunteer co-organises': situation('session.release', async (fx) => {
    const { sessionId, signup } = await fx.volunteerCoOrganises()
    return { sessionId, signupId: signup, reason: '王大爷发烧来电请假' }
  }),
  'session.excuse · the volunteer co-organises': situation('session.excuse', async (fx) => {
    const { sessionId, signup } = await fx.volunteerCoOrganises('09:15', 15)
    clock = bj('2026-11-25T09:45:00')
    await api().ok(WHO.leader, 'session.confirm', { sessionId })
    return { sessionId, signupId: signup, reason: '王大爷当天住院，事后补假' }
  }),
  'session.checkInCode · the volunteer co-organises': situation('session.checkInCode', async (fx) => ({
    sessionId: (await fx.volunteerCoOrganises()).sessionId,
  })),
  'session.confirm · the volunteer co-organises': situation('session.confirm', async (fx) => {
    const { sessionId, signup } = await fx.volunteerCoOrganises('09:15', 15)
    await api().ok(WHO.leader, 'session.checkIn', { sessionId, signupId: signup })
    await api().ok(WHO.leader, 'session.checkOut', { sessionId, signupId: signup })
    clock = bj('2026-11-25T09:45:00')
    return { sessionId }
  }),
  'activity.addOrganiser · the volunteer co-organises': situation('activity.addOrganiser', async (fx) => ({
    activityId: (await fx.volunteerCoOrganises()).activityId,
    openid: WHO.partyMember,
  })),
  'person.reveal · a child’s collector, the volunteer co-organising': situation(
    'person.reveal',
    async (fx) => {
      const { activityId, sessionId } = await fx.activity({
        by: 'leader',
        kind: 'afterSchool',
        time: '16:30',
        minutes: 90,
        roles: [{ key: 'child', name: '孩子', capacity: 20, audience: 'child' }],
      })
      await api().ok(WHO.leader, 'activity.addOrganiser', { activityId, openid: WHO.volunteer })
      const id = await fx.child()
      await api().ok(WHO.owner, 'session.signUp', { sessionId, role: 'child', childId: id })
      return { kind: 'childCollector', id, collectorId: 'g1' }
    },
  ),
  'building.qr · the stored code': situation('building.qr', async () => ({ code: 'B01' })),
  'retire.apply · an elder': situation('retire.apply', async (fx) => ({
    kind: 'elder',
    id: await fx.elder(),
    reason: '老人已搬去子女家',
  })),
  'retire.apply · a child': situation('retire.apply', async (fx) => ({
    kind: 'child',
    id: await fx.child(),
    reason: '孩子已转学',
  })),
  'retire.apply · an empty grid': situation('retire.apply', async (fx) => ({
    kind: 'grid',
    id: await fx.emptyGrid(),
    reason: '网格合并',
  })),
  'role.revoke · an admin': situation('role.revoke', async (fx) => ({
    membershipId: await fx.secondAdmin(),
  })),
  'person.reveal · the volunteer who claimed a wish': situation('person.reveal', async (fx) => ({
    kind: 'wishClaimant',
    id: await fx.wish('claimed'),
  })),
  // The hand-off: the claimant (the volunteer) reaches the wish's contact while the claim lasts.
  'person.reveal · a wish’s contact, for its claimant': situation('person.reveal', async (fx) => ({
    kind: 'wishContact',
    id: await fx.wish('claimed'),
  })),
  'person.reveal · a child’s collector': situation('person.reveal', async (fx) => {
    const { sessionId } = await fx.activity({
      by: 'leader',
      kind: 'afterSchool',
      time: '16:30',
      minutes: 90,
      roles: [{ key: 'child', name: '孩子', capacity: 20, audience: 'child' }],
    })
    const id = await fx.child()
    await api().ok(WHO.owner, 'session.signUp', { sessionId, role: 'child', childId: id })
    // g1: the grandmother the owner registered to collect the child.
    return { kind: 'childCollector', id, collectorId: 'g1' }
  }),
  'person.reveal · a volunteer': situation('person.reveal', async () => ({
    kind: 'volunteer',
    id: WHO.volunteer,
  })),
  'request.get · a sensitive report': situation('request.get', async (fx) => ({ id: await fx.sensitive() })),
  'request.accept · a sensitive report': situation('request.accept', async (fx) => ({
    id: await fx.sensitive(),
  })),
  'request.escalate · a sensitive report': situation('request.escalate', async (fx) => ({
    id: await fx.sensitive(),
    reason: '需要派出所处理',
  })),
  'person.reveal · the resident of a sensitive report': situation('person.reveal', async (fx) => {
    const id = await fx.sensitive()
    await api().ok(WHO.admin, 'request.accept', { id })
    return { kind: 'requestResident', id }
  }),
  'person.reveal · a household’s contact': situation('person.reveal', async (fx) => ({
    kind: 'household',
    id: await fx.household(),
  })),
  'request.createOnBehalf · in another building': situation('request.createOnBehalf', async () => ({
    requestId: rid('behalf-b02'),
    buildingCode: 'B02',
    residentName: '钱大爷',
    category: 'help',
    description: '老人独居，想请人帮忙换煤气罐',
  })),
  'request.patrol · in another building': situation('request.patrol', async () => ({
    requestId: rid('patrol-b02'),
    buildingCode: 'B02',
    place: '楼前空地',
    category: 'environment',
    description: `${MARK}2号楼前空地有人乱扔建筑垃圾`,
  })),
  'request.patrol · a spot in the grid': situation('request.patrol', async () => ({
    requestId: rid('patrol-grid'),
    gridId: 'g-1-1-1',
    place: '小区北门停车场',
    category: 'facility',
    description: `${MARK}北门停车场的路灯不亮了`,
  })),
  'request.get · held by the street': situation('request.get', async (fx) => ({ id: await fx.atStreet() })),
  'request.inbox · held by the street': situation('request.inbox', async (fx) => {
    fx.mark(await fx.atStreet())
    return { tab: 'assigned' }
  }),
  'request.accept · held by the street': situation('request.accept', async (fx) => ({
    id: await fx.atStreet(),
  })),
  'request.resolve · accepted by the street': situation('request.resolve', async (fx) => ({
    id: await fx.streetAccepted(),
    note: '街道已请电工更换线路，灯亮了',
  })),
  'person.reveal · the resident of a request the street accepted': situation('person.reveal', async (fx) => ({
    kind: 'requestResident',
    id: await fx.streetAccepted(),
  })),
  'request.whistleTargets · held by the street': situation('request.whistleTargets', async (fx) => ({
    id: await fx.atStreet(),
  })),
  'request.whistle · held by the street': situation('request.whistle', async (fx) => ({
    id: await fx.atStreet(),
    unitId: UNIT_ID,
    note: '请物业配合更换线路',
  })),
  'request.unitAccept · called in by the street': situation('request.unitAccept', async (fx) => ({
    id: await fx.streetWhistled(),
  })),
  'request.unitRecall · called in by the street': situation('request.unitRecall', async (fx) => ({
    id: await fx.streetWhistled(),
    reason: '物业两天没来，街道另行安排',
  })),
  'request.escalate · held by the street': situation('request.escalate', async (fx) => ({
    id: await fx.atStreet(),
    reason: '再往上报',
  })),
  'request.dispatch · held by the street': situation('request.dispatch', async (fx) => ({
    id: await fx.atStreet(),
    gridId: 'g-1-1-1',
  })),
  'request.get · returned by the street': situation('request.get', async (fx) => ({
    id: await fx.returnedByStreet(),
  })),
  'request.accept · returned by the street': situation('request.accept', async (fx) => ({
    id: await fx.returnedByStreet(),
  })),
  'request.streetReturn · returned by the street': situation('request.streetReturn', async (fx) => ({
    id: await fx.returnedByStreet(),
    reason: '再退一次试试',
  })),
  'request.get · 春晖’s 兜底, no street registered': situation('request.get', async (fx) => ({
    id: await fx.chunhuiBackstop(),
  })),
  'request.accept · 春晖’s 兜底, no street registered': situation('request.accept', async (fx) => ({
    id: await fx.chunhuiBackstop(),
  })),
  'building.openRequests · a sensitive report in their building': situation(
    'building.openRequests',
    async (fx) => {
      fx.mark(await fx.sensitive())
      return {}
    },
  ),
}

/** The same, for situations: of those allowed exactly these personas find the fixture in their answer. */
const SITUATION_FINDS: Record<string, readonly Persona[]> = {
  // Working in 春晖, 幸福里's admin sees 春晖's inbox: none of 幸福里's requests.
  'request.inbox · the admin working in 春晖, where they lead a grid': ['member', 'leader'],
  // 治安线索 is never shown to the 楼栋长 (nor to anybody through this list).
  'building.openRequests · a sensitive report in their building': [],
  // 兜底 at the street: in the street's queue, out of 幸福里's admin's.
  'request.inbox · held by the street': ['streetAdmin'],
}

/**
 * Situations where by design nobody's call goes through (those allowed are answered CONFLICT by a
 * rule of state): instead of somebody's success, the answers that show the fixture is what it says.
 */
const ANSWERED_BY_RULE: Record<string, Partial<Record<Persona, string>>> = {
  'request.escalate · held by the street': { streetAdmin: 'CONFLICT 已到街道兜底，不能再上报' },
  'request.dispatch · held by the street': {
    admin: 'FORBIDDEN 只有上级网格长或社区管理员可以这样做',
    streetAdmin: 'FORBIDDEN 只能转派给您所管辖的下级网格',
  },
  'request.streetReturn · returned by the street': { admin: 'CONFLICT 只有到了街道兜底的诉求可以退回社区' },
  // The fixture's owner is not locked (a lock needs two no-shows, which would outlive the case).
  'session.liftLock': {
    leader: 'CONFLICT 王大爷没有因缺席被暂停报名，无需解除',
    admin: 'CONFLICT 王大爷没有因缺席被暂停报名，无需解除',
  },
}

/**
 * A list answers everyone allowed to call it (each their own inbox, their own community's wall):
 * what matters is whose list the fixture is in. For these actions the builder marks its fixture,
 * and of those allowed exactly these personas must find it in their answer.
 */
const FINDS: Partial<Record<ActionName, readonly Persona[]>> = {
  'request.listMine': ['owner'],
  'request.inbox': ['member', 'leader', 'admin'],
  'request.overdue': ['leader', 'admin'],
  'metrics.month': ['leader', 'admin'],
  'building.listServed': ['member', 'leader', 'admin', 'buildingLeader'],
  'building.openRequests': ['buildingLeader'],
  'wish.wall': NEIGHBOURS,
  'wish.listMine': ['owner'],
  'wish.inbox': ['member', 'leader', 'admin'],
  'volunteer.partyMembers': ['admin'],
  'activity.sessions': NEIGHBOURS,
  'child.list': ['owner'],
  'role.list': ['admin'],
  'rectify.list': ['leader', 'admin'],
  'household.list': ['member', 'leader', 'admin'],
  'unit.inbox': ['unitContact'],
  'request.similar': ['buildingLeader'],
  'request.mergeTargets': ['member', 'leader', 'admin'],
  'request.followed': ['buildingLeader'],
}

// ---- the personas and their state ----------------------------------------------------------

type Doc = { _id: string } & Record<string, unknown>

/** Objects with their keys sorted, so two reads of the same documents compare equal as JSON. */
function canon(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canon)
  if (value instanceof Date) return value.toISOString()
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canon((value as Record<string, unknown>)[k])]),
    )
  return value
}

const same = (a: unknown, b: unknown) => JSON.stringify(canon(a)) === JSON.stringify(canon(b))

/** What makes a persona who they are: their user record, roles, volunteer registration, children. */
const PERSONA_STATE = {
  users: (ids: string[]) => ({ _id: env.db.command.in(ids) }),
  memberships: (ids: string[]) => ({ openid: env.db.command.in(ids) }),
  volunteers: (ids: string[]) => ({ _id: env.db.command.in(ids) }),
  children: (ids: string[]) => ({ guardianOpenids: env.db.command.in(ids) }),
} as const
type PersonaState = Record<keyof typeof PERSONA_STATE, Map<string, Doc>>

async function personaState(): Promise<PersonaState> {
  const ids = Object.values(WHO)
  const entries = await Promise.all(
    (Object.keys(PERSONA_STATE) as (keyof typeof PERSONA_STATE)[]).map(async (name) => {
      const res = await env.db.collection(name).where(PERSONA_STATE[name](ids)).limit(1000).get()
      return [name, new Map((res.data as Doc[]).map((d) => [d._id, d]))] as const
    }),
  )
  return Object.fromEntries(entries) as PersonaState
}

let baseline: PersonaState

/**
 * Puts every persona back as they were before the first action: an action may bind a stranger to
 * a building, make a resident a volunteer or a grid member (an invitation is its bearer's), give
 * someone a child. The users' records come back whole, which also resets `openCount`: the owner
 * files a request for nearly every action, and ten open ones would refuse the eleventh.
 */
async function restorePersonas(): Promise<void> {
  const now = await personaState()
  for (const name of Object.keys(PERSONA_STATE) as (keyof typeof PERSONA_STATE)[]) {
    const col = env.db.collection(name)
    for (const id of new Set([...baseline[name].keys(), ...now[name].keys()])) {
      const was = baseline[name].get(id)
      const is = now[name].get(id)
      if (same(was, is)) continue
      if (!was) await col.doc(id).remove()
      else {
        const { _id, ...fields } = was
        await col.doc(_id).set(fields)
      }
    }
  }
}

async function setUpPersonas(): Promise<void> {
  await api().ok(WHO.otherResident, 'me.bindBuilding', { buildingCode: 'B05', room: '2单元301' })

  // A grid member of g-1-1-1 by invitation, whose role the admin then took away.
  const inv = await api().ok(WHO.admin, 'invite.create', {
    requestId: rid('revoked'),
    role: 'gridMember',
    gridId: 'g-1-1-1',
    name: '钱多多',
  })
  await api().ok(WHO.revoked, 'invite.accept', { code: inv.code })
  const [held] = (await env.db.collection(COLLECTIONS.memberships).where({ openid: WHO.revoked }).get())
    .data as MembershipDoc[]
  await api().ok(WHO.admin, 'role.revoke', { membershipId: held._id, reason: '调离' })

  // 春晖社区: its first admin by the bootstrap command's invitation, a grid, a building, and a
  // child of the admin's (a parent there is someone with children, who should see none of ours).
  const boot = await bootstrapAdmin(
    env.deps(() => clock),
    { communityId: 'c-chunhui', name: '春晖社区', street: '东湖街道' },
  )
  await api().ok(WHO.foreignAdmin, 'invite.accept', { code: boot.code })
  await api().ok(WHO.foreignAdmin, 'setup.saveGrid', {
    code: 'CH-1',
    name: '第一网格',
    level: 2,
    parent: 'c-chunhui-1',
  })
  await api().ok(WHO.foreignAdmin, 'setup.saveGrid', {
    code: 'CH-1-1',
    name: '1号微网格',
    level: 3,
    parent: 'CH-1',
  })
  await api().ok(WHO.foreignAdmin, 'setup.saveBuilding', {
    code: 'CH01',
    name: '春晖1号楼',
    address: '春晖路1号',
    gridCode: 'CH-1-1',
  })
  await api().ok(WHO.foreignAdmin, 'child.register', {
    requestId: rid('foreign-child'),
    name: '小红',
    age: 7,
    grade: '一年级',
    guardian: { name: '赵敏', relation: '母亲', phone: '13900002222' },
  })
  // 幸福里物业 for 1–4号楼's 设施报修, and its contact by invitation (吹哨报到, issue 17).
  const unit = await api().ok(WHO.admin, 'unit.save', {
    requestId: rid('unit'),
    kind: 'property',
    name: '幸福里物业服务中心',
    categories: ['facility', 'environment'],
    buildingCodes: ['B01', 'B02', 'B03', 'B04'],
    contactName: '孙经理',
    contactPhone: '13900003333',
  })
  UNIT_ID = unit.id
  const unitInv = await api().ok(WHO.admin, 'invite.create', {
    requestId: rid('unit-contact'),
    role: 'unitStaff',
    unitId: UNIT_ID,
    name: '孙经理',
  })
  await api().ok(WHO.unitContact, 'invite.accept', { code: unitInv.code })
  // 暖阳街道 (issue 17, part 3) registered above 幸福里社区, its admin by the bootstrap command's
  // invitation: what 幸福里 hands up past its level 1 is the street's from now on. 春晖 has no street.
  const street = await bootstrapStreet(
    env.deps(() => clock),
    { streetId: STREET_ID, name: '暖阳街道', communityIds: ['c-xingfuli'] },
  )
  await api().ok(WHO.streetAdmin, 'invite.accept', { code: street.code })
  // The stranger is only an openid: signed in, nothing stored.
}

// ---- one action, every persona ---------------------------------------------------------------

/** The database's counts (rate-limit windows aside: a refused call gives its count back, the window stays). */
const COUNTED = Object.values(COLLECTIONS).filter((c) => c !== COLLECTIONS.rateLimits)

async function snapshot(watched: [string, string][]) {
  const [counts, docs, personas] = await Promise.all([
    Promise.all(COUNTED.map(async (c) => [c, await env.count(c)] as const)),
    Promise.all(
      watched.map(
        async ([c, id]) =>
          [`${c}/${id}`, (await env.db.collection(c).doc(id).get()).data[0] ?? null] as const,
      ),
    ),
    personaState(),
  ])
  return canon({
    counts: Object.fromEntries(counts),
    docs: Object.fromEntries(docs),
    personas: Object.fromEntries(Object.entries(personas).map(([k, m]) => [k, Object.fromEntries(m)])),
  }) as Record<'counts' | 'docs' | 'personas', Record<string, unknown>>
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>

/** Which counts, documents and personas' records differ. */
function changes(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = []
  for (const part of ['counts', 'docs', 'personas'] as const)
    for (const key of new Set([...Object.keys(a[part]), ...Object.keys(b[part])]))
      if (!same(a[part][key], b[part][key])) out.push(`${part}:${key}`)
  return out
}

interface Observation {
  allowed: Persona[]
  outcomes: Record<Persona, string>
  succeeded: Persona[]
  /** Of those whose answer was ok, who found the fixture's marker in it. */
  found: Persona[]
  builds: number
  changedByDenied: string[]
  foreignLeaks: string[]
  internal: Persona[]
}

const outcomeOf = (res: ApiResponse<unknown>) => (res.ok ? 'ok' : `${res.error.code} ${res.error.message}`)

/** One row to check: an action, how to make its fixture, who the table lets in. */
interface Case {
  name: string
  action: ActionName
  build: ((fx: Fixtures) => Promise<unknown>) | undefined
  allowed: readonly Persona[] | undefined
}

/**
 * Calls the case's action as every persona, those the table denies first. All of them share one
 * fixture while nothing changes; after a call that changed something (an allowed one, or a hole)
 * the next persona gets a fresh fixture, so each is judged on the object as the builder made it.
 */
async function observe(c: Case & { build: (fx: Fixtures) => Promise<unknown>; allowed: readonly Persona[] }) {
  const expected = new Set(c.allowed)
  const order = [
    ...ALL_PERSONAS.filter((p) => !expected.has(p)),
    ...ALL_PERSONAS.filter((p) => expected.has(p)),
  ]
  const obs: Observation = {
    allowed: [],
    outcomes: {} as Record<Persona, string>,
    succeeded: [],
    found: [],
    builds: 0,
    changedByDenied: [],
    foreignLeaks: [],
    internal: [],
  }
  let fixture: { input: unknown; at: Date; fx: Fixtures } | null = null
  // The state after the last call, while no fixture was made since: the next call's "before".
  let last: Snapshot | null = null
  for (const persona of order) {
    if (!fixture) {
      clock = BASE
      const fx = new Fixtures()
      const input = await c.build(fx)
      fixture = { input, at: clock, fx }
      obs.builds++
      last = null
    }
    clock = fixture.at
    const perCaller = fixture.input instanceof PerCaller
    const input = fixture.input instanceof PerCaller ? await fixture.input.make(WHO[persona]) : fixture.input
    const before = last && !perCaller ? last : await snapshot(fixture.fx.watched)
    const res = await api().call(WHO[persona], c.action, input as never)
    const after = await snapshot(fixture.fx.watched)
    last = after
    const changed = changes(before, after)
    const outcome = outcomeOf(res)
    obs.outcomes[persona] = outcome
    const denied = !res.ok && DENIED.includes(res.error.code)
    if (!denied) obs.allowed.push(persona)
    if (!res.ok && res.error.code === 'INTERNAL') obs.internal.push(persona)
    if (denied && changed.length) obs.changedByDenied.push(`${persona} (${outcome}): ${changed.join(', ')}`)
    if (res.ok) {
      obs.succeeded.push(persona)
      const text = JSON.stringify(res.data)
      if (fixture.fx.markers.some((m) => text.includes(m))) obs.found.push(persona)
      if (persona === 'foreignAdmin' && !PUBLIC_BY_DESIGN.includes(c.action) && text.includes(MARK))
        obs.foreignLeaks.push(text.slice(0, 300))
    }
    if (changed.length) fixture = null
  }
  return obs
}

/**
 * Before each case: no rate-limit window left over from the last one (the owner files a request
 * for nearly every action, the admin makes an invitation for many), every persona as they were.
 */
async function resetBetweenCases(): Promise<void> {
  const _ = env.db.command
  await env.db
    .collection(COLLECTIONS.rateLimits)
    .where({ count: _.gte(0) })
    .remove()
  await restorePersonas()
  clock = BASE
}

const printed: string[] = []

beforeAll(async () => {
  env = await startTestEnv({ at: '2026-11-25T09:00:00+08:00' })
  await setUpPersonas()
  baseline = await personaState()
})
afterAll(async () => {
  if (process.env.AUTHZ_PRINT) console.log(printed.join('\n'))
  await env?.close()
})

const ACTIONS = Object.keys(contract) as ActionName[]

test('every action of the contract has a row and an input builder, every situation its builder', () => {
  const missing = (table: object) => ACTIONS.filter((a) => !Object.prototype.hasOwnProperty.call(table, a))
  const extra = (table: object) => Object.keys(table).filter((a) => !ACTIONS.includes(a as ActionName))
  const situations = (table: Record<string, { action: ActionName }>) =>
    Object.entries(table).map(([name, s]) => `${name} → ${s.action}`)
  expect({
    withoutRow: missing(ACCESS_MATRIX),
    withoutBuilder: missing(BUILDERS),
    rowsForNoAction: extra(ACCESS_MATRIX),
    buildersForNoAction: extra(BUILDERS),
    situations: situations(SITUATIONS).sort(),
  }).toEqual({
    withoutRow: [],
    withoutBuilder: [],
    rowsForNoAction: [],
    buildersForNoAction: [],
    situations: situations(ACCESS_SITUATIONS).sort(),
  })
})

// Deleting one's account removes the persona: last, when no other case needs them.
const CASES: Case[] = [
  ...ACTIONS.filter((a) => a !== 'me.delete').map((action) => ({
    name: action,
    action,
    build: BUILDERS[action] as Case['build'],
    allowed: ACCESS_MATRIX[action],
  })),
  ...Object.entries(ACCESS_SITUATIONS).map(([name, s]) => ({
    name,
    action: s.action,
    build: SITUATIONS[name]?.build,
    allowed: s.allowed,
  })),
  {
    name: 'me.delete',
    action: 'me.delete',
    build: BUILDERS['me.delete'] as Case['build'],
    allowed: ACCESS_MATRIX['me.delete'],
  },
]

describe('who may call each action', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    // A new action without a row or a builder fails here too, by name.
    if (!c.allowed) throw new Error(`${c.name}: no row in ACCESS_MATRIX`)
    if (!c.build) throw new Error(`${c.name}: no input builder`)
    await resetBetweenCases()
    const obs = await observe({ ...c, build: c.build, allowed: c.allowed })
    const expected = c.allowed
    const sorted = (ps: Iterable<Persona>) => ALL_PERSONAS.filter((p) => [...ps].includes(p))
    const quoted = (ps: Iterable<Persona>) =>
      sorted(ps)
        .map((p) => `'${p}'`)
        .join(', ')
    printed.push(
      [
        `'${c.name}': [${quoted(obs.allowed)}], // ${obs.builds} fixture(s)${FINDS[c.action] && c.name === c.action ? `, found by [${quoted(obs.found)}]` : ''}`,
        ...ALL_PERSONAS.map((p) => `    // ${p}: ${obs.outcomes[p]}`),
      ].join('\n'),
    )
    const detail = (ps: Persona[]) => ps.map((p) => `${p}: ${obs.outcomes[p]}`)
    const finders = c.name === c.action ? FINDS[c.action] : SITUATION_FINDS[c.name]
    // The 楼栋长 is not staff: every staff action (民情日志, 评定, 整改 …) refuses them at the router.
    const staffOnly = contract[c.action].access === 'staff' && !expected.includes('buildingLeader')
    const byRule = ANSWERED_BY_RULE[c.name]
    expect({
      buildingLeaderOnStaffAction: staffOnly ? obs.outcomes.buildingLeader : null,
      unexpectedlyAllowed: detail(sorted(obs.allowed).filter((p) => !expected.includes(p))),
      unexpectedlyDenied: detail(sorted(expected).filter((p) => !obs.allowed.includes(p))),
      changedByDeniedCalls: obs.changedByDenied,
      foreignAdminSees: obs.foreignLeaks,
      internalErrors: detail(obs.internal),
      findTheFixture: finders ? sorted(obs.found) : null,
      // A builder whose input nobody could use would make every refusal look like INVALID_INPUT.
      somebodySucceeds: byRule ? null : obs.succeeded.length > 0,
      answeredByRule: byRule
        ? Object.fromEntries(Object.keys(byRule).map((p) => [p, obs.outcomes[p as Persona]]))
        : null,
    }).toEqual({
      buildingLeaderOnStaffAction: staffOnly ? 'FORBIDDEN 只有网格员可以使用工作台' : null,
      unexpectedlyAllowed: [],
      unexpectedlyDenied: [],
      changedByDeniedCalls: [],
      foreignAdminSees: [],
      internalErrors: [],
      findTheFixture: finders ? sorted(finders.filter((p) => obs.succeeded.includes(p))) : null,
      somebodySucceeds: byRule ? null : true,
      answeredByRule: byRule ?? null,
    })
  })
})
