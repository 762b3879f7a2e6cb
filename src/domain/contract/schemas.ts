/**
 * The shapes the contract's actions are made of: shared ids and fields, and the views actions
 * answer with. The actions themselves are declared per feature, beside this file.
 */
import { ACTIVITY_KIND_CODES, AUDIENCE_CODES, SIGNUP_STATUSES } from '../activity'
import { MOBILE_PATTERN, NAME_MAX_CHARS, ROOM_MAX_CHARS } from '../contact'
import { INVITE_CODE_PATTERN, normaliseInviteCode } from '../invitations'
import { NOTICE_KINDS, NOTICE_TARGETS, PUSH_STATES, TEMPLATE_KEYS } from '../notify'
import { MAX_PHOTOS, PHOTO_STAGES } from '../photos'
import { REVEAL_KINDS } from '../privacy'
import { REQUEST_SOURCES } from '../patrol'
import {
  DESCRIPTION_MAX_CHARS,
  DESCRIPTION_MIN_CHARS,
  RATING_CODES,
  REQUEST_STATUS_CODES,
  REQUEST_TRANSITIONS,
  REASON_MAX_CHARS,
  REASON_MIN_CHARS,
  charCount,
} from '../request'
import { ROLES } from '../roles'
import { SHEET_KINDS, type SheetKind } from '../setup'
import { codesOf } from '../transitions'
import { VOLUNTEER_STATES } from '../volunteer-work'
import {
  WISH_CATEGORY_CODES,
  WISH_STATUS_CODES,
  WISH_WHAT_MAX,
  WISH_WHAT_MIN,
  WISH_WHY_MAX,
  WISH_WHY_MIN,
  WISH_TEXT_TOO_SHORT,
  wishTextLength,
} from '../wish'
import * as z from 'zod'
import type { RateLimit } from '../ratelimits'
import type { UserTextSpec } from '../usertext'

// ---- shared pieces -------------------------------------------------------------------------

/**
 * Marks a string input that is not text a person writes (an id, a code, a choice): everything
 * else is user text, and the content check must cover it (test/server/guards.test.ts).
 */
export const NOT_USER_TEXT = 'not-user-text'

export const id = z
  .string({ error: '缺少编号' })
  .min(1, '缺少编号')
  .max(64, '编号格式不正确')
  .describe(NOT_USER_TEXT)

/** Client-generated, so double taps and retries create nothing twice. */
export const requestIdSchema = z
  .string({ error: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确')

/** What a building QR code carries as `scene`: ≤ 32 visible chars, no Chinese (platform-facts.md). */
export const buildingCodeSchema = z
  .string({ error: '请提供楼栋编码' })
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, '无法识别这个楼栋码，请扫描单元门口的楼栋二维码')

export const isoTime = z.string()
/** 停用 (issue 18, part 3): when, by whom and why; null while in use. */
export const retiredState = z.object({ at: isoTime, byName: z.string(), reason: z.string() }).nullable()
export const roleCode = z.enum(codesOf(ROLES))

export const buildingView = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  gridName: z.string(),
  communityName: z.string(),
})

export const gridRef = z.object({ id: z.string(), name: z.string(), level: z.number() })

export const meView = z.object({
  name: z.string(),
  roles: z.array(roleCode),
  building: buildingView.nullable(),
  room: z.string().nullable(),
  staffGrids: z.array(gridRef),
  isStaff: z.boolean(),
  /** For the 消息 entry's badge. */
  unreadMessages: z.number(),
  /** Where this user's photo uploads go in cloud storage (Taro.cloud.uploadFile's cloudPath). */
  uploadDir: z.string(),
  /** The 隐私政策 version this user agreed to; null: ask before collecting anything personal. */
  privacyConsent: z.string().nullable(),
  /**
   * How a grid member can call back: asked once (the first request), prefilled after. `asked`
   * false: not given yet. The phone is the person's own, shown to them whole.
   */
  /** 公示 (issue 16): the work number a worker publishes to residents; null if none. */
  workPhone: z.string().nullable(),
  contact: z.object({
    asked: z.boolean(),
    name: z.string(),
    phone: z.string().nullable(),
    noPhone: z.boolean(),
  }),
  /**
   * Several communities per person (issue 17): the one every screen works in (`roles`,
   * `staffGrids`, `isStaff` are of it; null without any role), and each community the person holds
   * roles in, with those roles — 我的 offers 切换社区 when there are several.
   */
  communityId: z.string().nullable(),
  communities: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(roleCode) })),
})

