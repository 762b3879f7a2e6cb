/** Document shapes as stored. Times are Date (UTC instants); ids are strings. */
import type { VISIT_TRANSITIONS } from '../../src/domain/visit'
import type { HouseholdKind, LogEntryKind } from '../../src/domain/fieldlog'
import type { ContentVerdict } from '../../src/domain/usertext'
import type { AuditEvent } from './audit'
import type { CategoryCode, SlaTier } from '../../src/domain/categories'
import type { CategoryOverrides } from '../../src/domain/category-settings'
import type { PhotoStage } from '../../src/domain/photos'
import type { NoticeFields, NoticeKind, NoticeTarget, PushState, TemplateKey } from '../../src/domain/notify'
import type { Rating, RequestAction, RequestStatus } from '../../src/domain/request'
import type { ActivityKind, Audience as SeatAudience, SignupStatus } from '../../src/domain/activity'
import type { Role } from '../../src/domain/roles'
import type { UnitKind, UnitTaskState } from '../../src/domain/units'
import type { RequestSource } from '../../src/domain/patrol'
import type { WishAction, WishCategory, WishStatus } from '../../src/domain/wish'
import type { Grade, PollChoice, RectifyStatus } from '../../src/domain/grading'
import type { VolunteerState } from '../../src/domain/volunteer-work'

export interface CommunityDoc {
  _id: string
  name: string
  /** The street's name as the community calls it (shown on its backstop when no street is registered). */
  street: string
  /** 街道 (src/domain/street.ts): the registered street above it; absent — its own admin is the backstop. */
  streetId?: string
  /** How many admins it has: kept with each grant and revoke so the last one cannot be removed. */
  admins?: number
  /** Years without official data whose 调休 notice the admin has entered and confirmed (calendar.ts). */
  calendarConfirmedYears?: number[]
  /** 分类设置: the community's own settings over the built-in categories (absent: the built-in table). */
  categorySettings?: CategoryOverrides
  /**
   * The import (or undo) that has the community's set-up in hand, by the import's id: one at a time.
   * Taken by a conditional update, given back when it is settled (setup/stage.ts).
   */
  importing?: string | null
}

/** 街道 (src/domain/street.ts): the sub-district above its communities. */
export interface StreetDoc {
  /** STREET_ID_PATTERN: s-… */
  _id: string
  name: string
  createdAt: Date
}

/** A file a person uploaded (upload.record): counted against their day's quota, attached or purged. */
export interface UploadDoc {
  /** derivedId('upload', fileID) */
  _id: string
  openid: string
  fileID: string
  bytes: number
  at: Date
  /** Taken into a request, wish, activity or import; unattached ones go after a day. */
  attached: boolean
}

/** A document delivered to one person by file id (documents.ts): deleted DOCUMENT_MINUTES later. */
export interface DocumentDoc {
  /** derivedId('document', fileID) */
  _id: string
  openid: string
  fileID: string
  at: Date
}

/** One of a community's 节假日调整: `date` is a working day (workday) or a holiday. */
export interface CalendarDayDoc {
  /** `${communityId}:${date}`: one adjustment per day. */
  _id: string
  communityId: string
  date: string
  workday: boolean
  note: string
  by: { openid: string; name: string }
  at: Date
}

/** The 台账 of a community's settings (节假日调整, 停用与恢复, 更正编号): who changed what, when. */
export interface SettingsEventDoc {
  _id: string
  communityId: string
  at: Date
  type:
    | 'calendar.set'
    | 'calendar.unset'
    | 'calendar.confirm'
    | 'calendar.unconfirm'
    // 停用与恢复 · 更正编号 (issue 18, part 3; cloudfunctions/core/retire)
    | 'retire'
    | 'restore'
    | 'building.correctCode'
    // 分类设置 (issue 18, part 4)
    | 'category.set'
    // 开放接口 (issue 19, part 3)
    | 'apikey.issue'
    | 'apikey.revoke'
  actor: { openid: string; name: string }
  /** What it was about: the date, the year, or the category (its name before the change). */
  subject: string
  /** 设为工作日 / 设为休息日 / 删除调整 …, with the note. */
  note: string
}

/**
 * Retired (issue 18, part 3; cloudfunctions/core/retire): kept for history — every name stays —
 * and out of lists, pickers, clocks and denominators until the admin restores it.
 */
export interface RetiredDoc {
  at: Date
  by: { openid: string; name: string }
  reason: string
}

export interface GridDoc {
  _id: string
  retired?: RetiredDoc
  communityId: string
  level: 1 | 2 | 3
  name: string
  parentId: string | null
  /** Ids from the community (level 1) down to this grid, inclusive. */
  path: string[]
  /**
   * Set on a document an import (or the undo of one) is writing: the import's id. Users see such a
   * document from that import's last transaction on (status `applied`) until an undo's hides it
   * again (cloudfunctions/core/staging.ts); a settled import's marks are taken off, so nearly every
   * document has none.
   */
  stagedBy?: string
}

