/**
 * Notifications: what someone must hear about, and how it fits a WeChat subscribe message
 * (platform-facts.md: `thing` ≤ 20 chars, `phrase` ≤ 5 汉字, `character_string` ≤ 32, one message
 * per one-time grant). Pure and client-safe; delivery lives in cloudfunctions/core/notify.
 */
import { formatLocal } from './time'

/**
 * task: work for a grid member (new assignment, escalation, re-dispatch, 重办);
 * chase: 催办 of work already held; progress: the resident's request moved (accepted, resolved).
 */
export const NOTICE_KINDS = {
  task: '待办提醒',
  chase: '催办提醒',
  progress: '办理进度',
} as const
export type NoticeKind = keyof typeof NOTICE_KINDS

/** What a notice is about; it decides the page a tap opens. */
export const NOTICE_TARGETS = {
  request: '诉求',
  wish: '微心愿',
  session: '活动',
  settings: '社区设置',
  rectify: '整改',
  /** 双反馈: a unit's monthly record, for its contacts (吹哨报到). */
  unit: '责任单位',
} as const
export type NoticeTarget = keyof typeof NOTICE_TARGETS

/** The page a notice opens (no leading slash): a request for its worker or resident, or a wish. */
export function noticePage(target: NoticeTarget, kind: NoticeKind): string {
  if (target === 'wish') return 'packages/resident/pages/wish/detail'
  if (target === 'session') return 'pages/activity/index'
  if (target === 'settings') return 'packages/admin/pages/calendar/index'
  if (target === 'rectify') return 'packages/admin/pages/rectify/index'
  if (target === 'unit') return 'packages/grid/pages/unit/index'
  return TEMPLATES[templateOf(kind)].page
}

/** The subscribe-message templates the app asks grants for; a chase uses the task template. */
export const TEMPLATE_KEYS = ['task', 'progress'] as const
export type TemplateKey = (typeof TEMPLATE_KEYS)[number]

export function templateOf(kind: NoticeKind): TemplateKey {
  return kind === 'progress' ? 'progress' : 'task'
}

/** What a message says, before it is fitted into a template. */
export interface NoticeFields {
  /** 工单号 */
  no: string
  /** What it is about: the first words of the description. */
  what: string
  /** 楼栋 */
  where: string
  /** A short status for the resident (已接单, 已办结 …) or the action for a worker (新派单, 催办 …). */
  state: string
  /** The deadline or the time of the change (ISO instant). */
  time: string
  /** One line of explanation. */
  note: string
}

export type FieldType = 'thing' | 'phrase' | 'character_string' | 'time'

export interface TemplateSpec {
  /** Shown on the subscribe prompt and in settings. */
  title: string
  /** The template's keywords in the order WeChat lists them, mapped to our fields. */
  keys: { key: string; type: FieldType; field: keyof NoticeFields }[]
  /** Where tapping the message opens, without a leading slash. */
  page: string
}

/**
 * The two templates chosen from WeChat's public library (公共模板库). The keyword names below are
 * the ones of the templates picked for the demo account; a community's own account configures its
 * template ids (WX_TPL_TASK, WX_TPL_PROGRESS) and, if its templates differ, this table.
 */
export const TEMPLATES: Record<TemplateKey, TemplateSpec> = {
  task: {
    title: '工单待办提醒',
    keys: [
      { key: 'character_string1', type: 'character_string', field: 'no' },
      { key: 'thing2', type: 'thing', field: 'what' },
      { key: 'thing3', type: 'thing', field: 'where' },
      { key: 'time4', type: 'time', field: 'time' },
      { key: 'thing5', type: 'thing', field: 'note' },
    ],
    page: 'packages/grid/pages/detail/index',
  },
  progress: {
    title: '诉求办理进度通知',
    keys: [
      { key: 'character_string1', type: 'character_string', field: 'no' },
      { key: 'phrase2', type: 'phrase', field: 'state' },
      { key: 'thing3', type: 'thing', field: 'note' },
      { key: 'time4', type: 'time', field: 'time' },
    ],
    page: 'packages/resident/pages/request/detail',
  },
}

export const FIELD_LIMITS: Record<FieldType, number> = {
  thing: 20,
  phrase: 5,
  character_string: 32,
  time: 40,
}

/** Counted as WeChat counts: by character, an emoji is one. */
function chars(s: string): string[] {
  return Array.from(s)
}

/**
 * One value made to fit its keyword: `thing` cut to 20 characters with an ellipsis, `phrase` kept
 * to 5 Chinese characters (WeChat refuses anything else in a phrase), `character_string` to the
 * characters WeChat accepts, `time` as Beijing time.
 */
export function fitField(type: FieldType, value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim()
  switch (type) {
    case 'thing': {
      const c = chars(flat)
      return c.length <= FIELD_LIMITS.thing ? flat : `${c.slice(0, FIELD_LIMITS.thing - 1).join('')}…`
    }
    case 'phrase':
      return chars(flat.replace(/[^\u4e00-\u9fa5]/g, ''))
        .slice(0, FIELD_LIMITS.phrase)
        .join('')
    case 'character_string':
      return flat.replace(/[^0-9A-Za-z_\-.:#@]/g, '').slice(0, FIELD_LIMITS.character_string)
    case 'time':
      return formatLocal(value, 'YYYY年MM月DD日 HH:mm')
  }
}

/** The `data` of `subscribeMessage.send` for these fields. */
export function templateData(template: TemplateKey, fields: NoticeFields): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {}
  for (const k of TEMPLATES[template].keys) {
    data[k.key] = { value: fitField(k.type, fields[k.field]) || '—' }
  }
  return data
}

/** Why a message did not go out as a WeChat message (it is in the 消息 list either way). */
export const PUSH_STATES = {
  pending: '微信提醒待发送',
  sending: '微信提醒发送中',
  sent: '已发送微信提醒',
  failed: '未能发送微信提醒',
} as const
export type PushState = keyof typeof PUSH_STATES
