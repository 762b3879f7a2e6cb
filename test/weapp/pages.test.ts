/**
 * Every page of dist/weapp, opened on a phone (test/weapp/runtime) as the demo identity who would
 * open it, against the local host: what that person reads there. Each page is launched as WeChat
 * opens a shared link or a scanned code — App's onLaunch, the page's onLoad/onShow, its data from
 * the `api` function over wx.cloud.callFunction — and its view is WeChat's own template compiler's
 * output for the page's data. A page also must not log an error, nor call an API WeChat lacks.
 */
import { formatLocal } from '../../src/domain/time'
import { fileWeapp } from './runtime/harness'
import { demoScene, type Scene } from './scene'

const weapp = fileWeapp({ at: '2026-11-25T10:00:00+08:00' })
let scene: Scene
beforeAll(async () => {
  scene = await demoScene(weapp)
})

interface Visit {
  /** Who opens it (a demo identity). */
  as: string
  /** The query it is opened with. */
  query?: (s: Scene) => string
  /** Texts on the page (all of them). */
  sees: string[]
  /** The api actions it asks for on opening (at least these). */
  asks?: string[]
  /** Warnings the page is known to log here, and why. */
  warns?: string[]
}

const PAGES: Record<string, Visit> = {
  'pages/index/index': {
    as: 'demo-resident-1',
    sees: [
      '1号楼 3单元502',
      '负责网格：第一网格 · 1号微网格',
      '11月民主测评',
      '为第一网格打分',
      '我要反映',
      '3单元楼道的声控灯坏了好几天',
      // 网格员公示 (issue 16)
      '有话跟谁说、有事找谁办',
      '拨打 0916-3212111',
      '暂未公示电话',
    ],
    asks: ['me.get', 'request.listMine', 'poll.mine', 'myGrid.get'],
  },
  'pages/bind/index': {
    as: 'demo-newcomer',
    query: () => 'scene=B02',
    sees: ['个人信息保护提示', '您是否居住在 2号楼？', '是，我住在这里'],
    asks: ['building.lookup'],
  },
  'packages/resident/pages/request/new': {
    as: 'demo-resident-1',
    // 使用微信绑定的手机号: the weapp's own getPhoneNumber button, not in the H5 build.
    sees: ['1. 您要反映哪类事情？', '邻里纠纷', '使用微信绑定的手机号', '提交'],
    // The chips are the community's categories (分类设置).
    asks: ['me.get', 'category.list'],
  },
  'packages/resident/pages/request/list': {
    as: 'demo-resident-1',
    sees: ['3单元楼道的声控灯坏了好几天', '家里暖气片不热', '没有更多了'],
    asks: ['request.listMine'],
  },
  'packages/resident/pages/request/detail': {
    as: 'demo-resident-1',
    query: (s) => `id=${s.requestId}`,
    sees: ['网格员将在 11-26 07:00 前接单', '办理进度', '撤销诉求'],
    asks: ['request.get'],
  },
  // 我关注的: 王大爷 follows none of the demo's (the follow and 邻居评价 are test/e2e/followers.test.ts's).
  'packages/resident/pages/request/followed': {
    as: 'demo-resident-1',
    sees: ['您还没有关注邻居反映的诉求'],
    asks: ['request.followed'],
  },
  'pages/mine/index': {
    as: 'demo-resident-1',
    sees: ['王大爷', '幸福里社区 1号楼 3单元502', '我的数据（导出 · 注销账号）'],
  },
  'pages/activity/index': {
    as: 'demo-resident-1',
    sees: ['本周', '爱心敲门·暖心助老', '社区大讲堂', '听众：余 30 / 共 30', '报名：听众'],
    asks: ['activity.sessions'],
  },
  'packages/resident/pages/activity/detail': {
    as: 'demo-resident-1',
    query: (s) => `id=${s.lectureId}`,
    sees: ['地点：社区党群服务中心', '共 1 场未结束', '12月3日 周四 19:00–20:00'],
    asks: ['activity.get'],
  },
  'packages/resident/pages/activity/child': {
    as: 'demo-resident-1',
    sees: ['四点半课堂面向6至12岁的小学生', '与孩子的关系', '登记孩子'],
  },
  'pages/activity/checkin': {
    as: 'demo-resident-1',
    query: (s) => `scene=ci.${s.lectureSessionId}`,
    sees: ['社区大讲堂', '您没有报名这场活动'],
  },
  'packages/volunteer/pages/visits/index': {
    as: 'demo-admin',
    query: (s) => `id=${s.careSessionId}`,
    sees: ['爱心敲门·暖心助老', '探访名单还是空的', '加入名单'],
  },
  'packages/resident/pages/messages/index': {
    as: 'demo-resident-1',
    sees: ['您的心愿已上墙', '您的诉求已办结，请评价', '全部已读'],
  },
  'packages/resident/pages/wish/wall': {
    as: 'demo-volunteer-1',
    sees: ['墙上不显示姓名、电话和住址', '一副助行器', '待认领'],
    asks: ['wish.wall'],
  },
  'packages/resident/pages/wish/new': {
    as: 'demo-resident-1',
    sees: ['2. 心愿是什么？（20字以内）', '陪伴探访', '提交心愿'],
  },
  'packages/resident/pages/wish/detail': {
    as: 'demo-resident-1',
    query: (s) => `id=${s.wishId}`,
    sees: ['一副助行器', '审核通过 · 刘芳', '撤回心愿'],
    asks: ['wish.get'],
  },
  'packages/resident/pages/wish/mine': {
    as: 'demo-resident-1',
    sees: ['我许的心愿', '一副助行器'],
  },
  'packages/volunteer/pages/service/index': {
    as: 'demo-volunteer-1',
    sees: ['本月 0 小时 · 0 积分', '下载志愿服务记录证明（PDF）'],
  },
  'packages/volunteer/pages/register/index': {
    as: 'demo-resident-2',
    sees: ['登记志愿者需要收集您的个人信息', '我是在职党员（双报到）', '提交登记'],
  },
  'packages/volunteer/pages/verify/index': {
    as: 'demo-resident-1',
    sees: ['证明编号', '核验'],
  },
  'packages/resident/pages/invite/index': {
    as: 'demo-resident-2',
    query: (s) => `scene=iv.${s.inviteCode}`,
    sees: ['幸福里社区邀请 黄晓燕 担任网格员', '负责：第三网格 · 2号微网格', '接受邀请'],
    asks: ['invite.peek'],
  },
  'packages/resident/pages/privacy/index': {
    as: 'demo-resident-1',
    sees: ['暖心网格隐私政策', '我们收集哪些信息', '保存多久', '诉求办结或撤销满2年后匿名化'],
  },
  'packages/resident/pages/privacy/data': {
    as: 'demo-resident-1',
    sees: ['导出我的数据', '请输入“注销”两个字确认', '注销账号'],
  },
  'packages/resident/pages/poll/index': {
    as: 'demo-resident-1',
    sees: ['2026年11月 · 民主测评', '第一网格', '为您家投票：1号楼 3单元502', '基本满意', '提交测评'],
    asks: ['poll.mine'],
  },
  'pages/notfound/index': {
    as: 'demo-resident-1',
    sees: ['这个页面不存在', '回到首页'],
  },
  'packages/grid/pages/inbox/index': {
    as: 'demo-member-1-1',
    sees: [
      '待接单 1',
      '3单元楼道的声控灯坏了好几天',
      '请在 11-26 07:00 前接单',
      '开启微信提醒',
      '公示电话',
      '0916-3212111',
    ],
    asks: ['request.inbox', 'me.get'],
  },
  'packages/grid/pages/detail/index': {
    as: 'demo-member-1-1',
    query: (s) => `id=${s.requestId}`,
    sees: ['王大爷 · 1号楼 3单元502', '电话：138****5601', '接单', '上报上一级'],
    asks: ['request.get'],
  },
  'packages/grid/pages/record/index': {
    as: 'demo-member-1-1',
    sees: ['1. 居民住哪栋楼', '2号楼', '代录提交'],
  },
  'packages/grid/pages/building/index': {
    as: 'demo-building-leader-1',
    sees: ['1号楼正在办理的诉求', '3单元楼道的声控灯坏了好几天', '巡查 · 2单元一楼楼道', '为邻居代录诉求'],
    asks: ['building.openRequests'],
  },
  'packages/grid/pages/patrol/index': {
    as: 'demo-member-1-1',
    sees: ['1. 在哪栋楼', '2号楼', '2. 具体位置', '提交巡查发现'],
  },
  'packages/grid/pages/diary/index': {
    as: 'demo-member-1-1',
    sees: [
      '今日应走访（2户）',
      '1号楼 2单元301 · 赵奶奶',
      '已超期1个工作日',
      '记走访',
      '今天的日志（3条）',
      '转为诉求',
    ],
    asks: ['household.list', 'diary.list'],
  },
  'packages/grid/pages/households/index': {
    as: 'demo-member-1-1',
    sees: [
      '共4户 · 每户每3个工作日走访一次',
      '赵奶奶 · 电话：137****1234',
      '独居老人（本人同意登记）',
      '查看电话',
    ],
    asks: ['household.list'],
  },
  'packages/grid/pages/daily/index': {
    as: 'demo-leader-1',
    sees: [
      '今日走访 1 户 / 应走访 4 户',
      '刘芳 · 第一网格 · 1号微网格',
      '每户每3个工作日走访一次',
      '保存走访间隔',
    ],
    asks: ['diary.summary'],
  },
  // 吹哨报到 (issue 17): the seed's 6号楼 window, called in to 物业 by 张丽 at 09:00.
  'packages/grid/pages/unit/index': {
    as: 'demo-unit-1',
    sees: [
      '幸福里物业服务中心',
      '待办理',
      '2单元五楼楼道的窗户玻璃裂了',
      '由 幸福里物业服务中心 办理 · 待报到',
      '张丽吹哨 · 请在 11-26 09:00 前报到',
    ],
    asks: ['unit.inbox'],
  },
  'packages/grid/pages/wishes/index': {
    as: 'demo-member-1-1',
    sees: ['代录心愿（为没有手机的居民登记）', '没有待审核的心愿'],
    asks: ['wish.inbox'],
  },
  'packages/admin/pages/board/index': {
    as: 'demo-admin',
    // The demo's October is graded: its 后进 第一网格 has an 整改 open past its deadline.
    sees: ['2026年11月', '流动红旗', '暂评', '整改任务', '未销号 1 项（超期 1 项）', '响应率', '走访 已完成'],
    // The trend chart is F2 on a native 2d canvas, which has no size here: it is not drawn.
    warns: ['TrendChart: no canvas #trend-chart-1'],
  },
  'packages/admin/pages/rectify/index': {
    as: 'demo-leader-1',
    sees: [
      '2026年10月评定为后进',
      '第一网格',
      '待提交整改措施',
      '已超期：应在11月16日前提交整改措施',
      '· 按时办结率 40% < 70%',
      '提交整改措施',
      '评定为后进，下达整改任务 · 李秀兰',
    ],
    asks: ['rectify.list'],
  },
  'packages/admin/pages/party/index': {
    as: 'demo-admin',
    sees: ['郑晓东', '市自来水公司 · 第三党支部', '本月各网格志愿服务排行'],
  },
  'packages/admin/pages/activity-new/index': {
    as: 'demo-admin',
    sees: ['活动类型', '开始日期', '发布'],
  },
  'packages/admin/pages/session/index': {
    as: 'demo-admin',
    query: (s) => `id=${s.lectureSessionId}`,
    sees: ['听众：已报 0 / 30', '打印签到码', '还没有人报名', '还没有协助组织者'],
  },
  'packages/admin/pages/setup/index': {
    as: 'demo-admin',
    sees: ['下载导入模板', '选择 Excel 文件导入', '人员与角色', '停用与恢复', '助老对象'],
  },
  'packages/admin/pages/calendar/index': {
    as: 'demo-admin',
    sees: ['2027年的放假调休安排尚未录入', '设为休息日'],
  },
  'packages/admin/pages/roles/index': {
    as: 'demo-admin',
    sees: ['李秀兰（我） · 社区管理员 · 全社区', '王建国 · 网格长 · 第一网格', '黄晓燕'],
  },
  'packages/admin/pages/units/index': {
    as: 'demo-admin',
    sees: [
      '登记责任单位',
      '已登记的单位（2）',
      '幸福里物业服务中心',
      '负责：设施报修、环境卫生',
      '范围：1号楼、2号楼、3号楼、4号楼、5号楼、6号楼',
      '已加入的联系人 1 人',
      '国网供电所幸福里台区',
      '范围：全社区',
      '联系人：周电工 · 0916-3219595 · 双报到单位',
      '邀请联系人',
    ],
    asks: ['unit.list', 'building.list'],
  },
  // 街道总览 (issue 17, part 3): the seed's 3号楼 rubble reached 暖阳街道 yesterday.
  'packages/admin/pages/street/index': {
    as: 'demo-street',
    sees: [
      '2026年11月',
      '暖阳街道各社区',
      '春风社区',
      '幸福里社区',
      '按时办结率',
      '上报街道 1 件 · 街道在办 1 件',
      '上报街道 0 件 · 街道在办 0 件',
      '暖阳街道挂钩部门',
      '暖阳街道城管执法中队',
      '幸福里社区责任单位',
    ],
    asks: ['street.board'],
  },
  // 分类设置 (issue 18, part 4): the built-in table until the admin changes it.
  'packages/admin/pages/categories/index': {
    as: 'demo-admin',
    sees: [
      '居民在“我要反映”里按这里的名称选择。改动只对今后提交的诉求生效。',
      '设施报修',
      '时限：紧急',
      '30分钟内接单，2小时内办结',
      '仅社区可见',
      '修改 ›',
    ],
    asks: ['settings.categories'],
  },
  // 开放接口 (issue 19, part 3): no key issued yet in the test's community.
  'packages/admin/pages/apikeys/index': {
    as: 'demo-admin',
    sees: [
      '接口地址',
      '/open311/v2/services.json?jurisdiction_id=c-xingfuli',
      '发放新密钥',
      '还没有发放过密钥。',
    ],
    asks: ['apikey.list'],
  },
  'packages/admin/pages/buildings/index': {
    as: 'demo-member-1-1',
    sees: ['编码 B01', '幸福里小区2号楼', '尚未生成二维码'],
  },
}

