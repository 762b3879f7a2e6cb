import { z } from 'zod'
import { AppError } from './errors'

// Zod's own messages in Chinese for everything our schemas do not word themselves.
z.config(z.locales.zhCN())

const FIELD_NAMES: Record<string, string> = {
  requestId: '请求编号',
  category: '类别',
  description: '问题描述',
  buildingCode: '楼栋编码',
  room: '门牌号',
  id: '编号',
  note: '办理情况',
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
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] = `不接受的字段「${key}」`
      continue
    }
    const path = issue.path.join('.') || '_'
    fields[path] ??= issue.message
  }
  const [firstPath, firstMessage] = Object.entries(fields)[0]
  const label = FIELD_NAMES[firstPath]
  const message =
    label && !firstMessage.includes(label) && firstPath !== '_' ? `${label}：${firstMessage}` : firstMessage
  throw new AppError('INVALID_INPUT', message, fields)
}
