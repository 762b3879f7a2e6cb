/**
 * 保存期限 (个人信息保护法 第十九条：除法律、行政法规另有规定外，个人信息的保存期限应当为实现处理目的所必要的
 * 最短时间): one row per kind of personal data the collections hold — how long it is kept, from
 * when, and what then happens to it. `purge` deletes it; `anonymise` removes names, phones, free
 * text and openids but keeps category, building, dates and status, so that the 网格绩效 figures
 * computed from the 台账 stay as they were.
 *
 * The 隐私政策 page, the README and WeChat's 用户隐私保护指引 (保存期限) are rendered from this table;
 * the scheduler enforces each row with a period (cloudfunctions/core/retention/jobs.ts), and
 * test/domain/retention.test.ts fails when a collection of cloudfunctions/core/db.ts has no row
 * here and is not listed in NO_PERSONAL_DATA with its reason.
 */

import { NO_SHOW_WINDOW_MS } from './activity'
import { INVITATION_HOURS } from './invitations'
import { UNATTACHED_UPLOAD_HOURS } from './photos'
import { DAY_MS, local } from './time'

export type RetentionAction = 'purge' | 'anonymise'

/** From when the period counts. */
export const RETENTION_FROM = {
  requestEnded: '诉求办结或撤销',
  wishEnded: '心愿圆梦、撤回或未通过',
  ended: '诉求或心愿结束',
  lastSignup: '登记或最后一次报名',
  lastVisit: '登记或最后一次探访',
  lastHouseholdVisit: '登记或最后一次走访',
  created: '记录',
  expired: '邀请码失效',
  staffIdle: '撤销职务或名单最后一次变动',
  account: '账号存续期间',
  role: '职务或登记存续期间',
} as const
export type RetentionFrom = keyof typeof RETENTION_FROM

export interface RetentionPeriod {
  n: number
  unit: 'minute' | 'hour' | 'day' | 'month' | 'year'
}

export interface RetentionRule {
  /** What it is, as the 隐私政策 names it. */
  what: string
  /** Which fields go (purge: the whole record). */
  fields: string
  /** Collections (keys of COLLECTIONS in cloudfunctions/core/db.ts) holding it. */
  collections: readonly string[]
  /** null: kept while the account or the role lasts, gone with it (注销账号, 撤销角色). */
  period: RetentionPeriod | null
  from: RetentionFrom
  action: RetentionAction
  reason: string
  /**
   * Who enforces it: `scheduler` — the retention run, counted in the report's `retention`; a
   * report key of an older nightly job (`rateLimitsPurged` …); or `account` — 注销账号 (me.delete)
   * and the end of a role.
   */
  by: 'scheduler' | 'rateLimitsPurged' | 'uploadsPurged' | 'documentsPurged' | 'account'
}

const months = (n: number): RetentionPeriod => ({ n, unit: 'month' })
const years = (n: number): RetentionPeriod => ({ n, unit: 'year' })

