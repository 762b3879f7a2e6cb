/**
 * The one list of actions (architecture.md, "The contract"): name → input schema, output
 * schema, who may call it. The typed client (src/api) and the server router both derive from it,
 * so a renamed field breaks the build, not production.
 */
import { z } from 'zod'
import { CATEGORY_CODES } from './categories'
import {
  charCount,
  DESCRIPTION_MAX_CHARS,
  DESCRIPTION_MIN_CHARS,
  RATING_CODES,
  REQUEST_ACTIONS,
  REQUEST_STATUS_CODES,
} from './request'
import { NOTICE_KINDS, NOTICE_TARGETS, PUSH_STATES, TEMPLATE_KEYS } from './notify'
import { MAX_PHOTOS, PHOTO_STAGES } from './photos'
import {
  ACTIVITY_KIND_CODES,
  AUDIENCE_CODES,
  CHILD_MAX_AGE,
  CHILD_MIN_AGE,
  GRADES,
  MAX_CAPACITY,
  MAX_COLLECTORS,
  MAX_ROLES,
  SIGNUP_STATUSES,
} from './activity'
import { INVITE_CODE_PATTERN, normaliseInviteCode } from './invitations'
import { validIdNumber } from './points'
import { SHEET_KINDS, type SheetKind } from './setup'
import { DELETE_CONFIRMATION, REVEAL_KINDS, type RevealKind } from './privacy'
import { ROLES } from './roles'
import {
  WISH_CATEGORY_CODES,
  WISH_STATUS_CODES,
  WISH_WHAT_MAX,
  WISH_WHY_MAX,
  WISH_WHY_MIN,
  wishTextLength,
} from './wish'

// ---- shared pieces -------------------------------------------------------------------------

/**
 * Marks a string input that is not text a person writes (an id, a code, a choice): everything
 * else is user text, and the content check must cover it (test/server/guards.test.ts).
 */
export const NOT_USER_TEXT = 'not-user-text'

const id = z
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

const isoTime = z.string()
const roleCode = z.enum(Object.keys(ROLES) as [keyof typeof ROLES, ...(keyof typeof ROLES)[]])

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
  contact: z.object({
    asked: z.boolean(),
    name: z.string(),
    phone: z.string().nullable(),
    noPhone: z.boolean(),
  }),
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
  actions: z.array(z.enum(REQUEST_ACTIONS as [string, ...string[]])),
  reopenCount: z.number(),
  /** Only for the resident and those who handle it; links expire within the hour. */
  photos: z.array(
    z.object({ url: z.string(), stage: z.enum(Object.keys(PHOTO_STAGES) as ['post', 'resolve']) }),
  ),
})

/** 超时 (slipped): what the caller's grids let slip — the clock ran out, it went up — still open. */
export const inboxTabs = ['assigned', 'accepted', 'slipped', 'done'] as const

