/**
 * 开放接口 in a real browser (issue 19, part 3): the admin opens it from 社区设置, issues a key to
 * 区12345热线平台 — a name too short is refused in words — sees the key once, the platform files a
 * request with it over Open311, the list counts the use, and 撤销 (asked first) ends the key.
 */
import { h5Url } from '../../src/domain/links'
import { OPEN311_BASE_PATH } from '../../src/domain/open311'
import { demoPerson as choose, fileE2E, toastGone } from './browser'

/** A Monday morning. */
const e2e = fileE2E({ at: '2026-12-07T09:30:00+08:00' })
const demoPerson = (label: string) => choose(e2e, label)

test('the admin issues a key (shown once), it files a request over Open311, then is revoked', async () => {
  const admin = await demoPerson('李秀兰 · 社区管理员')
  const a = admin.page
  await a.goto(h5Url(e2e.host.url, 'packages/admin/pages/setup/index'))
  await a.reload()
  await a.getByTestId('setup-apikeys').click()
  await a.getByText('还没有发放过密钥。').waitFor()
  await a.getByText(`${OPEN311_BASE_PATH}/services.json?jurisdiction_id=c-xingfuli`).waitFor()
  await e2e.shot(a, '250-apikeys-empty')

  await a.getByTestId('apikey-organisation').locator('input').fill('区')
  await a.getByTestId('apikey-issue').click()
  await a.getByText('单位名称至少2个字').waitFor()
  await e2e.shot(a, '251-apikeys-too-short')

  await a.getByTestId('apikey-organisation').locator('input').fill('暖阳区12345热线平台')
  await a.getByTestId('apikey-issue').click()
  const shownKey = a.getByTestId('apikey-key')
  await shownKey.waitFor()
  const key = (await shownKey.innerText()).trim()
  expect(key).toMatch(/^o311_[0-9a-f]{32}$/)
  await a.getByText('只显示这一次', { exact: false }).waitFor()
  await e2e.shot(a, '252-apikeys-issued')

  // The platform files a request with it, as GeoReport v2 says.
  const res = await fetch(`${e2e.host.url}${OPEN311_BASE_PATH}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `api_key=${key}&service_code=facility&address_id=B01&description=${encodeURIComponent('市民来电：1号楼门口路灯不亮')}`,
  })
  expect(res.status).toBe(201)

  await a.getByTestId('apikey-done').click()
  await a.reload()
  const card = a.getByTestId('apikey-card').filter({ hasText: '暖阳区12345热线平台' })
  await card.getByText('已使用 1 次', { exact: false }).waitFor()
  // Gone with the page: the list shows only its beginning.
  expect(await a.getByText(key).count()).toBe(0)
  await a.getByText('发给暖阳区12345热线平台', { exact: false }).waitFor()
  await e2e.shot(a, '253-apikeys-used')

  await card.getByTestId('apikey-revoke').click()
  await a.getByText('暂不撤销', { exact: true }).waitFor()
  await e2e.shot(a, '254-apikeys-revoke-ask')
  await a.getByText('撤销密钥', { exact: true }).last().click()
  await card.getByText('已撤销', { exact: false }).waitFor()
  await a.getByText('撤销暖阳区12345热线平台的密钥', { exact: false }).waitFor()
  await toastGone(a)
  await e2e.shot(a, '255-apikeys-revoked')
  const refused = await fetch(`${e2e.host.url}${OPEN311_BASE_PATH}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `api_key=${key}&service_code=facility&address_id=B01&description=${encodeURIComponent('市民来电：1号楼门口路灯不亮')}`,
  })
  expect(refused.status).toBe(403)
  await admin.context.close()
})
