/**
 * Who may call which action, as a table next to the contract: for each action the personas that
 * are let in; everyone else is refused (FORBIDDEN, NOT_FOUND or UNAUTHENTICATED).
 * test/server/authz.test.ts calls every action as every persona, on fixtures made fresh for it,
 * and holds the server to this table. `contract.ts` says the coarse access ('user' / 'resident' /
 * 'staff'); this says what the use cases make of it for one community's people.
 *
 * "Allowed" is what the router and the use case let through: an answer that is not a refusal —
 * ok, or CONFLICT / INVALID_INPUT / RATE_LIMITED for reasons of state or input. So a community-
 * relative action (the caller's own inbox, their own community's settings) lists the foreign
 * admin: they use it on their own community. Where a row lists someone only because the fixture
 * is refused as input (a grid that is not in their community), a comment says so.
 *
 * 街道 (issue 17, part 3): 暖阳街道 is registered above 幸福里社区 (春晖社区 has no street). Its admin
 * holds the role in the street, not in 幸福里: the community's rows refuse them (FORBIDDEN, or
 * NOT_FOUND for its objects), their own lists answer them empty or with the street's, and they
 * reach a request only while the street holds it (the situations below).
 */
import type { ActionName } from './contract'

/** The people the table speaks of (the demo community, local/demo.ts, plus a few made for the test). */
export const PERSONAS = {
  stranger: '已登录、未绑定楼栋、无角色的微信用户 / signed in, no building, no role',
  owner: '1号楼（B01）居民，测试数据的主人 / resident of B01, owns the fixture objects',
  otherResident: '5号楼（B05，另一网格）居民 / resident of B05, another grid',
  member: '网格员刘芳，第一网格1号微网格（B01、B02） / demo-member-1-1, micro-grid g-1-1-1',
  otherMember: '网格员杨雪梅，第二网格1号微网格 / demo-member-2-1, another grid',
  leader: '网格长王建国，第一网格（1号微网格的上级） / demo-leader-1, grid g-1-1 above g-1-1-1',
  otherLeader: '网格长张丽，第二网格 / demo-leader-2',
  volunteer: '志愿者冯雪 / demo-volunteer-2, registered volunteer',
  partyMember: '在职党员郑晓东（双报到） / demo-volunteer-1, 双报到 party member',
  admin: '幸福里社区管理员李秀兰 / demo-admin of c-xingfuli',
  foreignAdmin: '另一社区（春晖社区）的管理员 / admin of a second community',
  revoked: '曾经受邀担任1号微网格网格员、已被撤销角色 / former grid member of g-1-1-1, role revoked',
  buildingLeader: '1号楼（B01）楼栋长赵桂兰，也住在1号楼 / demo-building-leader-1, lives in B01',
  unitContact: '幸福里物业（1–4号楼，设施报修）的联系人，不住本社区 / contact of a 物业 unit, no building',
  streetAdmin: '暖阳街道管理员，幸福里社区属暖阳街道 / street admin above c-xingfuli',
} as const

export type Persona = keyof typeof PERSONAS

export const ALL_PERSONAS = Object.keys(PERSONAS) as Persona[]

const EVERYONE = ALL_PERSONAS
/** Everyone who belongs to some community: bound to a building or holding a role there (or in a street). */
const BELONGING = ALL_PERSONAS.filter((p) => p !== 'stranger' && p !== 'revoked')
/**
 * Who may join a community's life — volunteer, register a child: the belonging, but not the street's
 * admin, who lives nowhere here (a street has no volunteers or children: 请先扫描…楼栋的二维码).
 */
