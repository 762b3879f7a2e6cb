import { MOVED_PAGES, NOT_FOUND_PAGE, pageNotFoundUrl } from '../../src/domain/links'

describe('an address that is no page (onPageNotFound)', () => {
  test('a moved page’s old address opens its new one, with the same query', () => {
    expect(pageNotFoundUrl('pages/wish/detail', { id: 'w1' })).toBe(
      '/packages/resident/pages/wish/detail?id=w1',
    )
    expect(pageNotFoundUrl('pages/volunteer/register', {})).toBe('/packages/volunteer/pages/register/index')
    expect(pageNotFoundUrl('pages/request/detail', { id: 'r 1', created: '1' })).toBe(
      '/packages/resident/pages/request/detail?id=r%201&created=1',
    )
  })

  test('H5’s router: a leading slash, and a valueless key of its own, dropped', () => {
    expect(pageNotFoundUrl('/pages/invite/index', { t123: null, scene: 'iv.AB12CD34' })).toBe(
      '/packages/resident/pages/invite/index?scene=iv.AB12CD34',
    )
  })

  test('anything else says 这个页面不存在; a page still in the main package is not "moved"', () => {
    expect(pageNotFoundUrl('pages/no-such-page/index', { id: 'x' })).toBe(`/${NOT_FOUND_PAGE}`)
    expect(pageNotFoundUrl('pages/index/index')).toBe(`/${NOT_FOUND_PAGE}`)
    // Every move leaves the main package for a subpackage, and no two old pages land on one.
    const targets = Object.values(MOVED_PAGES)
    expect(targets.filter((t) => !/^packages\/(resident|volunteer)\/pages\//.test(t))).toEqual([])
    expect(new Set(targets).size).toBe(targets.length)
    expect(Object.keys(MOVED_PAGES).filter((k) => !k.startsWith('pages/'))).toEqual([])
  })
})
