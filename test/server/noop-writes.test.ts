/**
 * Writes that change nothing. CloudBase documents update()'s `updated` only as 成功更新的记录数量
 * and never says what an update to the values already there reports (local/tcb/README.md), so
 * code that reads `updated` must be right under both answers: every test here runs with such an
 * update counted 0 (MongoDB's nModified, the local default) and counted 1 (countUnchanged).
 */
import type { Caller } from '../../cloudfunctions/core/context'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { bindBuilding } from '../../cloudfunctions/core/me/actions'
import type { InvitationDoc, StaffDoc } from '../../cloudfunctions/core/model'
import { grant } from '../../cloudfunctions/core/roles/invitations'
import { membershipIdFor } from '../../cloudfunctions/core/roles/store'
import { COMMUNITY } from '../../local/demo'
import { startTestEnv, type TestEnv } from '../support/env'

/** One clock reading for every step: two requests at the same instant write the same values. */
const AT = new Date('2026-11-25T10:30:00+08:00')

describe.each([false, true])('an update that changes nothing counts as updated: %s', (countUnchanged) => {
  let env: TestEnv
  beforeAll(async () => {
    env = await startTestEnv({ at: '2026-11-25T10:00:00+08:00', countUnchanged })
  })
  afterAll(() => env?.close())

  const stale = (openid: string): Caller => ({
    openid,
    user: null,
    memberships: [],
    communityId: null,
    allMemberships: [],
  })
  const userOf = async (openid: string) =>
    (await env.db.collection(COLLECTIONS.users).doc(openid).get()).data[0]

  test('a bind that lost the race to create the user binds on top of it, even when that changes nothing', async () => {
    const who = `t-noop-bind-${countUnchanged}`
    // Both binds were routed before either created the user, so each sees no user yet; the
    // second one's add fails and its update writes exactly what the first one stored.
    const ctx = { deps: env.deps(() => AT), caller: stale(who) }
    const first = await bindBuilding({ buildingCode: 'B01', room: '1单元101' }, ctx)
    const second = await bindBuilding({ buildingCode: 'B01', room: '1单元101' }, ctx)
    expect(second).toEqual(first)
    expect(second).toMatchObject({ building: { code: 'B01' }, room: '1单元101', roles: ['resident'] })
    expect(await userOf(who)).toMatchObject({ buildingCode: 'B01', room: '1单元101', updatedAt: AT })
  })

  test('a bind that lost the race to another building moves the user there', async () => {
    const who = `t-noop-move-${countUnchanged}`
    const ctx = { deps: env.deps(() => AT), caller: stale(who) }
    await bindBuilding({ buildingCode: 'B01' }, ctx)
    const moved = await bindBuilding({ buildingCode: 'B02', room: '3单元502' }, ctx)
    expect(moved).toMatchObject({ building: { code: 'B02' }, room: '3单元502' })
    expect(await userOf(who)).toMatchObject({ buildingCode: 'B02', room: '3单元502' })
  })

  test('a roster line already naming this person (same instant) is not "someone else has joined"', async () => {
    const openid = `t-noop-staff-${countUnchanged}`
    const staff: StaffDoc = {
      _id: `staff-noop-${countUnchanged}`,
      communityId: COMMUNITY._id,
      name: '孔丽',
      phone: '13800006099',
      role: 'gridMember',
      gridId: 'g-1-3-1',
      buildingCode: null,
      // The link of a first tap landed; its membership did not yet.
      openid,
      source: 'import',
      createdAt: AT,
      updatedAt: AT,
    }
    await env.db.collection(COLLECTIONS.staff).add(staff)
    const inv: InvitationDoc = {
      _id: `NOOP${countUnchanged ? 1 : 0}`,
      requestId: `noop-${countUnchanged}`,
      communityId: COMMUNITY._id,
      role: 'gridMember',
      gridId: 'g-1-3-1',
      buildingCode: null,
      name: '孔丽',
      staffId: staff._id,
      createdBy: { openid: 'demo-admin', name: '管理员' },
      createdAt: AT,
      expiresAt: new Date(AT.getTime() + 72 * 3600_000),
      status: 'used',
      usedBy: openid,
      usedAt: AT,
      revokedAt: null,
    }
    await grant(
      env.deps(() => AT),
      inv,
      openid,
      AT,
    )
    const id = membershipIdFor(openid, inv)
    expect((await env.db.collection(COLLECTIONS.memberships).doc(id).get()).data[0]).toMatchObject({
      openid,
      role: 'gridMember',
      staffId: staff._id,
    })
    // Someone else still cannot take the line.
    await expect(
      grant(
        env.deps(() => AT),
        inv,
        `${openid}-other`,
        AT,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    })
  })
})
