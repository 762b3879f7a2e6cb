/**
 * Several communities per person (issue 17, part 4): the one community a caller works in.
 *
 * Someone may hold roles in more than one community — admin of 幸福里社区 and 网格长 in another.
 * Every action sees them in one of those at a time: the router narrows `caller.memberships` to
 * the working community, so each use case that asks "the caller's community" (the board, 社区设置,
 * 人员与角色, the inbox, 责任单位 …) gets the chosen one and nothing of the other. The choice is
 * the person's own, stored on their user record by `me.chooseCommunity` (我的 → 切换社区), and read
 * here on every call — honoured only while they still hold a role there, so a payload never names
 * the community and a role taken away ends the choice with it.
 */
import type { Role } from '../../src/domain/roles'
import type { MembershipDoc, UserDoc } from './model'

/** When nothing (still valid) is chosen: the community of the caller's highest role. */
const RANK: readonly Role[] = [
  'streetAdmin',
  'communityAdmin',
  'gridLeader',
  'gridMember',
  'unitStaff',
  'buildingLeader',
  'partyMember',
  'volunteer',
  'resident',
]

/** The communities `memberships` hold roles in, highest role first (ties by id): stable for the switcher. */
export function communitiesOf(memberships: readonly MembershipDoc[]): string[] {
  const best = new Map<string, number>()
  for (const m of memberships) {
    const rank = RANK.indexOf(m.role)
    const was = best.get(m.communityId)
    if (was === undefined || rank < was) best.set(m.communityId, rank)
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id]) => id)
}

/** The community the caller works in: their choice while they hold a role there, else the first; null with no role. */
export function workingCommunity(
  user: Pick<UserDoc, 'communityId'> | null,
  memberships: readonly MembershipDoc[],
): string | null {
  const held = communitiesOf(memberships)
  const chosen = user?.communityId
  if (chosen && held.includes(chosen)) return chosen
  return held[0] ?? null
}

/** The caller as the use cases see them: only the memberships of the working community. */
export function narrowed(user: UserDoc | null, all: MembershipDoc[]) {
  const communityId = workingCommunity(user, all)
  return {
    communityId,
    allMemberships: all,
    memberships: all.filter((m) => m.communityId === communityId),
  }
}
