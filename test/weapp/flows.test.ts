/**
 * The mini-program's taps, on phones running dist/weapp (test/weapp/runtime) against the local
 * host: a newcomer scans a building's code and binds; a resident posts a request with a photo
 * and WeChat's phone number, and asks for WeChat reminders; the building's grid member accepts
 * it from the workbench and the resident hears of it; a volunteer signs up for tomorrow's
 * 暖心助老 visit and cancels. Each step asserts what WeChat was asked to do (navigation, toasts,
 * modals, uploads, the api actions) and what the person then reads.
 */
import { fileWeapp } from './runtime/harness'
import { demoScene, type Scene } from './scene'

const weapp = fileWeapp({ at: '2026-11-25T10:00:00+08:00' })
let scene: Scene
beforeAll(async () => {
  scene = await demoScene(weapp)
})

/** A photo as a phone's album gives one: JPEG bytes (the server checks them). */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 3)])
const DESCRIPTION = '楼上每天夜里十二点以后还在拖动家具，吵得老人睡不着觉。'

test('a newcomer scans 2号楼’s code, agrees to the privacy prompt and binds: 首页 shows building and room', async () => {
  const phone = await weapp.phone('demo-newcomer', '/pages/bind/index?scene=B02')
  try {
    expect(phone.sees('个人信息保护提示')).toBe(true)
    expect(phone.sees('您是否居住在 2号楼？')).toBe(true)
    // 同意并继续 is WeChat's agreePrivacyAuthorization button; the app stores the consent too.
    await phone.tap('同意并继续')
    expect(phone.callsOf('button:agreePrivacyAuthorization')).toHaveLength(1)
    expect(phone.actions().at(-1)).toEqual({ action: 'me.consent', input: { version: expect.any(String) } })
    expect(phone.sees('个人信息保护提示')).toBe(false)

    await phone.fill('门牌号（选填，方便网格员上门）', '2单元301')
    await phone.tap('是，我住在这里')
    expect(phone.actions()).toContainEqual({
      action: 'me.bindBuilding',
      input: { buildingCode: 'B02', room: '2单元301' },
    })
    expect(phone.callsOf('showToast')).toEqual([{ title: '绑定成功', icon: 'success' }])
    expect(phone.callsOf('switchTab')).toEqual([{ url: '/pages/index/index' }])
    expect(phone.route).toBe('pages/index/index')
    expect(phone.sees('2号楼 2单元301')).toBe(true)
    expect(phone.sees('负责网格：第一网格 · 1号微网格')).toBe(true)
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})

let posted = ''

test('a resident posts a request with a photo and WeChat’s phone number, then turns on WeChat reminders', async () => {
  const phone = await weapp.phone('demo-resident-2')
  try {
    await phone.tap('我要反映')
    expect(phone.callsOf('navigateTo')).toEqual([{ url: '/packages/resident/pages/request/new' }])
    expect(phone.route).toBe('packages/resident/pages/request/new')

    await phone.tap('邻里纠纷')
    expect(phone.sees('漏水纠纷、占用车位、宠物扰民等')).toBe(true)
    await phone.fill('说说具体情况', DESCRIPTION)
    expect(phone.sees(`${DESCRIPTION.length}/500`)).toBe(true)

    // The album gives one photo; before it, WeChat asks the app's own prompt for the privacy
    // guide (onNeedPrivacyAuthorization: no WeChat popup), answered 同意并继续 — WeChat's
    // agreePrivacyAuthorization button — after which the held chooseMedia goes on.
    phone.chooseQueue.push([{ path: 'wxfile://tmp/photo-1.jpg', bytes: JPEG }])
    await phone.tap('添加照片')
    expect(phone.sees('请先阅读并同意《暖心网格隐私政策》')).toBe(true)
    expect(phone.sees('还可加2张')).toBe(false)
    await phone.tap('同意并继续')
    expect(phone.callsOf('privacyPopup')).toEqual([])
    expect(phone.callsOf('button:agreePrivacyAuthorization')).toHaveLength(1)
    expect(phone.sees('还可加2张')).toBe(true)
    expect(phone.sees('请先阅读并同意《暖心网格隐私政策》')).toBe(false)

    await phone.fill('怎么称呼您', '孙阿姨')
    // WeChat's own phone-number button: a code the server turns into the number.
    await phone.tap('使用微信绑定的手机号')
    expect(phone.callsOf('button:getPhoneNumber')).toHaveLength(1)
    expect(phone.sees('将使用您微信绑定的手机号')).toBe(true)

    const before = phone.actions().length
    await phone.tap('提交')
    const uploads = phone.callsOf('cloud.uploadFile')
    expect(uploads).toEqual([
      {
        cloudPath: expect.stringMatching(/^photos\/demo-resident-2\/\w+\.jpg$/),
        filePath: expect.any(String),
      },
    ])
    const sent = phone.actions().slice(before)
    expect(sent.map((a) => a.action)).toEqual([
      'me.contact',
      'me.get',
      'upload.record',
      'request.create',
      'request.get',
      'notify.settings',
    ])
    expect(sent[0].input).toEqual({ name: '孙阿姨', noPhone: false, phoneCode: 'local-phone-13900001111' })
    const recorded = (sent[2].input as { fileID: string }).fileID
    expect(sent[3].input).toEqual({
      requestId: expect.any(String),
      category: 'dispute',
      description: DESCRIPTION,
      photos: [recorded],
    })
    const [redirect] = phone.callsOf('redirectTo')
    posted = /[?&]id=(\w+)&created=1$/.exec(String(redirect.url))?.[1] ?? ''
    expect(posted).not.toBe('')
    expect(phone.route).toBe('packages/resident/pages/request/detail')
    expect(phone.sees('已提交，已送达第一网格 · 2号微网格')).toBe(true)
    expect(phone.sees('网格员将在 11-26 10:00 前接单')).toBe(true)
    expect(phone.sees('居民拍摄')).toBe(true)

    // One more reminder: WeChat's subscribe sheet (answered 允许), counted by the server.
    expect(phone.sees('尚未开启：只能在“消息”里查看')).toBe(true)
    await phone.tap('开启微信提醒')
    expect(phone.callsOf('requestSubscribeMessage')).toEqual([{ tmplIds: ['local-progress'], entityIds: [] }])
    expect(phone.actions().at(-1)).toEqual({
      action: 'notify.subscribed',
      input: { results: { 'local-progress': 'accept' } },
    })
    expect(phone.sees('还可提醒您 1 次（每次允许可收到一条）')).toBe(true)
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})

test('the building’s grid member accepts it from the workbench; the resident is told', async () => {
  expect(posted).not.toBe('')
  const member = await weapp.phone('demo-member-1-2')
  try {
    expect(member.sees('陈明，您好')).toBe(true)
    await member.tap('进入网格员工作台')
    expect(member.callsOf('navigateTo')).toEqual([{ url: '/packages/grid/pages/inbox/index' }])
    expect(member.sees('待接单 1')).toBe(true)
    await member.tap(DESCRIPTION)
    expect(member.callsOf('navigateTo').at(-1)).toEqual({
      url: `/packages/grid/pages/detail/index?id=${posted}`,
    })
    // The number WeChat vouched for, masked until the member has accepted.
    expect(member.sees('孙阿姨 · 3号楼 1单元201')).toBe(true)
    expect(member.sees('电话：139****1111')).toBe(true)

    await member.tap('接单')
    expect(member.actions().at(-1)).toEqual({ action: 'request.accept', input: { id: posted } })
    expect(member.callsOf('showToast')).toEqual([{ title: '已接单', icon: 'success' }])
    expect(member.sees('确认办结')).toBe(true)
    expect(member.sees('网格员接单 · 陈明')).toBe(true)
    expect(member.sees('接单办理时可查看')).toBe(true)
    expect(member.errors).toEqual([])

    // The navigation bar's back arrow: the inbox, shown again, has nothing waiting any more.
    await member.back()
    expect(member.route).toBe('packages/grid/pages/inbox/index')
    expect(member.sees('待接单 0')).toBe(true)
    expect(member.sees('没有待接单的诉求')).toBe(true)
  } finally {
    member.close()
  }
  const resident = await weapp.phone('demo-resident-2', '/packages/resident/pages/messages/index')
  try {
    expect(resident.sees('您的诉求已有网格员接单')).toBe(true)
    await resident.tap('您的诉求已有网格员接单')
    expect(resident.callsOf('navigateTo')).toEqual([{ url: expect.stringContaining(posted) }])
    expect(resident.sees('网格员接单 · 陈明')).toBe(true)
    expect(resident.errors).toEqual([])
  } finally {
    resident.close()
  }
})

test('a volunteer signs up for tomorrow’s 暖心助老 visit from the 活动 tab, keeps it once, then cancels', async () => {
  const phone = await weapp.phone('demo-volunteer-2')
  try {
    await phone.tapTab('活动')
    expect(phone.route).toBe('pages/activity/index')
    expect(phone.sees('助老志愿者：余 4 / 共 4')).toBe(true)

    await phone.tap('报名：助老志愿者')
    expect(phone.actions().at(-1)).toEqual({
      action: 'session.signUp',
      input: { sessionId: scene.careSessionId, role: 'visitor' },
    })
    expect(phone.sees('助老志愿者：余 3 / 共 4')).toBe(true)
    expect(phone.sees('已报名')).toBe(true)

    // 不取消了: the modal's cancel keeps the place; nothing is sent.
    phone.modalAnswers.push(false)
    const sentBefore = phone.actions().length
    await phone.tap('取消报名')
    expect(phone.callsOf('showModal')).toEqual([
      expect.objectContaining({ title: '取消报名？', confirmText: '取消报名', cancelText: '不取消了' }),
    ])
    expect(phone.actions()).toHaveLength(sentBefore)
    expect(phone.sees('已报名')).toBe(true)

    await phone.tap('取消报名')
    expect(phone.callsOf('showModal')).toHaveLength(2)
    expect(phone.actions().at(-1)).toEqual({
      action: 'session.cancel',
      input: { sessionId: scene.careSessionId },
    })
    expect(phone.sees('助老志愿者：余 4 / 共 4')).toBe(true)
    expect(phone.sees('报名：助老志愿者')).toBe(true)
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})

/**
 * 消息 opens a session's notice on the 活动 tab (noticePage → pages/activity/index). WeChat refuses
 * navigateTo to a tab page (the H5 router allows it, so the browser tests could not see it): the
 * tap goes through openPage, which switches tab.
 */
test('a volunteer taps tomorrow’s reminder in 消息 and lands on the 活动 tab (switchTab, as WeChat requires)', async () => {
  await weapp.api('demo-volunteer-2', 'session.signUp', { sessionId: scene.careSessionId, role: 'visitor' })
  // The scheduler's minute: the day-before reminder goes into 消息.
  const run = await fetch(`${weapp.host.url}/fn/scheduler`, { method: 'POST', body: '{"Type":"Timer"}' })
  // Other notices of the demo may fall due in the same minute (staff's, by the weekday): hers is one.
  expect(
    ((await run.json()) as { data: { messagesCreated: number } }).data.messagesCreated,
  ).toBeGreaterThanOrEqual(1)
  const hers = await weapp.api<{ items: { targetId: string; title: string }[] }>(
    'demo-volunteer-2',
    'message.list',
    {},
  )
  expect(hers.items.filter((m) => m.targetId === scene.careSessionId).map((m) => m.title)).toEqual([
    '明天有您报名的活动',
  ])
  const phone = await weapp.phone('demo-volunteer-2', '/packages/resident/pages/messages/index')
  try {
    await phone.tap('明天有您报名的活动')
    expect(phone.callsOf('navigateTo')).toEqual([])
    expect(phone.callsOf('switchTab')).toEqual([{ url: '/pages/activity/index' }])
    expect(phone.errors).toEqual([])
    expect(phone.route).toBe('pages/activity/index')
  } finally {
    phone.close()
  }
})
