/**
 * 分类设置 (issue 18, part 4): the community admin reads the categories as the community has them
 * and changes one at a time — name, SLA tier, sensitive, default unit, disabled — each change a
 * settings event (the 台账) with before → after. Residents' forms read the enabled ones by name.
 * A request keeps what was in force when it was filed (requests/create.ts): nothing here touches
 * an existing request.
 */
import { SLA_TIERS, type CategoryCode, type SlaTier } from '../../../src/domain/categories'
import {
  builtInSetting,
  describeChange,
  effectiveCategories,
  tierClocksText,
  type CategoryOverride,
} from '../../../src/domain/category-settings'
import type { ActionOutput } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import type { ActionContext, Caller } from '../context'
import { byId, collection, type Database } from '../db'
import { adminCommunity } from '../scopes'
import { recentSettingsEvents, recordSettingsEvent } from '../settings-events'
import { communityUnits } from '../units/actions'
import { communityCategories } from './store'

const REFUSAL = '只有社区管理员可以设置诉求分类'
const CATEGORY_EVENTS = ['category.set'] as const

async function settingsView(db: Database, communityId: string): Promise<ActionOutput<'settings.categories'>> {
  const [categories, units, events] = await Promise.all([
    communityCategories(db, communityId),
    communityUnits(db, communityId),
    recentSettingsEvents(db, communityId, CATEGORY_EVENTS),
  ])
  const unitNames = new Map(units.map((u) => [u._id, u.name]))
  return {
    categories: categories.map((c) => ({
      code: c.code,
      name: c.name,
      builtInName: builtInSetting(c.code).name,
      hint: c.hint,
      tier: c.tier,
      tierName: SLA_TIERS[c.tier].name,
      clocks: tierClocksText(c.tier),
      sensitive: c.sensitive,
      defaultUnitId: c.defaultUnitId,
      defaultUnitName: c.defaultUnitId ? (unitNames.get(c.defaultUnitId) ?? '已删除的单位') : null,
      disabled: c.disabled,
      customised: c.customised,
    })),
    tiers: (Object.keys(SLA_TIERS) as SlaTier[]).map((code) => ({
      code,
      name: SLA_TIERS[code].name,
      clocks: tierClocksText(code),
    })),
    units: units.map((u) => ({ id: u._id, name: u.name })),
    events,
  }
}

export async function categorySettings(_input: Record<string, never>, { deps, caller }: ActionContext) {
  return settingsView(deps.db, adminCommunity(caller, REFUSAL))
}

/** Sets one category; the same settings again write nothing and record nothing. */
export async function setCategory(
  input: CategoryOverride & { code: CategoryCode },
  { deps, caller }: ActionContext,
) {
  const { db, now } = deps
  const communityId = adminCommunity(caller, REFUSAL)
  const { code, ...after } = input
  const [categories, units] = await Promise.all([
    communityCategories(db, communityId),
    communityUnits(db, communityId),
  ])
  if (after.defaultUnitId && !units.some((u) => u._id === after.defaultUnitId))
    throw new AppError('INVALID_INPUT', '请选择本社区登记的责任单位', {
      defaultUnitId: '请选择本社区登记的责任单位',
    })
  if (after.disabled && categories.filter((c) => !c.disabled && c.code !== code).length === 0)
    throw new AppError('CONFLICT', '至少要保留一类可选的诉求，居民才能反映问题')
  const {
    code: _code,
    hint: _hint,
    customised: _customised,
    ...before
  } = categories.find((c) => c.code === code)!
  const unitNames = new Map(units.map((u) => [u._id, u.name]))
  const change = describeChange(before, after, (id) => (id ? (unitNames.get(id) ?? '已删除的单位') : '无'))
  if (change) {
    await collection(db, 'communities')
      .doc(communityId)
      .update({ categorySettings: { [code]: after } })
    await recordSettingsEvent(db, caller, communityId, now(), 'category.set', `分类“${before.name}”`, change)
  }
  return settingsView(db, communityId)
}

/** Whose categories a caller's form shows: their building's community, else where they work. */
async function callerCommunity(db: Database, caller: Caller): Promise<string | null> {
  const code = caller.user?.buildingCode
  const building = code ? await byId(db, 'buildings', code) : undefined
  return building?.communityId ?? caller.communityId
}

/** The categories a new request may take, by the community's names (nobody's community: the built-in). */
export async function categoryList(_input: Record<string, never>, { deps, caller }: ActionContext) {
  const communityId = await callerCommunity(deps.db, caller)
  const categories = communityId
    ? await communityCategories(deps.db, communityId)
    : effectiveCategories(undefined)
  return {
    categories: categories
      .filter((c) => !c.disabled)
      .map((c) => ({ code: c.code, name: c.name, hint: c.hint })),
  }
}