const JOINING = BELONGING.filter((p) => p !== 'streetAdmin')
/** The people of 幸福里社区: its residents, staff and volunteers. */
export const NEIGHBOURS: readonly Persona[] = [
  'owner',
  'otherResident',
  'member',
  'otherMember',
  'leader',
  'otherLeader',
  'volunteer',
  'partyMember',
  'admin',
  'buildingLeader',
  // A unit's contact (吹哨报到) takes part in the community's life as anyone who belongs there does.
  'unitContact',
]
/** Who holds a role in 幸福里社区 (the residents are only bound to a building). */
const ROLE_HOLDERS: readonly Persona[] = NEIGHBOURS.filter((p) => p !== 'owner' && p !== 'otherResident')
/** Bound to a building: the 楼栋长 lives in B01 too. */
export const RESIDENTS: readonly Persona[] = ['owner', 'otherResident', 'buildingLeader']
/** Grid staff of a community, each for their own grids (the foreign admin for their own community). */
const GRID_STAFF: readonly Persona[] = [
  'member',
  'otherMember',
  'leader',
  'otherLeader',
  'admin',
  'foreignAdmin',
]
/**
 * Staff: also the street's admin, who works the street's 兜底 on the same 工作台 — a list of one's
 * own answers them too (empty, or the street's).
 */
export const STAFF: readonly Persona[] = [...GRID_STAFF, 'streetAdmin']
/** Grid leaders and community admins, each for their own grids. */
const LEADS: readonly Persona[] = ['leader', 'otherLeader', 'admin', 'foreignAdmin']
/** Community admins, each for their own community. */
const ADMINS: readonly Persona[] = ['admin', 'foreignAdmin']
/** Who serves building B01: its micro-grid's member, the leader above, the admin. */
const B01_STAFF: readonly Persona[] = ['member', 'leader', 'admin']
/** B01's staff and its 楼栋长 (access 'worker'): 代录 for a neighbour, 巡查发现 there. */
const B01_WORKERS: readonly Persona[] = [...B01_STAFF, 'buildingLeader']
/** A leader above B01's micro-grid and the admin: re-dispatch, chase, run what the leader organised. */
const ABOVE_B01: readonly Persona[] = ['leader', 'admin']
/** The leader's session with the volunteer added as 协助组织者: its organisers and the volunteer. */
const CO_ORGANISED: readonly Persona[] = [...ABOVE_B01, 'volunteer']
const NOT_STAFF: readonly Persona[] = [
  'stranger',
  'owner',
  'otherResident',
  'volunteer',
  'partyMember',
  'revoked',
  'buildingLeader',
  'unitContact',
]

