/**
 * Pages moved out of the main package (issue 21) keep their old addresses working in H5 too: a
 * link or code made before the move (here the 心愿墙 a shared card named, and an invitation's H5
 * link) opens the page where it is now, with its query, and a typo still says 这个页面不存在.
 */
import { h5Url } from '../../src/domain/links'
import { demoPerson as choose, fileE2E } from './browser'

const e2e = fileE2E({ at: '2026-12-03T10:00:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

test('old addresses of moved pages open them where they are now; an unknown one says so', async () => {
  const resident = await demoPerson('王大爷 · 居民')
  const r = resident.page
  await r.goto(h5Url(e2e.host.url, 'pages/wish/wall'))
  await r.reload()
  await r.waitForURL(/#\/packages\/resident\/pages\/wish\/wall/)
  await r.getByText('我的心愿').first().waitFor()
  await e2e.shot(r, '273-old-wish-wall-address')

  await r.goto(h5Url(e2e.host.url, 'pages/invite/index', { scene: 'iv.AB12CD34' }))
  await r.reload()
  await r.waitForURL(/#\/packages\/resident\/pages\/invite\/index\?scene=iv\.AB12CD34/)

  await r.goto(h5Url(e2e.host.url, 'pages/no-such-page/index'))
  await r.reload()
  await r.getByText('这个页面不存在').waitFor()
  await e2e.shot(r, '274-unknown-address')
})
