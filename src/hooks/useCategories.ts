import { call } from '../api/client'
import { categoryOf, type CategoryCode } from '../domain/categories'
import { useApi } from './useApi'

/**
 * The categories a new request may take here, by the community's names (分类设置, `category.list`):
 * the chips of every form that files a request, and each one's hint. None until it answers.
 */
export function useCategories() {
  const list = useApi(() => call('category.list', {}))
  const categories = list.data?.categories ?? []
  return {
    options: categories.map((c) => ({ value: c.code, label: c.name })),
    hintOf: (code: CategoryCode | undefined) => categories.find((c) => c.code === code)?.hint,
    // Until it answers, the built-in name (never the bare code).
    nameOf: (code: CategoryCode) =>
      categories.find((c) => c.code === code)?.name ?? categoryOf(code)?.name ?? code,
  }
}
