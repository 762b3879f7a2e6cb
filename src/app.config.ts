// Evaluated at build time: TARO_ENV decides which pages exist per platform.
const isH5 = process.env.TARO_ENV === 'h5'

export default defineAppConfig({
  // The main package is what every start downloads (issue 21): the three tabs, and the pages a
  // printed code opens (a building's 绑定, a session's 签到). Everything a resident opens from
  // there is in packages/resident, fetched in the background once a tab shows (preloadRule).
  pages: [
    'pages/index/index',
    'pages/bind/index',
    'pages/mine/index',
    'pages/activity/index',
    'pages/activity/checkin',
    'pages/notfound/index',
    // The demo-identity chooser exists only in the H5 development build, never in weapp.
    ...(isH5 ? ['pages/dev/index'] : []),
  ],
  subPackages: [
    {
      // What a resident opens from the tabs: 诉求, 活动详情, 消息, 微心愿, 邀请, 隐私, 民主测评
      root: 'packages/resident',
      pages: [
        'pages/request/new',
        'pages/request/list',
        'pages/request/detail',
        'pages/request/followed',
        'pages/activity/detail',
        'pages/activity/child',
        'pages/messages/index',
        'pages/wish/wall',
        'pages/wish/new',
        'pages/wish/detail',
        'pages/wish/mine',
        'pages/invite/index',
        'pages/privacy/index',
        'pages/privacy/data',
        'pages/poll/index',
      ],
    },
    {
      root: 'packages/grid',
      pages: [
        'pages/inbox/index',
        'pages/detail/index',
        'pages/record/index',
        'pages/wishes/index',
        // 楼栋长工作台 and 巡查发现 (issue 16)
        'pages/building/index',
        'pages/patrol/index',
        // 民情日志, 住户名单, 网格民情日报 (issue 16, part 4)
        'pages/diary/index',
        'pages/households/index',
        'pages/daily/index',
        // 责任单位工作台 (吹哨报到, issue 17); the unit works a request on pages/detail
        'pages/unit/index',
      ],
    },
    {
      root: 'packages/admin',
      pages: [
        'pages/board/index',
        'pages/party/index',
        'pages/activity-new/index',
        'pages/session/index',
        'pages/setup/index',
        'pages/calendar/index',
        'pages/roles/index',
        'pages/buildings/index',
        // 整改 of a 后进 grid (issue 16, part 6); notices open it (src/domain/notify.ts)
        'pages/rectify/index',
        // 责任单位 (吹哨报到, issue 17)
        'pages/units/index',
        // 街道总览 (issue 17, part 3): the 街道管理员's board across its communities
        'pages/street/index',
        // 分类设置 (issue 18, part 4): the community's names and clocks for its request categories
        'pages/categories/index',
        'pages/apikeys/index',
      ],
    },
    {
      // 探访记录: only a care session's organiser and its confirmed volunteers open it (issue 21);
      // 我的志愿服务, 登记为志愿者, 核验志愿服务证明
      root: 'packages/volunteer',
      pages: ['pages/visits/index', 'pages/service/index', 'pages/register/index', 'pages/verify/index'],
    },
  ],
  // Once a tab shows, WeChat fetches the resident pages in the background, so the next tap does
  // not wait for them.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/resident'] },
    'pages/activity/index': { network: 'all', packages: ['packages/resident'] },
    'pages/mine/index': { network: 'all', packages: ['packages/resident'] },
  },
  // WeChat injects each page's and component's code when it first renders, not all at start.
  lazyCodeLoading: 'requiredComponents',
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '暖心网格',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#b3261e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab-home.png',
        selectedIconPath: 'assets/tab-home-active.png',
      },
      {
        pagePath: 'pages/activity/index',
        text: '活动',
        iconPath: 'assets/tab-activity.png',
        selectedIconPath: 'assets/tab-activity-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab-mine.png',
        selectedIconPath: 'assets/tab-mine-active.png',
      },
    ],
  },
})
