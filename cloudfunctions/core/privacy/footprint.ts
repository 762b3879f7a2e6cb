/** Everything stored about one person, gathered once for the export and for erasure. */
import { allWhere, byId, COLLECTIONS, type Database } from '../db'
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
  const C = COLLECTIONS
  const [user, memberships, consent, requests, recorded, wishes, claimed, volunteer] = await Promise.all([
    byId<UserDoc>(db, C.users, openid),
    allWhere<MembershipDoc>(db, C.memberships, { openid }),
    byId<ConsentDoc>(db, C.consents, openid),
    allWhere<RequestDoc>(db, C.requests, { residentOpenid: openid }),
    allWhere<RequestDoc>(db, C.requests, { 'recordedBy.openid': openid }),
    allWhere<WishDoc>(db, C.wishes, { residentOpenid: openid }),
    allWhere<WishDoc>(db, C.wishes, { 'claim.openid': openid }),
    byId<VolunteerDoc>(db, C.volunteers, openid),
  ])
  const [points, certificates, signups, children, visits, messages, subscriptions, accessLog] =
    await Promise.all([
      allWhere<PointsEntryDoc>(db, C.points, { openid }),
      allWhere<CertificateDoc>(db, C.certificates, { openid }),
      allWhere<SignupDoc>(db, C.signups, { openid }),
      allWhere<ChildDoc>(db, C.children, { guardianOpenids: openid }),
      allWhere<VisitDoc>(db, C.visits, { 'by.openid': openid }),
      allWhere<MessageDoc>(db, C.messages, { openid }),
      allWhere<SubscriptionDoc>(db, C.subscriptions, { openid }),
      allWhere<AccessLogDoc>(db, C.accessLog, { subjectOpenid: openid }),
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