export interface BuildingDoc {
  /** The building code, which is also the QR scene. */
  _id: string
  name: string
  address: string
  communityId: string
  /** The micro-grid (level 3) the building belongs to. */
  gridId: string
  /** The building's code, stored once (actions/buildings.ts); absent until first asked for. */
  qr?: BuildingQrDoc
  /**
   * 更正编号 (issue 18, part 3): the code printed from then on, when the id (the code first given)
   * was mistyped. The id stays the building's key everywhere; it and every code in `codes` keep
   * resolving to the building when scanned (community.ts findBuilding).
   */
  code?: string
  /** Every corrected code the building has had, the current one included: what scans resolve by. */
  codes?: string[]
  retired?: RetiredDoc
  /** The import writing it, until that import is settled (GridDoc.stagedBy). */
  stagedBy?: string
}

export interface BuildingQrDoc {
  /** Cloud-storage file id of the image (PNG or JPEG). */
  fileID: string
  /** 1 for the first code, one more per regeneration; names the file, guards the update. */
  gen: number
  /** The scene the image opens; absent: the building's id (codes made before 更正编号). */
  scene?: string
  at: Date
  /** wxacode: a mini-program code; url: a standard QR code of the H5 link (local environment). */
  kind: 'wxacode' | 'url'
}

export interface UserDoc {
  /** The WeChat openid. */
  _id: string
  name: string
  phone?: string
  buildingCode?: string
  room?: string
  /** Requests of this resident still waiting or in progress; see claimOpenSlot. */
  openCount?: number
  /** 代录: a resident without WeChat, on file so their requests have an owner and a phone. */
  offline?: boolean
  /** How to reach them was asked (me.contact): a name given, and a phone or 不留电话. */
  contactAt?: Date
  /** They chose 不留电话: the grid member is told so, instead of "未留". */
  noPhone?: boolean
  /**
   * 公示 (issue 16): the number a grid worker chose to publish to the residents they serve — a work
   * phone, never taken from `phone`. Absent: the card says 暂未公示电话.
   */
  workPhone?: string
  /**
   * Several communities per person (issue 17): the one they chose to work in (me.chooseCommunity),
   * honoured only while they hold a role there (cloudfunctions/core/working.ts).
   */
  communityId?: string
  createdAt: Date
  updatedAt: Date
  /** 请假 (issue 18): an organiser lifted the no-show lock then; earlier no-shows no longer count. */
  noShowLockLiftedAt?: Date
  noShowLockLift?: { reason: string; by: string; at: Date }
}

export interface MembershipDoc {
  _id: string
  openid: string
  role: Role
  communityId: string
  gridId?: string
  /** 楼栋长: the building they look after. */
  buildingCode?: string
  /** 责任单位联系人: the unit they answer for. */
  unitId?: string
  /** The roster line (staff) this role was taken for, when it came from an invitation. */
  staffId?: string
  /** The invitation it was taken with; absent for seeded and registered roles. */
  invitationId?: string
  grantedAt?: Date
}

/**
 * A line of the community's roster (网格人员): who the community says holds a role, from its
 * spreadsheet or an invitation. It grants nothing by itself; the person takes the role by
 * accepting an invitation, which links their openid here and creates the membership.
 */
export interface StaffDoc {
  _id: string
  communityId: string
  name: string
  phone: string
  role: 'gridLeader' | 'gridMember' | 'buildingLeader'
  /** The grid served (a 楼栋长's: their building's micro-grid). */
  gridId: string
  buildingCode: string | null
  /** Set once the person accepted an invitation for this line. */
  openid: string | null
  source: 'import' | 'invitation'
  createdAt: Date
  updatedAt: Date
  /** The import writing it, until that import is settled (GridDoc.stagedBy). */
  stagedBy?: string
}