export const inboxPage = z.object({
  items: z.array(requestSummary),
  counts: z.object({ assigned: z.number(), accepted: z.number(), slipped: z.number() }),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

const idOnly = z.strictObject({ id })

/** Cloud-storage file ids of photos already uploaded by the caller (the server checks each). */
const photoIds = z
  .array(z.string().regex(/^cloud:\/\/\S{1,400}$/, '照片编号格式不正确'), { error: '照片格式不正确' })
  .max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`)
  .optional()

const descriptionSchema = z
  .string({ error: '请描述遇到的问题' })
  .trim()
  .refine(
    (s) => charCount(s) >= DESCRIPTION_MIN_CHARS,
    `请至少写${DESCRIPTION_MIN_CHARS}个字，说清楚发生了什么`,
  )
  .refine((s) => charCount(s) <= DESCRIPTION_MAX_CHARS, `最多写${DESCRIPTION_MAX_CHARS}个字`)

/** Why it goes up or back: required, so the next level knows what it is taking on. */
const reason = z
  .string({ error: '请填写原因' })
  .trim()
  .min(2, '请填写原因（至少2个字）')
  .max(200, '原因最多200个字')

/**
 * Lists page by their sort key and id (`<ISO instant>~<id>`, opaque to clients): deadlines can
 * tie — every request filed on a holiday is due at the end of the same working day.
 */
const pageCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z~[A-Za-z0-9_-]{1,64}$/, '分页参数不正确')
  .optional()

const rateValue = z.number().nullable()

const monthSchema = z
  .string({ error: '请选择月份' })
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-11')

export const metricsMonth = z.object({
  month: z.string(),
  /** Figures are as of this instant (the month's end for a past month). */
  asOf: isoTime,
  /** 流动红旗: the community's best grid of the month, over all grids (not only the caller's). */
  flag: z.object({ gridId: z.string(), name: z.string(), onTimeRate: rateValue }).nullable(),
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
      responseRate: rateValue,
      resolutionRate: rateValue,
      satisfactionRate: rateValue,
      onTimeRate: rateValue,
    }),
  ),
})

export const messageView = z.object({
  id: z.string(),
  kind: z.enum(Object.keys(NOTICE_KINDS) as [keyof typeof NOTICE_KINDS]),
  title: z.string(),
  body: z.string(),
  target: z.enum(Object.keys(NOTICE_TARGETS) as [keyof typeof NOTICE_TARGETS]),
  targetId: z.string(),
  /** The request's 工单号, the wish's number. */
  subject: z.string(),
  createdAt: isoTime,
  read: z.boolean(),
  /** How the WeChat reminder went: every message ends 已发送 or 未能发送 with a reason. */
  push: z.enum(Object.keys(PUSH_STATES) as [keyof typeof PUSH_STATES]),
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
  actions: z.array(z.string()),
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

const tally = z.object({ points: z.number(), hours: z.number(), services: z.number() })

export const myService = z.object({
  volunteer: volunteerView.nullable(),
  month: tally,
  year: tally,
  /** 双报到: served at least once this month (only meaningful for confirmed party members). */
  servedThisMonth: z.boolean(),
  records: z.array(z.object({ at: isoTime, reason: z.string(), points: z.number(), hours: z.number() })),
})

const wishPage = z.object({ items: z.array(wishCard), nextCursor: z.string().nullable() })

/** 代录: whom a grid worker files it for (a resident without WeChat). */
const onBehalfFields = {
  buildingCode: buildingCodeSchema,
  residentName: z
    .string({ error: '请填写居民姓名' })
    .trim()
    .min(1, '请填写居民姓名')
    .max(20, '姓名最多20个字'),
  residentPhone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号格式不正确')
    .optional(),
  room: z.string().trim().max(20, '门牌号最多20个字').optional(),
}

const wishCreateInput = z.strictObject({
  requestId: requestIdSchema,
  category: z.enum(WISH_CATEGORY_CODES, { error: '请选择心愿类别' }),
  what: z
    .string({ error: '请写下心愿' })
    .trim()
    .min(2, '请写下心愿（至少2个字）')
    .refine((s) => wishTextLength(s) <= WISH_WHAT_MAX, `心愿最多${WISH_WHAT_MAX}个字`),
  why: z
    .string({ error: '请说说为什么需要' })
    .trim()
    .refine((s) => wishTextLength(s) >= WISH_WHY_MIN, `请至少写${WISH_WHY_MIN}个字，说说为什么需要`)
    .refine((s) => wishTextLength(s) <= WISH_WHY_MAX, `最多写${WISH_WHY_MAX}个字`),
  photos: photoIds,
})

const dateSchema = z.string({ error: '请选择日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不正确')

export const signupView = z.object({
  sessionId: z.string(),
  role: z.string(),
  status: z.enum(Object.keys(SIGNUP_STATUSES) as [keyof typeof SIGNUP_STATUSES]),
  statusName: z.string(),
  /** On the waitlist: how many are ahead, plus one. */
  position: z.number().nullable(),
  offeredUntil: isoTime.nullable(),
  checkInAt: isoTime.nullable(),
  checkOutAt: isoTime.nullable(),
})

/** A child's place, as their guardian sees it. */
export const childSignupView = signupView.extend({ childId: z.string(), childName: z.string() })

const phoneSchema = z
  .string({ error: '请填写手机号' })
  .trim()
  .regex(/^1\d{10}$/, '手机号格式不正确')
const personName = z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(20, '姓名最多20个字')

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
  status: z.enum(Object.keys(SIGNUP_STATUSES) as [keyof typeof SIGNUP_STATUSES]),
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
  closed: z.boolean(),
  confirmed: z.boolean(),
  flagged: z.number(),
  entries: z.array(rosterEntry),
})

const signupFor = {
  sessionId: id,
  /** For a child's place: which of my registered children. */
  childId: id.optional(),
}

// ---- set-up and roles (issue 6) ------------------------------------------------------------

const fileLink = z.object({ fileName: z.string(), url: z.string() })

const importPreview = z.object({
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

const uploadedFile = z.strictObject({
  fileID: z
    .string({ error: '请先选择文件' })
    .min(1, '请先选择文件')
    .max(300, '文件编号格式不正确')
    .describe(NOT_USER_TEXT),
})

/** A cell as typed: the import's own rules (setup/plan.ts) say what is wrong with it, in its words. */
const setupText = (max: number) => z.string().trim().max(max, `最多${max}个字`).default('')
/** A code, phone or role name typed into a set-up row: checked by the import's rules, not text. */
const setupCode = (max: number) => setupText(max).describe(NOT_USER_TEXT)

const savedRow = z.object({ added: z.number(), updated: z.number() })

const inviteCode = z
  .string({ error: '请输入邀请码' })
  .describe(NOT_USER_TEXT)
  .transform(normaliseInviteCode)
  .pipe(z.string().regex(INVITE_CODE_PATTERN, '邀请码是8位字母和数字，请核对'))

const managedRole = z.enum(['communityAdmin', 'gridLeader', 'gridMember', 'buildingLeader'], {
  error: '只能邀请社区管理员、网格长、网格员或楼栋长',
})

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

const roleList = z.object({
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

const revealInput = z.strictObject({
  kind: z.enum(Object.keys(REVEAL_KINDS) as [RevealKind, ...RevealKind[]], { error: '不支持查看这类信息' }),
  /** The request, wish, child or volunteer (openid) whose person it is. */
  id,
  /** For a child: which collector. */
  collectorId: z.string().max(8).describe(NOT_USER_TEXT).optional(),
})

// ---- the table -----------------------------------------------------------------------------

/** Who may call: any WeChat user, a resident bound to a building, or grid staff. */
export type Access = 'user' | 'resident' | 'staff'

interface ActionSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I
  output: O
  access: Access
}

function action<I extends z.ZodType, O extends z.ZodType>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec
}

/** A year the 节假日调整 screen may show or change. */
const calendarYear = z
  .number({ error: '请选择年份' })
  .int('年份格式不正确')
  .min(2020, '只能查看2020至2100年')
  .max(2100, '只能查看2020至2100年')

const calendarDate = z
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

export const contract = {
  'me.get': action({ input: z.strictObject({}), output: meView, access: 'user' }),
  'building.lookup': action({
    input: z.strictObject({ buildingCode: buildingCodeSchema }),
    output: buildingView,
    access: 'user',
  }),
  'me.bindBuilding': action({
    input: z.strictObject({
      buildingCode: buildingCodeSchema,
      room: z.string().trim().max(20, '门牌号最多20个字').optional(),
    }),
    output: meView,
    access: 'user',
  }),
  'request.create': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }),
      description: descriptionSchema,
      photos: photoIds,
    }),
    output: requestSummary,
    access: 'resident',
  }),
  'request.createOnBehalf': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      ...onBehalfFields,
      category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }),
      description: descriptionSchema,
      photos: photoIds,
    }),
    output: requestSummary,
    access: 'staff',
  }),
  'building.listServed': action({
    input: z.strictObject({}),
    output: z.object({
      buildings: z.array(z.object({ code: z.string(), name: z.string(), gridName: z.string() })),
    }),
    access: 'staff',
  }),
  'request.listMine': action({
    input: z.strictObject({ cursor: pageCursor }),
    output: z.object({ items: z.array(requestSummary), nextCursor: z.string().nullable() }),
    access: 'user',
  }),
  'request.get': action({ input: idOnly, output: requestDetail, access: 'user' }),
  'request.inbox': action({
    input: z.strictObject({
      tab: z.enum(inboxTabs, { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: inboxPage,
    access: 'staff',
  }),
  'request.accept': action({ input: idOnly, output: requestDetail, access: 'staff' }),
  'request.resolve': action({
    input: z.strictObject({
      id,
      note: z
        .string({ error: '请填写办理情况' })
        .trim()
        .min(2, '请填写办理情况（至少2个字）')
        .max(300, '办理情况最多300个字'),
      photos: photoIds,
    }),
    output: requestDetail,
    access: 'staff',
  }),
  'request.rate': action({
    input: z.strictObject({
      id,
      rating: z.enum(RATING_CODES, { error: '请选择满意程度' }),
      comment: z.string().trim().max(200, '评价最多200个字').optional(),
    }),
    output: requestDetail,
    access: 'user',
  }),
  'request.cancel': action({
    input: z.strictObject({ id, reason: z.string().trim().max(200, '撤销原因最多200个字').optional() }),
    output: requestDetail,
    access: 'user',
  }),
  'request.escalate': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'staff',
  }),
  'request.return': action({ input: z.strictObject({ id, reason }), output: requestDetail, access: 'staff' }),
  'request.dispatch': action({
    input: z.strictObject({
      id,
      gridId: z
        .string({ error: '请选择要转派的网格' })
        .min(1, '请选择要转派的网格')
        .max(64)
        .describe(NOT_USER_TEXT),
    }),
    output: requestDetail,
    access: 'staff',
  }),
  'metrics.month': action({
    input: z.strictObject({ month: monthSchema }),
    output: metricsMonth,
    access: 'staff',
  }),
  'metrics.trend': action({
    input: z.strictObject({ month: monthSchema }),
    output: z.object({
      gridName: z.string(),
      months: z.array(
        z.object({
          month: z.string(),
          responseRate: rateValue,
          resolutionRate: rateValue,
          satisfactionRate: rateValue,
          onTimeRate: rateValue,
        }),
      ),
    }),
    access: 'staff',
  }),
  'metrics.exportLedger': action({
    input: z.strictObject({ month: monthSchema }),
    /** `url` downloads the .xlsx for 10 minutes. */
    output: z.object({ fileName: z.string(), url: z.string(), requests: z.number(), events: z.number() }),
    access: 'staff',
  }),
  'request.overdue': action({
    input: z.strictObject({}),
    output: z.object({
      items: z.array(
        requestSummary.extend({ holder: z.string(), dueAt: isoTime, overdueMinutes: z.number() }),
      ),
    }),
    access: 'staff',
  }),
  'request.dispatchTargets': action({
    input: idOnly,
    /** `staffed` false: nobody serves that grid yet, so the request would wait there unseen. */
    output: z.object({ grids: z.array(gridRef.extend({ staffed: z.boolean() })) }),
    access: 'staff',
  }),
  'request.chase': action({
    input: z.strictObject({ id, note: z.string().trim().max(100, '催办留言最多100个字').optional() }),
    output: requestDetail,
    access: 'staff',
  }),
  'wish.create': action({
    input: wishCreateInput,
    output: wishDetail,
    access: 'resident',
  }),
  'wish.createOnBehalf': action({
    input: wishCreateInput.extend(onBehalfFields),
    output: wishDetail,
    access: 'staff',
  }),
  'wish.wall': action({ input: z.strictObject({ cursor: pageCursor }), output: wishPage, access: 'user' }),
  'wish.listMine': action({
    input: z.strictObject({
      /** posted: my wishes; claimed: the ones I (as a volunteer) hold or fulfilled. */
      role: z.enum(['posted', 'claimed'], { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: wishPage,
    access: 'user',
  }),
  'wish.inbox': action({
    input: z.strictObject({
      tab: z.enum(['reviewing', 'fulfilled', 'stale'], { error: '请选择列表' }),
      cursor: pageCursor,
    }),
    output: wishPage,
    access: 'staff',
  }),
  'wish.get': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.review': action({
    input: z
      .strictObject({
        id,
        decision: z.enum(['publish', 'reject'], { error: '请选择通过或不通过' }),
        reason: z.string().trim().max(200, '原因最多200个字').optional(),
      })
      .refine((v) => v.decision === 'publish' || (v.reason ?? '').length >= 2, {
        message: '请填写不通过的原因（至少2个字）',
        path: ['reason'],
      }),
    output: wishDetail,
    access: 'staff',
  }),
  'wish.claim': action({
    input: z.strictObject({
      id,
      promisedBy: z.string({ error: '请选择承诺完成的日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不正确'),
    }),
    output: wishDetail,
    access: 'user',
  }),
  'wish.release': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.withdraw': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'wish.fulfil': action({
    input: z.strictObject({
      id,
      note: z
        .string({ error: '请说说是怎么完成的' })
        .trim()
        .min(2, '请说说是怎么完成的（至少2个字）')
        .max(200, '最多写200个字'),
      /** At least one: the resident and the grid member see what was done (domain.md, 台账). */
      photos: z
        .array(z.string().regex(/^cloud:\/\/\S{1,400}$/, '照片编号格式不正确'), {
          error: '请拍一张完成的照片',
        })
        .min(1, '请拍一张完成的照片')
        .max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`),
    }),
    output: wishDetail,
    access: 'user',
  }),
  'wish.confirm': action({ input: idOnly, output: wishDetail, access: 'user' }),
  'volunteer.register': action({
    input: z.strictObject({
      name: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(20, '姓名最多20个字'),
      phone: z
        .string({ error: '请填写手机号' })
        .trim()
        .regex(/^1\d{10}$/, '手机号格式不正确'),
      skills: z
        .array(z.string().trim().min(1).max(10, '每项特长最多10个字'))
        .max(5, '特长最多填5项')
        .default([]),
      availability: z.string().trim().max(50, '服务时间最多50个字').default(''),
      /** Optional; only its masked form appears, on the hours certificate. */
      idNumber: z
        .string()
        .describe(NOT_USER_TEXT)
        .trim()
        .refine((s) => validIdNumber(s), '身份证号码不正确，请核对')
        .optional(),
      party: z
        .strictObject({
          workUnit: z
            .string({ error: '请填写工作单位' })
            .trim()
            .min(2, '请填写工作单位')
            .max(40, '工作单位最多40个字'),
          branch: z
            .string({ error: '请填写所在党支部' })
            .trim()
            .min(2, '请填写所在党支部')
            .max(40, '党支部最多40个字'),
        })
        .optional(),
    }),
    output: myService,
    access: 'user',
  }),
  'volunteer.certificate': action({
    input: z.strictObject({}),
    /** `url` downloads the PDF for 10 minutes. */
    output: z.object({
      serial: z.string(),
      fileName: z.string(),
      url: z.string(),
      hours: z.number(),
      services: z.number(),
    }),
    access: 'user',
  }),
  'certificate.verify': action({
    input: z.strictObject({
      serial: z
        .string({ error: '请输入证明编号' })
        .trim()
        .regex(/^NX\d{8}[0-9A-F]{8}$/, '证明编号格式不正确'),
    }),
    output: z.object({
      valid: z.boolean(),
      /** Why not, when not valid. */
      reason: z.string().nullable(),
      name: z.string().nullable(),
      hours: z.number().nullable(),
      issuedOn: z.string().nullable(),
      issuer: z.string().nullable(),
    }),
    access: 'user',
  }),
  'volunteer.me': action({ input: z.strictObject({}), output: myService, access: 'user' }),
  'volunteer.partyMembers': action({
    input: z.strictObject({}),
    output: z.object({
      pending: z.array(
        z.object({ openid: z.string(), name: z.string(), workUnit: z.string(), branch: z.string() }),
      ),
      /** Confirmed 双报到 members, those who have not served this month first. */
      members: z.array(
        z.object({
          openid: z.string(),
          name: z.string(),
          workUnit: z.string(),
          branch: z.string(),
          servedThisMonth: z.boolean(),
          hoursThisMonth: z.number(),
        }),
      ),
    }),
    access: 'staff',
  }),
  'volunteer.rankings': action({
    input: z.strictObject({ month: monthSchema }),
    output: z.object({
      grids: z.array(
        z.object({
          gridId: z.string(),
          name: z.string(),
          hours: z.number(),
          services: z.number(),
          volunteers: z.number(),
          top: z.array(z.object({ name: z.string(), hours: z.number() })),
        }),
      ),
    }),
    access: 'staff',
  }),
  'volunteer.confirmParty': action({
    input: z.strictObject({ openid: id, approve: z.boolean({ error: '请选择确认或退回' }) }),
    output: z.object({ ok: z.boolean() }),
    access: 'staff',
  }),
  'activity.create': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      kind: z.enum(ACTIVITY_KIND_CODES, { error: '请选择活动类型' }),
      title: z
        .string({ error: '请填写活动名称' })
        .trim()
        .min(2, '活动名称至少2个字')
        .max(30, '活动名称最多30个字'),
      description: z.string().trim().max(500, '活动介绍最多500个字').default(''),
      place: z.string({ error: '请填写地点' }).trim().min(2, '请填写地点').max(50, '地点最多50个字'),
      organiser: z.string().trim().max(20, '组织者最多20个字').default(''),
      /** 封面: one photo already uploaded by the caller (checked like a request's photos). */
      cover: photoIds.refine((x) => !x || x.length <= 1, '封面只能选一张照片'),
      schedule: z
        .strictObject({
          from: dateSchema,
          /** Recurring until this day (on working days); absent: one session on `from`. */
          to: dateSchema.optional(),
          time: z.string({ error: '请选择开始时间' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式不正确'),
          durationMinutes: z.number().int().min(15, '活动至少15分钟').max(600, '活动最长10小时'),
          weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
        })
        .refine((s) => !s.to || s.to >= s.from, { message: '结束日期不能早于开始日期', path: ['to'] }),
      roles: z
        .array(
          z.strictObject({
            key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,19}$/, '名额编号格式不正确'),
            name: z
              .string({ error: '请填写名额名称' })
              .trim()
              .min(1, '请填写名额名称')
              .max(10, '名额名称最多10个字'),
            capacity: z
              .number({ error: '请填写人数' })
              .int()
              .min(1, '人数至少为1')
              .max(MAX_CAPACITY, `人数最多${MAX_CAPACITY}`),
            audience: z.enum(AUDIENCE_CODES, { error: '请选择谁可以报名' }),
          }),
        )
        .min(1, '请至少设置一类名额')
        .max(MAX_ROLES, `最多设置${MAX_ROLES}类名额`)
        .refine((r) => new Set(r.map((x) => x.key)).size === r.length, '名额编号不能重复'),
    }),
    output: z.object({ id: z.string(), sessions: z.number() }),
    access: 'staff',
  }),
  'activity.sessions': action({
    input: z.strictObject({ kind: z.enum(ACTIVITY_KIND_CODES).optional(), cursor: pageCursor }),
    output: z.object({ items: z.array(sessionView), nextCursor: z.string().nullable() }),
    access: 'user',
  }),
  'session.signUp': action({
    input: z.strictObject({
      ...signupFor,
      role: z.string({ error: '请选择报名身份' }).min(1).max(20).describe(NOT_USER_TEXT),
    }),
    output: sessionView,
    access: 'user',
  }),
  'activity.signUpAll': action({
    input: z.strictObject({
      activityId: id,
      role: z.string({ error: '请选择报名身份' }).min(1).max(20).describe(NOT_USER_TEXT),
      childId: id.optional(),
    }),
    output: z.object({
      confirmed: z.number(),
      waitlisted: z.array(
        z.object({
          sessionId: z.string(),
          startAt: isoTime,
          status: z.string(),
          position: z.number().nullable(),
        }),
      ),
      skipped: z.number(),
    }),
    access: 'user',
  }),
  'session.cancel': action({ input: z.strictObject(signupFor), output: sessionView, access: 'user' }),
  'session.acceptOffer': action({
    input: z.strictObject(signupFor),
    output: sessionView,
    access: 'user',
  }),
  'session.get': action({ input: z.strictObject({ sessionId: id }), output: sessionView, access: 'user' }),
  'activity.get': action({
    input: z.strictObject({ id }),
    output: z.object({
      id: z.string(),
      kind: z.enum(ACTIVITY_KIND_CODES),
      kindName: z.string(),
      title: z.string(),
      description: z.string(),
      place: z.string(),
      organiser: z.string(),
      /** A link that expires; null without a cover. */
      coverUrl: z.string().nullable(),
      sessions: z.array(sessionView),
    }),
    access: 'user',
  }),
  'child.register': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      name: personName,
      age: z
        .number({ error: '请填写孩子年龄' })
        .int('年龄请填整数')
        .min(CHILD_MIN_AGE, `四点半课堂面向${CHILD_MIN_AGE}至${CHILD_MAX_AGE}岁的小学生`)
        .max(CHILD_MAX_AGE, `四点半课堂面向${CHILD_MIN_AGE}至${CHILD_MAX_AGE}岁的小学生`),
      grade: z.enum(GRADES, { error: '请选择年级' }),
      allergies: z.string().trim().max(50, '过敏情况最多50个字').default(''),
      notes: z.string().trim().max(100, '备注最多100个字').default(''),
      /** Me, as the guardian who registers the child. */
      guardian: z.strictObject({
        name: personName,
        relation: z.string({ error: '请填写与孩子的关系' }).trim().min(1, '请填写与孩子的关系').max(6),
        phone: phoneSchema,
      }),
      /** Others who may collect the child (grandparents …). */
      others: z
        .array(
          z.strictObject({
            name: personName,
            relation: z.string({ error: '请填写与孩子的关系' }).trim().min(1, '请填写与孩子的关系').max(6),
            phone: phoneSchema,
          }),
        )
        .max(MAX_COLLECTORS, `最多再登记${MAX_COLLECTORS}位接送人`)
        .default([]),
    }),
    output: childView,
    access: 'user',
  }),
  'child.list': action({
    input: z.strictObject({}),
    output: z.object({ items: z.array(childView) }),
    access: 'user',
  }),
  'session.roster': action({ input: z.strictObject({ sessionId: id }), output: rosterView, access: 'user' }),
  'session.checkIn': action({
    input: z.strictObject({
      sessionId: id,
      /** The organiser checking someone in from the list; absent: me (and my children) by scan. */
      signupId: id.optional(),
    }),
    output: z.object({ people: z.array(z.string()), session: sessionView }),
    access: 'user',
  }),
  'session.checkOut': action({
    input: z.strictObject({
      sessionId: id,
      /** The organiser checking someone out; absent: me (and my children, collected by me). */
      signupId: id.optional(),
      /** For a child checked out by the organiser: which registered collector takes them. */
      collectorId: z.string().max(8).describe(NOT_USER_TEXT).optional(),
    }),
    output: z.object({ people: z.array(z.string()), session: sessionView }),
    access: 'user',
  }),
  'session.confirm': action({
    input: z.strictObject({
      sessionId: id,
      /** Hours set by the organiser for flagged (auto-closed) check-outs. */
      hours: z
        .record(id, z.number({ error: '请填写时长' }).min(0, '时长不能为负').max(12, '时长最多12小时'))
        .optional(),
    }),
    output: rosterView,
    access: 'user',
  }),
  'elder.add': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      buildingCode: buildingCodeSchema,
      name: personName,
      room: z.string().trim().max(20, '房号最多20个字').default(''),
      phone: z
        .string()
        .trim()
        .regex(/^(1\d{10})?$/, '手机号格式不正确')
        .default(''),
      consent: z.strictObject({
        by: z.enum(['本人', '子女', '监护人'], { error: '请选择由谁同意探访' }),
        note: z.string().trim().max(50, '说明最多50个字').default(''),
      }),
      notes: z.string().trim().max(100, '备注最多100个字').default(''),
      /** Add to this elder-care team's list at once. */
      activityId: id.optional(),
    }),
    output: elderView,
    access: 'staff',
  }),
  'visit.list': action({
    input: z.strictObject({ sessionId: id }),
    output: z.object({ session: sessionView, items: z.array(visitRow) }),
    access: 'user',
  }),
  'visit.log': action({
    input: z
      .strictObject({
        sessionId: id,
        elderId: id,
        seen: z.boolean({ error: '请选择是否见到老人' }),
        wellbeing: z.enum(['well', 'unwell'], { error: '请选择老人状况' }).optional(),
        needs: z.string().trim().max(100, '需求最多100个字').default(''),
        note: z.string().trim().max(100, '备注最多100个字').default(''),
      })
      .refine((v) => !v.seen || v.wellbeing, { message: '请选择老人状况', path: ['wellbeing'] }),
    output: z.object({ session: sessionView, items: z.array(visitRow) }),
    access: 'user',
  }),
  'session.checkInCode': action({
    input: z.strictObject({ sessionId: id }),
    output: z.object({ scene: z.string(), url: z.string(), fileUrl: z.string() }),
    access: 'user',
  }),
  'message.list': action({
    input: z.strictObject({ cursor: pageCursor }),
    output: z.object({ items: z.array(messageView), nextCursor: z.string().nullable(), unread: z.number() }),
    access: 'user',
  }),
  'message.read': action({
    input: z.strictObject({
      /** Omitted: all of mine. */
      ids: z.array(id).min(1, '请选择消息').max(100, '一次最多100条').optional(),
    }),
    output: z.object({ unread: z.number() }),
    access: 'user',
  }),
  'notify.settings': action({ input: z.strictObject({}), output: notifySettings, access: 'user' }),
  'notify.subscribed': action({
    input: z.strictObject({
      /** What wx.requestSubscribeMessage answered: template id → accept / reject / ban / filter. */
      results: z
        .record(
          z.string().min(1).max(64, '模板编号格式不正确'),
          z.enum(['accept', 'reject', 'ban', 'filter'], { error: '订阅结果不正确' }),
        )
        .refine((r) => Object.keys(r).length <= 5, '一次最多订阅5个模板'),
    }),
    output: notifySettings,
    access: 'user',
  }),

  'setup.template': action({ input: z.strictObject({}), output: fileLink, access: 'staff' }),
  'setup.export': action({
    input: z.strictObject({}),
    output: fileLink.extend({ counts: z.record(z.string(), z.number()) }),
    access: 'staff',
  }),
  'setup.preview': action({ input: uploadedFile, output: importPreview, access: 'staff' }),
  'setup.apply': action({ input: uploadedFile, output: importPreview, access: 'staff' }),
  'setup.lastImport': action({
    input: z.strictObject({}),
    output: z.object({
      /** The latest import that can still be taken back (72 hours), or null. */
      last: z.object({ at: isoTime, byName: z.string(), changes: z.number(), added: z.number() }).nullable(),
    }),
    access: 'staff',
  }),
  'setup.undo': action({
    input: z.strictObject({}),
    output: z.object({ undone: z.number(), at: isoTime }),
    access: 'staff',
  }),
  'setup.saveGrid': action({
    input: z.strictObject({
      code: setupCode(32),
      name: setupText(30),
      level: z.number({ error: '请选择层级' }).int().min(1, '层级只能是1到3').max(3, '层级只能是1到3'),
      parent: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
  }),
  'setup.saveBuilding': action({
    input: z.strictObject({
      code: setupCode(32),
      name: setupText(30),
      address: setupText(60),
      gridCode: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
  }),
  'setup.savePerson': action({
    input: z.strictObject({
      name: setupText(30),
      phone: setupCode(11),
      role: setupCode(10),
      gridCode: setupCode(32),
      buildingCode: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
  }),
  'invite.create': action({
    input: z.union([
      z.strictObject({ requestId: requestIdSchema, staffId: id }),
      z.strictObject({
        requestId: requestIdSchema,
        role: managedRole,
        gridId: id.optional(),
        buildingCode: buildingCodeSchema.optional(),
        name: z
          .string({ error: '请填写被邀请人的姓名' })
          .trim()
          .min(1, '请填写被邀请人的姓名')
          .max(30, '姓名最多30个字'),
      }),
    ]),
    output: invitationView.extend({ qr: z.string() }),
    access: 'staff',
  }),
  'invite.peek': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'user',
  }),
  'invite.accept': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'user',
  }),
  'invite.revoke': action({
    input: z.strictObject({ code: inviteCode }),
    output: invitationView,
    access: 'staff',
  }),
  'role.list': action({ input: z.strictObject({}), output: roleList, access: 'staff' }),
  'role.revoke': action({
    input: z.strictObject({
      membershipId: id,
      reason: z.string().trim().max(100, '原因最多100个字').default(''),
    }),
    output: z.object({ ok: z.boolean() }),
    access: 'staff',
  }),
  // Building codes and posters (actions/buildings.ts): grid staff for the grids they serve.
  'building.list': action({
    input: z.strictObject({ gridId: id.optional() }),
    output: z.object({
      /** The grids the caller serves, top down; `label` is the place as a resident reads it. */
      grids: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          level: z.number(),
          parentId: z.string().nullable(),
          label: z.string(),
          buildings: z.number(),
        }),
      ),
      /** Under `gridId` if given, else under every grid served; by code. */
      buildings: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          address: z.string(),
          gridId: z.string(),
          gridName: z.string(),
          /** When the stored code was made; null: none yet (made on first 二维码 or 海报). */
          qrAt: isoTime.nullable(),
        }),
      ),
      /** Only the community admin may make a building's code anew. */
      canRegenerate: z.boolean(),
    }),
    access: 'staff',
  }),
  'building.qr': action({
    input: z.strictObject({ code: buildingCodeSchema, regenerate: z.boolean().optional() }),
    output: z.object({
      /** The stored image, by an expiring link (10 minutes). */
      url: z.string(),
      generatedAt: isoTime,
      kind: z.enum(['wxacode', 'url']),
    }),
    access: 'staff',
  }),
  'building.poster': action({
    input: z.strictObject({ code: buildingCodeSchema }),
    output: z.object({ url: z.string(), bytes: z.number() }),
    access: 'staff',
  }),
  'grid.posters': action({
    input: z.strictObject({ gridId: id }),
    output: z.object({ url: z.string(), pages: z.number(), bytes: z.number() }),
    access: 'staff',
  }),
  'me.consent': action({
    input: z.strictObject({
      version: z.string({ error: '缺少隐私政策版本' }).regex(/^\d{4}-\d{2}-\d{2}$/, '隐私政策版本不正确'),
    }),
    output: z.object({ version: z.string(), at: isoTime }),
    access: 'user',
  }),
  'me.export': action({ input: z.strictObject({}), output: myDataExport, access: 'user' }),
  'me.delete': action({
    input: z.strictObject({
      confirm: z.literal(DELETE_CONFIRMATION, { error: `请输入“${DELETE_CONFIRMATION}”两个字确认` }),
    }),
    output: z.object({ deleted: z.boolean() }),
    access: 'user',
  }),
  // 节假日调整 (actions/calendar.ts): the community admin.
  'calendar.year': action({
    input: z.strictObject({ year: calendarYear }),
    output: calendarYearView,
    access: 'staff',
  }),
  'calendar.adjust': action({
    input: z.strictObject({
      date: calendarDate,
      workday: z.boolean({ error: '请选择设为工作日还是休息日' }),
      note: z.string().trim().max(20, '说明最多20个字').default(''),
    }),
    output: calendarYearView,
    access: 'staff',
  }),
  'calendar.remove': action({
    input: z.strictObject({ date: calendarDate }),
    output: calendarYearView,
    access: 'staff',
  }),
  'calendar.confirm': action({
    input: z.strictObject({ year: calendarYear, confirmed: z.boolean({ error: '请选择是否确认' }) }),
    output: calendarYearView,
    access: 'staff',
  }),
  'me.contact': action({
    input: z
      .strictObject({
        name: personName,
        /** Typed (H5, or by choice). */
        phone: phoneSchema.optional(),
        /** WeChat's getPhoneNumber button gave this one-time code (weapp). */
        phoneCode: z.string().max(128).describe(NOT_USER_TEXT).optional(),
        noPhone: z.boolean().default(false),
      })
      .refine((c) => c.noPhone || c.phone || c.phoneCode, {
        message: '请留个电话，方便网格员回电；不想留可以选「不留电话」',
        path: ['phone'],
      }),
    output: meView,
    access: 'resident',
  }),
  // Uploads (actions/uploads.ts): what a client put in its storage folder, recorded before use.
  'upload.record': action({
    input: uploadedFile,
    output: z.object({ fileID: z.string(), bytes: z.number() }),
    access: 'user',
  }),
  'person.reveal': action({
    input: revealInput,
    /** The whole number, for calling; every reveal is written to the access log. */
    output: z.object({ name: z.string(), phone: z.string() }),
    access: 'user',
  }),
}

export type Contract = typeof contract
export type CalendarYearView = z.output<typeof calendarYearView>
export type ActionName = keyof Contract
export type ActionInput<A extends ActionName> = z.input<Contract[A]['input']>
export type ActionOutput<A extends ActionName> = z.output<Contract[A]['output']>

export type MeView = z.output<typeof meView>
export type BuildingView = z.output<typeof buildingView>
export type RequestSummary = z.output<typeof requestSummary>
export type RequestDetail = z.output<typeof requestDetail>
export type RequestEventView = z.output<typeof requestEventView>
export type InboxTab = (typeof inboxTabs)[number]
export type InboxPage = z.output<typeof inboxPage>
export type MetricsMonth = z.output<typeof metricsMonth>
export type MessageView = z.output<typeof messageView>
export type WishCard = z.output<typeof wishCard>
export type MyService = z.output<typeof myService>
export type WishDetail = z.output<typeof wishDetail>
export type NotifySettings = z.output<typeof notifySettings>
export type ImportPreview = z.output<typeof importPreview>
export type InvitationView = z.output<typeof invitationView>
export type RoleList = z.output<typeof roleList>
