/** Everything stored about one person, gathered once for the export and for erasure. */
import { allWhere, byId, type Database } from '../db'
import type {
  AccessLogDoc,
  CertificateDoc,
  ChildDoc,
  ConsentDoc,
  MembershipDoc,
  MessageDoc,
  PointsEntryDoc,
  RequestDoc,
  SignupDoc,
  SubscriptionDoc,
  UserDoc,
  VisitDoc,
  VolunteerDoc,
  WishDoc,
} from '../model'

export type Doc = { _id: string }

// ---- everything about one person ------------------------------------------------------------

export interface Footprint {
  user: UserDoc | null
  memberships: MembershipDoc[]
  consent: ConsentDoc | null
  requests: RequestDoc[]
  /** Requests they filed for someone else (an elder seen on a visit). */
  recorded: RequestDoc[]
  wishes: WishDoc[]
  claimed: WishDoc[]
  volunteer: VolunteerDoc | null
  points: PointsEntryDoc[]
  certificates: CertificateDoc[]
  signups: SignupDoc[]
  children: ChildDoc[]
  visits: VisitDoc[]
  messages: MessageDoc[]
  subscriptions: SubscriptionDoc[]
  accessLog: AccessLogDoc[]
}

export async function footprint(db: Database, openid: string): Promise<Footprint> {
  const [user, memberships, consent, requests, recorded, wishes, claimed, volunteer] = await Promise.all([
    byId(db, 'users', openid),
    allWhere(db, 'memberships', { openid }),
    byId(db, 'consents', openid),
    allWhere(db, 'requests', { residentOpenid: openid }),
    allWhere(db, 'requests', { 'recordedBy.openid': openid }),
    allWhere(db, 'wishes', { residentOpenid: openid }),
    allWhere(db, 'wishes', { 'claim.openid': openid }),
    byId(db, 'volunteers', openid),
  ])
  const [points, certificates, signups, children, visits, messages, subscriptions, accessLog] =
    await Promise.all([
      allWhere(db, 'points', { openid }),
      allWhere(db, 'certificates', { openid }),
      allWhere(db, 'signups', { openid }),
      allWhere(db, 'children', { guardianOpenids: openid }),
      allWhere(db, 'visits', { 'by.openid': openid }),
      allWhere(db, 'messages', { openid }),
      allWhere(db, 'subscriptions', { openid }),
      allWhere(db, 'accessLog', { subjectOpenid: openid }),
    ])
  return {
    user,
    memberships,
    consent,
    requests,
    recorded,
    wishes,
    claimed,
    volunteer,
    points,
    certificates,
    signups,
    children,
    visits,
    messages,
    subscriptions,
    accessLog,
  }
}

/** The person's own names and phones: what must not survive them. */
export function secretsOf(f: Footprint, openid: string): { names: string[]; phones: string[] } {
  const mine = f.children.flatMap((c) => c.collectors.filter((p) => p.openid === openid))
  const names = [
    f.user?.name,
    f.volunteer?.name,
    ...mine.map((p) => p.name),
    ...f.certificates.map((c) => c.name),
  ]
  const phones = [f.user?.phone, f.volunteer?.phone, ...mine.map((p) => p.phone)]
  const uniq = (xs: (string | undefined)[], min: number) => [
    ...new Set(xs.filter((x): x is string => !!x && Array.from(x).length >= min)),
  ]
  return { names: uniq(names, 2), phones: uniq(phones, 7) }
}