export const ACCESS_MATRIX: Record<ActionName, readonly Persona[]> = {
  'me.get': EVERYONE,
  // 切换社区 to 幸福里社区: whoever holds a role there (a resident only bound to a building has none).
  'me.chooseCommunity': ROLE_HOLDERS,
  // A building's QR code is on its door: anyone may look it up and bind to it.
  'building.lookup': EVERYONE,
  'me.bindBuilding': EVERYONE,
  /** How to reach me: for whoever has a building bound (access 'resident'). */
  'me.contact': RESIDENTS,
  'request.create': RESIDENTS,
  'request.createOnBehalf': B01_WORKERS,
  // Staff: the buildings they serve (the street's admin: none); the 楼栋长: their own.
  'building.listServed': [...STAFF, 'buildingLeader'],
  'request.listMine': EVERYONE,
  // A request filed by the owner in B01, waiting at micro-grid g-1-1-1.
  'request.get': ['owner', ...B01_STAFF],
  // Each their own queue: the street's admin the street's 兜底 (none of this one).
  'request.inbox': STAFF,
  'request.accept': B01_STAFF,
  // Only whoever accepted it (the member) resolves it.
  'request.resolve': ['member'],
  'request.rate': ['owner'],
  'request.cancel': ['owner'],
  'request.escalate': B01_STAFF,
  'request.return': B01_STAFF,
  'request.dispatch': ABOVE_B01,
  'metrics.month': LEADS,
  // Each caller records an upload in their own folder; only who has no community has no quota.
  'upload.record': BELONGING,
  'calendar.year': ADMINS,
  'calendar.adjust': ADMINS,
  'calendar.remove': ADMINS,
  'calendar.confirm': ADMINS,
  'metrics.trend': LEADS,
  'metrics.exportLedger': LEADS,
  'request.overdue': LEADS,
  // The member sees the request and is answered with no targets (only leaders above dispatch).
  'request.dispatchTargets': B01_STAFF,
  'request.chase': ABOVE_B01,
  // 转交 of what B01's member took on: a leader above or the admin, to someone who may handle it.
  'request.transfer': ABOVE_B01,
  'request.transferTargets': ABOVE_B01,
  // 转志愿服务 of a request waiting in B01: whoever may handle it there (issue 19).
  'request.toWish': B01_STAFF,
  'wish.create': RESIDENTS,
  'wish.createOnBehalf': B01_STAFF,
  'wish.wall': BELONGING,
  'wish.listMine': EVERYONE,
  // A street has no wishes: its admin is refused (FORBIDDEN 只有网格员可以审核心愿).
  'wish.inbox': GRID_STAFF,
  // A wish on the wall, claimed by the volunteer: for the community's people, as the wall is
  // (wish.wall refuses the stranger, the foreign admin sees only their own community's wall).
  'wish.get': NEIGHBOURS,
  'wish.review': B01_STAFF,
  'wish.claim': ['volunteer', 'partyMember'],
  // Claimed by the volunteer.
  'wish.release': ['volunteer'],
  'wish.withdraw': ['owner'],
  'wish.fulfil': ['volunteer'],
  'wish.confirm': ['owner', ...B01_STAFF],
  'volunteer.register': JOINING,
  'volunteer.me': EVERYONE,
  'volunteer.certificate': ['volunteer', 'partyMember'],
  // Anyone holding the paper may check its serial.
  'certificate.verify': EVERYONE,
  'volunteer.partyMembers': ADMINS,
  // A 双报到 registration in 幸福里社区.
  'volunteer.confirmParty': ['admin'],
  'volunteer.rankings': LEADS,
  'activity.create': LEADS,
  'activity.sessions': BELONGING,
  'session.signUp': NEIGHBOURS,
  'activity.signUpAll': NEIGHBOURS,
  // The owner's child's place: only their guardian gives it back or takes the offer.
  'session.cancel': ['owner'],
  'session.acceptOffer': ['owner'],
  // A session id on a poster is not an invitation (session.signUp, activity.get): nor is having
  // children somewhere else.
  'session.get': NEIGHBOURS,
  'activity.get': NEIGHBOURS,
  'child.register': JOINING,
  'child.list': EVERYONE,
  // A session the leader published: the leader and the admin organise it.
  'session.roster': ABOVE_B01,
  'session.checkIn': ABOVE_B01,
  'session.checkOut': ABOVE_B01,
  'session.confirm': ABOVE_B01,
  // 请假: the organiser (the leader who published it, or the admin) for the owner who phoned in.
  'session.release': ABOVE_B01,
  'session.excuse': ABOVE_B01,
  // Refused as state for the fixture's owner (CONFLICT: not locked) — the organisers get through.
  'session.liftLock': ABOVE_B01,
  'session.checkInCode': ABOVE_B01,
  // 修改 / 取消 (issue 18): an activity the leader published — the leader and the admin.
  'activity.edit': ABOVE_B01,
  'session.edit': ABOVE_B01,
  'session.callOff': ABOVE_B01,
  'activity.callOff': ABOVE_B01,
  // 协助组织者 of the leader's activity: its organisers add (the volunteer) and remove them.
  'activity.organisers': ABOVE_B01,
  'activity.addOrganiser': ABOVE_B01,
  'activity.removeOrganiser': ABOVE_B01,
  'elder.add': B01_STAFF,
  // An elder-care visit day the admin organises, with the volunteer on its rota. The grid serving
  // the elder's building is not let in (stricter than contract.ts's elderView comment says).
  'visit.list': ['volunteer', 'admin'],
  'visit.log': ['volunteer', 'admin'],
  'message.list': EVERYONE,
  'message.read': EVERYONE,
  'notify.settings': EVERYONE,
  'notify.subscribed': EVERYONE,
  'setup.template': ADMINS,
  'setup.lastImport': ADMINS,
  'setup.undo': ADMINS,
  'setup.export': ADMINS,
  // The admin's workbook: the foreign admin is refused it as input (not their upload).
  'setup.preview': ADMINS,
  'setup.apply': ADMINS,
  // Rows naming 幸福里社区's grids: the foreign admin is refused them as input (INVALID_INPUT).
  'setup.saveGrid': ADMINS,
  'setup.saveBuilding': ADMINS,
  'setup.savePerson': ADMINS,
  // A member for g-1-1-1; the foreign admin is refused the grid as input (not in their community),
  // the street's admin the role (INVALID_INPUT: a street invites only its 挂钩部门's contacts).
  'invite.create': ['leader', 'admin', 'foreignAdmin', 'streetAdmin'],
  // An invitation code is the bearer's: whoever holds it may see it and take the role.
  'invite.peek': EVERYONE,
  'invite.accept': EVERYONE,
  'invite.revoke': ABOVE_B01,
  'role.list': ADMINS,
  // A member of g-1-1-1.
  'role.revoke': ABOVE_B01,
  // What the hired member of g-1-1-1 has in hand: who may take the role away.
  'role.workOf': ABOVE_B01,
  'building.list': B01_STAFF,
  // Making B01's code anew: only the admin.
  'building.qr': ['admin'],
  'building.poster': B01_STAFF,
  'grid.posters': B01_STAFF,
  // 停用与恢复 · 更正编号 (issue 18, part 3): the community admin only (cloudfunctions/core/retire:
  // a retirement changes what the whole community counts). The list is each admin's own
  // community's; a fresh building of 幸福里 is NOT_FOUND to the foreign admin.
  'retire.list': ADMINS,
  'retire.apply': ['admin'],
  'retire.restore': ['admin'],
  'building.correctCode': ['admin'],
  'me.consent': EVERYONE,
  'me.export': EVERYONE,
  // Staff leave by having their role removed first.
  'me.delete': NOT_STAFF,
  // The resident of a request the member accepted: the assignee and the admin.
  'person.reveal': ['member', 'admin'],
  // 民主测评: a resident for their household (room of their binding), this month.
  'poll.mine': RESIDENTS,
  'poll.vote': RESIDENTS,
  // 评定 of a closed month: each admin for their own community.
  'grade.confirm': ADMINS,
  'rectify.list': LEADS,
  // An open 整改 of 第一网格 (g-1-1): its leader writes the measures; the admin only reviews.
  'rectify.submit': ['leader'],
  // The same, submitted: the admin closes it or sends it back.
  'rectify.review': ['admin'],
  // 民情日志 (issue 16, part 4): the grid serving B01 — its member, the leader above, the admin.
  'household.add': B01_STAFF,
  // Each staff member lists the households of their own grids (FINDS: who finds B01's; the street's
  // admin serves no grid and finds none), and their own entries of the day.
  'household.list': STAFF,
  'diary.add': B01_STAFF,
  'diary.list': STAFF,
  // An entry the member wrote about B01: whoever serves B01 turns it into a request.
  'diary.toRequest': B01_STAFF,
  // The plan of grid g-1-1: its leader and the admin.
  'visitPlan.set': ABOVE_B01,
  // Each leader reads their own grid's day; members are refused.
  'diary.summary': LEADS,
  'visitPlan.month': LEADS,
  // 巡查发现 in B01 (issue 16): its staff and its 楼栋长.
  'request.patrol': B01_WORKERS,
  // The 楼栋长's own building's open requests; staff have their inbox.
  'building.openRequests': ['buildingLeader'],
  // 网格员公示 (issue 16): whoever is bound to a building sees who serves it; every worker (the
  // 楼栋长 too) publishes their own number.
  'myGrid.get': RESIDENTS,
  'myGrid.setWorkPhone': [...STAFF, 'buildingLeader'],
  // 居民催办: the resident themself, of their own request past its clock.
  'request.urge': ['owner'],
  // 吹哨报到 (issue 17): staff see their community's units (the foreign admin their own, none; the
  // street's admin the street's 挂钩部门); the admin registers them; who may 转派 may call one in;
  // the unit's contact alone works it.
  'unit.list': STAFF,
  // The board's 责任单位 part: as metrics.month (each leader or admin their own community).
  'metrics.units': LEADS,
  // The street's admin registers its 挂钩部门, and is refused this one's buildings as input
  // (INVALID_INPUT: a 挂钩部门 serves the whole street).
  'unit.save': [...ADMINS, 'streetAdmin'],
  'request.whistleTargets': B01_STAFF,
  'request.whistle': ABOVE_B01,
  'unit.inbox': ['unitContact'],
  'request.unitAccept': ['unitContact'],
  'request.unitResolve': ['unitContact'],
  'request.unitReturn': ['unitContact'],
  'request.unitRecall': ABOVE_B01,
  // 街道 (issue 17, part 3): the street's board is its admin's; nobody of a community sees it.
  'street.board': ['streetAdmin'],
  // 退回社区 of a request the street holds (handed up by B01's member, leader and admin): only the
  // street's admin; 幸福里's admin, who reads it, is refused (FORBIDDEN).
  'request.streetReturn': ['streetAdmin'],
  // 分类设置 (issue 18, part 4): each admin their own community's; the street's admin has none.
  'settings.categories': ADMINS,
  'settings.setCategory': ADMINS,
  // The 我要反映 form's categories: the caller's community's, or the built-in table for someone of none.
  'category.list': EVERYONE,
  // 重复诉求 (issue 19, part 2): the open requests of one's own building on the form (the 楼栋长
  // lives in B01 and sees the owner's; the owner and B05's resident are answered, without it).
  'request.similar': RESIDENTS,
  // 我也遇到了 on the owner's request in B01: the 楼栋长, a neighbour there; the owner is answered
  // CONFLICT (their own); B05's resident does not find it (NOT_FOUND).
  'request.follow': ['owner', 'buildingLeader'],
  // 合并 of one of the owner's B01 requests into another: those who handle both.
  'request.mergeTargets': B01_STAFF,
  'request.merge': B01_STAFF,
  // 我关注的 (issue 19): everyone signed in has a list (theirs; empty for most). The fixture is the
  // owner's request the 楼栋长 follows: only she opens it masked, and rates it once it is done; the
  // owner has request.get for it (NOT_FOUND here), the grid has its own view.
  'request.followed': EVERYONE,
  'request.followedGet': ['buildingLeader'],
  'request.neighbourRate': ['buildingLeader'],
  // 开放接口 (issue 19, part 3): each admin their own community's keys; the street's admin has none.
  'apikey.issue': ADMINS,
  'apikey.list': ADMINS,
  // A key of 幸福里: the other community's admin is refused it (NOT_FOUND).
  'apikey.revoke': ['admin'],
}

