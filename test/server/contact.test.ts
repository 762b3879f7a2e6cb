/**
 * 怎么联系您: the resident gives a name and a phone (typed, or WeChat's button) or chooses
 * 不留电话 once; the grid member handling the request sees it masked, or "不留电话".
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { clockApi, fileEnv } from '../support/env'
import { refusal } from '../support/expect'

const env = fileEnv({ at: '2026-11-25T10:00:00+08:00' })
const api = () => clockApi(env, () => new Date('2026-11-25T10:30:00+08:00'))
let seq = 0

async function residentWithRequest() {
  const who = `t-contact-${++seq}`
  const me = await api().ok(who, 'me.bindBuilding', { buildingCode: 'B01' })
  expect(me.contact).toEqual({ asked: false, name: '', phone: null, noPhone: false })
  const post = async () =>
    (
      await api().ok(who, 'request.create', {
        requestId: `contact-${seq}-xxxxxx`,
        category: 'facility',
        description: '楼道的声控灯坏了好几天，晚上看不清',
      })
    ).id
  return { who, post }
}

test('a typed name and phone reach the handler masked; asked once, prefilled after', async () => {
  const { who, post } = await residentWithRequest()
  const me = await api().ok(who, 'me.contact', { name: '王阿姨', phone: '13912345678' })
  expect(me.contact).toEqual({ asked: true, name: '王阿姨', phone: '13912345678', noPhone: false })
  const id = await post()
  const seen = await api().ok('demo-member-1-1', 'request.get', { id })
  expect(seen.resident).toEqual({ name: '王阿姨', phone: '139****5678', room: null, noPhone: false })
})

test('不留电话 is shown to the member as a choice, not as "未留"', async () => {
  const { who, post } = await residentWithRequest()
  await api().ok(who, 'me.contact', { name: '老周', noPhone: true })
  const seen = await api().ok('demo-member-1-1', 'request.get', { id: await post() })
  expect(seen.resident).toMatchObject({ phone: null, noPhone: true })
})

test('WeChat’s phone button: the number is read on the server from its one-time code', async () => {
  const { who } = await residentWithRequest()
  const me = await api().ok(who, 'me.contact', { name: '小孙', phoneCode: 'local-phone-13700001111' })
  expect(me.contact.phone).toBe('13700001111')
  expect(await api().call(who, 'me.contact', { name: '小孙', phoneCode: 'forged' })).toMatchObject(
    refusal('INVALID_INPUT', '没有取到微信绑定的手机号，请手动填写'),
  )
  // The refused call changed nothing.
  const user = (await env.db.collection(COLLECTIONS.users).doc(who).get()).data[0] as { phone?: string }
  expect(user.phone).toBe('13700001111')
})

test('bad input and callers without a building are refused in Chinese', async () => {
  const { who } = await residentWithRequest()
  expect(await api().call(who, 'me.contact', { name: '王阿姨' } as never)).toMatchObject(
    refusal('INVALID_INPUT', '请留个电话，方便网格员回电；不想留可以选「不留电话」'),
  )
  expect(await api().call(who, 'me.contact', { name: '王阿姨', phone: '12345' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fields: { phone: '手机号格式不正确' } },
  })
  expect(await api().call(who, 'me.contact', { name: '赌博', noPhone: true })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fields: { name: expect.any(String) } },
  })
  expect(await api().call('t-contact-stranger', 'me.contact', { name: '路人', noPhone: true })).toMatchObject(
    {
      ok: false,
      error: { code: 'FORBIDDEN' },
    },
  )
  expect((await api().ok(who, 'me.get', {})).contact.asked).toBe(false)
})
