/** 民情日志 and household visits (src/domain/fieldlog.ts): each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { CATEGORY_CODES } from '../categories'
import { MOBILE_PATTERN, ROOM_MAX_CHARS } from '../contact'
import {
  CONSENT_BY,
  HOUSEHOLD_KIND_CODES,
  LOG_ENTRY_KIND_CODES,
  LOG_TEXT_MAX,
  LOG_TEXT_MIN,
  VISIT_INTERVAL,
} from '../fieldlog'
import { hour } from '../ratelimits'
import { comment, profile } from '../usertext'
import {
  action,
  buildingCodeSchema,
  dateSchema,
  id,
  isoTime,
  personName,
  requestIdSchema,
  requestSummary,
} from './schemas'

export const visitStandingView = z.object({
  dueDay: z.string(),
  due: z.boolean(),
  overdueDays: z.number(),
  never: z.boolean(),
  text: z.string(),
})

export const householdView = z.object({
  id: z.string(),
  buildingCode: z.string(),
  buildingName: z.string(),
  gridName: z.string(),
  room: z.string(),
  contactName: z.string(),
  /** Masked (138****5678); whole only through person.reveal, which logs who saw it. */
  contactPhone: z.string().nullable(),
  /** 六清楚: only with consent on record. */
  kind: z.enum(HOUSEHOLD_KIND_CODES).nullable(),
  kindName: z.string().nullable(),
  consentBy: z.string().nullable(),
  lastVisitDay: z.string().nullable(),
  standing: visitStandingView,
})

export const diaryEntryView = z.object({
  id: z.string(),
  kind: z.enum(LOG_ENTRY_KIND_CODES),
  kindName: z.string(),
  text: z.string(),
  day: z.string(),
  at: isoTime,
  buildingCode: z.string(),
  buildingName: z.string(),
  householdId: z.string().nullable(),
  /** 3单元502（王阿姨）, or null for the building as a whole. */
  householdLabel: z.string().nullable(),
  byName: z.string(),
  /** 矛盾纠纷: settled on the spot (当场化解). */
  settled: z.boolean(),
  /** The request it became (转为诉求), if it did. */
  requestId: z.string().nullable(),
  requestNo: z.string().nullable(),
})

export const visitPlanView = z.object({
  gridId: z.string(),
  gridName: z.string(),
  intervalDays: z.number(),
  /** Nobody set it: the default of src/domain/fieldlog.ts. */
  isDefault: z.boolean(),
  /** Who changed it when, newest first. */
  events: z.array(z.object({ at: isoTime, byName: z.string(), from: z.number(), to: z.number() })),
})

const gridIdInput = id.optional()