export const requestSummary = z.object({
  id: z.string(),
  no: z.string(),
  category: z.string(),
  categoryName: z.string(),
  description: z.string(),
  status: z.enum(REQUEST_STATUS_CODES),
  statusName: z.string(),
  buildingName: z.string(),
  gridName: z.string(),
  level: z.number(),
  assigneeName: z.string().nullable(),
  /** 代录: the grid worker who filed it for the resident. */
  recordedByName: z.string().nullable(),
  createdAt: isoTime,
  acceptBy: isoTime,
  resolveBy: isoTime,
  /** A clock ran out on it: what the 台账 says of the last time (超时上报 …); null if never. */
  overdueMark: z.string().nullable(),
  /** 治安线索 (src/domain/sensitive.ts): handled by the community, seen by fewer people. */
  sensitive: z.boolean(),
  /** What the content check found in its text, in words (违法犯罪 …); null if nothing. */
  contentLabel: z.string().nullable(),
  /** 巡查发现 (src/domain/patrol.ts): found by staff on a round, no resident behind it. */
  source: z.enum(codesOf(REQUEST_SOURCES)),
  /** A patrol item's place in the finder's words ("3单元楼道"); null for a resident's request. */
  place: z.string().nullable(),
  /** Who found it on patrol; null for a resident's request. */
  foundByName: z.string().nullable(),
  /** 吹哨报到: the unit called in on it and where its task stands; null if none was. */
  unit: z
    .object({
      name: z.string(),
      kindName: z.string(),
      state: z.enum(['called', 'accepted', 'resolved', 'returned', 'recalled']),
      stateName: z.string(),
      calledByName: z.string(),
      acceptBy: isoTime,
      resolveBy: isoTime,
    })
    .nullable(),
  /** 重复诉求: how many neighbours follow it (+1) — a count, never who. */
  followerCount: z.number(),
  /** 已合并: the 工单号 of the request it was merged into; null otherwise. */
  mergedIntoNo: z.string().nullable(),
  /** 邻居评价: how many followers rated the result (the reporter's rating is \`rating\`). */
  neighbourRatingCount: z.number(),
})

export const requestEventView = z.object({
  at: isoTime,
  type: z.string(),
  title: z.string(),
  actorName: z.string(),
  from: z.enum(REQUEST_STATUS_CODES).nullable(),
  to: z.enum(REQUEST_STATUS_CODES),
  note: z.string().nullable(),
})

export const requestDetail = requestSummary.extend({
  events: z.array(requestEventView),
  resolutionNote: z.string().nullable(),
  rating: z.enum(RATING_CODES).nullable(),
  ratingComment: z.string().nullable(),
  /** Shown to handlers only; the phone is whole only for the assignee. */
  resident: z
    .object({
      name: z.string(),
      phone: z.string().nullable(),
      room: z.string().nullable(),
      /** The resident chose 不留电话 (shown as such, not as "未留"). */
      noPhone: z.boolean(),
    })
    .nullable(),
  actions: z.array(z.enum(codesOf(REQUEST_TRANSITIONS))),
  /** 转志愿服务 (src/domain/volunteer-work.ts): its 微心愿 and how far the volunteers are; null if never. */
  volunteer: z
    .object({
      wishId: z.string(),
      wishNo: z.string(),
      what: z.string(),
      state: z.enum(codesOf(VOLUNTEER_STATES)),
      stateName: z.string(),
      wishStatus: z.enum(WISH_STATUS_CODES),
      wishStatusName: z.string(),
      claimantName: z.string().nullable(),
    })
    .nullable(),
  reopenCount: z.number(),
  /** Only for the resident and those who handle it; links expire within the hour. */
  photos: z.array(z.object({ url: z.string(), stage: z.enum(codesOf(PHOTO_STAGES)) })),
})

/** 超时 (slipped): what the caller's grids let slip — the clock ran out, it went up — still open. */
export const inboxTabs = ['assigned', 'accepted', 'slipped', 'done'] as const

