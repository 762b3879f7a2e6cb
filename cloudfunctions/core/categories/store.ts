/**
 * A community's categories as its settings make them (src/domain/category-settings.ts), read where a
 * request is filed and where a screen lists them.
 */
import type { CategoryCode } from '../../../src/domain/categories'
import {
  disabledRefusal,
  effectiveCategories,
  settingOf,
  type CategorySetting,
} from '../../../src/domain/category-settings'
import { AppError } from '../../../src/domain/errors'
import { byId, type Database } from '../db'

export async function communityCategories(db: Database, communityId: string): Promise<CategorySetting[]> {
  const community = await byId(db, 'communities', communityId)
  return effectiveCategories(community?.categorySettings)
}

/**
 * The settings a new request of `code` takes (its snapshot). `chosen`: a person picked the category,
 * so a disabled one is refused in words; a request the system files itself (a 暖心助老 visit's
 * 求助帮扶) is not a choice and goes ahead.
 */
export async function settingForNewRequest(
  db: Database,
  communityId: string,
  code: CategoryCode,
  chosen: boolean,
): Promise<CategorySetting> {
  const community = await byId(db, 'communities', communityId)
  const setting = settingOf(community?.categorySettings, code)
  const refusal = chosen ? disabledRefusal(setting) : null
  if (refusal) throw new AppError('INVALID_INPUT', refusal, { category: refusal })
  return setting
}
