/**
 * 分类设置 (issue 18, part 4): a community's settings for its request categories, over the
 * built-in table — each action once: input, output, who may call, rate limit, user text.
 */
import * as z from 'zod'
import { CATEGORY_CODES, SLA_TIERS, type SlaTier } from '../categories'
import { CATEGORY_NAME_MAX_CHARS, CATEGORY_NAME_MIN_CHARS } from '../category-settings'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import { action, id } from './schemas'

const TIER_CODES = Object.keys(SLA_TIERS) as [SlaTier, ...SlaTier[]]

export const categorySettingView = z.object({
  code: z.enum(CATEGORY_CODES),
  name: z.string(),
  /** The built-in name, to show what a renamed category was. */
  builtInName: z.string(),
  hint: z.string(),
  tier: z.enum(TIER_CODES),
  tierName: z.string(),
  /** The tier's clocks in words: "30分钟内接单，2小时内办结". */
  clocks: z.string(),
  sensitive: z.boolean(),
  defaultUnitId: z.string().nullable(),
  defaultUnitName: z.string().nullable(),
  disabled: z.boolean(),
  customised: z.boolean(),
})

export const categorySettingsView = z.object({
  categories: z.array(categorySettingView),
  tiers: z.array(z.object({ code: z.enum(TIER_CODES), name: z.string(), clocks: z.string() })),
  /** The community's units, to choose a default handler from. */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The latest changes (the 台账 of the settings), newest first. */
  events: z.array(z.object({ at: z.string(), actorName: z.string(), subject: z.string(), note: z.string() })),
})

export const categoriesActions = {
  /** 分类设置: the community admin's table. */
  'settings.categories': action({
    input: z.strictObject({}),
    output: categorySettingsView,
    access: 'staff',
  }),
  /** Sets one category's name, tier, sensitive flag, default unit and state; the same again changes nothing. */
  'settings.setCategory': action({
    input: z.strictObject({
      code: z.enum(CATEGORY_CODES, { error: '请选择要设置的类别' }),
      name: z
        .string({ error: '请填写类别名称' })
        .trim()
        .min(CATEGORY_NAME_MIN_CHARS, `类别名称至少${CATEGORY_NAME_MIN_CHARS}个字`)
        .max(CATEGORY_NAME_MAX_CHARS, `类别名称最多${CATEGORY_NAME_MAX_CHARS}个字`),
      tier: z.enum(TIER_CODES, { error: '请选择办理时限' }),
      sensitive: z.boolean({ error: '请选择是否仅社区可见' }),
      defaultUnitId: id.nullable().default(null),
      disabled: z.boolean({ error: '请选择启用还是停用' }),
    }),
    output: categorySettingsView,
    access: 'staff',
    rateLimit: hour(100),
    // Residents read the name on the request form and on their requests.
    userText: { scene: profile, shown: 'public', fields: (i) => ({ name: i.name }) },
  }),
  /** The categories a new request may take in the caller's community, by its names (the 我要反映 form). */
  'category.list': action({
    input: z.strictObject({}),
    output: z.object({
      categories: z.array(z.object({ code: z.enum(CATEGORY_CODES), name: z.string(), hint: z.string() })),
    }),
    access: 'user',
  }),
}
