/**
 * "The floor": the database calls an action makes, issued straight through the SDK with nothing
 * around them — no HTTP host, no router, no validation, no response shaping. Host time over
 * floor time is what everything else costs.
 *
 * These mirror cloudfunctions/core (router.loadCaller, requests.createRequest, requests.inbox)
 * call for call, including which calls run concurrently; when those change, change these.
 */
import { claimOpenSlot, requestDocId } from '../cloudfunctions/core/requests/store'
import { inboxQueries } from '../cloudfunctions/core/requests/inbox'
import { newRequestDoc, routeForBuilding } from '../cloudfunctions/core/requests/create'
import { getBuilding } from '../cloudfunctions/core/community'
import { type Database, collection } from '../cloudfunctions/core/db'
import type { MembershipDoc, UserDoc } from '../cloudfunctions/core/model'
import type { CategoryCode } from '../src/domain/categories'
import type { InboxTab } from '../src/domain/contract'
import { benchClock } from './clock'
import { BUILT_IN_CALENDAR } from '../src/domain/calendar'

/** router.loadCaller: who is calling, before any action runs. */
export async function callerLookup(db: Database, openid: string): Promise<MembershipDoc[]> {
  const [, memberships] = await Promise.all([
    collection(db, 'users').doc(openid).get(),
    collection(db, 'memberships').where({ openid }).limit(100).get(),
  ])
  return memberships.data as MembershipDoc[]
}

export interface CreateInput {
  resident: UserDoc
  requestId: string
  category: CategoryCode
  description: string
}

/**
 * createRequest's database work without HTTP, router or validation: the idempotency read,
 * building, grid path and staffing reads, the insert, the open-slot claim and the outbox mark —
 * through the app's own data-access functions.
 */
export async function createFloor(db: Database, input: CreateInput): Promise<void> {
  const requests = collection(db, 'requests')
  const id = requestDocId(input.resident._id, input.requestId)
  const existing = await requests.doc(id).get()
  if (existing.data?.length) throw new Error(`floor create: ${id} exists already`)
  const building = await getBuilding(db, input.resident.buildingCode as string)
  const doc = newRequestDoc({
    calendar: BUILT_IN_CALENDAR,
    id,
    requestId: input.requestId,
    resident: { openid: input.resident._id, name: input.resident.name },
    building,
    grid: await routeForBuilding(db, building),
    category: input.category,
    description: input.description,
    at: benchClock(),
  })
  await requests.add({ ...doc, outboxPending: false })
  await claimOpenSlot(db, input.resident._id)
  await requests.doc(id).update({ outboxPending: true })
}

/** inbox: the page of the tab and the two tab counts, the app's own queries, all at once. */
export async function inboxFloor(db: Database, memberships: MembershipDoc[], tab: InboxTab): Promise<void> {
  const q = inboxQueries(db, memberships, tab)
  await Promise.all([q.page.get(), q.assigned.count(), q.accepted.count()])
}