/** A one-time invitation to take a role: its code is the id, valid for 72 hours. */
export interface InvitationDoc {
  _id: string
  requestId: string
  communityId: string
  role: Role
  gridId: string | null
  buildingCode: string | null
  /** Who it is meant for, as the inviter wrote it (shown to the person opening it). */
  name: string
  staffId: string | null
  /** 责任单位联系人: the unit whose contact it makes. */
  unitId?: string | null
  createdBy: { openid: string; name: string }
  createdAt: Date
  expiresAt: Date
  status: 'open' | 'used' | 'revoked'
  usedBy: string | null
  usedAt: Date | null
  revokedAt: Date | null
  /** When the role it gave was revoked: a used code never grants again, not even to its user. */
  roleEndedAt?: Date | null
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

/** Every role change, appended: the 台账 of who gave or took which role. */
export interface RoleEventDoc {
  _id: string
  communityId: string
  at: Date
  type: 'invite' | 'invite.revoke' | 'grant' | 'revoke' | 'bootstrap'
  actor: { openid: string; name: string }
  /** Whose role: the openid once known, and the name. */
  subject: { openid: string | null; name: string }
  role: Role
  gridId: string | null
  invitationId: string | null
  note: string
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

export type RequestEventDoc = AuditEvent<'create' | RequestAction, RequestStatus>

export interface RequestDoc extends OutboxHolder {
  _id: string
  /** Grids (with those above them) whose clock ran out on it (actions/transitions.ts SLIPS). */
  slippedFrom?: string[]
  /** 工单号 shown to people. */
  no: string
  requestId: string
  residentOpenid: string
  residentName: string
  communityId: string
  buildingCode: string
  buildingName: string
  gridId: string
  gridName: string
  gridPath: string[]
  /** The building's micro-grid and the grids above it: whose performance figures it counts in. */
  homeGridPath: string[]
  level: number
  category: CategoryCode
  /**
   * The category's settings in force when it was filed (分类设置, src/domain/category-settings.ts):
   * its tier (the clocks), its name as the community called it then, its default unit. A later
   * change of the settings moves none of them. Absent name or unit: filed before the settings.
   */
  tier: SlaTier
  categoryName?: string
  defaultUnitId?: string | null
  description: string
  status: RequestStatus
  assigneeOpenid: string | null
  assigneeName: string | null
  createdAt: Date
  updatedAt: Date
  /** When it reached its current grid; the 退回 window (1 working day) counts from here. */
  assignedAt: Date
  acceptBy: Date
  resolveBy: Date
  /** Set when the resolve clock ran out and the assignee was chased; escalation follows at. */
  escalateBy: Date | null
  /** Times the resident sent it back as 不满意 (重办 once, then to the community). */
  reopenCount: number
  /** 代录: the grid worker who filed it for a resident without a phone. */
  recordedBy: { openid: string; name: string } | null
  /**
   * 治安线索 (src/domain/sensitive.ts): at the community level, seen by fewer people. Absent on
   * requests from before it (read as false: queries ask `neq(true)`).
   */
  sensitive?: boolean
  /** msgSecCheck's label of its risky text (20006 违法犯罪 …: src/domain/usertext.ts); null if none. */
  contentLabel?: number | null
  acceptedAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
  resolutionNote: string | null
  rating: Rating | null
  ratingComment: string | null
  /** The 台账 of this request: every transition, appended in the same write as the transition. */
  events: RequestEventDoc[]
  /** Before (the resident's) and after (the handler's) photos; absent on requests from before photos. */
  photos?: PhotoDoc[]
  /**
   * 巡查发现 (src/domain/patrol.ts): 'patrol' when staff or a 楼栋长 found it on a round (then
   * residentOpenid is PATROL_OWNER, nobody's). Absent on residents' requests (read as 'resident').
   */
  source?: RequestSource
  /** A patrol item's place in the finder's words ("3单元楼道"). */
  place?: string
  /** Who found it on patrol. */
  foundBy?: { openid: string; name: string }
  /** 开放接口 (src/domain/open311.ts): the API key it came through and the key's organisation. */
  channel?: { keyId: string; organisation: string }
  /** 吹哨报到 (src/domain/units.ts): the unit called in on it, and where its task stands. */
  unit?: UnitTaskDoc
  /** Units called in on it before the current one (each returned it): their work counts too. */
  unitHistory?: UnitTaskDoc[]
  /**
   * 街道兜底 (src/domain/street.ts): the registered street it went up to. It holds the request while
   * `level` is the street level; kept after (退回社区) as where it has been.
   */
  streetId?: string
  /** The street's clock to take it on ran out, and its admins were told (once per arrival). */
  streetLate?: boolean
  /** Each time it reached the street: the street's board counts what fell through, per month. */
  streetArrivals?: Date[]
  /** 转交 (issue 18): who held it before the last hand-over — told that it is no longer theirs. */
  transferredFrom?: { openid: string; name: string } | null
  /**
   * 重复诉求 (src/domain/duplicates.ts): residents of its building following it (+1) — by 我也遇到了
   * or as the reporter of a duplicate merged into it. They hear of its progress; nobody sees who.
   */
  followers?: string[]
  /**
   * 邻居评价 (src/domain/duplicates.ts): each follower's own rating of the result, once; counted
   * apart from the reporter's (which closes and grades it) and never in the board's 满意率.
   */
  neighbourRatings?: { openid: string; rating: Rating; at: Date }[]
  /** 已合并: the request this one repeated, which goes on for both. */
  mergedInto?: { id: string; no: string }
  /**
   * 已合并, and the target has not yet taken its people in (the merge's second write): the
   * scheduler finishes what a crash between the two left (requests/duplicates.ts finishMerges).
   */
  mergePending?: boolean
  /** The duplicates merged into this one: each is taken in once (its followers, its event). */
  mergedFrom?: string[]
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
  /** 保存期限: when its photos were deleted (files and entries). */
  photosPurgedAt?: Date
  /** 转志愿服务 (src/domain/volunteer-work.ts): the 微心愿 made of it, and where that stands. */
  volunteer?: {
    wishId: string
    what: string
    state: VolunteerState
    at: Date
    by: { openid: string; name: string }
    /** The wish as asked for (what else it needs): the scheduler publishes it if the second write was lost. */
    category?: WishCategory
    why?: string
    /** The content check marked its words for a person (the wish's contentCheck: review). */
    review?: boolean
    /** Written, its wish not yet published (the move's second write); requests/repair.ts finishes it. */
    pending?: boolean
  }
}

/** A unit's task on one request: its own clocks, who called it in, who at the unit took it. */
export interface UnitTaskDoc {
  unitId: string
  unitName: string
  kind: UnitKind
  state: UnitTaskState
  calledBy: { openid: string; name: string }
  calledAt: Date
  acceptBy: Date
  resolveBy: Date
  acceptedAt: Date | null
  handler: { openid: string; name: string } | null
  /** Set once the scheduler told the caller the unit missed that clock (each told once). */
  acceptLate?: boolean
  resolveLate?: boolean
  /** When the unit resolved it (its 按时办结 on the board). */
  resolvedAt?: Date
}

/**
 * 责任单位 (issue 17): a unit outside the grid a community calls in — 物业 for its buildings, a
 * utility, the police, a 驻区单位, a grid's 网格责任单位. Its contacts hold the unitStaff role.
 */
export interface UnitDoc {
  _id: string
  requestId: string
  communityId: string
  kind: UnitKind
  name: string
  /** Categories it handles; buildings it serves (empty: the whole community). */
  categories: CategoryCode[]
  buildingCodes: string[]
  /** 网格责任单位: the grids it is assigned to. */
  gridIds: string[]
  /** Who to phone there, as the community wrote it down (staff see it; residents never). */
  contactName: string
  contactPhone: string
  /** A 双报到 unit: a monthly record of what it did goes back to it (双反馈). */
  partyOrg: boolean
  createdAt: Date
  updatedAt: Date
}

/** A document that keeps an outbox: who must hear about which of its events (requests, wishes, sessions). */
export interface OutboxHolder {
  _id: string
  communityId: string
  /** Who must hear about which event: appended in the same write as the event (the outbox). */
  outbox: OutboxEntry[]
  /** Entries ever appended; the next one is numbered this. Guards appends against each other. */
  outboxSeq: number
  /** Entries already turned into messages (the scheduler's fan-out), and whether any are left. */
  outboxFanned: number
  outboxPending: boolean
}

export interface PhotoDoc {
  /** Cloud-storage file id; shown through expiring links only. */
  fileID: string
  stage: PhotoStage
  by: string
  at: Date
}

/** Who a notice is for, resolved to people when the scheduler fans it out. */
export type Audience =
  | { user: string }
  /** Whoever works requests at this grid (its members and leader; the admin at the top). */
  | { grid: string }
  /** The nearest leader above this grid (the admin at the top): the assignee's leader. */
  | { leaderAbove: string }
  /** The 楼栋长 of this building (their membership names it). */
  | { buildingLeadersOf: string }
  /** 吹哨报到: the contacts of this unit (unitStaff memberships naming it). */
  | { unitStaffOf: string }
  /**
   * Whoever holds a seat in this session (confirmed or offered; for a child's place, the
   * guardian), as they are when the notice goes out: no one's openid is kept in the outbox.
   */
  | { seatsOf: string }
  /** Everyone with a place in this session — a seat, an offer or on the waitlist (guardians for children). */
  | { placesOf: string }

export interface OutboxEntry {
  seq: number
  at: Date
  kind: NoticeKind
  to: Audience[]
  /** Not told about their own move. */
  exceptOpenid: string
  title: string
  /** The line in 消息, where the holder's own (OutboxSource.body) cannot say it: a session's notices. */
  body?: string
  fields: NoticeFields
}

export interface MessageDoc {
  /** Derived from (holder, outbox seq, recipient): fanning out twice makes nothing twice. */
  _id: string
  openid: string
  communityId: string
  kind: NoticeKind
  title: string
  body: string
  /** What it is about: a request, a wish or a session, and its id. */
  target: NoticeTarget
  targetId: string
  /** The request's 工单号, the wish's or the session's short number. */
  subject: string
  fields: NoticeFields
  template: TemplateKey
  createdAt: Date
  read: boolean
  /** The WeChat subscribe message: every one ends sent or failed with a reason. */
  push: PushState
  attempts: number
  nextAttemptAt: Date
  /** While `sending`: after this, the attempt is considered interrupted. */
  leaseUntil: Date | null
  /** The grant taken for this message, kept across retries and returned if it never went out. */
  grantHeld: boolean
  reason: string | null
  sentAt: Date | null
}

/** One-time subscribe grants a user gave for a template (requestSubscribeMessage → accept). */
export interface SubscriptionDoc {
  /** `${openid}|${template}` */
  _id: string
  openid: string
  template: TemplateKey
  grants: number
  updatedAt: Date
}

export type WishEventDoc = AuditEvent<'create' | WishAction, WishStatus>

export interface WishDoc extends OutboxHolder {
  _id: string
  requestId: string
  communityId: string
  /** Private: never on the wall. */
  residentOpenid: string
  residentName: string
  buildingCode: string
  buildingName: string
  /** The building's micro-grid; its member reviews and confirms. */
  gridId: string
  gridPath: string[]
  /** "第二网格" — the only place the wall names. */
  gridName: string
  category: WishCategory
  what: string
  why: string
  /** What the content check said; `review` is shown to the reviewer. */
  contentCheck: 'pass' | 'review'
  status: WishStatus
  recordedBy: { openid: string; name: string } | null
  createdAt: Date
  updatedAt: Date
  publishedAt: Date | null
  /** When it last went (back) on the wall: the wall's order and its "days waiting". */
  waitingSince: Date | null
  /**
   * The resident lets the claimant see their phone (on tap, logged, while the claim lasts); absent
   * (wishes from before it was asked) or false: the claimant is given the grid member's 公示 number.
   */
  shareContact?: boolean
  claim: { openid: string; name: string; at: Date; promisedBy: Date } | null
  /** `hours`: 实际服务时长 the claimant entered (absent on wishes fulfilled before it was asked). */
  fulfilment: { note: string; at: Date; hours?: number } | null
  /** The resident's photo (stage post) and the fulfilment's (stage resolve). */
  photos?: PhotoDoc[]
  rejectReason: string | null
  doneAt: Date | null
  /** Points and hours entered in the ledger for this wish (after confirmation). */
  credited: boolean
  /** 来自诉求 (src/domain/volunteer-work.ts): the request it was made of; absent for a resident's own wish. */
  fromRequest?: { id: string; no: string }
  events: WishEventDoc[]
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
  /** 保存期限: when its photos were deleted (files and entries). */
  photosPurgedAt?: Date
}

/** One line of the points/hours ledger: appended, never changed. */
export interface PointsEntryDoc {
  /** Derived from its source, so the same service is never credited twice. */
  _id: string
  openid: string
  communityId: string
  source: 'wish' | 'session'
  sourceId: string
  /** The grid (level 2) the service was in: where it counts in the rankings. */
  gridId: string | null
  points: number
  hours: number
  reason: string
  at: Date
}

/** A registered volunteer (志愿者), and for 双报到 party members their unit and branch. */
export interface VolunteerDoc {
  /** The openid. */
  _id: string
  communityId: string
  name: string
  phone: string
  skills: string[]
  availability: string
  /** 身份证号, if given: only ever shown masked, on the hours certificate. */
  idNumber?: string | null
  party: { workUnit: string; branch: string; status: 'pending' | 'confirmed' } | null
  createdAt: Date
  updatedAt: Date
}

/** An issued hours certificate: which ledger entries it stated, so its serial can be checked. */
export interface CertificateDoc {
  /** The serial number printed on it. */
  _id: string
  openid: string
  communityId: string
  name: string
  issuedAt: Date
  entryIds: string[]
  hours: number
}

export interface RoleSeats {
  name: string
  /** Who may take it: registered volunteers, anyone, or guardians for their registered children. */
  audience: SeatAudience
  capacity: number
  /** Seats held (confirmed and offered). Never above capacity. */
  taken: number
  /** People on the waitlist. */
  waiting: number
  /** Tickets handed out: a sign-up's arrival number, the waitlist's order. */
  tickets: number
}

export interface ActivityDoc {
  _id: string
  requestId: string
  communityId: string
  kind: ActivityKind
  title: string
  description: string
  place: string
  organiser: string
  createdBy: string
  createdAt: Date
  sessionCount: number
  /** 暖心助老: the elders this team visits (from the community's records). */
  elderIds?: string[]
  /** 封面 (at most one). */
  cover?: PhotoDoc[]
  /** 取消活动 (issue 18): why, when, by whom; absent while it stands. */
  cancelled?: Cancellation | null
  /** Its 台账: the organiser's 修改 and 取消, and who added or removed a co-organiser. */
  changes?: ChangeEvent[]
  /** 协助组织者 (issue 18): volunteers or staff the organiser added; each session keeps their openids. */
  coOrganisers?: CoOrganiserDoc[]
  /** Counts the changes of `coOrganisers`: each is conditional on the one read. */
  organisersRev?: number
}

/** 取消本场 / 取消活动: the reason everyone was told, when and by whom. */
export interface Cancellation {
  reason: string
  at: Date
  by: { openid: string; name: string }
}

/** One 台账 entry of an activity or a session: who changed what, before → after (issue 18). */
export interface ChangeEvent {
  at: Date
  /** 修改 / 取消 (of an activity or a session); 协助组织者 added or removed (of an activity). */
  type: 'edit' | 'cancel' | 'organiser.add' | 'organiser.remove'
  actor: { openid: string; name: string }
  fields: { label: string; from: string; to: string }[]
  reason: string | null
}

export interface CoOrganiserDoc {
  openid: string
  name: string
  /** The role they were added as (志愿者, 网格员 …), as it read then. */
  roleName: string
  addedAt: Date
  addedBy: { openid: string; name: string }
}

/**
 * One session of an activity. Its notices (reminders, the close, missed visits) go through its
 * outbox, appended in the same conditional write as the mark that says the job was done.
 */
export interface SessionDoc extends OutboxHolder {
  _id: string
  activityId: string
  communityId: string
  kind: ActivityKind
  title: string
  place: string
  startAt: Date
  endAt: Date
  roles: Record<string, RoleSeats>
  /** Reminders already made for everyone holding a seat: the day before, and an hour before. */
  reminded: { day: boolean; hour: boolean }
  /** Who created the activity: organises it with the community's admins. */
  createdBy: string
  /** The activity's co-organisers (openids): the on-the-day work (src/domain/access.ts mayRunOnTheDay). */
  coOrganisers?: string[]
  /** Set when the session has ended and its attendance was settled (no-shows, forgotten check-outs). */
  closedAt: Date | null
  /** Check-outs closed automatically at the end, for the organiser to look at. */
  flagged: number
  /** The organiser confirmed the attendance: volunteer hours are in the ledger. */
  confirmedAt: Date | null
  /** The end of the session's day (Beijing): visits not logged by then are flagged. */
  dayEndAt: Date
  /** 暖心助老: when the day's missing visits were flagged. */
  visitsCheckedAt: Date | null
  /**
   * 取消本场 (issue 18): set with `closedAt` (so nothing is closed, reminded or counted as a no-show
   * after it) and the reminders marked done; absent while the session stands.
   */
  cancelled?: Cancellation | null
  /** The organiser's 修改 and 取消 of this session (its 台账). */
  changes?: ChangeEvent[]
  /** 保存期限: when the notices in its outbox were cleared (with the messages they made). */
  noticesClearedAt?: Date
}

export interface SignupDoc {
  /** One per person per session: nobody holds two seats in one session. */
  _id: string
  sessionId: string
  activityId: string
  role: string
  /** Who signed up and hears about it: the person, or for a child the guardian. */
  openid: string
  /** For a child's place: the child (signed up by a guardian). */
  childId: string | null
  name: string
  status: SignupStatus | 'pending'
  ticket: number
  offeredUntil: Date | null
  /** For a no-show: when it counted (the session's start). */
  noShowAt: Date | null
  checkInAt: Date | null
  checkOutAt: Date | null
  /** Closed at the session's end because nobody checked out: the organiser confirms the hours. */
  autoClosed: boolean
  /** For a child: who collected them. */
  collectedBy: { name: string; relation: string } | null
  /** Volunteer hours credited when the organiser confirmed. */
  hours: number | null
  createdAt: Date
  updatedAt: Date
  /** 请假 (issue 18): the organiser gave the place back, or excused the absence, with the reason. */
  excuse?: { reason: string; at: Date }
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

/** Someone allowed to collect a child (接送人). The first is the guardian who registered them. */
export interface CollectorDoc {
  id: string
  /** Set for a guardian with WeChat: they can sign the child up and collect by scanning. */
  openid: string | null
  name: string
  relation: string
  phone: string
}

/** A child registered by a guardian for 四点半课堂: once, then signed up for sessions. */
export interface ChildDoc {
  _id: string
  requestId: string
  communityId: string
  name: string
  age: number
  grade: string
  allergies: string
  notes: string
  collectors: CollectorDoc[]
  /** The collectors' openids, for finding a guardian's children. */
  guardianOpenids: string[]
  createdAt: Date
  updatedAt: Date
  /** 保存期限: its latest sign-up, noted when the retention run found it still active. */
  activeAt?: Date
  retired?: RetiredDoc
}

/** An elder the community looks after (独居老人, 空巢老人), with how consent was given. */
export interface ElderDoc {
  _id: string
  requestId: string
  communityId: string
  buildingCode: string
  name: string
  room: string
  phone: string
  /** Who agreed to the visits and to keeping this record (本人 / 子女 / 监护人), and when. */
  consent: { by: string; at: Date; note: string }
  notes: string
  createdBy: string
  createdAt: Date
  /** 保存期限: its latest visit, noted when the retention run found it still visited. */
  activeAt?: Date
  retired?: RetiredDoc
}

/** One elder seen (or not) on one visit day of an elder-care team. */
export interface VisitDoc {
  /** derivedId(session, elder): one log per elder per visit day. */
  _id: string
  sessionId: string
  activityId: string
  elderId: string
  communityId: string
  buildingCode: string
  /** A status the visit table ends in (src/domain/visit.ts): the document is written by its move. */
  status: (typeof VISIT_TRANSITIONS)[keyof typeof VISIT_TRANSITIONS]['to']
  seen: boolean
  wellbeing: 'well' | 'unwell' | null
  needs: string
  note: string
  /** The request it raised for the building's grid (unwell, or a need). */
  requestId: string | null
  by: { openid: string; name: string } | null
  at: Date
}

/** The 隐私政策 a user agreed to (WeChat's privacy authorization, then ours), and when. */
export interface ConsentDoc {
  /** The openid. */
  _id: string
  version: string
  at: Date
  history: { version: string; at: Date }[]
}

/** One unmasked view of someone's personal data: who saw whose what, on what, when. */
export interface AccessLogDoc {
  _id: string
  viewerOpenid: string
  /** The viewer's relation that allowed it (assignee, communityAdmin, organiser …). */
  viewerRole: string
  /** Whose data (an openid, offline- id, or child-collector key); re-keyed when the account is deleted. */
  subjectOpenid: string
  field: 'phone'
  kind: string
  /** The request, wish, child or volunteer it was revealed on. */
  targetId: string
  at: Date
}

/** One rate-limit window per (person, action, window) (ratelimit.ts). */
export interface RateLimitDoc {
  _id: string
  openid: string
  action: string
  windowStart: Date
  /** After this the document is dead weight (the scheduler or a TTL index may remove it). */
  expiresAt: Date
  count: number
  /** The requestIds counted in this window: a replay of one passes without counting. */
  keys: string[]
}

/** What an import did, document by document: enough to take it back (setup.undo). */
export interface AppliedWrite {
  collection: string
  id: string
  kind: 'add' | 'update'
  /** An update: the fields it changed, as they were before. */
  before?: Record<string, unknown>
}

/**
 * Where an import stands (cloudfunctions/core/setup/stage.ts). `staging`: its new documents are
 * being written, hidden; `applied`: its last transaction made them and its changes visible at once;
 * `undoing`: its added documents are being marked for an undo, still visible; `undone`: the undo's
 * transaction hid them and restored what it changed; `discarded`: never applied, its documents gone.
 */
export type ImportStatus = 'staging' | 'applied' | 'undoing' | 'undone' | 'discarded'

/** An update an import makes in its last transaction: only these fields of the document. */
export interface ImportUpdate {
  collection: string
  id: string
  changes: Record<string, unknown>
}

/**
 * One import of the 社区设置 template, by the admin's requestId: the plan it writes (stored when it
 * starts, so a retry resumes it instead of planning anew), how far it got, and what it did, enough
 * to take it back (setup.undo). Imports before staging have no status: they were applied whole.
 */
export interface ImportDoc {
  _id: string
  communityId: string
  at: Date
  by: { openid: string; name: string }
  status?: ImportStatus
  requestId?: string
  /** The documents it adds, written hidden in batches; in batch order. */
  adds?: { collection: string; doc: Record<string, unknown> }[]
  updates?: ImportUpdate[]
  /** The preview's figures, answered again to a retry of a finished import. */
  counts?: Record<string, { add: number; update: number; unchanged: number }>
  /** Batches of `adds` written so far. */
  staged?: number
  /** The last sign of life of whoever runs it: another import may take over a silent one. */
  touchedAt?: Date
  appliedAt?: Date
  writes: AppliedWrite[]
  undoneAt: Date | null
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

// ---- 流动红旗, 民主测评 and 整改 (cloudfunctions/core/grading) ------------------------------------

/** One household's 民主测评 vote for a month: its id is the household's, so a second one cannot land. */
export interface PollVoteDoc {
  /** derivedId(communityId, month, buildingCode, room). */
  _id: string
  communityId: string
  month: string
  /** The level-2 grid the household's building is in: whose score it counts for. */
  gridId: string
  buildingCode: string
  room: string
  choice: PollChoice
  comment: string | null
  /** The content check's finding of the comment (review: a person looks before it is quoted). */
  commentReview: boolean
  openid: string
  requestId: string
  at: Date
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

/** One grid's line of a graded month, frozen when the admin grades it (the board shows this). */
export interface GradedGridDoc {
  gridId: string
  name: string
  grade: Grade
  reasons: string[]
  rank: number | null
  items: number
  responseRate: number | null
  resolutionRate: number | null
  satisfactionRate: number | null
  onTimeRate: number | null
  pollScore: number | null
  votes: number
}

/** 评定: a closed month's grades, once per community-month (id derivedId(communityId, month)). */
export interface GradingDoc {
  _id: string
  communityId: string
  month: string
  gradedAt: Date
  actor: { openid: string; name: string }
  flag: { gridId: string; name: string } | null
  grids: GradedGridDoc[]
}

/**
 * 网格绩效 rollup (cloudfunctions/core/metrics/rollup.ts): one community-month's counts per grid
 * (id `${communityId}:${month}`), as the 台账 had them at `rolledAt` — every request's events
 * before it. `final`: rolled after the month ended, 超时未办 included; otherwise the month was
 * still running and 超时未办 (which moves with the clock alone) is left to the board, 0 here.
 * The board adds what the requests changed since (their `updatedAt`) to it, and the scheduler
 * rolls it forward the same way: no counter is ever incremented, so nothing counts twice.
 */
export interface MetricsMonthlyDoc {
  _id: string
  communityId: string
  month: string
  rolledAt: Date
  final: boolean
  /** The calendar's key (calendar/store.ts keyedCalendar): another calendar, other deadlines. */
  calendarKey: string
  /** Residents' requests, gridId → counts (the four rates follow from them). */
  resident: Record<string, MetricsCountsDoc>
  /** 巡查发现, the same way. */
  patrol: Record<string, MetricsCountsDoc>
  /**
   * 民主测评's households per level-2 grid as of `rolledAt` (grading/store.ts householdCounts, a
   * read of every resident): the running month's is counted again each time it is moved forward.
   * Absent on rollups from before it was kept: the board then counts live.
   */
  households?: Record<string, number>
}

export interface MetricsCountsDoc {
  received: number
  respondedOnTime: number
  resolved: number
  ratings: number
  satisfied: number
  unrated: number
  closed: number
  closedOnTime: number
  openOverdue: number
  volunteerSolved: number
  merged: number
  toVolunteers: number
}

export type RectifyEventType = 'create' | 'submit' | 'close' | 'return'

/** 整改: a 后进 grid's task for a graded month, once per grid-month (id derivedId(gridId, month)). */
export interface RectificationDoc extends OutboxHolder {
  _id: string
  communityId: string
  gridId: string
  gridName: string
  month: string
  /** Why the grid was 后进 (the grade's reasons). */
  reasons: string[]
  status: RectifyStatus
  dueAt: Date
  measures: string | null
  /** The admin's last word: why it was sent back, or the closing note. */
  reviewNote: string | null
  createdAt: Date
  updatedAt: Date
  events: AuditEvent<RectifyEventType, RectifyStatus>[]
}

/**
 * 民情日志 (src/domain/fieldlog.ts): a household the grid visits — building, room, one contact, and
 * a 六清楚 kind only with consent on record. Seen by the grid serving the building only.
 */
export interface HouseholdDoc {
  /** derivedId(creator, requestId). */
  _id: string
  requestId: string
  communityId: string
  buildingCode: string
  /** The building's micro-grid and the ids above it (the grid's reach finds it). */
  gridId: string
  gridPath: string[]
  room: string
  contactName: string
  contactPhone: string | null
  kind: HouseholdKind | null
  consent: { by: string; note: string; at: Date; recordedBy: string } | null
  /** The Beijing day of the last logged 走访, and of the one before it (for the day's 应访). */
  lastVisitDay: string | null
  previousVisitDay: string | null
  createdBy: string
  createdAt: Date
}

/** One entry of a grid worker's 民情日志: itself the record (who, when, what). */
export interface DiaryEntryDoc {
  /** derivedId(author, requestId). */
  _id: string
  requestId: string
  communityId: string
  buildingCode: string
  gridId: string
  gridPath: string[]
  householdId: string | null
  kind: LogEntryKind
  text: string
  /** What the content check found in the text, handed on to the request it may become. */
  content: { verdict: ContentVerdict; label: number | null } | null
  settled: boolean
  /** The Beijing day it was written on. */
  day: string
  at: Date
  byOpenid: string
  byName: string
  /** The request it became (转为诉求). */
  linkedRequestId: string | null
  /** 保存期限 (src/domain/retention.ts): when its personal fields were anonymised. */
  anonymisedAt?: Date
}

/** A grid's visit plan: every household every `intervalDays` working days; its changes as events. */
export interface VisitPlanDoc {
  /** The grid's id. */
  _id: string
  communityId: string
  intervalDays: number
  events: { at: Date; by: { openid: string; name: string }; from: number; to: number }[]
}

/**
 * 开放接口 (src/domain/open311.ts): an API key a community admin issued to an organisation. Only
 * the key's SHA-256 is kept (the key itself is shown once); `_id` is that hash's id.
 */
export interface ApiKeyDoc {
  _id: string
  communityId: string
  /** SHA-256 of the key, hex: how a call finds its key. */
  hash: string
  /** The first characters of the key, to tell keys apart on the list ("o311_3fa2…"). */
  prefix: string
  organisation: string
  issuedAt: Date
  issuedBy: { openid: string; name: string }
  revokedAt: Date | null
  revokedBy: { openid: string; name: string } | null
  uses: number
  lastUsedAt: Date | null
  /** The requestId: the same again answers the same key's record (not the key). */
  requestId: string
}

/** One use of an API key: what was asked and what was answered (the key's 台账). */
export interface ApiLogDoc {
  _id: string
  keyId: string
  communityId: string
  at: Date
  method: string
  path: string
  status: number
  /** The request it created, when it created one. */
  requestNo: string | null
}
