/**
 * Roles by invitation: a one-time code for 72 hours; expired, reused, revoked and escalating
 * invitations refused with nothing changed; a revoked role is gone on the next call; the last
 * admin stays; every change is a role event; the first admin comes from the bootstrap command.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { bootstrapAdmin } from '../../cloudfunctions/core/roles/bootstrap'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { readWorkbook } from '../../cloudfunctions/core/setup/workbook'
import type { ActionInput } from '../../src/domain/contract'
import { HOUR_MS } from '../../src/domain/time'
import { clockApi, fileEnv } from '../support/env'

const env = fileEnv({ at: '2026-11-23T10:00:00+08:00' })

const ADMIN = 'demo-admin'
let t = Date.parse('2026-11-23T02:00:00Z')
const api = () => clockApi(env, () => new Date(t))
let seq = 0
const rid = () => `invite-test-${++seq}`

async function membershipsOf(openid: string) {
  return (await env.db.collection(COLLECTIONS.memberships).where({ openid }).get()).data as {
    _id: string
    role: string
    gridId?: string
  }[]
}

async function refused(who: string, action: Parameters<ReturnType<typeof api>['call']>[1], input: object) {
  const res = await api().call(who, action, input as never)
  if (res.ok) throw new Error(`${action} should have been refused`)
  return res.error
}

/** invite.create by `who`, with a fresh requestId; the answer must be ok. */
const invite = (
  who: string,
  input: Omit<Extract<ActionInput<'invite.create'>, { role: unknown }>, 'requestId'>,
) => api().ok(who, 'invite.create', { requestId: rid(), ...input })

