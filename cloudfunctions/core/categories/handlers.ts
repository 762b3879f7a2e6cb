/**
 * The 分类设置 actions of the contract (src/domain/contract/categories.ts) and the use case serving
 * each: the compiler checks that every action has one, and only those.
 */
import type { categoriesActions } from '../../../src/domain/contract/categories'
import type { HandlersOf } from '../handlers'
import { categoryList, categorySettings, setCategory } from './actions'

export const categoriesHandlers: HandlersOf<typeof categoriesActions> = {
  'settings.categories': categorySettings,
  'settings.setCategory': setCategory,
  'category.list': categoryList,
}