/**
 * More situations for some actions, where who may call depends on the fixture's history: the
 * same action on another object. Keyed `<action> · <situation>`.
 */
export const ACCESS_SITUATIONS: Record<string, { action: ActionName; allowed: readonly Persona[] }> = {
  // Several communities per person (issue 17): 切换社区 only to a community one holds a role in; and
  // 幸福里's admin, also 网格长 in 春晖社区 and working there, is 春晖's leader and nothing of 幸福里's:
  // not 春晖's admin (a grid under 春晖's root), nor 幸福里's requests or roster while there.
  'me.chooseCommunity · 春晖社区': { action: 'me.chooseCommunity', allowed: ['foreignAdmin'] },
  'setup.saveGrid · the admin working in 春晖, where they lead a grid': {
    action: 'setup.saveGrid',
    allowed: ['foreignAdmin'],
  },
  'role.list · the admin working in 春晖, where they lead a grid': {
    action: 'role.list',
    allowed: ['foreignAdmin'],
  },
  'request.accept · the admin working in 春晖, where they lead a grid': {
    action: 'request.accept',
    allowed: ['member', 'leader'],
  },
  'request.inbox · the admin working in 春晖, where they lead a grid': {
    action: 'request.inbox',
    allowed: STAFF,
  },
  'wish.get · under review': { action: 'wish.get', allowed: ['owner', ...B01_STAFF] },
  // Accepted by the revoked persona while they served g-1-1-1: taking the role away ends their
  // access to it (the resident's name and room, the photos), as it ends everything staff-like.
  'request.get · accepted by a member since revoked': {
    action: 'request.get',
    allowed: ['owner', ...B01_STAFF],
  },
  // 代录 for a resident without WeChat: a leader above (or the admin) rates after calling them back.
  'request.rate · recorded for a resident by the member': { action: 'request.rate', allowed: ABOVE_B01 },
  // Checking oneself in by scanning: only who holds a place.
  'session.checkIn · by scan': { action: 'session.checkIn', allowed: ['owner'] },
  // 协助组织者 (issue 18): the volunteer the leader added to the activity runs the day — roster,
  // check-in and -out, 请假 — but prints no code, confirms no hours, lifts no lock, adds nobody.
  'session.roster · the volunteer co-organises': { action: 'session.roster', allowed: CO_ORGANISED },
  'session.checkIn · the volunteer co-organises': { action: 'session.checkIn', allowed: CO_ORGANISED },
  'session.checkOut · the volunteer co-organises': { action: 'session.checkOut', allowed: CO_ORGANISED },
  'session.release · the volunteer co-organises': { action: 'session.release', allowed: CO_ORGANISED },
  'session.excuse · the volunteer co-organises': { action: 'session.excuse', allowed: CO_ORGANISED },
  'session.checkInCode · the volunteer co-organises': { action: 'session.checkInCode', allowed: ABOVE_B01 },
  'session.confirm · the volunteer co-organises': { action: 'session.confirm', allowed: ABOVE_B01 },
  'activity.addOrganiser · the volunteer co-organises': {
    action: 'activity.addOrganiser',
    allowed: ABOVE_B01,
  },
  // The owner's child in the leader's 四点半课堂: the co-organiser hands them over, and may call.
  'person.reveal · a child’s collector, the volunteer co-organising': {
    action: 'person.reveal',
    allowed: ['owner', ...CO_ORGANISED],
  },
  'building.qr · the stored code': { action: 'building.qr', allowed: B01_STAFF },
  // A second admin: a grid leader cannot remove an admin.
  'role.revoke · an admin': { action: 'role.revoke', allowed: ['admin'] },
  'person.reveal · the volunteer who claimed a wish': {
    action: 'person.reveal',
    allowed: ['owner', 'member', 'admin'],
  },
  // The hand-off (微心愿): only the volunteer holding the claim, while it lasts (wishes/contact.ts);
  // the resident, their grid and the admin already know each other.
  'person.reveal · a wish’s contact, for its claimant': { action: 'person.reveal', allowed: ['volunteer'] },
  // The owner's child, signed up for the leader's session.
  'person.reveal · a child’s collector': { action: 'person.reveal', allowed: ['owner', 'leader', 'admin'] },
  'person.reveal · a volunteer': { action: 'person.reveal', allowed: ['admin'] },
  // 治安线索: the owner's report of 毒品 in B01 goes straight to the community (src/domain/sensitive.ts):
  // its resident and the admin, never B01's member or leader.
  'request.get · a sensitive report': { action: 'request.get', allowed: ['owner', 'admin'] },
  'request.accept · a sensitive report': { action: 'request.accept', allowed: ['admin'] },
  // Up to the street (兜底): the community's to hand on, never its building's grid's.
  'request.escalate · a sensitive report': { action: 'request.escalate', allowed: ['admin'] },
  // Accepted by the admin, who calls the resident back.
  'person.reveal · the resident of a sensitive report': { action: 'person.reveal', allowed: ['admin'] },
  // 民情日志: a household of B01 (its contact's phone): the grid serving B01, each reveal logged.
  'person.reveal · a household’s contact': { action: 'person.reveal', allowed: B01_STAFF },
  // 楼栋长 of another building: B01's 楼栋长 neither 代录s nor files 巡查发现 in B02 (same micro-grid).
  'request.createOnBehalf · in another building': { action: 'request.createOnBehalf', allowed: B01_STAFF },
  'request.patrol · in another building': { action: 'request.patrol', allowed: B01_STAFF },
  // A spot in micro-grid g-1-1-1 outside any building: staff of the grid only.
  'request.patrol · a spot in the grid': { action: 'request.patrol', allowed: B01_STAFF },
  // A sensitive report in B01: the 楼栋长's list answers, without it (ACCESS_FINDS in the test).
  'building.openRequests · a sensitive report in their building': {
    action: 'building.openRequests',
    allowed: ['buildingLeader'],
  },
  // 街道 (issue 17, part 3): B01's request handed up by its member, leader and admin waits at
  // 暖阳街道 (level 0, streetId): the street's admin handles it, and nobody of 幸福里 any more. The
  // owner reads it; so do the member, the leader and the admin who handed it up — read only (no
  // moves offered to them, street.test.ts), as a worker follows what they handed on.
  'request.get · held by the street': {
    action: 'request.get',
    allowed: ['owner', ...B01_STAFF, 'streetAdmin'],
  },
  'request.inbox · held by the street': { action: 'request.inbox', allowed: STAFF },
  'request.accept · held by the street': { action: 'request.accept', allowed: ['streetAdmin'] },
  // Only whoever accepted it resolves it: the street's admin.
  'request.resolve · accepted by the street': { action: 'request.resolve', allowed: ['streetAdmin'] },
  // The street's admin calls back as its assignee; 幸福里's admin may call any of its residents.
  'person.reveal · the resident of a request the street accepted': {
    action: 'person.reveal',
    allowed: ['admin', 'streetAdmin'],
  },
  // The street calls in its 挂钩部门 or the community's units (幸福里物业 here). The list answers
  // whoever reads the request, as on the main row (B01's member reads the units and calls none in);
  // only the street's admin may 吹哨.
  'request.whistleTargets · held by the street': {
    action: 'request.whistleTargets',
    allowed: [...B01_STAFF, 'streetAdmin'],
  },
  'request.whistle · held by the street': { action: 'request.whistle', allowed: ['streetAdmin'] },
  // Called in by the street: the unit's contact reports in; whoever blew the whistle (the street's
  // admin) takes it back — not 幸福里's admin, who no longer holds it.
  'request.unitAccept · called in by the street': { action: 'request.unitAccept', allowed: ['unitContact'] },
  'request.unitRecall · called in by the street': { action: 'request.unitRecall', allowed: ['streetAdmin'] },
  // Nobody hands it further up: the street's admin is let through to the rule and answered CONFLICT
  // (已到街道兜底，不能再上报), which the table counts as allowed; everyone else is refused — B01's
  // staff, who read it, FORBIDDEN (ANSWERED_BY_RULE in the test holds these answers).
  'request.escalate · held by the street': { action: 'request.escalate', allowed: ['streetAdmin'] },
  // 转派 is a community's move among its grids: nobody. 幸福里's admin no longer supervises it, and
  // the street's admin is refused the grid (FORBIDDEN): the street hands back by 退回社区.
  'request.dispatch · held by the street': { action: 'request.dispatch', allowed: [] },
  // 退回社区: back at 幸福里's level 1 (the community's root grid), the admin's again; the street's
  // admin no longer moves it but, having handed it back, still reads it (as B01's member and leader,
  // who handed it up, do).
  'request.get · returned by the street': {
    action: 'request.get',
    allowed: ['owner', ...B01_STAFF, 'streetAdmin'],
  },
  'request.accept · returned by the street': { action: 'request.accept', allowed: ['admin'] },
  // Handed back already: the street's admin no longer reaches it; 幸福里's admin, whose it is again,
  // is let through to the rule (CONFLICT 只有到了街道兜底的诉求可以退回社区).
  'request.streetReturn · returned by the street': { action: 'request.streetReturn', allowed: ['admin'] },
  // 春晖社区 has no street registered: its 兜底 stays its own admin's; 暖阳街道's admin is refused it,
  // and 幸福里's people never reach it.
  'request.get · 春晖’s 兜底, no street registered': { action: 'request.get', allowed: ['foreignAdmin'] },
  // 停用: an elder of B01, the owner's child, an empty grid — the admin only, as a building.
  'retire.apply · an elder': { action: 'retire.apply', allowed: ['admin'] },
  'retire.apply · a child': { action: 'retire.apply', allowed: ['admin'] },
  'retire.apply · an empty grid': { action: 'retire.apply', allowed: ['admin'] },
  'request.accept · 春晖’s 兜底, no street registered': {
    action: 'request.accept',
    allowed: ['foreignAdmin'],
  },
}
