/**
 * 切换社区 on a phone running dist/weapp (issue 17, part 4): 李秀兰, admin of 幸福里社区 and 网格长
 * of 春晖社区's 第一网格, switches on 我的 and on the board; WeChat is asked for the toast and
 * the board's redirect, and each screen then reads the chosen community.
 */
import { connectApp } from '../../cloudfunctions/core/db'
import type { Deps } from '../../cloudfunctions/core/context'
import { bootstrapAdmin } from '../../cloudfunctions/core/roles/bootstrap'
import { bj } from '../support/time'
import { fileWeapp } from './runtime/harness'

const weapp = fileWeapp({ at: '2026-11-25T10:00:00+08:00' })
const CHEN = 'weapp-chunhui-admin'

beforeAll(async () => {
  const db = connectApp(weapp.host.tcbUrl).database()
  const boot = await bootstrapAdmin({ db, now: () => bj('2026-11-25T10:00:00') } as Deps, {
    communityId: 'c-chunhui',
    name: '春晖社区',
    street: '东湖街道',
  })
  await weapp.api(CHEN, 'invite.accept', { code: boot.code })
  await weapp.api(CHEN, 'setup.saveGrid', {
    code: 'CH-1',
    name: '春晖第一网格',
    level: 2,
    parent: 'c-chunhui-1',
  })
  const inv = await weapp.api<{ code: string }>(CHEN, 'invite.create', {
    requestId: 'weapp-communities-invite-1',
    role: 'gridLeader',
    gridId: 'CH-1',
    name: '李秀兰',
  })
  await weapp.api('demo-admin', 'invite.accept', { code: inv.code })
})

test('我的: she works in 幸福里 and switches to 春晖; the choice is the server’s', async () => {
  const phone = await weapp.phone('demo-admin', '/pages/mine/index')
  try {
    expect(phone.sees('您在2个社区担任角色，现在办理的是')).toBe(true)
    expect(phone.sees('幸福里社区（社区管理员）')).toBe(true)
    await phone.tap('切换到春晖社区（网格长）')
    expect(phone.actions().at(-1)).toEqual({
      action: 'me.chooseCommunity',
      input: { communityId: 'c-chunhui' },
    })
    expect(phone.callsOf('showToast')).toEqual([{ title: '已切换', icon: 'success' }])
    expect(phone.sees('春晖社区（网格长）')).toBe(true)
    expect(phone.sees('切换到幸福里社区（社区管理员）')).toBe(true)
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})

test('the board opens again in the chosen community', async () => {
  const phone = await weapp.phone('demo-admin', '/packages/admin/pages/board/index')
  try {
    expect(phone.sees('春晖第一网格')).toBe(true)
    expect(phone.sees('第二网格')).toBe(false)
    await phone.tap('切换到幸福里社区（社区管理员）')
    expect(phone.callsOf('redirectTo')).toEqual([{ url: '/packages/admin/pages/board/index' }])
    expect(phone.route).toBe('packages/admin/pages/board/index')
    expect(phone.sees('幸福里社区（社区管理员）')).toBe(true)
    expect(phone.sees('春晖第一网格')).toBe(false)
    expect(phone.sees('第二网格')).toBe(true)
    expect(phone.errors).toEqual([])
  } finally {
    phone.close()
  }
})