/**
 * WeChat's template runtime has no template for an `<i>` element: NutUI's icons (the Loading
 * spinner of 正在加载… and of a busy button) render as one, and are not drawn on weapp.
 */
const KNOWN_VIEW_WARNING = /Template `tmpl_\d+_i` not found/

test('the list below is every page the build has, main package and subpackages', () => {
  expect(Object.keys(PAGES).sort()).toEqual([...weapp.weapp.pages].sort())
  expect(weapp.weapp.pages).toHaveLength(48)
})

describe.each(Object.entries(PAGES))('%s', (route, visit) => {
  test(`shows what ${visit.as} reads there`, async () => {
    const before = weapp.weapp.view.warnings.length
    const query = visit.query?.(scene)
    const phone = await weapp.phone(visit.as, `/${route}${query ? `?${query}` : ''}`)
    try {
      expect(phone.route).toBe(route)
      const missing = visit.sees.filter((t) => !phone.sees(t))
      expect({ missing, onScreen: missing.length ? phone.text() : '' }).toEqual({ missing: [], onScreen: '' })
      const asked = phone.actions().map((a) => a.action)
      expect(asked).toEqual(expect.arrayContaining(visit.asks ?? []))
      // Every call went to the one `api` function, as the identity the phone is.
      expect(phone.callsOf('cloud.callFunction').map((c) => c.name)).toEqual(asked.map(() => 'api'))
      expect(phone.errors).toEqual([])
      expect(phone.warnings).toEqual(visit.warns ?? [])
      expect(weapp.weapp.view.warnings.slice(before).filter((w) => !KNOWN_VIEW_WARNING.test(w))).toEqual([])
    } finally {
      phone.close()
    }
  })
})

