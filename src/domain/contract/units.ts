/**
 * 吹哨报到 (issue 17, parts 1 and 2): the units a community calls in, and their work on a request —
 * each action once: input, output, who may call, rate limit, user text.
 */
import * as z from 'zod'
import { CATEGORY_CODES } from '../categories'
import { hour } from '../ratelimits'
import { codesOf } from '../transitions'
import { UNIT_KINDS, UNIT_NAME_MAX_CHARS } from '../units'
import { comment, profile } from '../usertext'
import { resolveInput } from './requests'
import {
  action,
  buildingCodeSchema,
  monthSchema,
  id,
  idOnly,
  personName,
  reason,
  requestDetail,
  requestIdSchema,
  requestSummary,
} from './schemas'
import { WORK_PHONE_HINT, WORK_PHONE_PATTERN } from '../contact'

export const unitView = z.object({
  id: z.string(),
  kind: z.enum(codesOf(UNIT_KINDS)),
  kindName: z.string(),
  name: z.string(),
  categories: z.array(z.enum(CATEGORY_CODES)),
  buildingCodes: z.array(z.string()),
  gridIds: z.array(z.string()),
  contactName: z.string(),
  contactPhone: z.string(),
  partyOrg: z.boolean(),
  /** Contacts who accepted an invitation for it. */
  members: z.number(),
})

const unitFields = {
  kind: z.enum(codesOf(UNIT_KINDS), { error: '请选择单位类型' }),
  name: z
    .string({ error: '请填写单位名称' })
    .trim()
    .min(2, '请填写单位名称')
    .max(UNIT_NAME_MAX_CHARS, `单位名称最多${UNIT_NAME_MAX_CHARS}个字`),
  categories: z
    .array(z.enum(CATEGORY_CODES, { error: '请选择它负责的诉求类别' }))
    .min(1, '请至少选择一类它负责的诉求')
    .max(CATEGORY_CODES.length),
  /** None: the whole community. */
  buildingCodes: z.array(buildingCodeSchema).max(600).default([]),
  gridIds: z.array(id).max(100).default([]),
  contactName: personName,
  contactPhone: z
    .string({ error: '请填写联系电话' })
    .trim()
    .regex(WORK_PHONE_PATTERN, `请填写${WORK_PHONE_HINT}`),
  partyOrg: z.boolean().default(false),
}

/** One unit's month on the board (issue 17, part 5): its work counted apart from the grids'. */
export const unitMonthRow = z.object({
  id: z.string(),
  name: z.string(),
  kindName: z.string(),
  called: z.number(),
  reportedOnTime: z.number(),
  reportDue: z.number(),
  resolvedOnTime: z.number(),
  resolveDue: z.number(),
  resolved: z.number(),
  returned: z.number(),
  open: z.number(),
  reportRate: z.number().nullable(),
  resolveRate: z.number().nullable(),
})

export const unitsActions = {
  /** 网格绩效's 责任单位 part: each unit's 报到率 and 按时办结率 for the month. */
  'metrics.units': action({
    input: z.strictObject({ month: monthSchema }),
    output: z.object({ month: z.string(), units: z.array(unitMonthRow) }),
    access: 'staff',
  }),
  'unit.list': action({
    input: z.strictObject({}),
    output: z.object({ units: z.array(unitView) }),
    access: 'staff',
  }),
  /** The admin registers a unit (no `id`) or corrects one (`id`); idempotent by requestId. */
  'unit.save': action({
    input: z.strictObject({ requestId: requestIdSchema, id: id.optional(), ...unitFields }),
    output: unitView,
    access: 'staff',
    rateLimit: hour(30),
    userText: {
      scene: profile,
      // Its name is on the request its resident reads (由…办理).
      shown: 'public',
      fields: (i) => ({ name: i.name, contactName: i.contactName }),
    },
  }),
  /** The units that could take this request: those covering its category and building first. */
  'request.whistleTargets': action({
    input: idOnly,
    output: z.object({
      units: z.array(
        z.object({ id: z.string(), name: z.string(), kindName: z.string(), covers: z.boolean() }),
      ),
    }),
    access: 'staff',
  }),
  /** 吹哨: a leader above or the admin calls a unit in on a request. */
  'request.whistle': action({
    input: z.strictObject({
      id,
      unitId: id,
      note: z.string().trim().max(100, '吹哨说明最多100个字').optional(),
    }),
    output: requestDetail,
    access: 'staff',
    rateLimit: hour(30),
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ note: i.note }) },
  }),
  /** A unit contact's list: what their unit was called to, open or done. */
  'unit.inbox': action({
    input: z.strictObject({ tab: z.enum(['open', 'done'], { error: '请选择列表' }).default('open') }),
    output: z.object({ unitNames: z.array(z.string()), items: z.array(requestSummary) }),
    access: 'unit',
  }),
  /** 报到: the unit takes it on. */
  'request.unitAccept': action({ input: idOnly, output: requestDetail, access: 'unit' }),
  'request.unitResolve': action({
    input: resolveInput,
    output: requestDetail,
    access: 'unit',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ note: i.note }) },
  }),
  /** 收回: a leader above or the admin takes a unit's task back, with the reason. */
  'request.unitRecall': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'staff',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
  /** Not theirs to fix: back to whoever called them in, with the reason. */
  'request.unitReturn': action({
    input: z.strictObject({ id, reason }),
    output: requestDetail,
    access: 'unit',
    userText: { scene: comment, shown: 'grid', fields: (i) => ({ reason: i.reason }) },
  }),
}
