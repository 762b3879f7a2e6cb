import * as z from 'zod'
import { zhCN } from 'zod/locales'
import { AppError } from './errors'

// Zod's own messages in Chinese for everything our schemas do not word themselves. Imported by
// name: `z.locales.zhCN` would carry all of zod's 40-odd languages into every bundle (260 KB).
z.config(zhCN())

// `note` is not here: it is 办理情况, 催办留言, 说明 or 验收意见 by action, and each schema names it.
const FIELD_NAMES: Record<string, string> = {
  requestId: '请求编号',
  category: '类别',
  description: '问题描述',
  buildingCode: '楼栋编码',
  room: '门牌号',
  id: '编号',
  rating: '满意程度',
  comment: '评价',
  reason: '原因',
  tab: '列表',
  before: '分页参数',
}

/**
 * Validates an action's input; on failure an INVALID_INPUT AppError whose message is the first
 * problem in Chinese and whose `fields` map every problem to its field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  // A Map, then fromEntries: keys such as `__proto__` in hostile input stay plain data.
  const fields = new Map<string, string>()
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.set(key, `不接受的字段「${key}」`)
      continue
    }
    const path = issue.path.map(String).join('.') || '_'
    if (!fields.has(path)) fields.set(path, issue.message)
  }
  const [firstPath, firstMessage] = fields.entries().next().value ?? ['_', '填写的内容有误，请检查后再试']
  const label = Object.prototype.hasOwnProperty.call(FIELD_NAMES, firstPath)
    ? FIELD_NAMES[firstPath]
    : undefined
  const message = label && !firstMessage.includes(label) ? `${label}：${firstMessage}` : firstMessage
  throw new AppError('INVALID_INPUT', message, Object.fromEntries(fields))
}
