import { Text, View } from '@tarojs/components'
import { call } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { Page } from '../../components/Page'
import { StateView } from '../../components/StateView'
import { CommunitySwitcher } from '../../components/CommunitySwitcher'
import { ElderToggle } from '../../components/ElderToggle'
import { ROLES } from '../../domain/roles'
import { useApi } from '../../hooks/useApi'
import { scanBuildingCode } from '../../scan'

export default function MinePage() {
  const me = useApi(() => call('me.get', {}))

  return (
    <Page>
      <StateView {...me} onRetry={me.reload}>
        {(m) => (
          <>
            <View className="card">
              <Text className="card-title">{m.name}</Text>
              <Text className="muted">
                {m.roles.length ? m.roles.map((r) => ROLES[r]).join('、') : '尚未绑定楼栋'}
              </Text>
              {m.building ? (
                <Text className="muted" style={{ display: 'block' }}>
                  {m.building.communityName} {m.building.name} {m.room ?? ''}
                </Text>
              ) : null}
            </View>
            <CommunitySwitcher me={m} onSwitched={me.setData} />
            <ElderToggle />

            <Text className="section-title">我家</Text>
            {m.building ? <BigButton to="/packages/resident/pages/request/list">我的诉求</BigButton> : null}
            {m.building ? (
              <BigButton to="/packages/resident/pages/request/followed" testId="followed">
                我关注的（邻居反映的）
              </BigButton>
            ) : null}
            <BigButton to="/packages/resident/pages/messages/index">
              {m.unreadMessages > 0 ? `消息（${m.unreadMessages} 条未读）` : '消息'}
            </BigButton>
            <BigButton kind="default" onClick={scanBuildingCode}>
              {m.building ? '更换楼栋（扫码）' : '扫码绑定楼栋'}
            </BigButton>

            <Text className="section-title">志愿服务</Text>
            <BigButton to="/packages/volunteer/pages/service/index" testId="my-service">
              {m.roles.includes('volunteer') || m.roles.includes('partyMember')
                ? '我的志愿服务（时长 · 积分）'
                : '登记为志愿者'}
            </BigButton>

            {m.roles.includes('streetAdmin') ? (
              // 街道 (issue 17, part 3): the street works what fell through to it, sees its
              // communities' month and calls in its 挂钩部门 — none of a community's screens.
              <>
                <Text className="section-title">街道工作</Text>
                <BigButton to="/packages/grid/pages/inbox/index" testId="street-workbench">
                  街道工作台（街道在办的诉求）
                </BigButton>
                <BigButton to="/packages/admin/pages/street/index" testId="street-board">
                  街道总览（各社区 · 挂钩部门）
                </BigButton>
                <BigButton to="/packages/admin/pages/units/index" testId="street-units">
                  挂钩部门（登记 · 邀请联系人）
                </BigButton>
              </>
            ) : m.isStaff ? (
              <>
                <Text className="section-title">网格工作</Text>
                <BigButton to="/packages/grid/pages/inbox/index">网格员工作台</BigButton>
                <BigButton to="/packages/admin/pages/buildings/index" testId="building-codes">
                  楼栋二维码与海报
                </BigButton>
              </>
            ) : null}

            <Text className="section-title">账号与隐私</Text>
            <BigButton to="/packages/resident/pages/invite/index" testId="enter-invite">
              输入邀请码
            </BigButton>
            <BigButton to="/packages/resident/pages/privacy/data" testId="my-data">
              我的数据（导出 · 注销账号）
            </BigButton>
            <BigButton to="/packages/resident/pages/privacy/index" testId="privacy-policy">
              隐私政策
            </BigButton>
            {process.env.TARO_ENV === 'h5' ? (
              <BigButton to="/pages/dev/index">切换演示身份（开发用）</BigButton>
            ) : null}
          </>
        )}
      </StateView>
    </Page>
  )
}
