import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '../../api/client'
import { BigButton } from '../../components/BigButton'
import { ElderToggle } from '../../components/ElderToggle'
import { MyGridCard } from '../../components/MyGridCard'
import { Page } from '../../components/Page'
import { RequestCard } from '../../components/RequestCard'
import { StateView } from '../../components/StateView'
import { useApi } from '../../hooks/useApi'
import { scanBuildingCode } from '../../scan'

const RECENT = 3

export default function HomePage() {
  const home = useApi(async () => {
    const me = await call('me.get', {})
    const [mine, poll, grid] = me.building
      ? await Promise.all([
          call('request.listMine', {}),
          // 民主测评 is open to a bound resident whose building is in a grid; the home shows
          // without it when it is not (or cannot be asked now).
          call('poll.mine', {}).catch(() => null),
          call('myGrid.get', {}),
        ])
      : [{ items: [] }, null, null]
    return { me, poll, grid, recent: mine.items.slice(0, RECENT) }
  })

  return (
    <Page>
      <ElderToggle />
      <StateView {...home} onRetry={home.reload}>
        {({ me, poll, grid, recent }) => (
          <>
            <View className="card" data-testid="my-building">
              {me.building ? (
                <>
                  <Text className="muted">{me.building.communityName}</Text>
                  <Text className="card-title">
                    {me.building.name}
                    {me.room ? ` ${me.room}` : ''}
                  </Text>
                  <Text className="muted">负责网格：{me.building.gridName}</Text>
                </>
              ) : me.isStaff ? (
                <>
                  <Text className="card-title">{me.name}，您好</Text>
                  <Text className="muted">
                    负责：
                    {me.roles.includes('streetAdmin')
                      ? `${me.communities.find((c) => c.id === me.communityId)?.name ?? '街道'}（街道兜底）`
                      : me.staffGrids.map((g) => g.name).join('、') || '全社区'}
                  </Text>
                </>
              ) : (
                <>
                  <Text className="card-title">您还没有绑定楼栋</Text>
                  <Text className="muted">请扫描楼栋单元门口的二维码，绑定后就能反映诉求。</Text>
                </>
              )}
            </View>

            <View
              className="card row"
              onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/messages/index' })}
              data-testid="messages-entry"
            >
              <Text className="card-title">消息</Text>
              <Text className={me.unreadMessages > 0 ? 'badge' : 'muted'}>
                {me.unreadMessages > 0 ? `${me.unreadMessages} 条未读` : '没有未读'} ›
              </Text>
            </View>

            {poll ? (
              <View
                className="card row"
                onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/poll/index' })}
                data-testid="poll-entry"
              >
                <Text className="card-title">{Number(poll.month.slice(5))}月民主测评</Text>
                <Text className={poll.vote ? 'muted' : 'badge'}>
                  {poll.vote ? '您家已投票' : `为${poll.gridName}打分`} ›
                </Text>
              </View>
            ) : null}

            {me.isStaff ? (
              <BigButton
                kind={me.building ? 'default' : 'primary'}
                testId="workbench"
                onClick={() => Taro.navigateTo({ url: '/packages/grid/pages/inbox/index' })}
              >
                {me.roles.includes('streetAdmin') ? '进入街道工作台' : '进入网格员工作台'}
              </BigButton>
            ) : null}

            {me.roles.includes('buildingLeader') ? (
              <BigButton to="/packages/grid/pages/building/index" testId="building-leader">
                楼栋长工作台
              </BigButton>
            ) : null}

            {me.roles.includes('unitStaff') ? (
              <BigButton kind="primary" to="/packages/grid/pages/unit/index" testId="unit-workbench">
                责任单位工作台
              </BigButton>
            ) : null}

            {me.roles.includes('streetAdmin') ? (
              <BigButton to="/packages/admin/pages/street/index">街道总览 · 各社区</BigButton>
            ) : null}

            {me.roles.includes('gridLeader') || me.roles.includes('communityAdmin') ? (
              <BigButton to="/packages/admin/pages/board/index">网格绩效 · 流动红旗</BigButton>
            ) : null}

            {me.roles.includes('communityAdmin') ? (
              <BigButton to="/packages/admin/pages/setup/index" testId="community-setup">
                社区设置 · 人员与角色
              </BigButton>
            ) : null}

            {me.building ? (
              <BigButton
                testId="report"
                onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/request/new' })}
              >
                我要反映
              </BigButton>
            ) : (
              <BigButton kind={me.isStaff ? 'default' : 'primary'} onClick={scanBuildingCode}>
                {me.isStaff ? '我也住在本社区：扫码绑定楼栋' : '扫码绑定楼栋'}
              </BigButton>
            )}

            {me.building ? (
              <BigButton to="/packages/resident/pages/wish/new" testId="wish-new">
                许个微心愿
              </BigButton>
            ) : null}
            <BigButton to="/packages/resident/pages/wish/wall" testId="wish-wall">
              心愿墙 · 帮邻居圆梦
            </BigButton>

            {grid ? <MyGridCard grid={grid} /> : null}

            {me.building ? (
              <>
                <View className="row">
                  <Text className="section-title">我最近的诉求</Text>
                  <Text
                    className="link"
                    onClick={() => Taro.navigateTo({ url: '/packages/resident/pages/request/list' })}
                  >
                    全部 ›
                  </Text>
                </View>
                {recent.length === 0 ? (
                  <View className="state">
                    <Text>还没有反映过诉求。遇到困难，点上面的“我要反映”。</Text>
                  </View>
                ) : (
                  recent.map((item) => (
                    <RequestCard
                      key={item.id}
                      item={item}
                      onClick={() =>
                        Taro.navigateTo({ url: `/packages/resident/pages/request/detail?id=${item.id}` })
                      }
                    />
                  ))
                )}
              </>
            ) : null}
          </>
        )}
      </StateView>
    </Page>
  )
}
