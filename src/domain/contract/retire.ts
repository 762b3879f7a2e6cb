/** 停用与恢复 · 更正编号 (issue 18, part 3): each action once — input, output, who may call, user text. */
import * as z from 'zod'
import { codesOf } from '../transitions'
import { CODE_MAX_CHARS, CODE_PATTERN } from '../setup'
import { RETIRE_KINDS, RETIRE_REASON_MAX_CHARS, RETIRE_REASON_MIN_CHARS } from '../retire'
import { comment } from '../usertext'
import { action, buildingCodeSchema, id, isoTime, retiredState } from './schemas'

const kind = z.enum(codesOf(RETIRE_KINDS), { error: '请选择要停用的类别' })

const retireReason = z
  .string({ error: '请填写停用原因' })
  .trim()
  .min(RETIRE_REASON_MIN_CHARS, `请填写停用原因（至少${RETIRE_REASON_MIN_CHARS}个字）`)
  .max(RETIRE_REASON_MAX_CHARS, `停用原因最多${RETIRE_REASON_MAX_CHARS}个字`)

/** One thing that may be retired, as the admin's 停用与恢复 lists it. */
export const retirable = z.object({
  kind,
  id: z.string(),
  name: z.string(),
  /** Where it is: the grid's place, the building's grid, the elder's building and room, a child's grade. */
  detail: z.string(),
  /** The printed code of a building (after a correction, the new one). */
  code: z.string().nullable(),
  retired: retiredState,
})

const retireResult = z.object({ item: retirable, note: z.string() })

export const retireActions = {
  'retire.list': action({
    input: z.strictObject({}),
    output: z.object({
      items: z.array(retirable),
      /** The community's latest 停用 / 恢复 / 更正编号 (its settings 台账). */
      events: z.array(
        z.object({ at: isoTime, actorName: z.string(), subject: z.string(), note: z.string() }),
      ),
    }),
    access: 'staff',
  }),
  'retire.apply': action({
    input: z.strictObject({ kind, id, reason: retireReason }),
    output: retireResult,
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
  'retire.restore': action({
    input: z.strictObject({ kind, id }),
    output: retireResult,
    access: 'staff',
  }),
  'building.correctCode': action({
    input: z.strictObject({
      code: buildingCodeSchema,
      newCode: z
        .string({ error: '请填写新的楼栋编码' })
        .trim()
        .regex(CODE_PATTERN, `楼栋编码只能用字母、数字、- 和 _，最多${CODE_MAX_CHARS}位`),
      reason: z
        .string()
        .trim()
        .max(RETIRE_REASON_MAX_CHARS, `说明最多${RETIRE_REASON_MAX_CHARS}个字`)
        .default(''),
    }),
    output: retireResult,
    access: 'staff',
    userText: { scene: comment, shown: 'public', fields: (i) => ({ reason: i.reason }) },
  }),
}