export const inboxPage = z.object({
  items: z.array(requestSummary),
  counts: z.object({ assigned: z.number(), accepted: z.number(), slipped: z.number() }),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

export const idOnly = z.strictObject({ id })

/** Cloud-storage file ids of photos already uploaded by the caller (the server checks each). */
export const photoIds = z
  .array(z.string().regex(/^cloud:\/\/\S{1,400}$/, '照片编号格式不正确'), { error: '照片格式不正确' })
  .max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`)
  .optional()

export const descriptionSchema = z
  .string({ error: '请描述遇到的问题' })
  .trim()
  .refine(
    (s) => charCount(s) >= DESCRIPTION_MIN_CHARS,
    `请至少写${DESCRIPTION_MIN_CHARS}个字，说清楚发生了什么`,
  )
  .refine((s) => charCount(s) <= DESCRIPTION_MAX_CHARS, `最多写${DESCRIPTION_MAX_CHARS}个字`)

/** Why it goes up or back: required, so the next level knows what it is taking on. */
export const reason = z
  .string({ error: '请填写原因' })
  .trim()
  .min(REASON_MIN_CHARS, `请填写原因（至少${REASON_MIN_CHARS}个字）`)
  .max(REASON_MAX_CHARS, `原因最多${REASON_MAX_CHARS}个字`)

/**
 * Lists page by their sort key and id (`<ISO instant>~<id>`, opaque to clients): deadlines can
 * tie — every request filed on a holiday is due at the end of the same working day.
 */
export const pageCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z~[A-Za-z0-9_-]{1,64}$/, '分页参数不正确')
  .optional()

export const rateValue = z.number().nullable()

export const monthSchema = z
  .string({ error: '请选择月份' })
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-11')

/** 整改 as a list shows it. */
export const rectifySummary = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  month: z.string(),
  status: z.enum(['open', 'submitted', 'closed']),
  statusLabel: z.string(),
  dueAt: isoTime,
  overdue: z.boolean(),
})

export const metricsMonth = z.object({
  month: z.string(),
  /** Figures are as of this instant (the month's end for a past month). */
  asOf: isoTime,
  /**
   * 流动红旗: the community's best 先进 grid of the month, over all grids (not only the caller's);
   * null when no grid is 先进 (src/domain/grading.ts).
   */
  flag: z
    .object({ gridId: z.string(), name: z.string(), onTimeRate: rateValue, reason: z.string() })
    .nullable(),
  /** 评定 (grading.ts): the current month is provisional; a closed one pending until the admin grades it. */
  grading: z.object({
    state: z.enum(['provisional', 'pending', 'final']),
    text: z.string(),
    /** The stated tie rule of the flag. */
    rule: z.string(),
    /** The admin may grade it now (a closed month, not graded yet). */
    mayGrade: z.boolean(),
  }),
  /** 整改 of the grids the caller sees, not yet closed (overdue ones first), and this month's. */
  rectifications: z.array(rectifySummary),
  /** A year within 90 days whose 调休 is not known yet (calendar.ts), in words; null when all is known. */
  calendarWarning: z.string().nullable(),
  grids: z.array(
    z.object({
      gridId: z.string(),
      name: z.string(),
      level: z.number(),
      received: z.number(),
      respondedOnTime: z.number(),
      resolved: z.number(),
      ratings: z.number(),
      satisfied: z.number(),
      unrated: z.number(),
      closed: z.number(),
      closedOnTime: z.number(),
      openOverdue: z.number(),
      /** 志愿服务解决: closed with the volunteer's work confirmed (src/domain/metrics.ts). */
      volunteerSolved: z.number(),
      /** 已合并 / 已转志愿服务 of the month's requests, counted apart (src/domain/metrics.ts). */
      merged: z.number(),
      toVolunteers: z.number(),
      responseRate: rateValue,
      resolutionRate: rateValue,
      satisfactionRate: rateValue,
      onTimeRate: rateValue,
      /** 先进 / 一般 / 后进 / 样本不足 of a level-2 grid, with why; null for the community and micro-grids. */
      grade: z
        .object({
          code: z.enum(['advanced', 'ordinary', 'behind', 'unmeasured']),
          label: z.string(),
          reasons: z.array(z.string()),
          rank: z.number().nullable(),
        })
        .nullable(),
      /** 民主测评 of a level-2 grid: votes (one per household), households bound there, score 0–100. */
      poll: z.object({ votes: z.number(), households: z.number(), score: z.number().nullable() }).nullable(),
      /** 巡查发现, counted apart from the residents' requests above (metrics.ts patrolFigures). */
      patrol: z.object({
        found: z.number(),
        resolved: z.number(),
        openOverdue: z.number(),
        responseRate: rateValue,
        onTimeRate: rateValue,
      }),
    }),
  ),
})

export const messageView = z.object({
  id: z.string(),
  kind: z.enum(codesOf(NOTICE_KINDS)),
  title: z.string(),
  body: z.string(),
  target: z.enum(codesOf(NOTICE_TARGETS)),
  targetId: z.string(),
  /** The request's 工单号, the wish's number. */
  subject: z.string(),
  createdAt: isoTime,
  read: z.boolean(),
  /** How the WeChat reminder went: every message ends 已发送 or 未能发送 with a reason. */
  push: z.enum(codesOf(PUSH_STATES)),
  /** The same in words, for staff only (whether their reminders reach them); null for residents. */
  pushText: z.string().nullable(),
})

export const notifySettings = z.object({
  /** For wx.requestSubscribeMessage: the template ids this account uses, with what each is for. */
  templates: z.array(z.object({ key: z.enum(TEMPLATE_KEYS), id: z.string(), title: z.string() })),
  /** One-time grants left per template: how many reminders can still reach WeChat. */
  grants: z.object({ task: z.number(), progress: z.number() }),
})

/** What anyone may see of a wish: never the name, phone, building or room. */
export const wishCard = z.object({
  id: z.string(),
  category: z.enum(WISH_CATEGORY_CODES),
  categoryName: z.string(),
  what: z.string(),
  why: z.string(),
  gridName: z.string(),
  status: z.enum(WISH_STATUS_CODES),
  statusName: z.string(),
  /** Whole days since it (last) went on the wall; null before it is published. */
  daysWaiting: z.number().nullable(),
})

export const wishDetail = wishCard.extend({
  events: z.array(requestEventView.omit({ from: true, to: true })),
  /** The claimant as the resident and the grid member see them (phone masked); null for others. */
  claim: z.object({ name: z.string(), phone: z.string().nullable(), promisedBy: z.string() }).nullable(),
  /** Only for the reviewer / the grid member. */
  resident: z.object({ name: z.string(), building: z.string(), room: z.string().nullable() }).nullable(),
  contentCheck: z.enum(['pass', 'review']).nullable(),
  rejectReason: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  /** 实际服务时长 the claimant entered at 已完成: what confirming credits. */
  fulfilmentHours: z.number().nullable(),
  /**
   * For the claimant while the claim lasts: whose contact 联系 reveals (person.reveal, kind
   * wishContact, logged) — the resident's if they chose to share it, else the grid member's.
   */
  contact: z.object({ who: z.enum(['resident', 'grid']), name: z.string() }).nullable(),
  /** For the resident and their grid: whether the claimant is given the resident's phone. */
  shareContact: z.boolean().nullable(),
  actions: z.array(z.string()),
  /** 来自诉求 (src/domain/volunteer-work.ts): the request it was made of; `id` for who may open it. */
  fromRequest: z.object({ no: z.string(), id: z.string().nullable() }).nullable(),
  mine: z.boolean(),
  /** The wish's photo and the fulfilment's: for the resident, their grid member and the claimant. */
  photos: requestDetail.shape.photos,
})

export const volunteerView = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.string(),
  /** 双报到: pending until a community admin confirms. */
  party: z
    .object({ workUnit: z.string(), branch: z.string(), status: z.enum(['pending', 'confirmed']) })
    .nullable(),
})

export const tally = z.object({ points: z.number(), hours: z.number(), services: z.number() })

export const myService = z.object({
  volunteer: volunteerView.nullable(),
  month: tally,
  year: tally,
  /** 双报到: served at least once this month (only meaningful for confirmed party members). */
  servedThisMonth: z.boolean(),
  records: z.array(z.object({ at: isoTime, reason: z.string(), points: z.number(), hours: z.number() })),
})

export const wishPage = z.object({ items: z.array(wishCard), nextCursor: z.string().nullable() })

/** 代录: whom a grid worker files it for (a resident without WeChat). */
export const onBehalfFields = {
  buildingCode: buildingCodeSchema,
  residentName: z
    .string({ error: '请填写居民姓名' })
    .trim()
    .min(1, '请填写居民姓名')
    .max(NAME_MAX_CHARS, `姓名最多${NAME_MAX_CHARS}个字`),
  residentPhone: z.string().trim().regex(MOBILE_PATTERN, '手机号格式不正确').optional(),
  room: z.string().trim().max(ROOM_MAX_CHARS, `门牌号最多${ROOM_MAX_CHARS}个字`).optional(),
}

export const wishCreateInput = z.strictObject({
  requestId: requestIdSchema,
  category: z.enum(WISH_CATEGORY_CODES, { error: '请选择心愿类别' }),
  what: z
    .string({ error: '请写下心愿' })
    .trim()
    .min(WISH_WHAT_MIN, WISH_TEXT_TOO_SHORT.what)
    .refine((s) => wishTextLength(s) <= WISH_WHAT_MAX, `心愿最多${WISH_WHAT_MAX}个字`),
  why: z
    .string({ error: '请说说为什么需要' })
    .trim()
    .refine((s) => wishTextLength(s) >= WISH_WHY_MIN, WISH_TEXT_TOO_SHORT.why)
    .refine((s) => wishTextLength(s) <= WISH_WHY_MAX, `最多写${WISH_WHY_MAX}个字`),
  photos: photoIds,
  /**
   * May the volunteer who claims it see the resident's phone (on tap, logged, while the claim
   * lasts)? Absent or false: they are given the grid member's 公示 number instead.
   */
  shareContact: z.boolean({ error: '请选择是否把电话告诉认领的志愿者' }).optional(),
})

export const dateSchema = z.string({ error: '请选择日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不正确')

export const signupView = z.object({
  sessionId: z.string(),
  role: z.string(),
  status: z.enum(codesOf(SIGNUP_STATUSES)),
  statusName: z.string(),
  /** On the waitlist: how many are ahead, plus one. */
  position: z.number().nullable(),
  offeredUntil: isoTime.nullable(),
  checkInAt: isoTime.nullable(),
  checkOutAt: isoTime.nullable(),
})

/** A child's place, as their guardian sees it. */
export const childSignupView = signupView.extend({ childId: z.string(), childName: z.string() })

export const phoneSchema = z
  .string({ error: '请填写手机号' })
  .trim()
  .regex(MOBILE_PATTERN, '手机号格式不正确')
export const personName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, '请填写姓名')
  .max(NAME_MAX_CHARS, `姓名最多${NAME_MAX_CHARS}个字`)

export const collectorView = z.object({
  id: z.string(),
  name: z.string(),
  relation: z.string(),
  /** Masked, except for the organiser at check-out and the guardians themselves. */
  phone: z.string(),
})

export const childView = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number(),
  grade: z.string(),
  allergies: z.string(),
  notes: z.string(),
  collectors: z.array(collectorView),
})

/** The organiser's list for a session: who comes, who is in, who may collect each child. */
export const rosterEntry = z.object({
  id: z.string(),
  role: z.string(),
  roleName: z.string(),
  name: z.string(),
  status: z.enum(codesOf(SIGNUP_STATUSES)),
  statusName: z.string(),
  ticket: z.number(),
  checkInAt: isoTime.nullable(),
  checkOutAt: isoTime.nullable(),
  autoClosed: z.boolean(),
  collectedBy: z.string().nullable(),
  hours: z.number().nullable(),
  /** Volunteer roles earn hours: what check-in/out gives (before confirming). */
  earns: z.number().nullable(),
  child: childView.nullable(),
  /** 请假: the reason the organiser gave when releasing the place or excusing the absence. */
  excuse: z.string().nullable(),
  /** Locked out of new sign-ups for no-shows (the person, or a child's guardian): until when. */
  lockedUntil: isoTime.nullable(),
})

/** One 修改 / 取消 of an activity or a session: who, when, what changed from what to what. */
export const changeView = z.object({
  at: isoTime,
  actorName: z.string(),
  type: z.enum(['edit', 'cancel', 'organiser.add', 'organiser.remove']),
  /** “地点：党群服务中心 → 社区活动室”, one per field; for a cancel, its reason. */
  lines: z.array(z.string()),
})

export const sessionView = z.object({
  id: z.string(),
  activityId: z.string(),
  kind: z.enum(ACTIVITY_KIND_CODES),
  kindName: z.string(),
  title: z.string(),
  place: z.string(),
  startAt: isoTime,
  endAt: isoTime,
  roles: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      audience: z.enum(AUDIENCE_CODES),
      /** The caller may take it (a volunteer seat needs a registered volunteer). */
      forMe: z.boolean(),
      capacity: z.number(),
      left: z.number(),
      waiting: z.number(),
    }),
  ),
  mine: signupView.nullable(),
  /** My children's places (guardians). */
  children: z.array(childSignupView),
  /** The caller organises it: may check people in and out and confirm the hours. */
  organiser: z.boolean(),
  /** 已取消 (issue 18): why and when, shown to everyone; null while it stands. */
  cancelled: z.object({ reason: z.string(), at: isoTime }).nullable(),
  /** Its 台账 of 修改 / 取消 (the activity's and the session's), newest first: for the organiser only. */
  changes: z.array(changeView),
  /** The caller runs its day (an organiser or a co-organiser): the roster, check-in and check-out. */
  runsDay: z.boolean(),
})

export const elderView = z.object({
  id: z.string(),
  name: z.string(),
  buildingCode: z.string(),
  room: z.string(),
  /** Whole: only the organiser, the grid and that day's visiting volunteers see an elder. */
  phone: z.string(),
  consent: z.string(),
  notes: z.string(),
})

/** An elder on a visit day: the log, if made. */
export const visitRow = z.object({
  elder: elderView,
  visit: z
    .object({
      status: z.enum(['logged', 'missed']),
      seen: z.boolean(),
      wellbeing: z.enum(['well', 'unwell']).nullable(),
      needs: z.string(),
      note: z.string(),
      by: z.string().nullable(),
      at: isoTime,
      requestNo: z.string().nullable(),
    })
    .nullable(),
})

export const rosterView = z.object({
  session: sessionView,
  checkInOpensAt: isoTime,
  /** By the server's clock (a phone's may be wrong). */
  ended: z.boolean(),
  /** Begun (server's clock): a place can no longer be given back (请假 after: excuse the absence). */
  started: z.boolean(),
  closed: z.boolean(),
  confirmed: z.boolean(),
  flagged: z.number(),
  entries: z.array(rosterEntry),
  /** The caller is a co-organiser, not an organiser: no codes, hours, locks or co-organisers. */
  coOrganiser: z.boolean(),
})

export const signupFor = {
  sessionId: id,
  /** For a child's place: which of my registered children. */
  childId: id.optional(),
}

// ---- set-up and roles (issue 6) ------------------------------------------------------------

/**
 * A document made for the caller (cloudfunctions/core/documents.ts): `url` downloads it for a few
 * minutes (H5); `fileID` is what the weapp downloads with wx.cloud.downloadFile, for half an hour.
 */
export const deliveredFile = z.object({ url: z.string(), fileID: z.string() })

export const fileLink = deliveredFile.extend({ fileName: z.string() })

export const importPreview = z.object({
  counts: z.array(
    z.object({
      kind: z.enum(SHEET_KINDS as [SheetKind, ...SheetKind[]]),
      add: z.number(),
      update: z.number(),
      unchanged: z.number(),
    }),
  ),
  problems: z.array(
    z.object({ sheet: z.string(), row: z.number(), column: z.string(), message: z.string() }),
  ),
  changes: z.number(),
  ready: z.boolean(),
})

export const uploadedFile = z.strictObject({
  fileID: z
    .string({ error: '请先选择文件' })
    .min(1, '请先选择文件')
    .max(300, '文件编号格式不正确')
    .describe(NOT_USER_TEXT),
})

/** A cell as typed: the import's own rules (setup/plan.ts) say what is wrong with it, in its words. */
export const setupText = (max: number) => z.string().trim().max(max, `最多${max}个字`).default('')
/** A code, phone or role name typed into a set-up row: checked by the import's rules, not text. */
export const setupCode = (max: number) => setupText(max).describe(NOT_USER_TEXT)

export const savedRow = z.object({ added: z.number(), updated: z.number() })

export const inviteCode = z
  .string({ error: '请输入邀请码' })
  .describe(NOT_USER_TEXT)
  .transform(normaliseInviteCode)
  .pipe(z.string().regex(INVITE_CODE_PATTERN, '邀请码是8位字母和数字，请核对'))

export const managedRole = z.enum(
  ['communityAdmin', 'gridLeader', 'gridMember', 'buildingLeader', 'unitStaff'],
  {
    error: '只能邀请社区管理员、网格长、网格员、楼栋长或责任单位联系人',
  },
)

export const invitationView = z.object({
  code: z.string(),
  role: roleCode,
  roleLabel: z.string(),
  communityName: z.string(),
  gridName: z.string(),
  name: z.string(),
  expiresAt: isoTime,
  expiresText: z.string(),
  status: z.enum(['open', 'used', 'revoked', 'expired']),
  url: z.string(),
})

export const roleList = z.object({
  holders: z.array(
    z.object({
      membershipId: z.string(),
      name: z.string(),
      role: roleCode,
      roleLabel: z.string(),
      gridName: z.string(),
      self: z.boolean(),
    }),
  ),
  roster: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      role: roleCode,
      roleLabel: z.string(),
      gridName: z.string(),
    }),
  ),
  invitations: z.array(invitationView),
  events: z.array(z.object({ at: isoTime, text: z.string() })),
  /** What an invitation can name: grids (levels 2–3) and buildings. */
  grids: z.array(z.object({ id: z.string(), name: z.string(), level: z.number() })),
  buildings: z.array(z.object({ code: z.string(), name: z.string() })),
})

/** 导出我的数据: everything stored about the caller, other people masked or left out. */
export const myDataExport = z.object({
  exportedAt: isoTime,
  /** How many of each kind, for the page's summary. */
  counts: z.record(z.string(), z.number()),
  data: z.record(z.string(), z.unknown()),
})

export const revealInput = z.strictObject({
  kind: z.enum(codesOf(REVEAL_KINDS), { error: '不支持查看这类信息' }),
  /** The request, wish, child or volunteer (openid) whose person it is. */
  id,
  /** For a child: which collector. */
  collectorId: z.string().max(8).describe(NOT_USER_TEXT).optional(),
})

// ---- the table -----------------------------------------------------------------------------

/**
 * Who may call, as the router checks it before the use case: any WeChat user, a resident bound to
 * a building, or grid staff (the use case narrows it further: src/domain/access-matrix.ts).
 */
export const ACCESS_LEVELS = {
  user: '任何已登录的微信用户',
  resident: '已绑定楼栋的居民',
  staff: '网格员、网格长或社区管理员',
  /** Staff or a 楼栋长 (access.ts isWorker): 代录, 巡查发现, their building's open requests. */
  worker: '网格员、网格长、社区管理员或楼栋长',
  /** 吹哨报到: the contact of a unit a community calls in (物业, 供电 …). */
  unit: '责任单位联系人',
} as const
export type Access = keyof typeof ACCESS_LEVELS

export interface ActionSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I
  output: O
  access: Access
  /** How often one person may call it (creates must have one: test/server/guards.test.ts). */
  rateLimit?: RateLimit
  /**
   * Which input fields are text a person wrote: checked by WeChat's msgSecCheck before it runs;
   * `shown` (required) says who reads it, and so whether a risky answer refuses it (usertext.ts).
   */
  userText?: UserTextSpec<z.output<I>>
}

export function action<I extends z.ZodType, O extends z.ZodType>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec
}

/** A year the 节假日调整 screen may show or change. */
export const calendarYear = z
  .number({ error: '请选择年份' })
  .int('年份格式不正确')
  .min(2020, '只能查看2020至2100年')
  .max(2100, '只能查看2020至2100年')

export const calendarDate = z
  .string({ error: '请选择日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number)
    const t = new Date(Date.UTC(y, m - 1, day))
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day
  }, '没有这一天')
  .refine((d) => Number(d.slice(0, 4)) >= 2020 && Number(d.slice(0, 4)) <= 2100, '只能调整2020至2100年的日期')

export const calendarYearView = z.object({
  year: z.number(),
  coverage: z.enum(['official', 'confirmed', 'fallback']),
  coverageText: z.string(),
  /** A year within 90 days whose 调休 is not known, in words; null when all is known. */
  warning: z.string().nullable(),
  workdays: z.number(),
  /** Holidays, 调休 working days and adjustments of the year, by date. */
  days: z.array(
    z.object({
      date: z.string(),
      workday: z.boolean(),
      source: z.enum(['adjustment', 'official', 'statutory', 'weekend', 'weekday']),
      name: z.string().nullable(),
    }),
  ),
  /** The latest settings changes (the 台账), newest first. */
  events: z.array(z.object({ at: isoTime, actorName: z.string(), subject: z.string(), note: z.string() })),
})
