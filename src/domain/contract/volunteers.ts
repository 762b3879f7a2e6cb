/** 志愿者 and 双报到: each action once — input, output, who may call, rate limit, user text. */
import { MOBILE_PATTERN, NAME_MAX_CHARS } from '../contact'
import { validIdNumber } from '../points'
import * as z from 'zod'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import { NOT_USER_TEXT, action, fileLink, id, monthSchema, myService } from './schemas'

export const volunteersActions = {
  'volunteer.register': action({
    input: z.strictObject({
      name: z
        .string({ error: '请填写姓名' })
        .trim()
        .min(1, '请填写姓名')
        .max(NAME_MAX_CHARS, `姓名最多${NAME_MAX_CHARS}个字`),
      phone: z.string({ error: '请填写手机号' }).trim().regex(MOBILE_PATTERN, '手机号格式不正确'),
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
    rateLimit: hour(20),
    userText: {
      scene: profile,
      shown: 'public',
      fields: (i) => ({
        name: i.name,
        'skills[]': i.skills.join('、'),
        availability: i.availability,
        'party.workUnit': i.party?.workUnit,
        'party.branch': i.party?.branch,
      }),
    },
  }),
  'volunteer.certificate': action({
    input: z.strictObject({}),
    /** `url` downloads the PDF for 10 minutes; `fileID` on weapp (deliveredFile). */
    output: fileLink.extend({
      serial: z.string(),
      hours: z.number(),
      services: z.number(),
    }),
    access: 'user',
    rateLimit: hour(10),
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
}