export const fieldlogActions = {
  'household.add': action({
    input: z
      .strictObject({
        requestId: requestIdSchema,
        buildingCode: buildingCodeSchema,
        room: z
          .string({ error: '请填写门牌号' })
          .trim()
          .min(1, '请填写门牌号')
          .max(ROOM_MAX_CHARS, `门牌号最多${ROOM_MAX_CHARS}个字`),
        contactName: personName,
        contactPhone: z.string().trim().regex(MOBILE_PATTERN, '手机号格式不正确').optional(),
        kind: z.enum(HOUSEHOLD_KIND_CODES, { error: '请选择住户类别' }).optional(),
        consent: z
          .strictObject({
            by: z.enum(CONSENT_BY, { error: '请选择由谁同意登记' }),
            note: z.string().trim().max(50, '说明最多50个字').default(''),
          })
          .optional(),
      })
      .refine((v) => !v.kind || v.consent, {
        message: '登记住户类别须经本人或家属同意',
        path: ['consent'],
      }),
    output: householdView,
    access: 'staff',
    rateLimit: hour(120),
    // A record about a person: a risky word in a name or room is a slip, refused (usertext.ts).
    userText: {
      scene: profile,
      shown: 'public',
      fields: (i) => ({ room: i.room, contactName: i.contactName, 'consent.note': i.consent?.note }),
    },
  }),
  /** The households of the grids the caller serves, today's due visits first. */
  'household.list': action({
    input: z.strictObject({}),
    output: z.object({
      today: z.string(),
      intervalDays: z.number(),
      households: z.array(householdView),
    }),
    access: 'staff',
  }),
  'diary.add': action({
    input: z
      .strictObject({
        requestId: requestIdSchema,
        kind: z.enum(LOG_ENTRY_KIND_CODES, { error: '请选择日志类别' }),
        text: z
          .string({ error: '请写下日志内容' })
          .trim()
          .min(LOG_TEXT_MIN, `请至少写${LOG_TEXT_MIN}个字`)
          .max(LOG_TEXT_MAX, `最多写${LOG_TEXT_MAX}个字`),
        buildingCode: buildingCodeSchema,
        householdId: id.optional(),
        settled: z.boolean().default(false),
      })
      .refine((v) => v.kind !== 'visit' || v.householdId, {
        message: '走访请选择住户',
        path: ['householdId'],
      }),
    output: diaryEntryView,
    access: 'staff',
    rateLimit: hour(120),
    // Read by the grid only; a report of 涉毒涉赌 is what the log must keep, as on a request.
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ text: i.text }) },
  }),
  /** My log of one day (default today). */
  'diary.list': action({
    input: z.strictObject({ day: dateSchema.optional() }),
    output: z.object({ day: z.string(), entries: z.array(diaryEntryView) }),
    access: 'staff',
  }),
  /** 转为诉求: one tap; twice makes one request. */
  'diary.toRequest': action({
    input: z.strictObject({
      id,
      category: z.enum(CATEGORY_CODES, { error: '请选择诉求类别' }),
    }),
    output: z.object({ entry: diaryEntryView, request: requestSummary }),
    access: 'staff',
    rateLimit: hour(60),
  }),
  'visitPlan.set': action({
    input: z.strictObject({
      gridId: id,
      intervalDays: z
        .number({ error: '请填写走访间隔天数' })
        .int('走访间隔须为整数天')
        .min(VISIT_INTERVAL.min, `走访间隔至少${VISIT_INTERVAL.min}个工作日`)
        .max(VISIT_INTERVAL.max, `走访间隔最多${VISIT_INTERVAL.max}个工作日`),
    }),
    output: visitPlanView,
    access: 'staff',
    rateLimit: hour(30),
  }),
  /** The grid's day: entries per member, 矛盾纠纷 open, visits done vs due, who is behind. */
  'diary.summary': action({
    input: z.strictObject({ gridId: gridIdInput, day: dateSchema.optional() }),
    output: z.object({
      day: z.string(),
      plan: visitPlanView,
      /** The grids this caller may look at (a leader's, every level-2 grid for the admin). */
      grids: z.array(z.object({ id: z.string(), name: z.string() })),
      members: z.array(
        z.object({
          name: z.string(),
          gridName: z.string(),
          visit: z.number(),
          dispute: z.number(),
          suggestion: z.number(),
          households: z.number(),
          due: z.number(),
          overdue: z.number(),
        }),
      ),
      disputesOpen: z.number(),
      visitsDone: z.number(),
      visitsDue: z.number(),
      behind: z.array(z.object({ name: z.string(), gridName: z.string(), overdue: z.number() })),
    }),
    access: 'staff',
  }),
  /** The board: visits done vs due per grid for a month. */
  'visitPlan.month': action({
    input: z.strictObject({ month: z.string().regex(/^\d{4}-\d{2}$/, '月份格式不正确') }),
    output: z.object({
      month: z.string(),
      grids: z.array(
        z.object({
          gridId: z.string(),
          gridName: z.string(),
          households: z.number(),
          done: z.number(),
          due: z.number(),
        }),
      ),
    }),
    access: 'staff',
  }),
}