describe('invitations', () => {
  test('an admin invites a grid member for an empty micro-grid; the new person accepts and works there', async () => {
    const inv = await invite(ADMIN, { role: 'gridMember', gridId: 'g-1-3-2', name: '黄晓燕' })
    expect(inv.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    expect(inv).toMatchObject({ roleLabel: '网格员', gridName: '第三网格 · 2号微网格', status: 'open' })
    expect(inv.url).toContain(`scene=iv.${inv.code}`)
    expect(inv.qr).toMatch(/^data:image\/png;base64,/)
    // The code is WeChat's mini-program code for 接受邀请 (answered locally with its H5 link).
    expect(env.localWx.codes.at(-1)).toMatchObject({
      scene: `iv.${inv.code}`,
      page: 'packages/resident/pages/invite/index',
    })
    expect(Date.parse(inv.expiresAt) - t).toBe(72 * HOUR_MS)

    // Lower case and spaces are forgiven when typed.
    const seen = await api().ok('h5-newcomer-1', 'invite.peek', {
      code: inv.code.toLowerCase().replace(/^(..)/, '$1 '),
    })
    expect(seen).toMatchObject({ name: '黄晓燕', communityName: '幸福里社区' })
    const taken = await api().ok('h5-newcomer-1', 'invite.accept', { code: inv.code })
    expect(taken.status).toBe('used')
    expect(await membershipsOf('h5-newcomer-1')).toEqual([
      expect.objectContaining({ role: 'gridMember', gridId: 'g-1-3-2' }),
    ])
    const me = await api().ok('h5-newcomer-1', 'me.get', {})
    expect(me).toMatchObject({ name: '黄晓燕', roles: ['gridMember'], isStaff: true })
    // A double tap is the same acceptance, not a second role.
    await api().ok('h5-newcomer-1', 'invite.accept', { code: inv.code })
    expect(await membershipsOf('h5-newcomer-1')).toHaveLength(1)

    const list = await api().ok(ADMIN, 'role.list', {})
    expect(list.holders).toContainEqual(expect.objectContaining({ name: '黄晓燕', roleLabel: '网格员' }))
    const log = list.events.map((e) => e.text).join('\n')
    expect(log).toContain('李秀兰 邀请 黄晓燕 担任网格员')
    expect(log).toContain('黄晓燕 接受邀请，成为网格员')
    const events = (await env.db.collection(COLLECTIONS.roleEvents).where({ invitationId: inv.code }).get())
      .data
    expect(events.map((e) => e.type).sort()).toEqual(['grant', 'invite'])
  })

  test('expired, reused and revoked invitations are refused and change nothing', async () => {
    const make = (name: string) =>
      api().ok(ADMIN, 'invite.create', { requestId: rid(), role: 'gridMember', gridId: 'g-1-3-1', name })
    const expiring = await make('过期')
    const used = await make('已用')
    const revoked = await make('撤销')
    await api().ok('h5-first-taker', 'invite.accept', { code: used.code })
    await api().ok(ADMIN, 'invite.revoke', { code: revoked.code })

    t += 72 * HOUR_MS + 1000
    expect(await refused('h5-late', 'invite.accept', { code: expiring.code })).toEqual({
      code: 'CONFLICT',
      message: '邀请码已过期（72小时内有效），请联系社区重新邀请',
    })
    expect(await refused('h5-second-taker', 'invite.accept', { code: used.code })).toMatchObject({
      code: 'CONFLICT',
      message: '这个邀请码已经被使用过了',
    })
    expect(await refused('h5-late', 'invite.accept', { code: revoked.code })).toMatchObject({
      code: 'CONFLICT',
      message: '这份邀请已被撤销，请联系社区重新邀请',
    })
    expect(await refused('h5-late', 'invite.accept', { code: 'ABCDEFGH' })).toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(await refused('h5-late', 'invite.accept', { code: 'ABC' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: '邀请码是8位字母和数字，请核对',
    })
    expect(await membershipsOf('h5-late')).toEqual([])
    expect(await membershipsOf('h5-second-taker')).toEqual([])
    expect((await env.db.collection(COLLECTIONS.users).doc('h5-late').get()).data).toEqual([])
  })

  test('nobody invites above their own reach', async () => {
    const before = await env.count(COLLECTIONS.invitations)
    type Invite = Omit<Extract<ActionInput<'invite.create'>, { role: unknown }>, 'requestId'>
    const beyond: [who: string, invite: Invite, refusal: { code: string; message?: string }][] = [
      [
        'demo-member-1-1',
        { role: 'communityAdmin', name: '越权' },
        { code: 'FORBIDDEN', message: '只有社区管理员和网格长可以邀请' },
      ],
      [
        'demo-leader-1',
        { role: 'communityAdmin', name: '越权' },
        { code: 'FORBIDDEN', message: '您不能邀请社区管理员' },
      ],
      [
        'demo-leader-1',
        { role: 'gridLeader', gridId: 'g-1-1', name: '越权' },
        { code: 'FORBIDDEN', message: '您不能邀请网格长' },
      ],
      // Another leader's micro-grid.
      [
        'demo-leader-1',
        { role: 'gridMember', gridId: 'g-1-2-1', name: '越权' },
        { code: 'FORBIDDEN', message: '您不能邀请网格员' },
      ],
      ['demo-resident-1', { role: 'gridMember', gridId: 'g-1-1-1', name: 'x' }, { code: 'FORBIDDEN' }],
      // A member for a level-2 grid is a wrong grid, not a new kind of role.
      [
        ADMIN,
        { role: 'gridMember', gridId: 'g-1-1', name: '错层' },
        { code: 'INVALID_INPUT', message: '网格员负责三级微网格，请选择本社区的微网格' },
      ],
    ]
    for (const [who, invite, refusal] of beyond)
      expect([
        who,
        invite.role,
        await refused(who, 'invite.create', { requestId: rid(), ...invite }),
      ]).toMatchObject([who, invite.role, refusal])
    expect(await env.count(COLLECTIONS.invitations)).toBe(before)
    // Within reach: a leader invites a member into their own micro-grid.
    const ok = await invite('demo-leader-1', { role: 'gridMember', gridId: 'g-1-1-2', name: '新网格员' })
    expect(ok.gridName).toBe('第一网格 · 2号微网格')
  })
})

test('guessing codes is capped: 20 tries an hour per person', async () => {
  for (let i = 0; i < 20; i++) {
    expect(
      await refused('h5-guesser', 'invite.peek', { code: 'ZZZZZZZ' + 'ABCDEFGHJKMNPQRSTUVW'[i] }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    })
  }
  const capped = await refused('h5-guesser', 'invite.accept', { code: 'ZZZZZZZZ' })
  expect(capped.code).toBe('NOT_FOUND')
  const peek = await refused('h5-guesser', 'invite.peek', { code: 'ZZZZZZZY' })
  expect(peek.code).toBe('RATE_LIMITED')
  expect(peek.message).toMatch(/^操作太频繁（每小时最多20次），请\d+分钟后再试$/)
})

describe('revoking roles', () => {
  test('a revoked member is refused on the next call', async () => {
    const inv = await invite(ADMIN, { role: 'gridMember', gridId: 'g-1-3-2', name: '临时' })
    await api().ok('h5-temp-member', 'invite.accept', { code: inv.code })
    await api().ok('h5-temp-member', 'request.inbox', { tab: 'assigned' })
    const [m] = await membershipsOf('h5-temp-member')
    // Only those above the role may take it away.
    expect(await refused('demo-member-1-1', 'role.revoke', { membershipId: m._id })).toMatchObject({
      code: 'FORBIDDEN',
    })
    t += 60_000
    await api().ok(ADMIN, 'role.revoke', { membershipId: m._id, reason: '调岗' })
    expect(await refused('h5-temp-member', 'request.inbox', { tab: 'assigned' })).toMatchObject({
      code: 'FORBIDDEN',
    })
    const list = await api().ok(ADMIN, 'role.list', {})
    expect(list.events[0].text).toMatch(/撤销了 临时 的网格员角色：调岗/)
  })

  test('the last admin cannot be removed; with a second admin one can step down', async () => {
    const [self] = (await membershipsOf(ADMIN)).filter((m) => m.role === 'communityAdmin')
    expect(await refused(ADMIN, 'role.revoke', { membershipId: self._id })).toEqual({
      code: 'CONFLICT',
      message: '不能移除最后一位社区管理员，请先邀请另一位管理员',
    })
    const inv = await invite(ADMIN, { role: 'communityAdmin', name: '何秀英' })
    await api().ok('h5-second-admin', 'invite.accept', { code: inv.code })
    const [second] = await membershipsOf('h5-second-admin')
    // Two admins removing each other at once: exactly one succeeds.
    const both = await Promise.all([
      api().call(ADMIN, 'role.revoke', { membershipId: second._id }),
      api().call('h5-second-admin', 'role.revoke', { membershipId: self._id }),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    const admins = await env.db.collection(COLLECTIONS.memberships).where({ role: 'communityAdmin' }).count()
    expect(admins.total).toBe(1)
    // Whichever won, the community goes on: if the demo admin was the one removed, the other
    // invites them back with a new code (their old one never grants again), as a community would.
    if (!(await membershipsOf(ADMIN)).some((m) => m.role === 'communityAdmin')) {
      const back = await invite('h5-second-admin', { role: 'communityAdmin', name: '李秀兰' })
      await api().ok(ADMIN, 'invite.accept', { code: back.code })
    }
    expect((await membershipsOf(ADMIN)).some((m) => m.role === 'communityAdmin')).toBe(true)
  })
})

describe('bootstrap', () => {
  test('a fresh community gets one admin invitation, and none once it has an admin', async () => {
    const deps = env.deps(() => new Date(t))
    const first = await bootstrapAdmin(deps, { communityId: 'c-new', name: '新风社区', street: '东湖街道' })
    const again = await bootstrapAdmin(deps, { communityId: 'c-new', name: '新风社区', street: '东湖街道' })
    // Running it again before anyone accepted replaces the code.
    expect(await refused('h5-founder', 'invite.accept', { code: first.code })).toMatchObject({
      code: 'CONFLICT',
    })
    const taken = await api().ok('h5-founder', 'invite.accept', { code: again.code })
    expect(taken).toMatchObject({ roleLabel: '社区管理员', communityName: '新风社区' })
    const tpl = await api().ok('h5-founder', 'setup.template', {})
    expect(tpl.fileName).toBe('新风社区-社区设置模板.xlsx')
    await expect(
      bootstrapAdmin(deps, { communityId: 'c-new', name: '新风社区', street: '东湖街道' }),
    ).rejects.toThrow('这个社区已经有管理员了')
  })

  test('the bootstrap command prints the code it stored', async () => {
    // Asynchronously: the local environment answering the script runs in this process.
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        'scripts/bootstrap.ts',
        '--community',
        '春晖社区',
        '--street',
        '东湖街道',
        '--id',
        'c-cli',
      ],
      { env: { ...process.env, LOCAL_TCB_URL: process.env.LOCAL_TCB_URL } },
    )
    const code = /首位管理员邀请码：\s+([A-Z0-9]{8})/.exec(out)?.[1]
    expect(code).toBeDefined()
    expect(out).toContain(`scene=iv.${code}`)
    const seen = await env.ok('h5-cli-founder', 'invite.peek', { code: code as string })
    expect(seen).toMatchObject({ roleLabel: '社区管理员', communityName: '春晖社区' })
  })
})

describe('review findings, pinned', () => {
  const admins = async (communityId: string) => {
    const c = (await env.db.collection(COLLECTIONS.communities).doc(communityId).get()).data[0] as {
      admins: number
    }
    const held = await env.db
      .collection(COLLECTIONS.memberships)
      .where({ communityId, role: 'communityAdmin' })
      .count()
    return { counter: c.admins, held: held.total }
  }

  test('codes made by someone who has since lost the role stop working', async () => {
    const inv = await invite(ADMIN, { role: 'communityAdmin', name: '周敏' })
    await api().ok('h5-zhoumin', 'invite.accept', { code: inv.code })
    // 周敏, while admin, makes a spare admin code for herself, then is removed.
    const spare = await invite('h5-zhoumin', { role: 'communityAdmin', name: '备用' })
    const later = await invite('h5-zhoumin', { role: 'gridMember', gridId: 'g-1-3-1', name: '某人' })
    const [m] = (await membershipsOf('h5-zhoumin')).filter((x) => x.role === 'communityAdmin')
    await api().ok(ADMIN, 'role.revoke', { membershipId: m._id, reason: '' })
    expect(await refused('h5-zhoumin', 'invite.accept', { code: spare.code })).toMatchObject({
      code: 'CONFLICT',
    })
    expect(await refused('h5-someone', 'invite.accept', { code: later.code })).toMatchObject({
      code: 'CONFLICT',
    })
    expect(await membershipsOf('h5-zhoumin')).toEqual([])
  })

  test('a double tap on an admin invitation counts one admin, a retried create makes one invitation', async () => {
    const requestId = rid()
    const [a, b] = await Promise.all([
      api().ok(ADMIN, 'invite.create', { requestId, role: 'communityAdmin', name: '钱伟' }),
      api().ok(ADMIN, 'invite.create', { requestId, role: 'communityAdmin', name: '钱伟' }),
    ])
    expect(a.code).toBe(b.code)
    await Promise.all([
      api().call('h5-qianwei', 'invite.accept', { code: a.code }),
      api().call('h5-qianwei', 'invite.accept', { code: a.code }),
    ])
    // Used, and a retry of the same create does not reopen it.
    await api().ok(ADMIN, 'invite.create', { requestId, role: 'communityAdmin', name: '钱伟' })
    expect(await refused('h5-other', 'invite.accept', { code: a.code })).toMatchObject({ code: 'CONFLICT' })
    const count = await admins('c-xingfuli')
    expect(count.counter).toBe(count.held)
  })

  test('one roster line seats one person', async () => {
    await env.ok(ADMIN, 'setup.savePerson', {
      name: '孔丽',
      phone: '13800006011',
      role: '网格员',
      gridCode: 'g-1-3-1',
      buildingCode: '',
    })
    const list = await api().ok(ADMIN, 'role.list', {})
    const line = list.roster.find((r) => r.name === '孔丽')
    if (!line) throw new Error('roster line missing')
    const one = await api().ok(ADMIN, 'invite.create', { requestId: rid(), staffId: line.staffId })
    const two = await api().ok(ADMIN, 'invite.create', { requestId: rid(), staffId: line.staffId })
    await api().ok('h5-kongli', 'invite.accept', { code: one.code })
    expect(await refused('h5-not-kongli', 'invite.accept', { code: two.code })).toMatchObject({
      code: 'CONFLICT',
      message: '名单中的这位已经加入，这份邀请不能再使用',
    })
    expect(await membershipsOf('h5-not-kongli')).toEqual([])
    expect(await refused(ADMIN, 'invite.create', { requestId: rid(), staffId: line.staffId })).toMatchObject({
      code: 'CONFLICT',
      message: '孔丽已经加入，无需再邀请',
    })
  })
})

test('a 楼栋长 moves with their building, and leaves no name behind when they delete their account', async () => {
  await env.ok(ADMIN, 'setup.saveGrid', { code: 'G8', name: '第八网格', level: 2, parent: 'g-1' })
  await env.ok(ADMIN, 'setup.saveGrid', { code: 'G8-1', name: '1号微网格', level: 3, parent: 'G8' })
  await env.ok(ADMIN, 'setup.saveGrid', { code: 'G8-2', name: '2号微网格', level: 3, parent: 'G8' })
  await env.ok(ADMIN, 'setup.saveBuilding', {
    code: 'B801',
    name: '八号院1号楼',
    address: '',
    gridCode: 'G8-1',
  })
  await env.ok(ADMIN, 'setup.savePerson', {
    name: '褚凤英',
    phone: '13800008101',
    role: '楼栋长',
    gridCode: '',
    buildingCode: 'B801',
  })
  const line = (await api().ok(ADMIN, 'role.list', {})).roster.find((r) => r.name === '褚凤英')
  if (!line) throw new Error('roster line missing')
  const inv = await api().ok(ADMIN, 'invite.create', { requestId: rid(), staffId: line.staffId })
  await api().ok('h5-chu', 'invite.accept', { code: inv.code })

  await env.ok(ADMIN, 'setup.saveBuilding', {
    code: 'B801',
    name: '八号院1号楼',
    address: '',
    gridCode: 'G8-2',
  })
  expect(await membershipsOf('h5-chu')).toEqual([
    expect.objectContaining({ role: 'buildingLeader', gridId: 'G8-2' }),
  ])
  const staff = (await env.db.collection(COLLECTIONS.staff).doc(line.staffId).get()).data[0]
  expect(staff).toMatchObject({ gridId: 'G8-2', openid: 'h5-chu' })

  // A 楼栋长 is a resident who helps: they may leave, and their name goes with them.
  await env.ok('h5-chu', 'me.delete', { confirm: '注销' })
  const list = JSON.stringify(await api().ok(ADMIN, 'role.list', {}))
  const exported = await env.ok(ADMIN, 'setup.export', {})
  const book = await readWorkbook(Buffer.from(await (await fetch(exported.url)).arrayBuffer()))
  for (const text of [list, JSON.stringify(book.rows)]) {
    expect(text).not.toContain('褚凤英')
    expect(text).not.toContain('13800008101')
  }
})