test('an address that is no page: WeChat asks the app, which opens 这个页面不存在', async () => {
  const phone = await weapp.phone('demo-resident-1', '/pages/no-such-page/index?from=poster')
  try {
    expect(phone.callsOf('redirectTo')).toEqual([{ url: '/pages/notfound/index' }])
    expect(phone.route).toBe('pages/notfound/index')
    expect(phone.sees('这个页面不存在')).toBe(true)
    await phone.tap('回到首页')
    expect(phone.route).toBe('pages/index/index')
    expect(phone.sees('1号楼 3单元502')).toBe(true)
  } finally {
    phone.close()
  }
})

test('a notice sent before 诉求详情 moved to packages/resident: its old address opens the page where it is now', async () => {
  const phone = await weapp.phone('demo-resident-1', `/pages/request/detail?id=${scene.requestId}`)
  try {
    expect(phone.callsOf('redirectTo')).toEqual([
      { url: `/packages/resident/pages/request/detail?id=${scene.requestId}` },
    ])
    expect(phone.route).toBe('packages/resident/pages/request/detail')
    expect(phone.sees('办理进度')).toBe(true)
    expect(phone.actions().map((a) => a.action)).toContain('request.get')
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})

test('the logic layer is WeChat’s: no window, document, fetch or XMLHttpRequest; its clock is the server’s', async () => {
  const phone = await weapp.phone('demo-resident-1')
  try {
    expect(phone.evaluate('[typeof window, typeof document, typeof fetch, typeof XMLHttpRequest]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ])
    expect(phone.evaluate('typeof wx.cloud.callFunction')).toBe('function')
    expect(formatLocal(new Date(phone.evaluate('Date.now()') as number), 'YYYY-MM-DD')).toBe('2026-11-25')
    // What the app set up at launch: its cloud environment, its answer to WeChat's privacy
    // authorisation, the unknown-page handler.
    expect(
      phone.calls
        .slice(0, 3)
        .map((c) => c.api)
        .sort(),
    ).toEqual(['cloud.init', 'onNeedPrivacyAuthorization', 'onPageNotFound'].sort())
  } finally {
    phone.close()
  }
})
