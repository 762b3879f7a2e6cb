/**
 * The phone refuses what WeChat refuses, so a page that passes here does not pass by the
 * harness being lenient: a tap nothing listens to, navigation WeChat's router does not allow, a
 * toast title longer than its icon leaves room for.
 */
import { fileWeapp } from './runtime/harness'

const weapp = fileWeapp({ at: '2026-11-25T10:00:00+08:00' })

test('a tap on text that nothing handles is refused, not silently passed', async () => {
  const phone = await weapp.phone('demo-resident-1', '/packages/resident/pages/privacy/index')
  try {
    await expect(phone.tap('我们收集哪些信息')).rejects.toThrow('nothing takes a tap on "我们收集哪些信息"')
    await expect(phone.tap('没有这段文字')).rejects.toThrow(
      'no "没有这段文字" on packages/resident/pages/privacy/index',
    )
  } finally {
    phone.close()
  }
})

test('WeChat’s router: no navigateTo or redirectTo to a tab page, no switchTab off the bar, no unknown page, at most 10 pages', async () => {
  const phone = await weapp.phone('demo-resident-1', '/packages/resident/pages/privacy/index')
  try {
    phone.evaluate(`
      var said = (globalThis.said = [])
      var note = function (e) { said.push(e.errMsg) }
      wx.navigateTo({ url: '/pages/mine/index', fail: note })
      wx.redirectTo({ url: '/pages/activity/index', fail: note })
      wx.switchTab({ url: '/packages/resident/pages/privacy/data', fail: note })
      wx.navigateTo({ url: '/pages/nowhere/index', fail: note })
    `)
    await phone.settle()
    expect(phone.evaluate('said')).toEqual([
      'navigateTo:fail can not navigateTo a tabbar page',
      'redirectTo:fail can not redirectTo a tabbar page',
      'switchTab:fail can not switch to no-tabBar page',
      'navigateTo:fail page "pages/nowhere/index" is not found',
    ])
    expect(phone.stack).toHaveLength(1)
    for (let i = 1; i < 10; i++) {
      phone.evaluate(`wx.navigateTo({ url: '/packages/resident/pages/privacy/data', fail: note })`)
      await phone.settle()
    }
    expect(phone.stack).toHaveLength(10)
    phone.evaluate(`wx.navigateTo({ url: '/packages/resident/pages/privacy/data', fail: note })`)
    await phone.settle()
    expect(phone.evaluate('said[4]')).toBe('navigateTo:fail webview count limit exceed')
    expect(phone.stack).toHaveLength(10)
    // The back arrow unloads the page on top.
    await phone.back()
    expect(phone.stack).toHaveLength(9)
    expect(phone.route).toBe('packages/resident/pages/privacy/data')
  } finally {
    phone.close()
  }
})

test('a toast with an icon shows 7 Chinese characters of its title; without one, all of it', async () => {
  const phone = await weapp.phone('demo-resident-1', '/packages/resident/pages/privacy/index')
  try {
    phone.evaluate(`
      wx.showToast({ title: '已登记，待社区确认' })
      wx.showToast({ title: '已登记，待社区确认', icon: 'none' })
      wx.showToast({ title: '已接单', icon: 'success' })
    `)
    await phone.settle()
    expect(phone.toasts().map((t) => t.shown)).toEqual(['已登记，待社区', '已登记，待社区确认', '已接单'])
  } finally {
    phone.close()
  }
})
