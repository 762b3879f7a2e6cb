/**
 * 民情日志's words and bounds (src/domain/fieldlog.ts holds the rules): entry kinds, 六清楚 household
 * kinds, who consents, the text and interval bounds. Apart from the rules because the screens read
 * them and the rules read the calendar (chinese-days), which the mini-program build must not bundle.
 */
import type { CategoryCode } from './categories'

export const LOG_ENTRY_KINDS = {
  visit: '走访',
  dispute: '矛盾纠纷',
  suggestion: '意见建议',
} as const
export type LogEntryKind = keyof typeof LOG_ENTRY_KINDS
export const LOG_ENTRY_KIND_CODES = Object.keys(LOG_ENTRY_KINDS) as [LogEntryKind, ...LogEntryKind[]]

/**
 * 转为诉求 is one tap: the request's category unless the member picks another first — what a visit
 * turns up is most often help a household needs, a dispute is a 邻里纠纷, a suggestion 其他.
 */
export const ENTRY_REQUEST_CATEGORY: Record<LogEntryKind, CategoryCode> = {
  visit: 'help',
  dispute: 'dispute',
  suggestion: 'other',
}

/** 六清楚 (三顺店): what kind of household, recorded only with the household's consent. */
export const HOUSEHOLD_KINDS = {
  aloneElder: '独居老人',
  emptyNest: '空巢老人',
  lowIncome: '低保户',
  disabled: '残疾人家庭',
  leftBehindChild: '留守儿童',
  keyConcern: '重点关注',
} as const
export type HouseholdKind = keyof typeof HOUSEHOLD_KINDS
export const HOUSEHOLD_KIND_CODES = Object.keys(HOUSEHOLD_KINDS) as [HouseholdKind, ...HouseholdKind[]]

/** Who gave the consent to record the household's kind. */
export const CONSENT_BY = ['本人', '家属', '监护人'] as const

export const LOG_TEXT_MIN = 5
export const LOG_TEXT_MAX = 300

/** The visit plan's interval: a default per grid level (阿拉善右旗: every 3 days), and its bounds. */
export const VISIT_INTERVAL = {
  /** Working days between two visits of a household when the grid leader has set nothing. */
  default: 3,
  min: 1,
  max: 30,
} as const
