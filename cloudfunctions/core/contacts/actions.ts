/**
 * 网格员公示 (issue 16, part 1): a resident's building, who serves it and how to reach them —
 * "有话跟谁说、有事找谁办". Only the number each worker chose to publish is shown, never the
 * private phone they signed up with; no photo.
 */
import type { z } from 'zod'
import type { myGridView } from '../../../src/domain/contract/contacts'
import { isWorker } from '../../../src/domain/access'
import { AppError } from '../../../src/domain/errors'
import { ROLES } from '../../../src/domain/roles'
import { boundResident, type ActionContext } from '../context'
import { getBuilding, gridPath } from '../community'
import { byIds, collection, type Database } from '../db'
import type { GridDoc, MembershipDoc } from '../model'

type MyGridView = z.output<typeof myGridView>
type Person = MyGridView['people'][number]

async function holders(db: Database, where: Partial<MembershipDoc>): Promise<MembershipDoc[]> {
  return (await collection(db, 'memberships').where(where).limit(100).get()).data
}

/** The nearest leaders on the way up from the micro-grid: its own, else its grid's, else none. */
async function leadersOf(
  db: Database,
  path: GridDoc[],
): Promise<{ grid: GridDoc; leaders: MembershipDoc[] } | null> {
  for (const grid of [...path].reverse()) {
    if (grid.level === 1) break
    const leaders = await holders(db, { gridId: grid._id, role: 'gridLeader' })
    if (leaders.length) return { grid, leaders }
  }
  return null
}

export async function myGrid(
  _input: Record<string, never>,
  { deps, caller }: ActionContext,
): Promise<MyGridView> {
  const { db } = deps
  const resident = boundResident(caller)
  const building = await getBuilding(db, resident.buildingCode)
  const path = await gridPath(db, building.gridId)
  const micro = path[path.length - 1]
  const [members, above, buildingLeaders] = await Promise.all([
    holders(db, { gridId: building.gridId, role: 'gridMember' }),
    leadersOf(db, path),
    holders(db, { communityId: building.communityId, buildingCode: building._id, role: 'buildingLeader' }),
  ])
  const rows: { m: MembershipDoc; serves: string }[] = [
    ...members.map((m) => ({ m, serves: micro?.name ?? '' })),
    ...(above?.leaders ?? []).map((m) => ({ m, serves: above?.grid.name ?? '' })),
    ...buildingLeaders.map((m) => ({ m, serves: building.name })),
  ]
  const users = new Map(
    (
      await byIds(
        db,
        'users',
        rows.map((r) => r.m.openid),
      )
    ).map((u) => [u._id, u]),
  )
  const seen = new Set<string>()
  const people: Person[] = []
  for (const { m, serves } of rows) {
    const key = `${m.role}/${m.openid}`
    if (seen.has(key)) continue
    seen.add(key)
    const user = users.get(m.openid)
    people.push({
      role: m.role as Person['role'],
      roleName: ROLES[m.role],
      name: user?.name ?? ROLES[m.role],
      workPhone: user?.workPhone ?? null,
      serves,
    })
  }
  return {
    buildingName: building.name,
    gridName: path
      .filter((g) => g.level > 1)
      .map((g) => g.name)
      .join(' · '),
    people,
  }
}

/** A worker publishes (or takes off) the number residents see on the 公示 card. */
export async function setWorkPhone(input: { workPhone: string | null }, { deps, caller }: ActionContext) {
  if (!isWorker(caller.memberships))
    throw new AppError('FORBIDDEN', '只有网格员、网格长、社区管理员或楼栋长可以公示电话')
  const workPhone = input.workPhone || null
  const _ = deps.db.command
  const res = await collection(deps.db, 'users')
    .doc(caller.openid)
    .update({ workPhone: workPhone ?? _.remove(), updatedAt: deps.now() })
  if (!res.updated && !caller.user) throw new AppError('NOT_FOUND', '请先完善个人信息')
  return { workPhone }
}
