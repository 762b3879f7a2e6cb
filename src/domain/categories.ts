import type { Duration } from './workdays'

/**
 * SLA tiers from Beijing's 12345 接诉即办 rules (domain.md, "Requests"): how soon someone must
 * take the request (accept clock) and how soon it must be resolved (resolve clock).
 */
export const SLA_TIERS = {
  urgent: { name: '紧急', acceptWithin: { minutes: 30 }, resolveWithin: { minutes: 120 } },
  utility: { name: '较急', acceptWithin: { minutes: 120 }, resolveWithin: { minutes: 24 * 60 } },
  ordinary: { name: '一般', acceptWithin: { workingDays: 1 }, resolveWithin: { days: 7 } },
  complex: { name: '复杂', acceptWithin: { workingDays: 1 }, resolveWithin: { days: 15 } },
} as const satisfies Record<string, { name: string; acceptWithin: Duration; resolveWithin: Duration }>

export type SlaTier = keyof typeof SLA_TIERS

export interface Category {
  code: string
  name: string
  hint: string
  tier: SlaTier
  /**
   * Goes straight to the community level and is seen by fewer people (architecture.md: sensitive
   * categories are visible to the community only; src/domain/sensitive.ts).
   */
  sensitive: boolean
}

/** Categories are data: a community may later edit this table; the code only reads it. */
export const CATEGORIES = [
  {
    code: 'safety',
    name: '安全隐患',
    hint: '燃气味、电线裸露、高空坠物等',
    tier: 'urgent',
    sensitive: false,
  },
  {
    code: 'utility',
    name: '水电气暖',
    hint: '停水停电、漏水、暖气不热等',
    tier: 'utility',
    sensitive: false,
  },
  {
    code: 'environment',
    name: '环境卫生',
    hint: '垃圾堆放、楼道杂物、噪音等',
    tier: 'ordinary',
    sensitive: false,
  },
  {
    code: 'facility',
    name: '设施报修',
    hint: '路灯、单元门、健身器材损坏等',
    tier: 'ordinary',
    sensitive: false,
  },
  {
    code: 'dispute',
    name: '邻里纠纷',
    hint: '漏水纠纷、占用车位、宠物扰民等',
    tier: 'complex',
    sensitive: false,
  },
  {
    code: 'help',
    name: '求助帮扶',
    hint: '独居老人照看、就医出行、生活困难等',
    tier: 'ordinary',
    sensitive: false,
  },
  {
    // 略阳: 涉稳涉毒…及时与相关部门对接. Not an emergency line: the hint says where that is.
    code: 'security',
    name: '治安线索',
    hint: '涉毒涉赌、传销、可疑人员等，只有社区工作人员能看到；紧急情况请拨打110',
    tier: 'utility',
    sensitive: true,
  },
  { code: 'other', name: '其他', hint: '其他想反映的事情', tier: 'ordinary', sensitive: false },
] as const satisfies readonly Category[]

export type CategoryCode = (typeof CATEGORIES)[number]['code']

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]]

export function categoryOf(code: string): Category | undefined {
  return CATEGORIES.find((c) => c.code === code)
}
