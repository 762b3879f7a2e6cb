/** Who may do what (src/domain/access.ts), as a table: each row a person, each column a question. */
import {
  canHandle,
  canSupervise,
  isAdminOf,
  isStaffOf,
  isVolunteerOf,
  leadership,
  mayOrganise,
  mayRunOnTheDay,
  reachOf,
} from '../../src/domain/access'
import type { Membership } from '../../src/domain/roles'

const C = 'c-1'
/** A request in micro-grid g-1-1-1 (under g-1-1, under the community g-1). */
const request = { communityId: C, gridId: 'g-1-1-1', gridPath: ['g-1', 'g-1-1', 'g-1-1-1'] }
const session = { communityId: C, createdBy: 'leader' }

const people: Record<string, Membership[]> = {
  member: [{ role: 'gridMember', communityId: C, gridId: 'g-1-1-1' }],
  otherMember: [{ role: 'gridMember', communityId: C, gridId: 'g-1-2-1' }],
  leader: [{ role: 'gridLeader', communityId: C, gridId: 'g-1-1' }],
  otherLeader: [{ role: 'gridLeader', communityId: C, gridId: 'g-1-2' }],
  admin: [{ role: 'communityAdmin', communityId: C }],
  foreignAdmin: [{ role: 'communityAdmin', communityId: 'c-2' }],
  volunteer: [{ role: 'volunteer', communityId: C }],
  partyMember: [{ role: 'partyMember', communityId: C }],
  buildingLeader: [{ role: 'buildingLeader', communityId: C, gridId: 'g-1-1-1' }],
  resident: [],
}

test.each([
  // who,            handle, supervise, admin, staff, volunteer, leads, organise (as 'leader')
  ['member', true, false, false, true, false, false, false],
  ['otherMember', false, false, false, true, false, false, false],
  ['leader', true, true, false, true, false, true, true],
  ['otherLeader', false, false, false, true, false, true, false],
  ['admin', true, true, true, true, false, true, true],
  ['foreignAdmin', false, false, false, false, false, true, false],
  ['volunteer', false, false, false, false, true, false, false],
  ['partyMember', false, false, false, false, true, false, false],
  ['buildingLeader', false, false, false, false, false, false, false],
  ['resident', false, false, false, false, false, false, false],
] as const)('%s', (who, handle, supervise, admin, staff, volunteer, leads, organise) => {
  const ms = people[who]
  const openid = who
  expect({
    handle: canHandle(ms, request),
    supervise: canSupervise(ms, request),
    admin: isAdminOf(ms, C),
    staff: isStaffOf(ms, C),
    volunteer: isVolunteerOf(ms, C),
    leads: leadership(ms).length > 0,
    organise: mayOrganise(ms, openid, session),
  }).toEqual({ handle, supervise, admin, staff, volunteer, leads, organise })
})

test('a co-organiser runs the day while they hold a volunteer or staff role there; organising stays the organisers’', () => {
  const helped = { ...session, coOrganisers: ['volunteer', 'member', 'resident', 'foreignAdmin'] }
  const runs = Object.fromEntries(
    Object.entries(people).map(([who, ms]) => [who, mayRunOnTheDay(ms, who, helped)]),
  )
  expect(runs).toEqual({
    member: true,
    otherMember: false,
    leader: true,
    otherLeader: false,
    admin: true,
    // Listed, but an admin elsewhere holds no role in this community.
    foreignAdmin: false,
    volunteer: true,
    partyMember: false,
    buildingLeader: false,
    // Listed once, holding no role any more (revoked, or never had one): nothing.
    resident: false,
  })
  expect(mayOrganise(people.volunteer, 'volunteer', helped)).toBe(false)
  expect(mayRunOnTheDay(people.volunteer, 'volunteer', session)).toBe(false)
})

test('a revoked leader organises nothing they published; reaches are data', () => {
  expect(mayOrganise([], 'leader', session)).toBe(false)
  expect(people.leader.map(reachOf)).toEqual([{ kind: 'below', communityId: C, gridId: 'g-1-1' }])
  expect(people.member.map(reachOf)).toEqual([{ kind: 'grid', communityId: C, gridId: 'g-1-1-1' }])
  expect(people.admin.map(reachOf)).toEqual([{ kind: 'community', communityId: C }])
  expect(people.volunteer.map(reachOf)).toEqual([null])
})

test('a sensitive request (治安线索) is the community level’s: the admin and the first-level grid’s staff', () => {
  const atCommunity = { communityId: C, gridId: 'g-1', gridPath: ['g-1'], sensitive: true }
  // Never placed below the community (requests/rules.ts refuses 转派), but were it, still theirs alone.
  const below = { ...request, sensitive: true }
  const communityStaff: Record<string, Membership[]> = {
    firstLevelMember: [{ role: 'gridMember', communityId: C, gridId: 'g-1' }],
    firstLevelLeader: [{ role: 'gridLeader', communityId: C, gridId: 'g-1' }],
  }
  const may = (ms: Membership[]) =>
    [atCommunity, below].map((scope) => [canHandle(ms, scope), canSupervise(ms, scope)])
  expect(may(people.admin)).toEqual([
    [true, true],
    [true, true],
  ])
  expect(may(communityStaff.firstLevelLeader)).toEqual([
    [true, true],
    [true, true],
  ])
  expect(may(communityStaff.firstLevelMember)).toEqual([
    [true, false],
    [false, false],
  ])
  for (const who of ['member', 'leader', 'otherLeader', 'foreignAdmin', 'buildingLeader'])
    expect([who, may(people[who])]).toEqual([
      who,
      [
        [false, false],
        [false, false],
      ],
    ])
  // The same request, not sensitive: its building's member and leader handle it.
  expect(canHandle(people.member, request) && canSupervise(people.leader, request)).toBe(true)
})
