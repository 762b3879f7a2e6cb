/**
 * 活动's documents: activities, their sessions, the places people hold in them (sign-ups), the
 * children guardians registered, and for 暖心助老 the elders and their visits.
 */
import { SIGNUP_TRANSITIONS, type SignupAction } from '../../../src/domain/signup'
import { statusMove } from '../lifecycle'
import { AppError } from '../../../src/domain/errors'
import { type Database, collection } from '../db'
import { derivedId } from '../ids'
import type { ActivityDoc, ChildDoc, SessionDoc, SignupDoc } from '../model'

export const activities = (db: Database) => collection(db, 'activities')
export const sessions = (db: Database) => collection(db, 'sessions')
export const signups = (db: Database) => collection(db, 'signups')
export const children = (db: Database) => collection(db, 'children')
export const elders = (db: Database) => collection(db, 'elders')
export const visits = (db: Database) => collection(db, 'visits')

/** One place per person (or child) per session: its id says whose it is. */
export function signupId(sessionId: string, p: { openid: string; childId: string | null }): string {
  return p.childId ? derivedId(sessionId, 'child', p.childId) : derivedId(sessionId, p.openid)
}

/** The places someone may hold in a session: their own, then one per child of theirs. */
export function placeIds(sessionId: string, openid: string, kids: ChildDoc[]): string[] {
  return [
    signupId(sessionId, { openid, childId: null }),
    ...kids.map((c) => signupId(sessionId, { openid, childId: c._id })),
  ]
}

/** The children a guardian registered (or may collect). */
export async function childrenOf(db: Database, openid: string): Promise<ChildDoc[]> {
  const res = await children(db).where({ guardianOpenids: openid }).limit(20).get()
  return res.data
}

export async function loadActivity(db: Database, id: string): Promise<ActivityDoc> {
  const res = await activities(db).doc(id).get()
  const a = res.data?.[0]
  if (!a) throw new AppError('NOT_FOUND', '没有找到这个活动')
  return a
}

export async function loadSession(db: Database, id: string): Promise<SessionDoc> {
  const res = await sessions(db).doc(id).get()
  const s = res.data?.[0]
  if (!s) throw new AppError('NOT_FOUND', '没有找到这场活动')
  return s
}

export async function findSignup(db: Database, id: string): Promise<SignupDoc | null> {
  const res = await signups(db).doc(id).get()
  return res.data?.[0] ?? null
}

/** A sign-up's move as its table allows it (src/domain/signup.ts): the condition and the status. */
export function signupMove(db: Database, action: SignupAction) {
  return statusMove(db, SIGNUP_TRANSITIONS, action)
}
