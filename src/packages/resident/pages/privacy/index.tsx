import { Text, View } from '@tarojs/components'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { PRIVACY_VERSION } from '../../../../domain/privacy'
import {
  RETENTION,
  RETENTION_PRINCIPLE,
  retentionText,
  type RetentionRule,
} from '../../../../domain/retention'

/** What we keep, why, who sees it, how long, and how to take it with you or have it erased. */
const SECTIONS: { title: string; lines: string[] }[] = [
  {
    title: '我们收集哪些信息',
    lines: [
      '微信为本小程序分配给您的用户编号（不是微信号，也看不到您的聊天），用来认出是您本人。',
      '您绑定的楼栋和门牌号；您愿意留下的姓名和手机号。',
      '您提交的诉求、照片和评价；您许下或认领的微心愿。',
      '登记志愿者时的姓名、手机号、特长、服务时间，身份证号可以不填（只用于打印时长证明，且只显示部分号码）。',
      '为孩子报名四点半课堂时孩子的姓名、年龄、年级、过敏情况和接送人，须由监护人本人填写并同意。',
      '暖心助老探访的老人信息，由社区在老人本人、子女或监护人同意后登记。',
      '您的志愿服务时长、积分、活动报名和签到记录。',
    ],
  },
  {
    title: '为什么收集',
    lines: [
      '把您的诉求派给负责您楼栋的网格员，并让他们能联系您、上门处理。',
      '让志愿者认领心愿、参加活动，并为您累计服务时长。',
      '孩子的接送只交给登记过的接送人，保证安全。',
    ],
  },
  {
    title: '谁能看到',
    lines: [
      '手机号和姓名默认只显示部分（如 138****5678、张**）。',
      '只有正在办理您诉求的网格员、社区管理员等确有需要的人，才能点“查看完整号码”，每一次查看都会记录：谁、什么时候、因为哪件事。',
      '心愿墙上只显示心愿内容和所在网格，不显示姓名、电话和门牌号。',
      '许愿时选了“可以把我的电话告诉他”，认领心愿的志愿者才能在认领期间点开您的电话，每一次查看都会记录；不选时志愿者只看到网格员公示的电话。',
      '我们不会把您的信息提供给社区以外的任何人，也不用于广告。',
    ],
  },
  {
    title: '您的权利',
    lines: [
      '在“我的 → 我的数据”中可以随时导出我们保存的关于您的全部信息。',
      '在同一页面可以注销账号：姓名、电话、门牌号、志愿者登记、孩子信息、消息等将被删除。',
      '提交的文字会经过微信内容安全检测，不适宜公开的内容无法提交。',
    ],
  },
  {
    title: '联系我们',
    lines: ['如有疑问，请联系您所在社区的居民委员会，或在“我的诉求”中提交，我们会在规定时限内答复。'],
  },
]

function Section({ section }: { section: (typeof SECTIONS)[number] }) {
  return (
    <View className="card">
      <Text className="card-title">{section.title}</Text>
      {section.lines.map((line) => (
        <Text key={line} style={{ display: 'block', marginTop: '12rpx' }}>
          {line}
        </Text>
      ))}
    </View>
  )
}

/** 保存多久 comes before 您的权利: how long, then what you may do about it. */
const RIGHTS = SECTIONS.findIndex((s) => s.title === '您的权利')

export default function PrivacyPolicyPage() {
  return (
    <Page privacyDialog={false}>
      <View className="card">
        <Text className="card-title">暖心网格隐私政策</Text>
        <Text className="muted">版本 {PRIVACY_VERSION}</Text>
      </View>
      {SECTIONS.slice(0, RIGHTS).map((s) => (
        <Section key={s.title} section={s} />
      ))}
      <View className="card" id="retention">
        <Text className="card-title">保存多久</Text>
        <Text style={{ display: 'block' }}>{RETENTION_PRINCIPLE}</Text>
        {(Object.values(RETENTION) as RetentionRule[]).map((r) => (
          <View key={r.what} style={{ marginTop: '28rpx' }}>
            <Text style={{ display: 'block', fontWeight: 600 }}>{r.what}</Text>
            <Text style={{ display: 'block', color: 'var(--nx-color-primary)' }}>{retentionText(r)}</Text>
            <Text style={{ display: 'block' }}>{r.reason}</Text>
          </View>
        ))}
      </View>
      {SECTIONS.slice(RIGHTS).map((s) => (
        <Section key={s.title} section={s} />
      ))}
      <BigButton to="/packages/resident/pages/privacy/data">导出我的数据 / 注销账号</BigButton>
    </Page>
  )
}