export const RETENTION = {
  requests: {
    what: '诉求中的个人信息',
    fields: '居民姓名和微信编号、诉求描述、评价留言、办理说明、经办人姓名',
    collections: ['requests'],
    period: years(2),
    from: 'requestEnded',
    action: 'anonymise',
    reason: '办结后两年内可能回访、复核或处理投诉；之后只保留类别、楼栋、时间和状态，用于网格绩效统计。',
    by: 'scheduler',
  },
  photos: {
    what: '诉求和心愿的照片',
    fields: '照片文件及其记录',
    collections: ['uploads'],
    period: years(1),
    from: 'ended',
    action: 'purge',
    reason: '照片可能拍到住户家中或人脸，只为核实问题和办理结果；办结一年后已无核查需要。',
    by: 'scheduler',
  },
  wishes: {
    what: '微心愿中的个人信息',
    fields: '许愿人和认领人的姓名、微信编号，心愿内容和说明，审核意见',
    collections: ['wishes'],
    period: years(2),
    from: 'wishEnded',
    action: 'anonymise',
    reason: '圆梦或撤回后两年内可能核对志愿服务；之后只保留类别、网格和时间，用于统计。',
    by: 'scheduler',
  },
  children: {
    what: '四点半课堂登记的孩子',
    fields: '孩子的姓名、年龄、年级、过敏情况和接送人',
    collections: ['children'],
    period: years(1),
    from: 'lastSignup',
    action: 'purge',
    reason:
      '不满十四周岁未成年人的个人信息属于敏感个人信息（第二十八条、第三十一条），从严保存：一年没有参加活动即删除。',
    by: 'scheduler',
  },
  signups: {
    what: '活动报名和签到记录中的个人信息',
    fields: '报名人姓名和微信编号、接送人、请假理由',
    collections: ['signups'],
    period: years(1),
    from: 'created',
    action: 'anonymise',
    reason: `用于签到、接送和爽约统计（${NO_SHOW_WINDOW_MS / DAY_MS}天内）；一年后只保留人数和签到状态，服务时长已记入志愿服务记录。`,
    by: 'scheduler',
  },
  elders: {
    what: '暖心助老的老人信息',
    fields: '老人的姓名、房号、电话、同意记录和备注',
    collections: ['elders'],
    period: years(1),
    from: 'lastVisit',
    action: 'purge',
    reason: '老人独居、健康等信息属于敏感个人信息；一年没有探访（搬走或不再需要）即删除。',
    by: 'scheduler',
  },
  visits: {
    what: '助老探访记录',
    fields: '每次探访的身体状况、需求和备注',
    collections: ['visits'],
    period: years(1),
    from: 'created',
    action: 'purge',
    reason: '健康状况属于敏感个人信息；需要帮扶的已转为诉求办理，一年后删除探访记录。',
    by: 'scheduler',
  },
  households: {
    what: '民情日志的住户名单',
    fields: '房号、联系人姓名和电话、六清楚类别及同意记录',
    collections: ['households'],
    period: years(2),
    from: 'lastHouseholdVisit',
    action: 'purge',
    reason: '用于网格员定期走访；两年没有走访（已搬走）即删除。',
    by: 'scheduler',
  },
  diary: {
    what: '民情日志',
    fields: '日志内容、记录人姓名和微信编号',
    collections: ['diary'],
    period: years(2),
    from: 'created',
    action: 'anonymise',
    reason: '两年后只保留类别、楼栋和日期，用于走访完成情况的统计。',
    by: 'scheduler',
  },
  accessLog: {
    what: '查看完整号码的记录',
    fields: '谁在何时因哪件事查看了谁的完整号码',
    collections: ['accessLog'],
    period: years(3),
    from: 'created',
    action: 'purge',
    reason: '个人信息保护法第五十六条：处理情况记录应当至少保存三年；满三年删除。',
    by: 'scheduler',
  },
  messages: {
    what: '消息和活动通知',
    fields: '消息列表中的每条通知，活动场次的通知内容',
    collections: ['messages', 'sessions'],
    period: months(6),
    from: 'created',
    action: 'purge',
    reason: '通知只为及时告知；半年后办理情况仍可在诉求、心愿和活动页面查看。',
    by: 'scheduler',
  },
  pollVotes: {
    what: '民主测评的投票',
    fields: '投票人微信编号、房号、留言',
    collections: ['pollVotes'],
    period: years(1),
    from: 'created',
    action: 'anonymise',
    reason: '用于一户一票的核对；一年后只保留网格、月份和满意程度，测评分数不变。',
    by: 'scheduler',
  },
  invitations: {
    what: '邀请码上的姓名',
    fields: '被邀请人的姓名',
    collections: ['invitations'],
    period: years(1),
    from: 'expired',
    action: 'anonymise',
    reason: `邀请码${INVITATION_HOURS}小时内有效；失效一年后姓名已无用处，只保留角色和网格。`,
    by: 'scheduler',
  },
  roleEvents: {
    what: '人员任免台账中的姓名',
    fields: '任免双方的姓名和微信编号、备注',
    collections: ['roleEvents'],
    period: years(3),
    from: 'created',
    action: 'anonymise',
    reason: '三年内可查谁在何时担任什么职务；之后只保留角色和时间。',
    by: 'scheduler',
  },
  imports: {
    what: '社区设置导入的人员名单',
    fields: '导入表格中的姓名和电话（撤销导入用的副本）',
    collections: ['imports'],
    period: months(1),
    from: 'created',
    action: 'anonymise',
    reason: '导入只能在短时间内撤销；一个月后删除副本，只保留导入了多少行。',
    by: 'scheduler',
  },
  rateLimits: {
    what: '操作频率记录',
    fields: '谁在哪个小时做了几次操作',
    collections: ['rateLimits'],
    period: { n: 1, unit: 'day' },
    from: 'created',
    action: 'purge',
    reason: '只用于防止刷单，窗口结束一天后删除。',
    by: 'rateLimitsPurged',
  },
  unattachedUploads: {
    what: '上传后没有提交的照片',
    fields: '照片文件及其记录',
    collections: ['uploads'],
    period: { n: UNATTACHED_UPLOAD_HOURS, unit: 'hour' },
    from: 'created',
    action: 'purge',
    reason: '没有用在任何诉求、心愿或活动中，很快删除。',
    by: 'uploadsPurged',
  },
  documents: {
    what: '为您生成的文件',
    fields: '导出的数据、证明、台账表格',
    collections: ['documents'],
    period: { n: 30, unit: 'minute' },
    from: 'created',
    action: 'purge',
    reason: '只为本人下载使用，下载后很快删除。',
    by: 'documentsPurged',
  },
  account: {
    what: '账号信息',
    fields: '微信编号、姓名、手机号、楼栋门牌、同意记录、订阅授权',
    collections: ['users', 'consents', 'subscriptions'],
    period: null,
    from: 'account',
    action: 'purge',
    reason: '使用本小程序所必需；注销账号时删除。',
    by: 'account',
  },
  volunteers: {
    what: '志愿者登记、服务时长和证明',
    fields: '姓名、手机号、身份证号、特长、积分和时长、已开具的证明',
    collections: ['volunteers', 'points', 'certificates'],
    period: null,
    from: 'account',
    action: 'purge',
    reason:
      '志愿服务记录用于出具证明和星级评定，由志愿者本人决定保留；注销账号时删除（时长以“已注销用户”计入网格统计）。',
    by: 'account',
  },
  staff: {
    what: '网格人员名单上不再任职的人',
    fields: '名单上的姓名、电话、职务和网格',
    collections: ['staff'],
    period: years(1),
    from: 'staffIdle',
    action: 'purge',
    reason:
      '撤销职务（或一直没有接受邀请）后，名单上的姓名和电话一年内供社区核对交接；之后删除，需要时可重新导入。',
    by: 'scheduler',
  },
  roles: {
    what: '工作人员的职务和责任单位联系人',
    fields: '担任的职务、责任单位联系人的姓名和电话',
    collections: ['memberships', 'units'],
    period: null,
    from: 'role',
    action: 'purge',
    reason: '担任职务期间为居民提供服务所必需；撤销职务时删除，更换联系人时覆盖。',
    by: 'account',
  },
} as const satisfies Record<string, RetentionRule>

