/**
 * 分类设置 (issue 18, part 4; domain.md "Two clocks per request, from the category"): a community's
 * own settings over the built-in table of categories.ts — the name residents read, the SLA tier
 * whose clocks a new request gets, whether it is sensitive (to the community only), the unit that
 * handles it by default, and whether it may be chosen at all. Nothing set: the built-in table.
 *
 * A request keeps the settings in force when it was filed (its snapshot: name, tier, sensitive,
 * default unit), so a later change never moves an existing request's clocks or its routing.
 */
import { CATEGORIES, categoryOf, SLA_TIERS, type CategoryCode, type SlaTier } from './categories'
import type { Duration } from './workdays'

export const CATEGORY_NAME_MIN_CHARS = 2
export const CATEGORY_NAME_MAX_CHARS = 8

/** What a community may set for one category (every field: what it was set to last). */
export interface CategoryOverride {
  name: string
  tier: SlaTier
  sensitive: boolean
  /** 责任单位 (cloudfunctions/core/units) that handles it by default: 吹哨 suggests it first. */
  defaultUnitId: string | null
  /** Not offered for new requests; those filed before keep working. */
  disabled: boolean
}

export type CategoryOverrides = Partial<Record<CategoryCode, CategoryOverride>>

/** A category as a community has it now: the built-in entry with the community's settings. */
export interface CategorySetting extends CategoryOverride {
  code: CategoryCode
  hint: string
  /** Whether anything differs from the built-in table. */
  customised: boolean
}

/** The built-in table as settings: what a community without settings has. */
export function builtInSetting(code: CategoryCode): CategoryOverride {
  const c = CATEGORIES.find((x) => x.code === code)!
  return { name: c.name, tier: c.tier, sensitive: c.sensitive, defaultUnitId: null, disabled: false }
}

const FIELDS = ['name', 'tier', 'sensitive', 'defaultUnitId', 'disabled'] as const

function sameSetting(a: CategoryOverride, b: CategoryOverride): boolean {
  return FIELDS.every((f) => a[f] === b[f])
}

/** Every category, in the built-in order, as the community's settings make it. */
export function effectiveCategories(overrides: CategoryOverrides | undefined): CategorySetting[] {
  return CATEGORIES.map((c) => {
    const base = builtInSetting(c.code)
    const set = overrides?.[c.code]
    const now = set ? { ...base, ...set } : base
    return { code: c.code, hint: c.hint, ...now, customised: !sameSetting(now, base) }
  })
}

export function settingOf(overrides: CategoryOverrides | undefined, code: CategoryCode): CategorySetting {
  return effectiveCategories(overrides).find((c) => c.code === code)!
}

/** Why a new request may not be filed in this category; null if it may. */
export function disabledRefusal(setting: CategorySetting): string | null {
  return setting.disabled ? `本社区已停用“${setting.name}”这一类，请选择其他类别` : null
}

/**
 * The 台账 line of a change, before → after, field by field: "名称：设施报修 → 公共设施；时限：一般 →
 * 紧急"; null when nothing changed. `unitName` names a unit id (a unit since removed: 已删除的单位).
 */
export function describeChange(
  before: CategoryOverride,
  after: CategoryOverride,
  unitName: (id: string | null) => string,
): string | null {
  const yesNo = (b: boolean) => (b ? '是' : '否')
  const parts: string[] = []
  if (before.name !== after.name) parts.push(`名称：${before.name} → ${after.name}`)
  if (before.tier !== after.tier)
    parts.push(`时限：${SLA_TIERS[before.tier].name} → ${SLA_TIERS[after.tier].name}`)
  if (before.sensitive !== after.sensitive)
    parts.push(`仅社区可见：${yesNo(before.sensitive)} → ${yesNo(after.sensitive)}`)
  if (before.defaultUnitId !== after.defaultUnitId)
    parts.push(`默认责任单位：${unitName(before.defaultUnitId)} → ${unitName(after.defaultUnitId)}`)
  if (before.disabled !== after.disabled)
    parts.push(`状态：${before.disabled ? '已停用' : '启用'} → ${after.disabled ? '已停用' : '启用'}`)
  return parts.length ? parts.join('；') : null
}

/** A tier's clocks in words, for the settings screen: "30分钟内接单，2小时内办结". */
export function tierClocksText(tier: SlaTier): string {
  const t: { acceptWithin: Duration; resolveWithin: Duration } = SLA_TIERS[tier]
  const words = (d: Duration): string => {
    if ('workingDays' in d) return `${d.workingDays}个工作日`
    if ('days' in d) return `${d.days}天`
    return d.minutes % 60 === 0 ? `${d.minutes / 60}小时` : `${d.minutes}分钟`
  }
  return `${words(t.acceptWithin)}内接单，${words(t.resolveWithin)}内办结`
}

/** A request's category by the name it was filed under (its snapshot); from before 分类设置: the built-in name. */
export function categoryNameOf(r: { category: string; categoryName?: string }): string {
  return r.categoryName ?? categoryOf(r.category)?.name ?? r.category
}
