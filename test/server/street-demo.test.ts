/**
 * The demo's street (what `npm start` seeds, local/seed.ts): 暖阳街道 above 幸福里社区 and 春风社区,
 * its admin 马晓燕, 春风's admin and the 3号楼 complaint that went all the way up — seeded through
 * the real actions, so the street's queue, its board and the switcher have something true to show.
 */
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import type { RequestDoc } from '../../cloudfunctions/core/model'
import { clockApi, fileEnv } from '../support/env'
import { bj } from '../support/time'

const env = fileEnv({ at: '2026-12-03T09:00:00+08:00', seed: { units: true, street: true } })
const api = () => clockApi(env, () => bj('2026-12-03T09:30:00'))

test('the rubble complaint waits at 暖阳街道 for 马晓燕, not for 幸福里’s admin', async () => {
  const held = (
    await env.db.collection(COLLECTIONS.requests).where({ streetId: 's-nuanyang' }).limit(10).get()
  ).data as RequestDoc[]
  expect(held).toHaveLength(1)
  expect(held[0]).toMatchObject({
    level: 0,
    status: 'assigned',
    gridName: '暖阳街道（兜底）',
    buildingCode: 'B03',
  })
  expect(held[0].events.map((e) => e.type)).toEqual(['create', 'escalate', 'escalate', 'escalate'])
  const queue = await api().ok('demo-street', 'request.inbox', { tab: 'assigned' })
  expect(queue.items.map((i) => i.id)).toEqual([held[0]._id])
  const admin = await api().ok('demo-admin', 'request.inbox', { tab: 'assigned' })
  expect(admin.items.map((i) => i.id)).not.toContain(held[0]._id)
  // The street's 挂钩部门 is offered first for it.
  const targets = await api().ok('demo-street', 'request.whistleTargets', { id: held[0]._id })
  expect(targets.units[0]).toMatchObject({ name: '暖阳街道城管执法中队', covers: true })
})

test('the street’s board shows both communities; each admin works in their own', async () => {
  const board = await api().ok('demo-street', 'street.board', { month: '2026-12' })
  expect(board.communities.map((c) => c.name)).toEqual(['春风社区', '幸福里社区'])
  expect(board.communities.find((c) => c.name === '幸福里社区')).toMatchObject({ toStreet: 1, streetOpen: 1 })
  expect(board.communities.find((c) => c.name === '春风社区')).toMatchObject({ received: 0, toStreet: 0 })
  const chen = await api().ok('demo-admin-2', 'me.get', {})
  expect(chen).toMatchObject({ communityId: 'c-chunfeng', communities: [{ name: '春风社区' }] })
  const ma = await api().ok('demo-street', 'me.get', {})
  expect(ma).toMatchObject({ communityId: 's-nuanyang', roles: ['streetAdmin'], isStaff: true })
})