export type RetentionKind = keyof typeof RETENTION

export type ScheduledRetentionKind = {
  [K in RetentionKind]: (typeof RETENTION)[K]['by'] extends 'scheduler' ? K : never
}[RetentionKind]
/** The rows the scheduler's retention run enforces, each counted in its report. */
export const SCHEDULED_RETENTION = (Object.keys(RETENTION) as RetentionKind[]).filter(
  (k): k is ScheduledRetentionKind => RETENTION[k].by === 'scheduler',
)

/**
 * Collections with no personal data of residents, and why: the community's own organisation, or
 * work records signed only by staff in their work role (kept with the community's 台账).
 */
export const NO_PERSONAL_DATA: Readonly<Record<string, string>> = {
  communities: '社区本身的名称和设置',
  streets: '街道本身的名称',
  grids: '网格的名称和层级',
  buildings: '楼栋的名称、地址和二维码',
  activities: '公开发布的活动介绍',
  gradings: '网格的月度评定结果（评定人为社区管理员，属工作记录）',
  rectifications: '网格的整改任务（填写人为网格长、管理员，属工作记录）',
  calendarDays: '社区的节假日调整（由管理员以工作身份填写）',
  settingsEvents: '社区设置的变动台账（由管理员以工作身份填写）',
  visitPlans: '网格的走访计划及其修改记录（修改人为网格长、管理员，属工作记录）',
  apiKeys: '开放接口的密钥（发给单位，只存摘要；发放人为社区管理员，属工作记录）',
  apiLog: '开放接口密钥的使用记录（哪个单位的密钥、何时、调用了什么，不含居民信息）',
  metricsMonthly: '网格每月绩效的汇总数字（件数，由诉求台账算出，不含任何人的信息）',
}

/** The page's and the README's first line: the rule, and what 匿名化 means here. */
export const RETENTION_PRINCIPLE =
  '个人信息保护法第十九条：个人信息的保存期限应当为实现处理目的所必要的最短时间。我们按下列期限保存，到期由系统自动删除或匿名化。匿名化是去掉姓名、电话、微信编号和文字内容，只保留类别、楼栋、日期和状态，用于网格绩效统计。'

/** What anonymised fields read afterwards. */
export const ANONYMISED_NAME = '已匿名'
export const ANONYMISED_TEXT = '（内容已按保存期限删除）'
export const ANONYMISED_OPENID = 'anonymised'

const UNIT_TEXT = { minute: '分钟', hour: '小时', day: '天', month: '个月', year: '年' } as const
const ACTION_TEXT = { purge: '删除', anonymise: '匿名化' } as const

/** "诉求办结或撤销满2年后匿名化" · "账号存续期间保存，注销账号时删除". */
export function retentionText(rule: RetentionRule): string {
  if (!rule.period)
    return rule.from === 'account'
      ? `${RETENTION_FROM.account}保存，注销账号时删除`
      : `${RETENTION_FROM.role}保存，之后删除`
  return `${RETENTION_FROM[rule.from]}满${rule.period.n}${UNIT_TEXT[rule.period.unit]}后${ACTION_TEXT[rule.action]}`
}

/** The instant before which a record whose period counts from it is due (calendar months and years, Beijing). */
export function retentionCutoff(period: RetentionPeriod, at: Date): Date {
  return local(at).subtract(period.n, period.unit).toDate()
}

const RULES = Object.values(RETENTION) as RetentionRule[]

/** The README's privacy section: one line per row. */
export function retentionMarkdown(): string {
  return RULES.map((r) => `  - ${r.what}（${r.fields}）：${retentionText(r)}。${r.reason}`).join('\n')
}

/** 用户隐私保护指引 → 存储期限 (WeChat's form asks for one text): every row's period, in one line. */
export function wechatRetentionText(): string {
  return `${RULES.map((r) => `${r.what}：${retentionText(r)}`).join('；')}。`
}
